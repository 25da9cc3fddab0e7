package engine

// Deciding an approval.
//
// 同意 / 不同意 (approve / reject): only the approver holding the task (not a delegate: a delegate hands the
// task back with an opinion instead). 不同意 needs an opinion (the reason). Form fields of the step are
// validated (for 不同意 only those given). The countersign mode then decides the step:
//   - all (会签): everyone must agree; the first 不同意 rejects.
//   - any (或签): the first decision decides; the others' tasks are cancelled.
//   - ratio: passes once agreements reach ratio × approvers; rejects as soon as that can no longer happen.
//   - sequential (依次): one approver at a time in the order `who` gives; the first 不同意 rejects.
// A decided step cancels the remaining approvers' tasks. Passing goes along next; rejecting goes to the
// step's `reject` (where the task goes to whoever did that step before), or without one ends the instance
// as 不予通过.

func allowDecide(r *run, t *Task) error {
	if t.Kind != KindApprove {
		return invalid("只有审批环节可以同意或不同意，请使用“办理”")
	}
	return r.works(t)
}

func execApprove(r *run, t *Task) { decide(r, t, OutAgree) }

func execReject(r *run, t *Task) {
	if err := needText(r.cmd.Opinion, "不同意的理由"); err != nil {
		r.failWith(err)
		return
	}
	decide(r, t, OutReject)
}

func decide(r *run, t *Task, out string) {
	s, _ := r.c.Step(t.Step)
	changes := r.coerce(s.Form, r.cmd.Form, out == OutReject)
	if r.err != nil {
		return
	}
	t = r.claimIfPool(t)
	cp := r.capture(t)
	r.emit(Event{Type: EvDone, Lifecycle: LcComplete, Outcome: out, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, OnBehalfOf: t.OnBehalfOf, Opinion: r.cmd.Opinion, Changes: changes})
	r.afterDecision(t.Token, s)
	r.saveUndo(cp, changes)
}
