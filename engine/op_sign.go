package engine

// 加签 / 减签 (add / remove approvers).
//
// 加签: an approver holding an approval task adds people to the countersign as full approvers (a ratio's
// denominator grows). Not in 或签 (any) mode, where the first decision decides: use 转办 or 委派 there. Not
// people already in the countersign, not oneself.
//   - sequential: before → they are placed just before the adder, whose task is withdrawn until they have
//     decided; after → just after the adder.
//   - all / ratio: before → they decide now, and the adder's own task is withdrawn until they have decided;
//     after → their tasks come when the adder has decided.
//
// 减签: removes an approver who has not decided yet (their open task is cancelled). An approver may remove
// people they added, from their own task, or after a 前加签 from the task it parked (Signer.Parked) while they
// wait for their turn; an administrator anyone. The last approver who has not decided cannot be removed.

import (
	"slices"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

func allowAddSign(r *run, t *Task) error {
	if t.Kind != KindApprove {
		return invalid("只有审批环节可以加签")
	}
	if err := r.works(t); err != nil {
		return err
	}
	if tok := r.tokenOf(t); tok == nil || tok.Sign == nil || tok.Sign.Mode == process.ModeAny {
		return invalid("或签环节由任一审批人决定，不能加签；如需他人处理请使用转办或委派")
	}
	return nil
}

func execAddSign(r *run, t *Task) {
	persons := r.addable(t)
	if r.err != nil {
		return
	}
	t = r.claimIfPool(t)
	s, _ := r.c.Step(t.Step)
	mine := slices.IndexFunc(r.tokenOf(t).Sign.Signers, func(g Signer) bool { return g.Task == t.ID })
	if mine < 0 {
		r.fail(govflow.EINTERNAL, "加签：找不到本人的审批记录")
		return
	}
	me := r.tokenOf(t).Sign.Signers[mine].Person
	if r.cmd.Before {
		r.emit(Event{Type: EvCancelled, Lifecycle: LcAbort, Task: t.ID, Step: t.Step, Unit: t.Unit, Token: t.Token,
			Reason: "已前加签，待加签人审批后再办理"})
	}
	sg := r.tokenOf(t).Sign
	next := &Sign{Mode: sg.Mode, Ratio: sg.Ratio, Flags: sg.Flags}
	for i, g := range sg.Signers {
		if i != mine {
			next.Signers = append(next.Signers, g)
			continue
		}
		added := make([]Signer, len(persons))
		for i, p := range persons {
			added[i] = Signer{Person: p, Unit: r.unitOf(p), Status: SignerPending, AddedBy: r.actor.ID}
			if !r.cmd.Before && sg.Mode != process.ModeSequential {
				added[i].After = me
			}
		}
		if r.cmd.Before {
			if sg.Mode != process.ModeSequential {
				g.Waits = append(slices.Clip(g.Waits), persons...)
			}
			park := t.clone()
			g.Parked = &park
			next.Signers = append(append(next.Signers, added...), g)
		} else {
			next.Signers = append(append(next.Signers, g), added...)
		}
	}
	r.emit(Event{Type: EvSignAdded, Token: t.Token, Step: t.Step, Unit: t.Unit, Actor: r.actor.ID,
		OnBehalfOf: t.OnBehalfOf, Persons: persons, Before: r.cmd.Before, Sign: next, Opinion: r.cmd.Opinion})
	r.activate(t.Token, s, entry{reason: "加签", by: r.actor.ID})
}

// addable validates the people to add.
func (r *run) addable(t *Task) []string {
	var out []string
	for _, id := range r.cmd.Persons {
		p, ok := r.env.Directory.Person(id)
		switch {
		case !ok:
			r.failWith(govflow.Errorf(govflow.ENOTFOUND, "未找到人员“%s”", id))
		case id == r.actor.ID || id == t.OnBehalfOf:
			r.failWith(invalid("不能给自己加签"))
		case r.isSigner(t.Token, id):
			r.failWith(invalid("%s已是本环节的审批人", p.Name))
		case !slices.Contains(out, id):
			out = append(out, id)
		}
	}
	if len(out) == 0 && r.err == nil {
		r.failWith(invalid("请选择加签人员"))
	}
	return out
}

func allowRemoveSign(r *run, t *Task) error {
	if t.Kind != KindApprove {
		return invalid("只有审批环节可以减签")
	}
	if !r.isAdmin() {
		if err := r.works(t); err != nil {
			return err
		}
	}
	if len(r.removable(t)) == 0 {
		if undecided(r.tokenOf(t)) <= 1 {
			return invalid("不能减去最后一位未审批的审批人")
		}
		return invalid("没有可以减去的审批人：只能减去自己加签且尚未审批的人员")
	}
	return nil
}

func undecided(tok *Token) int {
	n := 0
	if tok != nil && tok.Sign != nil {
		for _, g := range tok.Sign.Signers {
			if g.Status == SignerPending || g.Status == SignerActive {
				n++
			}
		}
	}
	return n
}

// removable lists the approvers the actor may remove from the task's countersign now.
func (r *run) removable(t *Task) []string {
	tok := r.tokenOf(t)
	if tok == nil || tok.Sign == nil {
		return nil
	}
	left := undecided(tok)
	mine := t.MayHold(r.actor.ID)
	var out []string
	for _, g := range tok.Sign.Signers {
		open := g.Status == SignerPending || g.Status == SignerActive
		if open && left > 1 && !(mine && g.Task == t.ID) && (r.isAdmin() || g.AddedBy == r.actor.ID) {
			out = append(out, g.Person)
		}
	}
	return out
}

func execRemoveSign(r *run, t *Task) {
	sg, i := r.st.signer(t.Token, r.cmd.Person)
	switch {
	case i < 0:
		r.failWith(govflow.Errorf(govflow.ENOTFOUND, "该人员不是本环节的审批人"))
	case sg.Signers[i].Status == SignerAgreed || sg.Signers[i].Status == SignerReject:
		r.failWith(conflict("该审批人已审批，不能减签"))
	case !slices.Contains(r.removable(t), r.cmd.Person):
		if sg.Signers[i].Task == t.ID {
			r.failWith(invalid("不能减去自己"))
		} else if r.isAdmin() || sg.Signers[i].AddedBy == r.actor.ID {
			r.failWith(invalid("不能减去最后一位未审批的审批人"))
		} else {
			r.failWith(forbid("只能减去自己加签的人员"))
		}
	}
	if r.err != nil {
		return
	}
	if task := sg.Signers[i].Task; task != "" {
		r.emit(Event{Type: EvCancelled, Lifecycle: LcAbort, Task: task, Step: t.Step, Unit: t.Unit, Token: t.Token,
			Reason: "减签"})
	}
	r.emit(Event{Type: EvSignRemoved, Token: t.Token, Step: t.Step, Unit: t.Unit, Actor: r.actor.ID,
		Person: r.cmd.Person, Opinion: r.cmd.Opinion})
	s, _ := r.c.Step(t.Step)
	r.afterDecision(t.Token, s)
}
