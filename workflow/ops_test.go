package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

// TestOperations runs every person's operation through the service once where it is allowed and once where
// it is refused; a refusal changes nothing (the instance's seq stays).
func TestOperations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, opsProcess())
		ctx := context.Background()
		v := f.start("wuhao", "ops-test", map[string]any{"title": "关于办理测试的请示", "readers": []string{"gaoya", "hebin"}})
		id := v.ID
		seq := func() int { return f.count(`SELECT seq FROM wf_instances WHERE id = $1`, id) }
		refuse := func(by string, cmd engine.Command, code string) {
			t.Helper()
			before := seq()
			f.refused(by, cmd, code)
			if after := seq(); after != before {
				t.Fatalf("refused %s changed the instance: seq %d → %d", cmd.Op, before, after)
			}
		}
		draft := f.taskOf("wuhao", id, "draft")

		// 查看: a candidate of the pool; not someone outside it.
		f.do("sunlei", engine.Command{Op: engine.OpOpen, Task: draft.ID})
		refuse("hebin", engine.Command{Op: engine.OpOpen, Task: draft.ID}, govflow.EFORBIDDEN)
		// 认领: the first candidate; the second is refused.
		f.do("sunlei", engine.Command{Op: engine.OpClaim, Task: draft.ID})
		refuse("zhoujing", engine.Command{Op: engine.OpClaim, Task: draft.ID}, govflow.ECONFLICT)
		// 放弃认领: only the claimer.
		refuse("zhoujing", engine.Command{Op: engine.OpRelease, Task: draft.ID}, govflow.EINVALID)
		f.do("sunlei", engine.Command{Op: engine.OpRelease, Task: draft.ID})
		// 暂存: checks only what is given.
		f.do("zhoujing", engine.Command{Op: engine.OpSave, Task: draft.ID, Form: map[string]any{"amount": "12.5"}})
		err := f.refused("zhoujing", engine.Command{Op: engine.OpSave, Task: draft.ID, Form: map[string]any{"amount": "一百"}}, govflow.EINVALID)
		var fes govflow.FieldErrors
		if !errors.As(err, &fes) || fes[0].Field != "amount" {
			t.Fatalf("a bad form value should be a field error on amount: %#v", err)
		}
		// 办理: every required field of the step; every problem listed.
		err = f.refused("zhoujing", engine.Command{Op: engine.OpComplete, Task: draft.ID, Form: map[string]any{"amount": "-1"}}, govflow.EINVALID)
		if !errors.As(err, &fes) || len(fes) != 2 {
			t.Fatalf("want two field errors (note required, amount ≥ 0): %#v", err)
		}
		out := f.do("zhoujing", engine.Command{Op: engine.OpComplete, Task: draft.ID, Opinion: "拟同意",
			Form: map[string]any{"note": "请综合一处会签"}})
		if !strings.Contains(out.Message, "已提交至 黄伟") {
			t.Fatalf("outcome message: %q", out.Message)
		}
		// 撤回: while the next step is untouched; not by someone else.
		refuse("sunlei", engine.Command{Op: engine.OpWithdraw, Task: draft.ID}, govflow.EFORBIDDEN)
		f.do("zhoujing", engine.Command{Op: engine.OpWithdraw, Task: draft.ID})
		draft = f.taskOf("wuhao", id, "draft")
		f.do("zhoujing", engine.Command{Op: engine.OpComplete, Task: draft.ID, Form: map[string]any{"note": "请会签"}})
		review := f.taskOf("wuhao", id, "review")
		f.do("huangwei", engine.Command{Op: engine.OpOpen, Task: review.ID})
		refuse("zhoujing", engine.Command{Op: engine.OpWithdraw, Task: draft.ID}, govflow.ECONFLICT)

		// 加签 (mode all) and 减签.
		refuse("huangwei", engine.Command{Op: engine.OpAddSign, Task: review.ID, Persons: []string{"huangwei"}}, govflow.EINVALID)
		f.do("huangwei", engine.Command{Op: engine.OpAddSign, Task: review.ID, Persons: []string{"machao"}})
		refuse("zhoujing", engine.Command{Op: engine.OpRemoveSign, Task: review.ID, Person: "machao"}, govflow.EFORBIDDEN)
		f.do("huangwei", engine.Command{Op: engine.OpRemoveSign, Task: review.ID, Person: "machao"})
		// 转办 and 委派.
		refuse("huangwei", engine.Command{Op: engine.OpTransfer, Task: review.ID, Person: "huangwei"}, govflow.EINVALID)
		f.do("huangwei", engine.Command{Op: engine.OpDelegate, Task: review.ID, Person: "linxiao", Opinion: "请代为审核"})
		refuse("linxiao", engine.Command{Op: engine.OpDelegate, Task: review.ID, Person: "hebin"}, govflow.EINVALID)
		f.do("linxiao", engine.Command{Op: engine.OpComplete, Task: review.ID, Opinion: "已核，可以"})
		f.do("huangwei", engine.Command{Op: engine.OpTransfer, Task: review.ID, Person: "linxiao", Opinion: "请林晓审核"})
		// 不同意 needs an opinion; 退回 needs one too.
		refuse("linxiao", engine.Command{Op: engine.OpReject, Task: review.ID}, govflow.EINVALID)
		refuse("linxiao", engine.Command{Op: engine.OpReturn, Task: review.ID, Target: "draft"}, govflow.EINVALID)
		f.do("linxiao", engine.Command{Op: engine.OpReturn, Task: review.ID, Target: "draft", Opinion: "请补充金额"})
		draft = f.taskOf("wuhao", id, "draft")
		if draft.Assignee != "zhoujing" {
			t.Fatalf("a return goes to whoever did the step: %+v", draft)
		}
		f.do("zhoujing", engine.Command{Op: engine.OpComplete, Task: draft.ID, Form: map[string]any{"amount": 300}})
		review = f.taskOf("wuhao", id, "review")

		// 催办: not one's own task; the initiator may.
		refuse("huangwei", engine.Command{Op: engine.OpUrge, Task: review.ID}, govflow.EINVALID)
		f.do("wuhao", engine.Command{Op: engine.OpUrge, Task: review.ID, Reason: "请今天办理"})
		// 抄送: once per person.
		f.do("wuhao", engine.Command{Op: engine.OpCopy, Instance: id, Persons: []string{"liuyang"}, Opinion: "请知悉"})
		refuse("wuhao", engine.Command{Op: engine.OpCopy, Instance: id, Persons: []string{"liuyang"}}, govflow.EINVALID)
		// 挂起 / 恢复: an administrator (or the holder), and whoever suspended.
		refuse("hebin", engine.Command{Op: engine.OpSuspend, Instance: id, Reason: "等待材料"}, govflow.EFORBIDDEN)
		f.do("pengfei", engine.Command{Op: engine.OpSuspend, Instance: id, Reason: "等待材料"})
		refuse("huangwei", engine.Command{Op: engine.OpApprove, Task: review.ID}, govflow.ECONFLICT)
		refuse("wuhao", engine.Command{Op: engine.OpResume, Instance: id}, govflow.EFORBIDDEN)
		f.do("pengfei", engine.Command{Op: engine.OpResume, Instance: id})
		// 改派 and 调度: administrators only.
		refuse("wuhao", engine.Command{Op: engine.OpReassign, Task: review.ID, Person: "machao", Reason: "调整"}, govflow.EFORBIDDEN)
		f.do("pengfei", engine.Command{Op: engine.OpReassign, Task: review.ID, Person: "linxiao", Reason: "黄伟出差"})
		review = f.taskOf("wuhao", id, "review")
		f.do("linxiao", engine.Command{Op: engine.OpApprove, Task: review.ID, Opinion: "同意"})
		if n := f.count(`SELECT count(*) FROM wf_tasks WHERE instance = $1 AND kind = 'read' AND state = 0`, id); n != 2 {
			t.Fatalf("circulation should give two reading tasks, got %d", n)
		}
		sign := f.taskOf("wuhao", id, "sign")
		refuse("wuhao", engine.Command{Op: engine.OpMove, Task: sign.ID, Target: "draft", Reason: "重办"}, govflow.EFORBIDDEN)
		f.do("pengfei", engine.Command{Op: engine.OpMove, Task: sign.ID, Target: "review", Reason: "需重新会签"})
		// 重试: only a held token.
		refuse("pengfei", engine.Command{Op: engine.OpRetry, Instance: id, Token: "k1"}, govflow.EINVALID)
		// 终止: the initiator or an administrator, with a reason.
		refuse("hebin", engine.Command{Op: engine.OpTerminate, Instance: id, Reason: "不再需要"}, govflow.EFORBIDDEN)
		out = f.do("wuhao", engine.Command{Op: engine.OpTerminate, Instance: id, Reason: "不再需要"})
		if out.Status != engine.StatusTerminated {
			t.Fatalf("terminate: %+v", out)
		}
		if n := f.count(`SELECT count(*) FROM wf_tasks WHERE instance = $1 AND state = 0`, id); n != 0 {
			t.Fatalf("a terminated instance keeps %d open tasks", n)
		}
		if n := f.count(`SELECT count(*) FROM wf_timers WHERE instance = $1`, id); n != 0 {
			t.Fatalf("a terminated instance keeps %d timers", n)
		}
		// The log replays to the stored state, and every command was audited.
		events, err := f.svc.Events(ctx, actor("wuhao"), id)
		if err != nil {
			t.Fatal(err)
		}
		st, err := engine.Replay(events)
		if err != nil || st.Status != engine.StatusTerminated || st.Seq != int64(seq()) {
			t.Fatalf("replay: %v, %+v", err, st)
		}
		if n := f.count(`SELECT count(*) FROM audit_log WHERE action LIKE 'workflow.%' AND (object = $1 OR object LIKE $2)`,
			"instance:"+id, "task:"+id+"-%"); n < 24 {
			t.Fatalf("audit records of the instance: %d", n)
		}
		view, err := f.svc.Instance(ctx, actor("wuhao"), id)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, h := range view.History {
			actions = append(actions, h.Action)
		}
		for _, want := range []string{"发起", "办理", "撤回", "加签", "减签", "委派", "办毕交回", "转办", "退回", "催办", "抄送", "挂起", "恢复", "同意", "调度", "终止"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("history lacks %s: %v", want, actions)
			}
		}
		_ = workflow.OnTime
	})
}
