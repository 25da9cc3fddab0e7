package flowchart

import (
	"math"
	"slices"
	"sort"
)

// The router finds orthogonal paths for back edges on a fine grid around the nodes, preferring short
// paths with few bends that cross few lines and never run along another line.
const (
	gridStep    = 8.0
	clearance   = 12.0 // how far a routed line keeps from any node
	stubLen     = 18.0 // the straight piece leaving a node's side
	costBend    = 40.0
	costCross   = 24.0
	costAlong   = 60.0 // per pixel run along another line or a lane border
	alongWithin = 5.0
)

// seg is an axis-aligned piece of an already routed line; to is the target of a back edge it belongs to.
type seg struct {
	a, b Point
	to   string
}

func (s seg) vertical() bool { return math.Abs(s.a.X-s.b.X) < 0.01 }

func segsOf(pts []Point) []seg { return ownedSegs(pts, "") }

func ownedSegs(pts []Point, to string) []seg {
	var out []seg
	for i := 0; i+1 < len(pts); i++ {
		out = append(out, seg{pts[i], pts[i+1], to})
	}
	return out
}

type router struct {
	xs, ys         []float64
	blocked        []bool // grid points inside an obstacle
	vBlock, hBlock []bool // moves (i,j)->(i,j+1) and (i,j)->(i+1,j) through an obstacle
	vCost, hCost   []float64
}

func (r *router) at(i, j int) int { return i*len(r.ys) + j }

func gridLine(lo, hi float64, extra []float64) []float64 {
	var out []float64
	for v := lo; v <= hi; v += gridStep {
		out = append(out, v)
	}
	out = append(out, extra...)
	slices.Sort(out)
	return slices.CompactFunc(out, func(a, b float64) bool { return math.Abs(a-b) < 0.5 })
}

// newRouter prepares a grid over area. Lines already drawn are costly to run along, except those of back
// edges going to the same target (to), which a new line is encouraged to join.
func newRouter(area Rect, obstacles []Rect, lines []seg, borders []float64, xs, ys []float64, to string) *router {
	for _, s := range lines {
		if to != "" && s.to == to {
			xs = append(xs, s.a.X, s.b.X)
			ys = append(ys, s.a.Y, s.b.Y)
		}
	}
	r := &router{
		xs: gridLine(area.X, area.Right(), xs),
		ys: gridLine(area.Y, area.Bottom(), ys),
	}
	n := len(r.xs) * len(r.ys)
	r.blocked, r.vBlock, r.hBlock = make([]bool, n), make([]bool, n), make([]bool, n)
	r.vCost, r.hCost = make([]float64, n), make([]float64, n)
	for _, o := range obstacles {
		r.block(o)
	}
	for _, s := range lines {
		if to != "" && s.to == to {
			r.discount(s)
		} else {
			r.penalise(s)
		}
	}
	for _, bx := range borders {
		i0, i1 := span(r.xs, bx-alongWithin, bx+alongWithin)
		for i := i0; i < i1; i++ {
			for j := 0; j+1 < len(r.ys); j++ {
				r.vCost[r.at(i, j)] += costAlong * (r.ys[j+1] - r.ys[j])
			}
		}
	}
	return r
}

// span returns the index range [i, j) of v's values strictly between lo and hi.
func span(v []float64, lo, hi float64) (int, int) {
	i := sort.SearchFloat64s(v, lo)
	for i < len(v) && v[i] <= lo {
		i++
	}
	j := sort.SearchFloat64s(v, hi)
	return i, j
}

func (r *router) block(o Rect) {
	i0, i1 := span(r.xs, o.X, o.Right())
	j0, j1 := span(r.ys, o.Y, o.Bottom())
	for i := i0; i < i1; i++ {
		for j := j0; j < j1; j++ {
			r.blocked[r.at(i, j)] = true
		}
		// vertical moves entering or leaving the box through its top or bottom
		for j := max(j0-1, 0); j < min(j1+1, len(r.ys)-1); j++ {
			if r.ys[j] < o.Bottom() && r.ys[j+1] > o.Y {
				r.vBlock[r.at(i, j)] = true
			}
		}
	}
	for j := j0; j < j1; j++ {
		for i := max(i0-1, 0); i < min(i1+1, len(r.xs)-1); i++ {
			if r.xs[i] < o.Right() && r.xs[i+1] > o.X {
				r.hBlock[r.at(i, j)] = true
			}
		}
	}
}

// penalise makes moves crossing s cost a crossing and moves along s cost dearly.
func (r *router) penalise(s seg) {
	if s.vertical() {
		x, y0, y1 := s.a.X, min(s.a.Y, s.b.Y), max(s.a.Y, s.b.Y)
		i0, i1 := span(r.xs, x-alongWithin, x+alongWithin)
		j0, j1 := span(r.ys, y0-gridStep*2, y1+gridStep*2)
		for i := i0; i < i1; i++ {
			for j := max(j0-1, 0); j < min(j1, len(r.ys)-1); j++ {
				if r.ys[j] < y1 && r.ys[j+1] > y0 {
					r.vCost[r.at(i, j)] += costAlong * (r.ys[j+1] - r.ys[j])
				}
			}
		}
		// horizontal moves stepping over x
		i := sort.SearchFloat64s(r.xs, x) - 1
		if i >= 0 && i+1 < len(r.xs) {
			ja, jb := span(r.ys, y0-0.01, y1+0.01)
			for j := ja; j < jb; j++ {
				r.hCost[r.at(i, j)] += costCross
			}
		}
		return
	}
	y, x0, x1 := s.a.Y, min(s.a.X, s.b.X), max(s.a.X, s.b.X)
	j0, j1 := span(r.ys, y-alongWithin, y+alongWithin)
	i0, i1 := span(r.xs, x0-gridStep*2, x1+gridStep*2)
	for j := j0; j < j1; j++ {
		for i := max(i0-1, 0); i < min(i1, len(r.xs)-1); i++ {
			if r.xs[i] < x1 && r.xs[i+1] > x0 {
				r.hCost[r.at(i, j)] += costAlong * (r.xs[i+1] - r.xs[i])
			}
		}
	}
	j := sort.SearchFloat64s(r.ys, y) - 1
	if j >= 0 && j+1 < len(r.ys) {
		ia, ib := span(r.xs, x0-0.01, x1+0.01)
		for i := ia; i < ib; i++ {
			r.vCost[r.at(i, j)] += costCross
		}
	}
}

// discount makes moves exactly along s cheaper, so that lines to one target merge into one.
func (r *router) discount(s seg) {
	const share = 0.6
	if s.vertical() {
		y0, y1 := min(s.a.Y, s.b.Y), max(s.a.Y, s.b.Y)
		for i, x := range r.xs {
			if math.Abs(x-s.a.X) >= 0.5 {
				continue
			}
			for j := 0; j+1 < len(r.ys); j++ {
				if r.ys[j] >= y0-0.5 && r.ys[j+1] <= y1+0.5 {
					r.vCost[r.at(i, j)] -= share * (r.ys[j+1] - r.ys[j])
				}
			}
		}
		return
	}
	x0, x1 := min(s.a.X, s.b.X), max(s.a.X, s.b.X)
	for j, y := range r.ys {
		if math.Abs(y-s.a.Y) >= 0.5 {
			continue
		}
		for i := 0; i+1 < len(r.xs); i++ {
			if r.xs[i] >= x0-0.5 && r.xs[i+1] <= x1+0.5 {
				r.hCost[r.at(i, j)] -= share * (r.xs[i+1] - r.xs[i])
			}
		}
	}
}

// Directions of travel.
const (
	dirRight = iota
	dirLeft
	dirDown
	dirUp
)

type item struct {
	k    int32 // state: grid index * 4 + direction
	f, g float64
}

// pq is a binary min-heap of items by f.
type pq []item

func (q *pq) push(it item) {
	*q = append(*q, it)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].f <= h[i].f {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (q *pq) pop() item {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(h) && h[l].f < h[m].f {
			m = l
		}
		if l+1 < len(h) && h[l+1].f < h[m].f {
			m = l + 1
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}

func (r *router) index(v []float64, x float64) int {
	k := sort.SearchFloat64s(v, x-0.25)
	if k < len(v) && math.Abs(v[k]-x) < 0.5 {
		return k
	}
	return -1
}

// path finds the cheapest path from a leaving in direction da to b arriving in direction db, and its cost,
// giving up on paths costing bound or more.
func (r *router) path(a Point, da int, b Point, db int, bound float64) ([]Point, float64, bool) {
	si, sj, ti, tj := r.index(r.xs, a.X), r.index(r.ys, a.Y), r.index(r.xs, b.X), r.index(r.ys, b.Y)
	if si < 0 || sj < 0 || ti < 0 || tj < 0 || r.blocked[r.at(si, sj)] || r.blocked[r.at(ti, tj)] {
		return nil, 0, false
	}
	ny := len(r.ys)
	n := len(r.xs) * ny * 4
	best := make([]float64, n)
	prev := make([]int32, n)
	for i := range best {
		best[i] = math.Inf(1)
	}
	h := func(i, j int) float64 { return math.Abs(r.xs[i]-b.X) + math.Abs(r.ys[j]-b.Y) }
	start := int32(r.at(si, sj)*4 + da)
	best[start], prev[start] = 0, -1
	q := &pq{{k: start, f: h(si, sj)}}
	for len(*q) > 0 {
		it := q.pop()
		if it.f >= bound {
			break
		}
		if it.g > best[it.k] {
			continue
		}
		cell, d := int(it.k)/4, int(it.k)%4
		i, j := cell/ny, cell%ny
		if i == ti && j == tj {
			g := it.g
			if d != db {
				g += costBend
			}
			return r.trace(prev, it.k), g, true
		}
		for nd := range 4 {
			if nd == opposite(d) {
				continue
			}
			ni, nj, step, extra, ok := r.move(i, j, nd)
			if !ok {
				continue
			}
			g := it.g + step + extra
			if nd != d {
				g += costBend
			}
			k := int32(r.at(ni, nj)*4 + nd)
			if g >= best[k] {
				continue
			}
			best[k], prev[k] = g, it.k
			q.push(item{k: k, g: g, f: g + h(ni, nj)})
		}
	}
	return nil, 0, false
}

func opposite(d int) int { return d ^ 1 }

func (r *router) move(i, j, d int) (ni, nj int, step, extra float64, ok bool) {
	switch d {
	case dirRight:
		if i+1 >= len(r.xs) || r.hBlock[r.at(i, j)] {
			return
		}
		ni, nj, step, extra = i+1, j, r.xs[i+1]-r.xs[i], r.hCost[r.at(i, j)]
	case dirLeft:
		if i == 0 || r.hBlock[r.at(i-1, j)] {
			return
		}
		ni, nj, step, extra = i-1, j, r.xs[i]-r.xs[i-1], r.hCost[r.at(i-1, j)]
	case dirDown:
		if j+1 >= len(r.ys) || r.vBlock[r.at(i, j)] {
			return
		}
		ni, nj, step, extra = i, j+1, r.ys[j+1]-r.ys[j], r.vCost[r.at(i, j)]
	case dirUp:
		if j == 0 || r.vBlock[r.at(i, j-1)] {
			return
		}
		ni, nj, step, extra = i, j-1, r.ys[j]-r.ys[j-1], r.vCost[r.at(i, j-1)]
	}
	return ni, nj, step, extra, !r.blocked[r.at(ni, nj)]
}

func (r *router) trace(prev []int32, end int32) []Point {
	var pts []Point
	ny := len(r.ys)
	for k := end; k >= 0; k = prev[k] {
		cell := int(k) / 4
		pts = append(pts, Point{r.xs[cell/ny], r.ys[cell%ny]})
	}
	slices.Reverse(pts)
	return pts
}
