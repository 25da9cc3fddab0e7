package engine

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/govflow/govflow/process"
)

// Instance statuses.
const (
	StatusRunning    = "running"
	StatusSuspended  = "suspended"
	StatusCompleted  = "completed"
	StatusTerminated = "terminated"
)

// Outcomes recorded by the end of an instance besides an end step's own result.
const (
	ResultDone       = "办结"
	ResultRejected   = "不予通过"
	ResultTerminated = "已终止"
)

// State is one instance: a plain value that round-trips through JSON. It changes only by folding events
// (Fold), so the event log rebuilds it exactly (Replay). Seq counts the events folded and is the version the
// store checks when it writes the state back.
type State struct {
	Instance      string         `json:"instance"`
	Process       string         `json:"process"`
	Version       int            `json:"version"` // the definition's version
	Seq           int64          `json:"seq"`
	Status        string         `json:"status"`
	Result        string         `json:"result,omitempty"`
	Initiator     string         `json:"initiator"`
	InitiatorUnit string         `json:"initiator_unit,omitempty"`
	Parent        string         `json:"parent,omitempty"`      // the instance that called this one
	ParentCall    string         `json:"parent_call,omitempty"` // the call in the parent waiting for it
	Started       time.Time      `json:"started"`
	Ended         time.Time      `json:"ended,omitzero"`
	Suspension    *Suspension    `json:"suspension,omitempty"`
	Values        process.Values `json:"values"`
	Tokens        []Token        `json:"tokens,omitempty"`
	Tasks         []Task         `json:"tasks,omitempty"` // open tasks only; closed ones live in the event log
	Timers        []Timer        `json:"timers,omitempty"`
	Actions       []Action       `json:"actions,omitempty"`
	Calls         []Call         `json:"calls,omitempty"`
	Trail         []Pass         `json:"trail,omitempty"`
	Circulated    []string       `json:"circulated,omitempty"` // people who have been given this instance to read
	Copied        []string       `json:"copied,omitempty"`     // people it has been copied to (抄送)
	Undo          []Undo         `json:"undo,omitempty"`
}

// Suspension records a 挂起.
type Suspension struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

// Token is one running path through the graph.
type Token struct {
	ID        string    `json:"id"`
	Step      string    `json:"step"`
	Frames    []Frame   `json:"frames,omitempty"` // the parallel activations it is inside, outermost first
	Since     time.Time `json:"since"`
	Held      string    `json:"held,omitempty"` // why it cannot enter Step; an administrator must retry or move it
	Sign      *Sign     `json:"sign,omitempty"` // the countersign of an approval step
	WaitUntil time.Time `json:"wait_until,omitzero"`
	WaitFixed bool      `json:"wait_fixed,omitempty"` // until a date field: not shifted by a suspension
}

// Frame is one parallel activation a token belongs to: the split that made it, and which of its branches.
type Frame struct {
	Split  string `json:"split"`
	Act    string `json:"act"`
	Branch int    `json:"branch"`
}

// Sign is the countersign (会签) of one approval step's activation.
type Sign struct {
	Mode    string   `json:"mode"`
	Ratio   float64  `json:"ratio,omitempty"`
	Flags   []string `json:"flags,omitempty"` // given to every approver's task (e.g. nobody found: the head)
	Signers []Signer `json:"signers"`
}

// Signer statuses.
const (
	SignerPending = "pending" // not yet their turn (依次, 后加签) or waiting for people added before them
	SignerActive  = "active"  // has an open task
	SignerAgreed  = "agreed"
	SignerReject  = "rejected"
	SignerRemoved = "removed" // 减签
)

// Signer is one approver of a countersign.
type Signer struct {
	Person  string   `json:"person"`
	Unit    string   `json:"unit,omitempty"`
	Status  string   `json:"status"`
	Task    string   `json:"task,omitempty"`
	AddedBy string   `json:"added_by,omitempty"` // 加签: who added them
	After   string   `json:"after,omitempty"`    // 后加签 (parallel modes): their turn comes when After has agreed
	Waits   []string `json:"waits,omitempty"`    // 前加签 (parallel modes): their turn comes when these have decided
	Parked  *Task    `json:"parked,omitempty"`   // 前加签: the adder's withdrawn task; they may 减签 from it meanwhile
}

// Task kinds.
const (
	KindDo      = "do"      // 办理 (a task step, or the start step after a return)
	KindApprove = "approve" // 审批 (one approver of an approval step)
	KindRead    = "read"    // 传阅 reading; does not block the flow
	KindCopy    = "cc"      // 抄送; read receipt only
)

// Task is one open work item of one person (or of a pool until someone claims it).
type Task struct {
	ID          string      `json:"id"`
	Kind        string      `json:"kind"`
	Token       string      `json:"token,omitempty"`
	Step        string      `json:"step"`
	StepName    string      `json:"step_name"`
	Unit        string      `json:"unit,omitempty"`     // the unit the work belongs to
	Assignee    string      `json:"assignee,omitempty"` // "" while a pool task is unclaimed
	OnBehalfOf  string      `json:"on_behalf_of,omitempty"`
	Candidates  []Candidate `json:"candidates,omitempty"` // a pool: whoever claims first
	Pool        string      `json:"pool,omitempty"`       // the pool's description, e.g. 秘书处·收发员
	DelegatedBy string      `json:"delegated_by,omitempty"`
	By          string      `json:"by,omitempty"`     // who caused it: cc sender, 加签 adder, returner
	Reason      string      `json:"reason,omitempty"` // why it exists besides the flow: 退回, 撤回, 加签 …
	Created     time.Time   `json:"created"`
	Opened      time.Time   `json:"opened,omitzero"`
	Due         time.Time   `json:"due,omitzero"`
	Remind      time.Time   `json:"remind,omitzero"`
	Escalate    string      `json:"escalate,omitempty"` // unit_head (default), overseer, none
	Reminded    bool        `json:"reminded,omitempty"`
	Escalated   bool        `json:"escalated,omitempty"`
	Flags       []string    `json:"flags,omitempty"`
	Urges       []Urge      `json:"urges,omitempty"`
}

// Candidate is one member of a task's pool; OnBehalfOf is set when they stand in for an absent person (代理).
type Candidate struct {
	Person     string `json:"person"`
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
}

// Urge is one 催办.
type Urge struct {
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Message string    `json:"message,omitempty"`
}

// Task flags; FlagLabel gives their Chinese text.
const (
	FlagUnresolved = "unresolved"  // nobody holds the post: given to the unit's head
	FlagOwnerHead  = "owner_head"  // not even a unit head: given to the owner unit's head
	FlagDueUnknown = "due_unknown" // the calendar lacks a year the deadline touches
	FlagNoDue      = "no_due"      // the step's limit could not be computed
	FlagEscalated  = "escalated"   // overdue and escalated
	FlagActing     = "acting"      // done by the acting person (代理)
	FlagReturned   = "returned"    // created by a 退回
)

// FlagLabel returns a flag's Chinese text.
func FlagLabel(f string) string {
	switch f {
	case FlagUnresolved:
		return "未找到办理人，已交处室负责人"
	case FlagOwnerHead:
		return "未找到办理人，已交流程牵头单位负责人"
	case FlagDueUnknown:
		return "办理期限涉及尚未公布放假安排的年份，仅供参考"
	case FlagNoDue:
		return "时限无法计算"
	case FlagEscalated:
		return "已超期并已上报"
	case FlagActing:
		return "代理办理"
	case FlagReturned:
		return "被退回"
	}
	return f
}

// Timer kinds.
const (
	TimerRemind   = "remind"   // before a task's due instant
	TimerEscalate = "escalate" // at a task's due instant
	TimerWait     = "wait"     // a wait step
)

// Timer is a durable job the service schedules; when it is due the service sends OpFireTimer.
type Timer struct {
	ID    string    `json:"id"`
	Kind  string    `json:"kind"`
	At    time.Time `json:"at"`
	Task  string    `json:"task,omitempty"`
	Token string    `json:"token,omitempty"`
}

// Action is an automatic step's request: the service performs it in the same transaction and answers with
// OpActionDone.
type Action struct {
	ID    string `json:"id"`
	Token string `json:"token"`
	Step  string `json:"step"`
	Name  string `json:"name"`
}

// Call is a running child instance; its id is the child instance's id. The service answers with OpChildEnded.
type Call struct {
	ID      string `json:"id"`
	Token   string `json:"token"`
	Step    string `json:"step"`
	Process string `json:"process"`
	Ended   bool   `json:"ended,omitempty"` // ended while the instance was suspended; goes on at resume
}

// Pass is one completed piece of human work, in order: the instance's trail (退回 targets, performer_of,
// repeated approvers).
type Pass struct {
	Step    string    `json:"step"`
	Task    string    `json:"task,omitempty"`
	Person  string    `json:"person"`          // responsible person (the absent one when done by 代理)
	Actor   string    `json:"actor,omitempty"` // who actually did it, when different
	Outcome string    `json:"outcome"`
	At      time.Time `json:"at"`
	Frames  []Frame   `json:"frames,omitempty"`
}

// Undo is what a 撤回 needs to put a completion back, kept while what it caused is untouched.
type Undo struct {
	Task    string   `json:"task"`  // the completed task
	Actor   string   `json:"actor"` // who may withdraw it
	Step    string   `json:"step"`
	Token   *Token   `json:"token,omitempty"`  // the token as it was, when the completion moved it on
	Anchor  string   `json:"anchor,omitempty"` // partial countersign decision: the token that stayed
	Signer  string   `json:"signer,omitempty"` // partial: whose decision is undone
	Reset   []string `json:"reset,omitempty"`  // partial: signers the decision made active, back to pending
	Tasks   []Task   `json:"tasks"`            // the open tasks to give back, as they were
	Changes []Change `json:"changes,omitempty"`
	Next    []string `json:"next,omitempty"`    // tasks it created
	Tokens  []string `json:"tokens,omitempty"`  // tokens it created or moved
	Readers []string `json:"readers,omitempty"` // readers it circulated to
}

// Task returns the open task with the given id.
func (s *State) Task(id string) (*Task, bool) {
	for i := range s.Tasks {
		if s.Tasks[i].ID == id {
			return &s.Tasks[i], true
		}
	}
	return nil, false
}

// Token returns the token with the given id.
func (s *State) Token(id string) (*Token, bool) {
	for i := range s.Tokens {
		if s.Tokens[i].ID == id {
			return &s.Tokens[i], true
		}
	}
	return nil, false
}

// Finished reports whether the instance has ended (completed or terminated).
func (s *State) Finished() bool {
	return s.Status == StatusCompleted || s.Status == StatusTerminated
}

// OpenTasks returns the open tasks, for projection into inboxes: who holds each (or its pool), due instant
// and flags.
func (s *State) OpenTasks() []Task { return s.Tasks }

// Holder returns the person the task belongs to: the acting person's principal, else the assignee.
func (t *Task) Holder() string {
	if t.OnBehalfOf != "" {
		return t.OnBehalfOf
	}
	return t.Assignee
}

// Blocking reports whether the task holds up the flow (do and approve tasks do; reading and copies do not).
func (t *Task) Blocking() bool { return t.Kind == KindDo || t.Kind == KindApprove }

// MayHold reports whether person may act on the task now: its assignee, or a candidate of an unclaimed pool.
func (t *Task) MayHold(person string) bool {
	if t.Assignee != "" {
		return t.Assignee == person
	}
	return slices.ContainsFunc(t.Candidates, func(c Candidate) bool { return c.Person == person })
}

// Clone returns a deep copy; stored values are shared, as the engine never changes one in place.
func (s *State) Clone() *State {
	c := *s
	c.Values = cloneValues(s.Values)
	c.Tokens = cloneSlice(s.Tokens, (*Token).clone)
	c.Tasks = cloneSlice(s.Tasks, (*Task).clone)
	c.Timers = slices.Clone(s.Timers)
	c.Actions = slices.Clone(s.Actions)
	c.Calls = slices.Clone(s.Calls)
	c.Trail = slices.Clone(s.Trail)
	c.Circulated = slices.Clone(s.Circulated)
	c.Copied = slices.Clone(s.Copied)
	c.Undo = slices.Clone(s.Undo)
	if s.Suspension != nil {
		sp := *s.Suspension
		c.Suspension = &sp
	}
	return &c
}

func cloneSlice[T any](in []T, f func(*T) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i := range in {
		out[i] = f(&in[i])
	}
	return out
}

func (t *Token) clone() Token {
	c := *t
	c.Frames = slices.Clip(t.Frames)
	if t.Sign != nil {
		sg := *t.Sign
		sg.Signers = slices.Clone(t.Sign.Signers)
		c.Sign = &sg
	}
	return c
}

// ActingFor is the absent person the task's holder stands in for (代理). A delegate (委派) stands in for
// nobody: the task keeps the delegator's OnBehalfOf for when it comes back.
func (t *Task) ActingFor() string {
	if t.DelegatedBy != "" {
		return ""
	}
	return t.OnBehalfOf
}

func (t *Task) clone() Task {
	c := *t
	c.Candidates = slices.Clip(t.Candidates)
	c.Flags = slices.Clip(t.Flags)
	c.Urges = slices.Clip(t.Urges)
	return c
}

func cloneValues(v process.Values) process.Values {
	if v == nil {
		return nil
	}
	out := make(process.Values, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}

// UnmarshalJSON restores stored values to their Go types: lists of strings decode as []string.
func (s *State) UnmarshalJSON(b []byte) error {
	type plain State
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*s = State(p)
	if s.Values == nil {
		s.Values = process.Values{}
	}
	for k, v := range s.Values {
		s.Values[k] = normalValue(v)
	}
	for i := range s.Undo {
		normalChanges(s.Undo[i].Changes)
	}
	return nil
}

// normalValue turns a JSON-decoded value into its stored type.
func normalValue(v any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, ok := e.(string)
		if !ok {
			return v
		}
		out = append(out, s)
	}
	return out
}

func normalChanges(cs []Change) {
	for i := range cs {
		cs[i].Old = normalValue(cs[i].Old)
		cs[i].New = normalValue(cs[i].New)
	}
}
