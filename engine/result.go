package engine

import (
	"slices"

	"github.com/govflow/govflow/process"
)

// Result is the outcome of one command: the new state, its events, and what the service must do in the same
// transaction (schedule and cancel timers, perform actions, start and stop child instances, tell a parent
// that this instance ended) or after it commits (send notifications).
type Result struct {
	State    *State
	Events   []Event
	Schedule []Timer        // durable jobs to add; each fires OpFireTimer once at At
	Cancel   []Timer        // jobs no longer wanted
	Actions  []Action       // automatic steps to perform now; answer each with OpActionDone
	Start    []ChildStart   // child instances to start; their end comes back as OpChildEnded
	Stop     []string       // child instances to terminate (the call was cancelled)
	Ended    *ChildEnd      // set when a called instance has just ended: send OpChildEnded to its parent
	Notify   []Notification // messages to people
}

// ChildStart asks the service to start a catalog process as a child instance.
type ChildStart struct {
	Instance  string         // the child's instance id (the call's id)
	Process   string         // the catalog process to start
	Parent    string         // this instance
	Call      string         // the call waiting for it
	Initiator string         // the child is started in the name of the parent's initiator
	Values    process.Values // the parent's fields; the child keeps those it declares
}

// ChildEnd tells the service to report a child's end to its parent.
type ChildEnd struct {
	Parent string
	Call   string
	Result string
	Values process.Values
}

// Notification kinds.
const (
	NoteTask     = "task"     // a new task for you (or your pool)
	NoteRead     = "read"     // a document to read (传阅)
	NoteCopy     = "cc"       // copied to you (抄送)
	NoteUrge     = "urge"     // 催办
	NoteRemind   = "remind"   // a task nears its deadline
	NoteEscalate = "escalate" // a task is overdue (to the unit head or 分管领导)
	NoteReturned = "returned" // your work came back (退回 or 不同意)
	NoteEnded    = "ended"    // your instance ended (to the initiator)
)

// Notification is one message to send.
type Notification struct {
	Kind     string   `json:"kind"`
	To       []string `json:"to"`
	Instance string   `json:"instance"`
	Task     string   `json:"task,omitempty"`
	Step     string   `json:"step,omitempty"`
	Text     string   `json:"text"`
}

func (r *run) result(old *State) *Result {
	res := &Result{State: r.st, Events: r.events}
	res.Schedule, res.Cancel = diff(old.Timers, r.st.Timers)
	res.Actions, _ = diff(old.Actions, r.st.Actions)
	calls, gone := diffBy(old.Calls, r.st.Calls, func(c Call) string { return c.ID })
	for _, c := range calls {
		res.Start = append(res.Start, ChildStart{Instance: c.ID, Process: c.Process, Parent: r.st.Instance,
			Call: c.ID, Initiator: r.st.Initiator, Values: cloneValues(r.st.Values)})
	}
	for _, c := range gone {
		if !r.ended(c.ID) {
			res.Stop = append(res.Stop, c.ID)
		}
	}
	if r.st.Parent != "" && r.st.Finished() && !old.Finished() {
		res.Ended = &ChildEnd{Parent: r.st.Parent, Call: r.st.ParentCall, Result: r.st.Result,
			Values: cloneValues(r.st.Values)}
	}
	res.Notify = r.notifications()
	return res
}

// ended reports whether the call finished in this command (rather than being cancelled).
func (r *run) ended(call string) bool {
	return slices.ContainsFunc(r.events, func(e Event) bool { return e.Type == EvCallEnded && e.Task == call })
}

// diff returns what is in b and not a (added), and what is in a and not b (removed), by value.
func diff[T comparable](a, b []T) (added, removed []T) {
	for _, x := range b {
		if !slices.Contains(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}

// diffBy is diff by a key.
func diffBy[T any](a, b []T, key func(T) string) (added, removed []T) {
	has := func(l []T, k string) bool { return slices.ContainsFunc(l, func(x T) bool { return key(x) == k }) }
	for _, x := range b {
		if !has(a, key(x)) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !has(b, key(x)) {
			removed = append(removed, x)
		}
	}
	return added, removed
}

func (r *run) notifications() []Notification {
	var out []Notification
	name := r.c.Def.Name
	for i := range r.events {
		e := &r.events[i]
		n := Notification{Instance: r.st.Instance, Task: e.Task, Step: e.Step}
		switch e.Type {
		case EvCreated:
			t := e.NewTask
			n.Task, n.To = t.ID, t.people()
			switch t.Kind {
			case KindRead:
				n.Kind, n.Text = NoteRead, "请阅：《"+name+"》"+t.StepName
			case KindCopy:
				n.Kind, n.Text = NoteCopy, "抄送给您：《"+name+"》"
			default:
				n.Kind, n.Text = NoteTask, "您有新的待办：《"+name+"》"+t.StepName
				if t.Reason != "" {
					n.Text += "（" + t.Reason + "）"
				}
				if slices.Contains(t.Flags, FlagReturned) {
					n.Kind = NoteReturned
				}
			}
		case EvTransferred, EvDelegated:
			n.Kind, n.To, n.Text = NoteTask, []string{e.Person}, "您有新的待办：《"+name+"》"+e.StepName+"（"+e.Reason+"）"
		case EvResolved:
			n.Kind, n.To, n.Text = NoteTask, []string{e.Person}, "委派的任务已办毕交回：《"+name+"》"+e.StepName
		case EvUrged:
			n.Kind, n.To, n.Text = NoteUrge, e.Persons, "催办：请尽快办理《"+name+"》"+e.StepName
			if e.Reason != "" {
				n.Text += "。" + e.Reason
			}
		case EvReminded:
			n.Kind, n.To, n.Text = NoteRemind, e.Persons, "即将到期：《"+name+"》"+e.StepName
		case EvEscalated:
			n.Kind, n.To, n.Text = NoteEscalate, e.Persons, "已超期：《"+name+"》"+e.StepName+"，请督促办理"
		case EvCompleted, EvTerminated:
			n.Kind, n.To, n.Text = NoteEnded, []string{r.st.Initiator}, "《"+name+"》已"+statusText(r.st.Status)+"："+r.st.Result
		default:
			continue
		}
		if len(n.To) > 0 {
			out = append(out, n)
		}
	}
	return out
}

// people returns who a task reaches: its assignee, or every candidate of its pool.
func (t *Task) people() []string {
	if t.Assignee != "" {
		return []string{t.Assignee}
	}
	out := make([]string, 0, len(t.Candidates))
	for _, c := range t.Candidates {
		out = append(out, c.Person)
	}
	return out
}
