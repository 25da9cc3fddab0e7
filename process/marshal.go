package process

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// stepKeyOrder is the order people write a step's keys in: what it is, who and how long, what it needs and
// makes, then where it goes.
var stepKeyOrder = []string{"id", "name", "type", "mode", "ratio", "action", "process", "wait", "until_field", "who",
	"limit", "escalate", "skip_if", "require", "form", "inputs", "outputs", "standard", "next", "branches", "default",
	"reject", "result"}

// Flow-style widths: an element is written on one line when its one-line form fits.
const (
	flowWidthStep  = 80
	flowWidthOther = 100
	flowWidthList  = 120 // a list of ids or names reads best on one line
)

// Marshal writes def as YAML the way people write it by hand: keys in a stable order, empty keys left out,
// one-line forms for short elements, a single `who` rule or `next` id without list brackets, and long text as
// a block. Parse(Marshal(def)) gives def back (positions aside).
func Marshal(def *Definition) ([]byte, error) {
	if def == nil {
		return nil, errors.New("process: marshal of a nil definition")
	}
	if err := checkUTF8(reflect.ValueOf(def).Elem()); err != nil {
		return nil, err
	}
	n := encodeStruct(reflect.ValueOf(def).Elem())
	if n == nil {
		n = &yaml.Node{Kind: yaml.MappingNode}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("process: marshal %s: %w", def.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("process: marshal %s: %w", def.ID, err)
	}
	return spaceSections(buf.Bytes()), nil
}

// spaceSections puts a blank line before the top-level lists, as people do.
func spaceSections(b []byte) []byte {
	for _, key := range []string{"fields:", "steps:"} {
		b = bytes.Replace(b, []byte("\n"+key), []byte("\n\n"+key), 1)
	}
	return b
}

func encodeValue(v reflect.Value, single bool) *yaml.Node {
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return nil
		}
		return stringNode(v.String())
	case reflect.Int:
		if v.Int() == 0 {
			return nil
		}
		return plainNode(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		if v.Float() == 0 {
			return nil
		}
		return plainNode(formatNumber(v.Float()))
	case reflect.Bool:
		if !v.Bool() {
			return nil
		}
		return plainNode("true")
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return plainNode(formatNumber(v.Elem().Float()))
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return anyNode(v.Elem().Interface())
	case reflect.Slice:
		return encodeList(v, single)
	case reflect.Struct:
		return encodeStruct(v)
	}
	return nil
}

func encodeList(v reflect.Value, single bool) *yaml.Node {
	if v.Len() == 0 {
		return nil
	}
	if single && v.Len() == 1 {
		if item := encodeValue(v.Index(0), false); item != nil {
			return item
		}
		return emptyOf(v.Index(0))
	}
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range v.Len() {
		item := encodeValue(v.Index(i), false)
		if item == nil {
			item = emptyOf(v.Index(i))
		}
		n.Content = append(n.Content, item)
	}
	if v.Type().Elem().Kind() != reflect.Struct {
		n.Style = yaml.FlowStyle
		if width(n) > flowWidthList {
			n.Style = 0
		}
	}
	return n
}

// emptyOf keeps a list's length when one of its items is empty.
func emptyOf(v reflect.Value) *yaml.Node {
	if v.Kind() == reflect.Struct {
		return &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	}
	return stringNode("")
}

func encodeStruct(v reflect.Value) *yaml.Node {
	ti := infoOf(v.Type())
	keys := ti.keys
	if v.Type() == reflect.TypeFor[Step]() {
		keys = orderedKeys(ti, stepKeyOrder)
	}
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		child := encodeValue(v.Field(k.index), k.single)
		if child == nil {
			continue
		}
		n.Content = append(n.Content, stringNode(k.name), child)
	}
	if len(n.Content) == 0 {
		return nil
	}
	if flowFits(v.Type(), n) {
		n.Style = yaml.FlowStyle
	}
	return n
}

func orderedKeys(ti *typeInfo, order []string) []keyInfo {
	keys := slices.Clone(ti.keys)
	rank := func(name string) int {
		if i := slices.Index(order, name); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(keys, func(a, b keyInfo) int { return rank(a.name) - rank(b.name) })
	return keys
}

// flowFits says whether an element reads well on one line.
func flowFits(t reflect.Type, n *yaml.Node) bool {
	switch t {
	case reflect.TypeFor[Definition]():
		return false
	case reflect.TypeFor[Assignee]():
		return true
	case reflect.TypeFor[Step]():
		return !hasBlockChild(n) && width(asFlow(n)) <= flowWidthStep
	}
	return !hasBlockChild(n) && width(asFlow(n)) <= flowWidthOther
}

// hasBlockChild reports a child that must stay in block style: a list of mappings or multi-line text.
func hasBlockChild(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind == yaml.SequenceNode && len(c.Content) > 0 && c.Content[0].Kind == yaml.MappingNode {
			return true
		}
		if c.Kind == yaml.SequenceNode && c.Style != yaml.FlowStyle {
			return true
		}
		if c.Kind == yaml.ScalarNode && strings.Contains(c.Value, "\n") {
			return true
		}
	}
	return false
}

func asFlow(n *yaml.Node) *yaml.Node {
	c := *n
	c.Style = yaml.FlowStyle
	return &c
}

// width is the display width of n written on one line, counting CJK characters as two columns.
func width(n *yaml.Node) int {
	b, err := yaml.Marshal(n)
	if err != nil {
		return 1 << 30
	}
	w := 0
	for _, r := range strings.TrimSpace(string(b)) {
		if r == '\n' {
			return 1 << 30
		}
		w++
		if r >= 0x2E80 {
			w++
		}
	}
	return w
}

func stringNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func plainNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// anyNode writes a field default: a string, number, bool or list of strings.
func anyNode(x any) *yaml.Node {
	switch v := x.(type) {
	case string:
		return stringNode(v)
	case bool:
		return plainNode(strconv.FormatBool(v))
	case float64:
		return plainNode(formatNumber(v))
	case int:
		return plainNode(strconv.Itoa(v))
	case []string:
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, s := range v {
			n.Content = append(n.Content, stringNode(s))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, e := range v {
			n.Content = append(n.Content, anyNode(e))
		}
		return n
	}
	return stringNode(fmt.Sprint(x))
}

// checkUTF8 refuses text YAML cannot carry as text.
func checkUTF8(v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return fmt.Errorf("process: marshal: text %q is not valid UTF-8", v.String())
		}
	case reflect.Slice:
		for i := range v.Len() {
			if err := checkUTF8(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if err := checkUTF8(v.Field(i)); err != nil {
					return err
				}
			}
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			return checkUTF8(v.Elem())
		}
	}
	return nil
}
