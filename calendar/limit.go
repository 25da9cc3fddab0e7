package calendar

import (
	"fmt"
	"strconv"
)

// Unit is what a time limit counts.
type Unit uint8

// The units of a limit. The zero Unit means "no limit".
const (
	Immediate Unit = iota + 1 // 即办: done on the spot, by the end of the current office session
	Today                     // 当天 / 当日: by the close of office hours of the (working) day it starts
	NextDay                   // 次日: by the close of the next working day
	Workdays                  // N个工作日
	WorkHours                 // N个工作小时: hours counted inside office hours only
	Days                      // N个自然日 / N日 / N天: calendar days
	Weeks                     // N周: 7N calendar days
	Months                    // N个月: the same date N months later, clamped to the month's end
	Hours                     // N小时: elapsed clock hours
)

// Limit is a parsed time limit (办理时限). N is the count for the counted units and 0 for 即办, 当天 and 次日.
// The zero Limit means no limit was set.
type Limit struct {
	Unit Unit
	N    int
}

// maxN caps each unit at about ten years, far beyond any real limit, so arithmetic never runs away.
var maxN = map[Unit]int{
	Workdays: 2500, WorkHours: 17500, Days: 3660, Weeks: 520, Months: 120, Hours: 87840,
}

// counted reports whether the unit takes a count N.
func (u Unit) counted() bool { return u >= Workdays && u <= Hours }

// IsZero reports whether no limit is set.
func (l Limit) IsZero() bool { return l.Unit == 0 }

// String returns the canonical Chinese form, which ParseLimit reads back to the same Limit.
func (l Limit) String() string {
	n := strconv.Itoa(l.N)
	switch l.Unit {
	case Immediate:
		return "即办"
	case Today:
		return "当天"
	case NextDay:
		return "次日"
	case Workdays:
		return n + "个工作日"
	case WorkHours:
		return n + "个工作小时"
	case Days:
		return n + "个自然日"
	case Weeks:
		return n + "周"
	case Months:
		return n + "个月"
	case Hours:
		return n + "小时"
	}
	return ""
}

// Default office hours give 7 working hours a day; calendar time converts at 5 working days per 7 days.
const (
	nominalHoursPerDay = 7.0
	weekRatio          = 5.0 / 7.0
	daysPerMonth       = 365.25 / 12
)

// NominalWorkdays returns a size in working days that makes limits of different units comparable (for summing
// step limits along a path and comparing with a process limit). It depends on the limit alone: working hours
// convert at the default 7 office hours a day, calendar time at 5 working days per 7 calendar days, a month
// is 365.25/12 days. 即办 is 0; 当天 and 次日 are 1.
func (l Limit) NominalWorkdays() float64 {
	n := float64(l.N)
	switch l.Unit {
	case Today, NextDay:
		return 1
	case Workdays:
		return n
	case WorkHours:
		return n / nominalHoursPerDay
	case Days:
		return n * weekRatio
	case Weeks:
		return n * 7 * weekRatio
	case Months:
		return n * daysPerMonth * weekRatio
	case Hours:
		return n / 24 * weekRatio
	}
	return 0
}

// MarshalText writes the canonical form, so a Limit can sit in JSON and YAML as its text.
func (l Limit) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText parses text with ParseLimit; empty text is the zero Limit.
func (l *Limit) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*l = Limit{}
		return nil
	}
	v, err := ParseLimit(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// LimitError is the error ParseLimit returns. Message is Chinese and tells the writer what to write instead;
// Vague marks words like 尽快 that name no concrete limit at all.
type LimitError struct {
	Input   string
	Message string
	Vague   bool
}

func (e *LimitError) Error() string { return e.Message }

// acceptedForms is the list every "cannot read this" message ends with.
const acceptedForms = "可用写法：即办；当天（当日）；次日；N个工作日（如“3个工作日”“十五个工作日内”）；" +
	"N个工作小时；N小时；N个自然日（也可写N日、N天）；N周；N个月；英文写法如“3 workdays”“2 days”“24h”“4 work hours”。"

func limitError(input string, vague bool, format string, args ...any) *LimitError {
	return &LimitError{Input: input, Vague: vague, Message: fmt.Sprintf(format, args...)}
}
