package process

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Values are an instance's field values as stored and serialised: string for text-like fields, choice, unit,
// person, secrecy, urgency and date ("2006-01-02"); float64 for number; bool for bool; []string for choices,
// units, persons and attachment.
type Values map[string]any

// Fixed vocabularies of the 条例.
var (
	SecrecyLevels = []string{"非密", "秘密", "机密", "绝密"}
	UrgencyLevels = []string{"普通", "加急", "特急"}
)

// FieldProblem says, in Chinese, what is wrong with one field's input.
type FieldProblem struct {
	Field   string `json:"field"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

func (p FieldProblem) Error() string { return p.Name + "：" + p.Message }

// Coerce converts the input for the fields ids (what one step's form carries) into stored values and checks
// them against the fields' rules. Input values may be strings and string lists (a posted form) or JSON values.
// Fields not in ids are ignored. It returns the accepted values, or the problems and no values.
func (d *Definition) Coerce(ids []string, input map[string]any) (Values, []FieldProblem) {
	out := Values{}
	var probs []FieldProblem
	for _, id := range ids {
		f, ok := d.Field(id)
		if !ok {
			continue
		}
		v, msg := f.coerce(input[id])
		if msg != "" {
			probs = append(probs, FieldProblem{Field: f.ID, Name: f.Name, Message: msg})
			continue
		}
		if v != nil {
			out[id] = v
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return out, nil
}

// Normalize brings values decoded from storage (JSON) back to their stored Go types, dropping what does not fit.
func (d *Definition) Normalize(raw map[string]any) Values {
	out := Values{}
	for _, f := range d.Fields {
		if v, ok := raw[f.ID]; ok {
			if c, msg := f.convert(v); msg == "" && c != nil {
				out[f.ID] = c
			}
		}
	}
	return out
}

func (f *Field) coerce(in any) (any, string) {
	v, msg := f.convert(in)
	if msg != "" {
		return nil, msg
	}
	if v == nil {
		if f.Required {
			return nil, "必填，请填写" + f.Name
		}
		return nil, ""
	}
	return v, f.check(v)
}

// convert parses in to the field's stored type; nil means "not given".
func (f *Field) convert(in any) (any, string) {
	switch f.Type {
	case FieldChoices, FieldUnits, FieldPersons, FieldAttachment:
		l, ok := stringList(in)
		if !ok {
			return nil, "应为若干项的列表"
		}
		if len(l) == 0 {
			return nil, ""
		}
		return l, ""
	case FieldNumber:
		if s, ok := in.(string); ok && strings.TrimSpace(s) == "" {
			return nil, ""
		}
		if in == nil {
			return nil, ""
		}
		n, ok := toFloat(in)
		if !ok {
			return nil, "应为数字，例如 12 或 3.5"
		}
		return n, ""
	case FieldBool:
		return toBool(in)
	}
	s, ok := scalarString(in)
	if !ok {
		return nil, "应为一项文字"
	}
	if s = strings.TrimSpace(s); s == "" {
		return nil, ""
	}
	if f.Type == FieldDate {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, "日期格式应为 年-月-日，例如 2026-09-30"
		}
		return d.Format(time.DateOnly), ""
	}
	return s, ""
}

// check applies the field's rules to a converted, non-nil value.
func (f *Field) check(v any) string {
	switch f.Type {
	case FieldChoice:
		if !slices.Contains(f.Options, v.(string)) {
			return "应为以下选项之一：" + strings.Join(f.Options, "、")
		}
	case FieldChoices:
		for _, s := range v.([]string) {
			if !slices.Contains(f.Options, s) {
				return fmt.Sprintf("“%s”不是可选项；可选：%s", s, strings.Join(f.Options, "、"))
			}
		}
	case FieldSecrecy:
		if !slices.Contains(SecrecyLevels, v.(string)) {
			return "密级应为：" + strings.Join(SecrecyLevels, "、")
		}
	case FieldUrgency:
		if !slices.Contains(UrgencyLevels, v.(string)) {
			return "紧急程度应为：" + strings.Join(UrgencyLevels, "、")
		}
	case FieldNumber:
		return f.checkRange(v.(float64), "")
	case FieldText, FieldTextarea:
		s := v.(string)
		if msg := f.checkRange(float64(utf8.RuneCountInString(s)), "个字"); msg != "" {
			return msg
		}
		if f.Pattern != "" {
			if re, err := regexp.Compile(`^(?:` + f.Pattern + `)$`); err == nil && !re.MatchString(s) {
				return "格式不符合要求" + helpSuffix(f.Help)
			}
		}
	}
	return ""
}

func (f *Field) checkRange(n float64, unit string) string {
	if f.Min != nil && n < *f.Min {
		return fmt.Sprintf("不能少于 %s%s", trimFloat(*f.Min), unit)
	}
	if f.Max != nil && n > *f.Max {
		return fmt.Sprintf("不能超过 %s%s", trimFloat(*f.Max), unit)
	}
	return ""
}

func helpSuffix(help string) string {
	if help == "" {
		return ""
	}
	return "：" + help
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func scalarString(in any) (string, bool) {
	switch v := in.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case []string:
		if len(v) == 0 {
			return "", true
		}
		if len(v) == 1 {
			return v[0], true
		}
	case []any:
		if len(v) == 0 {
			return "", true
		}
		if len(v) == 1 {
			return scalarString(v[0])
		}
	}
	return "", false
}

func stringList(in any) ([]string, bool) {
	switch v := in.(type) {
	case nil:
		return nil, true
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, true
		}
		return []string{strings.TrimSpace(v)}, true
	case []string:
		return nonEmpty(v), true
	case []any:
		l := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			l = append(l, s)
		}
		return nonEmpty(l), true
	}
	return nil, false
}

func nonEmpty(l []string) []string {
	out := make([]string, 0, len(l))
	for _, s := range l {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func toFloat(in any) (float64, bool) {
	switch v := in.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	case []string:
		if len(v) == 1 {
			return toFloat(v[0])
		}
	}
	return 0, false
}

func toBool(in any) (any, string) {
	switch v := in.(type) {
	case nil:
		return nil, ""
	case bool:
		return v, ""
	case []string:
		if len(v) == 0 {
			return nil, ""
		}
		return toBool(v[len(v)-1]) // a checkbox posts a hidden "false" before the box's "true"
	case string:
		switch strings.TrimSpace(strings.ToLower(v)) {
		case "":
			return nil, ""
		case "true", "on", "1", "yes", "是":
			return true, ""
		case "false", "off", "0", "no", "否":
			return false, ""
		}
	}
	return nil, "应为“是”或“否”"
}
