package handbook

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/process"
)

// testDefs loads the flowchart tests' definitions (without the deliberately broken one) and the catalog
// shipped in this repository.
func testDefs(t testing.TB) []*process.Definition {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../flowchart/testdata/*.yaml", "../catalog/shipped/*/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	var defs []*process.Definition
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		def, err := process.Parse(fn, data)
		if err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
		if def.ID != "odd" {
			defs = append(defs, def)
		}
	}
	if len(defs) < 3 {
		t.Fatalf("only %d definitions", len(defs))
	}
	return defs
}

var testDate = time.Date(2026, 11, 5, 0, 0, 0, 0, calendar.Beijing)

func render(t testing.TB, defs []*process.Definition, opt Options) string {
	t.Helper()
	if opt.Office == "" {
		opt.Office = "省人民政府办公厅"
	}
	if opt.Date.IsZero() {
		opt.Date = testDate
	}
	out, err := Render(defs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

var (
	idAttr   = regexp.MustCompile(`\sid="([^"]+)"`)
	hrefAttr = regexp.MustCompile(`\shref="([^"]*)"`)
	srcAttr  = regexp.MustCompile(`(?i)\s(src|xlink:href)=`)
)

func TestRenderSelfContainedAndLinked(t *testing.T) {
	defs := testDefs(t)
	doc := render(t, defs, Options{Categories: []string{"公文运转", "会议服务"}})
	for _, bad := range []string{"<script", "<link", "@import", "url(http", "<img", "<iframe"} {
		if strings.Contains(strings.ToLower(doc), bad) {
			t.Errorf("handbook is not self-contained: contains %s", bad)
		}
	}
	if srcAttr.MatchString(doc) {
		t.Error("handbook refers to outside resources")
	}
	ids := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(doc, -1) {
		if ids[m[1]] {
			t.Errorf("id %q used twice", m[1])
		}
		ids[m[1]] = true
	}
	for _, m := range hrefAttr.FindAllStringSubmatch(doc, -1) {
		if !strings.HasPrefix(m[1], "#") || !ids[m[1][1:]] {
			t.Errorf("link %q goes nowhere in the handbook", m[1])
		}
	}
	for _, d := range defs {
		if !ids["p-"+d.ID] {
			t.Errorf("no section for %s", d.ID)
		}
		if !strings.Contains(doc, `data-process="`+d.ID+`"`) {
			t.Errorf("no flowchart for %s", d.ID)
		}
	}
	for _, want := range []string{"size: A4", "@top-left", "counter(page)", "break-before: page", `<html lang="zh-CN">`,
		"<title>省人民政府办公厅工作流程手册</title>", "二〇二六年十一月", "2026年版", "编制说明", "目　录", "图例"} {
		if !strings.Contains(doc, want) {
			t.Errorf("handbook lacks %q", want)
		}
	}
}

func TestRenderContentsByCategory(t *testing.T) {
	defs := testDefs(t)
	doc := render(t, defs, Options{Categories: []string{"政务服务", "公文运转"}})
	count := map[string]int{}
	for _, d := range defs {
		count[d.Category]++
	}
	heads := regexp.MustCompile(`<div class="toc-cat-head"><a href="#c(\d+)">([一二三四五六七八九十]+)、([^<]+)</a><span class="toc-count">(\d+) 项</span>`).FindAllStringSubmatch(doc, -1)
	if len(heads) != len(count) {
		t.Fatalf("%d categories in the contents, want %d", len(heads), len(count))
	}
	if heads[0][3] != "政务服务" || heads[1][3] != "公文运转" || heads[0][2] != "一" || heads[1][2] != "二" {
		t.Errorf("categories not in the asked order: %q, %q", heads[0][3], heads[1][3])
	}
	for _, h := range heads {
		if n := count[h[3]]; h[4] != strconv.Itoa(n) {
			t.Errorf("category %s shows %s processes, has %d", h[3], h[4], n)
		}
	}
	if got := strings.Count(doc, `class="toc-link"`); got != len(defs) {
		t.Errorf("%d contents entries for %d processes", got, len(defs))
	}
}

func TestRenderProcessSection(t *testing.T) {
	var kinds *process.Definition
	for _, d := range testDefs(t) {
		if d.ID == "kinds" {
			kinds = d
		}
	}
	doc := render(t, []*process.Definition{kinds}, Options{})
	start := strings.Index(doc, `<article class="process" id="p-kinds">`)
	if start < 0 {
		t.Fatal("no section")
	}
	sec := doc[start:]
	for _, want := range []string{
		"全部环节类型示例", "综合一处", "二十个工作日", "第 1 版", "覆盖流程图的全部环节类型",
		"<b>起草方案并征求意见</b>", `<td class="limit">五个工作日</td>`, "<td>方案初稿</td>", "要素齐全，数据核实无误。",
		"满足“重要程度为“一般””时跳过本环节。", `<span class="tag">会签</span>`, "审批（同意≥60%）",
		"<td>承办处室</td>", "<td>—</td><td>传阅领导</td>", "至会议日期", "办理“gongwen-yinzhi”流程", "前置条件",
		`<span class="pre-step">分管领导依次审签</span>事项名称未填写的，不得报送审签。`, "图 1.1",
	} {
		if !strings.Contains(sec, strings.ReplaceAll(want, `"`, "&#34;")) && !strings.Contains(sec, want) {
			t.Errorf("section lacks %q", want)
		}
	}
	if rows := strings.Count(sec, `<td class="num">`); rows != 10 {
		t.Errorf("%d step rows, want 10 (every step but start, end and gateways)", rows)
	}
}

func TestRenderPagesAndRelated(t *testing.T) {
	defs := testDefs(t)
	var withRelated *process.Definition
	for _, d := range defs {
		if len(d.Related) > 0 {
			withRelated = d
			break
		}
	}
	if withRelated == nil {
		t.Skip("no definition with related processes")
	}
	pages := map[string]int{}
	for i, d := range defs {
		pages[d.ID] = 5 + 3*i
	}
	doc := render(t, defs, Options{Pages: pages})
	if !strings.Contains(doc, `<nav class="toc numbered"`) || !strings.Contains(doc, `<span class="toc-page">5</span>`) {
		t.Error("page numbers missing from the contents")
	}
	plain := render(t, defs, Options{})
	if strings.Contains(plain, `class="toc-page"`) || strings.Contains(plain, "toc numbered") {
		t.Error("page numbers shown without a printing")
	}
}

func TestRenderDeterministic(t *testing.T) {
	defs := testDefs(t)
	a, b := render(t, defs, Options{}), render(t, defs, Options{})
	if a != b {
		t.Error("two renderings differ")
	}
}

func TestRenderRejects(t *testing.T) {
	if _, err := Render(nil, Options{}); err == nil {
		t.Error("no error without definitions")
	}
	if _, err := Render([]*process.Definition{nil}, Options{}); err == nil {
		t.Error("no error for a nil definition")
	}
}

func TestChineseNumbers(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 35: "三十五", 99: "九十九"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("chineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
	if got := chineseMonth(time.Date(2026, 12, 1, 0, 0, 0, 0, calendar.Beijing)); got != "二〇二六年十二月" {
		t.Errorf("chineseMonth = %q", got)
	}
	if chineseMonth(time.Time{}) != "" {
		t.Error("zero date printed")
	}
}

func TestReadable(t *testing.T) {
	fields := map[string]string{"importance": "重要程度", "co_units": "会签处室", "amount": "金额", "urgent": "加急", "secrecy": "密级"}
	for expr, want := range map[string]string{
		`importance == "一般"`:          `重要程度为“一般”`,
		`len(co_units) == 0`:          `会签处室为空`,
		`amount > 50000 && !urgent`:   `金额>50000且加急为否`,
		`!(amount > 5)`:               `非(金额>5)`,
		`secrecy in ["机密", "绝密"]`:     `密级属于〔“机密”、“绝密”〕`,
		`not urgent or missing_field`: `加急为否或missing_field`,
		`not importance in ["一般"]`:    `非重要程度属于〔“一般”〕`,
		`importance != "重大" and true`: `重要程度不为“重大”且是`,
	} {
		if got := readable(expr, fields, map[string]bool{"urgent": true}); got != want {
			t.Errorf("readable(%q) = %q, want %q", expr, got, want)
		}
	}
}

func TestPageNumbers(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Dests 9 0 R >>\nendobj\n" +
		"2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>\nendobj\n" +
		"3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n" +
		"4 0 obj\n<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 /Parent 2 0 R >>\nendobj\n" +
		"5 0 obj\n<< /Type /Page /Parent 4 0 R >>\nstream\nxx\nendstream\nendobj\n" +
		"6 0 obj\n<< /Type /Page /Parent 4 0 R >>\nendobj\n" +
		"9 0 obj\n<< /p-shouwen-banli [6 0 R /XYZ 0 841 0] /p-fawen-banli [5 0 R /XYZ 0 841 0] /c1 [3 0 R /XYZ 0 0 0] >>\nendobj\n")
	got := PageNumbers(pdf)
	if got["shouwen-banli"] != 3 || got["fawen-banli"] != 2 || len(got) != 2 {
		t.Errorf("PageNumbers = %v", got)
	}
	if PageCount(pdf) != 3 {
		t.Errorf("PageCount = %d", PageCount(pdf))
	}
	if PageNumbers([]byte("not a pdf")) != nil || PageCount(nil) != 0 {
		t.Error("garbage gives page numbers")
	}
}

func FuzzPageNumbers(f *testing.F) {
	f.Add([]byte("1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n1 0 obj << /Type /Pages /Kids [1 0 R] >> endobj"))
	f.Add([]byte("%PDF-1.4\n2 0 obj\n<< /Type /Pages /Kids [2 0 R] >>\nendobj /p-x [2 0 R"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for id, p := range PageNumbers(data) {
			if p < 1 || id == "" {
				t.Fatalf("page %d for %q", p, id)
			}
		}
		_ = PageCount(data)
	})
}

func BenchmarkRender(b *testing.B) {
	defs := testDefs(b)
	for b.Loop() {
		if _, err := Render(defs, Options{Office: "办公厅", Date: testDate}); err != nil {
			b.Fatal(err)
		}
	}
}
