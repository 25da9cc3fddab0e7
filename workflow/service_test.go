package workflow_test

import (
	"context"
	"testing"

	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

// TestTenSteps starts the bench process and completes its ten tasks, each by whoever holds it, and checks
// the projection, the log and the replay.
func TestTenSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		v := f.start("wuhao", "bench-approval", map[string]any{"title": "关于十步审批的请示"})
		if v.Title != "关于十步审批的请示" || v.Status != engine.StatusRunning || len(v.Open) != 1 {
			t.Fatalf("started: %+v", v)
		}
		first := v.Open[0]
		if first.Pool == "" || first.Assignee != "" {
			t.Fatalf("the first task should be a pool of 收发员: %+v", first)
		}
		inbox, err := f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{})
		if err != nil || inbox.Total != 1 || inbox.Items[0].ID != first.ID {
			t.Fatalf("sunlei's inbox: %+v, %v", inbox, err)
		}
		out := f.do("sunlei", engine.Command{Op: engine.OpComplete, Task: first.ID, Form: map[string]any{"note": "已登记"}})
		if len(out.Next) != 1 || out.Message == "" {
			t.Fatalf("outcome: %+v", out)
		}
		for i := 2; i <= 10; i++ {
			task := out.Next[0]
			out = f.do(task.Assignee, engine.Command{Op: engine.OpApprove, Task: task.ID, Opinion: "同意"})
		}
		if out.Status != engine.StatusCompleted {
			t.Fatalf("after ten steps: %+v", out)
		}
		if n := f.count(`SELECT count(*) FROM wf_tasks WHERE instance = $1 AND state = 1`, v.ID); n != 10 {
			t.Fatalf("done tasks = %d, want 10", n)
		}
		if n := f.count(`SELECT count(*) FROM wf_tasks WHERE instance = $1 AND state = 0`, v.ID); n != 0 {
			t.Fatalf("open tasks = %d, want 0", n)
		}
		if n := f.count(`SELECT count(*) FROM wf_timers`); n != 0 {
			t.Fatalf("timer jobs left = %d, want 0", n)
		}
		events, err := f.svc.Events(ctx, actor("wuhao"), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		st, err := engine.Replay(events)
		if err != nil || st.Status != engine.StatusCompleted {
			t.Fatalf("replay: %v %+v", err, st)
		}
		done, err := f.svc.Done(ctx, "sunlei", workflow.TaskFilter{})
		if err != nil || done.Total != 1 {
			t.Fatalf("sunlei's 已办: %+v %v", done, err)
		}
		view, err := f.svc.Instance(ctx, actor("wuhao"), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(view.History) < 11 {
			t.Fatalf("history has %d rows: %+v", len(view.History), view.History)
		}
	})
}
