package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govflow/govflow/handbook"
)

func TestHandbookHTML(t *testing.T) {
	out := filepath.Join(t.TempDir(), "手册.html")
	code, _, errOut := runGovflow("handbook", "-o", out, "-office", "某市人民政府办公室", "-date", "2026-03-09")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"某市人民政府办公室", "二〇二六年三月", "2026年版", `id="p-shouwen-banli"`, `data-process="shouwen-banli"`} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("handbook lacks %q", want)
		}
	}
}

func TestHandbookFromFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "h.html")
	code, _, errOut := runGovflow("handbook", "../../flowchart/testdata/kinds.yaml", "-o", out, "-title", "示例手册")
	if code != 0 || !strings.Contains(errOut, "收录流程 1 项") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if html, _ := os.ReadFile(out); !bytes.Contains(html, []byte("<title>省人民政府办公厅示例手册</title>")) {
		t.Error("title or office missing")
	}
}

func TestHandbookBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"handbook"}, "请用 -o 指定输出文件"},
		{[]string{"handbook", "-o", filepath.Join(dir, "x.html"), "-date", "2026/3/9"}, "日期“2026/3/9”无法识别"},
		{[]string{"handbook", "-o", filepath.Join(dir, "x.html"), filepath.Join(dir, "nothing")}, "找不到"},
		{[]string{"handbook", "-o", filepath.Join(dir, "x.html"), dir}, "没有流程定义文件"},
		{[]string{"handbook", "-o", filepath.Join(dir, "x.pdf"), "-chrome", filepath.Join(dir, "no-browser")}, "找不到浏览器程序"},
		{[]string{"handbook", "-bogus"}, "没有选项 -bogus"},
	} {
		code, _, errOut := runGovflow(c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%q: exit %d, %q; want exit 2 and one line saying %q", c.args, code, errOut, c.want)
		}
	}
}

func TestHandbookPDFNeedsChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	code, _, errOut := runGovflow("handbook", "-o", filepath.Join(t.TempDir(), "h.pdf"), "../../flowchart/testdata/loops.yaml")
	if code != 2 || !strings.Contains(errOut, "生成 PDF 需要 Chromium") || !strings.Contains(errOut, "apt-get install -y chromium fonts-noto-cjk") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestHandbookPDF prints the shipped catalog's handbook in Chromium: every process gets its page, in
// order, and the contents show the page numbers of the first printing.
func TestHandbookPDF(t *testing.T) {
	if os.Getenv("GOVFLOW_TEST_BROWSER") == "" {
		t.Skip("GOVFLOW_TEST_BROWSER is not set: printing the PDF needs Chromium")
	}
	out := filepath.Join(t.TempDir(), "handbook.pdf")
	code, _, errOut := runGovflow("handbook", "-o", out, "-date", "2026-11-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %v", err)
	}
	defs, _ := handbookDefinitions(nil)
	pages := handbook.PageNumbers(pdf)
	last := 3
	for _, d := range defs {
		p := pages[d.ID]
		if p <= last {
			t.Errorf("%s starts on page %d, after page %d", d.ID, p, last)
		}
		last = max(last, p)
	}
	if n := handbook.PageCount(pdf); n < len(defs)+3 || n < last {
		t.Errorf("%d pages for %d processes", n, len(defs))
	}
}
