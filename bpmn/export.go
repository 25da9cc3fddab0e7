package bpmn

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/process"
)

// Export writes def as a BPMN 2.0 model: one pool (participant) named after the process with a lane per
// unit, a flow element per step, a sequence flow per arrow with conditions as conditionExpression, and a
// diagram laid out like govflow's flowcharts (turned to run left to right, as modelling tools draw pools).
// govflow's attributes go into govflow:* extension elements. It fails only on definitions whose graph is
// ambiguous (duplicate step ids, arrows to unknown steps, unknown step types).
func Export(def *process.Definition) ([]byte, error) {
	if def == nil {
		return nil, errors.New("bpmn: 没有流程定义")
	}
	ex, err := newExporter(def)
	if err != nil {
		return nil, err
	}
	ex.write()
	return []byte(ex.w.b.String()), nil
}

type exporter struct {
	def     *process.Definition
	w       writer
	used    map[string]bool
	stepID  map[string]string // step id → BPMN id
	flows   []flow
	byStep  map[string][]int // step id → indexes of its outgoing flows
	inflows map[string][]int
	diagram *flowchart.Diagram
	lanes   []string // BPMN ids of the diagram's lanes
	pid     string   // the process's BPMN id
	collab  string
	part    string
}

// flow is one sequence flow to write.
type flow struct {
	id, from, to string // BPMN id; from and to are step ids
	kind         process.EdgeKind
	name, when   string
}

var ncInvalid = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// ncName turns s into an XML name usable as a BPMN id.
func ncName(s, prefix string) string {
	s = ncInvalid.ReplaceAllString(s, "_")
	if s == "" || !(s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z' || s[0] == '_') {
		s = prefix + s
	}
	return s
}

func (ex *exporter) unique(base string) string {
	id := base
	for n := 2; ex.used[id]; n++ {
		id = base + "_" + strconv.Itoa(n)
	}
	ex.used[id] = true
	return id
}

func newExporter(def *process.Definition) (*exporter, error) {
	ex := &exporter{def: def, used: map[string]bool{}, stepID: map[string]string{}, byStep: map[string][]int{}, inflows: map[string][]int{}}
	for _, s := range def.Steps {
		if _, dup := ex.stepID[s.ID]; dup {
			return nil, fmt.Errorf("bpmn: 环节编号“%s”重复，无法导出", s.ID)
		}
		if elementOf(s.Type) == "" {
			return nil, fmt.Errorf("bpmn: 环节“%s”的类型“%s”未知，无法导出", s.ID, s.Type)
		}
		ex.stepID[s.ID] = ""
	}
	for _, s := range def.Steps {
		ex.stepID[s.ID] = ex.unique(ncName(s.ID, "Step_"))
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		for _, e := range s.Edges() {
			if _, ok := ex.stepID[e.To]; !ok {
				return nil, fmt.Errorf("bpmn: 环节“%s”指向不存在的环节“%s”，无法导出", s.ID, e.To)
			}
			f := flow{from: s.ID, to: e.To, kind: e.Kind, when: e.When}
			if e.Kind == process.EdgeBranch {
				f.name = s.Branches[e.Index].Name
			}
			if e.Kind == process.EdgeReject {
				f.name = "不同意"
			}
			f.id = ex.unique("Flow_" + ex.stepID[s.ID] + "_" + ex.stepID[e.To])
			ex.byStep[s.ID] = append(ex.byStep[s.ID], len(ex.flows))
			ex.inflows[e.To] = append(ex.inflows[e.To], len(ex.flows))
			ex.flows = append(ex.flows, f)
		}
	}
	base := ncName(def.ID, "P_")
	ex.pid = ex.unique("Process_" + base)
	ex.collab = ex.unique("Collaboration_" + base)
	ex.part = ex.unique("Participant_" + base)
	ex.diagram = flowchart.Layout(def, shapeSize)
	for i := range ex.diagram.Lanes {
		ex.lanes = append(ex.lanes, ex.unique("Lane_"+strconv.Itoa(i+1)))
	}
	return ex, nil
}

// elementOf is the BPMN element a step type is written as.
func elementOf(t process.StepType) string {
	switch t {
	case process.StepStart:
		return "bpmn:startEvent"
	case process.StepEnd:
		return "bpmn:endEvent"
	case process.StepTask, process.StepApproval, process.StepCirculation:
		return "bpmn:userTask"
	case process.StepExclusive:
		return "bpmn:exclusiveGateway"
	case process.StepParallel:
		return "bpmn:parallelGateway"
	case process.StepWait:
		return "bpmn:intermediateCatchEvent"
	case process.StepAuto:
		return "bpmn:serviceTask"
	case process.StepCall:
		return "bpmn:callActivity"
	}
	return ""
}

func (ex *exporter) write() {
	w := &ex.w
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open("bpmn:definitions", "xmlns:bpmn", NSModel, "xmlns:bpmndi", NSDI, "xmlns:dc", NSDC, "xmlns:di", NSDDI,
		"xmlns:xsi", NSXSI, "xmlns:govflow", NSGovflow, "id", ex.unique("Definitions_"+ncName(ex.def.ID, "P_")),
		"targetNamespace", "urn:govflow:process:"+ex.def.ID, "exporter", "govflow", "exporterVersion", "1")
	w.open("bpmn:collaboration", "id", ex.collab)
	w.empty("bpmn:participant", "id", ex.part, "name", ex.def.Name, "processRef", ex.pid)
	w.close("bpmn:collaboration")
	w.open("bpmn:process", "id", ex.pid, "name", ex.def.Name, "isExecutable", "true")
	w.text("bpmn:documentation", ex.def.Purpose)
	w.open("bpmn:extensionElements")
	writeProcessExt(w, ex.def)
	w.close("bpmn:extensionElements")
	ex.writeLanes()
	for i := range ex.def.Steps {
		ex.writeStep(&ex.def.Steps[i])
	}
	for _, f := range ex.flows {
		ex.writeFlow(f)
	}
	w.close("bpmn:process")
	ex.writeDiagram()
	w.close("bpmn:definitions")
}

func (ex *exporter) writeLanes() {
	if len(ex.diagram.Lanes) == 0 {
		return
	}
	w := &ex.w
	w.open("bpmn:laneSet", "id", ex.unique("LaneSet_1"))
	for i, l := range ex.diagram.Lanes {
		w.open("bpmn:lane", "id", ex.lanes[i], "name", l.Name)
		for _, n := range ex.diagram.Nodes {
			if n.Lane == i {
				w.text("bpmn:flowNodeRef", ex.stepID[n.Step.ID])
			}
		}
		w.close("bpmn:lane")
	}
	w.close("bpmn:laneSet")
}

func (ex *exporter) writeStep(s *process.Step) {
	w := &ex.w
	id := ex.stepID[s.ID]
	name, nameFrom := s.Name, ""
	if name == "" && s.Type == process.StepEnd && s.Result != "" {
		name, nameFrom = s.Result, "result" // modelers show an end's name: give it the outcome
	}
	attrs := []string{"id", id, "name", name}
	switch s.Type {
	case process.StepExclusive:
		attrs = append(attrs, "default", ex.flowOf(s.ID, process.EdgeDefault))
	case process.StepApproval:
		if s.Reject != "" && len(s.Next) == 1 {
			attrs = append(attrs, "default", ex.flowOf(s.ID, process.EdgeNext))
		}
	case process.StepCall:
		attrs = append(attrs, "calledElement", s.Process)
	}
	el := elementOf(s.Type)
	w.open(el, attrs...)
	w.text("bpmn:documentation", stepDoc(s))
	w.open("bpmn:extensionElements")
	original := ""
	if id != s.ID {
		original = s.ID
	}
	writeStepExt(w, s, original, nameFrom)
	w.close("bpmn:extensionElements")
	for _, i := range ex.inflows[s.ID] {
		w.text("bpmn:incoming", ex.flows[i].id)
	}
	for _, i := range ex.byStep[s.ID] {
		w.text("bpmn:outgoing", ex.flows[i].id)
	}
	ex.writeBehaviour(s)
	w.close(el)
}

// writeBehaviour writes the timer of a wait and the multi-instance marker of countersigning.
func (ex *exporter) writeBehaviour(s *process.Step) {
	w := &ex.w
	switch {
	case s.Type == process.StepWait:
		w.open("bpmn:timerEventDefinition", "id", ex.unique("Timer_"+ex.stepID[s.ID]))
		if s.UntilField != "" {
			w.text("bpmn:timeDate", "${"+s.UntilField+"}", "xsi:type", "bpmn:tFormalExpression")
		} else if d := isoDuration(s.Wait); d != "" {
			w.text("bpmn:timeDuration", d, "xsi:type", "bpmn:tFormalExpression")
		}
		w.close("bpmn:timerEventDefinition")
	case s.Type == process.StepCirculation || s.Type == process.StepApproval && s.Mode == process.ModeAll:
		w.empty("bpmn:multiInstanceLoopCharacteristics")
	case s.Type == process.StepApproval && s.Mode == process.ModeSequential:
		w.empty("bpmn:multiInstanceLoopCharacteristics", "isSequential", "true")
	case s.Type == process.StepApproval && s.Mode == process.ModeRatio:
		w.open("bpmn:multiInstanceLoopCharacteristics")
		w.text("bpmn:completionCondition", "${nrOfCompletedInstances / nrOfInstances >= "+fmtFloat(s.Ratio)+"}", "xsi:type", "bpmn:tFormalExpression")
		w.close("bpmn:multiInstanceLoopCharacteristics")
	}
}

// stepDoc is a plain description for people reading the model in another tool.
func stepDoc(s *process.Step) string {
	doc := ""
	if s.Limit != "" {
		doc += "时限：" + s.Limit + "。"
	}
	if s.Standard != "" {
		doc += "完成标准：" + s.Standard
	}
	return doc
}

func (ex *exporter) flowOf(step string, kind process.EdgeKind) string {
	for _, i := range ex.byStep[step] {
		if ex.flows[i].kind == kind {
			return ex.flows[i].id
		}
	}
	return ""
}

func (ex *exporter) writeFlow(f flow) {
	w := &ex.w
	w.open("bpmn:sequenceFlow", "id", f.id, "name", f.name, "sourceRef", ex.stepID[f.from], "targetRef", ex.stepID[f.to])
	w.open("bpmn:extensionElements")
	w.empty("govflow:flow", "kind", string(f.kind))
	w.close("bpmn:extensionElements")
	switch f.kind {
	case process.EdgeBranch:
		w.text("bpmn:conditionExpression", f.when, "xsi:type", "bpmn:tFormalExpression", "language", ExprLanguage)
	case process.EdgeReject:
		w.text("bpmn:conditionExpression", `decision == "不同意"`, "xsi:type", "bpmn:tFormalExpression", "language", ExprLanguage)
	}
	w.close("bpmn:sequenceFlow")
}

// isoDuration approximates a time limit as an ISO 8601 duration for other tools (working days become days);
// govflow keeps the exact limit in its extension. "" when the limit does not parse.
func isoDuration(limit string) string {
	l, err := calendar.ParseLimit(limit)
	if err != nil {
		return ""
	}
	n := strconv.Itoa(l.N)
	switch l.Unit {
	case calendar.Immediate, calendar.Today:
		return "PT0S"
	case calendar.NextDay:
		return "P1D"
	case calendar.Workdays, calendar.Days:
		return "P" + n + "D"
	case calendar.WorkHours, calendar.Hours:
		return "PT" + n + "H"
	case calendar.Weeks:
		return "P" + n + "W"
	case calendar.Months:
		return "P" + n + "M"
	}
	return ""
}
