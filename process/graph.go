package process

import "slices"

// EdgeKind says how a step leads to another.
type EdgeKind string

const (
	EdgeNext    EdgeKind = "next"    // along next
	EdgeBranch  EdgeKind = "branch"  // an exclusive gateway's branch whose condition holds
	EdgeDefault EdgeKind = "default" // an exclusive gateway's default
	EdgeReject  EdgeKind = "reject"  // an approval's 不同意
)

// Edge is one arrow of the process graph.
type Edge struct {
	From, To string
	Kind     EdgeKind
	Index    int    // position in next or branches
	Label    string // a branch's name, or its condition when it has none
	When     string // a branch's condition
}

// Edges returns the step's outgoing arrows in the order they are written: next, branches, default, reject.
func (s *Step) Edges() []Edge {
	var out []Edge
	for i, id := range s.Next {
		out = append(out, Edge{From: s.ID, To: id, Kind: EdgeNext, Index: i})
	}
	for i, b := range s.Branches {
		label := b.Name
		if label == "" {
			label = b.When
		}
		out = append(out, Edge{From: s.ID, To: b.Next, Kind: EdgeBranch, Index: i, Label: label, When: b.When})
	}
	if s.Default != "" {
		out = append(out, Edge{From: s.ID, To: s.Default, Kind: EdgeDefault, Label: "其他"})
	}
	if s.Reject != "" {
		out = append(out, Edge{From: s.ID, To: s.Reject, Kind: EdgeReject, Label: "不同意"})
	}
	return out
}

// Targets returns the distinct ids the step leads to, in order.
func (s *Step) Targets() []string {
	var out []string
	for _, e := range s.Edges() {
		if !slices.Contains(out, e.To) {
			out = append(out, e.To)
		}
	}
	return out
}

// Edges returns every arrow of the process in step order.
func (d *Definition) Edges() []Edge {
	var out []Edge
	for i := range d.Steps {
		out = append(out, d.Steps[i].Edges()...)
	}
	return out
}

// Start returns the start step, or nil when there is not exactly one.
func (d *Definition) Start() *Step {
	var start *Step
	for i := range d.Steps {
		if d.Steps[i].Type == StepStart {
			if start != nil {
				return nil
			}
			start = &d.Steps[i]
		}
	}
	return start
}

// Incoming returns the distinct ids of the steps that lead to id, in step order.
func (d *Definition) Incoming(id string) []string {
	var out []string
	for i := range d.Steps {
		if slices.Contains(d.Steps[i].Targets(), id) && !slices.Contains(out, d.Steps[i].ID) {
			out = append(out, d.Steps[i].ID)
		}
	}
	return out
}

// Reachable returns the ids reachable from id along any arrow, id itself included.
func (d *Definition) Reachable(id string) map[string]bool {
	byID := make(map[string]*Step, len(d.Steps))
	for i := range d.Steps {
		if _, dup := byID[d.Steps[i].ID]; !dup {
			byID[d.Steps[i].ID] = &d.Steps[i]
		}
	}
	seen := map[string]bool{}
	stack := []string{id}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[cur] {
			continue
		}
		seen[cur] = true
		if s, ok := byID[cur]; ok {
			stack = append(stack, s.Targets()...)
		}
	}
	return seen
}

// IsHuman reports whether people do the step (and so it has `who` and a time limit).
func (t StepType) IsHuman() bool {
	return t == StepTask || t == StepApproval || t == StepCirculation
}
