package process

import (
	"strings"
)

// Where an assignee rule finds people.
const (
	SourceUnit        = "unit"
	SourceUnitField   = "unit_field"
	SourcePersonField = "person_field"
	SourcePerformerOf = "performer_of"
	SourceInitiator   = "initiator"
)

// Sources returns the keys of the rule that say where to look for people; a well-formed rule has exactly one.
func (a *Assignee) Sources() []string {
	var out []string
	for _, s := range []struct {
		key string
		set bool
	}{
		{SourceUnit, strings.TrimSpace(a.Unit) != ""}, {SourceUnitField, a.UnitField != ""},
		{SourcePersonField, a.PersonField != ""}, {SourcePerformerOf, a.PerformerOf != ""}, {SourceInitiator, a.Initiator},
	} {
		if s.set {
			out = append(out, s.key)
		}
	}
	return out
}

func (c *checker) who() {
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		for j := range s.Who {
			c.assignee(s, &s.Who[j])
		}
	}
}

func (c *checker) assignee(s *Step, a *Assignee) {
	sources := a.Sources()
	switch len(sources) {
	case 0:
		c.add(a.Pos, RuleWho, "办理人规则须写明到哪里找人：unit（处室）、unit_field（处室字段）、person_field（人员字段）、performer_of（前序环节的办理人）、initiator（发起人）中的一个")
		return
	case 1:
	default:
		c.add(a.Pos, RuleWho, "一条办理人规则只能写 unit、unit_field、person_field、performer_of、initiator 中的一个，这里写了 %s；需要几处的人请写成规则列表", strings.Join(sources, "、"))
		return
	}
	switch sources[0] {
	case SourceUnit, SourceUnitField:
		c.unitRule(a)
	default:
		if a.Post != "" || a.Role != "" {
			c.add(a.Pos, RuleWho, "post、role 只与 unit 或 unit_field 连用，用来指明处室中的哪些人")
		}
	}
	switch sources[0] {
	case SourceUnitField:
		c.fieldRule(a, "unit_field", a.UnitField, FieldUnit, FieldUnits, "处室")
	case SourcePersonField:
		c.fieldRule(a, "person_field", a.PersonField, FieldPerson, FieldPersons, "人员")
	case SourcePerformerOf:
		c.performerRule(s, a)
	}
}

func (c *checker) unitRule(a *Assignee) {
	switch {
	case a.Post != "" && a.Role != "":
		c.add(a.PosOf("role"), RuleWho, "post 与 role 只能写一个：按岗位找人写 post（如 收发员），按角色找人写 role（如 处室负责人）")
	case strings.TrimSpace(a.Post) == "" && strings.TrimSpace(a.Role) == "":
		c.add(a.Pos, RuleWho, "只写处室不足以确定办理人：请再写岗位（post，如 收发员）或角色（role，如 处室负责人、分管领导）")
	}
}

func (c *checker) fieldRule(a *Assignee, key, id string, one, many FieldType, what string) {
	f, ok := c.fieldByID[id]
	switch {
	case !ok:
		c.add(a.PosOf(key), RuleWho, "%s 指向的字段“%s”没有在 fields 中定义%s", key, id, c.fieldSuggestion(id))
	case f.Type != one && f.Type != many:
		c.add(a.PosOf(key), RuleWho, "%s 须指向%s字段（type: %s 或 %s），“%s”是 %s 类型", key, what, one, many, id, f.Type)
	}
}

func (c *checker) performerRule(s *Step, a *Assignee) {
	p, ok := c.stepByID[a.PerformerOf]
	switch {
	case !ok:
		c.add(a.PosOf("performer_of"), RuleWho, "performer_of 指向的环节“%s”不存在%s", a.PerformerOf, c.stepSuggestion(a.PerformerOf))
	case p.Type != StepStart && !p.Type.IsHuman():
		c.add(a.PosOf("performer_of"), RuleWho, "performer_of 须指向有人办理的环节（开始、办理、审批或传阅），“%s”是%s环节", p.ID, p.Type.Label())
	case p.ID == s.ID || !c.reachable(p.ID)[s.ID]:
		c.add(a.PosOf("performer_of"), RuleWho, "performer_of 须指向本环节之前的环节：从“%s”走不到本环节，到这里时还没有人办理过它", p.ID)
	}
}
