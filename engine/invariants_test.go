package engine

import (
	"cmp"
	"slices"

	"github.com/govflow/govflow/process"
)

func (m *model) checkInvariants() {
	st := m.st
	errorf := func(format string, args ...any) {
		m.t.Errorf("after event %d: "+format, append([]any{st.Seq}, args...)...)
	}
	ids := map[string]bool{}
	for _, t := range st.Tasks {
		if ids[t.ID] {
			errorf("task %s twice", t.ID)
		}
		ids[t.ID] = true
		if t.Assignee == "" && len(t.Candidates) == 0 {
			errorf("task %s has nobody", t.ID)
		}
		if _, ok := m.env.Directory.Person(cmp.Or(t.Assignee, m.starter)); !ok {
			errorf("task %s assigned to unknown %s", t.ID, t.Assignee)
		}
		if t.Blocking() {
			tok, ok := st.Token(t.Token)
			if !ok || tok.Step != t.Step || tok.Held != "" {
				errorf("task %s at %s has no token resting there", t.ID, t.Step)
			}
		}
	}
	if st.Finished() {
		if len(st.Tokens)+len(st.Timers)+len(st.Actions)+len(st.Calls)+len(st.Undo) > 0 ||
			slices.ContainsFunc(st.Tasks, func(t Task) bool { return t.Blocking() }) {
			errorf("finished instance still has open work")
		}
	} else if len(st.Tokens) == 0 {
		errorf("running instance without a token")
	}
	tokIDs := map[string]bool{}
	for i := range st.Tokens {
		tok := &st.Tokens[i]
		if tokIDs[tok.ID] {
			errorf("token %s twice", tok.ID)
		}
		tokIDs[tok.ID] = true
		m.checkToken(tok, errorf)
	}
	m.checkTimers(errorf)
	m.checkLog(errorf)
}

func (m *model) checkToken(tok *Token, errorf func(string, ...any)) {
	st := m.st
	if tok.Held != "" {
		return
	}
	s, _ := m.c.Step(tok.Step)
	var blocking []Task
	for _, t := range st.Tasks {
		if t.Token == tok.ID && t.Blocking() {
			blocking = append(blocking, t)
		}
	}
	switch s.Type {
	case process.StepTask, process.StepStart:
		if len(blocking) != 1 {
			errorf("token %s at task %s has %d tasks", tok.ID, s.ID, len(blocking))
		}
	case process.StepApproval:
		m.checkSign(tok, blocking, errorf)
	case process.StepWait:
		has := slices.ContainsFunc(st.Timers, func(t Timer) bool { return t.Token == tok.ID && t.Kind == TimerWait })
		if has == (st.Status == StatusSuspended) {
			errorf("token %s at wait %s: timer %v while %s", tok.ID, s.ID, has, st.Status)
		}
	case process.StepAuto:
		if !slices.ContainsFunc(st.Actions, func(a Action) bool { return a.Token == tok.ID }) {
			errorf("token %s at auto %s without a pending action", tok.ID, s.ID)
		}
	case process.StepCall:
		if !slices.ContainsFunc(st.Calls, func(c Call) bool { return c.Token == tok.ID }) {
			errorf("token %s at call %s without a child", tok.ID, s.ID)
		}
	case process.StepParallel:
		r := &run{c: m.c, st: st}
		k := r.joinFrame(tok)
		if k < 0 {
			errorf("token %s rests at parallel %s that is not its join", tok.ID, s.ID)
		} else if !r.liveOutside(tok.Frames[k].Act, tok.Step) {
			errorf("join %s should have fired for %s", s.ID, tok.Frames[k].Act)
		}
	default:
		errorf("token %s rests at %s step %s", tok.ID, s.Type, s.ID)
	}
	if len(blocking) > 0 && s.Type != process.StepTask && s.Type != process.StepStart && s.Type != process.StepApproval {
		errorf("token %s at %s has tasks", tok.ID, s.ID)
	}
}

func (m *model) checkSign(tok *Token, blocking []Task, errorf func(string, ...any)) {
	sg := tok.Sign
	if sg == nil {
		errorf("approval token %s without a countersign", tok.ID)
		return
	}
	if outcome(sg) != signOpen {
		errorf("countersign at %s is decided (%s) but the token stayed", tok.Step, outcome(sg))
	}
	active, persons := 0, map[string]bool{}
	for _, g := range sg.Signers {
		if g.Status == SignerRemoved {
			continue
		}
		if persons[g.Person] {
			errorf("%s twice in the countersign at %s", g.Person, tok.Step)
		}
		persons[g.Person] = true
		if g.Status == SignerActive {
			active++
			if !slices.ContainsFunc(blocking, func(t Task) bool { return t.ID == g.Task }) {
				errorf("active signer %s at %s without its task", g.Person, tok.Step)
			}
		} else if g.Task != "" {
			errorf("signer %s (%s) still linked to task %s", g.Person, g.Status, g.Task)
		}
	}
	if active != len(blocking) || active == 0 {
		errorf("countersign at %s: %d active signers, %d tasks", tok.Step, active, len(blocking))
	}
}

func (m *model) checkTimers(errorf func(string, ...any)) {
	st := m.st
	if st.Status == StatusSuspended && len(st.Timers) > 0 {
		errorf("suspended with %d timers", len(st.Timers))
	}
	for _, tm := range st.Timers {
		if tm.Task != "" {
			if t, ok := st.Task(tm.Task); !ok || !t.Blocking() {
				errorf("timer %s for a task that is not open", tm.ID)
			}
		} else if tok, ok := st.Token(tm.Token); !ok || tok.WaitUntil.IsZero() {
			errorf("timer %s for a token that does not wait", tm.ID)
		}
	}
	if st.Status != StatusRunning {
		return
	}
	for _, t := range st.Tasks {
		want := t.Blocking() && !t.Due.IsZero() && !t.Escalated && t.Escalate != "none"
		has := slices.ContainsFunc(st.Timers, func(tm Timer) bool { return tm.Task == t.ID && tm.Kind == TimerEscalate })
		if want != has {
			errorf("task %s: escalation timer %v, want %v", t.ID, has, want)
		}
	}
}

func (m *model) checkLog(errorf func(string, ...any)) {
	joins, reads, copies := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range m.events {
		switch {
		case e.Type == EvJoined:
			joins[e.Act]++
		case e.Type == EvCreated && e.NewTask.Kind == KindRead && e.NewTask.Reason != "撤回":
			reads[e.Person]++
		case e.Type == EvCreated && e.NewTask.Kind == KindCopy:
			copies[e.Person]++
		case e.Type == EvWithdrawn || e.Type == EvCancelled:
			for _, x := range m.events {
				if x.Type == EvCreated && x.Task == e.Task && x.NewTask.Kind == KindRead && e.Type == EvWithdrawn {
					reads[x.Person]--
				}
			}
		}
	}
	for act, n := range joins {
		if n > 1 {
			errorf("join of activation %s fired %d times", act, n)
		}
	}
	for p, n := range reads {
		if n > 1 {
			errorf("%s was given the instance to read %d times", p, n)
		}
	}
	for p, n := range copies {
		if n > 1 {
			errorf("%s was copied %d times", p, n)
		}
	}
}
