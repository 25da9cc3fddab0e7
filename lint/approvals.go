package lint

import (
	"strings"

	"github.com/govflow/govflow/process"
)

// approvalRules: no more consecutive approval levels than allowed (“环节最少”). Gateways between approvals do
// not break a chain; any other step does. Loops count once.
func approvalRules(l *linter) {
	if !l.usable {
		return
	}
	g := newGraph(l.view)
	order, forward := g.dag()
	run := make([]int, len(g.steps))
	prev := make([]int, len(g.steps))
	for i := range prev {
		prev[i] = -1
	}
	pred := predecessors(order, forward, len(g.steps))
	limit := l.opts.maxApprovalLevels()
	for _, n := range order {
		s := g.steps[n]
		if s.Type != process.StepApproval && !isGateway(s) {
			continue
		}
		for _, p := range pred[n] {
			if run[p] > run[n] {
				run[n], prev[n] = run[p], p
			}
		}
		if s.Type == process.StepApproval {
			run[n]++
			if run[n] == limit+1 {
				l.add(s.Pos, RuleApprovalChain, "连续 %d 级审批（%s），超过 %d 级：按“路径最简、环节最少”的要求，请合并审核环节，或用 skip_if 视重要程度压减审核层级",
					run[n], chain(g, prev, n), limit)
			}
		}
	}
}

func predecessors(order []int, forward [][]int, n int) [][]int {
	pred := make([][]int, n)
	for _, a := range order {
		for _, b := range forward[a] {
			pred[b] = append(pred[b], a)
		}
	}
	return pred
}

func isGateway(s *process.Step) bool {
	return s.Type == process.StepExclusive || s.Type == process.StepParallel
}

// chain lists the approval steps of the run ending at n, in order.
func chain(g *graph, prev []int, n int) string {
	var parts []string
	for ; n >= 0; n = prev[n] {
		if g.steps[n].Type == process.StepApproval {
			parts = append([]string{label(g.steps[n])}, parts...)
		}
	}
	return strings.Join(parts, " → ")
}
