package process

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// StepTypes lists every step type.
var StepTypes = []StepType{StepStart, StepEnd, StepTask, StepApproval, StepCirculation, StepExclusive, StepParallel,
	StepWait, StepAuto, StepCall}

// Modes lists the countersign modes of an approval.
var Modes = []string{ModeAll, ModeAny, ModeRatio, ModeSequential}

// Escalation targets of an overdue step.
const (
	EscalateUnitHead = "unit_head"
	EscalateOverseer = "overseer"
	EscalateNone     = "none"
)

var humanKeys = []string{"who", "limit", "inputs", "outputs", "standard", "form", "next", "skip_if", "require", "escalate"}

// stepKeys lists the keys each type uses besides id, name and type.
var stepKeys = map[StepType][]string{
	StepStart:       {"who", "form", "inputs", "outputs", "standard", "require", "next"},
	StepEnd:         {"result", "outputs", "standard", "require"},
	StepTask:        humanKeys,
	StepApproval:    append(slices.Clone(humanKeys), "mode", "ratio", "reject"),
	StepCirculation: {"who", "limit", "inputs", "outputs", "standard", "next", "skip_if", "require", "escalate"},
	StepExclusive:   {"next", "branches", "default", "require"},
	StepParallel:    {"next", "require"},
	StepWait:        {"wait", "until_field", "standard", "next", "skip_if", "require"},
	StepAuto:        {"action", "inputs", "outputs", "standard", "next", "skip_if", "require"},
	StepCall:        {"process", "limit", "inputs", "outputs", "standard", "next", "skip_if", "require", "escalate"},
}

var stepTypeNames = map[StepType]string{
	StepStart: "开始", StepEnd: "结束", StepTask: "办理", StepApproval: "审批", StepCirculation: "传阅",
	StepExclusive: "排他网关", StepParallel: "并行网关", StepWait: "等待", StepAuto: "自动", StepCall: "调用",
}

// Label is the type's Chinese name.
func (t StepType) Label() string { return stepTypeNames[t] }

// label names a step in messages: its name, or its id.
func (s *Step) label() string {
	if s.Name != "" {
		return "“" + s.Name + "”"
	}
	return "“" + s.ID + "”"
}

func (c *checker) steps() {
	seen := map[string]Pos{}
	starts, ends := 0, 0
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		c.stepID(s, seen)
		switch s.Type {
		case StepStart:
			starts++
		case StepEnd:
			ends++
		}
		if !slices.Contains(StepTypes, s.Type) {
			c.stepType(s)
			continue
		}
		c.stepKeys(s)
		c.stepNext(s)
		c.stepSpecific(s)
		c.limit(s.Limit, s.PosOf("limit"))
		c.form(s)
		c.preconditions(s)
	}
	c.startEnd(starts, ends)
}

func (c *checker) stepType(s *Step) {
	if s.Type == "" {
		c.add(s.Pos, RuleRequiredKey, "环节%s缺少 type：请写环节类型（%s）", s.label(), typeList())
		return
	}
	c.add(s.PosOf("type"), RuleStepType, "环节类型“%s”不存在%s", s.Type, suggestTyped(string(s.Type), StepTypes))
}

func typeList() string {
	parts := make([]string, len(StepTypes))
	for i, t := range StepTypes {
		parts[i] = string(t) + " " + t.Label()
	}
	return strings.Join(parts, "、")
}

func (c *checker) stepID(s *Step, seen map[string]Pos) {
	switch {
	case s.ID == "":
		c.add(s.Pos, RuleRequiredKey, "环节缺少 id：请写一个英文标识，例如 id: register")
	case !stepIDRe.MatchString(s.ID):
		c.add(s.PosOf("id"), RuleBadID, "环节 id“%s”不合规范：以字母开头，只用字母、数字、“_”和“-”，不超过 64 个字符", s.ID)
	default:
		if first, dup := seen[s.ID]; dup {
			c.add(s.PosOf("id"), RuleDuplicateID, "环节 id“%s”重复：第 %d 行已有同名环节，请改用不同的 id", s.ID, first.Line)
			return
		}
		seen[s.ID] = s.PosOf("id")
	}
}

// stepKeys reports keys the step's type does not use.
func (c *checker) stepKeys(s *Step) {
	allowed := stepKeys[s.Type]
	v := reflect.ValueOf(s).Elem()
	for _, k := range infoOf(v.Type()).keys {
		if k.name == "id" || k.name == "name" || k.name == "type" || v.Field(k.index).IsZero() || slices.Contains(allowed, k.name) {
			continue
		}
		if k.name == "skip_if" {
			c.add(s.PosOf(k.name), RuleSkipIf, "%s环节%s不能写 skip_if：%s", s.Type.Label(), s.label(), skipIfReason(s.Type))
			continue
		}
		c.add(s.PosOf(k.name), RuleStepKeys, "%s环节%s不用“%s”；%s环节可写的键：%s", s.Type.Label(), s.label(), k.name,
			s.Type.Label(), strings.Join(allowed, "、"))
	}
}

func skipIfReason(t StepType) string {
	switch t {
	case StepStart:
		return "开始环节是流程的起点，不能跳过"
	case StepEnd:
		return "结束环节记录办理结果，不能跳过"
	}
	return "网关只决定去向，没有可跳过的工作；请把 skip_if 写在分支中的办理或审批环节上，或改写分支条件"
}

// stepNext checks how many ways out the step has.
func (c *checker) stepNext(s *Step) {
	n := len(s.Next)
	switch {
	case s.Type == StepEnd:
		return
	case s.Type == StepExclusive && len(s.Branches) > 0:
		if n > 0 {
			c.add(s.PosOf("next"), RuleStepKeys, "排他网关%s已写 branches，作分支时不用 next；各分支的去向写在 branches 中，其余情况写 default", s.label())
		}
		return
	case s.Type == StepExclusive && s.Default != "":
		c.add(s.PosOf("default"), RuleStepKeys, "排他网关%s只写了 default 没写 branches：作分支时请写 branches；作汇合时只写 next", s.label())
		return
	case n == 0:
		c.add(s.Pos, RuleStepKeys, "%s环节%s缺少 next：请写下一环节的 id", s.Type.Label(), s.label())
	case n > 1 && s.Type != StepParallel:
		c.add(s.PosOf("next"), RuleStepKeys, "%s环节%s的 next 只能写一个环节；要同时走几条路请接并行网关（type: parallel），按条件选路请接排他网关（type: exclusive）", s.Type.Label(), s.label())
	}
	seen := map[string]bool{}
	for i, id := range s.Next {
		if seen[id] {
			c.add(s.KeyPos.Item("next", i, s.Pos), RuleStepKeys, "next 中“%s”重复", id)
		}
		seen[id] = true
	}
}

func (c *checker) stepSpecific(s *Step) {
	switch s.Type {
	case StepApproval:
		c.approval(s)
	case StepWait:
		c.wait(s)
	case StepAuto:
		if s.Action == "" {
			c.add(s.Pos, RuleStepKeys, "自动环节%s缺少 action：请写系统动作的名称，例如 action: assign_doc_number", s.label())
		} else if !actionRe.MatchString(s.Action) {
			c.add(s.PosOf("action"), RuleStepKeys, "系统动作名称“%s”不合规范：只用小写字母、数字和下划线", s.Action)
		}
	case StepCall:
		c.call(s)
	}
	if s.Escalate != "" && !slices.Contains([]string{EscalateUnitHead, EscalateOverseer, EscalateNone}, s.Escalate) {
		c.add(s.PosOf("escalate"), RuleStepKeys, "escalate 只能是 unit_head（处室负责人）、overseer（分管领导）或 none（不升级），这里写的是“%s”", s.Escalate)
	}
	if s.Type.IsHuman() && len(s.Who) == 0 {
		c.add(s.Pos, RuleMissingOwner, "%s环节%s没有写由谁办理：请写 who，例如 who: {unit: 秘书处, post: 收发员}", s.Type.Label(), s.label())
	}
}

func (c *checker) approval(s *Step) {
	switch {
	case s.Mode == "":
		c.add(s.Pos, RuleStepKeys, "审批环节%s缺少 mode：请写 all（会签）、any（或签）、ratio（按比例）或 sequential（依次）", s.label())
	case !slices.Contains(Modes, s.Mode):
		c.add(s.PosOf("mode"), RuleStepKeys, "审批方式“%s”不存在%s", s.Mode, suggestTyped(s.Mode, Modes))
	case s.Mode == ModeRatio && !(s.Ratio > 0 && s.Ratio <= 1):
		c.add(s.PosOf("ratio"), RuleStepKeys, "按比例审批的环节%s须写 ratio：大于 0、不超过 1 的比例，例如 ratio: 0.6", s.label())
	case s.Mode != ModeRatio && s.Ratio != 0:
		c.add(s.PosOf("ratio"), RuleStepKeys, "ratio 只用于 mode: ratio；本环节的审批方式是 %s", s.Mode)
	}
	if s.Reject != "" && s.Reject == s.ID {
		c.add(s.PosOf("reject"), RuleStepKeys, "审批环节%s的 reject 不能指向自己：请写退回到的环节，例如起草环节", s.label())
	}
}

func (c *checker) wait(s *Step) {
	switch {
	case s.Wait == "" && s.UntilField == "":
		c.add(s.Pos, RuleStepKeys, "等待环节%s须写 wait（等待时长，如 三个工作日）或 until_field（日期字段的 id）", s.label())
	case s.Wait != "" && s.UntilField != "":
		c.add(s.PosOf("until_field"), RuleStepKeys, "等待环节%s的 wait 与 until_field 只能写一个", s.label())
	case s.Wait != "":
		c.limit(s.Wait, s.PosOf("wait"))
	default:
		if f, ok := c.fieldByID[s.UntilField]; !ok {
			c.add(s.PosOf("until_field"), RuleStepKeys, "until_field 指向的字段“%s”不存在%s", s.UntilField, c.fieldSuggestion(s.UntilField))
		} else if f.Type != FieldDate {
			c.add(s.PosOf("until_field"), RuleStepKeys, "until_field 须指向日期（date）字段，“%s”是 %s 类型", s.UntilField, f.Type)
		}
	}
}

func (c *checker) call(s *Step) {
	switch {
	case s.Process == "":
		c.add(s.Pos, RuleStepKeys, "调用环节%s缺少 process：请写被调用流程的 id", s.label())
	case !processIDRe.MatchString(s.Process):
		c.add(s.PosOf("process"), RuleBadID, "被调用流程 id“%s”不合规范：流程 id 只能用小写字母、数字和“-”", s.Process)
	case s.Process == c.def.ID:
		c.add(s.PosOf("process"), RuleStepKeys, "调用环节%s调用了本流程自己，会无限嵌套", s.label())
	}
}

func (c *checker) form(s *Step) {
	seen := map[string]bool{}
	for i, id := range s.Form {
		pos := s.KeyPos.Item("form", i, s.Pos)
		if _, ok := c.fieldByID[id]; !ok {
			c.add(pos, RuleForm, "form 中的字段“%s”没有在 fields 中定义%s", id, c.fieldSuggestion(id))
		} else if seen[id] {
			c.add(pos, RuleForm, "form 中的字段“%s”重复", id)
		}
		seen[id] = true
	}
}

func (c *checker) preconditions(s *Step) {
	for i := range s.Require {
		p := &s.Require[i]
		if strings.TrimSpace(p.Message) == "" {
			c.add(p.Pos, RuleRequiredKey, "前置条件缺少 message：请写条件不满足时给办理人的提示，例如“分管领导未签署意见，一律不上会”")
		}
	}
	for i := range s.Branches {
		if s.Branches[i].Next == "" {
			c.add(s.Branches[i].Pos, RuleRequiredKey, "分支缺少 next：请写条件成立时进入的环节 id")
		}
	}
}

func (c *checker) startEnd(starts, ends int) {
	switch {
	case len(c.def.Steps) == 0:
	case starts == 0:
		c.add(c.def.PosOf("steps"), RuleStart, "没有开始环节：请加一个 type: start 的环节")
	case starts > 1:
		for i := range c.def.Steps {
			if s := &c.def.Steps[i]; s.Type == StepStart {
				c.add(s.Pos, RuleStart, "开始环节只能有一个，这里有 %d 个；其余的请改为办理环节", starts)
			}
		}
	}
	if len(c.def.Steps) > 0 && ends == 0 {
		c.add(c.def.PosOf("steps"), RuleEnd, "没有结束环节：请至少加一个 type: end 的环节")
	}
}

func (c *checker) fieldSuggestion(id string) string {
	ids := make([]string, len(c.def.Fields))
	for i, f := range c.def.Fields {
		ids[i] = f.ID
	}
	if best := closest(id, ids); best != "" {
		return fmt.Sprintf("，是否想写“%s”？", best)
	}
	return ""
}
