package bpmn

import (
	"encoding/json"
	"strconv"

	"github.com/govflow/govflow/process"
)

// The extension elements govflow writes (prefix govflow, namespace NSGovflow):
//
//	<govflow:process id category owner version limit countFrom skipRepeatedApprover>
//	  <govflow:purpose/> <govflow:basis/> <govflow:related/>* <govflow:unique/>*
//	  <govflow:field id name type required min max pattern default help> <govflow:option/>* </govflow:field>*
//	</govflow:process>
//	<govflow:step id type mode ratio limit skipIf escalate action process wait untilField result nameFrom>
//	  <govflow:who unit unitField post role personField performerOf initiator/>*
//	  <govflow:input/>* <govflow:output/>* <govflow:form/>* <govflow:standard/>
//	  <govflow:require check message/>*
//	</govflow:step>
//	<govflow:flow kind="next|branch|default|reject"/>
//
// A field's default is JSON (a string, number, boolean or list of strings).

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func fmtFloatPtr(f *float64) string {
	if f == nil {
		return ""
	}
	return fmtFloat(*f)
}

func fmtBool(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func fmtInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func writeProcessExt(w *writer, def *process.Definition) {
	w.open("govflow:process", "id", def.ID, "category", def.Category, "owner", def.Owner,
		"version", fmtInt(def.Version), "limit", def.Limit, "countFrom", def.CountFrom,
		"skipRepeatedApprover", fmtBool(def.SkipRepeatedApprover))
	w.text("govflow:purpose", def.Purpose)
	w.text("govflow:basis", def.Basis)
	for _, r := range def.Related {
		w.text("govflow:related", r)
	}
	for _, u := range def.Unique {
		w.text("govflow:unique", u)
	}
	for _, f := range def.Fields {
		def := ""
		if f.Default != nil {
			if b, err := json.Marshal(f.Default); err == nil {
				def = string(b)
			}
		}
		attrs := []string{"id", f.ID, "name", f.Name, "type", string(f.Type), "required", fmtBool(f.Required),
			"min", fmtFloatPtr(f.Min), "max", fmtFloatPtr(f.Max), "pattern", f.Pattern, "default", def, "help", f.Help}
		if len(f.Options) == 0 {
			w.empty("govflow:field", attrs...)
			continue
		}
		w.open("govflow:field", attrs...)
		for _, o := range f.Options {
			w.text("govflow:option", o)
		}
		w.close("govflow:field")
	}
	w.close("govflow:process")
}

// writeStepExt writes what BPMN cannot say about a step; id is written when the BPMN id differs, and
// nameFrom says where the element's name came from when the step has none.
func writeStepExt(w *writer, s *process.Step, id, nameFrom string) {
	ratio := ""
	if s.Ratio != 0 {
		ratio = fmtFloat(s.Ratio)
	}
	w.open("govflow:step", "id", id, "type", string(s.Type), "mode", s.Mode, "ratio", ratio, "limit", s.Limit,
		"skipIf", s.SkipIf, "escalate", s.Escalate, "action", s.Action, "process", s.Process, "wait", s.Wait,
		"untilField", s.UntilField, "result", s.Result, "nameFrom", nameFrom)
	for _, a := range s.Who {
		w.empty("govflow:who", "unit", a.Unit, "unitField", a.UnitField, "post", a.Post, "role", a.Role,
			"personField", a.PersonField, "performerOf", a.PerformerOf, "initiator", fmtBool(a.Initiator))
	}
	for _, v := range s.Inputs {
		w.text("govflow:input", v)
	}
	for _, v := range s.Outputs {
		w.text("govflow:output", v)
	}
	for _, v := range s.Form {
		w.text("govflow:form", v)
	}
	w.text("govflow:standard", s.Standard)
	for _, r := range s.Require {
		w.empty("govflow:require", "check", r.Check, "message", r.Message)
	}
	w.close("govflow:step")
}

// ext returns the govflow extension element named local of a BPMN element, nil when it has none.
func ext(e *elem, bpmnNS, local string) *elem {
	if e == nil {
		return nil
	}
	for _, ee := range e.children(bpmnNS, "extensionElements") {
		if x := ee.child(NSGovflow, local); x != nil {
			return x
		}
	}
	return nil
}

// extAttr reads an attribute of an extension element.
func extAttr(x *elem, name string) string {
	for _, a := range x.attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func texts(x *elem, local string) []string {
	var out []string
	for _, k := range x.children(NSGovflow, local) {
		out = append(out, k.text.String())
	}
	return out
}

func oneText(x *elem, local string) string {
	if k := x.child(NSGovflow, local); k != nil {
		return k.text.String()
	}
	return ""
}

// readProcessExt fills def from a govflow:process element.
func (im *importer) readProcessExt(x *elem, def *process.Definition) {
	def.ID = extAttr(x, "id")
	def.Category = extAttr(x, "category")
	def.Owner = extAttr(x, "owner")
	def.Limit = extAttr(x, "limit")
	def.CountFrom = extAttr(x, "countFrom")
	def.SkipRepeatedApprover = extAttr(x, "skipRepeatedApprover") == "true"
	if v := extAttr(x, "version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			im.warn(x, "", "版本号“%s”不是整数，已按 1 导入", v)
			n = 1
		}
		def.Version = n
	}
	def.Purpose = oneText(x, "purpose")
	def.Basis = oneText(x, "basis")
	def.Related = texts(x, "related")
	def.Unique = texts(x, "unique")
	for _, fx := range x.children(NSGovflow, "field") {
		def.Fields = append(def.Fields, im.readField(fx))
	}
}

func (im *importer) readField(x *elem) process.Field {
	f := process.Field{
		ID: extAttr(x, "id"), Name: extAttr(x, "name"), Type: process.FieldType(extAttr(x, "type")),
		Required: extAttr(x, "required") == "true", Pattern: extAttr(x, "pattern"), Help: extAttr(x, "help"),
		Options: texts(x, "option"),
	}
	f.Min = im.floatPtr(x, "min")
	f.Max = im.floatPtr(x, "max")
	if d := extAttr(x, "default"); d != "" {
		f.Default = im.jsonValue(x, d)
	}
	return f
}

func (im *importer) floatPtr(x *elem, name string) *float64 {
	v := extAttr(x, name)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		im.warn(x, "", "字段属性 %s 的值“%s”不是数字，已忽略", name, v)
		return nil
	}
	return &f
}

// jsonValue decodes a field default as the definition reader would: string, float64, bool or []string.
func (im *importer) jsonValue(x *elem, s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		im.warn(x, "", "字段默认值“%s”无法读取，已忽略", s)
		return nil
	}
	if list, ok := v.([]any); ok {
		out := make([]string, 0, len(list))
		for _, item := range list {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	if m, ok := v.(map[string]any); ok {
		im.warn(x, "", "字段默认值不能是对象，已忽略")
		_ = m
		return nil
	}
	return v
}

// readStepExt fills s from a govflow:step element.
func (im *importer) readStepExt(x *elem, s *process.Step) {
	s.Mode = extAttr(x, "mode")
	if r := extAttr(x, "ratio"); r != "" {
		f, err := strconv.ParseFloat(r, 64)
		if err != nil {
			im.warn(x, "", "会签比例“%s”不是数字，已忽略", r)
		}
		s.Ratio = f
	}
	s.Limit = extAttr(x, "limit")
	s.SkipIf = extAttr(x, "skipIf")
	s.Escalate = extAttr(x, "escalate")
	s.Action = extAttr(x, "action")
	s.Process = extAttr(x, "process")
	s.Wait = extAttr(x, "wait")
	s.UntilField = extAttr(x, "untilField")
	s.Result = extAttr(x, "result")
	if extAttr(x, "nameFrom") == "result" && s.Name == s.Result {
		s.Name = "" // the name export gave an unnamed end, unchanged since
	}
	for _, wx := range x.children(NSGovflow, "who") {
		s.Who = append(s.Who, process.Assignee{
			Unit: extAttr(wx, "unit"), UnitField: extAttr(wx, "unitField"), Post: extAttr(wx, "post"),
			Role: extAttr(wx, "role"), PersonField: extAttr(wx, "personField"),
			PerformerOf: extAttr(wx, "performerOf"), Initiator: extAttr(wx, "initiator") == "true",
		})
	}
	s.Inputs = texts(x, "input")
	s.Outputs = texts(x, "output")
	s.Form = texts(x, "form")
	s.Standard = oneText(x, "standard")
	for _, rx := range x.children(NSGovflow, "require") {
		s.Require = append(s.Require, process.Precondition{Check: extAttr(rx, "check"), Message: extAttr(rx, "message")})
	}
}
