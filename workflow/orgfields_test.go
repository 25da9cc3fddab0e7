package workflow_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

// toReview starts a 收文办理 and takes it through 签收 and 登记 to the 文秘's 初审.
func (f *fixture) toReview(title string) workflow.TaskRow {
	f.t.Helper()
	v := f.start("sunlei", "shouwen-banli", map[string]any{"title": title, "from_org": "省发展改革委", "doc_type": "通知",
		"received_date": "2026-03-02"})
	f.do("sunlei", engine.Command{Op: engine.OpComplete, Task: f.taskOf("sunlei", v.ID, "sign").ID})
	f.do("sunlei", engine.Command{Op: engine.OpComplete, Task: f.taskOf("sunlei", v.ID, "register").ID})
	return f.taskOf("wuhao", v.ID, "review")
}

func fieldErrs(t *testing.T, err error) map[string]string {
	t.Helper()
	var fes govflow.FieldErrors
	if !errors.As(err, &fes) {
		t.Fatalf("want field errors, got %v", err)
	}
	out := map[string]string{}
	for _, e := range fes {
		out[e.Field] = e.Message
	}
	return out
}

// TestOrgFields: unit and person fields name what the organisation has. An unknown unit or person is refused
// with a field error and nothing is written; a unit id is taken for its unit, which the work then goes to.
func TestOrgFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, opsProcess())
		ctx := context.Background()
		review := f.toReview("关于核查承办处室的函")
		form := map[string]any{"review_result": "符合规定", "doc_nature": "办件", "need_instruction": false,
			"undertaker": "nonexist", "readers": []any{"nobody", "wangjianguo"}, "need_reply": false}
		events := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1`, review.Instance)
		_, err := f.svc.Do(ctx, actor("wuhao"), engine.Command{Op: engine.OpComplete, Task: review.ID, Form: form}, "")
		got := fieldErrs(t, err)
		if !strings.Contains(got["undertaker"], "没有处室“nonexist”") || !strings.Contains(got["readers"], "没有人员“nobody”") {
			t.Fatalf("unknown unit and person: %v", got)
		}
		if !strings.HasPrefix(got["undertaker"], "承办处室：") {
			t.Fatalf("the message names the field: %q", got["undertaker"])
		}
		if n := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1`, review.Instance); n != events {
			t.Fatalf("a refused form wrote %d events", n-events)
		}
		f.taskOf("wuhao", review.Instance, "review")

		// With a bad value of another kind too, every problem is named, in the form's order.
		form["doc_nature"] = "不知道"
		_, err = f.svc.Do(ctx, actor("wuhao"), engine.Command{Op: engine.OpComplete, Task: review.ID, Form: form}, "")
		var fes govflow.FieldErrors
		errors.As(err, &fes)
		var order []string
		for _, e := range fes {
			order = append(order, e.Field)
		}
		if !slices.Equal(order, []string{"doc_nature", "undertaker", "readers"}) {
			t.Fatalf("problems: %v", err)
		}

		// 暂存 checks what it saves.
		_, err = f.svc.Do(ctx, actor("wuhao"), engine.Command{Op: engine.OpSave, Task: review.ID,
			Form: map[string]any{"readers": []string{"nobody"}}}, "")
		if !strings.Contains(fieldErrs(t, err)["readers"], "没有人员“nobody”") {
			t.Fatalf("save: %v", err)
		}

		// zh1 is 综合一处's id: stored by name, and the 承办 goes to its head, not to the owner unit's.
		form["doc_nature"], form["undertaker"], form["readers"] = "办件", "zh1", []string{"wangjianguo"}
		out := f.do("wuhao", engine.Command{Op: engine.OpComplete, Task: review.ID, Form: form})
		if len(out.Next) != 1 || out.Next[0].Step != "handle" || out.Next[0].Assignee != "huangwei" ||
			slices.Contains(out.Next[0].Flags, engine.FlagOwnerHead) {
			t.Fatalf("the 承办 went to %+v", out.Next)
		}
		v, err := f.svc.Instance(ctx, actor("wuhao"), review.Instance)
		if err != nil {
			t.Fatal(err)
		}
		for _, fv := range v.Values {
			if fv.ID == "undertaker" && fv.Value != "综合一处" {
				t.Fatalf("stored as %v", fv.Value)
			}
		}

		// At the start too.
		_, err = f.svc.Start(ctx, actor("wuhao"), "ops-test", map[string]any{"title": "传阅测试", "readers": []string{"gaoya", "nobody"}}, "", "")
		if !strings.Contains(fieldErrs(t, err)["readers"], "没有人员“nobody”") {
			t.Fatalf("start: %v", err)
		}
		if n := f.count(`SELECT count(*) FROM wf_instances WHERE process = 'ops-test'`); n != 0 {
			t.Fatalf("a refused start made %d instances", n)
		}
	})
}
