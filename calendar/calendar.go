package calendar

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// Calendar knows which days are working days and when the office is open. It is immutable and safe for
// concurrent use. Build one with New (national arrangements plus administrator-loaded years) or use Default.
type Calendar struct {
	hours  OfficeHours
	perDay time.Duration
	years  map[int]*Arrangement
	loaded map[int]bool
	names  map[day]string

	// The day table covers whole years first..last. delta[i] is the sum, over the days base..base+i-1, of
	// (is a working day) − (is Monday–Friday), so the working days before any day are a closed form plus one
	// lookup, and every count and search below is allocation-free.
	first, last int
	base        day
	delta       []int16
	known       []bool // by year − first
	allKnown    bool
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := New(DefaultHours())
	if err != nil {
		panic("calendar: " + err.Error())
	}
	return c
})

// Default returns the national calendar (2020–2026) with the default office hours.
func Default() *Calendar { return defaultCalendar() }

// New builds a calendar from the national arrangements and the loaded ones; a loaded year replaces the
// national arrangement of that year. Loaded arrangements with errors (see Arrangement.Check), two loaded
// arrangements for one year, and invalid office hours are refused.
func New(hours OfficeHours, loaded ...*Arrangement) (*Calendar, error) {
	if err := hours.Validate(); err != nil {
		return nil, err
	}
	years := maps.Clone(mustNational())
	fromFile := map[int]bool{}
	for _, a := range loaded {
		if a == nil {
			continue
		}
		if ps := a.Check(); hasError(ps) {
			return nil, fmt.Errorf("%d年放假安排：%w", a.Year, &ArrangementError{Problems: ps})
		}
		if fromFile[a.Year] {
			return nil, fmt.Errorf("%d年的放假安排载入了两次，请只保留一份", a.Year)
		}
		fromFile[a.Year] = true
		years[a.Year] = a.clone()
	}
	c := &Calendar{hours: cloneHours(hours), perDay: hours.PerDay(), years: years, loaded: fromFile, names: map[day]string{}}
	c.build()
	return c, nil
}

func cloneHours(h OfficeHours) OfficeHours { return OfficeHours{Periods: slices.Clone(h.Periods)} }

func (c *Calendar) build() {
	ys := slices.Sorted(maps.Keys(c.years))
	if len(ys) == 0 {
		return
	}
	c.first, c.last = ys[0], ys[len(ys)-1]
	c.base = yearStart(c.first)
	n := int(yearStart(c.last+1) - c.base)
	work := make([]int8, n) // −1 off, +1 working, 0 as the weekday rule says
	c.known = make([]bool, c.last-c.first+1)
	for _, y := range ys {
		c.known[y-c.first] = true
		for _, d := range c.years[y].Days() {
			x := d.Date.day()
			c.names[x] = d.Name
			work[x-c.base] = -1
			if d.Workday {
				work[x-c.base] = 1
			}
		}
	}
	c.allKnown = !slices.Contains(c.known, false)
	c.delta = make([]int16, n+1)
	for i := range n {
		x := c.base + day(i)
		dev := int16(0)
		switch {
		case work[i] == -1 && !x.weekend():
			dev = -1
		case work[i] == 1 && x.weekend():
			dev = 1
		}
		c.delta[i+1] = c.delta[i] + dev
	}
}

// WithHours returns a calendar with the same days and other office hours (one office's own hours).
func (c *Calendar) WithHours(h OfficeHours) (*Calendar, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	d := *c
	d.hours, d.perDay = cloneHours(h), h.PerDay()
	return &d, nil
}

// Hours returns the office hours.
func (c *Calendar) Hours() OfficeHours { return cloneHours(c.hours) }

// Arrangement returns the year's arrangement (national or loaded) and whether there is one.
func (c *Calendar) Arrangement(year int) (*Arrangement, bool) {
	a, ok := c.years[year]
	if !ok {
		return nil, false
	}
	return a.clone(), true
}

// Loaded reports whether the year's arrangement was loaded by an administrator rather than shipped.
func (c *Calendar) Loaded(year int) bool { return c.loaded[year] }

// Years lists the years that have an arrangement, ascending.
func (c *Calendar) Years() []int { return slices.Sorted(maps.Keys(c.years)) }

// Known reports whether the year has an arrangement.
func (c *Calendar) Known(year int) bool { _, ok := c.years[year]; return ok }

// Missing lists the years in [from, to] without an arrangement: the admin pages warn about them, and every
// deadline reaching into one of them carries the year in Deadline.Unknown.
func (c *Calendar) Missing(from, to int) []int {
	var out []int
	for y := from; y <= to; y++ {
		if !c.Known(y) {
			out = append(out, y)
		}
	}
	return out
}

// w counts the working days before d (relative to an arbitrary fixed origin); w(d+1) − w(d) is 1 exactly when
// d is a working day. Outside the table the plain Monday–Friday rule holds.
func (c *Calendar) w(d day) int {
	i := int(d - c.base)
	switch {
	case len(c.delta) == 0 || i <= 0:
		return weekdaysBefore(d)
	case i >= len(c.delta):
		return weekdaysBefore(d) + int(c.delta[len(c.delta)-1])
	}
	return weekdaysBefore(d) + int(c.delta[i])
}

func (c *Calendar) isWork(d day) bool { return c.w(d+1) > c.w(d) }

// firstAtLeast returns the earliest day x with w(x) ≥ target.
func (c *Calendar) firstAtLeast(hint day, target int) day {
	step := day(2*abs(target-c.w(hint)) + 16)
	lo, hi := hint, hint
	for c.w(lo) >= target {
		lo -= step
	}
	for c.w(hi) < target {
		hi += step
	}
	for hi-lo > 1 { // w(lo) < target ≤ w(hi)
		mid := lo + (hi-lo)/2
		if c.w(mid) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// addWorkdays returns the n-th working day after d (before d for negative n); d itself for 0.
func (c *Calendar) addWorkdays(d day, n int) day {
	switch {
	case n > 0:
		return c.firstAtLeast(d+1, c.w(d+1)+n) - 1
	case n < 0:
		return c.firstAtLeast(d, c.w(d)+n+1) - 1
	}
	return d
}

// unknown lists the years from a's to b's that have no arrangement; nil (no allocation) when all are known.
func (c *Calendar) unknown(a, b day) []int {
	if b < a {
		a, b = b, a
	}
	if c.allKnown && a >= c.base && int(b-c.base) < len(c.delta)-1 {
		return nil
	}
	var out []int
	for y := a.year(); y <= b.year(); y++ {
		if !c.Known(y) {
			out = append(out, y)
		}
	}
	return out
}

// IsWorkday reports whether the date is a working day (make-up working days included).
func (c *Calendar) IsWorkday(d Date) bool { return c.isWork(d.day()) }

// Day describes one date.
func (c *Calendar) Day(d Date) Day {
	x := d.day()
	return Day{Date: d, Workday: c.isWork(x), Name: c.names[x], Known: c.Known(d.Year)}
}

// Exceptions lists the year's dates whose status differs from the plain Monday–Friday rule: weekdays off and
// weekend working days. A year without an arrangement has none (check Known).
func (c *Calendar) Exceptions(year int) []Day {
	var out []Day
	for x := yearStart(year); x < yearStart(year+1); x++ {
		if c.isWork(x) == x.weekend() {
			out = append(out, c.Day(x.date()))
		}
	}
	return out
}

// Month lists every day of a month, for a month grid.
func (c *Calendar) Month(year int, month time.Month) []Day {
	var out []Day
	for x := (Date{year, month, 1}).day(); x.date().Month == month; x++ {
		out = append(out, c.Day(x.date()))
	}
	return out
}

// AddWorkdays returns the n-th working day after d (before d for negative n); d itself for n = 0.
func (c *Calendar) AddWorkdays(d Date, n int) Date { return c.addWorkdays(d.day(), n).date() }

// WorkdaysBetween counts the working days after from's date up to and including to's date (自…之日起 counting):
// a deadline N working days after a start has N. Negative when to is before from.
func (c *Calendar) WorkdaysBetween(from, to time.Time) int {
	a, _ := split(from)
	b, _ := split(to)
	return c.w(b+1) - c.w(a+1)
}

// office returns the office time before t since the origin of w.
func (c *Calendar) office(t time.Time) time.Duration {
	d, tod := split(t)
	o := time.Duration(c.w(d)) * c.perDay
	if c.isWork(d) {
		o += c.hours.within(tod)
	}
	return o
}

// WorkingTime returns the office time between two instants (negative when to is before from): the remaining
// working time of a deadline, or how much working time it is overdue.
func (c *Calendar) WorkingTime(from, to time.Time) time.Duration {
	return c.office(to) - c.office(from)
}

// addOffice returns the earliest instant by which amount (> 0) of office time has passed since t.
func (c *Calendar) addOffice(t time.Time, amount time.Duration) time.Time {
	if amount <= 0 {
		return t
	}
	hint, _ := split(t)
	target := c.office(t) + amount
	k := int(target / c.perDay)
	rem := target - time.Duration(k)*c.perDay
	if rem < 0 {
		k, rem = k-1, rem+c.perDay
	}
	if rem == 0 {
		e := c.firstAtLeast(hint, k) - 1
		return e.at(c.hours.close())
	}
	e := c.firstAtLeast(hint, k+1) - 1
	return e.at(c.hours.instant(rem))
}
