package process

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// decoder fills the definition types from a YAML node tree, collecting every problem instead of stopping at
// the first.
type decoder struct {
	file      string
	probs     []Problem
	budget    int
	exhausted bool
}

// A key of a type: its yaml name, its struct field, and whether a single value stands for a list of one.
type keyInfo struct {
	name   string
	index  int
	single bool
	item   int // 1-based position in a list, for messages; 0 for the key's own value
}

// what names the value in messages.
func (k keyInfo) what() string {
	if k.item > 0 {
		return fmt.Sprintf("“%s”的第 %d 项", k.name, k.item)
	}
	return "“" + k.name + "”的值"
}

type typeInfo struct {
	label string // what the element is called in messages
	keys  []keyInfo
	pos   int // index of the Pos field, or -1
	kpos  int // index of the KeyPos field, or -1
}

var (
	typeCache sync.Map // reflect.Type → *typeInfo
	// singleKeys accept one value where a list is expected.
	singleKeys = map[string]bool{"who": true, "next": true}
	typeLabels = map[reflect.Type]string{
		reflect.TypeFor[Definition]():   "流程",
		reflect.TypeFor[Field]():        "字段",
		reflect.TypeFor[Step]():         "环节",
		reflect.TypeFor[Assignee]():     "办理人规则",
		reflect.TypeFor[Branch]():       "分支",
		reflect.TypeFor[Precondition](): "前置条件",
	}
)

func infoOf(t reflect.Type) *typeInfo {
	if ti, ok := typeCache.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := &typeInfo{label: typeLabels[t], pos: -1, kpos: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Type == reflect.TypeFor[Pos]():
			ti.pos = i
		case f.Type == reflect.TypeFor[Positions]():
			ti.kpos = i
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			ti.keys = append(ti.keys, keyInfo{name: name, index: i, single: singleKeys[name]})
		}
	}
	typeCache.Store(t, ti)
	return ti
}

func (ti *typeInfo) key(name string) (keyInfo, bool) {
	for _, k := range ti.keys {
		if k.name == name {
			return k, true
		}
	}
	return keyInfo{}, false
}

func (ti *typeInfo) names() []string {
	out := make([]string, len(ti.keys))
	for i, k := range ti.keys {
		out[i] = k.name
	}
	return out
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Column: n.Column} }

func (d *decoder) fail(n *yaml.Node, rule, format string, args ...any) {
	d.probs = append(d.probs, Problem{Pos: d.pos(n), Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// resolve follows aliases and charges the node against the budget; false means stop here.
func (d *decoder) resolve(n *yaml.Node) (*yaml.Node, bool) {
	for i := 0; n.Kind == yaml.AliasNode; i++ {
		if n.Alias == nil || i > 64 {
			d.fail(n, RuleSyntax, "别名“*%s”无法解析", n.Value)
			return nil, false
		}
		n = n.Alias
	}
	if d.budget--; d.budget < 0 {
		if !d.exhausted {
			d.exhausted = true
			d.fail(n, RuleSyntax, "内容过多：超过 %d 个节点（含别名展开的内容）；一个流程不应这样大，请拆分流程或少用别名", nodeBudget)
		}
		return nil, false
	}
	return n, true
}

// structure decodes a mapping into the struct v.
func (d *decoder) structure(n *yaml.Node, v reflect.Value) {
	ti := infoOf(v.Type())
	if ti.pos >= 0 {
		v.Field(ti.pos).Set(reflect.ValueOf(d.pos(n)))
	}
	kp := Positions{}
	if ti.kpos >= 0 {
		v.Field(ti.kpos).Set(reflect.ValueOf(kp))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, ok := d.resolve(n.Content[i])
		if !ok {
			return
		}
		ki, ok := d.mapKey(ti, k, seen)
		if !ok {
			continue
		}
		kp[ki.name] = d.pos(k)
		d.value(n.Content[i+1], v.Field(ki.index), ki, kp)
	}
}

// mapKey checks one key of a mapping: a known, unrepeated name.
func (d *decoder) mapKey(ti *typeInfo, k *yaml.Node, seen map[string]int) (keyInfo, bool) {
	if k.Kind != yaml.ScalarNode {
		d.fail(k, RuleType, "%s的键应是一个名称，这里是%s", ti.label, describe(k))
		return keyInfo{}, false
	}
	if k.Tag == "!!merge" {
		d.fail(k, RuleUnknownKey, "不支持 YAML 合并键“<<”：请在%s中直接写出各个键", ti.label)
		return keyInfo{}, false
	}
	ki, ok := ti.key(k.Value)
	if !ok {
		d.fail(k, RuleUnknownKey, "%s没有键“%s”%s", ti.label, k.Value, suggestKey(k.Value, ti.names()))
		return keyInfo{}, false
	}
	if line, dup := seen[k.Value]; dup {
		d.fail(k, RuleDuplicateKey, "键“%s”重复：第 %d 行已经写过，请删除其中一个", k.Value, line)
		return keyInfo{}, false
	}
	seen[k.Value] = k.Line
	return ki, true
}

// value decodes n into v, the field under key ki of an element whose key positions are kp.
func (d *decoder) value(n *yaml.Node, v reflect.Value, ki keyInfo, kp Positions) {
	n, ok := d.resolve(n)
	if !ok {
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" && v.Kind() != reflect.Struct {
		return // an empty value leaves the zero value
	}
	switch v.Kind() {
	case reflect.Slice:
		d.list(n, v, ki, kp)
	case reflect.Struct:
		if d.want(n, yaml.MappingNode, ki, v.Type()) {
			d.structure(n, v)
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if d.scalar(n, p.Elem(), ki) {
			v.Set(p)
		}
	case reflect.Interface:
		if x, ok := d.anyValue(n, ki); ok && x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		d.scalar(n, v, ki)
	}
}

func (d *decoder) list(n *yaml.Node, v reflect.Value, ki keyInfo, kp Positions) {
	items := n.Content
	if n.Kind != yaml.SequenceNode {
		if !ki.single || n.Kind != kindOf(v.Type().Elem()) {
			d.fail(n, RuleType, "%s应为%s，这里写的是%s", ki.what(), expected(v.Type(), ki.single), describe(n))
			return
		}
		items = []*yaml.Node{n}
	}
	if len(items) == 0 {
		return // an empty list is no list
	}
	out := reflect.MakeSlice(v.Type(), len(items), len(items))
	for i := range items {
		kp[fmt.Sprintf("%s[%d]", ki.name, i)] = d.pos(items[i])
		item := keyInfo{name: ki.name}
		if n.Kind == yaml.SequenceNode {
			item.item = i + 1
		}
		d.value(items[i], out.Index(i), item, kp)
	}
	v.Set(out)
}

func (d *decoder) want(n *yaml.Node, kind yaml.Kind, ki keyInfo, t reflect.Type) bool {
	if n.Kind == kind {
		return true
	}
	d.fail(n, RuleType, "%s应为%s，这里写的是%s", ki.what(), expected(t, ki.single), describe(n))
	return false
}

// scalar decodes a scalar into a string, int, float64 or bool.
func (d *decoder) scalar(n *yaml.Node, v reflect.Value, ki keyInfo) bool {
	if !d.want(n, yaml.ScalarNode, ki, v.Type()) {
		return false
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
		return true
	case reflect.Int:
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 32)
		if n.Tag == "!!int" && err == nil {
			v.SetInt(i)
			return true
		}
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if (n.Tag == "!!int" || n.Tag == "!!float") && err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			v.SetFloat(f)
			return true
		}
	case reflect.Bool:
		var b bool
		if n.Tag == "!!bool" && n.Decode(&b) == nil {
			v.SetBool(b)
			return true
		}
	}
	d.fail(n, RuleType, "%s应为%s，这里写的是%s", ki.what(), expected(v.Type(), false), describe(n))
	return false
}

// anyValue decodes a field default: a scalar, or a list of scalars (for choices, units, persons).
func (d *decoder) anyValue(n *yaml.Node, ki keyInfo) (any, bool) {
	if n.Kind == yaml.SequenceNode {
		if len(n.Content) == 0 {
			return nil, true
		}
		out := make([]string, 0, len(n.Content))
		for _, item := range n.Content {
			item, ok := d.resolve(item)
			if !ok {
				return nil, false
			}
			if item.Kind != yaml.ScalarNode {
				d.fail(item, RuleType, "%s只能含单个的值，这里写的是%s", ki.what(), describe(item))
				return nil, false
			}
			out = append(out, item.Value)
		}
		return out, true
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, RuleType, "%s应为一个值或一列值，这里写的是%s", ki.what(), describe(n))
		return nil, false
	}
	switch n.Tag {
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", true
	case "!!int", "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f, true
		}
	}
	return n.Value, true
}

// kindOf is the YAML node kind a Go type is written as.
func kindOf(t reflect.Type) yaml.Kind {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return yaml.MappingNode
	case reflect.Slice:
		return yaml.SequenceNode
	}
	return yaml.ScalarNode
}

// expected names what a Go type looks like in YAML.
func expected(t reflect.Type, single bool) string {
	switch t.Kind() {
	case reflect.String:
		return "一段文字"
	case reflect.Int:
		return "整数"
	case reflect.Float64:
		return "数字"
	case reflect.Bool:
		return " true 或 false"
	case reflect.Pointer:
		return expected(t.Elem(), false)
	case reflect.Slice:
		elem := expected(t.Elem(), false)
		if single {
			return elem + "，或由它们组成的列表"
		}
		return "列表（每项为" + elem + "）"
	case reflect.Struct:
		if label := typeLabels[t]; label != "" {
			return label + "（键: 值 的映射）"
		}
	}
	return "键: 值 的映射"
}

// describe says what a node is, for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "键: 值 的映射"
	case yaml.SequenceNode:
		return "列表"
	case yaml.AliasNode:
		return "别名"
	}
	if n.Tag == "!!null" {
		return "空值"
	}
	v := []rune(n.Value)
	if len(v) > 24 {
		v = append(v[:24], '…')
	}
	return "“" + string(v) + "”"
}

func suggestKey(key string, known []string) string {
	if best := closest(key, known); best != "" {
		return "，是否想写“" + best + "”？"
	}
	return "；可用的键：" + strings.Join(known, "、")
}

// EditDistance is the Levenshtein distance between a and b, by runes: how near a mistyped name is to a known one.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
