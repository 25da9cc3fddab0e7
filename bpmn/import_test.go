package bpmn

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/govflow/govflow/process"
)

const miwgDir = "../../shared/data/bpmn/miwg-reference"

// The MIWG reference models: the steps and arrows each imports to, a task name it must keep, and how many
// lanes become units.
var miwg = []struct {
	file         string
	steps, edges int
	task         string
	units        int
}{
	{"A.1.0.bpmn", 5, 4, "Task 1", 0},
	{"A.2.0.bpmn", 8, 9, "Task 1", 0},
	{"A.2.1.bpmn", 10, 13, "Task 1", 0},
	{"A.3.0.bpmn", 5, 4, "Task 1", 0},
	{"A.4.0.bpmn", 7, 6, "Task 5", 1},
	{"A.4.1.bpmn", 7, 6, "Task 3", 1},
	{"B.1.0.bpmn", 15, 16, "Collapsed Sub-Process", 1},
	{"B.2.0.bpmn", 21, 22, "Task 23", 1},
	{"C.1.0.bpmn", 11, 10, "Scan Invoice", 0},
	{"C.1.1.bpmn", 10, 10, "Approve Invoice", 0},
	{"C.2.0.bpmn", 11, 13, "Add Item to Cart", 0},
	{"C.3.0.bpmn", 12, 13, "Analyse customer request", 0},
	{"C.4.0.bpmn", 23, 26, "Send candidate Contract", 2},
	{"C.5.0.bpmn", 31, 34, "Interview customer", 3},
	{"C.6.0.bpmn", 18, 18, "Offer Approved", 0},
	{"C.7.0.bpmn", 11, 12, "Write description", 2},
	{"C.8.0.bpmn", 16, 15, "Manually Approve Vacation", 0},
	{"C.8.1.bpmn", 16, 15, "Manually Approve Vacation", 0},
	{"C.9.0.bpmn", 12, 13, "", 0},
	{"C.9.1.bpmn", 4, 3, "Wait for answer", 0},
	{"C.9.2.bpmn", 3, 2, "Decide on application", 0},
}

// TestImportMIWG imports every BPMN Model Interchange Working Group reference model: each must read without
// error into a definition with one start, arrows between its own steps, every step reachable from the start,
// the expected size, and YAML that reads back; and exporting it again must give the same graph.
func TestImportMIWG(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(miwgDir, "*.bpmn"))
	if len(files) == 0 {
		t.Skip("the MIWG reference models are not here (" + miwgDir + "): they come with the shared development data")
	}
	want := map[string]int{}
	for i, m := range miwg {
		want[m.file] = i
	}
	for _, fn := range files {
		t.Run(filepath.Base(fn), func(t *testing.T) {
			m, ok := want[filepath.Base(fn)]
			if !ok {
				t.Fatalf("no expectations for %s", fn)
			}
			exp := miwg[m]
			data, err := os.ReadFile(fn)
			if err != nil {
				t.Fatal(err)
			}
			def, warns, err := Import(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			checkImported(t, def)
			checkReachable(t, def)
			edges, units := 0, map[string]bool{}
			var names []string
			for _, s := range def.Steps {
				edges += len(s.Edges())
				names = append(names, s.Name)
				for _, w := range s.Who {
					units[w.Unit] = true
				}
			}
			if len(def.Steps) != exp.steps || edges != exp.edges || len(units) != exp.units {
				t.Errorf("%d steps, %d arrows, %d units; want %d, %d, %d", len(def.Steps), edges, len(units), exp.steps, exp.edges, exp.units)
			}
			if exp.task != "" && !slices.Contains(names, exp.task) {
				t.Errorf("no step named %q in %q", exp.task, names)
			}
			for _, w := range warns {
				if w.Message == "" || w.Line < 0 {
					t.Errorf("bad warning %+v", w)
				}
			}
			yml, err := process.Marshal(def)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if _, err := process.Parse("imported.yaml", yml); err != nil {
				t.Errorf("imported definition does not read back as YAML: %v", err)
			}
			sameGraphAfterExport(t, def)
		})
	}
}

// checkImported asserts what every import must give: one start, unique step ids, arrows to existing steps.
func checkImported(t *testing.T, def *process.Definition) {
	t.Helper()
	starts, ids := 0, map[string]bool{}
	for _, s := range def.Steps {
		if s.Type == process.StepStart {
			starts++
		}
		if ids[s.ID] {
			t.Errorf("step id %q twice", s.ID)
		}
		ids[s.ID] = true
		if !process.ValidStepID(s.ID) {
			t.Errorf("step id %q is not a valid id", s.ID)
		}
	}
	for _, e := range def.Edges() {
		if !ids[e.To] {
			t.Errorf("arrow %s→%s to no step", e.From, e.To)
		}
	}
	if starts > 1 {
		t.Errorf("%d starts", starts)
	}
	if !process.ValidProcessID(def.ID) {
		t.Errorf("process id %q is not valid", def.ID)
	}
}

// checkReachable asserts that the start reaches every step: what only a dropped element led to is dropped too.
func checkReachable(t *testing.T, def *process.Definition) {
	t.Helper()
	start := def.Start()
	if start == nil {
		return
	}
	seen := def.Reachable(start.ID)
	for _, s := range def.Steps {
		if !seen[s.ID] {
			t.Errorf("step %s (%s) cannot be reached from the start", s.ID, s.Name)
		}
	}
}

func sameGraphAfterExport(t *testing.T, def *process.Definition) {
	t.Helper()
	out, err := Export(def)
	if err != nil {
		t.Fatalf("export of the imported definition: %v", err)
	}
	validate(t, out)
	back, _, err := Import(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("re-import: %v", err)
	}
	if g1, g2 := graphOf(def), graphOf(back); g1 != g2 {
		t.Errorf("graph changed by export and import:\n%s\n---\n%s", g1, g2)
	}
}

// graphOf describes the control flow: step ids and kinds, and arrows with their conditions.
func graphOf(def *process.Definition) string {
	var b strings.Builder
	for _, s := range def.Steps {
		b.WriteString(s.ID + ":" + string(s.Type) + "\n")
		for _, e := range s.Edges() {
			b.WriteString("  " + string(e.Kind) + " " + e.To + " [" + e.When + "]\n")
		}
	}
	return b.String()
}

var tagStart = regexp.MustCompile(`<(/?)([A-Za-z])`)

// model wraps process content in a BPMN document with the given prefix ("" for the default namespace).
func model(prefix, body string) string {
	p, decl := prefix+":", `xmlns:`+prefix+`="`+NSModel+`"`
	if prefix == "" {
		p, decl = "", `xmlns="`+NSModel+`"`
	}
	body = tagStart.ReplaceAllString(body, "<${1}"+p+"${2}")
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + p + `definitions ` + decl + ` xmlns:xsi="` + NSXSI + `" id="d">` + "\n" + body + "\n</" + p + "definitions>"
}

func importString(t *testing.T, doc string) (*process.Definition, []Warning) {
	t.Helper()
	def, warns, err := Import(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("import: %v\n%s", err, doc)
	}
	checkImported(t, def)
	return def, warns
}

func step(t *testing.T, def *process.Definition, id string) *process.Step {
	t.Helper()
	s, ok := def.Step(id)
	if !ok {
		var ids []string
		for _, s := range def.Steps {
			ids = append(ids, s.ID)
		}
		t.Fatalf("no step %q in %v", id, ids)
	}
	return s
}

func hasWarning(warns []Warning, part string) bool {
	for _, w := range warns {
		if strings.Contains(w.Message, part) {
			return true
		}
	}
	return false
}

const lanesAndGateways = `<collaboration id="c"><participant id="p" name="秘书处" processRef="proc"/></collaboration>
<process id="proc" name="收文办理">
  <documentation>统一签收、登记来文。</documentation>
  <laneSet id="ls">
    <lane id="l1" name="秘书处"><flowNodeRef>s</flowNodeRef><flowNodeRef>sign</flowNodeRef><flowNodeRef>g</flowNodeRef></lane>
    <lane id="l2" name="法规处"><flowNodeRef>review</flowNodeRef><flowNodeRef>e</flowNodeRef>
      <childLaneSet id="cls"><lane id="l3" name="法规审核组"><flowNodeRef>check</flowNodeRef></lane></childLaneSet></lane>
  </laneSet>
  <startEvent id="s"/>
  <userTask id="sign" name="签收&#10;登记"/>
  <exclusiveGateway id="g" name="是否涉法" default="f3"/>
  <manualTask id="review" name="法规审核"/>
  <task id="check" name="合法性核对"/>
  <endEvent id="e" name="办结"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="sign"/>
  <sequenceFlow id="f2" sourceRef="sign" targetRef="g"/>
  <sequenceFlow id="f3" sourceRef="g" targetRef="e"/>
  <sequenceFlow id="f4" name="涉法" sourceRef="g" targetRef="review"><conditionExpression xsi:type="tFormalExpression"><![CDATA[${legal == true}]]></conditionExpression></sequenceFlow>
  <sequenceFlow id="f5" sourceRef="review" targetRef="check"/>
  <sequenceFlow id="f6" sourceRef="check" targetRef="e"/>
</process>`

func TestImportLanesGatewaysConditions(t *testing.T) {
	for _, prefix := range []string{"bpmn", "bpmn2", "semantic", ""} {
		def, _ := importString(t, model(prefix, lanesAndGateways))
		if def.Name != "收文办理" || def.Owner != "秘书处" || def.Purpose != "统一签收、登记来文。" || def.ID != "proc" {
			t.Errorf("%s: process %q owner %q purpose %q id %q", prefix, def.Name, def.Owner, def.Purpose, def.ID)
		}
		if s := step(t, def, "sign"); s.Name != "签收 登记" || len(s.Who) != 1 || s.Who[0].Unit != "秘书处" || s.Type != process.StepTask {
			t.Errorf("%s: sign = %+v", prefix, s)
		}
		if s := step(t, def, "check"); len(s.Who) != 1 || s.Who[0].Unit != "法规审核组" {
			t.Errorf("%s: nested lane: %+v", prefix, s.Who)
		}
		g := step(t, def, "g")
		if g.Type != process.StepExclusive || g.Default != "e" || len(g.Branches) != 1 ||
			g.Branches[0].Name != "涉法" || g.Branches[0].When != "legal == true" || g.Branches[0].Next != "review" {
			t.Errorf("%s: gateway %+v", prefix, g)
		}
		if s := step(t, def, "e"); s.Type != process.StepEnd || s.Result != "办结" {
			t.Errorf("%s: end %+v", prefix, s)
		}
	}
}

func TestImportConstructs(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		check func(t *testing.T, def *process.Definition, warns []Warning)
	}{
		{"sub-process expanded", `<process id="p">
  <startEvent id="s"/><subProcess id="sub" name="审核"><startEvent id="ss"/><userTask id="a" name="初审"/><userTask id="b" name="复审"/><endEvent id="se"/>
    <sequenceFlow id="i1" sourceRef="ss" targetRef="a"/><sequenceFlow id="i2" sourceRef="a" targetRef="b"/><sequenceFlow id="i3" sourceRef="b" targetRef="se"/></subProcess>
  <endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="sub"/><sequenceFlow id="f2" sourceRef="sub" targetRef="e"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if g := graphOf(def); g != "s:start\n  next a []\na:task\n  next b []\nb:task\n  next e []\ne:end\n" {
					t.Errorf("graph:\n%s", g)
				}
				if !hasWarning(warns, "已在本流程中展开") {
					t.Errorf("warnings %v", warns)
				}
			}},
		{"boundary timer becomes the limit", `<process id="p"><startEvent id="s"/><userTask id="t" name="办理"/><endEvent id="e"/><endEvent id="late"/>
  <boundaryEvent id="b" attachedToRef="t"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><sequenceFlow id="f3" sourceRef="b" targetRef="late"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if s := step(t, def, "t"); s.Limit != "3个自然日" {
					t.Errorf("limit %q", s.Limit)
				}
				if !hasWarning(warns, "时限") {
					t.Errorf("warnings %v", warns)
				}
			}},
		{"link events joined", `<process id="p"><startEvent id="s"/><intermediateThrowEvent id="lt"><linkEventDefinition name="A"/></intermediateThrowEvent>
  <intermediateCatchEvent id="lc"><linkEventDefinition name="A"/></intermediateCatchEvent><task id="t" name="办理"/><endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="lt"/><sequenceFlow id="f2" sourceRef="lc" targetRef="t"/><sequenceFlow id="f3" sourceRef="t" targetRef="e"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if g := graphOf(def); g != "s:start\n  next t []\nt:task\n  next e []\ne:end\n" {
					t.Errorf("graph:\n%s", g)
				}
			}},
		{"conditional flows from a task", `<process id="p"><startEvent id="s"/><userTask id="t" name="审核" default="ok"/><endEvent id="e"/><endEvent id="back"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="ok" sourceRef="t" targetRef="e"/>
  <sequenceFlow id="no" name="退回" sourceRef="t" targetRef="back"><conditionExpression>#{ok == false}</conditionExpression></sequenceFlow></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if s := step(t, def, "t"); !slices.Equal(s.Next, []string{"t_gw"}) {
					t.Errorf("task next %v", s.Next)
				}
				g := step(t, def, "t_gw")
				if g.Type != process.StepExclusive || g.Default != "e" || len(g.Branches) != 1 || g.Branches[0].When != "ok == false" || g.Branches[0].Name != "退回" {
					t.Errorf("gateway %+v", g)
				}
			}},
		{"kinds and their warnings", `<process id="p"><startEvent id="s"><messageEventDefinition/></startEvent>
  <inclusiveGateway id="ig"/><serviceTask id="st" name="调用接口"/><sendTask id="send" name="发通知"/><callActivity id="ca" calledElement="Sub_Process"/>
  <intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>PT4H</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <eventBasedGateway id="eg"/><intermediateCatchEvent id="msg" name="收到回函"><messageEventDefinition/></intermediateCatchEvent>
  <intermediateCatchEvent id="tm"><timerEventDefinition><timeDuration>P1W</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <parallelGateway id="j"/><endEvent id="e"><terminateEventDefinition/></endEvent>
  <sequenceFlow id="f1" sourceRef="s" targetRef="ig"/><sequenceFlow id="f2" sourceRef="ig" targetRef="st"/><sequenceFlow id="f3" sourceRef="ig" targetRef="send"/>
  <sequenceFlow id="f4" sourceRef="st" targetRef="j"/><sequenceFlow id="f5" sourceRef="send" targetRef="j"/><sequenceFlow id="f6" sourceRef="j" targetRef="ca"/>
  <sequenceFlow id="f7" sourceRef="ca" targetRef="w"/><sequenceFlow id="f8" sourceRef="w" targetRef="eg"/><sequenceFlow id="f9" sourceRef="eg" targetRef="msg"/>
  <sequenceFlow id="f10" sourceRef="eg" targetRef="tm"/><sequenceFlow id="f11" sourceRef="msg" targetRef="e"/><sequenceFlow id="f12" sourceRef="tm" targetRef="e"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				want := map[string]process.StepType{"s": "start", "ig": "parallel", "st": "auto", "send": "auto", "ca": "call",
					"w": "wait", "eg": "exclusive", "msg": "task", "tm": "wait", "j": "parallel", "e": "end"}
				for id, typ := range want {
					if s := step(t, def, id); s.Type != typ {
						t.Errorf("%s is %s, want %s", id, s.Type, typ)
					}
				}
				if s := step(t, def, "send"); s.Action != "notify" {
					t.Errorf("send task action %q", s.Action)
				}
				if s := step(t, def, "ca"); s.Process != "sub-process" {
					t.Errorf("call process %q", s.Process)
				}
				if s := step(t, def, "w"); s.Wait != "4小时" {
					t.Errorf("wait %q", s.Wait)
				}
				if s := step(t, def, "tm"); s.Wait != "1周" {
					t.Errorf("wait %q", s.Wait)
				}
				if g := step(t, def, "eg"); g.Default != "msg" || len(g.Branches) != 1 || g.Branches[0].When != "" {
					t.Errorf("event gateway %+v", g)
				}
				for _, w := range []string{"包容网关", "事件网关", "终止结束事件", "消息触发", "系统动作", "等待消息事件"} {
					if !hasWarning(warns, w) {
						t.Errorf("no warning about %s in %v", w, warns)
					}
				}
			}},
		{"several processes: the largest", `<collaboration id="c"><participant id="p1" processRef="small"/><participant id="p2" name="大流程" processRef="big"/>
  <messageFlow id="m" sourceRef="p1" targetRef="p2"/></collaboration>
  <process id="small"><startEvent id="a"/></process>
  <process id="big"><startEvent id="b"/><task id="t"/><endEvent id="c"/><sequenceFlow id="f1" sourceRef="b" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="c"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if len(def.Steps) != 3 || def.Name != "大流程" {
					t.Errorf("imported %q with %d steps", def.Name, len(def.Steps))
				}
				if !hasWarning(warns, "多个流程") || !hasWarning(warns, "消息流") {
					t.Errorf("warnings %v", warns)
				}
			}},
		{"ids that are not step ids", `<process id="p"><startEvent id="_1-start"/><task id="_task.2" name="办理"/><endEvent id="9end"/>
  <sequenceFlow id="f1" sourceRef="_1-start" targetRef="_task.2"/><sequenceFlow id="f2" sourceRef="_task.2" targetRef="9end"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if g := graphOf(def); g != "start:start\n  next task1 []\ntask1:task\n  next end1 []\nend1:end\n" {
					t.Errorf("graph:\n%s", g)
				}
			}},
		{"dangling and duplicate references", `<process id="p"><startEvent id="s"/><task id="t"/><task id="t"/><endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="nowhere"/><sequenceFlow id="f3" sourceRef="t" targetRef="e"/></process>`,
			func(t *testing.T, def *process.Definition, warns []Warning) {
				if !hasWarning(warns, "重复") || !hasWarning(warns, "nowhere") {
					t.Errorf("warnings %v", warns)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def, warns := importString(t, model("bpmn", c.body))
			c.check(t, def, warns)
			for _, w := range warns {
				if w.Element != "" && w.Line == 0 {
					t.Errorf("warning about %s is not located: %s", w.Element, w)
				}
			}
			sameGraphAfterExport(t, def)
		})
	}
}

func TestImportEncodings(t *testing.T) {
	latin := model("bpmn", `<process id="p" name="Caf`+"\xe9"+`"><startEvent id="s"/></process>`)
	latin = strings.Replace(latin, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	def, _ := importString(t, latin)
	if def.Name != "Café" {
		t.Errorf("ISO-8859-1 name %q", def.Name)
	}
	gbk := model("bpmn", `<process id="p" name="`+"\xca\xd5\xce\xc4"+`"><startEvent id="s"/></process>`) // 收文 in GBK
	gbk = strings.Replace(gbk, `encoding="UTF-8"`, `encoding="GBK"`, 1)
	def, _ = importString(t, gbk)
	if def.Name != "收文" {
		t.Errorf("GBK name %q", def.Name)
	}
}

func TestImportErrors(t *testing.T) {
	cases := []struct {
		doc       string
		line, col int
		want      string
	}{
		{"", 1, 1, "空"},
		{"  \n ", 1, 1, "空"},
		{"not xml at all", 1, 1, "根元素之外"},
		{"<definitions xmlns=\"" + NSModel + "\">\n  <process id=\"p\">\n    <task id=\"t\">\n</definitions>", 4, 15, "XML 格式有误"},
		{`<?xml version="1.0"?><html><body/></html>`, 1, 22, "不是 BPMN 2.0"},
		{`<definitions><process id="p"/></definitions>`, 1, 1, "命名空间"},
		{model("bpmn", ""), 2, 1, "没有 <process>"},
		{model("bpmn", `<process id="p" name="空流程"/>`), 3, 1, "没有任何流程元素"},
		{model("bpmn", `<process id="p"><task id="t">&nbsp;</task></process>`), 3, 0, "XML 格式有误"},
		{`<?xml version="1.0" encoding="EBCDIC-XYZ"?><definitions/>`, 1, 0, "不支持的字符编码"},
		{strings.Repeat("<a>", maxDepth+5), 1, 1 + 3*maxDepth, "嵌套"},
	}
	for _, c := range cases {
		def, warns, err := Import(strings.NewReader(c.doc))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%.60q: error %v (%T), def %v, warnings %v", c.doc, err, err, def, warns)
			continue
		}
		if !strings.Contains(e.Message, c.want) || e.Line != c.line || c.col != 0 && e.Column != c.col {
			t.Errorf("%.60q: %v, want line %d column %d and %q", c.doc, e, c.line, c.col, c.want)
		}
	}
}

// FuzzImport feeds the reader arbitrary input: it must never panic; a failure must be an *Error with a
// message and a place; a success must give a definition with unique, valid step ids that exports and
// reads back to the same graph.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(miwgDir, "*.bpmn"))
	for _, fn := range files {
		if data, err := os.ReadFile(fn); err == nil && len(data) < 40000 {
			f.Add(data)
		}
	}
	for _, body := range []string{lanesAndGateways, `<process id="p"><startEvent id="s"/></process>`} {
		f.Add([]byte(model("bpmn", body)))
	}
	defs := testDefs(f)
	for _, def := range defs[:min(4, len(defs))] {
		if out, err := Export(def); err == nil {
			f.Add(out)
		}
	}
	f.Add([]byte("<definitions xmlns=\"" + NSModel + "\"><process><task id=\"x\"><x:y/></task></process>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		def, _, err := Import(bytes.NewReader(data))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error without a message: %#v", err)
			}
			if len(bytes.TrimSpace(data)) > 0 && len(data) <= MaxFileSize && e.Line == 0 {
				t.Fatalf("error not located: %v", err)
			}
			return
		}
		checkImported(t, def)
		out, err := Export(def)
		if err != nil {
			t.Fatalf("export of an imported definition: %v", err)
		}
		back, _, err := Import(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("re-import: %v", err)
		}
		if g1, g2 := graphOf(def), graphOf(back); g1 != g2 {
			t.Fatalf("graph changed:\n%s\n---\n%s", g1, g2)
		}
	})
}
