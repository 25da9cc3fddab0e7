package flowchart

import "github.com/govflow/govflow/process"

// Point is a position in the drawing, in pixels, y growing downwards.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned box given by its top-left corner and size.
type Rect struct{ X, Y, W, H float64 }

// Right and Bottom are the far edges of r.
func (r Rect) Right() float64  { return r.X + r.W }
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Center is the middle of r.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Overlaps reports whether r and o share interior area; an empty box overlaps nothing.
func (r Rect) Overlaps(o Rect) bool {
	if r.W <= 0 || r.H <= 0 || o.W <= 0 || o.H <= 0 {
		return false
	}
	return r.X < o.Right() && o.X < r.Right() && r.Y < o.Bottom() && o.Y < r.Bottom()
}

// Inflate grows r by d on every side.
func (r Rect) Inflate(d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }

// Union is the smallest box holding r and o; an empty r (zero size) yields o.
func (r Rect) Union(o Rect) Rect {
	if r.W == 0 && r.H == 0 {
		return o
	}
	if o.W == 0 && o.H == 0 {
		return r
	}
	x, y := min(r.X, o.X), min(r.Y, o.Y)
	return Rect{x, y, max(r.Right(), o.Right()) - x, max(r.Bottom(), o.Bottom()) - y}
}

// Shape is how a node is outlined; edges attach to its outline.
type Shape int

const (
	ShapeBox     Shape = iota // tasks, approvals, circulation, wait, auto, call
	ShapeDiamond              // gateways
	ShapeCircle               // start and end
)

// Size is the space a step's node takes: its shape's width and height, and room reserved to the right of
// the shape for an outside label (a gateway's name, an end's result).
type Size struct{ W, H, LabelW, LabelH float64 }

// EdgeKind says where an edge comes from in the definition.
type EdgeKind int

const (
	EdgeNext    EdgeKind = iota // next
	EdgeBranch                  // branches[].next of an exclusive gateway
	EdgeDefault                 // default of an exclusive gateway
	EdgeReject                  // reject of an approval (不同意)
)

// Diagram is a laid-out definition: lanes side by side from left to right, the flow from top to bottom.
type Diagram struct {
	Width, Height float64
	Lanes         []Lane
	Nodes         []Node
	Edges         []Edge
}

// Lane is one swimlane column.
type Lane struct {
	Name string
	X, W float64
}

// Node is one step's place in the drawing.
type Node struct {
	Step  *process.Step
	Shape Shape
	Lane  int
	Layer int
	Box   Rect // the outline's bounding box
	Label Rect // the outside label's box; zero when the step has none
}

// Edge is one routed connection. Points run from the source's outline to the target's outline; consecutive
// points share an x or a y (orthogonal routing).
type Edge struct {
	From, To string
	Kind     EdgeKind
	Label    string // what is drawn next to the edge (branch name, 其他, 不同意)
	Title    string // the full text behind the label (a branch's condition)
	Back     bool   // drawn against the flow (a loop back to an earlier step)
	Points   []Point
	LabelBox Rect // zero when there is no label
}

// Node returns the node of step id.
func (d *Diagram) Node(id string) (*Node, bool) {
	for i := range d.Nodes {
		if d.Nodes[i].Step.ID == id {
			return &d.Nodes[i], true
		}
	}
	return nil, false
}

// Area is the space a node occupies: its outline and its outside label.
func (n *Node) Area() Rect { return n.Box.Union(n.Label) }

// ShapeOf is the outline a step kind is drawn with.
func ShapeOf(t process.StepType) Shape {
	switch t {
	case process.StepExclusive, process.StepParallel:
		return ShapeDiamond
	case process.StepStart, process.StepEnd:
		return ShapeCircle
	default:
		return ShapeBox
	}
}
