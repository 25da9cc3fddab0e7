package calendar

import (
	"slices"
	"strconv"
	"strings"
)

// Years an arrangement may be for.
const (
	minYear = 2000
	maxYear = 2100
)

// statutoryNames are the holidays of the 全国年节及纪念日放假办法 that every citizen has off.
var statutoryNames = []string{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}

// Check returns every problem of an arrangement, errors and warnings. Errors: a year outside 2000–2100, no
// holidays, a holiday without a name or without dates, a date outside the year, a date listed twice or both
// off and working, a make-up working day on Monday–Friday. Warnings: no notice cited, a name that is not a
// statutory holiday, a day off that is a plain weekend not joined to a weekday off of the same holiday, and
// (marked Statutory) a statutory holiday missing or given fewer days than the law.
func (a *Arrangement) Check() []Problem {
	ps := check(a, nil)
	sortProblems(ps)
	return ps
}

type place struct {
	holiday int
	off     bool
}

func check(a *Arrangement, pos *positions) []Problem {
	c := checker{a: a, pos: pos, seen: map[Date]place{}}
	c.year()
	for i := range a.Holidays {
		c.holiday(i)
	}
	c.statutory()
	return c.problems
}

type checker struct {
	a        *Arrangement
	pos      *positions
	seen     map[Date]place
	problems []Problem
}

func (c *checker) add(line int, warning bool, msg string) {
	c.problems = append(c.problems, Problem{Line: line, Warning: warning, Message: msg})
}

func (c *checker) year() {
	line := c.pos.line(func(p *positions) int { return p.year })
	if c.a.Year < minYear || c.a.Year > maxYear {
		c.add(line, false, "年度须在2000年至2100年之间")
	}
	if len(c.a.Holidays) == 0 {
		c.add(line, false, "未列出任何节假日；没有放假安排的年度不能载入，否则会被当作只有周末休息")
	}
	if len(c.a.Notices) == 0 {
		c.add(line, true, "未注明所依据的国务院办公厅通知（notices），建议写明标题、文号和日期")
	}
}

func (c *checker) holiday(i int) {
	h := c.a.Holidays[i]
	line := c.pos.line(func(p *positions) int { return p.holidays[i] })
	name := h.Name
	switch {
	case name == "":
		c.add(line, false, "节日缺少名称（name）")
		name = "该节日"
	case !statutoryName(name):
		c.add(line, true, "“"+name+"”不是法定节日名称（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节），请确认；确有特别安排的可忽略此提示")
	}
	if len(h.Off)+len(h.Work) == 0 {
		c.add(line, false, name+"既没有放假日（off）也没有调休上班日（work）")
	}
	for j, d := range h.Off {
		c.date(d, place{i, true}, c.pos.line(func(p *positions) int { return p.off[i][j] }))
	}
	for j, d := range h.Work {
		l := c.pos.line(func(p *positions) int { return p.work[i][j] })
		if !d.day().weekend() {
			c.add(l, false, d.String()+"是"+weekdayName(d)+"，本来就上班，不能列为调休上班日；请核对日期")
		}
		c.date(d, place{i, false}, l)
	}
	c.loneWeekends(i)
}

func (c *checker) date(d Date, at place, line int) {
	if d.Year != c.a.Year {
		c.add(line, false, d.String()+"不在"+strconv.Itoa(c.a.Year)+"年内；每个文件只能写本年度的日期")
		return
	}
	prev, dup := c.seen[d]
	switch {
	case !dup:
		c.seen[d] = at
	case prev.off != at.off:
		c.add(line, false, d.String()+"既列为放假日又列为调休上班日")
	default:
		c.add(line, false, d.String()+"重复列出")
	}
}

// loneWeekends warns about a weekend day off that no weekday off of the same holiday joins: listing it
// changes nothing and usually means a wrong date.
func (c *checker) loneWeekends(i int) {
	h := c.a.Holidays[i]
	off := map[day]bool{}
	for _, d := range h.Off {
		off[d.day()] = true
	}
	work := map[day]bool{}
	for _, d := range h.Work {
		work[d.day()] = true
	}
	joined := func(d day) bool { return off[d] || (d.weekend() && !work[d]) }
	for j, d := range h.Off {
		x := d.day()
		if !x.weekend() {
			continue
		}
		ok := false
		for step := day(-1); step <= 1 && !ok; step += 2 {
			for y := x; joined(y) && !ok; y += step {
				ok = off[y] && !y.weekend()
			}
		}
		if !ok {
			line := c.pos.line(func(p *positions) int { return p.off[i][j] })
			c.add(line, true, d.String()+"是"+weekdayName(d)+"，本来就休息，且不与"+h.Name+"的工作日放假相连；列为放假日不改变安排，请核对日期")
		}
	}
}

func statutoryName(name string) bool {
	for part := range strings.SplitSeq(name, "、") {
		if !slices.Contains(statutoryNames, part) {
			return false
		}
	}
	return true
}

var weekdayNames = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

func weekdayName(d Date) string { return weekdayNames[d.Weekday()] }

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
}
