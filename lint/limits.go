package lint

import (
	"strconv"
	"strings"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/process"
)

// limitRules: every step people do has a time limit, and the longest path fits the process's limit.
func limitRules(l *linter) {
	for i := range l.def.Steps {
		s := &l.def.Steps[i]
		if s.Type.IsHuman() && strings.TrimSpace(s.Limit) == "" {
			l.add(s.Pos, RuleMissingLimit, "%s环节%s没有时限：请写 limit，例如 limit: 当天 或 limit: 3个工作日，做到每个环节都有明确的时限要求", s.Type.Label(), label(s))
		}
	}
	if l.usable {
		overLimit(l)
	}
}

// stepLimit is the limit that holds a step's work up: its own limit, or a wait step's duration.
func stepLimit(s *process.Step) (calendar.Limit, bool) {
	text := s.Limit
	if s.Type == process.StepWait {
		text = s.Wait
	}
	if text == "" {
		return calendar.Limit{}, false
	}
	lim, err := calendar.ParseLimit(text)
	return lim, err == nil
}

// overLimit sums the step limits along the longest path from the start, each loop counted once.
func overLimit(l *linter) {
	total, err := calendar.ParseLimit(l.def.Limit)
	if l.def.Limit == "" || err != nil {
		return
	}
	g := newGraph(l.view)
	order, forward := g.dag()
	weight := make([]float64, len(g.steps))
	for i, s := range g.steps {
		if lim, ok := stepLimit(s); ok {
			weight[i] = lim.NominalWorkdays()
		}
	}
	best, prev := longestPaths(g.start, order, forward, weight)
	last := g.start
	for _, n := range order {
		if best[n] > best[last] {
			last = n
		}
	}
	if best[last] <= total.NominalWorkdays()+1e-9 {
		return
	}
	l.add(l.def.PosOf("limit"), RuleOverLimit, "最长路径上各环节时限合计约 %s 个工作日（%s），超过流程总时限“%s”（约 %s 个工作日）：请压缩环节时限，或核实总时限",
		days(best[last]), pathLimits(g, prev, last), l.def.Limit, days(total.NominalWorkdays()))
}

func longestPaths(start int, order []int, forward [][]int, weight []float64) ([]float64, []int) {
	best := make([]float64, len(weight))
	prev := make([]int, len(weight))
	for i := range prev {
		prev[i] = -1
		best[i] = -1
	}
	best[start] = weight[start]
	for _, n := range order {
		for _, m := range forward[n] {
			if best[n]+weight[m] > best[m] {
				best[m], prev[m] = best[n]+weight[m], n
			}
		}
	}
	return best, prev
}

// pathLimits lists the limited steps on the path ending at last: 起草 5个工作日 → 审核 2个工作日.
func pathLimits(g *graph, prev []int, last int) string {
	var parts []string
	for n := last; n >= 0; n = prev[n] {
		if lim, ok := stepLimit(g.steps[n]); ok && lim.NominalWorkdays() > 0 {
			parts = append([]string{label(g.steps[n]) + " " + lim.String()}, parts...)
		}
	}
	return joinPath(parts)
}

func days(f float64) string {
	return strconv.FormatFloat(float64(int(f*10+0.5))/10, 'f', -1, 64)
}
