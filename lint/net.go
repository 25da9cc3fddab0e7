package lint

import "github.com/govflow/govflow/process"

// net is a definition's control flow as a Petri net for the token game: its places are the arrows (one per
// pair of steps) plus place 0, the start's input; each step is a transition.
type net struct {
	g      *graph
	places []arrow
	byPair map[arrow]int
	in     [][]int    // per step: its input places
	outs   [][]choice // per step: the alternatives it may take when it fires
	join   []bool     // per step: an AND join, which needs a token on every input place
}

type arrow struct{ from, to int }

// choice is one way a step can go: exclusive branches and approval outcomes are free choices.
type choice struct {
	label     string
	places    []int
	terminate bool // 不同意 without reject: the instance ends, every token with it
}

func newNet(g *graph) *net {
	n := &net{g: g, places: []arrow{{-1, g.start}}, byPair: map[arrow]int{}, in: make([][]int, len(g.steps)),
		outs: make([][]choice, len(g.steps)), join: make([]bool, len(g.steps))}
	n.in[g.start] = []int{0}
	for i := range g.steps {
		for _, j := range g.succ[i] {
			n.in[j] = append(n.in[j], len(n.places))
			n.byPair[arrow{i, j}] = len(n.places)
			n.places = append(n.places, arrow{i, j})
		}
	}
	for i, s := range g.steps {
		n.join[i] = s.Type == process.StepParallel && len(n.in[i]) > 1
		n.outs[i] = n.choices(i, s)
	}
	return n
}

func (n *net) place(from int, to string) int {
	j, ok := n.g.index[to]
	if !ok {
		return -1
	}
	if p, ok := n.byPair[arrow{from, j}]; ok {
		return p
	}
	return -1
}

func (n *net) choices(i int, s *process.Step) []choice {
	one := func(label string, ids ...string) choice {
		c := choice{label: label}
		for _, id := range ids {
			if p := n.place(i, id); p >= 0 {
				c.places = append(c.places, p)
			}
		}
		return c
	}
	switch {
	case s.Type == process.StepEnd:
		return []choice{{}}
	case s.Type == process.StepExclusive && len(s.Branches) > 0:
		var out []choice
		for _, b := range s.Branches {
			out = append(out, one(branchLabel(b), b.Next))
		}
		if s.Default != "" {
			out = append(out, one("其他情况", s.Default))
		}
		return out
	case s.Type == process.StepApproval:
		reject := choice{label: "不同意", terminate: true}
		if s.Reject != "" {
			reject = one("不同意", s.Reject)
		}
		return []choice{one("同意", s.Next...), reject}
	}
	return []choice{one("", s.Next...)}
}

func branchLabel(b process.Branch) string {
	if b.Name != "" {
		return b.Name
	}
	return b.When
}

// firing is one way to fire a step in a marking: the input places it consumes.
type firing struct {
	step    int
	consume []int
}

// enabled lists the firings possible in marking m: an AND join consumes one token from each input; any
// other step consumes a token from one input.
func (n *net) enabled(m []uint8) []firing {
	var out []firing
	for p, k := range m {
		if k == 0 {
			continue
		}
		s := n.places[p].to
		switch {
		case !n.join[s]:
			out = append(out, firing{s, []int{p}})
		case p == n.in[s][0] && allMarked(m, n.in[s]): // listed once, at its first input
			out = append(out, firing{s, n.in[s]})
		}
	}
	return out
}

func allMarked(m []uint8, places []int) bool {
	for _, p := range places {
		if m[p] == 0 {
			return false
		}
	}
	return true
}

// fire returns the marking after f takes choice c, and false when a place would overflow.
func fire(m []uint8, f firing, c choice) ([]uint8, bool) {
	next := make([]uint8, len(m))
	if c.terminate {
		return next, true
	}
	copy(next, m)
	for _, p := range f.consume {
		next[p]--
	}
	for _, p := range c.places {
		if next[p] == 255 {
			return nil, false
		}
		next[p]++
	}
	return next, true
}

func tokens(m []uint8) int {
	n := 0
	for _, x := range m {
		n += int(x)
	}
	return n
}

func empty(m []uint8) bool {
	for _, x := range m {
		if x > 0 {
			return false
		}
	}
	return true
}

// covers reports whether a ≥ b in every place and a ≠ b.
func covers(a, b []uint8) bool {
	bigger := false
	for i := range a {
		if a[i] < b[i] {
			return false
		}
		if a[i] > b[i] {
			bigger = true
		}
	}
	return bigger
}
