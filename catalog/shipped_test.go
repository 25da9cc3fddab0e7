package catalog_test

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
)

// actions are the system actions the shipped catalog's auto steps name; the engine must provide them.
var actions = []string{"archive", "assign_doc_number", "notify", "publish"}

func shipped(t testing.TB) []*process.Definition {
	t.Helper()
	defs, err := catalog.Shipped()
	if err != nil {
		t.Fatalf("Shipped: %v", err)
	}
	return defs
}

func find(t *testing.T, defs []*process.Definition, id string) *process.Definition {
	t.Helper()
	for _, d := range defs {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("shipped catalog has no process %q", id)
	return nil
}

func TestShippedSize(t *testing.T) {
	defs := shipped(t)
	if len(defs) < 32 {
		t.Errorf("catalog has %d processes, want at least 32", len(defs))
	}
	perCategory := map[string]int{}
	for _, d := range defs {
		perCategory[d.Category]++
	}
	if len(perCategory) < 8 {
		t.Errorf("catalog has %d categories, want at least 8", len(perCategory))
	}
	for _, c := range catalog.Categories() {
		if perCategory[c] < 2 {
			t.Errorf("category %s has %d processes, want at least 2", c, perCategory[c])
		}
	}
	for c := range perCategory {
		if !slices.Contains(catalog.Categories(), c) {
			t.Errorf("category %s is not in Categories()", c)
		}
	}
}

func TestFilesNamedByIDAndFolder(t *testing.T) {
	files := catalog.Files()
	seen := map[string]string{}
	err := fs.WalkDir(files, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		dir, base := path.Split(name)
		if path.Ext(base) != ".yaml" || strings.Count(name, "/") != 1 {
			t.Errorf("%s: want <category folder>/<id>.yaml", name)
			return nil
		}
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		def, err := process.Parse(name, data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return nil
		}
		if want := strings.TrimSuffix(base, ".yaml"); def.ID != want {
			t.Errorf("%s: id %q, want the file name %q", name, def.ID, want)
		}
		if folder, ok := catalog.Folder(def.Category); !ok || folder+"/" != dir {
			t.Errorf("%s: category %s belongs in folder %q", name, def.Category, folder)
		}
		if first, dup := seen[def.ID]; dup {
			t.Errorf("%s: id %q already used by %s", name, def.ID, first)
		}
		seen[def.ID] = name
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShippedOrder(t *testing.T) {
	defs := shipped(t)
	rank := func(c string) int { return slices.Index(catalog.Categories(), c) }
	for i := 1; i < len(defs); i++ {
		a, b := defs[i-1], defs[i]
		if rank(a.Category) > rank(b.Category) || (a.Category == b.Category && a.ID >= b.ID) {
			t.Errorf("%s (%s) sorted before %s (%s)", a.ID, a.Category, b.ID, b.Category)
		}
	}
}

func TestLintClean(t *testing.T) {
	dir, err := lint.DemoDirectory()
	if err != nil {
		t.Fatal(err)
	}
	files := catalog.Files()
	names, err := fs.Glob(files, "*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var in []lint.File
	for _, n := range names {
		data, err := fs.ReadFile(files, n)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, lint.File{Name: n, Data: data})
	}
	for _, f := range lint.Files(in, lint.Options{Directory: dir, Actions: actions}) {
		t.Error(f)
	}
}

// TestWrittenOut holds every process to seed 002's standard: purpose and overall limit, and for every step
// people do a time limit, inputs, outputs and a completion standard, in words free of vague phrases.
func TestWrittenOut(t *testing.T) {
	vague := regexp.MustCompile(`及时|尽快|适时|抓紧|有关处室|相关处室|相关部门|有关单位`)
	quoted := regexp.MustCompile(`“[^”]*”`)
	check := func(where, text string) {
		if m := vague.FindString(quoted.ReplaceAllString(text, "")); m != "" {
			t.Errorf("%s: vague wording %q in %q", where, m, text)
		}
	}
	for _, d := range shipped(t) {
		if d.Purpose == "" || d.Limit == "" {
			t.Errorf("%s: purpose and limit are required in the shipped catalog", d.ID)
		}
		check(d.ID+" purpose", d.Purpose)
		for _, s := range d.Steps {
			where := d.ID + "/" + s.ID
			if !s.Type.IsHuman() {
				continue
			}
			if s.Limit == "" || len(s.Inputs) == 0 || len(s.Outputs) == 0 || s.Standard == "" {
				t.Errorf("%s: a step people do needs limit, inputs, outputs and standard", where)
			}
			check(where, s.Standard)
		}
	}
}

// TestFeaturesUsed keeps the catalog a showcase of the whole format.
func TestFeaturesUsed(t *testing.T) {
	types, modes, who := map[process.StepType]bool{}, map[string]bool{}, map[string]bool{}
	var skip, require, nextDay, repeated, untilField, duration bool
	for _, d := range shipped(t) {
		nextDay = nextDay || d.CountFrom == process.CountNextDay
		repeated = repeated || d.SkipRepeatedApprover
		for _, s := range d.Steps {
			types[s.Type] = true
			modes[s.Mode] = true
			skip = skip || s.SkipIf != ""
			require = require || len(s.Require) > 0
			untilField = untilField || s.UntilField != ""
			duration = duration || s.Wait != ""
			for _, a := range s.Who {
				who[assigneeKind(a)] = true
			}
		}
	}
	for _, st := range process.StepTypes {
		if !types[st] {
			t.Errorf("no shipped process uses step type %s", st)
		}
	}
	for _, m := range process.Modes {
		if !modes[m] {
			t.Errorf("no shipped approval uses mode %s", m)
		}
	}
	for _, k := range []string{"unit+post", "unit+role", "unit+分管领导", "unit_field", "person_field", "performer_of", "initiator"} {
		if !who[k] {
			t.Errorf("no shipped step assigns work by %s", k)
		}
	}
	for what, ok := range map[string]bool{"skip_if": skip, "require": require, "count_from next-day": nextDay,
		"skip_repeated_approver": repeated, "wait until_field": untilField, "wait duration": duration} {
		if !ok {
			t.Errorf("no shipped process uses %s", what)
		}
	}
}

func assigneeKind(a process.Assignee) string {
	switch {
	case a.UnitField != "":
		return "unit_field"
	case a.PersonField != "":
		return "person_field"
	case a.PerformerOf != "":
		return "performer_of"
	case a.Initiator:
		return "initiator"
	case a.Role == process.RoleOverseer:
		return "unit+分管领导"
	case a.Post != "":
		return "unit+post"
	default:
		return "unit+role"
	}
}

var today = time.Date(2026, 3, 2, 0, 0, 0, 0, calendar.Beijing)

func eval(t *testing.T, d *process.Definition, src string, values map[string]any) bool {
	t.Helper()
	c, err := process.CompileCondition(d, src)
	if err != nil {
		t.Fatalf("%s: %v", d.ID, err)
	}
	ok, err := c.Eval(d, values, today)
	if err != nil {
		t.Fatalf("%s: %v", d.ID, err)
	}
	return ok
}

// stepNamed returns the step whose name is name.
func stepNamed(t *testing.T, d *process.Definition, name string) *process.Step {
	t.Helper()
	for i := range d.Steps {
		if d.Steps[i].Name == name {
			return &d.Steps[i]
		}
	}
	t.Fatalf("%s has no step named %s", d.ID, name)
	return nil
}

// inOrder checks that each named step can reach the next one.
func inOrder(t *testing.T, d *process.Definition, names ...string) {
	t.Helper()
	for i := 1; i < len(names); i++ {
		from, to := stepNamed(t, d, names[i-1]), stepNamed(t, d, names[i])
		if !d.Reachable(from.ID)[to.ID] {
			t.Errorf("%s: %s does not lead to %s", d.ID, names[i-1], names[i])
		}
	}
}

func TestAgendaReviewRefusesIncompleteTopics(t *testing.T) {
	d := find(t, shipped(t), "changweihui-yiti-shenhe")
	var gate *process.Step
	for i := range d.Steps {
		if len(d.Steps[i].Require) == 3 {
			gate = &d.Steps[i]
		}
	}
	if gate == nil {
		t.Fatal("no step carries the three 一律不上会 preconditions")
	}
	wantMessages := []string{"分管领导未签署意见", "未形成一致或倾向性意见", "未经法规处前置审核"}
	for i, p := range gate.Require {
		if !strings.Contains(p.Message, wantMessages[i]) || !strings.Contains(p.Message, "一律不上会") {
			t.Errorf("precondition %d message %q, want it to say %s…一律不上会", i, p.Message, wantMessages[i])
		}
	}
	complete := map[string]any{"overseer_signed": true, "involves_resources": true, "consensus": "倾向性意见",
		"involves_document": true, "legal_reviewed": true}
	tests := []struct {
		name   string
		change map[string]any
		fails  int // index of the precondition that must fail, -1 for none
	}{
		{"材料完备", nil, -1},
		{"不涉及人财物和审议文件", map[string]any{"involves_resources": false, "consensus": "", "involves_document": false, "legal_reviewed": false}, -1},
		{"分管领导未签署", map[string]any{"overseer_signed": false}, 0},
		{"部门未形成一致意见", map[string]any{"consensus": "未形成一致意见"}, 1},
		{"部门意见未填", map[string]any{"consensus": ""}, 1},
		{"审议文件未经前置审核", map[string]any{"legal_reviewed": false}, 2},
	}
	for _, tt := range tests {
		values := map[string]any{}
		for k, v := range complete {
			values[k] = v
		}
		for k, v := range tt.change {
			values[k] = v
		}
		for i, p := range gate.Require {
			if got, want := eval(t, d, p.Check, values), i != tt.fails; got != want {
				t.Errorf("%s: precondition %q = %v, want %v", tt.name, p.Message, got, want)
			}
		}
	}
}

func TestConfidentialCirculation(t *testing.T) {
	d := find(t, shipped(t), "jiyao-wenjian-chuanyue")
	inOrder(t, d, "签收", "登记", "确定传阅范围", "传阅", "清退")
	circ := stepNamed(t, d, "传阅")
	if circ.Type != process.StepCirculation {
		t.Fatalf("传阅 is a %s step, want circulation (each reader once)", circ.Type)
	}
	readers := false
	for _, a := range circ.Who {
		if f, ok := d.Field(a.PersonField); ok && f.Type == process.FieldPersons {
			readers = true
		}
	}
	if !readers {
		t.Error("传阅 must go to the leaders chosen in a persons field")
	}
	for _, name := range []string{"签收", "登记", "清退"} {
		if s := stepNamed(t, d, name); len(s.Who) != 1 || s.Who[0].Unit != "机要处" {
			t.Errorf("%s must be done by 机要处, got %+v", name, s.Who)
		}
	}
}

func TestLeaderDraftsSkipReviewByImportance(t *testing.T) {
	d := find(t, shipped(t), "lingdao-wengao")
	skipped := func(importance string) []string {
		var out []string
		for _, s := range d.Steps {
			if s.SkipIf != "" && eval(t, d, s.SkipIf, map[string]any{"importance": importance}) {
				out = append(out, s.Name)
			}
		}
		return out
	}
	if got := skipped("常规"); len(got) != 3 {
		t.Errorf("常规 skips %v, want the 处室, 分管领导 and 主任 reviews", got)
	}
	if got := skipped("一般"); len(got) != 2 {
		t.Errorf("一般 skips %v, want the 分管领导 and 主任 reviews", got)
	}
	if got := skipped("重要"); len(got) != 1 {
		t.Errorf("重要 skips %v, want only the 主任 review", got)
	}
	if got := skipped("重大"); len(got) != 0 {
		t.Errorf("重大 skips %v, want every review level", got)
	}
	if !d.SkipRepeatedApprover {
		t.Error("the same leader must not review a draft twice: skip_repeated_approver")
	}
}

func TestAssetRequisitionInOnePass(t *testing.T) {
	d := find(t, shipped(t), "zichan-lingyong")
	var tasks, approvals []process.Step
	for _, s := range d.Steps {
		switch s.Type {
		case process.StepTask:
			tasks = append(tasks, s)
		case process.StepApproval:
			approvals = append(approvals, s)
		}
	}
	if len(tasks) != 1 || len(approvals) > 1 {
		t.Fatalf("一次办理 wants one window task and at most one approval, got %d tasks and %d approvals", len(tasks), len(approvals))
	}
	if len(approvals) == 1 {
		a := approvals[0]
		if a.SkipIf == "" || !eval(t, d, a.SkipIf, map[string]any{"amount": 800.0}) || eval(t, d, a.SkipIf, map[string]any{"amount": 20000.0}) {
			t.Errorf("approval %s must apply only above an amount (skip_if %q)", a.Name, a.SkipIf)
		}
	}
}

func TestIncomingDocumentsFollowRegulation(t *testing.T) {
	d := find(t, shipped(t), "shouwen-banli")
	inOrder(t, d, "签收", "登记", "初审", "承办", "催办", "承办", "传阅", "答复")
	review := stepNamed(t, d, "初审")
	for _, id := range []string{"undertaker", "readers"} {
		if !slices.Contains(review.Form, id) {
			t.Errorf("初审 must choose %s", id)
		}
	}
	if f, _ := d.Field("undertaker"); f == nil || f.Type != process.FieldUnit {
		t.Error("承办处室 must be a unit field")
	}
	if f, _ := d.Field("readers"); f == nil || f.Type != process.FieldPersons {
		t.Error("传阅领导 must be a persons field")
	}
	if stepNamed(t, d, "承办").Who[0].UnitField != "undertaker" {
		t.Error("承办 must go to the unit chosen at 初审")
	}
}

func TestOutgoingDocumentsFollowRegulation(t *testing.T) {
	d := find(t, shipped(t), "fawen-banli")
	inOrder(t, d, "起草", "处室审核", "秘书处核稿", "主任签发", "复核", "登记编号", "印制", "核发")
	if s := stepNamed(t, d, "登记编号"); s.Type != process.StepAuto || s.Action != "assign_doc_number" {
		t.Errorf("登记 must assign the document number automatically, got %s %s", s.Type, s.Action)
	}
	legal := stepNamed(t, d, "法规处审核")
	gated := false
	for _, s := range d.Steps {
		for _, b := range s.Branches {
			gated = gated || (s.Type == process.StepExclusive && b.Next == legal.ID && s.Default != legal.ID)
		}
	}
	if !gated {
		t.Error("法规处审核 must be reached only through an exclusive gateway's branch")
	}
	if got := eval(t, d, "involves_regulation", map[string]any{}); got {
		t.Error("a document that involves no regulation must not go to 法规处")
	}
	for _, s := range d.Steps {
		if s.Type == process.StepApproval && s.Reject == "" {
			t.Errorf("%s: a disagreeing reviewer must send the draft back, not end the process", s.Name)
		}
	}
}

func BenchmarkShipped(b *testing.B) {
	for b.Loop() {
		shipped(b)
	}
}
