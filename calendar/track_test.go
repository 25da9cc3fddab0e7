package calendar

import (
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
		{"2026-03-09 18:00", SoonRule{}, Overdue, Lateness{0, 0, 30 * time.Minute}},
		{"2026-03-11 10:00", SoonRule{}, Overdue, Lateness{2, 8 * time.Hour, 40*time.Hour + 30*time.Minute}},
	}
	for _, tt := range tests {
		k.Soon = tt.soon
		p, err := c.Track(k, at(t, tt.now))
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != tt.status || p.Late != tt.late {
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
