package web

import (
	"strings"
	"time"

	"github.com/govflow/govflow/calendar"
)

// calMonth is one month of the year grid: six weeks, Monday first, padded with empty cells, so that
// the months of a row line up.
type calMonth struct {
	Month time.Month
	Weeks [6]calWeek
}

// calWeek is one row of a month; Blank rows only pad (phones leave them out).
type calWeek struct {
	Days  [7]calCell
	Blank bool
}

// calCell is one day of the grid; Day 0 is padding.
type calCell struct {
	Day     int
	Date    string
	Weekend bool
	Off     bool // a day off of a holiday (weekend days inside the run included)
	Work    bool // a make-up working day (调休上班)
	Today   bool
	Known   bool   // the year has an arrangement
	Name    string // the holiday
	Label   bool   // show the name: the first day off of a run, and every make-up day
}

// Class lists the cell's CSS classes.
func (c calCell) Class() string {
	if c.Day == 0 {
		return "pad"
	}
	var cls []string
	for _, x := range []struct {
		on   bool
		name string
	}{{c.Weekend, "wk"}, {c.Off, "off"}, {c.Work, "work"}, {c.Today, "today"}, {!c.Known, "unknown"}} {
		if x.on {
			cls = append(cls, x.name)
		}
	}
	return strings.Join(cls, " ")
}

// Title is the cell's tooltip: the date, the weekday and what the day is.
func (c calCell) Title(p *Page) string {
	d, _ := calendar.ParseDate(c.Date)
	s := p.T("%d年%d月%d日", d.Year, d.Month, d.Day) + " " + p.T(weekdayNames[d.Weekday()])
	switch {
	case c.Off:
		s += " · " + holidayName(p, c.Name) + " · " + p.T("放假")
	case c.Work:
		s += " · " + holidayName(p, c.Name) + " · " + p.T("调休上班")
	}
	return s
}

// Short is the holiday name as the cell shows it: the first of joined names (国庆节、中秋节 → 国庆节).
func (c calCell) Short(p *Page) string {
	first, _, _ := strings.Cut(c.Name, "、")
	return holidayName(p, first)
}

var weekdayNames = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}
var weekdayShort = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// holidayName translates a holiday's name, names joined with 、 one by one.
func holidayName(p *Page, name string) string {
	if p.Lang != "en" {
		return name
	}
	parts := strings.Split(name, "、")
	for i, x := range parts {
		parts[i] = p.T(x)
	}
	return strings.Join(parts, ", ")
}

// yearGrid lays out a year's months.
func yearGrid(c *calendar.Calendar, year int, today calendar.Date) []calMonth {
	months := make([]calMonth, 12)
	for m := range 12 {
		months[m] = monthGrid(c, year, time.Month(m+1), today)
	}
	return months
}

func monthGrid(c *calendar.Calendar, year int, month time.Month, today calendar.Date) calMonth {
	out := calMonth{Month: month}
	days := c.Month(year, month)
	if len(days) == 0 {
		return out
	}
	offset := (int(days[0].Date.Weekday()) + 6) % 7 // Monday first
	for i, d := range days {
		pos := offset + i
		wd := d.Date.Weekday()
		cell := calCell{Day: d.Date.Day, Date: d.Date.String(), Weekend: wd == time.Saturday || wd == time.Sunday,
			Known: d.Known, Name: d.Name, Today: d.Date == today}
		cell.Off, cell.Work = d.Name != "" && !d.Workday, d.Name != "" && d.Workday
		prev := c.Day(d.Date.AddDays(-1))
		cell.Label = cell.Work || (cell.Off && (prev.Name != d.Name || prev.Workday))
		out.Weeks[pos/7].Days[pos%7] = cell
	}
	for i := range out.Weeks {
		out.Weeks[i].Blank = out.Weeks[i].Days[0].Day == 0 && out.Weeks[i].Days[6].Day == 0
	}
	return out
}

// calRun is a stretch of consecutive dates.
type calRun struct{ From, To calendar.Date }

// calHoliday is one holiday of the year as the State Council's notice words it.
type calHoliday struct {
	Name string
	Off  []calRun
	Days int
	Work []calendar.Date
}

func holidays(a *calendar.Arrangement) []calHoliday {
	if a == nil {
		return nil
	}
	out := make([]calHoliday, 0, len(a.Holidays))
	for _, h := range a.Holidays {
		out = append(out, calHoliday{Name: h.Name, Off: runsOf(h.Off), Days: len(h.Off), Work: h.Work})
	}
	return out
}

func runsOf(ds []calendar.Date) []calRun {
	var out []calRun
	for _, d := range ds {
		if n := len(out); n > 0 && out[n-1].To.AddDays(1) == d {
			out[n-1].To = d
			continue
		}
		out = append(out, calRun{d, d})
	}
	return out
}

// Sentence words a holiday like the notice: 1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
func (h calHoliday) Sentence(p *Page) string {
	var b strings.Builder
	for i, r := range h.Off {
		if i > 0 {
			b.WriteString(p.T("、"))
		}
		b.WriteString(dayText(p, r.From, true))
		if r.To != r.From {
			b.WriteString(p.T("至") + dayText(p, r.To, r.To.Month != r.From.Month))
		}
	}
	if len(h.Off) > 0 {
		rest := "放假，共%d天。"
		if len(h.Work) > 0 {
			rest = "放假调休，共%d天。"
		}
		b.WriteString(p.T(rest, h.Days))
	}
	for i, d := range h.Work {
		if i > 0 {
			b.WriteString(p.T("、"))
		}
		b.WriteString(dayText(p, d, true))
	}
	if len(h.Work) > 0 {
		b.WriteString(p.T("上班。"))
	}
	return b.String()
}

// DisplayName is the holiday's name in the page's language.
func (h calHoliday) DisplayName(p *Page) string { return holidayName(p, h.Name) }

func dayText(p *Page, d calendar.Date, withMonth bool) string {
	wd := p.T("周" + weekdayShort[d.Weekday()])
	if withMonth {
		return p.T("%d月%d日（%s）", d.Month, d.Day, wd)
	}
	return p.T("%d日（%s）", d.Day, wd)
}

// calStats counts a year's days.
type calStats struct {
	Workdays, DaysOff, WeekdaysOff, MakeUp int
}

func yearStats(c *calendar.Calendar, year int) calStats {
	var s calStats
	for d := (calendar.Date{Year: year, Month: time.January, Day: 1}); d.Year == year; d = d.AddDays(1) {
		day := c.Day(d)
		wd := d.Weekday()
		weekend := wd == time.Saturday || wd == time.Sunday
		switch {
		case day.Workday:
			s.Workdays++
			if weekend {
				s.MakeUp++
			}
		default:
			s.DaysOff++
			if !weekend {
				s.WeekdaysOff++
			}
		}
	}
	return s
}
