package process

import "fmt"

// graph checks that every arrow leads to an existing step other than the start.
func (c *checker) graph() {
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		for _, e := range s.Edges() {
			pos := edgePos(s, e)
			t, ok := c.stepByID[e.To]
			switch {
			case e.To == "":
			case !ok:
				c.add(pos, RuleUnknownStep, "%s 指向的环节“%s”不存在%s", edgeWhat(e), e.To, c.stepSuggestion(e.To))
			case t.Type == StepStart:
				c.add(pos, RuleStart, "%s 不能回到开始环节：需要发起人修改时，请加一个 who: {initiator: true} 的办理环节", edgeWhat(e))
			}
		}
	}
}

func edgePos(s *Step, e Edge) Pos {
	switch e.Kind {
	case EdgeNext:
		return s.KeyPos.Item("next", e.Index, s.Pos)
	case EdgeBranch:
		b := &s.Branches[e.Index]
		return b.PosOf("next")
	}
	return s.PosOf(string(e.Kind))
}

func edgeWhat(e Edge) string {
	switch e.Kind {
	case EdgeBranch:
		return fmt.Sprintf("第 %d 个分支的 next", e.Index+1)
	case EdgeDefault:
		return "default"
	case EdgeReject:
		return "reject"
	}
	return "next"
}

func (c *checker) stepSuggestion(id string) string {
	ids := make([]string, len(c.def.Steps))
	for i, s := range c.def.Steps {
		ids[i] = s.ID
	}
	if best := closest(id, ids); best != "" {
		return fmt.Sprintf("，是否想写“%s”？", best)
	}
	return ""
}
