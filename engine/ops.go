package engine

import (
	"strings"

	"github.com/govflow/govflow"
)

// operation is one Op's rules: allow says whether the actor may issue it here and now (what the task page
// shows), exec does it and refuses bad parameters through r.fail.
type operation struct {
	task      bool // acts on the open task Command.Task
	afterEnd  bool // allowed once the instance has ended
	suspended bool // allowed while the instance is suspended
	parked    bool // also on the task a 前加签 parked (Signer.Parked)
	allow     func(r *run, t *Task) error
	exec      func(r *run, t *Task)
}

var operations map[Op]operation

// order is the order operations appear in on a task page.
var order = []Op{OpClaim, OpComplete, OpApprove, OpReject, OpReturn, OpSave, OpTransfer, OpDelegate, OpAddSign,
	OpRemoveSign, OpRelease, OpCopy, OpUrge, OpWithdraw, OpSuspend, OpResume, OpTerminate, OpReassign, OpMove,
	OpRetry, OpOpen}

func init() {
	operations = map[Op]operation{
		OpStart:      {allow: allowStart, exec: execStart},
		OpOpen:       {task: true, afterEnd: true, suspended: true, allow: allowOpen, exec: execOpen},
		OpClaim:      {task: true, allow: allowClaim, exec: execClaim},
		OpRelease:    {task: true, allow: allowRelease, exec: execRelease},
		OpSave:       {task: true, allow: allowSave, exec: execSave},
		OpComplete:   {task: true, afterEnd: true, allow: allowComplete, exec: execComplete},
		OpApprove:    {task: true, allow: allowDecide, exec: execApprove},
		OpReject:     {task: true, allow: allowDecide, exec: execReject},
		OpReturn:     {task: true, allow: allowReturn, exec: execReturn},
		OpWithdraw:   {allow: allowWithdraw, exec: execWithdraw},
		OpTransfer:   {task: true, allow: allowHandOn, exec: execTransfer},
		OpDelegate:   {task: true, allow: allowHandOn, exec: execDelegate},
		OpAddSign:    {task: true, allow: allowAddSign, exec: execAddSign},
		OpRemoveSign: {task: true, parked: true, allow: allowRemoveSign, exec: execRemoveSign},
		OpCopy:       {afterEnd: true, allow: allowCopy, exec: execCopy},
		OpUrge:       {task: true, allow: allowUrge, exec: execUrge},
		OpSuspend:    {allow: allowSuspend, exec: execSuspend},
		OpResume:     {suspended: true, allow: allowResume, exec: execResume},
		OpTerminate:  {suspended: true, allow: allowTerminate, exec: execTerminate},
		OpMove:       {allow: allowMove, exec: execMove},
		OpReassign:   {task: true, allow: allowReassign, exec: execReassign},
		OpRetry:      {allow: allowRetry, exec: execRetry},
		OpFireTimer:  {exec: execFireTimer},
		OpActionDone: {exec: execActionDone},
		OpChildEnded: {suspended: true, exec: execChildEnded},
	}
}

func forbid(format string, args ...any) error {
	return govflow.Errorf(govflow.EFORBIDDEN, format, args...)
}
func invalid(format string, args ...any) error {
	return govflow.Errorf(govflow.EINVALID, format, args...)
}
func conflict(format string, args ...any) error {
	return govflow.Errorf(govflow.ECONFLICT, format, args...)
}

// holds checks the actor may work the task: its assignee, or a candidate of its unclaimed pool.
func (r *run) holds(t *Task) error {
	if t.MayHold(r.actor.ID) {
		return nil
	}
	if t.Assignee != "" && len(t.Candidates) > 0 {
		return conflict("该任务已被他人认领")
	}
	return forbid("您不是该任务的办理人")
}

// works checks the actor may work a blocking task that is not out on delegation.
func (r *run) works(t *Task) error {
	if !t.Blocking() {
		return invalid("传阅和抄送只需阅知，不能进行此操作")
	}
	if err := r.holds(t); err != nil {
		return err
	}
	if t.DelegatedBy != "" {
		return invalid("这是委派给您的任务，请办理后交回委派人")
	}
	return nil
}

// claimIfPool claims an unclaimed pool task for the actor before they act on it, and returns the task as
// it is then (a copy).
func (r *run) claimIfPool(t *Task) *Task {
	if t.Assignee == "" {
		execClaim(r, t)
	}
	if x, ok := r.st.Task(t.ID); ok {
		c := x.clone()
		return &c
	}
	return t
}

func needText(s, what string) error {
	if strings.TrimSpace(s) == "" {
		return invalid("请填写%s", what)
	}
	return nil
}

// failWith records err as the run's refusal.
func (r *run) failWith(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

func (r *run) tokenOf(t *Task) *Token {
	tok, _ := r.st.Token(t.Token)
	return tok
}
