package flowchart

import (
	"slices"
)

// layers groups the graph's nodes by layer.
func (g *graph) layers() [][]*gnode {
	top := 0
	for _, n := range g.nodes {
		top = max(top, n.layer)
	}
	ls := make([][]*gnode, top+1)
	for _, n := range g.nodes {
		ls[n.layer] = append(ls[n.layer], n)
	}
	return ls
}

// orderLayers reduces edge crossings by barycentre sweeps, keeping every node within its lane, and keeps
// the best order seen.
func (g *graph) orderLayers(ls [][]*gnode) {
	width := 1
	for _, l := range ls {
		slices.SortStableFunc(l, func(a, b *gnode) int {
			if a.lane != b.lane {
				return a.lane - b.lane
			}
			return a.order - b.order
		})
		count := map[int]int{}
		for _, n := range l {
			count[n.lane]++
			width = max(width, count[n.lane])
		}
		renumber(l)
	}
	est := func(n *gnode) float64 { return float64(n.lane*(width+1) + n.slot) }
	best, bestC := snapshot(ls), crossings(ls, est)
	for sweep := 0; sweep < 12 && bestC > 0; sweep++ {
		down := sweep%2 == 0
		for i := range ls {
			li := i
			if !down {
				li = len(ls) - 1 - i
			}
			sortByBarycentre(ls[li], down, est)
		}
		if c := crossings(ls, est); c < bestC {
			best, bestC = snapshot(ls), c
		}
	}
	restore(ls, best)
}

// renumber sets pos (index in the layer) and slot (index within the lane) from the layer's order.
func renumber(l []*gnode) {
	slot := 0
	for i, n := range l {
		if i > 0 && l[i-1].lane != n.lane {
			slot = 0
		}
		n.pos, n.slot = i, slot
		slot++
	}
}

func sortByBarycentre(l []*gnode, down bool, est func(*gnode) float64) {
	bary := map[*gnode]float64{}
	for _, n := range l {
		nb := n.ups
		if !down {
			nb = n.downs
		}
		if len(nb) == 0 {
			bary[n] = est(n)
			continue
		}
		s := 0.0
		for _, m := range nb {
			s += est(m)
		}
		bary[n] = s / float64(len(nb))
	}
	slices.SortStableFunc(l, func(a, b *gnode) int {
		if a.lane != b.lane {
			return a.lane - b.lane
		}
		switch {
		case bary[a] < bary[b]:
			return -1
		case bary[a] > bary[b]:
			return 1
		}
		return 0
	})
	renumber(l)
}

// crossings counts pairs of hops between adjacent layers that cross.
func crossings(ls [][]*gnode, est func(*gnode) float64) int {
	c := 0
	for _, l := range ls {
		type hop struct{ a, b float64 }
		var hops []hop
		for _, n := range l {
			for _, m := range n.downs {
				hops = append(hops, hop{est(n), est(m)})
			}
		}
		for i := range hops {
			for j := i + 1; j < len(hops); j++ {
				if (hops[i].a-hops[j].a)*(hops[i].b-hops[j].b) < 0 {
					c++
				}
			}
		}
	}
	return c
}

func snapshot(ls [][]*gnode) [][]*gnode {
	out := make([][]*gnode, len(ls))
	for i, l := range ls {
		out[i] = slices.Clone(l)
	}
	return out
}

func restore(ls, from [][]*gnode) {
	for i := range ls {
		copy(ls[i], from[i])
		renumber(ls[i])
	}
}
