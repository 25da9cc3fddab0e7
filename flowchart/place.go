package flowchart

import "math"

// Spacing of the layout, in pixels.
const (
	dummyWidth   = 0.0
	dummyMargin  = 9.0  // room either side of a line passing through a layer
	colGap       = 40.0 // between columns of one lane
	lanePad      = 30.0 // between a lane's border and its nearest column
	laneMinW     = 130.0
	chanTop      = 14.0 // channel between two rows: above its first track
	trackGap     = 10.0 // between tracks of a channel
	chanBottom   = 28.0 // below its last track: room for the label of the edge going down
	rowPadTop    = 24.0 // above the first row
	rowPadBottom = 24.0
	edgeFont     = 12.0
)

// assignSlots chooses each node's column within its lane. A lane has as many columns as its busiest layer;
// a layer with fewer nodes puts them where their neighbours in the same lane are, keeping their order.
func assignSlots(ls [][]*gnode, lanes int) []int {
	cols := make([]int, lanes)
	for _, l := range ls {
		count := make([]int, lanes)
		for _, n := range l {
			count[n.lane]++
			cols[n.lane] = max(cols[n.lane], count[n.lane])
		}
	}
	for pass := 0; pass < 4; pass++ {
		down := pass%2 == 0
		for i := range ls {
			li := i
			if !down {
				li = len(ls) - 1 - i
			}
			for lane := range lanes {
				placeInLane(ls[li], lane, cols[lane], down, pass == 0)
			}
		}
	}
	return cols
}

func placeInLane(l []*gnode, lane, cols int, down, first bool) {
	var items []*gnode
	for _, n := range l {
		if n.lane == lane {
			items = append(items, n)
		}
	}
	if len(items) == 0 {
		return
	}
	want := make([]float64, len(items))
	for i, n := range items {
		want[i] = float64(n.slot)
		if first {
			want[i] = float64(i) + float64(cols-len(items))/2
		}
		nb := n.ups
		if !down {
			nb = n.downs
		}
		s, c := 0.0, 0
		for _, m := range nb {
			if m.lane == lane {
				s += float64(m.slot)
				c++
			}
		}
		if c > 0 {
			want[i] = s / float64(c)
		}
	}
	for i, s := range fitSlots(want, cols) {
		items[i].slot = s
	}
}

// fitSlots picks increasing slots in [0, cols) for items wanting the given positions, minimising the
// total distance.
func fitSlots(want []float64, cols int) []int {
	k := len(want)
	inf := math.Inf(1)
	cost := make([][]float64, k)
	from := make([][]int, k)
	for i := range k {
		cost[i] = make([]float64, cols)
		from[i] = make([]int, cols)
		for s := range cols {
			cost[i][s] = inf
			d := math.Abs(float64(s) - want[i])
			if i == 0 {
				cost[i][s] = d
				continue
			}
			for p := 0; p < s; p++ {
				if c := cost[i-1][p] + d; c < cost[i][s] {
					cost[i][s], from[i][s] = c, p
				}
			}
		}
	}
	best := 0
	for s := range cols {
		if cost[k-1][s] < cost[k-1][best] {
			best = s
		}
	}
	out := make([]int, k)
	for i := k - 1; i >= 0; i-- {
		out[i] = best
		best = from[i][best]
	}
	return out
}

// extents is how far a node reaches left and right of its centre line, with its outside label.
func extents(n *gnode) (left, right float64) {
	if n.dummy != nil {
		return dummyMargin, dummyMargin
	}
	right = n.size.W / 2
	if n.size.LabelW > 0 {
		right += labelGap + n.size.LabelW
	}
	return n.size.W / 2, right
}

const labelGap = 6.0

// placeColumns sets every node's x and returns the lanes' left edges and widths.
func (g *graph) placeColumns(cols []int, laneMin []float64) (xs, ws []float64) {
	type col struct{ left, right float64 }
	cs := make([][]col, len(cols))
	for l := range cols {
		cs[l] = make([]col, cols[l])
	}
	for _, n := range g.nodes {
		a, b := extents(n)
		c := &cs[n.lane][n.slot]
		c.left, c.right = max(c.left, a), max(c.right, b)
	}
	x := 0.0
	for l := range cols {
		inner := 0.0
		for i, c := range cs[l] {
			if i > 0 {
				inner += colGap
			}
			inner += c.left + c.right
		}
		w := max(inner+2*lanePad, laneMin[l], laneMinW)
		xs, ws = append(xs, x), append(ws, w)
		cx := x + (w-inner)/2
		centres := make([]float64, len(cs[l]))
		for i, c := range cs[l] {
			centres[i] = cx + c.left
			cx += c.left + c.right + colGap
		}
		for _, n := range g.nodes {
			if n.lane == l {
				n.x = centres[n.slot]
			}
		}
		x += w
	}
	return xs, ws
}

// rowHeights is the height of each layer: its tallest node.
func rowHeights(ls [][]*gnode) []float64 {
	hs := make([]float64, len(ls))
	for i, l := range ls {
		for _, n := range l {
			if n.dummy == nil {
				hs[i] = max(hs[i], n.size.H, n.size.LabelH)
			}
		}
	}
	return hs
}
