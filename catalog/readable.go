package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/govflow/govflow/process"
)

// Condition writes a condition of def in plain Chinese, with field names for ids and words for operators:
// `importance == "一般"` → 重要程度为“一般”; `len(co_units) == 0` → 会签处室为空; `secrecy in ["机密", "绝密"]` →
// 密级为“机密”或“绝密”. A condition it cannot read is returned as written.
func Condition(def *process.Definition, src string) string {
	tree, err := parser.Parse(src)
	if err != nil {
		return src
	}
	return (&reader{def: def}).cond(tree.Node)
}

// SkipText says when a step is skipped: 当重要程度为“一般”时跳过本环节.
func SkipText(def *process.Definition, s *process.Step) string {
	if s.SkipIf == "" {
		return ""
	}
	return "当" + Condition(def, s.SkipIf) + "时，跳过本环节"
}

// RequireText says what a precondition demands: 须满足：分管领导已签署意见.
func RequireText(def *process.Definition, p process.Precondition) string {
	return "须满足：" + Condition(def, p.Check)
}

type reader struct{ def *process.Definition }

// cond writes a node that stands for true or false.
func (r *reader) cond(n ast.Node) string {
	switch x := n.(type) {
	case *ast.IdentifierNode:
		if f, ok := r.def.Field(x.Value); ok && f.Type == process.FieldBool {
			return f.Name + "为“是”"
		}
	case *ast.UnaryNode:
		if x.Operator == "!" || x.Operator == "not" {
			return r.negate(x.Node)
		}
	case *ast.BinaryNode:
		return r.binary(x)
	case *ast.BoolNode:
		if x.Value {
			return "任何情况下"
		}
		return "任何情况下都不"
	}
	return r.term(n)
}

func (r *reader) negate(n ast.Node) string {
	switch x := n.(type) {
	case *ast.IdentifierNode:
		if f, ok := r.def.Field(x.Value); ok && f.Type == process.FieldBool {
			return f.Name + "为“否”"
		}
	case *ast.BinaryNode:
		if x.Operator == "in" {
			return r.in(x, true)
		}
	}
	return "并非“" + r.cond(n) + "”"
}

var comparisons = map[string][2]string{
	"==": {"为", "为"}, "!=": {"不为", "不为"},
	">": {"大于", "晚于"}, "<": {"小于", "早于"}, ">=": {"不小于", "不早于"}, "<=": {"不大于", "不晚于"},
}

func (r *reader) binary(x *ast.BinaryNode) string {
	switch x.Operator {
	case "&&", "and":
		return r.joined(x.Left, "&&") + "，且" + r.joined(x.Right, "&&")
	case "||", "or":
		return r.joined(x.Left, "||") + "，或" + r.joined(x.Right, "||")
	case "in":
		return r.in(x, false)
	case "matches":
		return r.term(x.Left) + "符合格式 " + r.term(x.Right)
	case "contains":
		return r.term(x.Left) + "含有" + r.term(x.Right)
	case "startsWith":
		return r.term(x.Left) + "以" + r.term(x.Right) + "开头"
	case "endsWith":
		return r.term(x.Left) + "以" + r.term(x.Right) + "结尾"
	}
	if s, ok := r.emptiness(x); ok {
		return s
	}
	if words, ok := comparisons[x.Operator]; ok {
		w := words[0]
		if r.isDate(x.Left) || r.isDate(x.Right) {
			w = words[1]
		}
		return r.term(x.Left) + w + r.term(x.Right)
	}
	return r.term(x.Left) + " " + x.Operator + " " + r.term(x.Right)
}

// joined writes an operand of && or ||, bracketing the other connective so that the grouping stays clear.
func (r *reader) joined(n ast.Node, op string) string {
	if b, ok := n.(*ast.BinaryNode); ok {
		inner := b.Operator
		if (inner == "&&" || inner == "and" || inner == "||" || inner == "or") && normalize(inner) != op {
			return "（" + r.cond(n) + "）"
		}
	}
	return r.cond(n)
}

func normalize(op string) string {
	switch op {
	case "and":
		return "&&"
	case "or":
		return "||"
	}
	return op
}

// emptiness reads len(x) == 0, len(x) > 0 and the like as 为空 / 不为空.
func (r *reader) emptiness(x *ast.BinaryNode) (string, bool) {
	b, ok := x.Left.(*ast.BuiltinNode)
	zero, isInt := x.Right.(*ast.IntegerNode)
	if !ok || b.Name != "len" || len(b.Arguments) != 1 || !isInt || zero.Value != 0 {
		return "", false
	}
	what := r.term(b.Arguments[0])
	switch x.Operator {
	case "==", "<=":
		return what + "为空", true
	case "!=", ">":
		return what + "不为空", true
	}
	return "", false
}

func (r *reader) in(x *ast.BinaryNode, negated bool) string {
	if arr, ok := x.Right.(*ast.ArrayNode); ok {
		parts := make([]string, len(arr.Nodes))
		for i, n := range arr.Nodes {
			parts[i] = r.term(n)
		}
		verb := "为"
		if negated {
			verb = "不为"
		}
		sep := "或"
		if negated {
			sep = "、"
		}
		return r.term(x.Left) + verb + strings.Join(parts, sep)
	}
	if negated {
		return r.term(x.Right) + "不含" + r.term(x.Left)
	}
	return r.term(x.Right) + "包含" + r.term(x.Left)
}

// term writes a value: a field's name, a quoted text, a number.
func (r *reader) term(n ast.Node) string {
	switch x := n.(type) {
	case *ast.IdentifierNode:
		if f, ok := r.def.Field(x.Value); ok {
			return f.Name
		}
		if x.Value == process.TodayVar {
			return "当天"
		}
		return x.Value
	case *ast.StringNode:
		return "“" + x.Value + "”"
	case *ast.IntegerNode:
		return strconv.Itoa(x.Value)
	case *ast.FloatNode:
		return strconv.FormatFloat(x.Value, 'f', -1, 64)
	case *ast.BoolNode:
		if x.Value {
			return "“是”"
		}
		return "“否”"
	case *ast.NilNode:
		return "空"
	case *ast.UnaryNode:
		if x.Operator == "-" {
			return "-" + r.term(x.Node)
		}
		return r.cond(n)
	case *ast.BuiltinNode:
		if x.Name == "len" && len(x.Arguments) == 1 {
			return r.term(x.Arguments[0]) + "的个数"
		}
	case *ast.BinaryNode:
		return "（" + r.binary(x) + "）"
	case *ast.ArrayNode:
		parts := make([]string, len(x.Nodes))
		for i, e := range x.Nodes {
			parts[i] = r.term(e)
		}
		return strings.Join(parts, "、")
	}
	return n.String()
}

func (r *reader) isDate(n ast.Node) bool {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return false
	}
	if id.Value == process.TodayVar {
		return true
	}
	f, ok := r.def.Field(id.Value)
	return ok && f.Type == process.FieldDate
}

// Assignee says where a who rule finds people, as the step table's 责任单位 and 岗位 columns: a unit chosen
// in a field is named by the field (起草处室), people chosen in a field by the field (传阅领导), an earlier
// step's performer as 同“主任签发” 原办理人.
func Assignee(def *process.Definition, a process.Assignee) (unit, post string) {
	post = a.Post
	if a.Role != "" {
		post = a.Role
	}
	switch {
	case a.Unit != "":
		return a.Unit, post
	case a.UnitField != "":
		return fieldName(def, a.UnitField), post
	case a.PersonField != "":
		return "—", fieldName(def, a.PersonField)
	case a.PerformerOf != "":
		return "同“" + stepName(def, a.PerformerOf) + "”", "原办理人"
	case a.Initiator:
		return "—", "发起人"
	}
	return "—", post
}

// Who writes every rule of a step's who on one line: 秘书处 收发员；起草处室 处室负责人.
func Who(def *process.Definition, who []process.Assignee) string {
	parts := make([]string, 0, len(who))
	for _, a := range who {
		unit, post := Assignee(def, a)
		switch {
		case unit == "—":
			parts = append(parts, post)
		case post == "":
			parts = append(parts, unit)
		default:
			parts = append(parts, unit+" "+post)
		}
	}
	return strings.Join(parts, "；")
}

// ModeText says how an approval decides.
func ModeText(s *process.Step) string {
	switch s.Mode {
	case process.ModeAll:
		return "会签：全部同意方可通过"
	case process.ModeAny:
		return "或签：一人决定"
	case process.ModeRatio:
		return fmt.Sprintf("按比例：同意达 %s%% 通过", strconv.FormatFloat(s.Ratio*100, 'f', -1, 64))
	case process.ModeSequential:
		return "依次审批：按顺序逐人审批"
	}
	return s.Mode
}

// FlowText says where a step leads: 处室审核；不同意：起草.
func FlowText(def *process.Definition, s *process.Step) string {
	var parts []string
	for _, e := range s.Edges() {
		to := stepName(def, e.To)
		switch e.Kind {
		case process.EdgeBranch:
			label := e.Label
			if label == "" || label == e.When {
				label = Condition(def, e.When)
			}
			parts = append(parts, label+"："+to)
		case process.EdgeDefault:
			parts = append(parts, "其他情况："+to)
		case process.EdgeReject:
			parts = append(parts, "不同意："+to)
		default:
			parts = append(parts, to)
		}
	}
	return strings.Join(parts, "；")
}

func fieldName(def *process.Definition, id string) string {
	if f, ok := def.Field(id); ok && f.Name != "" {
		return f.Name
	}
	return id
}

func stepName(def *process.Definition, id string) string {
	if s, ok := def.Step(id); ok {
		return StepLabel(s)
	}
	return id
}

// StepLabel is what a step is called: its name, else its type's name (开始, 结束 …), else its id.
func StepLabel(s *process.Step) string {
	if s.Name != "" {
		return s.Name
	}
	if l := s.Type.Label(); l != "" {
		return l
	}
	return s.ID
}
