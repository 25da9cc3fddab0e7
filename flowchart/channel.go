package flowchart

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// A run is a horizontal piece of forward edges in the channel between two rows. Edges fanning out of one
// node (or into one node) share a run, so a split is drawn as one bar.
type run struct {
	key           string
	lo, hi        float64
	tops, bottoms []float64 // x where lines come down into the run and leave it downwards
	track         int
}

// hop is the piece of edge e between chain[i] and chain[i+1].
type hop struct {
	e *gedge
	i int
}

type channel struct {
	runs   map[string]*run
	tracks int
	top    float64
}

const straight = 0.5 // two xs closer than this are one vertical line

// buildChannels collects the runs of every channel (one per gap between layers) and gives each run a track.
func (g *graph) buildChannels(layers int) []*channel {
	chans := make([]*channel, max(layers-1, 0))
	for i := range chans {
		chans[i] = &channel{runs: map[string]*run{}}
	}
	fanOut, fanIn := map[*gnode]int{}, map[*gnode]int{}
	for _, e := range g.edges {
		for i := 0; i+1 < len(e.chain); i++ {
			a, b := e.chain[i], e.chain[i+1]
			if math.Abs(a.x-b.x) >= straight {
				fanOut[a]++
				fanIn[b]++
			}
		}
	}
	g.hopRun = map[hop]*run{}
	for ei, e := range g.edges {
		for i := 0; i+1 < len(e.chain); i++ {
			a, b := e.chain[i], e.chain[i+1]
			if math.Abs(a.x-b.x) < straight {
				continue
			}
			key := "e" + strconv.Itoa(ei) + "." + strconv.Itoa(i)
			switch {
			case a.dummy == nil && fanOut[a] > 1:
				key = "out" + strconv.Itoa(a.order)
			case b.dummy == nil && fanIn[b] > 1:
				key = "in" + strconv.Itoa(b.order)
			}
			c := chans[a.layer]
			r, ok := c.runs[key]
			if !ok {
				r = &run{key: key, lo: math.Inf(1), hi: math.Inf(-1)}
				c.runs[key] = r
			}
			r.lo, r.hi = min(r.lo, a.x, b.x), max(r.hi, a.x, b.x)
			g.hopRun[hop{e, i}] = r
			r.tops = appendUnique(r.tops, a.x)
			r.bottoms = appendUnique(r.bottoms, b.x)
		}
	}
	for _, c := range chans {
		c.assignTracks()
	}
	return chans
}

func appendUnique(xs []float64, x float64) []float64 {
	for _, v := range xs {
		if math.Abs(v-x) < straight {
			return xs
		}
	}
	return append(xs, x)
}

// assignTracks stacks overlapping runs on separate tracks, ordered so that lines entering and leaving
// the channel cross as few runs as possible.
func (c *channel) assignTracks() {
	runs := make([]*run, 0, len(c.runs))
	for _, r := range c.runs {
		runs = append(runs, r)
	}
	slices.SortFunc(runs, func(a, b *run) int {
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		return cmp.Compare(a.key, b.key)
	})
	wins := map[*run]int{}
	for i, a := range runs {
		for _, b := range runs[i+1:] {
			ab, ba := crossCost(a, b), crossCost(b, a)
			switch {
			case ab < ba:
				wins[a]++
			case ba < ab:
				wins[b]++
			}
		}
	}
	slices.SortStableFunc(runs, func(a, b *run) int { return wins[b] - wins[a] })
	var placed []*run
	for _, r := range runs {
		r.track = 0
		for _, p := range placed {
			if r.lo < p.hi+trackGap && p.lo < r.hi+trackGap {
				r.track = max(r.track, p.track+1)
			}
		}
		placed = append(placed, r)
		c.tracks = max(c.tracks, r.track+1)
	}
}

// crossCost counts the crossings when run a lies above run b: a's lines leaving downwards through b,
// and b's lines coming down through a.
func crossCost(a, b *run) int {
	n := 0
	for _, x := range a.bottoms {
		if x > b.lo+straight && x < b.hi-straight {
			n++
		}
	}
	for _, x := range b.tops {
		if x > a.lo+straight && x < a.hi-straight {
			n++
		}
	}
	return n
}

func (c *channel) height() float64 {
	return chanTop + float64(max(c.tracks-1, 0))*trackGap + chanBottom
}

func (c *channel) trackY(t int) float64 { return c.top + chanTop + float64(t)*trackGap }

// forwardPoints routes a forward edge down its chain: out of the source's bottom, along the runs of the
// channels it passes, into the target's top.
func (g *graph) forwardPoints(e *gedge, chans []*channel) []Point {
	a := e.chain[0]
	pts := []Point{{a.x, a.y + a.size.H/2}}
	for i := 0; i+1 < len(e.chain); i++ {
		p, q := e.chain[i], e.chain[i+1]
		if math.Abs(p.x-q.x) < straight {
			continue
		}
		ty := chans[p.layer].trackY(g.hopRun[hop{e, i}].track)
		pts = append(pts, Point{p.x, ty}, Point{q.x, ty})
	}
	b := e.chain[len(e.chain)-1]
	pts = append(pts, Point{b.x, b.y - b.size.H/2})
	return simplify(pts)
}

// simplify drops repeated points and points in the middle of a straight line.
func simplify(pts []Point) []Point {
	var out []Point
	for _, p := range pts {
		if n := len(out); n > 0 && near(out[n-1], p) {
			continue
		}
		if n := len(out); n >= 2 && collinear(out[n-2], out[n-1], p) {
			out[n-1] = p
			continue
		}
		out = append(out, p)
	}
	return out
}

func near(a, b Point) bool { return math.Abs(a.X-b.X) < 0.01 && math.Abs(a.Y-b.Y) < 0.01 }

func collinear(a, b, c Point) bool {
	const eps = 0.01
	return math.Abs(a.X-b.X) < eps && math.Abs(b.X-c.X) < eps || math.Abs(a.Y-b.Y) < eps && math.Abs(b.Y-c.Y) < eps
}
