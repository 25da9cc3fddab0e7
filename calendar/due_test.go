package calendar

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// at reads "2006-01-02 15:04" in Beijing time.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Beijing)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func limit(t testing.TB, s string) Limit {
	t.Helper()
	l, err := ParseLimit(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDue(t *testing.T) {
	tests := []struct {
		name, start, limit string
		from               CountFrom
		want               string
	}{
		{"国庆: the make-up Saturday counts", "2026-09-30 10:00", "三个工作日", FromNextDay, "2026-10-10 17:30"},
		{"国庆, same day counts", "2026-09-30 10:00", "三个工作日", FromSameDay, "2026-10-09 17:30"},
		{"春节 2026: make-up Saturday then nine days off", "2026-02-13 10:00", "3个工作日", FromNextDay, "2026-02-25 17:30"},
		{"start on a make-up working day, next day", "2026-02-14 10:00", "1个工作日", FromNextDay, "2026-02-24 17:30"},
		{"start on a make-up working day, same day", "2026-02-14 10:00", "1个工作日", FromSameDay, "2026-02-14 17:30"},
		{"当天 on a make-up working day", "2026-02-14 16:00", "当天", FromNextDay, "2026-02-14 17:30"},
		{"start on a day off counts from the next working day", "2026-02-16 10:00", "3个工作日", FromNextDay, "2026-02-26 17:30"},
		{"start on a day off, same-day rule alike", "2026-02-16 10:00", "3个工作日", FromSameDay, "2026-02-26 17:30"},
		{"same-day rule after hours starts the next working day", "2026-03-02 18:00", "2个工作日", FromSameDay, "2026-03-04 17:30"},
		{"year boundary into 元旦 and its make-up Sunday", "2025-12-30 10:00", "5个工作日", FromNextDay, "2026-01-07 17:30"},
		{"2020 春节 extended: the 2月1日 make-up day was cancelled", "2020-01-23 10:00", "1个工作日", FromNextDay, "2020-02-03 17:30"},
		{"2020 make-up Sunday before 春节", "2020-01-18 10:00", "1个工作日", FromNextDay, "2020-01-19 17:30"},
		{"2025 除夕 is a statutory day off", "2025-01-27 10:00", "次日", FromNextDay, "2025-02-05 17:30"},
		{"2025 劳动节 five days, one make-up day", "2025-04-25 10:00", "2个工作日", FromNextDay, "2025-04-28 17:30"},
		{"2025 国庆 eight days with 中秋", "2025-09-30 10:00", "1个工作日", FromNextDay, "2025-10-09 17:30"},
		{"2024 春节 make-up Sunday after", "2024-02-09 10:00", "1个工作日", FromNextDay, "2024-02-18 17:30"},
		{"15 working days, 行政许可 style", "2026-04-01 10:00", "十五个工作日", FromNextDay, "2026-04-23 17:30"},
		{"当天 before the close", "2026-09-30 16:00", "当天", FromNextDay, "2026-09-30 17:30"},
		{"当天 after the close goes to the next working day", "2026-09-30 18:00", "当天", FromNextDay, "2026-10-08 17:30"},
		{"次日 on a Friday", "2026-03-06 10:00", "次日", FromSameDay, "2026-03-09 17:30"},
		{"即办 in the morning", "2026-03-02 10:00", "即办", FromNextDay, "2026-03-02 12:00"},
		{"即办 at lunch", "2026-03-02 12:30", "即办", FromNextDay, "2026-03-02 17:30"},
		{"即办 on Friday evening", "2026-03-06 19:00", "即办", FromNextDay, "2026-03-09 12:00"},
		{"working hours late on a Friday before 清明", "2026-04-03 17:00", "4个工作小时", FromNextDay, "2026-04-07 14:00"},
		{"working hours after the close on a Friday", "2026-01-09 18:00", "2个工作小时", FromNextDay, "2026-01-12 11:00"},
		{"working hours ending exactly at noon", "2026-01-12 09:00", "3个工作小时", FromNextDay, "2026-01-12 12:00"},
		{"a whole working day of hours", "2026-01-12 09:00", "7个工作小时", FromNextDay, "2026-01-12 17:30"},
		{"clock hours landing on a holiday Saturday", "2026-04-03 17:00", "24小时", FromNextDay, "2026-04-07 12:00"},
		{"clock hours landing in office hours", "2026-03-02 10:00", "24小时", FromNextDay, "2026-03-03 10:00"},
		{"clock hours landing at lunch", "2026-03-02 10:45", "2小时", FromNextDay, "2026-03-02 17:30"},
		{"calendar days ending in 国庆 roll forward", "2026-09-30 10:00", "7日", FromNextDay, "2026-10-08 17:30"},
		{"calendar days, same day counts", "2026-03-02 10:00", "3天", FromSameDay, "2026-03-04 17:30"},
		{"weeks are seven days", "2026-03-02 10:00", "2周", FromNextDay, "2026-03-16 17:30"},
		{"a month clamps to the end and lands on a make-up Saturday", "2026-01-31 10:00", "1个月", FromNextDay, "2026-02-28 17:30"},
		{"a month, same day counts", "2026-03-16 10:00", "1个月", FromSameDay, "2026-04-15 17:30"},
		{"twelve months across a leap day", "2024-02-29 10:00", "1年", FromNextDay, "2025-02-28 17:30"},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := c.Due(at(t, tt.start), limit(t, tt.limit), tt.from)
			if want := at(t, tt.want); !d.At.Equal(want) {
				t.Errorf("Due(%s, %s, %v) = %s, want %s", tt.start, tt.limit, tt.from, d.At.Format(time.RFC3339), tt.want)
			}
			if !d.Certain() {
				t.Errorf("unexpected unknown years %v", d.Unknown)
			}
			if d.At.Location() != Beijing {
				t.Errorf("due instant in %v, want Beijing", d.At.Location())
			}
		})
	}
}

func TestDueFromOtherZones(t *testing.T) {
	start := time.Date(2026, 9, 30, 2, 0, 0, 0, time.UTC) // 10:00 in Beijing
	d := Default().Due(start, Limit{Workdays, 3}, FromNextDay)
	if want := at(t, "2026-10-10 17:30"); !d.At.Equal(want) {
		t.Errorf("Due from UTC = %v, want %v", d.At, want)
	}
}

func TestDueZeroLimit(t *testing.T) {
	if d := Default().Due(at(t, "2026-03-02 10:00"), Limit{}, FromNextDay); !d.At.IsZero() || d.Unknown != nil {
		t.Errorf("zero limit gave %+v", d)
	}
}

func TestDueInYearWithoutArrangement(t *testing.T) {
	c := Default()
	d := c.Due(at(t, "2026-12-28 10:00"), Limit{Workdays, 10}, FromNextDay)
	// 2027-01-01 is a Friday and counts as a working day for want of an arrangement: the result says so.
	if want := at(t, "2027-01-11 17:30"); !d.At.Equal(want) || !slices.Equal(d.Unknown, []int{2027}) {
		t.Fatalf("Due = %v %v, want %v [2027]", d.At, d.Unknown, want)
	}
	if w := d.Warning(); !strings.Contains(w, "2027年的放假安排尚未载入") {
		t.Errorf("Warning() = %q", w)
	}
	if d := c.Due(at(t, "2019-12-30 10:00"), Limit{Workdays, 2}, FromNextDay); !slices.Equal(d.Unknown, []int{2019}) {
		t.Errorf("a start in 2019 should flag 2019, got %v", d.Unknown)
	}
	if d := c.Due(at(t, "2026-12-01 10:00"), Limit{Workdays, 5}, FromNextDay); d.Unknown != nil || d.Warning() != "" {
		t.Errorf("a deadline inside 2026 flagged %v", d.Unknown)
	}
	if d := c.Due(at(t, "2030-06-03 10:00"), Limit{Days, 3}, FromNextDay); !slices.Equal(d.Unknown, []int{2030}) {
		t.Errorf("calendar days in 2030 should flag it, got %v", d.Unknown)
	}
	if got := c.Missing(2018, 2028); !slices.Equal(got, []int{2018, 2019, 2027, 2028}) {
		t.Errorf("Missing(2018, 2028) = %v", got)
	}
}

func TestLoadedYearMakesDeadlinesCertain(t *testing.T) {
	// A made-up arrangement, for the test only.
	y2027 := &Arrangement{Year: 2027, Notices: []Notice{{Title: "测试用安排"}}, Holidays: []Holiday{
		{Name: "元旦", Off: []Date{{2027, 1, 1}}},
	}}
	c, err := New(DefaultHours(), y2027)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Due(at(t, "2026-12-28 10:00"), Limit{Workdays, 10}, FromNextDay)
	if want := at(t, "2027-01-12 17:30"); !d.At.Equal(want) || !d.Certain() {
		t.Errorf("Due = %v %v, want %v and certain", d.At, d.Unknown, want)
	}
	if c.Known(2027) != true || len(c.Missing(2020, 2027)) != 0 {
		t.Errorf("2027 should be known now")
	}
}

func TestLoadedYearOverridesNational(t *testing.T) {
	fix := &Arrangement{Year: 2026, Notices: []Notice{{Title: "测试用更正"}}, Holidays: []Holiday{
		{Name: "国庆节", Off: dates(t, "2026-10-01", "2026-10-02")},
	}}
	c, err := New(DefaultHours(), fix)
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkday(Date{2026, 10, 5}) || c.IsWorkday(Date{2026, 10, 2}) || !c.IsWorkday(Date{2026, 2, 16}) {
		t.Error("the loaded 2026 did not replace the national one")
	}
	if Default().IsWorkday(Date{2026, 10, 5}) {
		t.Error("New changed the default calendar")
	}
	if _, err := New(DefaultHours(), fix, fix); err == nil || !strings.Contains(err.Error(), "两次") {
		t.Errorf("loading one year twice: %v", err)
	}
	bad := &Arrangement{Year: 2027, Holidays: []Holiday{{Name: "元旦", Work: dates(t, "2027-01-04")}}}
	if _, err := New(DefaultHours(), bad); err == nil || !strings.Contains(err.Error(), "星期一") {
		t.Errorf("a weekday make-up day should be refused: %v", err)
	}
	if _, err := New(OfficeHours{}); err == nil {
		t.Error("empty office hours should be refused")
	}
}

func dates(t testing.TB, ss ...string) []Date {
	var out []Date
	for _, s := range ss {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestOfficeHoursPerOffice(t *testing.T) {
	h, err := ParseOfficeHours("08:30-12:00，14:00-18:00")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Default().WithHours(h)
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Due(at(t, "2026-03-02 10:00"), Limit{Workdays, 1}, FromNextDay); !d.At.Equal(at(t, "2026-03-03 18:00")) {
		t.Errorf("close with own hours = %v", d.At)
	}
	if d := c.Due(at(t, "2026-03-02 11:00"), Limit{WorkHours, 2}, FromNextDay); !d.At.Equal(at(t, "2026-03-02 15:00")) {
		t.Errorf("working hours with own hours = %v", d.At)
	}
	if Default().Hours().String() != "09:00-12:00,13:30-17:30" {
		t.Errorf("WithHours changed the default: %s", Default().Hours())
	}
	for _, bad := range []string{"", "9-12", "12:00-09:00", "09:00-12:00,11:00-14:00", "09:00-25:00"} {
		if _, err := ParseOfficeHours(bad); err == nil {
			t.Errorf("ParseOfficeHours(%q) accepted", bad)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := Default()
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-09-30 10:00", "2026-10-10 17:30", 3},
		{"2026-09-30 10:00", "2026-09-30 17:00", 0},
		{"2026-10-10 17:30", "2026-09-30 10:00", -3},
		{"2026-02-13 09:00", "2026-02-24 09:00", 2},
		{"2025-12-31 09:00", "2026-01-05 09:00", 2},
		{"2026-01-01 09:00", "2027-01-01 09:00", 248 + 1}, // 2026 has 248; 2027-01-01, unknown, is a Friday
	}
	for _, tt := range tests {
		if got := c.WorkdaysBetween(at(t, tt.from), at(t, tt.to)); got != tt.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestWorkingTime(t *testing.T) {
	c := Default()
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2026-03-02 09:00", "2026-03-02 17:30", 7 * time.Hour},
		{"2026-03-02 11:00", "2026-03-02 14:00", 90 * time.Minute},
		{"2026-03-06 17:00", "2026-03-09 10:00", 90 * time.Minute},
		{"2026-09-30 17:00", "2026-10-08 09:30", time.Hour},
		{"2026-10-08 09:30", "2026-09-30 17:00", -time.Hour},
		{"2026-02-14 00:00", "2026-02-14 23:59", 7 * time.Hour},
	}
	for _, tt := range tests {
		if got := c.WorkingTime(at(t, tt.from), at(t, tt.to)); got != tt.want {
			t.Errorf("WorkingTime(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := Default()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-09-30", 3, "2026-10-10"},
		{"2026-10-08", -1, "2026-09-30"},
		{"2026-10-12", -2, "2026-10-09"},
		{"2026-02-24", -1, "2026-02-14"},
		{"2026-02-16", 0, "2026-02-16"},
		{"2019-12-30", 3, "2020-01-03"},
	}
	for _, tt := range tests {
		from, want := dates(t, tt.from)[0], dates(t, tt.want)[0]
		if got := c.AddWorkdays(from, tt.n); got != want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got, want)
		}
	}
}

func TestDays(t *testing.T) {
	c := Default()
	if d := c.Day(Date{2026, 2, 14}); !d.Workday || d.Name != "春节" || !d.Known {
		t.Errorf("2026-02-14 = %+v", d)
	}
	if d := c.Day(Date{2027, 1, 1}); !d.Workday || d.Known {
		t.Errorf("2027-01-01 = %+v", d)
	}
	ex := c.Exceptions(2026)
	if len(ex) != 25 || ex[0].Date != (Date{2026, 1, 1}) || !ex[2].Workday {
		t.Errorf("Exceptions(2026) = %v", ex)
	}
	for _, d := range ex {
		if d.Workday != d.Date.day().weekend() {
			t.Errorf("%s does not differ from the weekday rule", d.Date)
		}
	}
	if len(c.Exceptions(2027)) != 0 {
		t.Error("a year without arrangement has no exceptions")
	}
}

func TestCountFrom(t *testing.T) {
	for s, want := range map[string]CountFrom{"": FromNextDay, "next-day": FromNextDay, "same-day": FromSameDay, "当日起算": FromSameDay} {
		if got, err := ParseCountFrom(s); err != nil || got != want {
			t.Errorf("ParseCountFrom(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseCountFrom("tomorrow"); err == nil {
		t.Error("ParseCountFrom accepted nonsense")
	}
	if FromSameDay.String() != "same-day" || FromNextDay.String() != "next-day" {
		t.Error("CountFrom.String")
	}
}

func BenchmarkDue(b *testing.B) {
	c := Default()
	start := time.Date(2026, 9, 21, 10, 0, 0, 0, Beijing)
	l := Limit{Workdays, 15}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Due(start, l, FromNextDay)
	}
}

func BenchmarkDueWorkHours(b *testing.B) {
	c := Default()
	start := time.Date(2026, 4, 3, 17, 0, 0, 0, Beijing)
	l := Limit{WorkHours, 20}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Due(start, l, FromNextDay)
	}
}

func TestDueFor(t *testing.T) {
	d, err := Default().DueFor(at(t, "2026-09-30 10:00"), "三个工作日", FromNextDay)
	if err != nil || !d.At.Equal(at(t, "2026-10-10 17:30")) {
		t.Errorf("DueFor = %v, %v", d.At, err)
	}
	if _, err := Default().DueFor(at(t, "2026-09-30 10:00"), "及时", FromNextDay); err == nil {
		t.Error("DueFor accepted a vague limit")
	}
}

func TestMonthAndLoaded(t *testing.T) {
	c := Default()
	feb := c.Month(2026, time.February)
	if len(feb) != 28 || !feb[13].Workday || feb[13].Name != "春节" || feb[15].Workday {
		t.Errorf("Month(2026, 2) = %v", feb)
	}
	if len(c.Month(2024, time.February)) != 29 || len(c.Month(2026, time.December)) != 31 {
		t.Error("Month lengths")
	}
	if c.Loaded(2026) {
		t.Error("2026 is national, not loaded")
	}
	y := &Arrangement{Year: 2026, Notices: []Notice{{Title: "测试"}}, Holidays: []Holiday{{Name: "元旦", Off: []Date{{2026, 1, 1}}}}}
	if c2, err := New(DefaultHours(), y); err != nil || !c2.Loaded(2026) {
		t.Errorf("Loaded after New: %v", err)
	}
}
