package bpmn

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/govflow/govflow/process"
)

// validate checks an exported model the way a modeler reading it needs: well-formed, ids unique, every
// reference resolving, flows listed as incoming and outgoing of their ends, every flow node in exactly one
// lane and drawn with a shape inside its lane, every flow drawn with waypoints starting and ending on its
// ends' shapes.
func validate(t *testing.T, data []byte) {
	t.Helper()
	root, err := readTree(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("exported XML does not read back: %v", err)
	}
	if root.space != NSModel || root.local != "definitions" {
		t.Fatalf("root is {%s}%s", root.space, root.local)
	}
	ids := map[string]*elem{}
	var all []*elem
	var walk func(e *elem)
	walk = func(e *elem) {
		all = append(all, e)
		if id := e.attr("id"); id != "" {
			if ids[id] != nil {
				t.Errorf("id %q used twice", id)
			}
			ids[id] = e
		}
		for _, k := range e.kids {
			walk(k)
		}
	}
	walk(root)
	proc := root.child(NSModel, "process")
	if proc == nil {
		t.Fatal("no process")
	}
	collab := root.child(NSModel, "collaboration")
	if collab == nil || collab.child(NSModel, "participant") == nil || ids[collab.child(NSModel, "participant").attr("processRef")] != proc {
		t.Error("no participant referring to the process")
	}
	nodes := map[string]*elem{}
	for _, k := range proc.kids {
		if k.space == NSModel && flowNodeKinds[k.local] {
			nodes[k.attr("id")] = k
		}
	}
	for _, f := range proc.children(NSModel, "sequenceFlow") {
		src, dst := nodes[f.attr("sourceRef")], nodes[f.attr("targetRef")]
		if src == nil || dst == nil {
			t.Errorf("flow %s: source %q or target %q is not a flow node", f.attr("id"), f.attr("sourceRef"), f.attr("targetRef"))
			continue
		}
		if !hasText(src, "outgoing", f.attr("id")) || !hasText(dst, "incoming", f.attr("id")) {
			t.Errorf("flow %s not listed as outgoing of %s and incoming of %s", f.attr("id"), src.attr("id"), dst.attr("id"))
		}
	}
	for id, n := range nodes {
		if d := n.attr("default"); d != "" && (ids[d] == nil || ids[d].attr("sourceRef") != id) {
			t.Errorf("%s: default %q is not one of its outgoing flows", id, d)
		}
	}
	laneOf := map[string]*elem{}
	for _, l := range proc.child(NSModel, "laneSet").children(NSModel, "lane") {
		for _, ref := range l.children(NSModel, "flowNodeRef") {
			if laneOf[ref.content()] != nil {
				t.Errorf("node %s in two lanes", ref.content())
			}
			laneOf[ref.content()] = l
		}
	}
	shapes, edges := map[string]*elem{}, map[string]*elem{}
	for _, e := range all {
		if e.space == NSDI && e.local == "BPMNShape" {
			shapes[e.attr("bpmnElement")] = e
		}
		if e.space == NSDI && e.local == "BPMNEdge" {
			edges[e.attr("bpmnElement")] = e
		}
	}
	for _, e := range all {
		if ref := e.attr("bpmnElement"); ref != "" && ids[ref] == nil {
			t.Errorf("diagram element %s refers to unknown %q", e.attr("id"), ref)
		}
	}
	for id := range nodes {
		if laneOf[id] == nil {
			t.Errorf("node %s in no lane", id)
		}
		s := shapes[id]
		if s == nil {
			t.Errorf("node %s has no shape", id)
			continue
		}
		if l := laneOf[id]; l != nil && !inside(bounds(s), bounds(shapes[l.attr("id")])) {
			t.Errorf("shape of %s %v lies outside its lane %v", id, bounds(s), bounds(shapes[l.attr("id")]))
		}
	}
	for _, f := range proc.children(NSModel, "sequenceFlow") {
		e := edges[f.attr("id")]
		if e == nil {
			t.Errorf("flow %s has no edge", f.attr("id"))
			continue
		}
		pts := e.children(NSDDI, "waypoint")
		if len(pts) < 2 {
			t.Errorf("flow %s: %d waypoints", f.attr("id"), len(pts))
			continue
		}
		first, last := point(pts[0]), point(pts[len(pts)-1])
		if s := shapes[f.attr("sourceRef")]; s != nil && !onBorder(bounds(s), first) {
			t.Errorf("flow %s starts at %v, off its source %v", f.attr("id"), first, bounds(s))
		}
		if s := shapes[f.attr("targetRef")]; s != nil && !onBorder(bounds(s), last) {
			t.Errorf("flow %s ends at %v, off its target %v", f.attr("id"), last, bounds(s))
		}
	}
}

func hasText(e *elem, local, text string) bool {
	for _, k := range e.children(NSModel, local) {
		if k.content() == text {
			return true
		}
	}
	return false
}

type box struct{ x, y, w, h float64 }

func bounds(shape *elem) box {
	if shape == nil {
		return box{}
	}
	b := shape.child(NSDC, "Bounds")
	if b == nil {
		return box{}
	}
	f := func(a string) float64 { v, _ := strconv.ParseFloat(b.attr(a), 64); return v }
	return box{f("x"), f("y"), f("width"), f("height")}
}

func point(e *elem) [2]float64 {
	x, _ := strconv.ParseFloat(e.attr("x"), 64)
	y, _ := strconv.ParseFloat(e.attr("y"), 64)
	return [2]float64{x, y}
}

func inside(a, b box) bool {
	return a.x >= b.x-0.5 && a.y >= b.y-0.5 && a.x+a.w <= b.x+b.w+0.5 && a.y+a.h <= b.y+b.h+0.5
}

// onBorder reports whether p lies on the bounding box of a shape (events and gateways touch it at the
// middle of a side).
func onBorder(b box, p [2]float64) bool {
	const eps = 0.6
	inX, inY := p[0] >= b.x-eps && p[0] <= b.x+b.w+eps, p[1] >= b.y-eps && p[1] <= b.y+b.h+eps
	onX := abs(p[0]-b.x) < eps || abs(p[0]-b.x-b.w) < eps
	onY := abs(p[1]-b.y) < eps || abs(p[1]-b.y-b.h) < eps
	return onX && inY || onY && inX
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestExportIsValidBPMN(t *testing.T) {
	for _, def := range testDefs(t) {
		t.Run(def.ID, func(t *testing.T) {
			out, err := Export(def)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, out)
		})
	}
}

func TestExportContents(t *testing.T) {
	var def *process.Definition
	for _, d := range testDefs(t) {
		if d.ID == "kinds" {
			def = d
		}
	}
	if def == nil {
		t.Fatal("no kinds definition")
	}
	out, err := Export(def)
	if err != nil {
		t.Fatal(err)
	}
	x := string(out)
	for _, want := range []string{
		`<bpmn:userTask id="draft" name="起草方案并征求意见">`,
		`<bpmn:exclusiveGateway id="route" name="按重要程度分流" default="Flow_route_merge">`,
		`<bpmn:parallelGateway id="split" name="并行会商">`,
		`<bpmn:serviceTask id="number" name="编发文号">`,
		`<bpmn:callActivity id="print" name="印制分发" calledElement="gongwen-yinzhi">`,
		`<bpmn:intermediateCatchEvent id="hold" name="等待会议召开">`,
		`<bpmn:timeDate xsi:type="bpmn:tFormalExpression">${meeting_date}</bpmn:timeDate>`,
		`<bpmn:multiInstanceLoopCharacteristics isSequential="true"/>`,
		`<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="https://expr-lang.org">importance == "重大"</bpmn:conditionExpression>`,
		`<bpmn:sequenceFlow id="Flow_route_split" name="重大事项" sourceRef="route" targetRef="split">`,
		`<bpmn:lane id="Lane_`, `name="厅领导"`, `name="综合一处"`,
		`<govflow:step type="approval" mode="ratio" ratio="0.6" limit="三个工作日">`,
		`<govflow:who unit="行政处" post="财务人员"/>`,
		`<govflow:require check="title != &#34;&#34;" message="事项名称未填写的，不得报送审签。"/>`,
		`<govflow:process id="kinds" category="综合协调" owner="综合一处" version="1" limit="二十个工作日">`,
		`<govflow:field id="importance" name="重要程度" type="choice">`,
		`<govflow:flow kind="reject"/>`,
		`<bpmndi:BPMNShape id="Participant_kinds_di" bpmnElement="Participant_kinds" isHorizontal="true">`,
	} {
		want = strings.ReplaceAll(want, "&#34;", "&quot;")
		if !strings.Contains(x, want) {
			t.Errorf("export lacks %s", want)
		}
	}
}

func TestExportRejectsAmbiguousGraphs(t *testing.T) {
	cases := map[string]*process.Definition{
		"重复":  {ID: "d", Steps: []process.Step{{ID: "a", Type: process.StepStart}, {ID: "a", Type: process.StepEnd}}},
		"不存在": {ID: "u", Steps: []process.Step{{ID: "a", Type: process.StepStart, Next: []string{"zz"}}}},
		"未知":  {ID: "t", Steps: []process.Step{{ID: "a", Type: "loop"}}},
	}
	for want, def := range cases {
		if _, err := Export(def); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Export(%s) error %v, want one saying %s", def.ID, err, want)
		}
	}
	if _, err := Export(nil); err == nil {
		t.Error("no error for nil")
	}
}

func TestExportOddIDs(t *testing.T) {
	def := &process.Definition{ID: "odd", Name: "奇怪的编号", Steps: []process.Step{
		{ID: "开始", Type: process.StepStart, Next: []string{"1st"}},
		{ID: "1st", Name: "第一步", Type: process.StepTask, Next: []string{"Flow_x"}},
		{ID: "Flow_x", Type: process.StepEnd},
	}}
	out, err := Export(def)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, out)
	back, _, err := Import(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range back.Steps {
		if s.ID != def.Steps[i].ID {
			t.Errorf("step %d id %q, want %q", i, s.ID, def.Steps[i].ID)
		}
	}
}

func BenchmarkExport(b *testing.B) {
	defs := testDefs(b)
	for b.Loop() {
		for _, def := range defs {
			if _, err := Export(def); err != nil {
				b.Fatal(err)
			}
		}
	}
}
