package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Folding the events of tasks.

func foldCreated(s *State, e *Event) error {
	if e.NewTask == nil {
		return fmt.Errorf("no task")
	}
	t := e.NewTask.clone()
	switch t.Kind {
	case KindApprove:
		sg, i := s.signer(t.Token, e.Person)
		if i < 0 {
			return fmt.Errorf("no signer %s on token %s", e.Person, t.Token)
		}
		sg.Signers[i].Status, sg.Signers[i].Task = SignerActive, t.ID
	case KindRead:
		s.Circulated = appendNew(s.Circulated, e.Person)
	case KindCopy:
		s.Copied = appendNew(s.Copied, e.Person)
	}
	s.Tasks = append(s.Tasks, t)
	s.addTaskTimers(e, &t)
	return nil
}

func (s *State) addTaskTimers(e *Event, t *Task) {
	if !t.Blocking() {
		return
	}
	if !t.Remind.IsZero() && !t.Reminded {
		s.Timers = append(s.Timers, Timer{ID: timerID(e, "r"), Kind: TimerRemind, At: t.Remind, Task: t.ID})
	}
	if !t.Due.IsZero() && !t.Escalated && t.Escalate != "none" {
		s.Timers = append(s.Timers, Timer{ID: timerID(e, "e"), Kind: TimerEscalate, At: t.Due, Task: t.ID})
	}
}

func timerID(e *Event, kind string) string {
	return e.Instance + "-m" + strconv.FormatInt(e.Seq, 10) + kind
}

func appendNew(l []string, v string) []string {
	if v == "" || slices.Contains(l, v) {
		return l
	}
	return append(slices.Clip(l), v)
}

func (s *State) openTask(id string) (*Task, error) {
	t, ok := s.Task(id)
	if !ok {
		return nil, fmt.Errorf("no open task %s", id)
	}
	return t, nil
}

func (s *State) touch(task string) {
	s.Undo = slices.DeleteFunc(s.Undo, func(u Undo) bool { return slices.Contains(u.Next, task) })
}

func foldOpened(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Opened = e.Time
	s.touch(e.Task)
	if t.Kind == KindCopy {
		s.removeTask(e.Task)
	}
	return nil
}

func foldClaimed(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Assignee, t.OnBehalfOf = e.Person, ""
	for _, c := range t.Candidates {
		if c.Person == e.Person {
			t.OnBehalfOf = c.OnBehalfOf
		}
	}
	s.touch(e.Task)
	return nil
}

func foldReleased(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Assignee, t.OnBehalfOf = "", ""
	return nil
}

func foldDone(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	if g := s.signerOfTask(e.Task); g != nil {
		g.Task, g.Parked = "", nil
		switch e.Outcome {
		case OutAgree:
			g.Status = SignerAgreed
		case OutReject:
			g.Status = SignerReject
		}
	}
	if t.Blocking() && e.Outcome != OutReturn {
		p := Pass{Step: t.Step, Task: t.ID, Person: t.Holder(), Outcome: e.Outcome, At: e.Time}
		if p.Person != e.Actor {
			p.Actor = e.Actor
		}
		if tok, ok := s.Token(t.Token); ok {
			p.Frames = tok.Frames
		}
		s.Trail = append(s.Trail, p)
	}
	applyChanges(s, e.Changes)
	s.touch(e.Task)
	s.removeTask(e.Task)
	return nil
}

func foldCancelled(s *State, e *Event) error {
	if _, err := s.openTask(e.Task); err != nil {
		return err
	}
	if g := s.signerOfTask(e.Task); g != nil {
		g.Task = ""
		if g.Status == SignerActive {
			g.Status = SignerPending
		}
	}
	if !e.Withdrawing {
		s.touch(e.Task)
	}
	s.removeTask(e.Task)
	return nil
}

func (s *State) removeTask(id string) {
	s.Tasks = slices.DeleteFunc(s.Tasks, func(t Task) bool { return t.ID == id })
	s.Timers = slices.DeleteFunc(s.Timers, func(t Timer) bool { return t.Task == id })
}

func foldTransferred(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	if g := s.signerOfTask(e.Task); g != nil {
		g.Person = cmp.Or(e.For, e.Person)
	}
	t.Assignee, t.OnBehalfOf, t.DelegatedBy, t.Candidates, t.Pool = e.Person, e.For, "", nil, ""
	s.touch(e.Task)
	return nil
}

func foldDelegated(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.DelegatedBy, t.Assignee = t.Assignee, e.Person
	s.touch(e.Task)
	return nil
}

func foldResolved(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Assignee, t.DelegatedBy = t.DelegatedBy, ""
	applyChanges(s, e.Changes)
	return nil
}

func foldUrged(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Urges = append(slices.Clip(t.Urges), Urge{By: e.Actor, At: e.Time, Message: e.Reason})
	return nil
}

func foldReminded(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Reminded = true
	return nil
}

func foldEscalated(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Escalated = true
	t.Flags = appendNew(t.Flags, FlagEscalated)
	return nil
}

func foldRescheduled(s *State, e *Event) error {
	t, err := s.openTask(e.Task)
	if err != nil {
		return err
	}
	t.Due, t.Remind = e.Due, e.Remind
	s.Timers = slices.DeleteFunc(s.Timers, func(tm Timer) bool { return tm.Task == e.Task })
	s.addTaskTimers(e, t)
	return nil
}

func foldSaved(s *State, e *Event) error {
	applyChanges(s, e.Changes)
	if e.Task != "" {
		s.touch(e.Task)
	}
	return nil
}
