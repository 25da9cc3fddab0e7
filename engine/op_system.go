package engine

// What the service reports back.
//
// fire_timer: a scheduled timer is due. A reminder notifies the holder (once); an escalation marks the task
// overdue and notifies, per the step's `escalate`, the head of the task's unit (default; the 分管领导 when the
// head is the holder), the 分管领导 (overseer), or nobody (none); a wait step's timer moves the token on.
// A timer that was cancelled (its task done, the instance suspended or ended) is refused with ENOTFOUND or
// ECONFLICT and the service drops it.
// action_done: an automatic step's action finished; its values are stored and the flow goes on. With Failed
// the token is held with the reason for an administrator to retry.
// child_ended: a called instance ended with Result and Values; fields both processes declare come back and
// the flow goes on (while suspended: at resume).

import "github.com/govflow/govflow"

func execFireTimer(r *run, _ *Task) {
	var tm *Timer
	for i := range r.st.Timers {
		if r.st.Timers[i].ID == r.cmd.Timer {
			tm = &r.st.Timers[i]
		}
	}
	if tm == nil {
		r.failWith(govflow.Errorf(govflow.ENOTFOUND, "定时任务已取消或已执行"))
		return
	}
	timer := *tm
	switch timer.Kind {
	case TimerWait:
		tok, _ := r.st.Token(timer.Token)
		r.emit(Event{Type: EvFired, Lifecycle: LcComplete, Timer: timer.ID, Token: timer.Token, Step: tok.Step})
		r.onward(timer.Token)
	case TimerRemind:
		t := r.st.Tasks[r.taskIndex(timer.Task)].clone()
		r.emit(Event{Type: EvFired, Timer: timer.ID, Task: t.ID})
		r.emit(Event{Type: EvReminded, Task: t.ID, Step: t.Step, Unit: t.Unit, Persons: t.people(), Due: t.Due})
	case TimerEscalate:
		t := r.st.Tasks[r.taskIndex(timer.Task)].clone()
		to := r.escalateTo(&t)
		r.emit(Event{Type: EvFired, Timer: timer.ID, Task: t.ID})
		r.emit(Event{Type: EvEscalated, Task: t.ID, Step: t.Step, Unit: t.Unit, Persons: to, Due: t.Due})
	}
}

func (r *run) taskIndex(id string) int {
	for i := range r.st.Tasks {
		if r.st.Tasks[i].ID == id {
			return i
		}
	}
	return -1
}

// escalateTo returns who hears of an overdue task.
func (r *run) escalateTo(t *Task) []string {
	d := r.env.Directory
	holder := t.Holder()
	switch t.Escalate {
	case "none":
		return nil
	case "overseer":
		if p, ok := d.Overseer(t.Unit); ok {
			return []string{p.ID}
		}
	}
	if h, ok := d.Head(t.Unit); ok && h.ID != holder && h.ID != t.Assignee {
		return []string{h.ID}
	}
	if p, ok := d.Overseer(t.Unit); ok && p.ID != holder {
		return []string{p.ID}
	}
	return nil
}

func execActionDone(r *run, _ *Task) {
	var a *Action
	for i := range r.st.Actions {
		if r.st.Actions[i].ID == r.cmd.Action {
			a = &r.st.Actions[i]
		}
	}
	if a == nil {
		r.failWith(govflow.Errorf(govflow.ENOTFOUND, "未找到待完成的自动处理"))
		return
	}
	act := *a
	if r.cmd.Failed != "" {
		tok, _ := r.st.Token(act.Token)
		r.emit(Event{Type: EvActionFail, Task: act.ID, Step: act.Step, Token: act.Token, Reason: r.cmd.Failed})
		r.emit(Event{Type: EvHeld, Token: act.Token, Step: act.Step, Frames: tok.Frames,
			Reason: "自动处理失败：" + r.cmd.Failed})
		return
	}
	r.emit(Event{Type: EvActionDone, Lifecycle: LcComplete, Task: act.ID, Step: act.Step, Token: act.Token,
		Changes: r.systemChanges(r.cmd.Values)})
	r.onward(act.Token)
}

// systemChanges takes the values an action or a child reports for the fields this process declares.
func (r *run) systemChanges(in map[string]any) []Change {
	vals := r.c.Def.Normalize(in)
	ids := make([]string, 0, len(vals))
	for _, f := range r.c.Def.Fields {
		if _, ok := vals[f.ID]; ok {
			ids = append(ids, f.ID)
		}
	}
	return r.changes(ids, vals)
}

func execChildEnded(r *run, _ *Task) {
	var c *Call
	for i := range r.st.Calls {
		if r.st.Calls[i].ID == r.cmd.Call && !r.st.Calls[i].Ended {
			c = &r.st.Calls[i]
		}
	}
	if c == nil {
		r.failWith(govflow.Errorf(govflow.ENOTFOUND, "未找到等待中的子流程"))
		return
	}
	call := *c
	r.emit(Event{Type: EvCallEnded, Lifecycle: LcComplete, Task: call.ID, Step: call.Step, Token: call.Token,
		Result: r.cmd.Result, Changes: r.systemChanges(r.cmd.Values)})
	if r.st.Status == StatusRunning {
		r.onward(call.Token)
	}
}
