package engine

// 抄送 and 催办.
//
// 抄送 (cc): a participant (the initiator, anyone who holds an open task or has completed one in the
// instance) or an administrator copies the instance to people, with a note. Each person gets it once per
// instance (a read receipt when they open it); people already copied are left out, and copying only to
// them is refused. Allowed after the end too.
//
// 催办 (urge): the initiator, a participant, an administrator, a 督查员, the head of the task's unit or of the
// process's owner unit urges an open task's holder (every candidate of an unclaimed pool). Each urge is
// counted and shown on the task (who, when, message) and sends a notification. Not one's own task; the same
// person may urge the same task once an hour.

import (
	"cmp"
	"slices"
	"time"

	"github.com/govflow/govflow"
)

// urgeInterval is how long one person waits before urging the same task again.
const urgeInterval = time.Hour

// participant reports whether the actor has a part in the instance.
func (r *run) participant() bool {
	me := r.actor.ID
	if me == r.st.Initiator || r.isAdmin() {
		return true
	}
	if slices.ContainsFunc(r.st.Tasks, func(t Task) bool { return t.Blocking() && t.MayHold(me) }) {
		return true
	}
	return slices.ContainsFunc(r.st.Trail, func(p Pass) bool { return p.Person == me || p.Actor == me })
}

func allowCopy(r *run, _ *Task) error {
	if !r.participant() {
		return forbid("只有流程的发起人、办理人或管理员可以抄送")
	}
	return nil
}

func execCopy(r *run, _ *Task) {
	var fresh []string
	for _, id := range r.cmd.Persons {
		if _, ok := r.env.Directory.Person(id); !ok {
			r.failWith(govflow.Errorf(govflow.ENOTFOUND, "未找到人员“%s”", id))
			return
		}
		if !slices.Contains(r.st.Copied, id) && !slices.Contains(fresh, id) {
			fresh = append(fresh, id)
		}
	}
	switch {
	case len(r.cmd.Persons) == 0:
		r.failWith(invalid("请选择抄送人员"))
	case len(fresh) == 0:
		r.failWith(invalid("所选人员均已抄送过"))
	}
	if r.err != nil {
		return
	}
	step := r.c.start
	if t, ok := r.st.Task(r.cmd.Task); ok {
		step, _ = r.c.Step(t.Step)
	}
	for _, p := range fresh {
		r.createTask(taskSpec{kind: KindCopy, step: step, person: p, reason: r.cmd.Opinion, by: r.actor.ID})
	}
}

func allowUrge(r *run, t *Task) error {
	me := r.actor.ID
	switch {
	case !t.Blocking():
		return invalid("传阅和抄送无需催办")
	case t.MayHold(me):
		return invalid("不能催办自己的任务")
	case !r.mayUrge(t):
		return forbid("只有发起人、参与办理的人、督查人员或处室负责人可以催办")
	}
	for _, u := range t.Urges {
		if u.By == me && r.now.Sub(u.At) < urgeInterval {
			return conflict("您在一小时内已催办过该任务，请稍后再催")
		}
	}
	return nil
}

func (r *run) mayUrge(t *Task) bool {
	if r.participant() || hasRole(r.actor, RoleSupervisor) {
		return true
	}
	for _, u := range []string{t.Unit, r.c.Def.Owner} {
		if h, ok := r.env.Directory.Head(u); ok && h.ID == r.actor.ID {
			return true
		}
	}
	return false
}

func execUrge(r *run, t *Task) {
	r.emit(Event{Type: EvUrged, Task: t.ID, Step: t.Step, Unit: t.Unit, Actor: r.actor.ID,
		Reason: cmp.Or(r.cmd.Reason, r.cmd.Opinion), Persons: t.people()})
}
