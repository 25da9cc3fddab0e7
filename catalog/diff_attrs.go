package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/govflow/govflow/process"
)

// The attributes CompareDefinitions compares, with how each is written for people.

type attr[T any] struct {
	name string
	get  func(T) string
}

var processAttrs = []attr[*process.Definition]{
	{"名称", func(d *process.Definition) string { return d.Name }},
	{"类别", func(d *process.Definition) string { return d.Category }},
	{"牵头单位", func(d *process.Definition) string { return d.Owner }},
	{"用途", func(d *process.Definition) string { return d.Purpose }},
	{"依据", func(d *process.Definition) string { return d.Basis }},
	{"总时限", func(d *process.Definition) string { return d.Limit }},
	{"计时起点", func(d *process.Definition) string { return countFromText(d.CountFrom) }},
	{"相关流程", func(d *process.Definition) string { return strings.Join(d.Related, "、") }},
	{"跳过重复审批人", func(d *process.Definition) string { return yesNo(d.SkipRepeatedApprover) }},
}

func countFromText(s string) string {
	if s == process.CountNextDay {
		return "次日起算"
	}
	return "当日起算"
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

var fieldAttrs = []attr[*process.Field]{
	{"名称", func(f *process.Field) string { return f.Name }},
	{"类型", func(f *process.Field) string { return FieldTypeLabel(f.Type) }},
	{"必填", func(f *process.Field) string { return yesNo(f.Required) }},
	{"可选值", func(f *process.Field) string { return strings.Join(f.Options, "、") }},
	{"最小", func(f *process.Field) string { return number(f.Min) }},
	{"最大", func(f *process.Field) string { return number(f.Max) }},
	{"格式", func(f *process.Field) string { return f.Pattern }},
	{"默认值", func(f *process.Field) string { return ValueText(f.Default) }},
	{"说明", func(f *process.Field) string { return f.Help }},
}

func number(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// ValueText writes a field value as a reader sees it: lists joined with 、, booleans as 是/否.
func ValueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, "、")
	case []string:
		return strings.Join(x, "、")
	case bool:
		return yesNo(x)
	}
	return fmt.Sprint(v)
}

// FieldSummary describes a field in a few words: 单选（一般、重要），必填.
func FieldSummary(f *process.Field) string {
	s := FieldTypeLabel(f.Type)
	if len(f.Options) > 0 {
		s += "（" + strings.Join(f.Options, "、") + "）"
	}
	if f.Required {
		s += "，必填"
	}
	return s
}

// FieldTypeLabel is a field type's Chinese name.
func FieldTypeLabel(t process.FieldType) string {
	if l, ok := fieldTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

var fieldTypeLabels = map[process.FieldType]string{
	process.FieldText: "文本", process.FieldTextarea: "多行文本", process.FieldNumber: "数字", process.FieldDate: "日期",
	process.FieldBool: "是/否", process.FieldChoice: "单选", process.FieldChoices: "多选", process.FieldUnit: "处室",
	process.FieldUnits: "多个处室", process.FieldPerson: "人员", process.FieldPersons: "多个人员",
	process.FieldAttachment: "附件", process.FieldSecrecy: "密级", process.FieldUrgency: "紧急程度",
}

// StepSummary describes a step in one line: 审批 · 综合一处 处室负责人 · 两个工作日.
func StepSummary(def *process.Definition, s *process.Step) string {
	parts := []string{s.Type.Label()}
	if len(s.Who) > 0 {
		parts = append(parts, Who(def, s.Who))
	}
	if s.Limit != "" {
		parts = append(parts, s.Limit)
	}
	return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), " · ")
}

type stepAttr struct {
	name string
	get  func(*process.Definition, *process.Step) string
	// key, when set, is what is compared: ids rather than the names get shows, so that renaming a field is
	// reported once, at the field.
	key func(*process.Step) string
}

func (p stepAttr) differs(a *process.Definition, as *process.Step, b *process.Definition, bs *process.Step) bool {
	if p.key != nil {
		return p.key(as) != p.key(bs)
	}
	return p.get(a, as) != p.get(b, bs)
}

func whoKey(s *process.Step) string { return fmt.Sprintf("%+v", whoValues(s.Who)) }

func whoValues(who []process.Assignee) [][]string {
	out := make([][]string, len(who))
	for i, a := range who {
		out[i] = []string{a.Unit, a.UnitField, a.Post, a.Role, a.PersonField, a.PerformerOf, yesNo(a.Initiator)}
	}
	return out
}

var stepAttrs = []stepAttr{
	{"名称", func(_ *process.Definition, s *process.Step) string { return s.Name }, nil},
	{"类型", func(_ *process.Definition, s *process.Step) string { return s.Type.Label() }, nil},
	{"办理人", func(d *process.Definition, s *process.Step) string { return Who(d, s.Who) }, whoKey},
	{"时限", func(_ *process.Definition, s *process.Step) string { return s.Limit }, nil},
	{"审批方式", func(_ *process.Definition, s *process.Step) string { return modeIf(s) }, nil},
	{"输入", func(_ *process.Definition, s *process.Step) string { return strings.Join(s.Inputs, "、") }, nil},
	{"输出", func(_ *process.Definition, s *process.Step) string { return strings.Join(s.Outputs, "、") }, nil},
	{"完成标准", func(_ *process.Definition, s *process.Step) string { return s.Standard }, nil},
	{"填写字段", func(d *process.Definition, s *process.Step) string { return fieldNames(d, s.Form) },
		func(s *process.Step) string { return strings.Join(s.Form, ",") }},
	{"去向", FlowText, flowKey},
	{"跳过条件", func(d *process.Definition, s *process.Step) string { return SkipText(d, s) },
		func(s *process.Step) string { return s.SkipIf }},
	{"前置条件", requireText, func(s *process.Step) string { return fmt.Sprintf("%q", requireValues(s.Require)) }},
	{"等待", func(d *process.Definition, s *process.Step) string { return waitText(d, s) },
		func(s *process.Step) string { return s.Wait + "|" + s.UntilField }},
	{"系统动作", func(_ *process.Definition, s *process.Step) string { return s.Action }, nil},
	{"调用流程", func(_ *process.Definition, s *process.Step) string { return s.Process }, nil},
	{"结果", func(_ *process.Definition, s *process.Step) string { return s.Result }, nil},
	{"超期处理", func(_ *process.Definition, s *process.Step) string { return EscalateText(s.Escalate) }, nil},
}

// flowKey compares where a step leads by ids and conditions, not by the names of the steps it leads to.
func flowKey(s *process.Step) string {
	var b strings.Builder
	for _, e := range s.Edges() {
		fmt.Fprintf(&b, "%s>%s|%s|%s;", e.Kind, e.To, e.Label, e.When)
	}
	return b.String()
}

func requireValues(ps []process.Precondition) []string {
	out := make([]string, 0, 2*len(ps))
	for _, p := range ps {
		out = append(out, p.Check, p.Message)
	}
	return out
}

func modeIf(s *process.Step) string {
	if s.Type != process.StepApproval {
		return ""
	}
	return ModeText(s)
}

func fieldNames(d *process.Definition, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = fieldName(d, id)
	}
	return strings.Join(names, "、")
}

func requireText(d *process.Definition, s *process.Step) string {
	parts := make([]string, len(s.Require))
	for i, p := range s.Require {
		parts[i] = RequireText(d, p) + "（否则：" + p.Message + "）"
	}
	return strings.Join(parts, "；")
}

func waitText(d *process.Definition, s *process.Step) string {
	switch {
	case s.Wait != "":
		return "等待" + s.Wait
	case s.UntilField != "":
		return "等到" + fieldName(d, s.UntilField)
	}
	return ""
}

// EscalateText says what happens when a step is overdue.
func EscalateText(e string) string {
	switch e {
	case process.EscalateOverseer:
		return "超期报分管领导"
	case process.EscalateNone:
		return "超期不上报"
	case "", process.EscalateUnitHead:
		return "超期报处室负责人"
	}
	return e
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
