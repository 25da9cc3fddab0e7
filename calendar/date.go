package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date in Beijing, without a time of day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the Beijing date of the instant t.
func DateOf(t time.Time) Date {
	d, _ := split(t)
	return d.date()
}

// ParseDate reads YYYY-MM-DD and refuses dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Beijing)
	if err != nil {
		return Date{}, fmt.Errorf("日期“%s”无法识别，应写作YYYY-MM-DD（如2026-02-14）", s)
	}
	return DateOf(t), nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.day().weekday() }

// AddDays returns the date n calendar days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return (d.day() + day(n)).date() }

// Start returns midnight at the beginning of the date, Beijing time.
func (d Date) Start() time.Time { return d.day().at(0) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.day() < e.day() }

// day counts days since 1970-01-01 in Beijing; all arithmetic runs on it.
type day int

const secondsPerDay = 86400

var beijingOffset = int64(8 * 60 * 60)

// split returns the Beijing day of t and the time since that day's midnight.
func split(t time.Time) (day, time.Duration) {
	sec := t.Unix() + beijingOffset
	d := sec / secondsPerDay
	if sec%secondsPerDay < 0 {
		d--
	}
	tod := time.Duration(sec-d*secondsPerDay)*time.Second + time.Duration(t.Nanosecond())
	return day(d), tod
}

// at returns the instant tod after the day's midnight, Beijing time.
func (d day) at(tod time.Duration) time.Time {
	return time.Unix(int64(d)*secondsPerDay-beijingOffset, int64(tod)).In(Beijing)
}

// weekday: 1970-01-01 was a Thursday.
func (d day) weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

func (d day) weekend() bool {
	w := d.weekday()
	return w == time.Saturday || w == time.Sunday
}

// weekdaysBefore counts Monday–Friday days in [0, d) (negative for d < 0): whole weeks give 5 each, and the
// partial week starts on a Thursday.
func weekdaysBefore(d day) int {
	q := floorDiv(int(d), 7)
	r := int(d) - 7*q
	return 5*q + [7]int{0, 1, 2, 2, 2, 3, 4}[r]
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dayOfDate converts a civil date (days_from_civil, H. Hinnant); it normalises out-of-range days like time.Date.
func (d Date) day() day {
	y, m := d.Year, int(d.Month)
	if m < 1 || m > 12 {
		return dayOfTime(d)
	}
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097 + doe - 719468)
}

func dayOfTime(d Date) day {
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, Beijing)
	dd, _ := split(t)
	return dd
}

// date converts back (civil_from_days, H. Hinnant).
func (d day) date() Date {
	z := int(d) + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{Year: y, Month: time.Month(m), Day: dd}
}

func (d day) year() int { return d.date().Year }

func yearStart(y int) day { return Date{y, time.January, 1}.day() }

// addMonths returns the same day n months later, clamped to the end of a shorter month (民法典第二百零二条).
func (d day) addMonths(n int) day {
	c := d.date()
	m := int(c.Month) - 1 + n
	y := c.Year + floorDiv(m, 12)
	mon := time.Month(m - 12*floorDiv(m, 12) + 1)
	last := Date{y, mon + 1, 1}.day() - 1
	target := Date{y, mon, c.Day}.day()
	return min(target, last)
}
