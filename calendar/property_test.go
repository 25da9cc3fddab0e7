package calendar

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// naive is an independent, day-by-day reading of the arrangements: what the table must agree with.
type naive map[Date]bool

func newNaive() naive {
	n := naive{}
	for _, a := range National() {
		for _, d := range a.Days() {
			n[d.Date] = d.Workday
		}
	}
	return n
}

func (n naive) work(d Date) bool {
	if w, ok := n[d]; ok {
		return w
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// randomStart picks an instant between 2019 and 2027, at any minute of the day.
func randomStart(r *rand.Rand) time.Time {
	base := time.Date(2019, 1, 1, 0, 0, 0, 0, Beijing)
	return base.Add(time.Duration(r.IntN(9*365*24*60)) * time.Minute)
}

func TestPropertyAgainstNaive(t *testing.T) {
	c, n := Default(), newNaive()
	for d := (Date{2018, 12, 1}); d.Before(Date{2028, 2, 1}); d = d.AddDays(1) {
		if c.IsWorkday(d) != n.work(d) {
			t.Fatalf("%s: table %v, naive %v", d, c.IsWorkday(d), n.work(d))
		}
	}
	r := rand.New(rand.NewPCG(3, 14))
	for range 2000 {
		d, k := DateOf(randomStart(r)), 1+r.IntN(60)
		want, left := d, k
		for left > 0 {
			want = want.AddDays(1)
			if n.work(want) {
				left--
			}
		}
		if got := c.AddWorkdays(d, k); got != want {
			t.Fatalf("AddWorkdays(%s, %d) = %s, naive %s", d, k, got, want)
		}
	}
}

func TestPropertyAddition(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		start := randomStart(r)
		n, m := 1+r.IntN(40), 1+r.IntN(40)
		d := DateOf(start)
		if a, b := c.AddWorkdays(c.AddWorkdays(d, n), m), c.AddWorkdays(d, n+m); a != b {
			t.Fatalf("AddWorkdays %s +%d +%d = %s, +%d = %s", d, n, m, a, n+m, b)
		}
		if e := c.AddWorkdays(d, n); c.AddWorkdays(e, -n) != d && c.IsWorkday(d) {
			t.Fatalf("AddWorkdays(%s, %d) then back gives %s", d, n, c.AddWorkdays(e, -n))
		}
		for _, from := range []CountFrom{FromNextDay, FromSameDay} {
			first := c.Due(start, Limit{Workdays, n}, from).At
			if a, b := c.Due(first, Limit{Workdays, m}, from).At, c.Due(start, Limit{Workdays, n + m}, from).At; !a.Equal(b) {
				t.Fatalf("%v: Due(Due(%v, %d), %d) = %v, Due(%v, %d) = %v", from, start, n, m, a, start, n+m, b)
			}
		}
		h1, h2 := time.Duration(1+r.IntN(30))*time.Hour, time.Duration(1+r.IntN(30))*time.Hour
		if a, b := c.addOffice(c.addOffice(start, h1), h2), c.addOffice(start, h1+h2); !a.Equal(b) {
			t.Fatalf("addOffice(%v, %v, %v) = %v, at once %v", start, h1, h2, a, b)
		}
	}
}

func TestPropertyDueInOfficeHours(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(5, 8))
	units := []Unit{Immediate, Today, NextDay, Workdays, WorkHours, Days, Weeks, Months, Hours}
	for range 10000 {
		start := randomStart(r)
		l := Limit{Unit: units[r.IntN(len(units))]}
		if l.Unit.counted() {
			l.N = 1 + r.IntN(30)
		}
		from := CountFrom(r.IntN(2))
		due := c.Due(start, l, from).At
		d, tod := split(due)
		if !c.isWork(d) || !c.hours.inside(tod) {
			t.Fatalf("Due(%v, %v, %v) = %v: not in office hours on a working day", start, l, from, due)
		}
		if due.Before(start) {
			t.Fatalf("Due(%v, %v, %v) = %v: before the start", start, l, from, due)
		}
		switch l.Unit {
		case Workdays:
			want := l.N
			if from == FromSameDay && c.counts(start) {
				want--
			}
			if got := c.WorkdaysBetween(start, due); got != want {
				t.Fatalf("WorkdaysBetween(%v, Due(%v, %v)) = %d, want %d", start, l, from, got, want)
			}
		case WorkHours:
			if got := c.WorkingTime(start, due); got != time.Duration(l.N)*time.Hour {
				t.Fatalf("WorkingTime(%v, Due(%v)) = %v", start, l, got)
			}
		}
	}
}

// TestOfficeHoursToMidnight: a limit of N working days must end on the N-th working day, so office hours
// that end at 24:00 (the next day's 00:00) are refused, and those that end at 23:59 keep the property.
func TestOfficeHoursToMidnight(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 0))
	for _, text := range []string{"00:00-24:00", "08:00-12:00,13:00-24:00", "00:00-23:59", "08:00-12:00,13:00-23:59:59"} {
		h, err := ParseOfficeHours(text)
		if err != nil {
			if !strings.Contains(err.Error(), "23:59") {
				t.Errorf("ParseOfficeHours(%q): %v; want a message naming 23:59", text, err)
			}
			continue
		}
		c, err := Default().WithHours(h)
		if err != nil {
			t.Fatal(err)
		}
		for range 2000 {
			start, n := randomStart(r), 1+r.IntN(20)
			for _, from := range []CountFrom{FromNextDay, FromSameDay} {
				due := c.Due(start, Limit{Workdays, n}, from).At
				want := n
				if from == FromSameDay && c.counts(start) {
					want--
				}
				if got := c.WorkdaysBetween(start, due); got != want || !c.IsWorkday(DateOf(due)) {
					t.Fatalf("%s: Due(%v, %d个工作日, %v) = %v, %d working days later; want %d", text, start, n, from, due, got, want)
				}
			}
		}
	}
	if _, err := New(OfficeHours{Periods: []Period{{0, 24 * time.Hour}}}); err == nil {
		t.Error("New accepted office hours to 24:00")
	}
}
