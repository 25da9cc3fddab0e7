package process

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func goodFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/good/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good definitions: %v", err)
	}
	return files
}

func mustParse(t testing.TB, file string) *Definition {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	def, err := Parse(file, data)
	if err != nil {
		t.Fatalf("parse %s:\n%v", file, err)
	}
	return def
}

func TestGoodDefinitionsParseCheckAndRoundTrip(t *testing.T) {
	for _, file := range goodFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			def := mustParse(t, file)
			if probs := Check(def); len(probs) > 0 {
				t.Fatalf("check:\n%v", &CheckError{Problems: probs})
			}
			out, err := Marshal(def)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Parse("marshalled.yaml", out)
			if err != nil {
				t.Fatalf("re-parse of marshalled output: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(stripPos(def), stripPos(again)) {
				t.Errorf("round trip changed the definition:\n%s", out)
			}
			out2, _ := Marshal(again)
			if string(out) != string(out2) {
				t.Errorf("marshal is not stable:\n%s\n---\n%s", out, out2)
			}
		})
	}
}

// stripPos returns a copy of def without positions, for comparing content.
func stripPos(def *Definition) *Definition {
	c := *def
	clearPos(reflect.ValueOf(&c).Elem())
	return &c
}

func clearPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			switch v.Field(i).Type() {
			case reflect.TypeFor[Pos](), reflect.TypeFor[Positions]():
				v.Field(i).SetZero()
			default:
				clearPos(v.Field(i))
			}
		}
	case reflect.Slice:
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		for i := range cp.Len() {
			clearPos(cp.Index(i))
		}
		if v.CanSet() {
			v.Set(cp)
		}
	}
}

func TestParseFillsPositions(t *testing.T) {
	def := mustParse(t, "testdata/good/huiyi-yiti.yaml")
	check := func(what string, got Pos, line, col int) {
		t.Helper()
		if got.File != "testdata/good/huiyi-yiti.yaml" || got.Line != line || got.Column != col {
			t.Errorf("%s at %v, want line %d column %d", what, got, line, col)
		}
	}
	check("definition", def.Pos, 2, 1)
	check("definition limit", def.PosOf("limit"), 9, 1)
	check("related[1]", def.KeyPos.Item("related", 1, def.Pos), 11, 23)
	check("field contact", def.Fields[14].Pos, 29, 5)
	check("field contact pattern", def.Fields[14].PosOf("pattern"), 32, 5)
	s, _ := def.Step("check")
	check("step check", s.Pos, 42, 5)
	check("who", s.Who[0].Pos, 45, 10)
	check("require[1]", s.Require[1].Pos, 52, 9)
	check("require[1].check", s.Require[1].PosOf("check"), 52, 9)
	r, _ := def.Step("route")
	check("branch 2 when", r.Branches[1].PosOf("when"), 60, 22)
	sp, _ := def.Step("split")
	check("split next[1]", sp.KeyPos.Item("next", 1, sp.Pos), 82, 46)
	if len(sp.Next) != 2 || len(s.Who) != 1 || s.Next[0] != "route" {
		t.Errorf("single values not read as lists of one: who %v next %v", s.Who, s.Next)
	}
}

func TestParseErrorsAreLocated(t *testing.T) {
	base := "id: x\nname: 名称\ncategory: 类\nowner: 秘书处\nversion: 1\npurpose: 目的\n"
	cases := []struct {
		name, src string
		line, col int
		rule, msg string
	}{
		{"empty", "", 1, 1, RuleSyntax, "文件是空的"},
		{"comments only", "# 只有注释\n", 1, 1, RuleSyntax, "文件是空的"},
		{"not a mapping", "- a\n- b\n", 1, 1, RuleSyntax, "顶层应是流程的各个键"},
		{"scalar", "就一句话", 1, 1, RuleSyntax, "顶层应是流程的各个键"},
		{"tab", "id: x\n\tname: y\n", 2, 1, RuleSyntax, "Tab"},
		{"bad colon", base + "steps:\n  - id: a\n    name: b: c\n", 9, 1, RuleSyntax, "YAML 语法错误"},
		{"unclosed bracket", base + "steps: [{id: a\n", 7, 1, RuleSyntax, "YAML 语法错误"},
		{"two documents", base + "---\nid: y\n", 7, 1, RuleSyntax, "第二个 YAML 文档"},
		{"unknown key", base + "nxet: a\n", 7, 1, RuleUnknownKey, "流程没有键“nxet”"},
		{"unknown step key", base + "steps:\n  - {id: a, type: task, nxet: b}\n", 8, 25, RuleUnknownKey, "是否想写“next”"},
		{"duplicate key", base + "name: 又一个\n", 7, 1, RuleDuplicateKey, "第 2 行已经写过"},
		{"version not int", strings.Replace(base, "version: 1", "version: 一", 1), 5, 10, RuleType, "应为整数"},
		{"steps not list", base + "steps: 开始\n", 7, 8, RuleType, "“steps”的值应为列表"},
		{"step not mapping", base + "steps:\n  - start\n", 8, 5, RuleType, "“steps”的第 1 项应为环节"},
		{"who scalar", base + "steps:\n  - {id: a, type: task, who: 秘书处}\n", 8, 30, RuleType, "或由它们组成的列表"},
		{"next mapping", base + "steps:\n  - {id: a, type: task, next: {b: c}}\n", 8, 31, RuleType, "“next”的值应为一段文字，或由它们组成的列表"},
		{"bool", base + "fields:\n  - {id: a, name: b, type: text, required: 是}\n", 8, 44, RuleType, "true 或 false"},
		{"ratio nan", base + "steps:\n  - {id: a, type: approval, ratio: .nan}\n", 8, 36, RuleType, "应为数字"},
		{"merge key", base + "steps:\n  - {<<: {id: a}, type: task}\n", 8, 6, RuleUnknownKey, "合并键"},
		{"unknown anchor", base + "steps: *nothing\n", 7, 1, RuleSyntax, "锚点"},
		{"invalid utf8", base + "name2: \xff\n", 7, 1, RuleSyntax, "UTF-8"},
		{"indented list", "a: 1\n- b\n", 2, 1, RuleSyntax, "缩进没有对齐"},
		{"nested default", base + "fields:\n  - {id: a, name: b, type: text, default: [[1]]}\n", 8, 44, RuleType, "只能含单个的值"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def, err := Parse("f.yaml", []byte(c.src))
			var pe *ParseError
			if def != nil || !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("got %v, %v; want a *ParseError", def, err)
			}
			p := pe.Problems[0]
			if p.Pos.File != "f.yaml" || p.Pos.Line != c.line || p.Pos.Column != c.col || p.Rule != c.rule || !strings.Contains(p.Message, c.msg) {
				t.Errorf("got %v [%s], want f.yaml:%d:%d [%s] …%s…", p, p.Rule, c.line, c.col, c.rule, c.msg)
			}
		})
	}
}

func TestParseCollectsEveryProblem(t *testing.T) {
	src := "id: x\nnmae: a\nversion: x\nsteps:\n  - {id: a, type: task, limt: 当天}\n  - {id: b, who: 3}\n"
	_, err := Parse("f.yaml", []byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) || len(pe.Problems) != 4 {
		t.Fatalf("want 4 problems, got %v", err)
	}
	for i, line := range []int{2, 3, 5, 6} {
		if pe.Problems[i].Pos.Line != line {
			t.Errorf("problem %d at line %d, want %d", i, pe.Problems[i].Pos.Line, line)
		}
	}
	if !strings.HasPrefix(err.Error(), "f.yaml:2:1: 流程没有键“nmae”") {
		t.Errorf("error text %q", err)
	}
}

func TestParseBoundsAliasExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("related: *a8\n")
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("alias bomb accepted")
	}
}

func TestParseAcceptsAliases(t *testing.T) {
	src := "id: x\nname: &n 名称\ncategory: *n\nowner: 秘书处\nversion: 1\npurpose: 目的\nsteps: []\n"
	def, err := Parse("f.yaml", []byte(src))
	if err != nil || def.Category != "名称" {
		t.Fatalf("got %+v, %v", def, err)
	}
}
