package engine

// The instance as a whole.
//
// 挂起 (suspend): an administrator, or a holder of an open task (e.g. waiting for a citizen's 补正), with a
// reason; not while an automatic step's action is being performed. While suspended nothing moves: every command but 恢复, 终止 and 查看 is refused, timers are cancelled,
// a child that ends is recorded and the flow goes on at resume.
// 恢复 (resume): an administrator or whoever suspended it. Every open task's due and reminder instants and
// every wait step's instant (not a wait until a date field) are extended by the working time the instance
// was suspended (Env.Deadlines.Extend), and their timers are scheduled again.
// 终止 (terminate): an administrator or the initiator, with a reason; every task (reading and copies too),
// timer and child instance is cancelled and the instance ends as 已终止. The service may terminate a child
// instance (no actor) when its parent's call is cancelled.
//
// 调度 (move): an administrator moves a token to any step, with a reason (required): its tasks are cancelled
// and it enters the step without skip_if and require (an override, recorded with who did it and why). Moving
// out of a parallel branch's block cancels that split's other branches, as a return does.
// 重试 (retry): an administrator lets a held token (a failed precondition or action, nobody to assign) try
// its step again.

import (
	"cmp"
	"slices"
	"time"
)

func allowSuspend(r *run, _ *Task) error {
	if len(r.st.Actions) > 0 {
		return conflict("自动处理进行中，请稍后再挂起")
	}
	if r.isAdmin() || slices.ContainsFunc(r.st.Tasks, func(t Task) bool {
		return t.Blocking() && t.Assignee == r.actor.ID && t.DelegatedBy == ""
	}) {
		return nil
	}
	return forbid("只有管理员或当前办理人可以挂起流程")
}

func execSuspend(r *run, _ *Task) {
	if err := needText(r.cmd.Reason, "挂起原因"); err != nil {
		r.failWith(err)
		return
	}
	r.emit(Event{Type: EvSuspended, Lifecycle: LcSuspend, Actor: r.actor.ID, Reason: r.cmd.Reason})
}

func allowResume(r *run, _ *Task) error {
	if r.st.Status != StatusSuspended {
		return invalid("流程未挂起")
	}
	if !r.isAdmin() && r.st.Suspension.By != r.actor.ID {
		return forbid("只有管理员或挂起人可以恢复流程")
	}
	return nil
}

func execResume(r *run, _ *Task) {
	from := r.st.Suspension.At
	r.emit(Event{Type: EvResumed, Lifecycle: LcResume, Actor: r.actor.ID, Opinion: r.cmd.Opinion})
	shift := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return r.env.Deadlines.Extend(t, from, r.now)
	}
	for _, t := range slices.Clone(r.st.Tasks) {
		if t.Blocking() && !(t.Due.IsZero() && t.Remind.IsZero()) {
			r.emit(Event{Type: EvRescheduled, Task: t.ID, Step: t.Step, Unit: t.Unit, Due: shift(t.Due),
				Remind: shift(t.Remind)})
		}
	}
	for _, t := range slices.Clone(r.st.Tokens) {
		if !t.WaitUntil.IsZero() {
			until := t.WaitUntil
			if !t.WaitFixed {
				until = shift(until)
			}
			r.emit(Event{Type: EvWaitShifted, Token: t.ID, Step: t.Step, Until: until})
		}
	}
	for _, c := range slices.Clone(r.st.Calls) {
		if c.Ended {
			r.emit(Event{Type: EvCallEnded, Task: c.ID, Step: c.Step, Token: c.Token, Reason: "流程恢复后继续"})
			r.onward(c.Token)
		}
	}
}

// onward moves a token on along its step's next.
func (r *run) onward(tok string) {
	t, ok := r.st.Token(tok)
	if !ok {
		return
	}
	s, _ := r.c.Step(t.Step)
	r.enter(tok, t.Frames, s.Next[0], entry{from: s.ID})
}

func allowTerminate(r *run, _ *Task) error {
	if r.cmd.Actor == "" || r.isAdmin() || r.actor.ID == r.st.Initiator {
		return nil
	}
	return forbid("只有管理员或发起人可以终止流程")
}

func execTerminate(r *run, _ *Task) {
	if r.cmd.Actor != "" {
		if err := needText(r.cmd.Reason, "终止原因"); err != nil {
			r.failWith(err)
			return
		}
	}
	for _, t := range slices.Clone(r.st.Tasks) {
		r.emit(Event{Type: EvCancelled, Lifecycle: LcAbort, Task: t.ID, Step: t.Step, Unit: t.Unit, Token: t.Token,
			Reason: "流程已终止"})
	}
	r.emit(Event{Type: EvTerminated, Lifecycle: LcCaseAbort, Actor: r.actor.ID, Reason: cmp.Or(r.cmd.Reason, "上级流程已结束")})
}

func allowMove(r *run, _ *Task) error {
	if !r.isAdmin() {
		return forbid("只有系统管理员或流程管理员可以调度")
	}
	if len(r.st.Tokens) == 0 {
		return invalid("没有可以调度的流转分支")
	}
	return nil
}

func execMove(r *run, _ *Task) {
	tok, ok := r.moveToken()
	if !ok {
		return
	}
	if _, ok := r.c.Step(r.cmd.Target); !ok {
		r.failWith(invalid("请选择要调度到的环节"))
		return
	}
	if err := needText(r.cmd.Reason, "调度理由"); err != nil {
		r.failWith(err)
		return
	}
	frames := tok.Frames
	r.cancelTasksOf(tok.ID, "", "管理员调度")
	r.enter(tok.ID, frames, r.cmd.Target, entry{from: tok.Step, how: viaMove, reason: r.cmd.Reason, by: r.actor.ID})
}

// moveToken finds the token a move or retry acts on: Command.Token, or the token of Command.Task.
func (r *run) moveToken() (Token, bool) {
	id := r.cmd.Token
	if t, ok := r.st.Task(r.cmd.Task); ok && id == "" {
		id = t.Token
	}
	tok, ok := r.st.Token(id)
	if !ok {
		r.failWith(invalid("请选择要调度的流转分支"))
		return Token{}, false
	}
	return *tok, true
}

func allowRetry(r *run, _ *Task) error {
	if !r.isAdmin() {
		return forbid("只有系统管理员或流程管理员可以重试")
	}
	if !slices.ContainsFunc(r.st.Tokens, func(t Token) bool { return t.Held != "" }) {
		return invalid("没有受阻的流转分支")
	}
	return nil
}

func execRetry(r *run, _ *Task) {
	tok, ok := r.moveToken()
	if !ok {
		return
	}
	if tok.Held == "" {
		r.failWith(invalid("该流转分支没有受阻"))
		return
	}
	r.enter(tok.ID, tok.Frames, tok.Step, entry{reason: "重试", by: r.actor.ID})
}
