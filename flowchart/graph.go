package flowchart

import (
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// gnode is a node of the layout graph: a step, or a dummy that carries a long edge through a layer.
type gnode struct {
	step   *process.Step
	dummy  *gedge // the edge a dummy belongs to
	size   Size
	lane   int
	layer  int
	pos    int     // index within its layer after ordering
	slot   int     // column within its lane
	x, y   float64 // centre of the outline
	ups    []*gnode
	downs  []*gnode
	outs   []*gedge // edges of the definition leaving this step
	ins    []*gedge
	order  int // position in the definition, for stable tie-breaks
	onPath bool
	seen   bool
}

// gedge is one connection of the definition.
type gedge struct {
	from, to     *gnode
	kind         EdgeKind
	label, title string
	back         bool
	chain        []*gnode // forward edges: from, the dummies, to
}

// sideRouted edges leave and enter nodes by their sides and find their own way: loops back, and
// rejections (不同意), which thus stand apart from the main flow leaving by the bottom.
func (e *gedge) sideRouted() bool { return e.back || e.kind == EdgeReject }

type graph struct {
	def    *process.Definition
	nodes  []*gnode // steps first (definition order), then dummies
	steps  int
	byID   map[string]*gnode
	edges  []*gedge
	lanes  []string
	hopRun map[hop]*run
}

// labelFor turns a branch into the text drawn by its edge: its name, else its condition.
func labelFor(b process.Branch) (label, title string) {
	when := strings.TrimSpace(b.When)
	if b.Name != "" {
		return b.Name, when
	}
	return Shorten(when, edgeFont, 120), when
}

func newGraph(def *process.Definition, size func(*process.Step) Size) *graph {
	g := &graph{def: def, byID: map[string]*gnode{}}
	for i := range def.Steps {
		s := &def.Steps[i]
		if _, dup := g.byID[s.ID]; dup {
			continue
		}
		n := &gnode{step: s, size: size(s), order: len(g.nodes)}
		g.byID[s.ID] = n
		g.nodes = append(g.nodes, n)
	}
	g.steps = len(g.nodes)
	for _, n := range g.nodes {
		s := n.step
		for _, id := range s.Next {
			g.connect(n, id, EdgeNext, "", "")
		}
		for _, b := range s.Branches {
			l, t := labelFor(b)
			g.connect(n, b.Next, EdgeBranch, l, t)
		}
		if s.Default != "" {
			g.connect(n, s.Default, EdgeDefault, "其他", "以上条件均不满足时")
		}
		if s.Reject != "" {
			g.connect(n, s.Reject, EdgeReject, "不同意", "")
		}
	}
	return g
}

// connect adds an edge; a second edge between the same steps joins the first and its label.
func (g *graph) connect(from *gnode, to string, kind EdgeKind, label, title string) {
	t, ok := g.byID[to]
	if !ok {
		return
	}
	for _, e := range from.outs {
		if e.to == t && (e.kind == EdgeReject) == (kind == EdgeReject) {
			e.label = joinNonEmpty(e.label, label, "／")
			e.title = joinNonEmpty(e.title, title, "；")
			return
		}
	}
	e := &gedge{from: from, to: t, kind: kind, label: label, title: title}
	g.edges = append(g.edges, e)
	from.outs = append(from.outs, e)
	t.ins = append(t.ins, e)
}

func joinNonEmpty(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// breakCycles marks as back edges those that close a cycle in a depth-first walk from the start, taking
// rejections last so that the main flow keeps its direction.
func (g *graph) breakCycles() {
	var walk func(n *gnode)
	walk = func(n *gnode) {
		n.seen, n.onPath = true, true
		for _, pass := range []bool{false, true} {
			for _, e := range n.outs {
				if (e.kind == EdgeReject) != pass {
					continue
				}
				switch {
				case e.to.onPath:
					e.back = true
				case !e.to.seen:
					walk(e.to)
				}
			}
		}
		n.onPath = false
	}
	for _, n := range g.nodes[:g.steps] {
		if n.step.Type == process.StepStart && !n.seen {
			walk(n)
		}
	}
	for _, n := range g.nodes[:g.steps] {
		if !n.seen && len(n.ins) == 0 {
			walk(n)
		}
	}
	for _, n := range g.nodes[:g.steps] {
		if !n.seen {
			walk(n)
		}
	}
}

// assignLayers gives every step the length of the longest forward path reaching it.
func (g *graph) assignLayers() {
	indeg := map[*gnode]int{}
	for _, e := range g.edges {
		if !e.back {
			indeg[e.to]++
		}
	}
	var queue []*gnode
	for _, n := range g.nodes[:g.steps] {
		if indeg[n] == 0 {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, e := range n.outs {
			if e.back {
				continue
			}
			e.to.layer = max(e.to.layer, n.layer+1)
			if indeg[e.to]--; indeg[e.to] == 0 {
				queue = append(queue, e.to)
			}
		}
	}
}

// addDummies replaces each forward edge spanning several layers by a chain through one dummy per layer.
// The chain runs in whichever of the source's and the target's lanes has fewer steps in the layers it
// passes; on a tie, in the target's lane (the edge crosses over at once, then goes down) unless the target
// gathers several edges, whose chains then stay in their sources' lanes instead of crowding one lane.
func (g *graph) addDummies() {
	layersOf := map[int][]int{} // lane → the sorted layers of its steps
	for _, m := range g.nodes[:g.steps] {
		layersOf[m.lane] = append(layersOf[m.lane], m.layer)
	}
	for _, ls := range layersOf {
		slices.Sort(ls)
	}
	busy := func(lane, from, to int) int { // steps of the lane strictly between two layers
		ls := layersOf[lane]
		lo, _ := slices.BinarySearch(ls, from+1)
		hi, _ := slices.BinarySearch(ls, to)
		return max(hi-lo, 0)
	}
	fwdIn := map[*gnode]int{}
	for _, e := range g.edges {
		if !e.sideRouted() {
			fwdIn[e.to]++
		}
	}
	for _, e := range g.edges {
		if e.sideRouted() {
			continue
		}
		lane := e.from.lane
		src, dst := busy(e.from.lane, e.from.layer, e.to.layer), busy(e.to.lane, e.from.layer, e.to.layer)
		if dst < src || dst == src && fwdIn[e.to] == 1 {
			lane = e.to.lane
		}
		e.chain = []*gnode{e.from}
		prev := e.from
		for l := e.from.layer + 1; l < e.to.layer; l++ {
			d := &gnode{dummy: e, lane: lane, layer: l, size: Size{W: dummyWidth}, order: len(g.nodes)}
			g.nodes = append(g.nodes, d)
			e.chain = append(e.chain, d)
			link(prev, d)
			prev = d
		}
		e.chain = append(e.chain, e.to)
		link(prev, e.to)
	}
}

func link(a, b *gnode) {
	a.downs = append(a.downs, b)
	b.ups = append(b.ups, a)
}
