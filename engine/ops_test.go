package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// branches: draft, then a parallel split into [a → b] and [c], joined, then final.
func branches() *process.Definition {
	return testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: next("draft")},
		process.Step{ID: "draft", Name: "起草", Type: process.StepTask, Who: who("秘书处", "文秘"), Form: []string{"note"}, Next: next("split")},
		process.Step{ID: "split", Type: process.StepParallel, Next: next("a", "c")},
		process.Step{ID: "a", Name: "法规审核", Type: process.StepTask, Who: head("法规处"), Next: next("b")},
		process.Step{ID: "b", Name: "法规复核", Type: process.StepTask, Who: who("法规处", "法规审核员"), Next: next("join")},
		process.Step{ID: "c", Name: "综合意见", Type: process.StepTask, Who: head("综合一处"), Next: next("join")},
		process.Step{ID: "join", Type: process.StepParallel, Next: next("final")},
		process.Step{ID: "final", Name: "签发", Type: process.StepApproval, Mode: process.ModeAny, Who: head("办公厅"), Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
}

func toBranches(t *testing.T) *harness {
	h := newHarness(t, branches()).start("wu", nil)
	h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("draft", "wu").ID, Form: map[string]any{"note": "初稿"}})
	h.do(Command{Op: OpComplete, Actor: "xiefeng", Task: h.task("a", "xiefeng").ID})
	return h
}

func targetSteps(ts []ReturnTarget) []string {
	var out []string
	for _, x := range ts {
		out = append(out, x.Step)
	}
	return out
}

func TestReturn(t *testing.T) {
	t.Run("targets: same branch and before the split, not the other branch", func(t *testing.T) {
		h := toBranches(t)
		b := h.task("b", "tianye")
		if got := targetSteps(ReturnTargets(h.c, h.st, b.ID)); !slices.Equal(got, []string{"a", "draft", "start"}) {
			t.Fatalf("targets %v", got)
		}
		h.do(Command{Op: OpComplete, Actor: "huangwei", Task: h.task("c", "huangwei").ID})
		h.refuse(Command{Op: OpReturn, Actor: "tianye", Task: b.ID, Target: "c", Opinion: "重办"}, govflow.EINVALID, "不能退回")
		h.refuse(Command{Op: OpReturn, Actor: "tianye", Task: b.ID, Target: "a"}, govflow.EINVALID, "请填写退回理由")
		h.refuse(Command{Op: OpReturn, Actor: "wu", Task: b.ID, Target: "a", Opinion: "x"}, govflow.EFORBIDDEN, "不是该任务的办理人")
	})
	t.Run("within a branch only that branch moves", func(t *testing.T) {
		h := toBranches(t)
		h.do(Command{Op: OpReturn, Actor: "tianye", Task: h.task("b", "tianye").ID, Target: "a", Opinion: "依据不全"})
		back := h.task("a", "xiefeng")
		if !slices.Contains(back.Flags, FlagReturned) || back.Reason != "退回" {
			t.Fatalf("returned task %+v", back)
		}
		if got := h.steps(); !slices.Equal(got, []string{"a", "c"}) {
			t.Fatalf("tokens at %v", got)
		}
	})
	t.Run("before the split cancels every branch", func(t *testing.T) {
		h := toBranches(t)
		h.do(Command{Op: OpComplete, Actor: "huangwei", Task: h.task("c", "huangwei").ID}) // c waits at the join
		h.do(Command{Op: OpReturn, Actor: "tianye", Task: h.task("b", "tianye").ID, Target: "draft", Opinion: "重写"})
		if got := h.steps(); !slices.Equal(got, []string{"draft"}) {
			t.Fatalf("tokens at %v", got)
		}
		if d := h.task("draft", "wu"); !slices.Contains(d.Flags, FlagReturned) {
			t.Fatalf("draft %+v", d)
		}
		if n := h.last.Notify; len(n) != 1 || n[0].Kind != NoteReturned || n[0].To[0] != "wu" {
			t.Fatalf("notifications %+v", n)
		}
		// The flow runs again from the draft; the join fires once for the new activation.
		h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("draft", "wu").ID})
		h.do(Command{Op: OpComplete, Actor: "xiefeng", Task: h.task("a", "xiefeng").ID})
		h.do(Command{Op: OpComplete, Actor: "tianye", Task: h.task("b", "tianye").ID})
		h.do(Command{Op: OpComplete, Actor: "huangwei", Task: h.task("c", "huangwei").ID})
		h.task("final", "wang")
	})
	t.Run("to the start goes to the initiator", func(t *testing.T) {
		h := newHarness(t, receiving()).start("wu", nil)
		reg := h.task("register", "sun")
		h.do(Command{Op: OpReturn, Actor: "sun", Task: reg.ID, Target: "start", Opinion: "来文不全"})
		st := h.task("start", "wu")
		h.do(Command{Op: OpComplete, Actor: "wu", Task: st.ID, Form: map[string]any{"title": "补全后的来文"}})
		if h.st.Values["title"] != "补全后的来文" {
			t.Fatalf("values %v", h.st.Values)
		}
		h.task("register", "zhou")
	})
}

func TestWithdraw(t *testing.T) {
	t.Run("while the next task is untouched", func(t *testing.T) {
		h := newHarness(t, branches()).start("wu", nil)
		d := h.task("draft", "wu")
		h.do(Command{Op: OpComplete, Actor: "wu", Task: d.ID, Form: map[string]any{"note": "初稿"}})
		if got := Allowed(h.c, h.st, "wu", d.ID, h.now, h.env); !slices.Equal(got, []Op{OpWithdraw}) {
			t.Fatalf("allowed on the done task: %v", got)
		}
		h.refuse(Command{Op: OpWithdraw, Actor: "xiefeng", Task: d.ID}, govflow.EFORBIDDEN, "只有办理人本人")
		h.do(Command{Op: OpWithdraw, Actor: "wu", Task: d.ID})
		again := h.task("draft", "wu")
		if again.ID == d.ID || again.Reason != "撤回" || len(h.st.Tasks) != 1 || h.st.Values["note"] != nil {
			t.Fatalf("after withdraw: %s values %v", h.describe(), h.st.Values)
		}
		withdrawn := 0
		for _, e := range h.last.Events {
			if e.Type == EvWithdrawn && e.Lifecycle == LcWithdraw {
				withdrawn++
			}
		}
		if withdrawn != 2 {
			t.Fatalf("both branch tasks should be withdrawn, got %d", withdrawn)
		}
	})
	t.Run("refused once the next step is opened", func(t *testing.T) {
		h := newHarness(t, receiving()).start("wu", nil)
		reg := h.task("register", "sun")
		h.do(Command{Op: OpComplete, Actor: "sun", Task: reg.ID, Form: map[string]any{"unit": "法规处"}})
		h.do(Command{Op: OpOpen, Actor: "xiefeng", Task: h.task("handle", "xiefeng").ID})
		h.refuse(Command{Op: OpWithdraw, Actor: "sun", Task: reg.ID}, govflow.ECONFLICT, "后续环节已开始办理")
		h.refuse(Command{Op: OpWithdraw, Actor: "sun", Task: "I1-t77777"}, govflow.ENOTFOUND, "未找到")
	})
	t.Run("a countersign decision that did not decide the step", func(t *testing.T) {
		h := toSign(t, review(process.ModeSequential, 0, "draft"))
		tk := h.task("sign", "tianye")
		h.do(Command{Op: OpApprove, Actor: "tianye", Task: tk.ID})
		h.do(Command{Op: OpWithdraw, Actor: "tianye", Task: tk.ID})
		if got := h.active("sign"); !slices.Equal(got, []string{"tianye"}) {
			t.Fatalf("active %v", got)
		}
	})
	t.Run("a decision that ended the instance cannot be withdrawn", func(t *testing.T) {
		h := toSign(t, review(process.ModeAny, 0, ""))
		tk := h.task("sign", "tianye")
		h.do(Command{Op: OpReject, Actor: "tianye", Task: tk.ID, Opinion: "不同意"})
		h.refuse(Command{Op: OpWithdraw, Actor: "tianye", Task: tk.ID}, govflow.ECONFLICT, "流程已结束")
	})
}

func TestTransferAndDelegate(t *testing.T) {
	h := toSign(t, review(process.ModeAll, 0, "draft"))
	tk := h.task("sign", "tianye")
	h.refuse(Command{Op: OpTransfer, Actor: "tianye", Task: tk.ID, Person: "tianye"}, govflow.EINVALID, "已由此人办理")
	h.refuse(Command{Op: OpTransfer, Actor: "tianye", Task: tk.ID, Person: "xiefeng"}, govflow.EINVALID, "已是本环节的审批人")
	h.refuse(Command{Op: OpTransfer, Actor: "tianye", Task: tk.ID}, govflow.EINVALID, "请选择人员")
	h.do(Command{Op: OpTransfer, Actor: "tianye", Task: tk.ID, Person: "hebin", Opinion: "请何斌办理"})
	h.refuse(Command{Op: OpApprove, Actor: "tianye", Task: tk.ID}, govflow.EFORBIDDEN, "不是该任务的办理人")
	if n := h.last.Notify; len(n) != 1 || n[0].To[0] != "hebin" {
		t.Fatalf("notify %+v", n)
	}
	if sg := h.st.SignOf(tk.ID); !slices.ContainsFunc(sg.Signers, func(g Signer) bool { return g.Person == "hebin" }) {
		t.Fatalf("the countersign should list hebin: %+v", sg)
	}

	d := h.task("sign", "dongqian")
	h.do(Command{Op: OpDelegate, Actor: "dongqian", Task: d.ID, Person: "gaoya"})
	h.refuse(Command{Op: OpApprove, Actor: "gaoya", Task: d.ID}, govflow.EINVALID, "委派给您的任务")
	h.refuse(Command{Op: OpDelegate, Actor: "gaoya", Task: d.ID, Person: "hebin"}, govflow.EINVALID, "委派给您的任务")
	if got := Allowed(h.c, h.st, "gaoya", d.ID, h.now, h.env); !slices.Equal(got, []Op{OpComplete, OpCopy, OpOpen}) {
		t.Fatalf("a delegate may only hand back: %v", got)
	}
	h.do(Command{Op: OpComplete, Actor: "gaoya", Task: d.ID, Opinion: "经核，无意见"})
	back, _ := h.st.Task(d.ID)
	if back.Assignee != "dongqian" || back.DelegatedBy != "" {
		t.Fatalf("the task should be back with the delegator: %+v", back)
	}
	h.do(Command{Op: OpApprove, Actor: "dongqian", Task: d.ID})
}

func TestClaimReleaseAndSave(t *testing.T) {
	h := newHarness(t, receiving()).start("wu", nil)
	reg := h.task("register", "sun")
	h.refuse(Command{Op: OpRelease, Actor: "sun", Task: reg.ID}, govflow.EINVALID, "只有认领了")
	h.refuse(Command{Op: OpClaim, Actor: "wu", Task: reg.ID}, govflow.EFORBIDDEN, "不是该任务的办理人")
	h.do(Command{Op: OpClaim, Actor: "sun", Task: reg.ID})
	h.refuse(Command{Op: OpClaim, Actor: "sun", Task: reg.ID}, govflow.EINVALID, "已认领")
	h.refuse(Command{Op: OpClaim, Actor: "zhou", Task: reg.ID}, govflow.ECONFLICT, "已被他人认领")
	h.do(Command{Op: OpSave, Actor: "sun", Task: reg.ID, Form: map[string]any{"note": "待核"}})
	h.refuse(Command{Op: OpSave, Actor: "sun", Task: reg.ID, Form: map[string]any{"unit": []any{"法规处", "秘书处"}}},
		govflow.EINVALID, "承办处室")
	h.do(Command{Op: OpRelease, Actor: "sun", Task: reg.ID})
	if task, _ := h.st.Task(reg.ID); task.Assignee != "" || h.st.Values["note"] != "待核" {
		t.Fatalf("released %+v values %v", task, h.st.Values)
	}
	h.do(Command{Op: OpComplete, Actor: "zhou", Task: reg.ID}) // completing claims it
	if !slices.ContainsFunc(h.events, func(e Event) bool { return e.Type == EvClaimed && e.Actor == "zhou" }) {
		t.Fatal("completing a pool task should claim it")
	}
}

func TestCopyAndUrge(t *testing.T) {
	h := newHarness(t, receiving()).start("wu", nil)
	reg := h.task("register", "sun")
	h.do(Command{Op: OpCopy, Actor: "wu", Task: reg.ID, Persons: []string{"wang", "li"}, Opinion: "请知悉"})
	h.refuse(Command{Op: OpCopy, Actor: "wu", Persons: []string{"wang"}}, govflow.EINVALID, "均已抄送过")
	h.refuse(Command{Op: OpCopy, Actor: "wu"}, govflow.EINVALID, "请选择抄送人员")
	h.refuse(Command{Op: OpCopy, Actor: "hebin", Persons: []string{"gaoya"}}, govflow.EFORBIDDEN, "只有")
	cc := h.task("register", "wang")
	if cc.Kind != KindCopy || cc.By != "wu" {
		t.Fatalf("copy %+v", cc)
	}
	h.refuse(Command{Op: OpComplete, Actor: "wang", Task: cc.ID}, govflow.EINVALID, "抄送只需查看")
	h.do(Command{Op: OpOpen, Actor: "wang", Task: cc.ID})
	if _, open := h.st.Task(cc.ID); open {
		t.Fatal("a copy is done once read")
	}
	opened := h.last.Events[0]
	if opened.Type != EvOpened || opened.Actor != "wang" || !opened.Time.Equal(t0) {
		t.Fatalf("read receipt %+v", opened)
	}

	h.refuse(Command{Op: OpUrge, Actor: "sun", Task: reg.ID}, govflow.EINVALID, "不能催办自己的任务")
	h.refuse(Command{Op: OpUrge, Actor: "hebin", Task: reg.ID}, govflow.EFORBIDDEN, "只有")
	h.do(Command{Op: OpUrge, Actor: "wu", Task: reg.ID, Reason: "请今日登记"})
	if n := h.last.Notify; len(n) != 1 || n[0].Kind != NoteUrge || !slices.Equal(n[0].To, []string{"sun", "zhou"}) {
		t.Fatalf("urge notification %+v", n)
	}
	h.now = h.now.Add(30 * time.Minute)
	h.refuse(Command{Op: OpUrge, Actor: "wu", Task: reg.ID}, govflow.ECONFLICT, "一小时内")
	h.do(Command{Op: OpUrge, Actor: "tanghui", Task: reg.ID})
	h.now = h.now.Add(time.Hour)
	h.do(Command{Op: OpUrge, Actor: "wu", Task: reg.ID})
	if task, _ := h.st.Task(reg.ID); len(task.Urges) != 3 || task.Urges[0].Message != "请今日登记" {
		t.Fatalf("urges %+v", task.Urges)
	}
}

func TestActingSubstitute(t *testing.T) {
	h := newHarness(t, receiving())
	h.now = t0.AddDate(0, 0, 12) // xiefeng is away; tianye acts for him
	h.start("wu", nil)
	reg := h.task("register", "sun")
	h.do(Command{Op: OpComplete, Actor: "sun", Task: reg.ID, Form: map[string]any{"unit": "法规处"}})
	hd := h.task("handle", "tianye")
	if hd.OnBehalfOf != "xiefeng" || !slices.Contains(hd.Flags, FlagActing) {
		t.Fatalf("task %+v", hd)
	}
	h.do(Command{Op: OpComplete, Actor: "tianye", Task: hd.ID, Opinion: "代为办理"})
	done := h.last.Events[0]
	if done.Actor != "tianye" || done.OnBehalfOf != "xiefeng" {
		t.Fatalf("both names recorded: %+v", done)
	}
	if p := h.st.Trail[len(h.st.Trail)-1]; p.Person != "xiefeng" || p.Actor != "tianye" {
		t.Fatalf("trail %+v", p)
	}
}

func TestDelegateHandBackIsNotActing(t *testing.T) {
	h := newHarness(t, receiving())
	h.now = t0.AddDate(0, 0, 12) // xiefeng is away; tianye acts for him
	h.start("wu", nil)
	h.do(Command{Op: OpComplete, Actor: "sun", Task: h.task("register", "sun").ID, Form: map[string]any{"unit": "法规处"}})
	hd := h.task("handle", "tianye")
	h.do(Command{Op: OpDelegate, Actor: "tianye", Task: hd.ID, Person: "gaoya", Opinion: "请代为起草"})
	if e := h.last.Events[0]; e.Actor != "tianye" || e.OnBehalfOf != "xiefeng" {
		t.Fatalf("the delegation is done by the acting person for xiefeng: %+v", e)
	}
	h.do(Command{Op: OpOpen, Actor: "gaoya", Task: hd.ID})
	if e := h.last.Events[0]; e.Actor != "gaoya" || e.OnBehalfOf != "" || e.DelegatedBy != "tianye" {
		t.Fatalf("the delegate opens it for nobody: %+v", e)
	}
	h.do(Command{Op: OpComplete, Actor: "gaoya", Task: hd.ID, Opinion: "已起草"})
	back := h.last.Events[0]
	if back.Type != EvResolved || back.Actor != "gaoya" || back.OnBehalfOf != "" || back.DelegatedBy != "tianye" ||
		back.Person != "tianye" {
		t.Fatalf("handing back is the delegate's own action, not 代理: %+v", back)
	}
	if task, _ := h.st.Task(hd.ID); task.Assignee != "tianye" || task.OnBehalfOf != "xiefeng" || task.DelegatedBy != "" {
		t.Fatalf("back with the acting person: %+v", task)
	}
	h.do(Command{Op: OpComplete, Actor: "tianye", Task: hd.ID, Opinion: "同意"})
	if done := h.last.Events[0]; done.Actor != "tianye" || done.OnBehalfOf != "xiefeng" || done.DelegatedBy != "" {
		t.Fatalf("代理 is recorded as before: %+v", done)
	}
}

func TestUnnamedStartAndEndStepsAreNamed(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title", "flag"}, Next: next("register")},
		process.Step{ID: "register", Name: "登记", Type: process.StepTask, Who: who("秘书处", "文秘"), Next: next("x")},
		process.Step{ID: "x", Type: process.StepExclusive, Branches: []process.Branch{{When: "flag", Next: "refuse"}}, Default: "end"},
		process.Step{ID: "refuse", Type: process.StepEnd, Result: "不予受理"},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	h := newHarness(t, def).start("wu", nil)
	if def.Steps[0].Name != "" || def.Steps[4].Name != "" {
		t.Fatalf("the definition given is not changed: %+v", def.Steps)
	}
	for id, want := range map[string]string{"start": "发起", "end": "办结", "refuse": "办结（不予受理）", "x": "x"} {
		if got := h.c.StepName(id); got != want {
			t.Errorf("step %s is called %q, want %q", id, got, want)
		}
	}
	if h.c.Def.Start().Name != "发起" {
		t.Errorf("the compiled definition names the start step: %+v", h.c.Def.Start())
	}
	reg := h.task("register", "wu")
	if ts := ReturnTargets(h.c, h.st, reg.ID); len(ts) != 1 || ts[0].Step != "start" || ts[0].StepName != "发起" {
		t.Fatalf("return targets %+v", ts)
	}
	h.do(Command{Op: OpReturn, Actor: "wu", Task: reg.ID, Target: "start", Opinion: "补全"})
	if st := h.task("start", "wu"); st.StepName != "发起" {
		t.Fatalf("the task at the start step is called %q", st.StepName)
	}
	named := testDef(
		process.Step{ID: "start", Name: "拟稿", Type: process.StepStart, Next: next("end")},
		process.Step{ID: "end", Name: "归档", Type: process.StepEnd},
	)
	c, err := Compile(named)
	if err != nil {
		t.Fatal(err)
	}
	if c.StepName("start") != "拟稿" || c.StepName("end") != "归档" {
		t.Fatalf("names given are kept: %q %q", c.StepName("start"), c.StepName("end"))
	}
}

func TestSuspendAndResume(t *testing.T) {
	h := newHarness(t, receiving()).start("wu", nil)
	reg := h.task("register", "sun")
	due := reg.Due
	h.refuse(Command{Op: OpSuspend, Actor: "sun", Reason: "x"}, govflow.EFORBIDDEN, "只有") // a pool candidate
	h.do(Command{Op: OpClaim, Actor: "sun", Task: reg.ID})
	h.refuse(Command{Op: OpSuspend, Actor: "admin"}, govflow.EINVALID, "请填写挂起原因")
	h.refuse(Command{Op: OpResume, Actor: "admin"}, govflow.EINVALID, "流程未挂起")
	h.now = t0.Add(2 * time.Hour)
	h.do(Command{Op: OpSuspend, Actor: "sun", Reason: "等待来文单位补正"})
	if len(h.st.Timers) != 0 || len(h.last.Cancel) != 2 {
		t.Fatalf("timers should be cancelled: %+v / %+v", h.st.Timers, h.last.Cancel)
	}
	h.refuse(Command{Op: OpComplete, Actor: "sun", Task: reg.ID}, govflow.ECONFLICT, "流程已挂起")
	h.refuse(Command{Op: OpUrge, Actor: "wu", Task: reg.ID}, govflow.ECONFLICT, "流程已挂起")
	h.do(Command{Op: OpOpen, Actor: "sun", Task: reg.ID})
	h.now = t0.Add(50 * time.Hour)
	h.refuse(Command{Op: OpResume, Actor: "zhou"}, govflow.EFORBIDDEN, "只有管理员或挂起人")
	h.do(Command{Op: OpResume, Actor: "sun"})
	task, _ := h.st.Task(reg.ID)
	if want := due.Add(48 * time.Hour); !task.Due.Equal(want) {
		t.Fatalf("due %v, want %v (extended by the pause)", task.Due, want)
	}
	if len(h.last.Schedule) != 2 {
		t.Fatalf("timers rescheduled: %+v", h.last.Schedule)
	}
}

func TestTerminate(t *testing.T) {
	def := receiving()
	def.Steps[1].Next = next("child")
	def.Steps = append(def.Steps, process.Step{ID: "child", Type: process.StepCall, Process: "dubai", Next: next("review")})
	h := newHarness(t, def).start("wu", nil)
	h.do(Command{Op: OpComplete, Actor: "sun", Task: h.task("register", "sun").ID})
	if len(h.last.Start) != 1 || h.last.Start[0].Process != "dubai" || h.last.Start[0].Initiator != "wu" {
		t.Fatalf("child start %+v", h.last.Start)
	}
	child := h.last.Start[0].Instance
	h.do(Command{Op: OpCopy, Actor: "wu", Persons: []string{"li"}})
	h.refuse(Command{Op: OpTerminate, Actor: "sun"}, govflow.EFORBIDDEN, "只有管理员或发起人")
	h.refuse(Command{Op: OpTerminate, Actor: "wu"}, govflow.EINVALID, "请填写终止原因")
	h.do(Command{Op: OpTerminate, Actor: "wu", Reason: "来文单位已撤回"})
	if h.st.Status != StatusTerminated || h.st.Result != ResultTerminated || len(h.st.Tasks)+len(h.st.Calls) != 0 {
		t.Fatalf("terminated: %+v", h.st)
	}
	if !slices.Equal(h.last.Stop, []string{child}) {
		t.Fatalf("child should be stopped: %v", h.last.Stop)
	}
	h.refuse(Command{Op: OpResume, Actor: "admin"}, govflow.ECONFLICT, "流程已终止")
}

func TestAdminMoveAndReassign(t *testing.T) {
	h := toBranches(t)
	b := h.task("b", "tianye")
	h.refuse(Command{Op: OpReassign, Actor: "xiefeng", Task: b.ID, Person: "dongqian"}, govflow.EFORBIDDEN, "管理员")
	h.refuse(Command{Op: OpReassign, Actor: "admin", Task: b.ID, Person: "dongqian"}, govflow.EINVALID, "请填写改派理由")
	h.refuse(Command{Op: OpReassign, Actor: "admin", Task: b.ID, Person: "dongqian", Reason: "  "}, govflow.EINVALID, "请填写改派理由")
	h.do(Command{Op: OpReassign, Actor: "admin", Task: b.ID, Person: "dongqian", Reason: "田野出差"})
	if task, _ := h.st.Task(b.ID); task.Assignee != "dongqian" || len(task.Candidates) != 0 {
		t.Fatalf("reassigned %+v", task)
	}
	if e := h.last.Events[0]; e.Type != EvTransferred || e.Reason != "田野出差" {
		t.Fatalf("the reassignment is recorded with why: %+v", e)
	}
	h.refuse(Command{Op: OpMove, Actor: "huangwei", Token: b.Token, Target: "final"}, govflow.EFORBIDDEN, "管理员")
	h.refuse(Command{Op: OpMove, Actor: "admin", Token: "k999", Target: "final"}, govflow.EINVALID, "请选择要调度的流转分支")
	h.refuse(Command{Op: OpMove, Actor: "admin", Task: b.ID, Target: "final"}, govflow.EINVALID, "请填写调度理由")
	h.refuse(Command{Op: OpMove, Actor: "admin", Task: b.ID, Target: "final", Reason: " "}, govflow.EINVALID, "请填写调度理由")
	// Moving the branch token past the join leaves the block: the other branch is cancelled.
	h.do(Command{Op: OpMove, Actor: "admin", Task: b.ID, Target: "final", Reason: "领导要求直接签发"})
	if got := h.steps(); !slices.Equal(got, []string{"final"}) {
		t.Fatalf("tokens %v", got)
	}
	moved := slices.IndexFunc(h.last.Events, func(e Event) bool { return e.Type == EvEntered && e.Step == "final" })
	if moved < 0 || h.last.Events[moved].Actor != "admin" || h.last.Events[moved].Reason != "领导要求直接签发" {
		t.Fatalf("the move is recorded with who and why: %+v", h.last.Events)
	}
}

func TestTimers(t *testing.T) {
	def := receiving()
	def.Steps[1].Escalate = "overseer"
	h := newHarness(t, def).start("wu", nil)
	reg := h.task("register", "sun")
	var remind, esc Timer
	for _, tm := range h.st.Timers {
		if tm.Kind == TimerRemind {
			remind = tm
		} else {
			esc = tm
		}
	}
	h.now = remind.At
	h.do(Command{Op: OpFireTimer, Timer: remind.ID})
	if n := h.last.Notify; len(n) != 1 || n[0].Kind != NoteRemind || len(n[0].To) != 2 {
		t.Fatalf("remind %+v", n)
	}
	h.refuse(Command{Op: OpFireTimer, Timer: remind.ID}, govflow.ENOTFOUND, "已取消或已执行")
	h.now = esc.At
	h.do(Command{Op: OpFireTimer, Timer: esc.ID})
	task, _ := h.st.Task(reg.ID)
	if !task.Escalated || !slices.Contains(task.Flags, FlagEscalated) {
		t.Fatalf("escalated %+v", task)
	}
	if n := h.last.Notify; len(n) != 1 || n[0].Kind != NoteEscalate || n[0].To[0] != "wang" {
		t.Fatalf("escalation to the overseer: %+v", n)
	}
	h.do(Command{Op: OpComplete, Actor: "sun", Task: reg.ID, Form: map[string]any{"unit": "综合一处"}})
	hd := h.task("handle", "huangwei")
	for _, tm := range h.st.Timers {
		if tm.Kind == TimerEscalate && tm.Task == hd.ID {
			h.now = tm.At
			h.do(Command{Op: OpFireTimer, Timer: tm.ID})
		}
	}
	if n := h.last.Notify; len(n) != 1 || n[0].To[0] != "wang" {
		t.Fatalf("the head's own task goes up to the overseer: %+v", n)
	}
}

func TestWaitUntilFieldAndDueUnknown(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title", "meeting"}, Next: next("w")},
		process.Step{ID: "w", Type: process.StepWait, UntilField: "meeting", Next: next("a")},
		process.Step{ID: "a", Type: process.StepTask, Who: who("秘书处", "文秘"), Limit: "800天", Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	h := newHarness(t, def).start("wu", map[string]any{"title": "x", "meeting": "2026-03-05"})
	tm := h.st.Timers[0]
	if want := time.Date(2026, 3, 5, 0, 0, 0, 0, t0.Location()); !tm.At.Equal(want) || tm.Kind != TimerWait {
		t.Fatalf("wait timer %+v", tm)
	}
	h.refuse(Command{Op: OpFireTimer, Timer: "I1-m99w"}, govflow.ENOTFOUND, "定时任务")
	h.now = tm.At
	h.do(Command{Op: OpFireTimer, Timer: tm.ID})
	if a := h.task("a", "wu"); !slices.Contains(a.Flags, FlagDueUnknown) {
		t.Fatalf("a due date in a year without a holiday arrangement is flagged: %+v", a)
	}
}

func TestAutoStepAndCall(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: next("number")},
		process.Step{ID: "number", Name: "编号", Type: process.StepAuto, Action: "assign_doc_number", Next: next("sub")},
		process.Step{ID: "sub", Name: "督办", Type: process.StepCall, Process: "dubai", Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	h := newHarness(t, def).start("wu", nil)
	if len(h.last.Actions) != 1 || h.last.Actions[0].Name != "assign_doc_number" {
		t.Fatalf("action request %+v", h.last.Actions)
	}
	a := h.last.Actions[0]
	h.refuse(Command{Op: OpSuspend, Actor: "admin", Reason: "x"}, govflow.ECONFLICT, "自动处理进行中")
	h.do(Command{Op: OpActionDone, Action: a.ID, Failed: "文号服务不可用"})
	if tok := h.st.Tokens[0]; !strings.Contains(tok.Held, "文号服务不可用") {
		t.Fatalf("held %+v", tok)
	}
	h.do(Command{Op: OpRetry, Actor: "admin", Token: h.st.Tokens[0].ID})
	a = h.last.Actions[0]
	h.do(Command{Op: OpActionDone, Action: a.ID, Values: map[string]any{"docno": "办发〔2026〕3号", "unknown": 1}})
	if h.st.Values["docno"] != "办发〔2026〕3号" || len(h.last.Start) != 1 {
		t.Fatalf("values %v, start %+v", h.st.Values, h.last.Start)
	}
	call := h.last.Start[0]
	h.do(Command{Op: OpSuspend, Actor: "admin", Reason: "等待"})
	h.do(Command{Op: OpChildEnded, Call: call.Call, Result: "办结", Values: map[string]any{"note": "督办完成"}})
	if h.st.Status != StatusSuspended || h.st.Values["note"] != "督办完成" {
		t.Fatalf("a child's end while suspended is recorded: %s %v", h.st.Status, h.st.Values)
	}
	h.refuse(Command{Op: OpChildEnded, Call: call.Call}, govflow.ENOTFOUND, "子流程")
	h.do(Command{Op: OpResume, Actor: "admin"})
	if h.st.Status != StatusCompleted {
		t.Fatalf("status %s", h.st.Status)
	}
}

func TestChildReportsItsEnd(t *testing.T) {
	h := newHarness(t, testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd, Result: "已督办"},
	))
	h.do(Command{Op: OpStart, Actor: "wu", Instance: "P1-c5", Parent: "P1", ParentCall: "P1-c5", Form: map[string]any{"title": "x"}})
	if e := h.last.Ended; e == nil || e.Parent != "P1" || e.Call != "P1-c5" || e.Result != "已督办" || e.Values["title"] != "x" {
		t.Fatalf("ended %+v", e)
	}
}

func TestJoinWithDeadBranchFiresOnce(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title", "flag"}, Next: next("split")},
		process.Step{ID: "split", Type: process.StepParallel, Next: next("a", "x", "c")},
		process.Step{ID: "a", Type: process.StepTask, Who: who("秘书处", "文秘"), Next: next("join")},
		process.Step{ID: "x", Type: process.StepExclusive, Branches: []process.Branch{{When: "flag", Next: "refuse"}}, Default: "b"},
		process.Step{ID: "refuse", Type: process.StepEnd, Result: "不予受理"},
		process.Step{ID: "b", Type: process.StepTask, Who: head("法规处"), Next: next("join")},
		process.Step{ID: "c", Type: process.StepTask, Who: head("综合一处"), SkipIf: "flag", Next: next("join")},
		process.Step{ID: "join", Type: process.StepParallel, Next: next("final")},
		process.Step{ID: "final", Type: process.StepTask, Who: head("办公厅"), Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	h := newHarness(t, def).start("wu", map[string]any{"title": "x", "flag": true})
	if got := h.steps(); !slices.Equal(got, []string{"a", "join"}) {
		t.Fatalf("one branch died, one was skipped through: %v", got)
	}
	h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("a", "wu").ID})
	h.task("final", "wang")
	fired := 0
	for _, e := range h.events {
		if e.Type == EvJoined {
			fired++
		}
	}
	if fired != 1 {
		t.Fatalf("join fired %d times", fired)
	}
}

func TestAllowedOnTaskPage(t *testing.T) {
	h := newHarness(t, receiving()).start("wu", nil)
	reg := h.task("register", "sun")
	cases := []struct {
		person string
		want   []Op
	}{
		{"sun", []Op{OpClaim, OpComplete, OpReturn, OpSave, OpTransfer, OpDelegate, OpCopy, OpOpen}},
		{"wu", []Op{OpCopy, OpUrge, OpTerminate}},
		{"admin", []Op{OpCopy, OpUrge, OpSuspend, OpTerminate, OpReassign, OpMove}},
		{"hebin", nil},
		{"tanghui", []Op{OpUrge}},
	}
	for _, c := range cases {
		if got := Allowed(h.c, h.st, c.person, reg.ID, h.now, h.env); !slices.Equal(got, c.want) {
			t.Errorf("%s may %v, want %v", c.person, got, c.want)
		}
	}
	if got := Allowed(h.c, h.st, "sun", "I1-t999", h.now, h.env); got != nil {
		t.Errorf("unknown task: %v", got)
	}
}

func TestCompileRefusesWhatCannotRun(t *testing.T) {
	ok := func() []process.Step {
		return []process.Step{
			{ID: "start", Type: process.StepStart, Next: next("a")},
			{ID: "a", Name: "编号", Type: process.StepAuto, Action: "assign_doc_number", Next: next("end")},
			{ID: "end", Type: process.StepEnd},
		}
	}
	if _, err := Compile(testDef(ok()...)); err != nil {
		t.Fatalf("a good definition: %v", err)
	}
	unknownAction := ok()
	unknownAction[1].Action = "make_coffee"
	noEnd := ok()[:2]
	badCond := ok()
	badCond[1].SkipIf = "nosuchfield > 1"
	cases := []struct {
		def *process.Definition
		msg string
	}{
		{nil, "缺少流程定义"},
		{testDef(unknownAction...), "系统动作“make_coffee”不存在"},
		{testDef(noEnd...), "结束环节"},
		{testDef(badCond...), "nosuchfield"},
	}
	for _, c := range cases {
		_, err := Compile(c.def)
		if govflow.ErrorCode(err) != govflow.EINVALID || !strings.Contains(govflow.ErrorMessage(err), c.msg) {
			t.Errorf("want %q, got %v", c.msg, err)
		}
	}
	if len(ActionNames()) != len(Actions) || !slices.IsSorted(ActionNames()) {
		t.Errorf("action names %v", ActionNames())
	}
}
