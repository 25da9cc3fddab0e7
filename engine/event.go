package engine

import (
	"encoding/json"
	"time"
)

// Event types. Each is one state transition; Fold applies it. docs/engine-operations.md lists them with the
// lifecycle each carries.
const (
	EvStarted     = "instance.started"
	EvSuspended   = "instance.suspended"
	EvResumed     = "instance.resumed"
	EvTerminated  = "instance.terminated"
	EvCompleted   = "instance.completed"
	EvEntered     = "token.entered" // a token enters a step (created when new)
	EvSplit       = "token.split"   // a token ends at a parallel split; its branches enter next
	EvRemoved     = "token.removed" // cancelled
	EvHeld        = "token.held"    // cannot enter a step: precondition, nobody to assign, action failed
	EvEnded       = "token.ended"   // reached an end step
	EvSkipped     = "step.skipped"
	EvJoined      = "join.fired"
	EvSignOpened  = "sign.opened"
	EvSignAdded   = "sign.added"
	EvSignRemoved = "sign.removed"
	EvCreated     = "task.created"
	EvOpened      = "task.opened"
	EvClaimed     = "task.claimed"
	EvReleased    = "task.released"
	EvDone        = "task.completed"
	EvCancelled   = "task.cancelled"
	EvWithdrawn   = "task.withdrawn"
	EvTransferred = "task.transferred"
	EvDelegated   = "task.delegated"
	EvResolved    = "task.resolved" // the delegate hands the task back
	EvUrged       = "task.urged"
	EvReminded    = "task.reminded"
	EvEscalated   = "task.escalated"
	EvRescheduled = "task.rescheduled"
	EvWaitShifted = "wait.rescheduled"
	EvSaved       = "data.saved"
	EvFired       = "timer.fired"
	EvActionReq   = "action.requested"
	EvActionDone  = "action.done"
	EvActionFail  = "action.failed"
	EvCallReq     = "call.requested"
	EvCallEnded   = "call.ended"
	EvUndoSaved   = "undo.saved"
	EvStepBack    = "step.withdrawn" // a 撤回 puts the withdrawn step back
)

// Lifecycle transitions, after the XES standard lifecycle extension. Events that are not a transition of an
// activity (token movements, bookkeeping) have none.
const (
	LcSchedule   = "schedule"
	LcAssign     = "assign"
	LcReassign   = "reassign"
	LcStart      = "start"
	LcComplete   = "complete"
	LcAutoskip   = "autoskip"
	LcManualskip = "manualskip"
	LcWithdraw   = "withdraw"
	LcAbort      = "ate_abort"
	LcSuspend    = "suspend"
	LcResume     = "resume"
	LcCaseAbort  = "pi_abort"
)

// Outcomes of a completed task.
const (
	OutDone   = "done"   // 办理
	OutAgree  = "agree"  // 同意
	OutReject = "reject" // 不同意
	OutReturn = "return" // 退回
	OutRead   = "read"   // 已阅
	OutStart  = "start"  // the start step, by the initiator
)

// Event is one transition of one instance: the audit trail and the process-mining log. Case = Instance,
// activity = Step/StepName, Lifecycle, Unit, Actor (and OnBehalfOf, DelegatedBy), Time, Opinion and Changes
// are the columns reports use; the remaining fields carry what Fold needs to rebuild the state.
type Event struct {
	Seq         int64     `json:"seq"`
	Instance    string    `json:"instance"`
	Type        string    `json:"type"`
	Lifecycle   string    `json:"lifecycle,omitempty"`
	Time        time.Time `json:"time"`
	Step        string    `json:"step,omitempty"`
	StepName    string    `json:"step_name,omitempty"`
	Unit        string    `json:"unit,omitempty"`
	Actor       string    `json:"actor,omitempty"`
	OnBehalfOf  string    `json:"on_behalf_of,omitempty"`
	DelegatedBy string    `json:"delegated_by,omitempty"` // 委派: whose task the actor works (not 代理)
	Opinion     string    `json:"opinion,omitempty"`
	Changes     []Change  `json:"changes,omitempty"`
	Outcome     string    `json:"outcome,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Result      string    `json:"result,omitempty"`

	Task    string    `json:"task,omitempty"`
	Token   string    `json:"token,omitempty"`
	From    string    `json:"from,omitempty"`   // the step a token came from
	Branch  string    `json:"branch,omitempty"` // the exclusive branch taken
	Target  string    `json:"target,omitempty"` // the step a return or a move goes to
	Frames  []Frame   `json:"frames,omitempty"`
	Act     string    `json:"act,omitempty"`     // a parallel activation
	Person  string    `json:"person,omitempty"`  // the person a task moves to, or a signer
	For     string    `json:"for,omitempty"`     // the absent person Person stands in for (代理)
	Persons []string  `json:"persons,omitempty"` // signers added, people copied
	Before  bool      `json:"before,omitempty"`
	Due     time.Time `json:"due,omitzero"`
	Remind  time.Time `json:"remind,omitzero"`
	Until   time.Time `json:"until,omitzero"` // a wait step's instant
	Fixed   bool      `json:"fixed,omitempty"`
	Timer   string    `json:"timer,omitempty"`

	Process     string  `json:"process,omitempty"` // instance.started, call.requested
	Version     int     `json:"version,omitempty"`
	Parent      string  `json:"parent,omitempty"`
	ParentCall  string  `json:"parent_call,omitempty"`
	NewTask     *Task   `json:"new_task,omitempty"`
	Sign        *Sign   `json:"sign,omitempty"`
	Action      *Action `json:"action,omitempty"`
	Call        *Call   `json:"call,omitempty"`
	Undo        *Undo   `json:"undo,omitempty"`
	Withdrawing bool    `json:"withdrawing,omitempty"` // a cancellation that is part of a 撤回
}

// Change is one field's change.
type Change struct {
	Field string `json:"field"`
	Old   any    `json:"old,omitempty"`
	New   any    `json:"new,omitempty"`
}

// UnmarshalJSON restores stored values in changes to their Go types.
func (e *Event) UnmarshalJSON(b []byte) error {
	type plain Event
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*e = Event(p)
	normalChanges(e.Changes)
	if e.Undo != nil {
		normalChanges(e.Undo.Changes)
	}
	return nil
}
