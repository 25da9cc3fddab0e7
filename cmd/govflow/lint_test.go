package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runLintCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(append([]string{"lint"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestLintCommandExitCodes(t *testing.T) {
	if code, out, _ := runLintCmd("../../lint/testdata/good"); code != 0 || !strings.Contains(out, "未发现问题") {
		t.Errorf("good definitions: exit %d\n%s", code, out)
	}
	code, out, _ := runLintCmd("../../lint/testdata/bad")
	if code != 1 || !strings.Contains(out, "../../lint/testdata/bad/deadlock.yaml:19:5: 错误 [deadlock]") {
		t.Errorf("bad definitions: exit %d\n%s", code, out)
	}
	if code, out, _ := runLintCmd("--max-approvals", "5", "../../lint/testdata/bad/approvals.yaml"); code != 0 || !strings.Contains(out, "未发现问题") {
		t.Errorf("warnings alone exit 0: exit %d\n%s", code, out)
	}
	if code, _, errOut := runLintCmd("no/such/file.yaml"); code != 2 || strings.Count(errOut, "\n") != 1 {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runLintCmd("--bogus"); code != 2 || !strings.Contains(errOut, "没有选项 -bogus") {
		t.Errorf("bad option: exit %d, %q", code, errOut)
	}
}

func TestLintCommandJSON(t *testing.T) {
	code, out, _ := runLintCmd("--json", "../../lint/testdata/bad/gateways.yaml", "../../lint/testdata/bad/approvals.yaml")
	var got struct {
		Files, Errors, Warnings int
		Findings                []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if got.Files != 2 || got.Errors != 2 || got.Warnings != 0 || got.Findings[0]["rule"] != "approval-chain" || got.Findings[1]["line"] != 12.0 {
		t.Errorf("got %+v", got)
	}
}

func TestLintCommandChecksTheShippedCatalog(t *testing.T) {
	code, out, errOut := runLintCmd()
	if code != 0 || !strings.Contains(out, "检查了") {
		t.Errorf("shipped catalog: exit %d\n%s%s", code, out, errOut)
	}
}
