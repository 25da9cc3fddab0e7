package workflow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

// Check replays every instance: untouched rows agree with their logs; a state, an event or a task row
// changed behind the service's back names its instance.
func TestCheckFindsWhatDisagreesWithTheLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		a := f.start("wuhao", "bench-approval", map[string]any{"title": "甲"})
		f.do("sunlei", engine.Command{Op: engine.OpComplete, Task: a.Open[0].ID, Form: map[string]any{"note": "已登记"}})
		b := f.start("wuhao", "bench-approval", map[string]any{"title": "乙"})
		c := f.start("wuhao", "bench-approval", map[string]any{"title": "丙"})
		res, err := workflow.Check(ctx, db, 0)
		if err != nil || res.Instances != 3 || len(res.Problems) != 0 {
			t.Fatalf("untouched: %+v %v", res, err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if err := db.Write(ctx, func(tx store.Tx) error { _, err := tx.Exec(ctx, q, args...); return err }); err != nil {
				t.Fatal(err)
			}
		}
		exec(`UPDATE wf_instances SET state = replace(state, '"甲"', '"丁"') WHERE id = $1`, a.ID)
		exec(`DELETE FROM wf_events WHERE instance = $1 AND seq = 2`, b.ID)
		exec(`DELETE FROM wf_tasks WHERE instance = $1`, c.ID)
		res, err = workflow.Check(ctx, db, 0)
		if err != nil || len(res.Problems) != 3 {
			t.Fatalf("after tampering: %+v %v", res, err)
		}
		want := map[string]string{a.ID: "重放的结果不同", b.ID: "事件记录", c.ID: "待办列表与状态不符"}
		for _, p := range res.Problems {
			if !strings.Contains(p.Problem, want[p.Instance]) {
				t.Errorf("%s: %q, want it to say %q", p.Instance, p.Problem, want[p.Instance])
			}
		}
	})
}
