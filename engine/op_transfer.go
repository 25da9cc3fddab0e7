package engine

// Handing a task to someone else.
//
// 转办 (transfer): the holder gives the task to another person, who then owns it (and it leaves the
// holder's inbox). Not to oneself, not to someone already deciding in the same countersign, not while it is
// out on delegation. A person away in a 代理 period is replaced by the acting person (both recorded).
//
// 委派 (delegate): the holder asks another person to do the work; the delegate can only hand it back (办理,
// with an opinion and form values); the task then returns to the delegator, who completes or decides it.
// Not to oneself, not twice over.
//
// 改派 (reassign, 调度): an administrator gives any open task (a pool task too) to a person, with a reason
// (required).

import "github.com/govflow/govflow"

func allowHandOn(r *run, t *Task) error { return r.works(t) }

// handTarget validates the person a task is handed to and resolves their 代理.
func (r *run) handTarget(t *Task) (string, string, bool) {
	p, ok := r.env.Directory.Person(r.cmd.Person)
	switch {
	case r.cmd.Person == "":
		r.failWith(invalid("请选择人员"))
	case !ok:
		r.failWith(govflow.Errorf(govflow.ENOTFOUND, "未找到人员“%s”", r.cmd.Person))
	case p.ID == t.Assignee || p.ID == t.OnBehalfOf:
		r.failWith(invalid("该任务已由此人办理"))
	case t.Kind == KindApprove && r.isSigner(t.Token, p.ID):
		r.failWith(invalid("%s已是本环节的审批人", p.Name))
	default:
		a, f := r.acting(p.ID)
		return a, f, true
	}
	return "", "", false
}

func (r *run) isSigner(tok, person string) bool {
	_, i := r.st.signer(tok, person)
	return i >= 0
}

func execTransfer(r *run, t *Task) {
	a, f, ok := r.handTarget(t)
	if !ok {
		return
	}
	r.emit(Event{Type: EvTransferred, Lifecycle: LcReassign, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, OnBehalfOf: t.OnBehalfOf, Person: a, For: f, Opinion: r.cmd.Opinion, Reason: "转办"})
}

func execDelegate(r *run, t *Task) {
	a, f, ok := r.handTarget(t)
	if !ok {
		return
	}
	r.claimIfPool(t)
	r.emit(Event{Type: EvDelegated, Lifecycle: LcReassign, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, OnBehalfOf: t.OnBehalfOf, Person: a, For: f, Opinion: r.cmd.Opinion, Reason: "委派"})
}

func allowReassign(r *run, t *Task) error {
	if !r.isAdmin() {
		return forbid("只有系统管理员或流程管理员可以改派任务")
	}
	if !t.Blocking() {
		return invalid("传阅和抄送不能改派")
	}
	return nil
}

func execReassign(r *run, t *Task) {
	a, f, ok := r.handTarget(t)
	if !ok {
		return
	}
	if err := needText(r.cmd.Reason, "改派理由"); err != nil {
		r.failWith(err)
		return
	}
	r.emit(Event{Type: EvTransferred, Lifecycle: LcReassign, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, Person: a, For: f, Opinion: r.cmd.Opinion, Reason: r.cmd.Reason})
}
