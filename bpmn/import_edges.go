package bpmn

import (
	"github.com/govflow/govflow/process"
)

// edges turns n's outgoing flows into s's arrows. Flows govflow wrote say what they are; others are read
// by BPMN's rules. Conditional flows leaving an activity get an exclusive gateway of their own, returned as
// an extra step.
func (b *stepBuilder) edges(n *node, s *process.Step) []process.Step {
	var rest []*sflow
	for _, f := range b.im.outs(n) {
		to := b.ids[f.dst]
		switch f.kind {
		case string(process.EdgeNext):
			s.Next = append(s.Next, to)
		case string(process.EdgeBranch):
			s.Branches = append(s.Branches, process.Branch{Name: f.name, When: f.cond, Next: to})
		case string(process.EdgeDefault):
			s.Default = to
		case string(process.EdgeReject):
			s.Reject = to
		default:
			rest = append(rest, f)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	switch s.Type {
	case process.StepExclusive:
		b.exclusive(n, s, rest)
	case process.StepParallel:
		for _, f := range rest {
			s.Next = append(s.Next, b.ids[f.dst])
			if f.cond != "" {
				b.im.warn(f.el, f.id, "并行分支上的条件“%s”未导入：并行网关的每条分支都会执行", f.cond)
			}
		}
	case process.StepEnd:
		b.im.warn(n.el, n.id, "结束事件%s之后的 %d 条顺序流未导入", quoted(n.name), len(rest))
	default:
		return b.conditional(n, s, rest)
	}
	return nil
}

// conditional handles the flows leaving an activity or event: plain ones continue along next; conditional
// ones (and the default) go through a new exclusive gateway.
func (b *stepBuilder) conditional(n *node, s *process.Step, fs []*sflow) []process.Step {
	var plain, cond []*sflow
	for _, f := range fs {
		if f.cond != "" || f.isDefault {
			cond = append(cond, f)
		} else {
			plain = append(plain, f)
		}
	}
	for _, f := range plain {
		s.Next = append(s.Next, b.ids[f.dst])
	}
	if len(cond) == 0 {
		return nil
	}
	gw := process.Step{ID: b.unique(s.ID + "_gw"), Type: process.StepExclusive}
	s.Next = append(s.Next, gw.ID)
	b.exclusive(n, &gw, cond)
	b.im.warn(n.el, n.id, "%s带条件的顺序流已改为其后的排他网关“%s”", quoted(n.name), gw.ID)
	return []process.Step{gw}
}

// exclusive reads an exclusive split: the default flow, conditional branches, and for flows without a
// condition the first as default (when there is none) and the others as branches whose condition is missing.
func (b *stepBuilder) exclusive(n *node, s *process.Step, fs []*sflow) {
	if len(fs) == 1 && fs[0].cond == "" && !fs[0].isDefault && s.Default == "" && len(s.Branches) == 0 {
		s.Next = append(s.Next, b.ids[fs[0].dst])
		return
	}
	hasDefault := s.Default != ""
	for _, f := range fs {
		hasDefault = hasDefault || f.isDefault
	}
	missing := 0
	for _, f := range fs {
		to := b.ids[f.dst]
		switch {
		case f.isDefault && s.Default == "":
			s.Default = to
		case f.cond != "":
			s.Branches = append(s.Branches, process.Branch{Name: f.name, When: f.cond, Next: to})
		case !hasDefault:
			s.Default, hasDefault = to, true
		default:
			s.Branches = append(s.Branches, process.Branch{Name: f.name, Next: to})
			missing++
		}
	}
	if missing > 0 {
		b.im.warn(n.el, n.id, "排他网关%s有 %d 条分支没有条件：请补充分支条件", quoted(n.name), missing)
	}
}
