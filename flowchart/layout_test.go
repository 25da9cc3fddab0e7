package flowchart

import (
	"fmt"
	"math"
	"testing"

	"github.com/govflow/govflow/process"
)

func TestLayoutInvariants(t *testing.T) {
	for _, def := range testDefs(t) {
		t.Run(def.ID, func(t *testing.T) {
			cs := describe(def, Options{})
			d := Layout(def, func(s *process.Step) Size { return cs[s].size })
			checkDiagram(t, def, d)
		})
	}
}

func TestLayoutRandomDefinitions(t *testing.T) {
	tested := 0
	for seed := uint64(0); tested < 50; seed++ {
		def := randomDef(seed)
		if len(def.Steps) > 40 { // large ones are slow to route and add little
			continue
		}
		tested++
		d := Layout(def, func(s *process.Step) Size { return BoxSize(def, s) })
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkDiagram(t, def, d) })
	}
}

// checkDiagram asserts what makes a chart readable: every step drawn once inside its lane, no two nodes
// overlapping, every edge orthogonal, starting on its source's outline and ending on its target's, crossing
// no node on the way, and labels covering no node and no other label.
func checkDiagram(t *testing.T, def *process.Definition, d *Diagram) {
	t.Helper()
	ids := map[string]bool{}
	for _, s := range def.Steps {
		ids[s.ID] = true
	}
	if len(d.Nodes) != len(ids) {
		t.Errorf("%d nodes for %d distinct steps", len(d.Nodes), len(ids))
	}
	for i := range d.Nodes {
		n := &d.Nodes[i]
		l := d.Lanes[n.Lane]
		if a := n.Area(); a.X < l.X || a.Right() > l.X+l.W || a.Y < 0 || a.Bottom() > d.Height {
			t.Errorf("node %s %v outside its lane %q [%g, %g] or the diagram", n.Step.ID, a, l.Name, l.X, l.X+l.W)
		}
		for j := i + 1; j < len(d.Nodes); j++ {
			if n.Area().Inflate(4).Overlaps(d.Nodes[j].Area()) {
				t.Errorf("nodes %s and %s overlap", n.Step.ID, d.Nodes[j].Step.ID)
			}
		}
	}
	for _, e := range d.Edges {
		checkEdge(t, d, e)
	}
	if want := countEdges(def); len(d.Edges) != want {
		t.Errorf("%d edges drawn, want %d", len(d.Edges), want)
	}
	for i, e := range d.Edges {
		if e.Label == "" {
			continue
		}
		if e.LabelBox.W == 0 {
			t.Errorf("edge %s→%s: label %q not placed", e.From, e.To, e.Label)
		}
		for k := range d.Nodes {
			if e.LabelBox.Overlaps(d.Nodes[k].Area()) {
				t.Errorf("label %q of %s→%s covers node %s", e.Label, e.From, e.To, d.Nodes[k].Step.ID)
			}
		}
		for _, f := range d.Edges[i+1:] {
			if f.Label != "" && e.LabelBox.Overlaps(f.LabelBox) {
				t.Errorf("labels %q and %q overlap", e.Label, f.Label)
			}
		}
	}
}

func checkEdge(t *testing.T, d *Diagram, e Edge) {
	t.Helper()
	name := e.From + "→" + e.To
	if len(e.Points) < 2 {
		t.Errorf("edge %s has %d points", name, len(e.Points))
		return
	}
	for i := 0; i+1 < len(e.Points); i++ {
		a, b := e.Points[i], e.Points[i+1]
		if math.Abs(a.X-b.X) > 0.01 && math.Abs(a.Y-b.Y) > 0.01 {
			t.Errorf("edge %s: segment %v-%v is not orthogonal", name, a, b)
		}
		for k := range d.Nodes {
			if segHitsRect(seg{a: a, b: b}, d.Nodes[k].Box.Inflate(-1)) {
				t.Errorf("edge %s: segment %v-%v crosses node %s", name, a, b, d.Nodes[k].Step.ID)
			}
		}
	}
	from, _ := d.Node(e.From)
	to, _ := d.Node(e.To)
	if !onOutline(from, e.Points[0]) {
		t.Errorf("edge %s starts at %v, off %s's outline %v", name, e.Points[0], e.From, from.Box)
	}
	if !onOutline(to, e.Points[len(e.Points)-1]) {
		t.Errorf("edge %s ends at %v, off %s's outline %v", name, e.Points[len(e.Points)-1], e.To, to.Box)
	}
	last, prev := e.Points[len(e.Points)-1], e.Points[len(e.Points)-2]
	if c := to.Box.Center(); dist(prev, c) < dist(last, c) && from != to {
		t.Errorf("edge %s: last segment points away from %s", name, e.To)
	}
}

// onOutline reports whether p lies on the outline of n's shape (within half a pixel).
func onOutline(n *Node, p Point) bool {
	b := n.Box
	c := b.Center()
	const eps = 0.5
	switch n.Shape {
	case ShapeCircle:
		return math.Abs(math.Hypot(p.X-c.X, p.Y-c.Y)-b.W/2) < eps
	case ShapeDiamond:
		return math.Abs(math.Abs(p.X-c.X)/(b.W/2)+math.Abs(p.Y-c.Y)/(b.H/2)-1) < eps/b.W*2
	}
	inX, inY := p.X >= b.X-eps && p.X <= b.Right()+eps, p.Y >= b.Y-eps && p.Y <= b.Bottom()+eps
	onX := math.Abs(p.X-b.X) < eps || math.Abs(p.X-b.Right()) < eps
	onY := math.Abs(p.Y-b.Y) < eps || math.Abs(p.Y-b.Bottom()) < eps
	return onX && inY || onY && inX
}

// countEdges counts the distinct arrows of def between known steps, as the chart draws them.
func countEdges(def *process.Definition) int {
	known := map[string]bool{}
	for _, s := range def.Steps {
		known[s.ID] = true
	}
	seen := map[string]bool{}
	done := map[string]bool{}
	n := 0
	for _, s := range def.Steps {
		if done[s.ID] {
			continue
		}
		done[s.ID] = true
		for _, e := range s.Edges() {
			key := fmt.Sprint(e.From, "→", e.To, e.Kind == process.EdgeReject)
			if known[e.To] && !seen[key] {
				seen[key] = true
				n++
			}
		}
	}
	return n
}

func TestLayoutLanes(t *testing.T) {
	def := &process.Definition{ID: "lanes", Owner: "秘书处", Fields: []process.Field{{ID: "u", Name: "承办处室", Type: process.FieldUnit}}}
	def.Steps = []process.Step{
		{ID: "start", Type: process.StepStart, Next: []string{"a"}},
		{ID: "a", Type: process.StepTask, Who: []process.Assignee{{Unit: "秘书处", Post: "收发员"}}, Next: []string{"g"}},
		{ID: "g", Type: process.StepExclusive, Branches: []process.Branch{{When: "true", Next: "b"}}, Default: "c"},
		{ID: "b", Type: process.StepApproval, Who: []process.Assignee{{Unit: "秘书处", Role: process.RoleOverseer}}, Next: []string{"m"}},
		{ID: "c", Type: process.StepTask, Who: []process.Assignee{{UnitField: "u", Role: process.RoleUnitHead}}, Next: []string{"m"}},
		{ID: "m", Type: process.StepExclusive, Next: []string{"x"}},
		{ID: "x", Type: process.StepAuto, Next: []string{"end"}},
		{ID: "end", Type: process.StepEnd},
	}
	d := Layout(def, func(s *process.Step) Size { return BoxSize(def, s) })
	want := map[string]string{"start": "秘书处", "a": "秘书处", "g": "秘书处", "b": LeaderLane, "c": "承办处室", "x": "秘书处", "end": "秘书处"}
	for id, lane := range want {
		n, _ := d.Node(id)
		if got := d.Lanes[n.Lane].Name; got != lane {
			t.Errorf("step %s in lane %q, want %q", id, got, lane)
		}
	}
	if len(d.Lanes) != 3 {
		t.Errorf("lanes %v, want 3", d.Lanes)
	}
}

func TestLayoutFlowsDown(t *testing.T) {
	for _, def := range testDefs(t) {
		d := Layout(def, func(s *process.Step) Size { return BoxSize(def, s) })
		for _, e := range d.Edges {
			from, _ := d.Node(e.From)
			to, _ := d.Node(e.To)
			if !e.Back && to.Box.Y <= from.Box.Y {
				t.Errorf("%s: forward edge %s→%s does not go down", def.ID, e.From, e.To)
			}
			if e.Back && to.Box.Y > from.Box.Y {
				t.Errorf("%s: back edge %s→%s goes down", def.ID, e.From, e.To)
			}
		}
	}
}

func TestLayoutEmpty(t *testing.T) {
	d := Layout(&process.Definition{}, func(*process.Step) Size { return Size{} })
	if len(d.Nodes) != 0 || d.Width <= 0 || d.Height <= 0 {
		t.Errorf("empty definition: %+v", d)
	}
}

func BenchmarkLayout(b *testing.B) {
	defs := testDefs(b)
	for b.Loop() {
		for _, def := range defs {
			Layout(def, func(s *process.Step) Size { return BoxSize(def, s) })
		}
	}
}
