package flowchart

import (
	"math"

	"github.com/govflow/govflow/process"
)

// Layout places def's steps in swimlanes, flowing top to bottom, with node sizes from size. Lanes are
// columns headed by a unit; the lane header is not part of the diagram (y = 0 is the top of the lanes'
// bodies). It is a pure function of its arguments and never fails: unknown targets are not drawn.
func Layout(def *process.Definition, size func(*process.Step) Size) *Diagram {
	g := newGraph(def, size)
	if g.steps == 0 {
		return &Diagram{Width: laneMinW, Height: rowPadTop + rowPadBottom}
	}
	g.breakCycles()
	g.assignLayers()
	g.assignLanes()
	g.addDummies()
	ls := g.layers()
	g.orderLayers(ls)
	cols := assignSlots(ls, len(g.lanes))
	laneMin := make([]float64, len(g.lanes))
	for i, name := range g.lanes {
		laneMin[i] = TextWidth(name, laneFont) + 2*laneTextPad
	}
	xs, ws := g.placeColumns(cols, laneMin)
	chans := g.buildChannels(len(ls))
	height := g.placeRows(ls, chans)

	d := &Diagram{Width: xs[len(xs)-1] + ws[len(ws)-1], Height: height}
	for i, name := range g.lanes {
		d.Lanes = append(d.Lanes, Lane{Name: name, X: xs[i], W: ws[i]})
	}
	for _, n := range g.nodes[:g.steps] {
		d.Nodes = append(d.Nodes, nodeOf(n))
	}
	var lines []seg
	for _, e := range g.edges {
		if !e.sideRouted() {
			d.Edges = append(d.Edges, edgeOf(e, g.forwardPoints(e, chans)))
			lines = append(lines, segsOf(d.Edges[len(d.Edges)-1].Points)...)
		}
	}
	ports := map[Point]string{}
	for _, e := range g.edges {
		if e.sideRouted() {
			pts := routeBack(d, e, lines, ports)
			if len(pts) > 1 {
				ports[pts[0]] = "out"
				ports[pts[len(pts)-1]] = "in:" + e.to.step.ID
			}
			d.Edges = append(d.Edges, edgeOf(e, pts))
			lines = append(lines, ownedSegs(pts, e.to.step.ID)...)
		}
	}
	placeLabels(d)
	return d
}

// Lane header metrics, shared with the drawing.
const (
	laneFont    = 15.0
	laneTextPad = 16.0
)

// placeRows sets every node's y and each channel's top, and returns the diagram's height.
func (g *graph) placeRows(ls [][]*gnode, chans []*channel) float64 {
	hs := rowHeights(ls)
	y := rowPadTop
	for i, l := range ls {
		for _, n := range l {
			n.y = y + hs[i]/2
		}
		y += hs[i]
		if i < len(chans) {
			chans[i].top = y
			y += chans[i].height()
		}
	}
	return y + rowPadBottom
}

func nodeOf(n *gnode) Node {
	s := n.size
	nd := Node{
		Step:  n.step,
		Shape: ShapeOf(n.step.Type),
		Lane:  n.lane,
		Layer: n.layer,
		Box:   Rect{n.x - s.W/2, n.y - s.H/2, s.W, s.H},
	}
	if s.LabelW > 0 {
		nd.Label = Rect{n.x + s.W/2 + labelGap, n.y - s.LabelH/2, s.LabelW, s.LabelH}
	}
	return nd
}

func edgeOf(e *gedge, pts []Point) Edge {
	return Edge{
		From:   e.from.step.ID,
		To:     e.to.step.ID,
		Kind:   e.kind,
		Label:  e.label,
		Title:  e.title,
		Back:   e.back,
		Points: pts,
	}
}

// port is where a line leaves or enters a node's side, and the direction it travels there.
func port(n *Node, right bool) (Point, int) {
	c := n.Box.Center()
	if right {
		return Point{n.Box.Right(), c.Y}, dirRight
	}
	return Point{n.Box.X, c.Y}, dirLeft
}

func step(p Point, d int, by float64) Point {
	switch d {
	case dirRight:
		p.X += by
	case dirLeft:
		p.X -= by
	case dirDown:
		p.Y += by
	case dirUp:
		p.Y -= by
	}
	return p
}

// routeBack draws a loop back to an earlier step or a rejection: out of a side of the source, around the
// nodes in between, into a side of the target, whichever sides make the cheapest path.
func routeBack(d *Diagram, e *gedge, lines []seg, ports map[Point]string) []Point {
	from, _ := d.Node(e.from.step.ID)
	to, _ := d.Node(e.to.step.ID)
	if from == to {
		return selfLoop(from)
	}
	var obstacles []Rect
	for i := range d.Nodes {
		obstacles = append(obstacles, d.Nodes[i].Box.Inflate(clearance))
		if d.Nodes[i].Label.W > 0 {
			obstacles = append(obstacles, d.Nodes[i].Label.Inflate(clearance/2))
		}
	}
	var borders []float64
	for _, l := range d.Lanes[1:] {
		borders = append(borders, l.X)
	}
	full := Rect{gridStep / 2, 0, d.Width - gridStep, d.Height}
	near := from.Area().Union(to.Area())
	near = Rect{near.X - routeReach, near.Y - routeReach/2, near.W + 2*routeReach, near.H + routeReach}
	var best []Point
	for _, area := range []Rect{clip(near, full), full} {
		best = cheapestBack(d, e, area, obstacles, lines, borders, ports, from, to)
		if best != nil {
			break
		}
	}
	if best == nil {
		return corridor(d, from, to)
	}
	return simplify(best)
}

// routeReach is how far around its two ends a back edge is first looked for.
const routeReach = 260.0

func clip(r, to Rect) Rect {
	x0, y0 := max(r.X, to.X), max(r.Y, to.Y)
	x1, y1 := min(r.Right(), to.Right()), min(r.Bottom(), to.Bottom())
	return Rect{x0, y0, max(x1-x0, 0), max(y1-y0, 0)}
}

// cheapestBack tries the four pairs of sides on one grid over area.
func cheapestBack(d *Diagram, e *gedge, area Rect, obstacles []Rect, lines []seg, borders []float64, ports map[Point]string, from, to *Node) []Point {
	var xs, ys []float64
	for _, right := range []bool{true, false} {
		for _, n := range []*Node{from, to} {
			p, dp := port(n, right)
			s := step(p, dp, stubLen)
			xs, ys = append(xs, s.X), append(ys, s.Y)
		}
	}
	r := newRouter(area, obstacles, lines, borders, xs, ys, e.to.step.ID)
	var best []Point
	bestCost := math.Inf(1)
	for _, out := range []bool{true, false} {
		for _, in := range []bool{true, false} {
			p, dp := port(from, out)
			q, dq := port(to, in)
			s, t := step(p, dp, stubLen), step(q, dq, stubLen)
			extra := 0.0
			if ports[p] != "" {
				extra += costPortTaken
			}
			if u := ports[q]; u != "" && u != "in:"+e.to.step.ID {
				extra += costPortTaken
			}
			path, cost, ok := r.path(s, dp, t, opposite(dq), bestCost-extra)
			cost += extra
			if ok && cost < bestCost {
				best, bestCost = append(append([]Point{p}, path...), q), cost
			}
		}
	}
	return best
}

// costPortTaken keeps a line from leaving or entering where another line already does.
const costPortTaken = 2000

// selfLoop is a small loop on a node's right side.
func selfLoop(n *Node) []Point {
	b := n.Box
	y0, y1 := b.Y+b.H/3, b.Y+2*b.H/3
	x := b.Right() + stubLen
	return []Point{{b.Right(), y0}, {x, y0}, {x, y1}, {b.Right(), y1}}
}

// corridor is the fallback when no path exists on the grid: along the diagram's right edge.
func corridor(d *Diagram, from, to *Node) []Point {
	p, _ := port(from, true)
	q, _ := port(to, true)
	x := d.Width - gridStep/2
	return []Point{p, {x, p.Y}, {x, q.Y}, q}
}
