package lint

import (
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// soundnessRules play the token game of the process over its whole state space (breadth first, so every
// counterexample is a shortest one), treating exclusive conditions and approval outcomes as free choices.
// They report deadlocks (an AND join that can never fire, e.g. after an exclusive split), ends reached while
// other branches still run (a parallel split without its join), and loops that multiply tokens without bound.
func soundnessRules(l *linter) {
	if !l.usable || !l.unique {
		return
	}
	e := &explorer{l: l, n: newNet(newGraph(l.def)), reported: map[string]bool{}}
	e.run()
}

// state is one reachable marking and how it was first reached.
type state struct {
	m      []uint8
	tokens int
	parent int
	step   int // the step fired to get here; -1 for the initial state
	in     int // the (first) place that firing consumed
	choice string
}

type explorer struct {
	l        *linter
	n        *net
	states   []state
	seen     map[string]bool
	reported map[string]bool
	work     int // steps examined so far, against the budget
}

// workPerState bounds the exploration's cost (firings and ancestor comparisons) with the state limit.
const workPerState = 50

func (e *explorer) run() {
	initial := make([]uint8, len(e.n.places))
	initial[0] = 1
	e.states = []state{{m: initial, tokens: 1, parent: -1, step: -1}}
	e.seen = map[string]bool{string(initial): true}
	limit := e.l.opts.maxStates()
	for q := 0; q < len(e.states); q++ {
		if len(e.states) > limit || e.work > limit*workPerState {
			e.l.add(e.l.def.PosOf("steps"), RuleStateSpace, "流程的状态太多（已探索 %d 个），控制流未能检查完：请减少并行分支的数量或嵌套层次", len(e.states))
			return
		}
		e.expand(q)
	}
}

// expand fires every enabled step of state q with every choice, recording new states and problems.
func (e *explorer) expand(q int) {
	cur := e.states[q].m
	fs := e.n.enabled(cur)
	e.work += len(fs) + 1
	if len(fs) == 0 && !empty(cur) {
		e.deadlock(q)
		return
	}
	for _, f := range fs {
		for _, c := range e.n.outs[f.step] {
			next, ok := fire(cur, f, c)
			label := c.label
			if len(e.n.outs[f.step]) == 1 {
				label = ""
			}
			s := state{m: next, tokens: tokens(next), parent: q, step: f.step, in: f.consume[0], choice: label}
			if !ok || e.coversAncestor(q, s) {
				e.unbounded(s)
				continue
			}
			if e.n.g.steps[f.step].Type == process.StepEnd && !empty(next) {
				e.improperEnd(s)
			}
			if !e.seen[string(next)] {
				e.seen[string(next)] = true
				e.states = append(e.states, s)
			}
		}
	}
}

// coversAncestor reports whether s strictly covers a state on its own path: then the loop between them can
// be repeated without end, each time leaving more tokens.
func (e *explorer) coversAncestor(q int, s state) bool {
	for a := q; a >= 0; a = e.states[a].parent {
		if s.tokens <= e.states[a].tokens {
			continue
		}
		e.work++
		if covers(s.m, e.states[a].m) {
			return true
		}
	}
	return false
}

func (e *explorer) report(step *process.Step, rule, format string, args ...any) {
	key := rule + "\x00" + step.ID
	if e.reported[key] {
		return
	}
	e.reported[key] = true
	e.l.add(step.Pos, rule, format, args...)
}

// path lists the steps fired to reach s: start → 登记 → 审核（不同意）→ 起草.
func (e *explorer) path(s state) string {
	var parts []string
	for ; s.step >= 0; s = e.states[s.parent] {
		p := plainLabel(e.n.g.steps[s.step])
		if s.choice != "" {
			p += "（" + s.choice + "）"
		}
		parts = append([]string{p}, parts...)
	}
	return joinPath(parts)
}

// joinPath joins the parts of a path with arrows, eliding the middle of a long one.
func joinPath(parts []string) string {
	if len(parts) > 16 {
		parts = append(append(parts[:6:6], "…"), parts[len(parts)-8:]...)
	}
	return strings.Join(parts, " → ")
}

func plainLabel(s *process.Step) string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// steps lists the steps of a state's path, oldest first.
func (e *explorer) steps(s state) []*process.Step {
	var out []*process.Step
	for ; s.step >= 0; s = e.states[s.parent] {
		out = append([]*process.Step{e.n.g.steps[s.step]}, out...)
	}
	return out
}

// waiting names the steps tokens of m are waiting at.
func (e *explorer) waiting(m []uint8) string {
	var names []string
	for p, k := range m {
		if k > 0 {
			name := label(e.n.g.steps[e.n.places[p].to])
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return strings.Join(names, "、")
}
