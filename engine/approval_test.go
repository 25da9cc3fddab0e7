package engine

import (
	"slices"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// review: draft, a countersign of three (tianye, dongqian of 法规处's 法规审核员, then its head xiefeng),
// then sign-off; 不同意 goes back to draft unless reject is "".
func review(mode string, ratio float64, reject string) *process.Definition {
	return testDef(
		process.Step{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: next("draft")},
		process.Step{ID: "draft", Name: "起草", Type: process.StepTask, Who: who("秘书处", "文秘"), Next: next("sign")},
		process.Step{ID: "sign", Name: "会签", Type: process.StepApproval, Mode: mode, Ratio: ratio, Reject: reject,
			Who:   []process.Assignee{{Unit: "法规处", Post: "法规审核员"}, {Unit: "法规处", Role: process.RoleUnitHead}},
			Limit: "2个工作日", Form: []string{"note"}, Next: next("issue")},
		process.Step{ID: "issue", Name: "签发", Type: process.StepApproval, Mode: process.ModeAny, Who: head("办公厅"), Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
}

// toSign starts an instance and completes the draft, so the countersign is open.
func toSign(t *testing.T, def *process.Definition) *harness {
	h := newHarness(t, def).start("wu", nil)
	h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("draft", "wu").ID})
	return h
}

func (h *harness) active(step string) []string {
	var out []string
	for _, t := range h.st.Tasks {
		if t.Step == step && t.Kind == KindApprove {
			out = append(out, t.Assignee)
		}
	}
	slices.Sort(out)
	return out
}

func TestCountersignModes(t *testing.T) {
	type decision struct {
		who, out string
		active   []string // approvers with open tasks afterwards
		at       string   // where the flow is afterwards
	}
	all3 := []string{"dongqian", "tianye", "xiefeng"}
	cases := []struct {
		name  string
		mode  string
		ratio float64
		steps []decision
	}{
		{"all passes when everyone agrees", process.ModeAll, 0, []decision{
			{"tianye", OutAgree, []string{"dongqian", "xiefeng"}, "sign"},
			{"xiefeng", OutAgree, []string{"dongqian"}, "sign"},
			{"dongqian", OutAgree, nil, "issue"}}},
		{"all rejects at the first 不同意", process.ModeAll, 0, []decision{
			{"tianye", OutAgree, []string{"dongqian", "xiefeng"}, "sign"},
			{"dongqian", OutReject, nil, "draft"}}},
		{"any: the first agreement decides", process.ModeAny, 0, []decision{
			{"xiefeng", OutAgree, nil, "issue"}}},
		{"any: the first rejection decides", process.ModeAny, 0, []decision{
			{"dongqian", OutReject, nil, "draft"}}},
		{"ratio 0.6 of 3 needs 2", process.ModeRatio, 0.6, []decision{
			{"tianye", OutAgree, []string{"dongqian", "xiefeng"}, "sign"},
			{"dongqian", OutReject, []string{"xiefeng"}, "sign"},
			{"xiefeng", OutAgree, nil, "issue"}}},
		{"ratio rejects once it cannot be reached", process.ModeRatio, 0.6, []decision{
			{"tianye", OutReject, []string{"dongqian", "xiefeng"}, "sign"},
			{"xiefeng", OutReject, nil, "draft"}}},
		{"ratio passes early", process.ModeRatio, 0.5, []decision{
			{"tianye", OutAgree, []string{"dongqian", "xiefeng"}, "sign"},
			{"xiefeng", OutAgree, nil, "issue"}}},
		{"sequential goes in order", process.ModeSequential, 0, []decision{
			{"tianye", OutAgree, []string{"dongqian"}, "sign"},
			{"dongqian", OutAgree, []string{"xiefeng"}, "sign"},
			{"xiefeng", OutAgree, nil, "issue"}}},
		{"sequential rejects at the first 不同意", process.ModeSequential, 0, []decision{
			{"tianye", OutAgree, []string{"dongqian"}, "sign"},
			{"dongqian", OutReject, nil, "draft"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := toSign(t, review(c.mode, c.ratio, "draft"))
			want := all3
			if c.mode == process.ModeSequential {
				want = []string{"tianye"}
			}
			if got := h.active("sign"); !slices.Equal(got, want) {
				t.Fatalf("first approvers %v, want %v", got, want)
			}
			for _, d := range c.steps {
				op := OpApprove
				if d.out == OutReject {
					op = OpReject
				}
				h.do(Command{Op: op, Actor: d.who, Task: h.task("sign", d.who).ID, Opinion: "意见"})
				if got := h.active("sign"); !slices.Equal(got, d.active) {
					t.Fatalf("after %s %s: active %v, want %v", d.who, d.out, got, d.active)
				}
				if got := h.steps(); !slices.Equal(got, []string{d.at}) {
					t.Fatalf("after %s %s: at %v, want %s", d.who, d.out, got, d.at)
				}
			}
			if c.steps[len(c.steps)-1].at == "draft" {
				back := h.task("draft", "wu")
				if !slices.Contains(back.Flags, FlagReturned) {
					t.Fatalf("rejected work should go back to the drafter, flagged: %+v", back)
				}
			}
		})
	}
}

func TestRejectWithoutTargetEndsAsNotApproved(t *testing.T) {
	h := toSign(t, review(process.ModeAll, 0, ""))
	h.refuse(Command{Op: OpReject, Actor: "tianye", Task: h.task("sign", "tianye").ID}, govflow.EINVALID, "请填写不同意的理由")
	h.do(Command{Op: OpReject, Actor: "tianye", Task: h.task("sign", "tianye").ID, Opinion: "依据不足"})
	if h.st.Status != StatusCompleted || h.st.Result != ResultRejected || len(h.st.Tasks) != 0 || len(h.st.Timers) != 0 {
		t.Fatalf("want 不予通过 with nothing open: %s %q %s", h.st.Status, h.st.Result, h.describe())
	}
	if n := h.last.Notify[len(h.last.Notify)-1]; n.Kind != NoteEnded || n.To[0] != "wu" {
		t.Fatalf("initiator should hear of the end: %+v", n)
	}
}

func TestApprovalRefusals(t *testing.T) {
	h := toSign(t, review(process.ModeAll, 0, "draft"))
	tk := h.task("sign", "tianye")
	h.refuse(Command{Op: OpComplete, Actor: "tianye", Task: tk.ID}, govflow.EINVALID, "同意或不同意")
	h.refuse(Command{Op: OpApprove, Actor: "dongqian", Task: tk.ID}, govflow.EFORBIDDEN, "不是该任务的办理人")
	h.refuse(Command{Op: OpApprove, Actor: "tianye", Task: "I1-t999"}, govflow.ENOTFOUND, "未找到该任务")
	h.do(Command{Op: OpApprove, Actor: "tianye", Task: tk.ID, Form: map[string]any{"note": "无意见"}})
	h.refuse(Command{Op: OpApprove, Actor: "tianye", Task: tk.ID}, govflow.ECONFLICT, "该任务已被处理")
	if h.st.Values["note"] != "无意见" {
		t.Fatalf("form values of an approval are kept: %v", h.st.Values)
	}
}

func TestSkipRepeatedApprover(t *testing.T) {
	def := testDef(
		process.Step{ID: "start", Type: process.StepStart, Next: next("a")},
		process.Step{ID: "a", Name: "处长审核", Type: process.StepApproval, Mode: process.ModeAll, Who: head("秘书处"), Next: next("b")},
		process.Step{ID: "b", Name: "办理", Type: process.StepTask, Who: who("秘书处", "文秘"), Next: next("c")},
		process.Step{ID: "c", Name: "处长复核", Type: process.StepApproval, Mode: process.ModeAll, Who: head("秘书处"), Next: next("end")},
		process.Step{ID: "end", Type: process.StepEnd},
	)
	for _, skip := range []bool{true, false} {
		def.SkipRepeatedApprover = skip
		h := newHarness(t, def).start("wu", nil)
		h.do(Command{Op: OpApprove, Actor: "liuyang", Task: h.task("a", "liuyang").ID})
		h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("b", "wu").ID})
		if skip != (h.st.Status == StatusCompleted) {
			t.Fatalf("skip_repeated_approver=%v: status %s, tasks %s", skip, h.st.Status, h.describe())
		}
		skipped := slices.ContainsFunc(h.events, func(e Event) bool {
			return e.Type == EvSkipped && e.Step == "c" && e.Lifecycle == LcAutoskip && e.Person == "liuyang"
		})
		if skipped != skip {
			t.Fatalf("skip event %v, want %v", skipped, skip)
		}
	}
}

func TestAddSign(t *testing.T) {
	t.Run("sequential before: they decide first, then the adder again", func(t *testing.T) {
		h := toSign(t, review(process.ModeSequential, 0, "draft"))
		h.do(Command{Op: OpAddSign, Actor: "tianye", Task: h.task("sign", "tianye").ID, Persons: []string{"huangwei"}, Before: true})
		if got := h.active("sign"); !slices.Equal(got, []string{"huangwei"}) {
			t.Fatalf("active %v", got)
		}
		h.do(Command{Op: OpApprove, Actor: "huangwei", Task: h.task("sign", "huangwei").ID})
		if got := h.active("sign"); !slices.Equal(got, []string{"tianye"}) {
			t.Fatalf("active %v", got)
		}
	})
	t.Run("sequential after: right after the adder", func(t *testing.T) {
		h := toSign(t, review(process.ModeSequential, 0, "draft"))
		h.do(Command{Op: OpAddSign, Actor: "tianye", Task: h.task("sign", "tianye").ID, Persons: []string{"huangwei"}})
		h.do(Command{Op: OpApprove, Actor: "tianye", Task: h.task("sign", "tianye").ID})
		if got := h.active("sign"); !slices.Equal(got, []string{"huangwei"}) {
			t.Fatalf("active %v", got)
		}
	})
	t.Run("all before: the adder waits", func(t *testing.T) {
		h := toSign(t, review(process.ModeAll, 0, "draft"))
		h.do(Command{Op: OpAddSign, Actor: "xiefeng", Task: h.task("sign", "xiefeng").ID, Persons: []string{"huangwei", "hebin"}, Before: true})
		if got := h.active("sign"); !slices.Equal(got, []string{"dongqian", "hebin", "huangwei", "tianye"}) {
			t.Fatalf("active %v", got)
		}
		for _, p := range []string{"huangwei", "hebin", "tianye", "dongqian"} {
			h.do(Command{Op: OpApprove, Actor: p, Task: h.task("sign", p).ID})
		}
		if got := h.active("sign"); !slices.Equal(got, []string{"xiefeng"}) {
			t.Fatalf("the adder decides last: %v", got)
		}
		h.do(Command{Op: OpApprove, Actor: "xiefeng", Task: h.task("sign", "xiefeng").ID})
		if got := h.steps(); !slices.Equal(got, []string{"issue"}) {
			t.Fatalf("at %v", got)
		}
	})
	t.Run("ratio after: denominator grows, added decide after the adder", func(t *testing.T) {
		h := toSign(t, review(process.ModeRatio, 1, "draft"))
		h.do(Command{Op: OpAddSign, Actor: "tianye", Task: h.task("sign", "tianye").ID, Persons: []string{"huangwei"}})
		if got := h.active("sign"); slices.Contains(got, "huangwei") {
			t.Fatalf("added after: not yet, %v", got)
		}
		h.do(Command{Op: OpApprove, Actor: "tianye", Task: h.task("sign", "tianye").ID})
		if got := h.active("sign"); !slices.Equal(got, []string{"dongqian", "huangwei", "xiefeng"}) {
			t.Fatalf("active %v", got)
		}
	})
	t.Run("refused", func(t *testing.T) {
		h := toSign(t, review(process.ModeAll, 0, "draft"))
		tk := h.task("sign", "tianye")
		h.refuse(Command{Op: OpAddSign, Actor: "tianye", Task: tk.ID}, govflow.EINVALID, "请选择加签人员")
		h.refuse(Command{Op: OpAddSign, Actor: "tianye", Task: tk.ID, Persons: []string{"tianye"}}, govflow.EINVALID, "不能给自己加签")
		h.refuse(Command{Op: OpAddSign, Actor: "tianye", Task: tk.ID, Persons: []string{"xiefeng"}}, govflow.EINVALID, "已是本环节的审批人")
		h.refuse(Command{Op: OpAddSign, Actor: "tianye", Task: tk.ID, Persons: []string{"ghost"}}, govflow.ENOTFOUND, "未找到人员")
		h.refuse(Command{Op: OpAddSign, Actor: "sun", Task: tk.ID, Persons: []string{"hebin"}}, govflow.EFORBIDDEN, "不是该任务的办理人")
		h2 := toSign(t, review(process.ModeAny, 0, "draft"))
		h2.refuse(Command{Op: OpAddSign, Actor: "tianye", Task: h2.task("sign", "tianye").ID, Persons: []string{"hebin"}},
			govflow.EINVALID, "或签环节")
		h3 := newHarness(t, receiving()).start("wu", nil)
		h3.refuse(Command{Op: OpAddSign, Actor: "sun", Task: h3.task("register", "sun").ID, Persons: []string{"hebin"}},
			govflow.EINVALID, "只有审批环节")
	})
}

func TestRemoveSign(t *testing.T) {
	h := toSign(t, review(process.ModeAll, 0, "draft"))
	h.do(Command{Op: OpAddSign, Actor: "tianye", Task: h.task("sign", "tianye").ID, Persons: []string{"huangwei", "hebin"}, Before: true})
	my := h.task("sign", "dongqian")
	h.refuse(Command{Op: OpRemoveSign, Actor: "dongqian", Task: my.ID, Person: "huangwei"}, govflow.EINVALID, "没有可以减去的审批人")
	if got := Removable(h.c, h.st, "admin", my.ID, h.env); len(got) != 5 {
		t.Fatalf("an administrator may remove any undecided approver but none of their own: %v", got)
	}
	h.do(Command{Op: OpApprove, Actor: "hebin", Task: h.task("sign", "hebin").ID})
	tyTask := h.st.Tasks[slices.IndexFunc(h.st.Tasks, func(x Task) bool { return x.Step == "sign" && x.Assignee == "huangwei" })]
	h.refuse(Command{Op: OpRemoveSign, Actor: "admin", Task: tyTask.ID, Person: "hebin"}, govflow.ECONFLICT, "已审批")
	h.refuse(Command{Op: OpRemoveSign, Actor: "admin", Task: tyTask.ID, Person: "sun"}, govflow.ENOTFOUND, "不是本环节的审批人")
	h.do(Command{Op: OpRemoveSign, Actor: "admin", Task: tyTask.ID, Person: "huangwei"})
	// tianye waited for huangwei and hebin; with huangwei removed and hebin agreed, tianye's turn comes back.
	if got := h.active("sign"); !slices.Equal(got, []string{"dongqian", "tianye", "xiefeng"}) {
		t.Fatalf("active %v", got)
	}
	for _, p := range []string{"dongqian", "xiefeng"} {
		h.do(Command{Op: OpRemoveSign, Actor: "admin", Task: h.task("sign", p).ID, Person: p})
	}
	h.refuse(Command{Op: OpRemoveSign, Actor: "admin", Task: h.task("sign", "tianye").ID, Person: "tianye"},
		govflow.EINVALID, "最后一位")
}

func TestRemoveSignFromTaskParkedByAddBefore(t *testing.T) {
	t.Run("all: the adder removes whom they added until their turn comes back", func(t *testing.T) {
		h := toSign(t, review(process.ModeAll, 0, "draft"))
		park := h.task("sign", "xiefeng").ID
		h.do(Command{Op: OpAddSign, Actor: "xiefeng", Task: park, Persons: []string{"huangwei", "hebin"}, Before: true})
		if _, open := h.st.Task(park); open {
			t.Fatal("前加签 withdraws the adder's task")
		}
		if got := Allowed(h.c, h.st, "xiefeng", park, h.now, h.env); !slices.Equal(got, []Op{OpRemoveSign}) {
			t.Fatalf("the adder may 减签 from the parked task: %v", got)
		}
		got := Removable(h.c, h.st, "xiefeng", park, h.env)
		slices.Sort(got)
		if !slices.Equal(got, []string{"hebin", "huangwei"}) {
			t.Fatalf("removable %v", got)
		}
		if got := Allowed(h.c, h.st, "dongqian", park, h.now, h.env); got != nil {
			t.Fatalf("another approver may nothing on it: %v", got)
		}
		h.refuse(Command{Op: OpRemoveSign, Actor: "dongqian", Task: park, Person: "hebin"}, govflow.EFORBIDDEN, "不是该任务的办理人")
		h.refuse(Command{Op: OpRemoveSign, Actor: "xiefeng", Task: park, Person: "tianye"}, govflow.EFORBIDDEN, "只能减去自己加签的人员")
		h.do(Command{Op: OpApprove, Actor: "hebin", Task: h.task("sign", "hebin").ID})
		if got := Removable(h.c, h.st, "xiefeng", park, h.env); !slices.Equal(got, []string{"huangwei"}) {
			t.Fatalf("removable once hebin decided: %v", got)
		}
		h.refuse(Command{Op: OpRemoveSign, Actor: "xiefeng", Task: park, Person: "hebin"}, govflow.ECONFLICT, "已审批")
		h.do(Command{Op: OpRemoveSign, Actor: "xiefeng", Task: park, Person: "huangwei"})
		if got := h.active("sign"); !slices.Equal(got, []string{"dongqian", "tianye", "xiefeng"}) {
			t.Fatalf("the adder's turn comes back: %v", got)
		}
		if h.task("sign", "xiefeng").ID == park {
			t.Fatal("the adder gets a new task")
		}
		if got := Allowed(h.c, h.st, "xiefeng", park, h.now, h.env); got != nil {
			t.Fatalf("the parked task is done with: %v", got)
		}
		h.refuse(Command{Op: OpRemoveSign, Actor: "xiefeng", Task: park, Person: "tianye"}, govflow.ECONFLICT, "该任务已被处理")
	})
	t.Run("sequential: removing the one added before gives the adder the turn again", func(t *testing.T) {
		h := toSign(t, review(process.ModeSequential, 0, "draft"))
		park := h.task("sign", "tianye").ID
		h.do(Command{Op: OpAddSign, Actor: "tianye", Task: park, Persons: []string{"huangwei"}, Before: true})
		if got := Allowed(h.c, h.st, "admin", park, h.now, h.env); !slices.Equal(got, []Op{OpRemoveSign}) {
			t.Fatalf("an administrator too: %v", got)
		}
		h.do(Command{Op: OpRemoveSign, Actor: "tianye", Task: park, Person: "huangwei"})
		if got := h.active("sign"); !slices.Equal(got, []string{"tianye"}) {
			t.Fatalf("active %v", got)
		}
	})
	t.Run("not once those added have all decided", func(t *testing.T) {
		h := toSign(t, review(process.ModeAll, 0, "draft"))
		park := h.task("sign", "xiefeng").ID
		h.do(Command{Op: OpAddSign, Actor: "xiefeng", Task: park, Persons: []string{"hebin"}, Before: true})
		h.do(Command{Op: OpApprove, Actor: "hebin", Task: h.task("sign", "hebin").ID})
		h.refuse(Command{Op: OpRemoveSign, Actor: "xiefeng", Task: park, Person: "hebin"}, govflow.ECONFLICT, "该任务已被处理")
	})
}
