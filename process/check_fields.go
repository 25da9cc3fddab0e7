package process

import (
	"regexp"
	"slices"
	"strings"

	"github.com/expr-lang/expr/builtin"
)

// FieldTypes lists every field type, in the order forms offer them.
var FieldTypes = []FieldType{FieldText, FieldTextarea, FieldNumber, FieldDate, FieldBool, FieldChoice, FieldChoices,
	FieldUnit, FieldUnits, FieldPerson, FieldPersons, FieldAttachment, FieldSecrecy, FieldUrgency}

// exprKeywords are words of the expression language a field id cannot take.
var exprKeywords = []string{"true", "false", "nil", "in", "not", "and", "or", "matches", "contains", "startsWith",
	"endsWith", "let", "if", "else", "now", TodayVar}

// reservedFieldID reports whether id would clash with the expression language.
func reservedFieldID(id string) bool {
	return slices.Contains(exprKeywords, id) || slices.Contains(builtin.Names, id)
}

func (c *checker) fields() {
	seen := map[string]Pos{}
	for i := range c.def.Fields {
		f := &c.def.Fields[i]
		c.fieldID(f, seen)
		if strings.TrimSpace(f.Name) == "" {
			c.add(f.Pos, RuleRequiredKey, "字段“%s”缺少 name：请写表单上显示的名称，例如 name: 标题", f.ID)
		}
		if !slices.Contains(FieldTypes, f.Type) {
			c.add(f.PosOf("type"), RuleField, "字段“%s”的类型“%s”不存在%s", f.ID, f.Type, suggestTyped(string(f.Type), FieldTypes))
			continue
		}
		c.fieldOptions(f)
		c.fieldRange(f)
		c.fieldPattern(f)
		c.fieldDefault(f)
	}
}

func (c *checker) fieldID(f *Field, seen map[string]Pos) {
	switch {
	case f.ID == "":
		c.add(f.Pos, RuleRequiredKey, "字段缺少 id：请写一个英文标识，例如 id: title")
	case !fieldIDRe.MatchString(f.ID):
		c.add(f.PosOf("id"), RuleBadID, "字段 id“%s”不合规范：只能用字母、数字和下划线，不以数字开头（如 meeting_date）", f.ID)
	case reservedFieldID(f.ID):
		c.add(f.PosOf("id"), RuleBadID, "字段 id“%s”与表达式的关键字或内置函数同名，请换一个（如 %s_value）", f.ID, f.ID)
	default:
		if first, dup := seen[f.ID]; dup {
			c.add(f.PosOf("id"), RuleDuplicateID, "字段 id“%s”重复：第 %d 行已有同名字段", f.ID, first.Line)
			return
		}
		seen[f.ID] = f.PosOf("id")
	}
}

func (c *checker) fieldOptions(f *Field) {
	if f.Type != FieldChoice && f.Type != FieldChoices {
		if len(f.Options) > 0 {
			c.add(f.PosOf("options"), RuleField, "字段“%s”是 %s 类型，不用 options；只有 choice、choices 字段写可选项", f.ID, f.Type)
		}
		return
	}
	if len(f.Options) == 0 {
		c.add(f.Pos, RuleField, "字段“%s”是选择类型，须写 options 列出可选项，例如 options: [一般, 重要, 重大]", f.ID)
	}
	seen := map[string]bool{}
	for i, o := range f.Options {
		pos := f.KeyPos.Item("options", i, f.Pos)
		if strings.TrimSpace(o) == "" {
			c.add(pos, RuleField, "字段“%s”的第 %d 个选项是空的", f.ID, i+1)
		} else if seen[o] {
			c.add(pos, RuleField, "字段“%s”的选项“%s”重复", f.ID, o)
		}
		seen[o] = true
	}
}

func (c *checker) fieldRange(f *Field) {
	if f.Min == nil && f.Max == nil {
		return
	}
	switch f.Type {
	case FieldNumber:
	case FieldText, FieldTextarea:
		for _, b := range []*float64{f.Min, f.Max} {
			if b != nil && (*b < 0 || *b != float64(int(*b))) {
				c.add(f.Pos, RuleField, "字段“%s”的 min/max 是字数，应为不小于 0 的整数", f.ID)
				return
			}
		}
	default:
		c.add(f.Pos, RuleField, "字段“%s”是 %s 类型，不用 min/max；它们只用于数字（取值范围）和文字（字数）", f.ID, f.Type)
		return
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		c.add(f.PosOf("min"), RuleField, "字段“%s”的 min（%s）大于 max（%s）", f.ID, trimFloat(*f.Min), trimFloat(*f.Max))
	}
}

func (c *checker) fieldPattern(f *Field) {
	if f.Pattern == "" {
		return
	}
	if f.Type != FieldText && f.Type != FieldTextarea {
		c.add(f.PosOf("pattern"), RuleField, "字段“%s”是 %s 类型，不用 pattern；pattern 只用于文字字段", f.ID, f.Type)
		return
	}
	if _, err := regexp.Compile(f.Pattern); err != nil {
		c.add(f.PosOf("pattern"), RuleField, "字段“%s”的 pattern 不是有效的正则表达式：%v", f.ID, err)
	}
}

func (c *checker) fieldDefault(f *Field) {
	if f.Default == nil {
		return
	}
	if f.Type == FieldAttachment {
		c.add(f.PosOf("default"), RuleField, "附件字段“%s”不能有默认值", f.ID)
		return
	}
	v, msg := f.convert(f.Default)
	if msg == "" && v != nil {
		msg = f.check(v)
	}
	if msg != "" {
		c.add(f.PosOf("default"), RuleField, "字段“%s”的默认值不合要求：%s", f.ID, msg)
	}
}

func suggestTyped[T ~string](s string, known []T) string {
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = string(k)
	}
	if best := closest(s, names); best != "" {
		return "，是否想写“" + best + "”？"
	}
	return "；可用：" + strings.Join(names, "、")
}
