package flowchart

import (
	"math"

	"github.com/govflow/govflow/process"
)

// Edge label metrics.
const (
	labelH    = 16.0
	labelPadX = 4.0
	labelOff  = 3.0 // distance between a line and its label
	badgeRise = 9.0 // a node's badge stands this far above its box
)

// placeLabels puts each edge's label beside its own line where it covers no node, no other label and as
// few lines as possible: a forward edge's label near its target, a back edge's near its source.
func placeLabels(d *Diagram) {
	var placed []Rect
	var lines []seg
	for _, e := range d.Edges {
		lines = append(lines, segsOf(e.Points)...)
	}
	for i := range d.Edges {
		e := &d.Edges[i]
		if e.Label == "" || len(e.Points) < 2 {
			continue
		}
		w := TextWidth(e.Label, edgeFont) + 2*labelPadX
		best, bestScore := Rect{}, 1e18
		for k, c := range labelCandidates(e, w) {
			s := float64(k)*0.5 + labelScore(d, c.r, placed, lines)
			if sharedNear(d, i, c.s, c.r) {
				s += 400
			}
			if s < bestScore {
				best, bestScore = c.r, s
			}
		}
		e.LabelBox = best
		placed = append(placed, best)
	}
}

// candidate is a place for a label beside segment s of its edge.
type candidate struct {
	r Rect
	s seg
}

// badgeZone is where a node's badge (会签, 传阅 …) stands above its top right corner; empty without one.
func badgeZone(n *Node) Rect {
	if t := n.Step.Type; t != process.StepApproval && t != process.StepCirculation {
		return Rect{}
	}
	const w = 52.0
	return Rect{n.Box.Right() - w - 6, n.Box.Y - badgeRise - 2, w + 4, badgeRise + 4}
}

// sharedNear reports whether another edge runs along the part of s beside label box r (a split's common
// stem, a join's common end), where the label would not say which edge it belongs to.
func sharedNear(d *Diagram, self int, s seg, r Rect) bool {
	if s.vertical() {
		s.a.Y, s.b.Y = max(min(s.a.Y, s.b.Y), r.Y), min(max(s.a.Y, s.b.Y), r.Bottom())
	} else {
		s.a.X, s.b.X = max(min(s.a.X, s.b.X), r.X), min(max(s.a.X, s.b.X), r.Right())
	}
	for j := range d.Edges {
		if j == self {
			continue
		}
		for _, o := range segsOf(d.Edges[j].Points) {
			if overlapCollinear(s, o) {
				return true
			}
		}
	}
	return false
}

func overlapCollinear(a, b seg) bool {
	const eps = 0.5
	if a.vertical() != b.vertical() {
		return false
	}
	if a.vertical() {
		return math.Abs(a.a.X-b.a.X) < eps && min(max(a.a.Y, a.b.Y), max(b.a.Y, b.b.Y))-max(min(a.a.Y, a.b.Y), min(b.a.Y, b.b.Y)) > eps
	}
	return math.Abs(a.a.Y-b.a.Y) < eps && min(max(a.a.X, a.b.X), max(b.a.X, b.b.X))-max(min(a.a.X, a.b.X), min(b.a.X, b.b.X)) > eps
}

// labelCandidates lists places beside the edge's segments, best first: for a forward edge along the drop
// into its target and then from its source on, for a loop from its source on.
func labelCandidates(e *Edge, w float64) []candidate {
	ss := segsOf(e.Points)
	fromEnd := map[int]bool{}
	if !e.Back && e.Kind != EdgeReject && len(ss) > 0 {
		last := ss[len(ss)-1]
		ss = append([]seg{last}, ss[:len(ss)-1]...)
		fromEnd[0] = true
	}
	var out []candidate
	for k, s := range ss {
		a, b := s.a, s.b
		if fromEnd[k] {
			a, b = b, a // walk the drop from the target end
		}
		if s.vertical() {
			lo, hi := min(a.Y, b.Y), max(a.Y, b.Y)
			for _, y := range along(a.Y, b.Y, lo+labelOff, hi-labelH-labelOff, labelH/2, fromEnd[k]) {
				out = append(out, candidate{Rect{a.X + labelOff, y, w, labelH}, s}, candidate{Rect{a.X - labelOff - w, y, w, labelH}, s})
			}
			continue
		}
		lo, hi := min(a.X, b.X), max(a.X, b.X)
		for _, x := range along(a.X, b.X, lo+labelOff, hi-w-labelOff, 12, false) {
			out = append(out, candidate{Rect{x, a.Y - labelH - 1, w, labelH}, s}, candidate{Rect{x, a.Y + 1, w, labelH}, s})
		}
	}
	return out
}

// along lists label positions in [lo, hi] every step, starting at the end nearest from (a label near an
// arrowhead keeps clear of it); a range too short for the label still yields its best position.
func along(from, to, lo, hi, step float64, arrow bool) []float64 {
	if arrow {
		hi -= 4
	}
	if hi < lo {
		if from <= to {
			return []float64{lo}
		}
		return []float64{hi}
	}
	var out []float64
	for i := 0.0; lo+i <= hi+0.01; i += step {
		if from <= to {
			out = append(out, lo+i)
		} else {
			out = append(out, hi-i)
		}
	}
	return out
}

func labelScore(d *Diagram, r Rect, placed []Rect, lines []seg) float64 {
	s := 0.0
	if r.X < 0 || r.Right() > d.Width || r.Y < 0 || r.Bottom() > d.Height {
		s += 5000
	}
	for i := range d.Nodes {
		if r.Overlaps(d.Nodes[i].Area().Inflate(2)) || r.Overlaps(badgeZone(&d.Nodes[i])) {
			s += 10000
		}
	}
	for _, p := range placed {
		if r.Overlaps(p.Inflate(1)) {
			s += 8000
		}
	}
	for _, l := range lines {
		if segHitsRect(l, r) {
			s += 60
		}
	}
	return s
}

// segHitsRect reports whether the axis-aligned segment passes through r's interior.
func segHitsRect(s seg, r Rect) bool {
	if s.vertical() {
		x := s.a.X
		return x > r.X && x < r.Right() && max(s.a.Y, s.b.Y) > r.Y && min(s.a.Y, s.b.Y) < r.Bottom()
	}
	y := s.a.Y
	return y > r.Y && y < r.Bottom() && max(s.a.X, s.b.X) > r.X && min(s.a.X, s.b.X) < r.Right()
}
