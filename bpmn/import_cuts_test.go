package bpmn

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/govflow/govflow/process"
)

func importMIWG(t *testing.T, name string) (*process.Definition, []Warning) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(miwgDir, name))
	if err != nil {
		t.Skip("the MIWG reference models are not here (" + miwgDir + "): they come with the shared development data")
	}
	def, warns, err := Import(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return def, warns
}

func stepNames(def *process.Definition) []string {
	var out []string
	for _, s := range def.Steps {
		out = append(out, s.Name)
	}
	return out
}

// C.9.1: a reminder every day and a call after a week hang on boundary timers; neither path can run in
// govflow, so their steps go with the timers instead of staying behind unreachable.
func TestImportDropsWhatOnlyABoundaryTimerLedTo(t *testing.T) {
	def, warns := importMIWG(t, "C.9.1.bpmn")
	for _, gone := range []string{"Send reminder email", "Email sent", "Call customer", "Answer received"} {
		if slices.Contains(stepNames(def), gone) {
			t.Errorf("%q is still imported: %v", gone, stepNames(def))
		}
	}
	if s := step(t, def, "ReceiveTask_WaitForDocument"); s.Limit != "7个自然日" {
		t.Errorf("the one-week timer did not become the limit: %q", s.Limit)
	}
	for _, want := range []string{
		"边界定时事件“daily”在 govflow 中没有对应，未导入（其后的 1 条路径随之未导入，其上从别处到不了的环节“Send reminder email”“Email sent”已一并删除）",
		"超时后的 1 条路径未导入，其上从别处到不了的环节“Call customer”“Answer received”已一并删除",
		"牵头单位（owner）暂用了池（参与者）的名称“Document Request”",
	} {
		if !hasWarning(warns, want) {
			t.Errorf("no warning %q in %v", want, warns)
		}
	}
}

// C.9.0: the fraud path after a boundary error event goes with it; the FEEL conditions are flagged.
func TestImportDropsWhatOnlyABoundaryErrorLedTo(t *testing.T) {
	def, warns := importMIWG(t, "C.9.0.bpmn")
	for _, gone := range []string{"Report fraud", "Application canceled due to fraud"} {
		if slices.Contains(stepNames(def), gone) {
			t.Errorf("%q is still imported", gone)
		}
	}
	if hasWarning(warns, "终止结束事件") {
		t.Error("a warning about a dropped end event is left")
	}
	for _, want := range []string{
		"其后的 1 条路径随之未导入，其上从别处到不了的环节“Report fraud”“Application canceled due to fraud”已一并删除",
		"顺序流“Application accepted”的条件“= approved”是 FEEL 写法（以“=”开头）",
		"条件“= some risk in riskLevels satisfies risk = \"red\"”是 FEEL 写法",
		"请改写为按字段 id 书写的 expr 表达式",
		"池（参与者）的名称“Customer Onboarding”",
	} {
		if !hasWarning(warns, want) {
			t.Errorf("no warning %q in %v", want, warns)
		}
	}
}

func TestImportKeepsWhatAnotherPathReaches(t *testing.T) {
	cases := []struct {
		name, body, graph, warning string
	}{
		{"a reminder path that rejoins", `<process id="p"><startEvent id="s"/><userTask id="t" name="办理"/><userTask id="u" name="复核"/><endEvent id="e"/>
  <boundaryEvent id="b" name="催办" attachedToRef="t" cancelActivity="false"><messageEventDefinition/></boundaryEvent><sendTask id="r" name="发催办单"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="u"/><sequenceFlow id="f3" sourceRef="u" targetRef="e"/>
  <sequenceFlow id="f4" sourceRef="b" targetRef="r"/><sequenceFlow id="f5" sourceRef="r" targetRef="u"/></process>`,
			"s:start\n  next t []\nt:task\n  next u []\nu:task\n  next e []\ne:end\n",
			"边界消息事件“催办”在 govflow 中没有对应，未导入（其后的 1 条路径随之未导入，其上从别处到不了的环节“发催办单”已一并删除）"},
		{"a path straight back into the main flow", `<process id="p"><startEvent id="s"/><userTask id="t" name="办理"/><endEvent id="e"/>
  <boundaryEvent id="b" attachedToRef="t"><errorEventDefinition/></boundaryEvent>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><sequenceFlow id="f3" sourceRef="b" targetRef="e"/></process>`,
			"s:start\n  next t []\nt:task\n  next e []\ne:end\n",
			"边界错误事件在 govflow 中没有对应，未导入（其后的 1 条路径随之未导入）"},
		{"inside a sub-process without a start event", `<process id="p"><startEvent id="s"/><subProcess id="sub" name="审核"><userTask id="a" name="初审"/><userTask id="x" name="补正"/>
    <boundaryEvent id="b" attachedToRef="a"><escalationEventDefinition/></boundaryEvent><sequenceFlow id="i1" sourceRef="b" targetRef="x"/></subProcess>
  <endEvent id="e"/><sequenceFlow id="f1" sourceRef="s" targetRef="sub"/><sequenceFlow id="f2" sourceRef="sub" targetRef="e"/></process>`,
			"s:start\n  next a []\na:task\n  next e []\ne:end\n",
			"其上从别处到不了的环节“补正”已一并删除"},
		{"a dropped sub-process with what is inside", `<process id="p"><startEvent id="s"/><userTask id="t" name="办理"/><endEvent id="e"/>
  <boundaryEvent id="b" attachedToRef="t"><signalEventDefinition/></boundaryEvent>
  <subProcess id="sub" name="应急处置"><startEvent id="ss"/><task id="k" name="处置"/><sequenceFlow id="i1" sourceRef="ss" targetRef="k"/></subProcess>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><sequenceFlow id="f3" sourceRef="b" targetRef="sub"/></process>`,
			"s:start\n  next t []\nt:task\n  next e []\ne:end\n",
			"其上从别处到不了的环节“应急处置”“处置”及 1 个未命名的元素已一并删除"},
		{"a second start event", `<process id="p"><startEvent id="s"/><startEvent id="s2" name="收到信号"><signalEventDefinition/></startEvent>
  <userTask id="t" name="办理"/><userTask id="v" name="核查"/><endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  <sequenceFlow id="f3" sourceRef="s2" targetRef="v"/><sequenceFlow id="f4" sourceRef="v" targetRef="t"/></process>`,
			"s:start\n  next t []\nt:task\n  next e []\ne:end\n",
			"开始事件“收到信号”未导入，只保留了“s”（其后的 1 条路径随之未导入，其上从别处到不了的环节“核查”已一并删除）"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def, warns := importString(t, model("bpmn", c.body))
			checkReachable(t, def)
			if g := graphOf(def); g != c.graph {
				t.Errorf("graph:\n%s", g)
			}
			if !hasWarning(warns, c.warning) {
				t.Errorf("no warning %q in %v", c.warning, warns)
			}
			sameGraphAfterExport(t, def)
		})
	}
}

func TestImportPoolAsOwner(t *testing.T) {
	_, warns := importString(t, model("bpmn", lanesAndGateways))
	if !hasWarning(warns, "牵头单位（owner）暂用了池（参与者）的名称“秘书处”") {
		t.Errorf("warnings %v", warns)
	}
	_, warns = importString(t, model("bpmn", `<process id="p"><startEvent id="s"/></process>`))
	if hasWarning(warns, "池") {
		t.Errorf("no pool, yet %v", warns)
	}
	for _, def := range testDefs(t)[:3] {
		out, err := Export(def)
		if err != nil {
			t.Fatal(err)
		}
		if _, warns, _ := Import(bytes.NewReader(out)); hasWarning(warns, "池") {
			t.Errorf("%s: govflow's own export names its owner, yet %v", def.ID, warns)
		}
	}
}

func TestFEELConditions(t *testing.T) {
	for _, c := range []struct {
		cond, language string
		feel           bool
	}{
		{"= approved", "", true},
		{"=not(approved)", "", true},
		{`some risk in riskLevels satisfies risk = "red"`, "", true},
		{`every r in risks satisfies r > 3`, "", true},
		{`x instance of number`, "", true},
		{`amount > 1000`, "https://www.omg.org/spec/DMN/20191111/FEEL/", true},
		{`status = "approved"`, "", true},
		{`approved`, "", false},
		{`importance == "重大" && amount >= 5000`, "", false},
		{`secrecy != "非密"`, "", false},
		{`note == "a = b"`, "", false},
		{`legal == true`, "http://www.w3.org/1999/XPath", false},
		{"", "", false},
	} {
		if got := feelSign(c.cond, c.language) != ""; got != c.feel {
			t.Errorf("%q (%s): FEEL %v, want %v", c.cond, c.language, got, c.feel)
		}
	}
}

func TestImportWarnsOfFEELOnImportedFlowsOnly(t *testing.T) {
	_, warns := importString(t, model("bpmn", `<process id="p"><startEvent id="s"/><userTask id="t" name="审核"/><exclusiveGateway id="g" default="f3"/>
  <endEvent id="e"/><endEvent id="no"/><boundaryEvent id="b" attachedToRef="t"><errorEventDefinition/></boundaryEvent><exclusiveGateway id="bg" default="f6"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="g"/><sequenceFlow id="f3" sourceRef="g" targetRef="e"/>
  <sequenceFlow id="f4" name="不同意" sourceRef="g" targetRef="no"><conditionExpression>= not(approved)</conditionExpression></sequenceFlow>
  <sequenceFlow id="f5" sourceRef="b" targetRef="bg"/><sequenceFlow id="f6" sourceRef="bg" targetRef="e"/>
  <sequenceFlow id="f7" name="欺诈" sourceRef="bg" targetRef="no"><conditionExpression>= fraud</conditionExpression></sequenceFlow></process>`))
	if !hasWarning(warns, "顺序流“不同意”的条件“= not(approved)”是 FEEL 写法") {
		t.Errorf("warnings %v", warns)
	}
	if hasWarning(warns, "= fraud") {
		t.Errorf("a condition on a flow that is not imported is warned of: %v", warns)
	}
}
