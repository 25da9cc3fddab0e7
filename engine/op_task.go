package engine

// Starting an instance and working a task.
//
// 发起 (start): anyone the directory knows; the start step's form is validated (required fields, types,
// options); field defaults fill what is not given; the token then runs to the first steps with people.
// A failed `require` on the way refuses the start with the definition's message.
//
// 查看 (open): the assignee, a pool candidate or a reader marks the task opened. The first opening is an
// event (XES start); it ends the previous actor's chance to withdraw, and it is the read receipt of
// 传阅 and 抄送 (a copy is done once read). Allowed while suspended and after the end (reading only).
//
// 认领 / 放弃认领 (claim / release): a pool task belongs to the first candidate who claims it (acting on it
// claims it too); the claimer may give it back to the pool.
//
// 暂存 (save): the holder saves the step's form without finishing; only fields present are checked.
//
// 办理 (complete): the holder finishes a task with an opinion and the step's form (all its required fields,
// counting values already filled in); the flow moves on. A reading task is finished as 已阅 (also after the
// instance ended). A delegated task is handed back to the delegator with the delegate's opinion.

import "github.com/govflow/govflow/process"

func allowStart(r *run, _ *Task) error {
	if r.cmd.Instance == "" {
		return invalid("缺少流程实例编号")
	}
	return nil
}

func execStart(r *run, _ *Task) {
	start := r.c.start
	defaults := map[string]any{}
	for _, f := range r.c.Def.Fields {
		if f.Default != nil {
			defaults[f.ID] = f.Default
		}
	}
	r.st.Values = r.c.Def.Normalize(defaults)
	changes := r.coerce(start.Form, r.cmd.Form, false)
	if r.err != nil {
		return
	}
	var initial []Change
	for _, f := range r.c.Def.Fields {
		if v, ok := r.st.Values[f.ID]; ok {
			initial = append(initial, Change{Field: f.ID, New: v})
		}
	}
	for _, c := range changes {
		initial = setChange(initial, c)
	}
	r.st.Values = process.Values{}
	r.emit(Event{Type: EvStarted, Lifecycle: LcComplete, Step: start.ID, Actor: r.actor.ID, Unit: r.actor.Unit,
		Process: r.c.Def.ID, Version: r.c.Def.Version, Parent: r.cmd.Parent, ParentCall: r.cmd.ParentCall,
		Changes: initial, Opinion: r.cmd.Opinion})
	r.enter(r.localID("k"), nil, start.Next[0], entry{from: start.ID})
}

func setChange(cs []Change, c Change) []Change {
	for i := range cs {
		if cs[i].Field == c.Field {
			cs[i].New = c.New
			return cs
		}
	}
	return append(cs, Change{Field: c.Field, New: c.New})
}

func allowOpen(r *run, t *Task) error { return r.holds(t) }

func execOpen(r *run, t *Task) {
	if !t.Opened.IsZero() {
		return
	}
	lc := LcStart
	if t.Kind == KindCopy {
		lc = ""
	}
	r.emit(Event{Type: EvOpened, Lifecycle: lc, Task: t.ID, Step: t.Step, Unit: t.Unit, Actor: r.actor.ID,
		OnBehalfOf: t.ActingFor(), DelegatedBy: t.DelegatedBy})
}

func allowClaim(r *run, t *Task) error {
	if len(t.Candidates) == 0 {
		return invalid("该任务不是公共任务，无需认领")
	}
	if t.Assignee != "" {
		if t.Assignee == r.actor.ID {
			return invalid("您已认领该任务")
		}
		return conflict("该任务已被他人认领")
	}
	return r.holds(t)
}

func execClaim(r *run, t *Task) {
	var onBehalf string
	for _, c := range t.Candidates {
		if c.Person == r.actor.ID {
			onBehalf = c.OnBehalfOf
		}
	}
	r.emit(Event{Type: EvClaimed, Lifecycle: LcAssign, Task: t.ID, Step: t.Step, Unit: t.Unit, Actor: r.actor.ID,
		OnBehalfOf: onBehalf, Person: r.actor.ID})
}

func allowRelease(r *run, t *Task) error {
	if len(t.Candidates) == 0 || t.Assignee != r.actor.ID {
		return invalid("只有认领了公共任务的人可以放弃认领")
	}
	return r.works(t)
}

func execRelease(r *run, t *Task) {
	r.emit(Event{Type: EvReleased, Lifecycle: LcReassign, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, Opinion: r.cmd.Opinion})
}

func allowSave(r *run, t *Task) error {
	if err := r.works(t); err != nil {
		return err
	}
	if s, _ := r.c.Step(t.Step); s == nil || len(s.Form) == 0 {
		return invalid("本环节没有需要填写的表单")
	}
	return nil
}

func execSave(r *run, t *Task) {
	s, _ := r.c.Step(t.Step)
	changes := r.coerce(s.Form, r.cmd.Form, true)
	if r.err != nil || len(changes) == 0 {
		return
	}
	r.claimIfPool(t)
	r.emit(Event{Type: EvSaved, Task: t.ID, Step: t.Step, Unit: t.Unit, Actor: r.actor.ID,
		OnBehalfOf: t.OnBehalfOf, Changes: changes})
}

func allowComplete(r *run, t *Task) error {
	switch {
	case t.Kind == KindCopy:
		return invalid("抄送只需查看，无需办理")
	case t.DelegatedBy != "":
		return r.holds(t)
	case t.Kind == KindApprove:
		return invalid("审批环节请选择同意或不同意")
	case t.Kind == KindRead:
		return r.holds(t)
	case r.st.Finished():
		return conflict("流程已结束")
	}
	return r.works(t)
}

func execComplete(r *run, t *Task) {
	switch {
	case t.DelegatedBy != "":
		execResolve(r, t)
	case t.Kind == KindRead:
		r.emit(Event{Type: EvDone, Lifecycle: LcComplete, Outcome: OutRead, Task: t.ID, Step: t.Step, Unit: t.Unit,
			Actor: r.actor.ID, OnBehalfOf: t.OnBehalfOf, Opinion: r.cmd.Opinion})
	default:
		execDo(r, t)
	}
}

func execDo(r *run, t *Task) {
	s, _ := r.c.Step(t.Step)
	changes := r.coerce(s.Form, r.cmd.Form, false)
	if r.err != nil {
		return
	}
	t = r.claimIfPool(t)
	cp := r.capture(t)
	frames := r.tokenOf(t).Frames
	r.emit(Event{Type: EvDone, Lifecycle: LcComplete, Outcome: OutDone, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, OnBehalfOf: t.OnBehalfOf, Opinion: r.cmd.Opinion, Changes: changes})
	r.enter(t.Token, frames, s.Next[0], entry{from: s.ID})
	r.saveUndo(cp, changes)
}

// execResolve hands a delegated task back to the delegator: the delegate's own action, so no OnBehalfOf.
func execResolve(r *run, t *Task) {
	var changes []Change
	if s, _ := r.c.Step(t.Step); s != nil {
		changes = r.coerce(s.Form, r.cmd.Form, true)
	}
	if r.err != nil {
		return
	}
	r.emit(Event{Type: EvResolved, Lifecycle: LcReassign, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, DelegatedBy: t.DelegatedBy, Person: t.DelegatedBy, Opinion: r.cmd.Opinion, Changes: changes})
}
