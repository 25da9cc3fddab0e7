package catalog_test

import (
	"testing"

	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/process"
)

func fieldsDef(t testing.TB) *process.Definition {
	t.Helper()
	def, err := process.Parse("f.yaml", []byte(`id: f
name: 字段
category: 综合协调
owner: 秘书处
version: 1
purpose: 测试
fields:
  - {id: importance, name: 重要程度, type: choice, options: [一般, 重要, 重大]}
  - {id: co_units, name: 会签处室, type: units}
  - {id: signed, name: 分管领导已签署意见, type: bool}
  - {id: secrecy, name: 密级, type: secrecy}
  - {id: amount, name: 金额, type: number}
  - {id: meeting_date, name: 会议日期, type: date}
  - {id: title, name: 标题, type: text}
steps:
  - {id: start, type: start, next: end}
  - {id: end, type: end}
`))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func TestConditionInPlainChinese(t *testing.T) {
	def := fieldsDef(t)
	for _, tc := range []struct{ expr, want string }{
		{`importance == "一般"`, "重要程度为“一般”"},
		{`importance != "重大"`, "重要程度不为“重大”"},
		{`len(co_units) == 0`, "会签处室为空"},
		{`len(co_units) > 0`, "会签处室不为空"},
		{`signed`, "分管领导已签署意见为“是”"},
		{`!signed`, "分管领导已签署意见为“否”"},
		{`not signed`, "分管领导已签署意见为“否”"},
		{`secrecy in ["机密", "绝密"]`, "密级为“机密”或“绝密”"},
		{`secrecy not in ["机密", "绝密"]`, "密级不为“机密”、“绝密”"},
		{`"法规处" in co_units`, "会签处室包含“法规处”"},
		{`amount > 50000 && !signed`, "金额大于50000，且分管领导已签署意见为“否”"},
		{`importance == "重要" || (amount >= 1.5 && signed)`, "重要程度为“重要”，或（金额不小于1.5，且分管领导已签署意见为“是”）"},
		{`meeting_date < today`, "会议日期早于当天"},
		{`title matches "^省"`, "标题符合格式 “^省”"},
		{`true`, "任何情况下"},
		{`importance ==`, "importance =="}, // unreadable: returned as written
	} {
		if got := catalog.Condition(def, tc.expr); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.expr, got, tc.want)
		}
	}
}

func TestWhoAndFlowInPlainChinese(t *testing.T) {
	defs := shippedDefs(t)
	fawen := defs["fawen-banli"]
	step := func(id string) *process.Step {
		s, ok := fawen.Step(id)
		if !ok {
			t.Fatalf("no step %s", id)
		}
		return s
	}
	for _, tc := range []struct{ got, want string }{
		{catalog.Who(fawen, step("draft").Who), "起草处室 工作人员"},
		{catalog.Who(fawen, step("recheck").Who), "秘书处 文秘"},
		{catalog.Who(fawen, step("resign").Who), "同“主任签发” 原办理人；同“分管领导签发” 原办理人"},
		{catalog.ModeText(step("countersign")), "会签：全部同意方可通过"},
		{catalog.FlowText(fawen, step("unit_review")), "会签与法规审核并行；不同意：起草"},
		{catalog.FlowText(fawen, step("legal_gate")), "涉及法规规章或规范性文件：法规处审核；其他情况：法规审核完成"},
		{catalog.SkipText(fawen, step("countersign")), "当会签处室为空时，跳过本环节"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}

func shippedDefs(t testing.TB) map[string]*process.Definition {
	t.Helper()
	defs, err := catalog.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*process.Definition{}
	for _, d := range defs {
		out[d.ID] = d
	}
	return out
}

func FuzzCondition(f *testing.F) {
	for _, s := range []string{`importance == "一般"`, `len(co_units) == 0`, `a in [1, 2]`, `!(x && y) || z`, `"a" +`, `-amount < 3`} {
		f.Add(s)
	}
	def := fieldsDef(f)
	f.Fuzz(func(t *testing.T, src string) {
		if catalog.Condition(def, src) == "" && src != "" {
			t.Fatalf("empty reading of %q", src)
		}
	})
}
