package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

func autoProcess(id string, fields []process.Field, autos ...string) *process.Definition {
	steps := []process.Step{{ID: "start", Type: process.StepStart, Form: []string{"title", "doc_word", "secrecy"}, Next: []string{"a1"}}}
	for i, a := range autos {
		next := fmt.Sprintf("a%d", i+2)
		if i == len(autos)-1 {
			next = "end"
		}
		steps = append(steps, process.Step{ID: fmt.Sprintf("a%d", i+1), Name: engine.Actions[a], Type: process.StepAuto,
			Action: a, Outputs: []string{"结果"}, Next: []string{next}})
	}
	steps = append(steps, process.Step{ID: "end", Type: process.StepEnd})
	base := []process.Field{
		{ID: "title", Name: "标题", Type: process.FieldText, Required: true},
		{ID: "doc_word", Name: "机关代字", Type: process.FieldChoice, Options: []string{"省政办发", "省政办函"}, Default: "省政办发"},
		{ID: "doc_number", Name: "发文字号", Type: process.FieldText},
		{ID: "archive_no", Name: "档号", Type: process.FieldText},
		{ID: "secrecy", Name: "密级", Type: process.FieldSecrecy, Default: "非密"},
		{ID: "attendees", Name: "参会人员", Type: process.FieldPersons},
	}
	return &process.Definition{ID: id, Name: "自动处理测试", Category: "公文运转", Owner: "秘书处", Version: 1,
		Purpose: "测试系统动作。", Fields: append(base, fields...), Steps: steps}
}

// TestActions: 编发文字号, 归档, 发布公开 and 发送通知 are carried out in the command's transaction; numbers
// have no gaps and no duplicates under concurrency.
func TestActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		def := autoProcess("auto-test", nil, "assign_doc_number", "archive", "publish", "notify")
		def.Steps[0].Form = append(def.Steps[0].Form, "attendees")
		f := newFixture(t, db, def)
		ctx := context.Background()
		v := f.start("wuhao", "auto-test", map[string]any{"title": "关于开展安全检查的通知", "attendees": []string{"gaoya"}})
		if v.Status != engine.StatusCompleted {
			t.Fatalf("the automatic steps should finish the instance: %+v", v)
		}
		values := map[string]string{}
		for _, fv := range v.Values {
			values[fv.ID] = fv.Display
		}
		if values["doc_number"] != "省政办发〔2026〕1号" || values["archive_no"] != "Z001-WS·2026-D30-MSC-0001" {
			t.Fatalf("numbers: %v", values)
		}
		if n := f.count(`SELECT count(*) FROM wf_disclosures WHERE instance = $1 AND doc_number = '省政办发〔2026〕1号'`, v.ID); n != 1 {
			t.Fatalf("disclosures: %d", n)
		}
		if n := f.count(`SELECT count(*) FROM wf_notifications WHERE kind = 'notice' AND person_id IN ('wuhao', 'gaoya')`); n != 2 {
			t.Fatalf("notices: %d", n)
		}
		// Twenty at once: numbers 2–21, each once.
		var fns []func() error
		for i := range 20 {
			fns = append(fns, func() error {
				_, err := f.svc.Start(ctx, actor("wuhao"), "auto-test", map[string]any{"title": fmt.Sprintf("通知%d", i)}, "", "")
				return err
			})
		}
		for _, err := range race(fns...) {
			if err != nil {
				t.Fatal(err)
			}
		}
		var seqs []int
		err := db.Read(ctx, func(tx store.Tx) error {
			rows, err := tx.Query(ctx, `SELECT seq FROM wf_doc_numbers WHERE agency_code = '省政办发' AND year = 2026 ORDER BY seq`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var n int
				rows.Scan(&n)
				seqs = append(seqs, n)
			}
			return rows.Err()
		})
		if err != nil || len(seqs) != 21 || seqs[0] != 1 || seqs[20] != 21 {
			t.Fatalf("document numbers: %v %v", seqs, err)
		}
		if n := f.count(`SELECT count(*) FROM wf_archive WHERE item BETWEEN 1 AND 21`); n != 21 {
			t.Fatalf("archive items: %d", n)
		}
	})
}

// TestActionsHeld: an action that cannot be carried out holds the token with its reason for an
// administrator; so does an action govflow does not provide yet.
func TestActionsHeld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, autoProcess("publish-test", nil, "publish"), autoProcess("seal-test", nil, "apply_seal"))
		ctx := context.Background()
		_, err := f.svc.Start(ctx, actor("wuhao"), "publish-test", map[string]any{"title": "内部情况通报", "secrecy": "机密"}, "", "")
		if govflow.ErrorCode(err) != govflow.EINVALID || !strings.Contains(err.Error(), "涉密等级") {
			t.Fatalf("a 秘密 clerk cannot start a 机密 matter: %v", err)
		}
		v := f.start("zhaomin", "publish-test", map[string]any{"title": "内部情况通报", "secrecy": "机密"})
		if v.Status != engine.StatusRunning || f.count(`SELECT count(*) FROM wf_disclosures`) != 0 {
			t.Fatalf("a classified instance must not be published: %+v", v)
		}
		var held string
		for _, h := range v.History {
			if h.Action == "自动处理失败" {
				held = h.Opinion
			}
		}
		if !strings.Contains(held, "涉密") {
			t.Fatalf("the history should say why: %q", held)
		}
		w := f.start("wuhao", "seal-test", map[string]any{"title": "需盖章的文件"})
		events, _ := f.svc.Events(ctx, actor("wuhao"), w.ID)
		st, _ := engine.Replay(events)
		if len(st.Tokens) != 1 || !strings.Contains(st.Tokens[0].Held, "加盖电子印章") {
			t.Fatalf("an action not provided holds the token with a reason: %+v", st.Tokens)
		}
		out := f.do("pengfei", engine.Command{Op: engine.OpRetry, Instance: w.ID, Token: st.Tokens[0].ID})
		if out.Status != engine.StatusRunning {
			t.Fatalf("retry: %+v", out)
		}
		f.refused("wuhao", engine.Command{Op: engine.OpRetry, Instance: w.ID, Token: st.Tokens[0].ID}, govflow.EFORBIDDEN)
	})
}

func childProcess(required bool) *process.Definition {
	return &process.Definition{ID: "child-test", Name: "子流程测试", Category: "公文运转", Owner: "秘书处", Version: 1,
		Purpose: "被调用的子流程。", Fields: []process.Field{
			{ID: "title", Name: "标题", Type: process.FieldText, Required: true},
			{ID: "copies", Name: "份数", Type: process.FieldNumber, Required: required},
			{ID: "printed", Name: "印制完成", Type: process.FieldBool}},
		Steps: []process.Step{
			{ID: "start", Type: process.StepStart, Form: []string{"title", "copies"}, Next: []string{"print"}},
			{ID: "print", Name: "印制", Type: process.StepTask, Limit: "当天", Form: []string{"printed"},
				Who: []process.Assignee{{Unit: "秘书处", Post: "文印员"}}, Next: []string{"end"}},
			{ID: "end", Type: process.StepEnd, Result: "已印制"},
		}}
}

func parentProcess() *process.Definition {
	return &process.Definition{ID: "parent-test", Name: "父流程测试", Category: "公文运转", Owner: "秘书处", Version: 1,
		Purpose: "调用子流程。", Fields: []process.Field{
			{ID: "title", Name: "标题", Type: process.FieldText, Required: true},
			{ID: "doc_word", Name: "机关代字", Type: process.FieldText, Default: "省政办发"},
			{ID: "doc_number", Name: "发文字号", Type: process.FieldText},
			{ID: "printed", Name: "印制完成", Type: process.FieldBool}},
		Steps: []process.Step{
			{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: []string{"number"}},
			{ID: "number", Name: "编号", Type: process.StepAuto, Action: "assign_doc_number", Next: []string{"print"}},
			{ID: "print", Name: "印制", Type: process.StepCall, Process: "child-test", Limit: "1个工作日", Next: []string{"issue"}},
			{ID: "issue", Name: "核发", Type: process.StepTask, Limit: "当天", Who: []process.Assignee{{Unit: "秘书处", Post: "收发员"}},
				Next: []string{"end"}},
			{ID: "end", Type: process.StepEnd},
		}}
}

// TestChildProcess: a call step starts the child in the same transaction; the child's end moves the parent
// on in the transaction that ends it, with the values both declare.
func TestChildProcess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, parentProcess(), childProcess(false))
		ctx := context.Background()
		v := f.start("wuhao", "parent-test", map[string]any{"title": "关于印制的通知"})
		child := v.ID + "-c" // the call's id extends the parent's
		var childID string
		err := db.Read(ctx, func(tx store.Tx) error {
			return tx.QueryRow(ctx, `SELECT id FROM wf_instances WHERE parent = $1`, v.ID).Scan(&childID)
		})
		if err != nil || !strings.HasPrefix(childID, child) {
			t.Fatalf("child instance: %q %v", childID, err)
		}
		print := f.taskOf("wuhao", childID, "print")
		f.do("fengtao", engine.Command{Op: engine.OpComplete, Task: print.ID, Form: map[string]any{"printed": true}})
		issue := f.taskOf("wuhao", v.ID, "issue")
		if issue.Pool == "" {
			t.Fatalf("the parent should be at 核发: %+v", issue)
		}
		pv, err := f.svc.Instance(ctx, actor("wuhao"), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]any{}
		for _, x := range pv.Values {
			got[x.ID] = x.Value
		}
		if got["printed"] != true {
			t.Fatalf("the child's values come back: %v", got)
		}
		started, _ := f.svc.Started(ctx, "wuhao", workflow.TaskFilter{})
		if started.Total != 1 {
			t.Fatalf("我发起的 lists the parent only: %+v", started)
		}
	})
}

// TestFailedCommandLeavesNothing: a command that fails after it has written (the document counter advanced,
// then the child process cannot start) leaves no trace, alone or inside a batch of good commands.
func TestFailedCommandLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		bad := parentProcess()
		bad.ID, bad.Steps[2].Process = "parent-bad", "child-test"
		f := newFixture(t, db, bad, childProcess(true), autoProcess("auto-test", nil, "assign_doc_number"))
		ctx := context.Background()
		_, err := f.svc.Start(ctx, actor("wuhao"), "parent-bad", map[string]any{"title": "无法印制"}, "", "")
		if err == nil || !strings.Contains(err.Error(), "无法启动子流程《子流程测试》") {
			t.Fatalf("want the child's refusal: %v", err)
		}
		for _, q := range []string{`SELECT count(*) FROM wf_instances`, `SELECT count(*) FROM wf_events`,
			`SELECT count(*) FROM wf_tasks`, `SELECT count(*) FROM wf_doc_counters`, `SELECT count(*) FROM wf_doc_numbers`,
			`SELECT count(*) FROM wf_timers`, `SELECT count(*) FROM audit_log WHERE action LIKE 'workflow.%'`} {
			if n := f.count(q); n != 0 {
				t.Fatalf("%s = %d after a failed command", q, n)
			}
		}
		var fns []func() error
		for i := range 12 {
			process, title := "auto-test", fmt.Sprintf("好%d", i)
			if i%4 == 3 {
				process = "parent-bad"
			}
			fns = append(fns, func() error {
				_, err := f.svc.Start(ctx, actor("wuhao"), process, map[string]any{"title": title}, "", "")
				if process == "parent-bad" && err == nil {
					return fmt.Errorf("a bad command succeeded")
				}
				if process == "parent-bad" {
					return nil
				}
				return err
			})
		}
		for _, err := range race(fns...) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := f.count(`SELECT count(*) FROM wf_instances`); n != 9 {
			t.Fatalf("instances: %d, want the 9 good ones", n)
		}
		if n := f.count(`SELECT max(seq) FROM wf_doc_numbers`); n != 9 {
			t.Fatalf("document numbers run to %d, want 9 without gaps", n)
		}
		if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'workflow.start'`); n != 9 {
			t.Fatalf("audit records: %d", n)
		}
	})
}
