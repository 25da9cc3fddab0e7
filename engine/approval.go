package engine

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/govflow/govflow/process"
)

// Countersign outcomes.
const (
	signOpen   = ""
	signPass   = "pass"
	signReject = "reject"
)

func modeOf(s *process.Step) string {
	if s.Mode == "" {
		return process.ModeAny
	}
	return s.Mode
}

// openApproval starts an approval step's countersign, or skips it when its only approver already agreed
// earlier in the instance and the process says so (skip_repeated_approver).
func (r *run) openApproval(tok string, frames []Frame, s *process.Step, en entry) {
	members, flags := r.resolve(s)
	if len(members) == 0 {
		r.block(tok, frames, s, "无法确定“"+r.c.name(s)+"”的审批人，且相关处室无负责人，请联系流程管理员")
		return
	}
	if en.how == "" && r.c.Def.SkipRepeatedApprover && len(members) == 1 && r.agreedBefore(members[0].Person) {
		r.emit(Event{Type: EvSkipped, Lifecycle: LcAutoskip, Token: tok, Step: s.ID, Person: members[0].Person,
			Reason: "审批人此前已在本流程中同意，按流程设置跳过"})
		r.enter(tok, frames, s.Next[0], entry{from: s.ID})
		return
	}
	r.entered(tok, frames, s, en, time.Time{}, false)
	sg := &Sign{Mode: modeOf(s), Ratio: s.Ratio, Flags: append(slices.Clone(en.flags), flags...)}
	persons := make([]string, len(members))
	for i, m := range members {
		sg.Signers = append(sg.Signers, Signer{Person: m.Person, Unit: m.Unit, Status: SignerPending})
		persons[i] = m.Person
	}
	r.emit(Event{Type: EvSignOpened, Token: tok, Step: s.ID, Sign: sg, Persons: persons, Reason: en.reason})
	r.activate(tok, s, en)
}

func (r *run) agreedBefore(person string) bool {
	return slices.ContainsFunc(r.st.Trail, func(p Pass) bool { return p.Person == person && p.Outcome == OutAgree })
}

// activate gives a task to every approver whose turn it is.
func (r *run) activate(tok string, s *process.Step, en entry) {
	t, ok := r.st.Token(tok)
	if !ok || t.Sign == nil {
		return
	}
	sg := t.Sign
	var due []Signer
	if sg.Mode == process.ModeSequential {
		for _, g := range sg.Signers {
			if g.Status == SignerAgreed || g.Status == SignerRemoved {
				continue
			}
			if g.Status == SignerPending {
				due = append(due, g)
			}
			break
		}
	} else {
		for _, g := range sg.Signers {
			if g.Status == SignerPending && ready(sg, g) {
				due = append(due, g)
			}
		}
	}
	flags := slices.Clone(sg.Flags)
	for _, g := range due {
		r.createTask(taskSpec{kind: KindApprove, token: tok, step: s, unit: g.Unit, person: g.Person,
			flags: flags, reason: en.reason, by: cmp.Or(g.AddedBy, en.by)})
	}
}

// ready reports whether a parallel-mode approver's turn has come: 后加签 waits for the one who added them,
// 前加签 makes the adder wait for those added.
func ready(sg *Sign, g Signer) bool {
	if g.After != "" && !decided(sg, g.After) {
		return false
	}
	for _, w := range g.Waits {
		if !decided(sg, w) {
			return false
		}
	}
	return true
}

func decided(sg *Sign, person string) bool {
	for _, g := range sg.Signers {
		if g.Person == person && g.Status != SignerRemoved {
			return g.Status == SignerAgreed || g.Status == SignerReject
		}
	}
	return true
}

// outcome applies the countersign mode to the decisions so far.
func outcome(sg *Sign) string {
	n, agree, reject := 0, 0, 0
	for _, g := range sg.Signers {
		switch g.Status {
		case SignerRemoved:
			continue
		case SignerAgreed:
			agree++
		case SignerReject:
			reject++
		}
		n++
	}
	pending := n - agree - reject
	switch sg.Mode {
	case process.ModeAny:
		if reject > 0 {
			return signReject
		}
		if agree > 0 {
			return signPass
		}
	case process.ModeRatio:
		need := int(math.Ceil(sg.Ratio*float64(n) - 1e-9))
		if agree >= need {
			return signPass
		}
		if agree+pending < need {
			return signReject
		}
	default:
		if reject > 0 {
			return signReject
		}
		if pending == 0 {
			return signPass
		}
	}
	return signOpen
}

// afterDecision moves an approval on once its countersign is decided, or gives the next approvers their turn.
func (r *run) afterDecision(tok string, s *process.Step) {
	t, ok := r.st.Token(tok)
	if !ok || t.Sign == nil {
		return
	}
	frames := t.Frames
	switch outcome(t.Sign) {
	case signPass:
		r.cancelTasksOf(tok, "", "本环节审批已通过，无需再审批")
		r.enter(tok, frames, s.Next[0], entry{from: s.ID})
	case signReject:
		r.cancelTasksOf(tok, "", "本环节审批未通过，无需再审批")
		if s.Reject == "" {
			r.rejectInstance()
			return
		}
		r.enter(tok, frames, s.Reject, entry{from: s.ID, branch: "不同意", flags: []string{FlagReturned}})
	default:
		r.activate(tok, s, entry{})
	}
}
