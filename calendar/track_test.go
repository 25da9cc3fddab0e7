package calendar

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestTrackPauseSpanningHoliday(t *testing.T) {
	c := Default()
	k := Clock{Start: at(t, "2026-09-21 10:00"), Limit: Limit{Workdays, 10}}
	// Without pauses: 9-22..24, 9-28..30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
	p, err := c.Track(k, at(t, "2026-09-22 10:00"))
	if err != nil || !p.Due.At.Equal(at(t, "2026-10-12 17:30")) {
		t.Fatalf("unpaused due = %v, %v", p.Due.At, err)
	}
	// 补正 from 9-29 to 10-09 stops 9-30, 10-08 and 10-09: three working days, the holiday costs nothing.
	k.Pauses = []Pause{{Reason: PauseCorrection, From: at(t, "2026-09-29 10:00"), To: at(t, "2026-10-09 15:00")}}
	p, err = c.Track(k, at(t, "2026-10-12 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Due.At.Equal(at(t, "2026-10-15 17:30")) || p.Status != OnTime || p.Paused {
		t.Errorf("paused due = %v status %v paused %v", p.Due.At, p.Status, p.Paused)
	}
	if want := 6*time.Hour + 7*time.Hour + 7*time.Hour + 4*time.Hour + 30*time.Minute; p.PausedFor != want {
		t.Errorf("PausedFor = %v, want %v", p.PausedFor, want)
	}
}

func TestTrackOpenPause(t *testing.T) {
	c := Default()
	k := Clock{Start: at(t, "2026-03-02 10:00"), Limit: Limit{Workdays, 3},
		Pauses: []Pause{{Reason: PauseAppraisal, From: at(t, "2026-03-03 10:00")}}}
	p, err := c.Track(k, at(t, "2026-03-10 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	// Paused 3-04 .. 3-10: five working days added to 3-05.
	if !p.Paused || !p.Due.At.Equal(at(t, "2026-03-12 17:30")) || p.Status == Overdue {
		t.Errorf("open pause: %+v", p)
	}
}

func TestTrackStatus(t *testing.T) {
	c := Default()
	k := Clock{Start: at(t, "2026-03-02 10:00"), Limit: Limit{Workdays, 5}} // due 2026-03-09 17:30
	tests := []struct {
		now    string
		soon   SoonRule
		status Status
		late   Lateness
	}{
		{"2026-03-03 10:00", SoonRule{}, OnTime, Lateness{}},
		{"2026-03-06 17:00", SoonRule{}, OnTime, Lateness{}},
		{"2026-03-06 17:30", SoonRule{}, DueSoon, Lateness{}},
		{"2026-03-09 17:30", SoonRule{}, DueSoon, Lateness{}},
		{"2026-03-05 10:00", SoonRule{Share: 0.2}, OnTime, Lateness{}},
		{"2026-03-09 09:00", SoonRule{Share: 0.2}, DueSoon, Lateness{}},
		{"2026-03-09 18:00", SoonRule{}, Overdue, Lateness{0, 0, 30 * time.Minute, at(t, "2026-03-09 17:30")}},
		{"2026-03-11 10:00", SoonRule{}, Overdue, Lateness{2, 8 * time.Hour, 40*time.Hour + 30*time.Minute, at(t, "2026-03-09 17:30")}},
	}
	for _, tt := range tests {
		k.Soon = tt.soon
		p, err := c.Track(k, at(t, tt.now))
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != tt.status || p.Late.Workdays != tt.late.Workdays || p.Late.WorkTime != tt.late.WorkTime ||
			p.Late.Elapsed != tt.late.Elapsed || !p.Late.Due.Equal(tt.late.Due) {
			t.Errorf("at %s (%+v): %v %+v, want %v %+v", tt.now, tt.soon, p.Status, p.Late, tt.status, tt.late)
		}
		if tt.status != Overdue && p.Remaining != c.WorkingTime(at(t, tt.now), p.Due.At) {
			t.Errorf("at %s: Remaining = %v", tt.now, p.Remaining)
		}
	}
}

func TestTrackPauseUnits(t *testing.T) {
	c := Default()
	pause := []Pause{{Reason: PauseExperts, From: at(t, "2026-03-03 10:00"), To: at(t, "2026-03-03 15:00")}}
	tests := []struct {
		limit, start, want string
	}{
		{"3个工作日", "2026-03-02 10:00", "2026-03-05 17:30"},  // a pause within one day costs no working day
		{"4个工作小时", "2026-03-03 09:00", "2026-03-04 09:30"}, // 1h before, 3.5h paused, 2.5h, then 0.5h
		{"1个自然日", "2026-03-02 10:00", "2026-03-03 17:30"},
		{"30小时", "2026-03-02 10:00", "2026-03-04 12:00"}, // 5 clock hours later: 21:00, after the close
		{"即办", "2026-03-03 09:30", "2026-03-03 17:00"},   // 12:00 plus the 3.5 office hours paused
	}
	for _, tt := range tests {
		p, err := c.Track(Clock{Start: at(t, tt.start), Limit: limit(t, tt.limit), Pauses: pause}, at(t, "2026-03-03 16:00"))
		if err != nil {
			t.Fatal(err)
		}
		if !p.Due.At.Equal(at(t, tt.want)) {
			t.Errorf("%s from %s paused 10:00–15:00: due %v, want %s", tt.limit, tt.start, p.Due.At, tt.want)
		}
	}
}

func TestTrackPauseAfterDueChangesNothing(t *testing.T) {
	c := Default()
	k := Clock{Start: at(t, "2026-03-02 10:00"), Limit: Limit{Workdays, 1},
		Pauses: []Pause{{Reason: PauseHearing, From: at(t, "2026-03-04 10:00"), To: at(t, "2026-03-06 10:00")}}}
	p, err := c.Track(k, at(t, "2026-03-09 10:00"))
	if err != nil || p.Status != Overdue || !p.Due.At.Equal(at(t, "2026-03-03 17:30")) {
		t.Errorf("pause after due: %+v %v", p, err)
	}
	if s := p.Late.String(); !strings.HasPrefix(s, "超期4个工作日") {
		t.Errorf("Late.String() = %q", s)
	}
}

func TestTrackRefusesBadPauses(t *testing.T) {
	c := Default()
	start, now := at(t, "2026-03-02 10:00"), at(t, "2026-03-10 10:00")
	tests := []struct {
		pauses []Pause
		want   string
	}{
		{[]Pause{{From: at(t, "2026-03-03 10:00"), To: at(t, "2026-03-04 10:00")}}, "原因"},
		{[]Pause{{Reason: "补正", From: at(t, "2026-03-01 10:00"), To: at(t, "2026-03-04 10:00")}}, "早于计时起点"},
		{[]Pause{{Reason: "补正", From: at(t, "2026-03-04 10:00"), To: at(t, "2026-03-03 10:00")}}, "结束时间早于"},
		{[]Pause{{Reason: "补正", From: at(t, "2026-03-11 10:00")}}, "晚于当前"},
		{[]Pause{{Reason: "补正", From: at(t, "2026-03-04 10:00"), To: at(t, "2026-03-11 10:00")}}, "晚于当前"},
		{[]Pause{{Reason: "补正", From: at(t, "2026-03-03 10:00")}, {Reason: "鉴定", From: at(t, "2026-03-05 10:00"), To: at(t, "2026-03-06 10:00")}}, "尚未结束"},
		{[]Pause{{Reason: "补正", From: at(t, "2026-03-03 10:00"), To: at(t, "2026-03-05 10:00")}, {Reason: "鉴定", From: at(t, "2026-03-04 10:00"), To: at(t, "2026-03-06 10:00")}}, "重叠"},
	}
	for _, tt := range tests {
		_, err := c.Track(Clock{Start: start, Limit: Limit{Workdays, 3}, Pauses: tt.pauses}, now)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("pauses %+v: error %v, want one containing %q", tt.pauses, err, tt.want)
		}
	}
	if _, err := c.Track(Clock{Start: start}, now); err == nil {
		t.Error("a clock without a limit should be refused")
	}
}

func TestStatusString(t *testing.T) {
	if OnTime.String() != "正常" || DueSoon.String() != "临期" || Overdue.String() != "超期" {
		t.Error("Status.String")
	}
	if s := (Lateness{WorkTime: 90 * time.Minute, Elapsed: 26 * time.Hour}).String(); s != "超期1小时30分钟（工作时间）（已过截止时间1天2小时）" {
		t.Errorf("Lateness.String() = %q", s)
	}
}

// TestTrackPauseOutsideOfficeHours: a pause extends a limit only by the office time it covers.
func TestTrackPauseOutsideOfficeHours(t *testing.T) {
	c := Default()
	tests := []struct {
		name, limit, start, from, to, want string
		paused                             time.Duration
	}{
		{"补正 over a weekend, evening to morning", "3个工作日", "2026-03-04 10:00", "2026-03-06 18:00", "2026-03-09 08:00", "2026-03-09 17:30", 0},
		{"over 国庆, evening to morning", "3个工作日", "2026-09-29 10:00", "2026-09-30 18:00", "2026-10-08 08:00", "2026-10-09 17:30", 0},
		{"over a weekend and all of Monday", "3个工作日", "2026-03-04 10:00", "2026-03-06 18:00", "2026-03-10 08:00", "2026-03-10 17:30", 7 * time.Hour},
		{"into Monday morning: Monday is lost", "3个工作日", "2026-03-04 10:00", "2026-03-06 18:00", "2026-03-09 10:00", "2026-03-10 17:30", time.Hour},
		{"before opening to mid-morning", "3个工作日", "2026-03-04 10:00", "2026-03-05 08:00", "2026-03-05 10:00", "2026-03-10 17:30", time.Hour},
		{"within one morning", "3个工作日", "2026-03-04 10:00", "2026-03-05 10:00", "2026-03-05 11:00", "2026-03-09 17:30", time.Hour},
		{"次日 over a weekend", "次日", "2026-03-06 10:00", "2026-03-06 18:00", "2026-03-09 08:00", "2026-03-09 17:30", 0},
		{"working hours over a weekend", "4个工作小时", "2026-03-06 15:00", "2026-03-06 18:00", "2026-03-09 08:00", "2026-03-09 10:30", 0},
		{"calendar days overnight", "3个自然日", "2026-03-02 10:00", "2026-03-03 18:00", "2026-03-04 08:00", "2026-03-05 17:30", 0},
		{"calendar days over a weekend: Saturday and Sunday", "5个自然日", "2026-03-04 10:00", "2026-03-06 18:00", "2026-03-09 08:00", "2026-03-11 17:30", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := Clock{Start: at(t, tt.start), Limit: limit(t, tt.limit),
				Pauses: []Pause{{Reason: PauseCorrection, From: at(t, tt.from), To: at(t, tt.to)}}}
			p, err := c.Track(k, at(t, tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if !p.Due.At.Equal(at(t, tt.want)) || p.PausedFor != tt.paused {
				t.Errorf("due %v, paused for %v; want %s, %v", p.Due.At.Format("2006-01-02 15:04"), p.PausedFor, tt.want, tt.paused)
			}
		})
	}
}

// TestPropertyPausedWorkdays: a pause takes out of a limit in working days its office time in whole days,
// rounded either way, and never a day for a pause outside office hours.
func TestPropertyPausedWorkdays(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(18, 8))
	for range 20000 {
		from := randomStart(r)
		to := from.Add(time.Duration(r.IntN(12*24*60)) * time.Minute)
		n, office := c.PausedWorkdays(from, to), c.WorkingTime(from, to)
		if lo, hi := int(office/c.perDay), int((office+c.perDay-1)/c.perDay); n < lo || n > hi {
			t.Fatalf("PausedWorkdays(%v, %v) = %d for %v of office time", from, to, n, office)
		}
	}
}

// TestLatenessOutsideOfficeHours: past a deadline with no office time since, say when it fell due.
func TestLatenessOutsideOfficeHours(t *testing.T) {
	c := Default()
	k := Clock{Start: at(t, "2026-03-05 10:00"), Limit: Limit{Workdays, 1}} // due Friday 2026-03-06 17:30
	p, err := c.Track(k, at(t, "2026-03-07 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Late.String(); p.Status != Overdue || s != "已超期（截止于3月6日 周五 17:30，至今非工作时间）" {
		t.Errorf("%v: %q", p.Status, s)
	}
	if s := (Lateness{Elapsed: time.Hour}).String(); s != "已超期（至今非工作时间）" {
		t.Errorf("without the due instant: %q", s)
	}
	p, _ = c.Track(k, at(t, "2026-03-09 10:00"))
	if s := p.Late.String(); s != "超期1个工作日（已过截止时间2天16小时30分钟）" {
		t.Errorf("Monday: %q", s)
	}
}
