package calendar

import (
	"fmt"
	"slices"
	"strings"
)

// Arrangement is one year's holiday arrangement (放假安排): the days off and the make-up working days
// (调休上班) of each holiday, and the notices it was written from. The national arrangements ship with govflow;
// an administrator loads or corrects a year with a file in the same format (see README.md in this package).
// Treat an Arrangement as read-only once a Calendar holds it.
type Arrangement struct {
	Year     int
	Notices  []Notice
	Holidays []Holiday
}

// Notice cites the State Council notice an arrangement was written from.
type Notice struct {
	Title  string // 国务院办公厅关于2026年部分节假日安排的通知
	Number string // 文号: 国办发明电〔2025〕7号
	Date   string // YYYY-MM-DD
	URL    string
}

// Holiday is one holiday run: its name, the days off (weekend days inside the run included) and the make-up
// working days on weekends.
type Holiday struct {
	Name string
	Off  []Date
	Work []Date
}

// Day is one date of a calendar.
type Day struct {
	Date    Date
	Workday bool
	Name    string // the holiday the day belongs to; empty for an ordinary day
	Known   bool   // false: the year has no arrangement and the day is judged by weekends alone
}

// Days lists every date the arrangement names, in date order.
func (a *Arrangement) Days() []Day {
	var out []Day
	for _, h := range a.Holidays {
		for _, d := range h.Off {
			out = append(out, Day{Date: d, Name: h.Name, Known: true})
		}
		for _, d := range h.Work {
			out = append(out, Day{Date: d, Workday: true, Name: h.Name, Known: true})
		}
	}
	slices.SortStableFunc(out, func(x, y Day) int { return int(x.Date.day() - y.Date.day()) })
	return out
}

func (a *Arrangement) clone() *Arrangement {
	b := &Arrangement{Year: a.Year, Notices: slices.Clone(a.Notices)}
	for _, h := range a.Holidays {
		b.Holidays = append(b.Holidays, Holiday{Name: h.Name, Off: slices.Clone(h.Off), Work: slices.Clone(h.Work)})
	}
	return b
}

// Cite returns the notices as one line: title（文号，date）; ….
func (a *Arrangement) Cite() string {
	parts := make([]string, 0, len(a.Notices))
	for _, n := range a.Notices {
		var meta []string
		for _, s := range []string{n.Number, n.Date} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		s := n.Title
		if len(meta) > 0 {
			s += "（" + strings.Join(meta, "，") + "）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "；")
}

// Problem is one finding about an arrangement file. Errors make the file unusable; warnings are accepted and
// shown to the administrator.
type Problem struct {
	Line    int // 1-based line in the file; 0 when not known
	Warning bool
	// Statutory marks a warning that the year differs from the statutory holidays (a holiday missing, or
	// fewer days than the law): deadlines would be computed as if those days were working days, so it is
	// shown prominently.
	Statutory bool
	Message   string // Chinese
}

func (p Problem) String() string {
	s := p.Message
	if p.Line > 0 {
		s = fmt.Sprintf("第%d行：%s", p.Line, s)
	}
	if p.Warning {
		s = "提示：" + s
	}
	return s
}

// ArrangementError is returned when a file or an arrangement has errors; Problems holds every finding,
// warnings included.
type ArrangementError struct {
	Problems []Problem
}

func (e *ArrangementError) Error() string {
	var errs []string
	for _, p := range e.Problems {
		if !p.Warning {
			errs = append(errs, p.String())
		}
	}
	if len(errs) == 1 {
		return "放假安排有误：" + errs[0]
	}
	return fmt.Sprintf("放假安排有%d处错误：%s", len(errs), strings.Join(errs, "；"))
}

func hasError(ps []Problem) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return !p.Warning })
}
