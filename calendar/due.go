package calendar

import (
	"fmt"
	"strings"
	"time"
)

// CountFrom says whether the start day counts for limits in days. The zero value is the 行政许可法 rule.
type CountFrom uint8

const (
	// FromNextDay: counting starts the day after the start day (自受理之日起, 期间开始的当日不计入).
	FromNextDay CountFrom = iota
	// FromSameDay: the start day is the first day, when it is a working day and the start is before the close
	// of office hours.
	FromSameDay
)

// ParseCountFrom reads "next-day" or "same-day" (also 次日起算 / 当日起算); empty means next-day.
func ParseCountFrom(s string) (CountFrom, error) {
	switch strings.TrimSpace(s) {
	case "", "next-day", "次日起算", "自次日起算":
		return FromNextDay, nil
	case "same-day", "当日起算", "自当日起算":
		return FromSameDay, nil
	}
	return 0, fmt.Errorf("起算方式“%s”无法识别，应为 next-day（自次日起算）或 same-day（当日起算）", s)
}

func (f CountFrom) String() string {
	if f == FromSameDay {
		return "same-day"
	}
	return "next-day"
}

// Deadline is a due instant. Unknown lists the years the computation went through that have no arrangement
// loaded: there the instant was worked out from weekends alone, and whoever shows the deadline must say so.
type Deadline struct {
	At      time.Time
	Unknown []int
}

// Certain reports whether every year the deadline depends on has an arrangement.
func (d Deadline) Certain() bool { return len(d.Unknown) == 0 }

// Warning is the Chinese sentence to show beside an uncertain deadline; empty when it is certain.
func (d Deadline) Warning() string {
	if d.Certain() {
		return ""
	}
	ys := make([]string, len(d.Unknown))
	for i, y := range d.Unknown {
		ys[i] = fmt.Sprintf("%d年", y)
	}
	return strings.Join(ys, "、") + "的放假安排尚未载入，该截止时间仅按周末双休推算，可能不准；请管理员载入当年放假安排。"
}

// Due returns when a limit that starts at start falls due. All arithmetic is in Beijing time:
//
//   - N个工作日: the close of office hours on the N-th working day, counting from the day after the start day
//     (FromNextDay) or from the start day itself (FromSameDay, when it is a working day and the start is before
//     the close; otherwise from the next working day). Days off never count; make-up working days do.
//   - 当天: the close of office hours on the start day, or on the next working day when the start is on a day
//     off or after the close. 次日: the close of the next working day after the start day.
//   - 即办: the end of the office period (morning or afternoon) in progress, or of the next one.
//   - N个工作小时: N hours of office time from the start (a start outside office hours begins at the next opening).
//   - N小时: N clock hours after the start; when that is outside office hours, the end of the next office period.
//   - N个自然日 / N周 (7N days) / N个月 (the same date N months on, clamped to the month's end): the last day is the
//     N-th calendar day after the start day (FromSameDay: the start day is the first, when the start is before
//     the close of office hours); when it is a day off, the next working day (民法典第二百零二、二百零三条);
//     due at its close of office hours.
//
// The zero Limit gives the zero Deadline. Due does not allocate unless a year lacks an arrangement.
func (c *Calendar) Due(start time.Time, l Limit, from CountFrom) Deadline {
	at, first := c.due(start, l, from)
	if at.IsZero() {
		return Deadline{}
	}
	last, _ := split(at)
	return Deadline{At: at, Unknown: c.unknown(first, last)}
}

// DueFor parses the limit text and returns Due; the error is the *LimitError.
func (c *Calendar) DueFor(start time.Time, limit string, from CountFrom) (Deadline, error) {
	l, err := ParseLimit(limit)
	if err != nil {
		return Deadline{}, err
	}
	return c.Due(start, l, from), nil
}

// due returns the due instant and the first day whose status it depended on.
func (c *Calendar) due(start time.Time, l Limit, from CountFrom) (time.Time, day) {
	sd, _ := split(start)
	switch l.Unit {
	case Immediate:
		return c.immediate(start), sd
	case Today, NextDay, Workdays:
		return c.closeOf(c.lastWorkday(start, l, from)), sd
	case WorkHours:
		return c.addOffice(start, time.Duration(l.N)*time.Hour), sd
	case Hours:
		raw := start.Add(time.Duration(l.N) * time.Hour)
		first, _ := split(raw)
		return c.settle(raw), first
	case Days, Weeks, Months:
		raw := c.lastCalendarDay(start, l, from)
		return c.closeOf(c.rollForward(raw)), raw
	}
	return time.Time{}, sd
}

func (c *Calendar) closeOf(d day) time.Time { return d.at(c.hours.close()) }

// counts reports whether the start's own day counts as the first day under FromSameDay.
func (c *Calendar) counts(start time.Time) bool {
	d, tod := split(start)
	return c.isWork(d) && tod < c.hours.close()
}

// lastWorkday is the working day whose close a day-based limit falls due at.
func (c *Calendar) lastWorkday(start time.Time, l Limit, from CountFrom) day {
	sd, _ := split(start)
	n := l.N
	switch l.Unit {
	case Today:
		n, from = 1, FromSameDay
	case NextDay:
		n, from = 1, FromNextDay
	}
	if from == FromSameDay && c.counts(start) {
		return c.addWorkdays(sd-1, n)
	}
	return c.addWorkdays(sd, n)
}

func (c *Calendar) immediate(start time.Time) time.Time {
	d, tod := split(start)
	if c.isWork(d) {
		if end, ok := c.hours.nextEnd(tod); ok {
			return d.at(end)
		}
	}
	return c.addWorkdays(d, 1).at(c.hours.Periods[0].End)
}

// settle returns t when it lies in office hours on a working day, else the end of the next office period.
func (c *Calendar) settle(t time.Time) time.Time {
	d, tod := split(t)
	if c.isWork(d) && c.hours.inside(tod) {
		return t
	}
	return c.immediate(t)
}

func (c *Calendar) lastCalendarDay(start time.Time, l Limit, from CountFrom) day {
	sd, tod := split(start)
	var last day
	switch l.Unit {
	case Days:
		last = sd + day(l.N)
	case Weeks:
		last = sd + day(7*l.N)
	case Months:
		last = sd.addMonths(l.N)
	}
	if from == FromSameDay && tod < c.hours.close() {
		last--
	}
	return last
}

// rollForward moves a last day that is a day off to the next working day.
func (c *Calendar) rollForward(d day) day {
	if c.isWork(d) {
		return d
	}
	return c.addWorkdays(d, 1)
}
