package catalog_test

import (
	"strings"
	"testing"

	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/process"
)

func parse(t testing.TB, src string) *process.Definition {
	t.Helper()
	def, err := process.Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func TestCompareDefinitionsNamesEveryChange(t *testing.T) {
	a := parse(t, string(text(1, "两个工作日")))
	changed := strings.NewReplacer(
		"limit:   五个工作日", "limit: 十个工作日",
		"who: {unit: 秘书处, post: 收发员}", "who: {unit: 秘书处, role: 处室负责人}",
		"  - {id: title, name: 标题, type: text, required: true}", "  - {id: title, name: 文件标题, type: text}\n  - {id: urgent, name: 是否紧急, type: bool}",
		"    next: end\n", "    next: review\n  - {id: review, name: 审核, type: approval, mode: any, who: {unit: 秘书处, role: 处室负责人}, limit: 当天, next: end}\n",
	).Replace(string(text(2, "三个工作日")))
	b := parse(t, changed)
	got := catalog.CompareDefinitions(a, b)
	want := []catalog.Change{
		{Kind: catalog.ChangeChanged, Where: "流程", What: "总时限", Old: "五个工作日", New: "十个工作日"},
		{Kind: catalog.ChangeChanged, Where: "字段“文件标题”", What: "名称", Old: "标题", New: "文件标题"},
		{Kind: catalog.ChangeChanged, Where: "字段“文件标题”", What: "必填", Old: "是", New: "否"},
		{Kind: catalog.ChangeAdded, Where: "字段“是否紧急”", New: "是/否"},
		{Kind: catalog.ChangeChanged, Where: "环节“办理”", What: "办理人", Old: "秘书处 收发员", New: "秘书处 处室负责人"},
		{Kind: catalog.ChangeChanged, Where: "环节“办理”", What: "时限", Old: "两个工作日", New: "三个工作日"},
		{Kind: catalog.ChangeChanged, Where: "环节“办理”", What: "去向", Old: "结束", New: "审核"},
		{Kind: catalog.ChangeAdded, Where: "环节“审核”", New: "审批 · 秘书处 处室负责人 · 当天"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes:\n%+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	back := catalog.CompareDefinitions(b, a)
	if back[1] != (catalog.Change{Kind: catalog.ChangeRemoved, Where: "字段“是否紧急”", Old: "是/否"}) {
		t.Errorf("reverse: %+v", back[1])
	}
	if none := catalog.CompareDefinitions(a, a); len(none) != 0 {
		t.Errorf("a version differs from itself: %+v", none)
	}
}

func TestCompareTextNumbersLines(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	b := "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n"
	d := catalog.CompareText([]byte(a), []byte(b))
	if d.Added != 2 || d.Removed != 1 || len(d.Hunks) != 2 {
		t.Fatalf("%+v", d)
	}
	var del, ins catalog.DiffLine
	for _, l := range d.Hunks[0].Lines {
		switch l.Kind {
		case catalog.LineDelete:
			del = l
		case catalog.LineInsert:
			ins = l
		}
	}
	if del.Old != 4 || del.Text != "d" || ins.New != 4 || ins.Text != "D" || d.Hunks[0].Lines[0].Old != 1 {
		t.Fatalf("hunk: %+v", d.Hunks[0])
	}
	last := d.Hunks[1].Lines[len(d.Hunks[1].Lines)-1]
	if last.Kind != catalog.LineInsert || last.New != 12 || last.Text != "l" {
		t.Fatalf("last line: %+v", last)
	}
	if same := catalog.CompareText([]byte(a), []byte(a)); len(same.Hunks) != 0 {
		t.Fatal("identical texts differ")
	}
}

func TestSetTopLevel(t *testing.T) {
	src := []byte("# 注释\nid: old\nname: 旧名称  \nversion: 3\npurpose: |\n  多行\n")
	got := catalog.SetTopLevel(src, "version", "4")
	got = catalog.SetTopLevel(got, "name", "新: 名称")
	got = catalog.SetTopLevel(got, "purpose", "x")
	want := "# 注释\nid: old\nname: \"新: 名称\"\nversion: 4\npurpose: |\n  多行\n"
	if string(got) != want {
		t.Fatalf("got\n%s", got)
	}
}

func FuzzCompareText(f *testing.F) {
	f.Add("a\nb\n", "a\nc\n")
	f.Add("", "x")
	f.Add("id: x\n", "id: x")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := catalog.CompareText([]byte(a), []byte(b))
		if a == b && len(d.Hunks) != 0 {
			t.Fatal("equal texts differ")
		}
	})
}

func FuzzSetTopLevel(f *testing.F) {
	f.Add("version: 1\n", "version", "2")
	f.Add("id: a\r\nname: b", "name", "c: d")
	f.Fuzz(func(t *testing.T, src, key, value string) {
		catalog.SetTopLevel([]byte(src), key, value)
	})
}
