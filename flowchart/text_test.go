package flowchart

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	cases := []struct {
		in    string
		width float64
		max   int
		want  []string
	}{
		{"签收", 100, 0, []string{"签收"}},
		{"", 100, 0, nil},
		{"逐件清点核对来文单位份数", 70, 0, []string{"逐件清点核", "对来文单位", "份数"}},
		{"审核，报送。", 50, 0, []string{"审核，", "报送。"}},       // the comma stays with 核
		{"拟办意见（处理笺）", 70, 0, []string{"拟办意见", "（处理笺）"}}, // the bracket opens the next line
		{"send assign_doc_number now", 120, 0, []string{"send", "assign_doc_num", "ber now"}},
		{"一二三四五六七八九十一二三四五", 42, 2, []string{"一二三", "四五…"}},
		{"  多余   空白  ", 200, 0, []string{"多余 空白"}},
	}
	for _, c := range cases {
		got := Wrap(c.in, 14, c.width, c.max)
		if !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q, %g) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

func TestWrapFitsAndKeepsText(t *testing.T) {
	text := "按拟定的传阅范围送领导阅知或批示，阅毕签名并注明日期；随时掌握公文去向（不漏传、不误传），GB/T 9704-2012 格式。"
	for _, w := range []float64{30, 60, 100, 148, 300} {
		lines := Wrap(text, 12, w, 0)
		for _, l := range lines {
			if TextWidth(l, 12) > w && utf8.RuneCountInString(l) > 1 {
				t.Errorf("width %g: line %q is %g wide", w, l, TextWidth(l, 12))
			}
			if r, _ := utf8.DecodeRuneInString(l); w >= 60 && strings.ContainsRune(noLineStart, r) {
				t.Errorf("width %g: line %q starts with closing punctuation", w, l)
			}
		}
		if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != strings.ReplaceAll(text, " ", "") {
			t.Errorf("width %g: text changed: %q", w, got)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := Shorten("importance == \"重大\" && urgent", 12, 80); TextWidth(got, 12) > 80 || !strings.HasSuffix(got, "…") {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten("短", 12, 80); got != "短" {
		t.Errorf("Shorten kept = %q", got)
	}
}

func FuzzWrap(f *testing.F) {
	for _, s := range []string{"签收登记", "a（b）c，d。", "x\x00y", "\xff\xfe", strings.Repeat("长", 200)} {
		f.Add(s, 50.0)
	}
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if w != w || w < 0 || w > 1e6 {
			return
		}
		for _, l := range Wrap(s, 12, w, 3) {
			if l == "" {
				t.Errorf("empty line from %q", s)
			}
		}
	})
}
