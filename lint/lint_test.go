package lint

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testActions stand in for the engine's list of system actions.
var testActions = []string{"assign_doc_number", "send_notice"}

func testOptions(t testing.TB) Options {
	t.Helper()
	dir, err := DemoDirectory()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Directory: dir, Actions: testActions}
}

func readDir(t testing.TB, dir string) []File {
	t.Helper()
	files, err := ReadFS(os.DirFS(dir), ".", dir)
	if err != nil || len(files) == 0 {
		t.Fatalf("read %s: %d files, %v", dir, len(files), err)
	}
	return files
}

var wantRe = regexp.MustCompile(`#\s*want:\s*(.+)$`)

// wants reads the "# want: rule …" markers as "file:line:rule" keys.
func wants(files []File) []string {
	var out []string
	for _, f := range files {
		for i, line := range strings.Split(string(f.Data), "\n") {
			if m := wantRe.FindStringSubmatch(line); m != nil {
				for _, rule := range strings.Fields(m[1]) {
					out = append(out, fmt.Sprintf("%s:%d:%s", f.Name, i+1, rule))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func keys(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s:%d:%s", f.File, f.Line, f.Rule)
	}
	slices.Sort(out)
	return out
}

// TestBadDefinitionsReportEachRuleAtItsLine lints the folder of deliberately bad definitions as one catalog:
// every marked finding is reported at its line, and nothing else.
func TestBadDefinitionsReportEachRuleAtItsLine(t *testing.T) {
	files := readDir(t, "testdata/bad")
	findings := Files(files, testOptions(t))
	got, want := keys(findings), wants(files)
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("missing  %s", k)
		}
	}
	for _, f := range findings {
		if k := fmt.Sprintf("%s:%d:%s", f.File, f.Line, f.Rule); !slices.Contains(want, k) {
			t.Errorf("unexpected %s: %s", k, f.Message)
		}
	}
	for _, f := range findings {
		if f.Column < 1 || f.Message == "" || f.Severity != severityOf(f.Rule) {
			t.Errorf("finding not located or unexplained: %+v", f)
		}
	}
}

// TestEveryRuleHasABadExample keeps the bad folder complete: each rule of Rules is shown by some file.
func TestEveryRuleHasABadExample(t *testing.T) {
	marked := strings.Join(wants(readDir(t, "testdata/bad")), "\n")
	for _, r := range Rules {
		if !strings.Contains(marked, ":"+r.ID+"\n") && !strings.HasSuffix(marked, ":"+r.ID) {
			t.Errorf("rule %s has no example in testdata/bad", r.ID)
		}
	}
}

func TestGoodDefinitionsHaveNoFindings(t *testing.T) {
	if fs := Files(readDir(t, "testdata/good"), testOptions(t)); len(fs) > 0 {
		for _, f := range fs {
			t.Error(f)
		}
	}
}

func TestFindingsAreSortedAndFlatInJSON(t *testing.T) {
	findings := Files(readDir(t, "testdata/bad"), testOptions(t))
	if !slices.IsSortedFunc(findings, func(a, b Finding) int {
		return strings.Compare(fmt.Sprintf("%s:%06d:%06d", a.File, a.Line, a.Column), fmt.Sprintf("%s:%06d:%06d", b.File, b.Line, b.Column))
	}) {
		t.Error("findings not sorted by file, line and column")
	}
	b, err := json.Marshal(findings[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"file", "line", "column", "rule", "severity", "message"} {
		if m[k] == nil {
			t.Errorf("JSON finding lacks %q: %s", k, b)
		}
	}
}

func TestSeverityDecidesFailure(t *testing.T) {
	warn := []Finding{{Rule: RuleUnstaffedPost, Severity: Warning}}
	if HasErrors(warn) || !HasErrors(append(warn, Finding{Rule: RuleDeadlock, Severity: Error})) {
		t.Error("HasErrors must count errors only")
	}
	e, w := Count(append(warn, Finding{Severity: Error}))
	if e != 1 || w != 1 {
		t.Errorf("count %d %d", e, w)
	}
}

func TestApprovalLevelsAreConfigurable(t *testing.T) {
	files := []File{mustRead(t, "testdata/bad/approvals.yaml")}
	opts := testOptions(t)
	opts.MaxApprovalLevels = 5
	if fs := Files(files, opts); len(fs) != 0 {
		t.Errorf("5 levels allowed, got %v", fs)
	}
	opts.MaxApprovalLevels = 2
	fs := Files(files, opts)
	if len(fs) != 1 || fs[0].Line != 14 || !strings.Contains(fs[0].Message, "副处长审核” → “处长审核” → “法规处审核") {
		t.Errorf("2 levels: got %v", fs)
	}
}

// The office's rule is short approval chains: a chain over the limit blocks publishing.
func TestLongApprovalChainIsAnError(t *testing.T) {
	fs := Files([]File{mustRead(t, "testdata/bad/approvals.yaml")}, testOptions(t))
	if len(fs) != 1 || fs[0].Rule != RuleApprovalChain || fs[0].Severity != Error || !HasErrors(fs) {
		t.Errorf("got %v", fs)
	}
}

// A repeated step id is reported, and the time limits and approval levels are still measured.
func TestDuplicateStepIDsLeaveOtherRulesRunning(t *testing.T) {
	fs := Files([]File{mustRead(t, "testdata/bad/duplicate-ids.yaml")}, testOptions(t))
	var rules []string
	for _, f := range fs {
		rules = append(rules, f.Rule)
	}
	slices.Sort(rules)
	if want := []string{RuleApprovalChain, "duplicate-id", RuleOverLimit}; !slices.Equal(rules, want) {
		t.Errorf("rules %v, want %v", rules, want)
	}
}

func TestWithoutDirectoryOrganisationRulesAreSkipped(t *testing.T) {
	fs := Files([]File{mustRead(t, "testdata/bad/owners.yaml")}, Options{})
	for _, f := range fs {
		if f.Rule == RuleUnknownUnit || f.Rule == RuleUnknownPost || f.Rule == RuleUnknownRole || f.Rule == RuleUnstaffedPost {
			t.Errorf("without a directory: %v", f)
		}
	}
	if !slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == RuleVagueOwner }) {
		t.Error("vague owners are found without a directory too")
	}
}

func TestSingleFileChecksReferencesAgainstKnownProcesses(t *testing.T) {
	f := mustRead(t, "testdata/good/shouwen-banli.yaml")
	if fs := Source(f.Name, f.Data, testOptions(t)); len(fs) != 0 {
		t.Errorf("a lone file's references are not checked without a catalog: %v", fs)
	}
	opts := testOptions(t)
	opts.Processes = []string{"lingdao-wengao"}
	fs := Source(f.Name, f.Data, opts)
	if got := keys(fs); !slices.Equal(got, []string{f.Name + ":10:unknown-related", f.Name + ":89:unknown-process"}) {
		t.Errorf("got %v", got)
	}
}

func mustRead(t testing.TB, name string) File {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return File{Name: filepath.ToSlash(name), Data: data}
}
