package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// receiving is a small 收文办理: register (a pool of two), the head's review (skipped for 一般), the
// undertaking unit's head, then circulation to leaders and the end.
func receiving() *process.Definition {
	return testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title", "importance"}, Next: next("register")},
		process.Step{ID: "register", Name: "登记", Type: process.StepTask, Who: who("秘书处", "收发员"), Limit: "1个工作日",
			Form: []string{"note", "unit", "readers"}, Next: next("review")},
		process.Step{ID: "review", Name: "处长审核", Type: process.StepApproval, Mode: process.ModeAny, Who: head("秘书处"),
			Limit: "2个工作日", SkipIf: `importance == "一般"`, Reject: "register", Next: next("handle")},
		process.Step{ID: "handle", Name: "承办", Type: process.StepTask,
			Who: []process.Assignee{{UnitField: "unit", Role: process.RoleUnitHead}}, Limit: "3个工作日", Next: next("read")},
		process.Step{ID: "read", Name: "传阅", Type: process.StepCirculation, Who: []process.Assignee{{PersonField: "readers"}},
			Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd, Result: "办结"},
	)
}

func TestSequentialFlowWithPoolSkipAndUnitField(t *testing.T) {
	h := newHarness(t, receiving()).start("wu", nil)
	reg := h.task("register", "sun")
	if reg.Assignee != "" || len(reg.Candidates) != 2 || reg.Pool != "秘书处·收发员" {
		t.Fatalf("register should be a pool of two: %+v", reg)
	}
	if !reg.Due.Equal(t0.Add(24*time.Hour)) || !reg.Remind.Equal(t0.Add(20*time.Hour)) {
		t.Fatalf("due %v remind %v", reg.Due, reg.Remind)
	}
	if len(h.st.Timers) != 2 {
		t.Fatalf("want remind and escalate timers, got %+v", h.st.Timers)
	}
	h.do(Command{Op: OpClaim, Actor: "zhou", Task: reg.ID})
	h.refuse(Command{Op: OpComplete, Actor: "sun", Task: reg.ID}, govflow.ECONFLICT, "已被他人认领")
	h.refuse(Command{Op: OpComplete, Actor: "zhou", Task: reg.ID, Form: map[string]any{"unit": 12}},
		govflow.EINVALID, "承办处室")
	h.do(Command{Op: OpComplete, Actor: "zhou", Task: reg.ID, Opinion: "已登记",
		Form: map[string]any{"unit": "法规处", "readers": []any{"wang", "li"}}})
	if h.st.Values["unit"] != "法规处" {
		t.Fatalf("values %v", h.st.Values)
	}
	// review skipped (importance 一般 by default), handle goes to 法规处's head.
	hd := h.task("handle", "xiefeng")
	if hd.Unit != "法规处" {
		t.Fatalf("unit %q", hd.Unit)
	}
	if !slices.ContainsFunc(h.events, func(e Event) bool { return e.Type == EvSkipped && e.Step == "review" }) {
		t.Fatal("review should have been skipped")
	}
	h.refuse(Command{Op: OpComplete, Actor: "xiefeng", Task: reg.ID}, govflow.ECONFLICT, "该任务已被处理")
	h.refuse(Command{Op: OpComplete, Actor: "sun", Task: hd.ID}, govflow.EFORBIDDEN, "不是该任务的办理人")
	h.do(Command{Op: OpComplete, Actor: "xiefeng", Task: hd.ID})
	if h.st.Status != StatusCompleted || h.st.Result != "办结" || len(h.st.Tasks) != 2 {
		t.Fatalf("want completed with two reading tasks, got %s %q %s", h.st.Status, h.st.Result, h.describe())
	}
	h.refuse(Command{Op: OpComplete, Actor: "xiefeng", Task: hd.ID}, govflow.ECONFLICT, "该任务已被处理")
	// Reading goes on after the end: nobody blocked the flow, and each leader still reads it once.
	rd := h.task("read", "wang")
	h.do(Command{Op: OpOpen, Actor: "wang", Task: rd.ID})
	h.do(Command{Op: OpComplete, Actor: "wang", Task: rd.ID, Opinion: "阅"})
	h.refuse(Command{Op: OpCopy, Actor: "sun", Persons: []string{"wu"}}, govflow.EFORBIDDEN, "只有")
	if len(h.st.Tasks) != 1 || h.st.Tasks[0].Assignee != "li" {
		t.Fatalf("tasks %s", h.describe())
	}
}

func TestStartValidatesFormAndRequire(t *testing.T) {
	def := receiving()
	def.Steps[1].Require = []process.Precondition{{Check: `title != "草稿"`, Message: "标题为“草稿”的文件一律不予登记"}}
	h := newHarness(t, def)
	h.refuse(Command{Op: OpStart, Actor: "wu", Instance: "I1", Form: map[string]any{}}, govflow.EINVALID, "必填")
	h.refuse(Command{Op: OpStart, Actor: "wu", Instance: "I1", Form: map[string]any{"title": "x", "importance": "紧急"}},
		govflow.EINVALID, "应为以下选项之一")
	h.refuse(Command{Op: OpStart, Actor: "stranger", Instance: "I1", Form: map[string]any{"title": "x"}},
		govflow.ENOTFOUND, "未找到人员")
	h.refuse(Command{Op: OpStart, Actor: "wu", Instance: "I1", Form: map[string]any{"title": "草稿"}},
		govflow.EINVALID, "一律不予登记")
	h.start("wu", map[string]any{"title": "正式", "importance": "重要"})
	if h.st.Values["importance"] != "重要" || h.st.Initiator != "wu" || h.st.InitiatorUnit != "秘书处" {
		t.Fatalf("state %+v", h.st)
	}
	h.refuse(Command{Op: OpStart, Actor: "wu", Instance: "I1", Form: map[string]any{"title": "x"}},
		govflow.ECONFLICT, "不能重复发起")
}

func TestRequireRefusesTheCommandThatWouldEnter(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: next("prepare")},
		process.Step{ID: "prepare", Name: "准备材料", Type: process.StepTask, Who: who("秘书处", "文秘"), Form: []string{"flag"}, Next: next("meet")},
		process.Step{ID: "meet", Name: "上会", Type: process.StepTask, Who: head("办公厅"), Next: next("end"),
			Require: []process.Precondition{{Check: "flag", Message: "议题材料不全的，一律不上会"}}},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	h := newHarness(t, def).start("wu", nil)
	p := h.task("prepare", "wu")
	h.refuse(Command{Op: OpComplete, Actor: "wu", Task: p.ID}, govflow.EINVALID, "议题材料不全的，一律不上会")
	h.do(Command{Op: OpComplete, Actor: "wu", Task: p.ID, Form: map[string]any{"flag": "是"}})
	h.task("meet", "wang")
}

func TestUnresolvedAssigneeGoesToHeadFlagged(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Next: next("a")},
		process.Step{ID: "a", Type: process.StepTask, Who: who("秘书处", "档案员"), Next: next("b")},
		process.Step{ID: "b", Type: process.StepTask, Who: who("空处", "处长"), Next: next("c")},
		process.Step{ID: "c", Type: process.StepTask, Who: []process.Assignee{{PersonField: "readers"}}, Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	h := newHarness(t, def).start("wu", nil)
	a := h.task("a", "liuyang")
	if !slices.Contains(a.Flags, FlagUnresolved) {
		t.Fatalf("flags %v", a.Flags)
	}
	h.do(Command{Op: OpComplete, Actor: "liuyang", Task: a.ID})
	b := h.task("b", "liuyang")
	if !slices.Contains(b.Flags, FlagOwnerHead) {
		t.Fatalf("空处 has no head: want the owner unit's head, flagged; got %+v", b)
	}
	h.do(Command{Op: OpComplete, Actor: "liuyang", Task: b.ID})
	c := h.task("c", "liuyang")
	if !slices.Contains(c.Flags, FlagOwnerHead) {
		t.Fatalf("empty person field: want owner head, got %+v", c)
	}
}

func TestNobodyAtAllHoldsTheTokenForServiceCommands(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Next: next("w")},
		process.Step{ID: "w", Type: process.StepWait, Wait: "1天", Next: next("a")},
		process.Step{ID: "a", Type: process.StepTask, Who: who("空处", "处长"), Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	def.Owner = "空处"
	h := newHarness(t, def).start("wu", nil)
	if len(h.st.Timers) != 1 || h.st.Timers[0].Kind != TimerWait || !h.st.Timers[0].At.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("timers %+v", h.st.Timers)
	}
	h.now = t0.Add(25 * time.Hour)
	h.do(Command{Op: OpFireTimer, Timer: h.st.Timers[0].ID})
	if len(h.st.Tokens) != 1 || !strings.Contains(h.st.Tokens[0].Held, "无法确定") {
		t.Fatalf("want a held token, got %+v", h.st.Tokens)
	}
	if h.st.Status != StatusRunning {
		t.Fatal("held is not finished")
	}
	h.refuse(Command{Op: OpRetry, Actor: "wu", Token: h.st.Tokens[0].ID}, govflow.EFORBIDDEN, "管理员")
	h.do(Command{Op: OpMove, Actor: "admin", Token: h.st.Tokens[0].ID, Target: "end", Reason: "无人办理，直接办结"})
	if h.st.Status != StatusCompleted {
		t.Fatalf("status %s", h.st.Status)
	}
}
