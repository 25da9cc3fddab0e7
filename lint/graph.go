package lint

import "github.com/govflow/govflow/process"

// graph is a definition's steps as numbered nodes with their distinct successors.
type graph struct {
	def   *process.Definition
	steps []*process.Step
	index map[string]int
	succ  [][]int
	start int
}

func newGraph(def *process.Definition) *graph {
	g := &graph{def: def, index: map[string]int{}, start: -1}
	for i := range def.Steps {
		g.steps = append(g.steps, &def.Steps[i])
		g.index[def.Steps[i].ID] = i
		if def.Steps[i].Type == process.StepStart {
			g.start = i
		}
	}
	g.succ = make([][]int, len(g.steps))
	for i, s := range g.steps {
		for _, t := range s.Targets() {
			if j, ok := g.index[t]; ok {
				g.succ[i] = append(g.succ[i], j)
			}
		}
	}
	return g
}

// reachable marks the nodes reachable from node from.
func (g *graph) reachable(from int) []bool {
	seen := make([]bool, len(g.steps))
	stack := []int{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, g.succ[n]...)
	}
	return seen
}

// reachesEnd marks the nodes from which some end step is reachable.
func (g *graph) reachesEnd() []bool {
	pred := make([][]int, len(g.steps))
	var stack []int
	for i, s := range g.steps {
		for _, j := range g.succ[i] {
			pred[j] = append(pred[j], i)
		}
		if s.Type == process.StepEnd {
			stack = append(stack, i)
		}
	}
	seen := make([]bool, len(g.steps))
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, pred[n]...)
	}
	return seen
}

// dag drops the arrows that close loops (back edges of a depth-first walk from the start), so that every
// loop counts once. It returns the reachable nodes in topological order and the remaining arrows.
func (g *graph) dag() (order []int, forward [][]int) {
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, len(g.steps))
	forward = make([][]int, len(g.steps))
	var post []int
	var visit func(n int)
	visit = func(n int) {
		state[n] = active
		for _, m := range g.succ[n] {
			if state[m] == active {
				continue
			}
			forward[n] = append(forward[n], m)
			if state[m] == unseen {
				visit(m)
			}
		}
		state[n] = done
		post = append(post, n)
	}
	visit(g.start)
	for i := len(post) - 1; i >= 0; i-- {
		order = append(order, post[i])
	}
	return order, forward
}

// label names a step for messages: “name”, or “id” when it has no name.
func label(s *process.Step) string {
	if s.Name != "" {
		return "“" + s.Name + "”"
	}
	return "“" + s.ID + "”"
}
