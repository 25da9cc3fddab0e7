package calendar

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNationalFiles(t *testing.T) {
	all := National()
	var years []int
	for _, a := range all {
		years = append(years, a.Year)
		if ps := a.Check(); len(ps) != 0 {
			t.Errorf("%d: %v", a.Year, ps)
		}
		for _, n := range a.Notices {
			if !strings.HasPrefix(n.Title, "国务院办公厅关于") || !strings.HasPrefix(n.Number, "国办发明电〔") || n.Date == "" {
				t.Errorf("%d cites %+v; want title, 文号 and date", a.Year, n)
			}
		}
		if len(a.Holidays) < 6 {
			t.Errorf("%d has only %d holidays", a.Year, len(a.Holidays))
		}
	}
	if !slices.Equal(years, []int{2020, 2021, 2022, 2023, 2024, 2025, 2026}) {
		t.Errorf("national years = %v", years)
	}
	all[0].Holidays[0].Name = "changed"
	if National()[0].Holidays[0].Name == "changed" {
		t.Error("National returns shared data")
	}
}

// TestStatutoryDays checks each year against the statutory days of the 全国年节及纪念日放假办法: 11 days
// until 2024, 13 from 2025. The days off on weekdays minus the weekend working days equals the statutory days
// on weekdays plus the statutory days on weekends (each made up by a weekday). 2020's 春节 was extended by
// notice: 1-31 (a Friday) off and the working Saturday 2-01 cancelled add two; 2-02 was a Sunday.
func TestStatutoryDays(t *testing.T) {
	want := map[int]int{2020: 11 + 2, 2021: 11, 2022: 11, 2023: 11, 2024: 11, 2025: 13, 2026: 13}
	c := Default()
	for y, statutory := range want {
		off, work := 0, 0
		for _, d := range c.Exceptions(y) {
			if d.Workday {
				work++
			} else {
				off++
			}
		}
		if off-work != statutory {
			t.Errorf("%d: %d weekdays off − %d weekend working days = %d, want %d", y, off, work, off-work, statutory)
		}
	}
}

// TestLongestRuns pins the famous stretches.
func TestLongestRuns(t *testing.T) {
	tests := []struct {
		name, first, last string
	}{
		{"2020 春节, extended", "2020-01-24", "2020-02-02"},
		{"2025 国庆节、中秋节", "2025-10-01", "2025-10-08"},
		{"2026 春节", "2026-02-15", "2026-02-23"},
		{"2023 中秋节、国庆节", "2023-09-29", "2023-10-06"},
		{"2024 春节", "2024-02-10", "2024-02-17"},
	}
	c := Default()
	for _, tt := range tests {
		first, last := dates(t, tt.first)[0], dates(t, tt.last)[0]
		if c.IsWorkday(first.AddDays(-1)) == false || c.IsWorkday(last.AddDays(1)) == false {
			t.Errorf("%s: the run is longer than %s..%s", tt.name, tt.first, tt.last)
		}
		for d := first; !last.Before(d); d = d.AddDays(1) {
			if c.IsWorkday(d) {
				t.Errorf("%s: %s is a working day", tt.name, d)
			}
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	for x := yearStart(1900); x < yearStart(2200); x += 13 {
		tm := time.Date(1970, 1, 1+int(x), 12, 0, 0, 0, Beijing)
		want := Date{tm.Year(), tm.Month(), tm.Day()}
		if got := x.date(); got != want || got.day() != x || x.weekday() != tm.Weekday() {
			t.Fatalf("day %d: %v (%v), want %v (%v)", x, got, x.weekday(), want, tm.Weekday())
		}
		if n := weekdaysBefore(x+7) - weekdaysBefore(x); n != 5 {
			t.Fatalf("a week from day %d has %d weekdays", x, n)
		}
	}
	if _, err := ParseDate("2026-02-29"); err == nil {
		t.Error("ParseDate accepted 2026-02-29")
	}
	if d := DateOf(time.Date(2026, 2, 13, 16, 30, 0, 0, time.UTC)); d != (Date{2026, 2, 14}) {
		t.Errorf("DateOf in Beijing = %v", d)
	}
}
