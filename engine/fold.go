package engine

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/govflow/govflow/process"
)

// Replay rebuilds an instance's state from its event log.
func Replay(events []Event) (*State, error) {
	st := &State{}
	for i := range events {
		if err := st.Fold(&events[i]); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// Fold applies one event. It is the only code that changes a State; it needs nothing but the event, so the
// log replays without the definition, the calendar or the organisation.
func (s *State) Fold(e *Event) error {
	if e.Seq != s.Seq+1 {
		return fmt.Errorf("instance %s: event %d (%s) out of order after %d", s.Instance, e.Seq, e.Type, s.Seq)
	}
	if s.Seq > 0 && e.Instance != s.Instance {
		return fmt.Errorf("event %d belongs to instance %s, not %s", e.Seq, e.Instance, s.Instance)
	}
	f, ok := folds[e.Type]
	if !ok {
		return fmt.Errorf("instance %s: unknown event type %q", s.Instance, e.Type)
	}
	if err := f(s, e); err != nil {
		return fmt.Errorf("instance %s: event %d (%s): %w", s.Instance, e.Seq, e.Type, err)
	}
	s.Seq = e.Seq
	return nil
}

var folds map[string]func(*State, *Event) error

func init() {
	folds = map[string]func(*State, *Event) error{
		EvStarted: foldStarted, EvSuspended: foldSuspended, EvResumed: foldResumed,
		EvTerminated: foldTerminated, EvCompleted: foldCompleted,
		EvEntered: foldEntered, EvHeld: foldEntered, EvSplit: foldRemoved, EvRemoved: foldRemoved,
		EvEnded: foldEnded, EvSkipped: func(*State, *Event) error { return nil }, EvJoined: foldJoined,
		EvSignOpened: foldSign, EvSignAdded: foldSign, EvSignRemoved: foldSignRemoved,
		EvCreated: foldCreated, EvOpened: foldOpened, EvClaimed: foldClaimed, EvReleased: foldReleased,
		EvDone: foldDone, EvCancelled: foldCancelled, EvWithdrawn: foldCancelled,
		EvTransferred: foldTransferred, EvDelegated: foldDelegated, EvResolved: foldResolved,
		EvUrged: foldUrged, EvReminded: foldReminded, EvEscalated: foldEscalated,
		EvRescheduled: foldRescheduled, EvWaitShifted: foldWaitShifted, EvSaved: foldSaved,
		EvFired: foldFired, EvActionReq: foldActionReq, EvActionDone: foldActionEnd, EvActionFail: foldActionEnd,
		EvCallReq: foldCallReq, EvCallEnded: foldCallEnded, EvUndoSaved: foldUndoSaved, EvStepBack: foldStepBack,
	}
}

func foldStarted(s *State, e *Event) error {
	if s.Seq != 0 {
		return fmt.Errorf("already started")
	}
	*s = State{Instance: e.Instance, Process: e.Process, Version: e.Version, Status: StatusRunning,
		Initiator: e.Actor, InitiatorUnit: e.Unit, Parent: e.Parent, ParentCall: e.ParentCall, Started: e.Time,
		Values: process.Values{}}
	applyChanges(s, e.Changes)
	s.Trail = append(s.Trail, Pass{Step: e.Step, Person: e.Actor, Outcome: OutStart, At: e.Time})
	return nil
}

func foldSuspended(s *State, e *Event) error {
	s.Status = StatusSuspended
	s.Suspension = &Suspension{At: e.Time, By: e.Actor, Reason: e.Reason}
	s.Timers = nil
	return nil
}

func foldResumed(s *State, e *Event) error {
	s.Status, s.Suspension = StatusRunning, nil
	return nil
}

func foldTerminated(s *State, e *Event) error {
	s.Status, s.Result, s.Ended, s.Suspension = StatusTerminated, ResultTerminated, e.Time, nil
	s.Tokens, s.Tasks, s.Timers, s.Actions, s.Calls, s.Undo = nil, nil, nil, nil, nil, nil
	return nil
}

func foldCompleted(s *State, e *Event) error {
	if len(s.Tokens) > 0 {
		return fmt.Errorf("completed with %d tokens running", len(s.Tokens))
	}
	s.Status, s.Result, s.Ended, s.Undo = StatusCompleted, e.Result, e.Time, nil
	return nil
}

// foldEntered places a token at a step (creating it when new); token.held does the same with a reason.
func foldEntered(s *State, e *Event) error {
	s.detach(e.Token, e.Withdrawing)
	t := Token{ID: e.Token, Step: e.Step, Frames: e.Frames, Since: e.Time}
	if e.Type == EvHeld {
		t.Held = e.Reason
	}
	if !e.Until.IsZero() {
		t.WaitUntil, t.WaitFixed = e.Until, e.Fixed
		s.Timers = append(s.Timers, Timer{ID: timerID(e, "w"), Kind: TimerWait, At: e.Until, Token: e.Token})
	}
	if old, ok := s.Token(e.Token); ok {
		t.Since = e.Time
		*old = t
		return nil
	}
	s.Tokens = append(s.Tokens, t)
	return nil
}

func foldRemoved(s *State, e *Event) error {
	if _, ok := s.Token(e.Token); !ok {
		if e.Type == EvRemoved {
			return fmt.Errorf("no token %s", e.Token)
		}
		return nil // a split or an end reached by a token that had not yet stopped anywhere
	}
	s.detach(e.Token, e.Withdrawing)
	s.Tokens = slices.DeleteFunc(s.Tokens, func(t Token) bool { return t.ID == e.Token })
	return nil
}

func foldEnded(s *State, e *Event) error {
	if e.Result != "" {
		s.Result = e.Result
	}
	return foldRemoved(s, e)
}

// detach drops what hangs on a token that moves: its timers, actions, calls, and the 撤回 records that
// depend on it staying where it was.
func (s *State) detach(token string, withdrawing bool) {
	s.Timers = slices.DeleteFunc(s.Timers, func(t Timer) bool { return t.Token == token })
	s.Actions = slices.DeleteFunc(s.Actions, func(a Action) bool { return a.Token == token })
	s.Calls = slices.DeleteFunc(s.Calls, func(c Call) bool { return c.Token == token })
	if !withdrawing {
		s.Undo = slices.DeleteFunc(s.Undo, func(u Undo) bool {
			return u.Anchor == token || slices.Contains(u.Tokens, token)
		})
	}
}

func foldJoined(s *State, e *Event) error {
	waiting := func(t Token) bool {
		return t.Step == e.Step && slices.ContainsFunc(t.Frames, func(f Frame) bool { return f.Act == e.Act })
	}
	for _, t := range s.Tokens {
		if waiting(t) {
			s.detach(t.ID, false)
		}
	}
	s.Tokens = slices.DeleteFunc(s.Tokens, waiting)
	s.Tokens = append(s.Tokens, Token{ID: e.Token, Step: e.Step, Frames: e.Frames, Since: e.Time})
	return nil
}

func foldSign(s *State, e *Event) error {
	t, ok := s.Token(e.Token)
	if !ok || e.Sign == nil {
		return fmt.Errorf("no token %s for the countersign", e.Token)
	}
	sg := *e.Sign
	sg.Signers = slices.Clone(e.Sign.Signers)
	t.Sign = &sg
	return nil
}

func foldSignRemoved(s *State, e *Event) error {
	sg, i := s.signer(e.Token, e.Person)
	if i < 0 {
		return fmt.Errorf("no signer %s", e.Person)
	}
	sg.Signers[i].Status, sg.Signers[i].Task, sg.Signers[i].Parked = SignerRemoved, "", nil
	return nil
}

func (s *State) signer(token, person string) (*Sign, int) {
	t, ok := s.Token(token)
	if !ok || t.Sign == nil {
		return nil, -1
	}
	for i, g := range t.Sign.Signers {
		if g.Person == person && g.Status != SignerRemoved {
			return t.Sign, i
		}
	}
	return nil, -1
}

// parked returns the task a 前加签 parked, while its adder waits for their turn (a copy).
func (s *State) parked(id string) (*Task, bool) {
	for _, tok := range s.Tokens {
		if tok.Sign == nil {
			continue
		}
		for _, g := range tok.Sign.Signers {
			if g.Parked != nil && g.Parked.ID == id && g.Status == SignerPending && g.Task == "" {
				t := g.Parked.clone()
				return &t, true
			}
		}
	}
	return nil, false
}

func (s *State) signerOfTask(task string) *Signer {
	for i := range s.Tokens {
		if sg := s.Tokens[i].Sign; sg != nil {
			for j := range sg.Signers {
				if sg.Signers[j].Task == task {
					return &sg.Signers[j]
				}
			}
		}
	}
	return nil
}

// touch drops the 撤回 records that depend on the task staying untouched.
func foldWaitShifted(s *State, e *Event) error {
	t, ok := s.Token(e.Token)
	if !ok {
		return fmt.Errorf("no token %s", e.Token)
	}
	t.WaitUntil = e.Until
	s.Timers = slices.DeleteFunc(s.Timers, func(tm Timer) bool { return tm.Token == e.Token })
	s.Timers = append(s.Timers, Timer{ID: timerID(e, "w"), Kind: TimerWait, At: e.Until, Token: e.Token})
	return nil
}

func foldFired(s *State, e *Event) error {
	n := len(s.Timers)
	s.Timers = slices.DeleteFunc(s.Timers, func(t Timer) bool { return t.ID == e.Timer })
	if len(s.Timers) == n {
		return fmt.Errorf("no timer %s", e.Timer)
	}
	return nil
}

func foldActionReq(s *State, e *Event) error {
	if e.Action == nil {
		return fmt.Errorf("no action")
	}
	s.Actions = append(s.Actions, *e.Action)
	return nil
}

func foldActionEnd(s *State, e *Event) error {
	n := len(s.Actions)
	s.Actions = slices.DeleteFunc(s.Actions, func(a Action) bool { return a.ID == e.Task })
	if len(s.Actions) == n {
		return fmt.Errorf("no action %s", e.Task)
	}
	applyChanges(s, e.Changes)
	return nil
}

func foldCallReq(s *State, e *Event) error {
	if e.Call == nil {
		return fmt.Errorf("no call")
	}
	s.Calls = append(s.Calls, *e.Call)
	return nil
}

func foldCallEnded(s *State, e *Event) error {
	i := slices.IndexFunc(s.Calls, func(c Call) bool { return c.ID == e.Task })
	if i < 0 {
		return fmt.Errorf("no call %s", e.Task)
	}
	applyChanges(s, e.Changes)
	if s.Status == StatusSuspended {
		s.Calls[i].Ended = true
		return nil
	}
	s.Calls = slices.Delete(s.Calls, i, i+1)
	return nil
}

func foldUndoSaved(s *State, e *Event) error {
	if e.Undo == nil {
		return fmt.Errorf("no undo record")
	}
	s.Undo = append(s.Undo, *e.Undo)
	return nil
}

// foldStepBack puts a withdrawn step back as it was before the completion.
func foldStepBack(s *State, e *Event) error {
	i := slices.IndexFunc(s.Undo, func(u Undo) bool { return u.Task == e.Task })
	if i < 0 {
		return fmt.Errorf("no withdrawable completion %s", e.Task)
	}
	u := s.Undo[i]
	s.Undo = slices.Delete(s.Undo, i, i+1)
	if u.Token != nil {
		t := u.Token.clone()
		t.Since = e.Time
		if old, ok := s.Token(t.ID); ok {
			*old = t
		} else {
			s.Tokens = append(s.Tokens, t)
		}
	} else if sg, j := s.signer(u.Anchor, u.Signer); j >= 0 {
		sg.Signers[j].Status = SignerPending
		for _, p := range u.Reset {
			if sg2, k := s.signer(u.Anchor, p); k >= 0 {
				sg2.Signers[k].Status, sg2.Signers[k].Task = SignerPending, ""
			}
		}
	}
	for _, c := range u.Changes {
		if reflect.DeepEqual(s.Values[c.Field], c.New) {
			setValue(s.Values, c.Field, c.Old)
		}
	}
	s.Circulated = slices.DeleteFunc(s.Circulated, func(p string) bool { return slices.Contains(u.Readers, p) })
	return nil
}

func applyChanges(s *State, cs []Change) {
	if len(cs) == 0 {
		return
	}
	if s.Values == nil {
		s.Values = process.Values{}
	}
	for _, c := range cs {
		setValue(s.Values, c.Field, c.New)
	}
}

func setValue(v process.Values, field string, x any) {
	if x == nil {
		delete(v, field)
		return
	}
	v[field] = x
}
