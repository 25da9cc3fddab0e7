package flowchart

import (
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// LeaderLane is the lane of work done by the office's leaders (分管领导, 厅领导).
const LeaderLane = "厅领导"

// actorLane names the lane of a step done by people, "" when its who does not say.
func actorLane(def *process.Definition, s *process.Step, byID map[string]*gnode, seen map[string]bool) string {
	first := ""
	for _, a := range s.Who {
		l := assigneeLane(def, a, byID, seen)
		if first == "" {
			first = l
		}
	}
	return first
}

func assigneeLane(def *process.Definition, a process.Assignee, byID map[string]*gnode, seen map[string]bool) string {
	switch {
	case a.Role == process.RoleOverseer || a.Role == LeaderLane:
		return LeaderLane
	case a.Unit != "":
		if isTopUnit(a.Unit) {
			return LeaderLane
		}
		return a.Unit
	case a.UnitField != "":
		return fieldName(def, a.UnitField)
	case a.PersonField != "":
		return fieldName(def, a.PersonField)
	case a.PerformerOf != "":
		if seen[a.PerformerOf] {
			return ""
		}
		seen[a.PerformerOf] = true
		if n, ok := byID[a.PerformerOf]; ok {
			return actorLane(def, n.step, byID, seen)
		}
	case a.Initiator:
		return def.Owner
	}
	return ""
}

// isTopUnit reports whether a unit is the office itself, whose work is its leaders' work.
func isTopUnit(unit string) bool {
	return strings.HasSuffix(unit, "办公厅") || strings.HasSuffix(unit, "办公室") && !strings.Contains(unit, "处")
}

// byLayer lists the steps top to bottom, in definition order within a layer.
func (g *graph) byLayer() []*gnode {
	ns := slices.Clone(g.nodes[:g.steps])
	slices.SortStableFunc(ns, func(a, b *gnode) int { return a.layer - b.layer })
	return ns
}

func fieldName(def *process.Definition, id string) string {
	if f, ok := def.Field(id); ok && f.Name != "" {
		return f.Name
	}
	return id
}

// assignLanes puts each step in a lane: people's steps in their unit's lane, the others with their
// neighbours, and lanes in the order that keeps edges short.
func (g *graph) assignLanes() {
	names := make([]string, len(g.nodes))
	for i, n := range g.nodes[:g.steps] {
		if len(n.step.Who) > 0 {
			names[i] = actorLane(g.def, n.step, g.byID, map[string]bool{})
		}
	}
	g.fillLanes(names)
	owner := g.def.Owner
	if owner == "" {
		owner = "承办单位"
	}
	index := map[string]int{}
	for _, n := range g.byLayer() {
		i := n.order
		if names[i] == "" {
			names[i] = owner
		}
		if _, ok := index[names[i]]; !ok {
			index[names[i]] = len(g.lanes)
			g.lanes = append(g.lanes, names[i])
		}
		n.lane = index[names[i]]
	}
	g.orderLanes()
}

// fillLanes gives lane-less steps the lane of their neighbours: a split or an end follows what leads
// into it, a join or a start what it leads to.
func (g *graph) fillLanes(names []string) {
	for changed := true; changed; {
		changed = false
		for i, n := range g.nodes[:g.steps] {
			if names[i] != "" {
				continue
			}
			var before, after []string
			for _, e := range n.ins {
				before = append(before, names[e.from.order])
			}
			for _, e := range n.outs {
				if e.kind != EdgeReject {
					after = append(after, names[e.to.order])
				}
			}
			prefer, other := before, after
			if n.step.Type == process.StepStart || len(n.ins) > 1 && len(n.outs) <= 1 {
				prefer, other = after, before
			}
			if l := majority(prefer); l != "" {
				names[i], changed = l, true
			} else if l := majority(other); l != "" {
				names[i], changed = l, true
			}
		}
	}
}

// majority returns the most frequent non-empty name; "" when there is none or a tie.
func majority(names []string) string {
	best, bestN, tie := "", 0, false
	for _, a := range names {
		if a == "" || a == best {
			continue
		}
		c := 0
		for _, b := range names {
			if a == b {
				c++
			}
		}
		switch {
		case c > bestN:
			best, bestN, tie = a, c, false
		case c == bestN:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// orderLanes arranges lanes to keep edges short, the start's lane leftmost where that costs nothing.
// Up to seven lanes every order is tried; more are improved by swapping neighbours.
func (g *graph) orderLanes() {
	k := len(g.lanes)
	if k < 2 {
		return
	}
	w := make([][]float64, k)
	for i := range w {
		w[i] = make([]float64, k)
	}
	for _, e := range g.edges {
		wt := 1.0
		if e.kind == EdgeReject {
			wt = 0.5
		}
		w[e.from.lane][e.to.lane] += wt
		w[e.to.lane][e.from.lane] += wt
	}
	cost := func(perm []int) float64 {
		at := make([]int, k)
		for p, l := range perm {
			at[l] = p
		}
		c := 0.0
		for a := range k {
			for b := a + 1; b < k; b++ {
				d := at[a] - at[b]
				if d < 0 {
					d = -d
				}
				c += w[a][b] * float64(d)
			}
		}
		for p, l := range perm { // keep first-seen order on ties
			c += 0.001 * float64(max(p-l, l-p))
		}
		return c
	}
	perm := make([]int, k)
	for i := range perm {
		perm[i] = i
	}
	best := slices.Clone(perm)
	if k <= 7 {
		bestC := cost(perm)
		permute(perm, 0, func(p []int) {
			if c := cost(p); c < bestC-1e-9 {
				bestC = c
				copy(best, p)
			}
		})
	} else {
		improveBySwaps(best, cost)
	}
	g.applyLaneOrder(best)
}

func permute(p []int, i int, visit func([]int)) {
	if i == len(p) {
		visit(p)
		return
	}
	for j := i; j < len(p); j++ {
		p[i], p[j] = p[j], p[i]
		permute(p, i+1, visit)
		p[i], p[j] = p[j], p[i]
	}
}

func improveBySwaps(p []int, cost func([]int) float64) {
	for improved := true; improved; {
		improved = false
		for i := 0; i+1 < len(p); i++ {
			c := cost(p)
			p[i], p[i+1] = p[i+1], p[i]
			if cost(p) < c-1e-9 {
				improved = true
			} else {
				p[i], p[i+1] = p[i+1], p[i]
			}
		}
	}
}

func (g *graph) applyLaneOrder(perm []int) {
	at := make([]int, len(perm))
	names := make([]string, len(perm))
	for p, l := range perm {
		at[l] = p
		names[p] = g.lanes[l]
	}
	g.lanes = names
	for _, n := range g.nodes[:g.steps] {
		n.lane = at[n.lane]
	}
}
