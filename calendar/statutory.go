package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// statute is one version of the 全国年节及纪念日放假办法: the holidays every citizen has off from a year on,
// and the days of each.
type statute struct {
	from  int
	title string
	days  map[string]int
}

// statutes, oldest first. The 2013 amendment moved 春节 from 除夕 to 初三 without changing its length.
var statutes = []statute{
	{2000, "1999年修订", map[string]int{"元旦": 1, "春节": 3, "劳动节": 3, "国庆节": 3}},
	{2008, "2007年修订", map[string]int{"元旦": 1, "春节": 3, "清明节": 1, "劳动节": 1, "端午节": 1, "中秋节": 1, "国庆节": 3}},
	{2025, "2024年修订", map[string]int{"元旦": 1, "春节": 4, "清明节": 1, "劳动节": 2, "端午节": 1, "中秋节": 1, "国庆节": 3}},
}

func statuteFor(year int) (statute, bool) {
	for i := len(statutes) - 1; i >= 0; i-- {
		if year >= statutes[i].from {
			return statutes[i], true
		}
	}
	return statute{}, false
}

// statutory compares the arrangement with the statutory holidays of its year: a holiday not listed, and a
// holiday (or holidays listed together) whose days off on Monday–Friday less its weekend working days are
// fewer than the law gives. Each statutory day that falls on a weekend is made up on a weekday, so a complete
// arrangement never has fewer. Warnings only: a correction may differ on purpose.
func (c *checker) statutory() {
	law, ok := statuteFor(c.a.Year)
	if !ok {
		return
	}
	if missing := c.missing(law); len(missing) > 0 {
		line := c.pos.line(func(p *positions) int { return p.year })
		c.warnStatutory(line, fmt.Sprintf("未列出%s。按《全国年节及纪念日放假办法》（%s），这些节日全体公民放假；"+
			"载入后，%d年的这些节日将按普通工作日推算办理时限。载入的文件就是该年的全部安排（替换原有安排），只更正一个节日也须列出全年各节日。"+
			"确为有意的，可忽略此提示。", strings.Join(missing, "、"), law.title, c.a.Year))
	}
	for _, g := range c.groups() {
		c.groupDays(law, g)
	}
}

// StatutoryProblems keeps the problems that say a year differs from the statutory holidays.
func StatutoryProblems(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Statutory {
			out = append(out, p)
		}
	}
	return out
}

func (c *checker) warnStatutory(line int, msg string) {
	c.problems = append(c.problems, Problem{Line: line, Warning: true, Statutory: true, Message: msg})
}

// missing lists the statutory holidays no holiday of the file names, in the law's order.
func (c *checker) missing(law statute) []string {
	named := map[string]bool{}
	for _, h := range c.a.Holidays {
		for _, n := range splitName(h.Name) {
			named[n] = true
		}
	}
	var out []string
	for _, n := range statutoryNames {
		if _, ok := law.days[n]; ok && !named[n] {
			out = append(out, n)
		}
	}
	return out
}

// groups joins the holidays that share a name (国庆节、中秋节 and a later 中秋节), as indices into Holidays.
func (c *checker) groups() [][]int {
	var out [][]int
	var names []map[string]bool
	for i, h := range c.a.Holidays {
		g, set := []int{i}, map[string]bool{}
		for _, n := range splitName(h.Name) {
			set[n] = true
		}
		for j := len(out) - 1; j >= 0; j-- {
			if shares(names[j], set) {
				g = append(out[j], g...)
				for n := range names[j] {
					set[n] = true
				}
				out, names = slices.Delete(out, j, j+1), slices.Delete(names, j, j+1)
			}
		}
		out, names = append(out, g), append(names, set)
	}
	return out
}

func shares(a, b map[string]bool) bool {
	for n := range a {
		if b[n] {
			return true
		}
	}
	return false
}

// groupDays warns when the holidays of a group give fewer days off than the law. Only dates the checker
// accepted count: a date outside the year or listed twice is an error of its own.
func (c *checker) groupDays(law statute, g []int) {
	slices.Sort(g)
	due, name := 0, c.groupName(g)
	var parts []string
	for _, n := range splitName(name) {
		if d, ok := law.days[n]; ok {
			due += d
			parts = append(parts, n+strconv.Itoa(d)+"天")
		}
	}
	if due == 0 {
		return
	}
	off, work := 0, 0
	for d, at := range c.seen {
		switch {
		case !slices.Contains(g, at.holiday):
		case at.off && !d.day().weekend():
			off++
		case !at.off && d.day().weekend():
			work++
		}
	}
	if off-work >= due {
		return
	}
	gives := strconv.Itoa(due) + "天"
	if len(parts) > 1 {
		gives += "（" + strings.Join(parts, "、") + "）"
	}
	line := c.pos.line(func(p *positions) int { return p.holidays[g[0]] })
	c.warnStatutory(line, fmt.Sprintf("%s净放假%d天（%s），少于《全国年节及纪念日放假办法》（%s）规定的%s；"+
		"适逢周六、周日的法定假日应在工作日补休。请核对日期，确为有意的可忽略此提示。", name, off-work, netText(off, work), law.title, gives))
}

// groupName joins the group's names in file order, each once.
func (c *checker) groupName(g []int) string {
	var names []string
	for _, i := range g {
		for _, n := range splitName(c.a.Holidays[i].Name) {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return strings.Join(names, "、")
}

func netText(off, work int) string {
	s := "周一至周五放假" + strconv.Itoa(off) + "天"
	if work > 0 {
		s += "，减去调休上班" + strconv.Itoa(work) + "天"
	}
	return s
}

func splitName(name string) []string {
	if name == "" {
		return nil
	}
	return strings.Split(name, "、")
}
