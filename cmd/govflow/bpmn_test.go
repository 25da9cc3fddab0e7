package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govflow/govflow/process"
)

func runGovflow(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBPMNExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "kinds.bpmn")
	if code, _, errOut := runGovflow("bpmn", "export", "../../flowchart/testdata/kinds.yaml", "-o", model); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	code, out, errOut := runGovflow("bpmn", "import", model)
	if code != 0 || !strings.Contains(errOut, "已导入“全部环节类型示例”：16 个环节，0 条警告") {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	back, err := process.Parse("back.yaml", []byte(out))
	if err != nil {
		t.Fatalf("imported YAML does not read: %v\n%s", err, out)
	}
	data, _ := os.ReadFile("../../flowchart/testdata/kinds.yaml")
	orig, _ := process.Parse("kinds.yaml", data)
	if len(back.Steps) != len(orig.Steps) || back.Steps[3].Reject != "draft" || back.Limit != orig.Limit {
		t.Errorf("round trip lost something:\n%s", out)
	}
	yml := filepath.Join(dir, "kinds.yaml")
	if code, _, errOut := runGovflow("bpmn", "import", "-o", yml, model); code != 0 {
		t.Fatalf("import -o: exit %d: %s", code, errOut)
	}
	if written, _ := os.ReadFile(yml); string(written) != out {
		t.Error("-o writes something else than stdout")
	}
}

func TestBPMNExportShippedByID(t *testing.T) {
	code, out, errOut := runGovflow("bpmn", "export", "shouwen-banli")
	if code != 0 || !strings.Contains(out, `<bpmn:participant id="Participant_shouwen-banli" name="收文办理"`) {
		t.Errorf("export by id: exit %d: %s\n%.300s", code, errOut, out)
	}
}

func TestBPMNCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	notXML := filepath.Join(dir, "bad.bpmn")
	os.WriteFile(notXML, []byte("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<process id=\"p\">"), 0o644)
	badYAML := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badYAML, []byte("id: x\nsteps: [1, 2\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bpmn"}, "用法"},
		{[]string{"bpmn", "frobnicate"}, "未知的操作"},
		{[]string{"bpmn", "import"}, "需要且只需要一个输入"},
		{[]string{"bpmn", "import", "a.bpmn", "b.bpmn"}, "需要且只需要一个输入"},
		{[]string{"bpmn", "import", "-x", "a.bpmn"}, "没有选项 -x"},
		{[]string{"bpmn", "import", filepath.Join(dir, "none.bpmn")}, "文件不存在"},
		{[]string{"bpmn", "import", notXML}, "第 2 行第 17 列：XML 格式有误：文件在元素结束之前就结束了"},
		{[]string{"bpmn", "export", "no-such-process"}, "没有编号为“no-such-process”的流程"},
		{[]string{"bpmn", "export", "shouwen-banl"}, "可能是：shouwen-banli（收文办理）"},
		{[]string{"bpmn", "export", badYAML}, "bad.yaml:2:"},
		{[]string{"bpmn", "export", "../../flowchart/testdata/odd.yaml"}, "重复"},
	} {
		code, out, errOut := runGovflow(c.args...)
		lines := strings.Count(strings.TrimSpace(errOut), "\n") + 1
		if code != 2 || !strings.Contains(errOut, c.want) || out != "" || c.want != "用法" && lines != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line saying %q", c.args, code, out, errOut, c.want)
		}
	}
}
