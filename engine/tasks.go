package engine

import (
	"slices"

	"github.com/govflow/govflow/process"
)

// taskSpec says what task to create.
type taskSpec struct {
	kind   string
	token  string
	step   *process.Step
	unit   string
	person string   // the person named (an absent one is replaced by the acting person)
	pool   []member // several people: whoever claims first
	flags  []string
	reason string
	by     string
	like   *Task // keep this task's deadline and flags (a task given back by 撤回)
}

// createTask creates a task with its deadline; the fold adds its reminder and escalation timers.
func (r *run) createTask(sp taskSpec) string {
	s := sp.step
	t := Task{ID: r.nextID("t"), Kind: sp.kind, Token: sp.token, Step: s.ID, StepName: r.c.name(s), Unit: sp.unit,
		Reason: sp.reason, By: sp.by, Created: r.now, Escalate: s.Escalate, Flags: slices.Clone(sp.flags)}
	if len(sp.pool) > 1 {
		for _, m := range sp.pool {
			a, f := r.acting(m.Person)
			if !slices.ContainsFunc(t.Candidates, func(c Candidate) bool { return c.Person == a }) {
				t.Candidates = append(t.Candidates, Candidate{Person: a, OnBehalfOf: f})
			}
		}
		t.Pool = poolName(s)
		if t.Unit == "" {
			t.Unit = sp.pool[0].Unit
		}
	} else {
		if len(sp.pool) == 1 {
			sp.person, t.Unit = sp.pool[0].Person, sp.pool[0].Unit
		}
		t.Assignee, t.OnBehalfOf = r.acting(sp.person)
		if t.OnBehalfOf != "" {
			t.Flags = appendNew(t.Flags, FlagActing)
		}
	}
	if t.Unit == "" {
		t.Unit = r.unitOf(sp.person)
	}
	switch {
	case sp.like != nil:
		t.Due, t.Remind, t.Reminded, t.Escalated = sp.like.Due, sp.like.Remind, sp.like.Reminded, sp.like.Escalated
		t.Flags = slices.Clone(sp.like.Flags)
	case sp.kind != KindCopy:
		r.setDue(&t, s)
	}
	lc := LcSchedule
	if sp.kind == KindCopy {
		lc = ""
	}
	r.emit(Event{Type: EvCreated, Lifecycle: lc, Task: t.ID, Step: s.ID, Unit: t.Unit, Token: sp.token,
		Person: sp.person, NewTask: &t, Reason: sp.reason, Actor: sp.by})
	return t.ID
}

// setDue asks the calendar for the step's due instant and reminder.
func (r *run) setDue(t *Task, s *process.Step) {
	if s.Limit == "" {
		return
	}
	dl, err := r.env.Deadlines.Due(r.now, s.Limit, r.c.Def.CountFrom)
	if err != nil {
		t.Flags = appendNew(t.Flags, FlagNoDue)
		return
	}
	t.Due = dl.At
	if dl.Remind.Before(dl.At) {
		t.Remind = dl.Remind
	}
	if dl.Unknown {
		t.Flags = appendNew(t.Flags, FlagDueUnknown)
	}
}

// assignDo gives a task step (or the start step after a return) to its people. Work that comes back to a
// step goes to whoever did it last time.
func (r *run) assignDo(tok string, frames []Frame, s *process.Step, en entry) {
	sp := taskSpec{kind: KindDo, token: tok, step: s, reason: en.reason, by: en.by, flags: en.flags}
	if p := r.preferred(s, en); p != "" {
		sp.person, sp.unit = p, r.unitOf(p)
		r.createTask(sp)
		return
	}
	members, flags := r.resolve(s)
	if len(members) == 0 {
		r.block(tok, frames, s, "无法确定“"+r.c.name(s)+"”的办理人，且相关处室无负责人，请联系流程管理员")
		return
	}
	sp.pool, sp.flags = members, append(slices.Clip(sp.flags), flags...)
	r.createTask(sp)
}

func (r *run) preferred(s *process.Step, en entry) string {
	candidates := []string{en.prefer}
	if s.Type == process.StepStart {
		candidates = append(candidates, r.st.Initiator)
	}
	candidates = append(candidates, r.performer(s.ID))
	for _, p := range candidates {
		if _, ok := r.env.Directory.Person(p); ok && p != "" {
			return p
		}
	}
	return ""
}

// circulate gives every reader the step names a reading task, except people who have had this instance
// to read before. Nobody waits for the readers.
func (r *run) circulate(s *process.Step, en entry) {
	members, flags := r.resolve(s)
	for _, m := range members {
		if slices.Contains(r.st.Circulated, m.Person) {
			continue
		}
		r.createTask(taskSpec{kind: KindRead, step: s, unit: m.Unit, person: m.Person, flags: flags, by: en.by})
	}
}
