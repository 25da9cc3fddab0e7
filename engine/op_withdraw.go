package engine

// 撤回 (withdraw): the person who completed a task (办理, 同意, 不同意) takes it back while what it caused is
// untouched: the tasks it created are unopened and unclaimed and nobody acted on them, its tokens have not
// moved on, no join fired, nothing automatic or external started, the instance did not end. Command.Task
// names the completed task. The tasks it created are withdrawn, the step is put back as it was (the
// countersign with its decisions, the form values it changed unless changed again since, readers it
// circulated to), and the tasks that were open there are given back with their deadlines. For a
// countersign decision that did not decide the step, only that decision is taken back (with the turn it
// gave to the next approvers).

import (
	"cmp"
	"github.com/govflow/govflow"
)

// capture is what a completion may need to undo, taken just before it.
type capture struct {
	from  int
	task  Task
	token *Token
	open  []Task
}

func (r *run) capture(t *Task) capture {
	cp := capture{from: len(r.events), task: t.clone()}
	if tok, ok := r.st.Token(t.Token); ok {
		c := tok.clone()
		cp.token = &c
	}
	for _, o := range r.st.Tasks {
		if o.Token == t.Token && o.Blocking() {
			cp.open = append(cp.open, o.clone())
		}
	}
	return cp
}

// saveUndo records a withdrawable completion when everything it caused can be put back.
func (r *run) saveUndo(cp capture, changes []Change) {
	if r.err != nil || cp.token == nil {
		return
	}
	u := Undo{Task: cp.task.ID, Actor: r.actor.ID, Step: cp.task.Step, Changes: changes}
	tok, stayed := r.st.Token(cp.token.ID)
	partial := stayed && tok.Step == cp.token.Step && tok.Sign != nil
	for _, e := range r.events[cp.from+1:] {
		if !r.undoable(&e, cp, partial, &u) {
			return
		}
	}
	if partial {
		u.Anchor, u.Tasks = cp.token.ID, []Task{cp.task}
		if g := signerByTask(cp.token.Sign, cp.task.ID); g != nil {
			u.Signer = g.Person
		}
	} else {
		u.Token, u.Tasks = cp.token, cp.open
	}
	if len(u.Next) == 0 && len(u.Tokens) == 0 && !partial {
		return
	}
	r.emit(Event{Type: EvUndoSaved, Task: u.Task, Actor: u.Actor, Undo: &u})
}

// undoable checks one event of a completion's cascade and notes what it created.
func (r *run) undoable(e *Event, cp capture, partial bool, u *Undo) bool {
	switch e.Type {
	case EvCreated:
		if partial && (e.NewTask.Kind != KindApprove || e.Token != cp.token.ID) {
			return false
		}
		u.Next = append(u.Next, e.Task)
		if e.NewTask.Kind == KindRead {
			u.Readers = append(u.Readers, e.Person)
		}
		if partial {
			u.Reset = append(u.Reset, e.Person)
		}
		return true
	case EvEntered:
		u.Tokens = appendNew(u.Tokens, e.Token)
		return !partial
	case EvSplit, EvSkipped, EvSignOpened:
		return !partial
	case EvCancelled:
		return !partial && e.Token == cp.token.ID
	}
	return false
}

func signerByTask(sg *Sign, task string) *Signer {
	if sg == nil {
		return nil
	}
	for i := range sg.Signers {
		if sg.Signers[i].Task == task {
			return &sg.Signers[i]
		}
	}
	return nil
}

func (r *run) undoRecord(task string) (*Undo, error) {
	for i := range r.st.Undo {
		if r.st.Undo[i].Task == task {
			return &r.st.Undo[i], nil
		}
	}
	if r.existed(task, "-t") {
		return nil, conflict("后续环节已开始办理，或该办理不可撤回")
	}
	return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该任务")
}

func allowWithdraw(r *run, _ *Task) error {
	u, err := r.undoRecord(r.cmd.Task)
	if err != nil {
		return err
	}
	if u.Actor != r.actor.ID {
		return forbid("只有办理人本人可以撤回")
	}
	return nil
}

func execWithdraw(r *run, _ *Task) {
	u0, _ := r.undoRecord(r.cmd.Task)
	u := *u0
	for _, id := range u.Next {
		if t, ok := r.st.Task(id); ok {
			r.emit(Event{Type: EvWithdrawn, Lifecycle: LcWithdraw, Task: id, Step: t.Step, Unit: t.Unit,
				Token: t.Token, Actor: r.actor.ID, Reason: "撤回", Withdrawing: true})
		}
	}
	if u.Token != nil {
		for _, id := range u.Tokens {
			if _, ok := r.st.Token(id); ok {
				r.emit(Event{Type: EvRemoved, Token: id, Reason: "撤回", Withdrawing: true})
			}
		}
	}
	r.emit(Event{Type: EvStepBack, Task: u.Task, Step: u.Step, Actor: r.actor.ID, Reason: "撤回",
		Opinion: r.cmd.Opinion})
	for _, t := range u.Tasks {
		r.giveBack(&u, t)
	}
}

// giveBack recreates a task as it was before the withdrawn completion.
func (r *run) giveBack(u *Undo, t Task) {
	s, ok := r.c.Step(t.Step)
	if !ok {
		return
	}
	sp := taskSpec{kind: t.Kind, token: t.Token, step: s, unit: t.Unit, person: t.Holder(), reason: "撤回",
		by: r.actor.ID, like: &t}
	if t.Kind == KindApprove {
		sp.person = u.Signer
		if u.Token != nil {
			if g := signerByTask(u.Token.Sign, t.ID); g != nil {
				sp.person = g.Person
			}
		}
	}
	if t.Assignee == "" {
		for _, c := range t.Candidates {
			sp.pool = append(sp.pool, member{Person: cmp.Or(c.OnBehalfOf, c.Person), Unit: t.Unit})
		}
	}
	if sp.person == "" && len(sp.pool) == 0 {
		return
	}
	r.createTask(sp)
}
