// Package engine runs catalog processes. It is pure: Apply takes a compiled definition, an instance's state,
// a command, the time and an Env (deadlines, the organisation) and returns the new state, the events and the
// requests the service must carry out (timers, automatic actions, child instances, notifications). It does
// no I/O, reads no clock and draws no random numbers; identifiers derive from the instance id and the event
// sequence. The state changes only by folding events, so Replay rebuilds it from the log.
// docs/engine-operations.md states the rules of every operation.
package engine

import (
	"fmt"
	"strconv"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// maxEntries bounds the steps one command may move through (a loop of steps that are all skipped).
const maxEntries = 2000

// run is one command being applied to a private copy of the state.
type run struct {
	c      *Compiled
	st     *State
	env    Env
	now    time.Time
	cmd    *Command
	events []Event
	err    error
	steps  int
	actor  Person
}

// Apply applies cmd to st at now. On success it returns the new state (st itself is never changed), the
// events, and the requests for the service; a refused command returns a *govflow.Error and changes nothing.
func Apply(c *Compiled, st *State, cmd Command, now time.Time, env Env) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, &govflow.Error{Code: govflow.EINTERNAL, Message: "流程引擎内部错误",
				Err: fmt.Errorf("apply %s: %v", cmd.Op, p)}
		}
	}()
	if c == nil {
		return nil, govflow.Errorf(govflow.EINVALID, "缺少流程定义")
	}
	if st == nil {
		st = &State{}
	}
	r := &run{c: c, st: st.Clone(), env: env, now: now, cmd: &cmd, events: make([]Event, 0, 8)}
	if err := r.dispatch(); err != nil {
		return nil, err
	}
	r.finish()
	if r.err != nil {
		return nil, r.err
	}
	return r.result(st), nil
}

func (r *run) dispatch() error {
	op, ok := operations[r.cmd.Op]
	if !ok {
		return govflow.Errorf(govflow.EINVALID, "未知的操作 %q", r.cmd.Op)
	}
	if err := r.admit(op); err != nil {
		return err
	}
	var t *Task
	if op.task {
		found, err := r.operand(op, r.cmd.Task)
		if err != nil {
			return err
		}
		c := found.clone()
		t = &c // a copy: events change the state's slices under any pointer into them
	}
	if op.allow != nil {
		if err := op.allow(r, t); err != nil {
			return err
		}
	}
	op.exec(r, t)
	return r.err
}

// admit checks what every operation needs: the right instance, a known actor, and a state that takes it.
func (r *run) admit(op operation) error {
	if r.cmd.Op == OpStart {
		if r.st.Seq != 0 {
			return govflow.Errorf(govflow.ECONFLICT, "流程实例已发起，不能重复发起")
		}
	} else {
		if r.st.Seq == 0 {
			return govflow.Errorf(govflow.ENOTFOUND, "未找到该流程实例")
		}
		if r.st.Process != r.c.Def.ID || r.st.Version != r.c.Def.Version {
			return govflow.Errorf(govflow.EINVALID, "流程实例与流程定义的版本不符")
		}
	}
	if !r.cmd.Op.System() && !(r.cmd.Op == OpTerminate && r.cmd.Actor == "") {
		p, ok := r.env.Directory.Person(r.cmd.Actor)
		if !ok {
			return govflow.Errorf(govflow.ENOTFOUND, "未找到人员“%s”", r.cmd.Actor)
		}
		r.actor = p
	}
	switch {
	case r.st.Finished() && !op.afterEnd:
		return govflow.Errorf(govflow.ECONFLICT, "流程已%s，不能再%s", statusText(r.st.Status), r.cmd.Op.Label())
	case r.st.Status == StatusSuspended && !op.suspended:
		return govflow.Errorf(govflow.ECONFLICT, "流程已挂起，恢复后才能%s", r.cmd.Op.Label())
	}
	return nil
}

func statusText(s string) string {
	switch s {
	case StatusCompleted:
		return "结束"
	case StatusTerminated:
		return "终止"
	case StatusSuspended:
		return "挂起"
	}
	return "运行"
}

// operand finds the task an operation acts on: an open one, or one a 前加签 parked when the operation takes it.
func (r *run) operand(op operation, id string) (*Task, error) {
	if op.parked {
		if t, ok := r.st.parked(id); ok {
			return t, nil
		}
	}
	return r.task(id)
}

// task finds an open task; one that existed and is closed now is "already handled".
func (r *run) task(id string) (*Task, error) {
	if t, ok := r.st.Task(id); ok {
		return t, nil
	}
	if r.existed(id, "-t") {
		return nil, govflow.Errorf(govflow.ECONFLICT, "该任务已被处理")
	}
	return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该任务")
}

// existed reports whether id is one this instance handed out (prefix + event sequence so far).
func (r *run) existed(id, kind string) bool {
	rest, ok := cutPrefix(id, r.st.Instance+kind)
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return err == nil && n > 0 && n <= r.st.Seq
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) < len(p) || s[:len(p)] != p {
		return "", false
	}
	return s[len(p):], true
}

// emit folds an event into the run's state and records it. A fold error is a defect of the engine.
func (r *run) emit(e Event) {
	if r.err != nil {
		return
	}
	e.Seq, e.Instance, e.Time = r.st.Seq+1, r.st.Instance, r.now
	if e.Type == EvStarted {
		e.Instance = r.cmd.Instance
	}
	if e.Step != "" && e.StepName == "" {
		e.StepName = r.c.StepName(e.Step)
	}
	if err := r.st.Fold(&e); err != nil {
		r.err = &govflow.Error{Code: govflow.EINTERNAL, Message: "流程引擎内部错误", Err: err}
		return
	}
	r.events = append(r.events, e)
}

// fail stops the run with a refusal; the first one wins.
func (r *run) fail(code, format string, args ...any) {
	if r.err == nil {
		r.err = govflow.Errorf(code, format, args...)
	}
}

// nextID is the id of something the next event creates.
func (r *run) nextID(kind string) string {
	return r.st.Instance + "-" + kind + strconv.FormatInt(r.st.Seq+1, 10)
}

func (r *run) localID(kind string) string { return kind + strconv.FormatInt(r.st.Seq+1, 10) }

// human reports whether a person issued the command (a failed precondition refuses it) rather than the
// service (the token is held for an administrator instead).
func (r *run) human() bool { return !r.cmd.Op.System() && r.cmd.Actor != "" }

func (r *run) eval(src string) bool {
	cond, ok := r.c.conds[src]
	if !ok {
		r.fail(govflow.EINTERNAL, "条件 %q 未编译", src)
		return false
	}
	v, err := cond.Eval(r.c.Def, r.st.Values, r.now)
	if err != nil {
		r.fail(govflow.EINTERNAL, "%v", err)
	}
	return v
}

func (r *run) isAdmin() bool {
	return hasRole(r.actor, RoleSysAdmin) || hasRole(r.actor, RoleProcessAdmin)
}

func hasRole(p Person, role string) bool {
	for _, x := range p.Roles {
		if x == role {
			return true
		}
	}
	return false
}

// coerce validates form input for the given fields, merged over the current values so that fields already
// filled in need not be posted again. Only fields whose value changes are returned.
func (r *run) coerce(ids []string, input map[string]any, partial bool) []Change {
	if len(ids) == 0 || (len(input) == 0 && partial) {
		return nil
	}
	merged := map[string]any{}
	use := ids[:0:0]
	for _, id := range ids {
		if v, ok := input[id]; ok {
			merged[id] = v
		} else if partial {
			continue
		} else if v, ok := r.st.Values[id]; ok {
			merged[id] = v
		}
		use = append(use, id)
	}
	vals, probs := r.c.Def.Coerce(use, merged)
	if len(probs) > 0 {
		msg := ""
		for i, p := range probs {
			if i > 0 {
				msg += "；"
			}
			msg += p.Error()
		}
		if r.err == nil {
			r.err = &govflow.Error{Code: govflow.EINVALID, Field: probs[0].Field, Message: msg}
		}
		return nil
	}
	return r.changes(use, vals)
}

func (r *run) changes(ids []string, vals process.Values) []Change {
	var out []Change
	for _, id := range ids {
		old, had := r.st.Values[id]
		nv, has := vals[id]
		if had == has && (!has || equalValue(old, nv)) {
			continue
		}
		out = append(out, Change{Field: id, Old: old, New: nv})
	}
	return out
}

func equalValue(a, b any) bool {
	la, ok1 := a.([]string)
	lb, ok2 := b.([]string)
	if ok1 || ok2 {
		if !ok1 || !ok2 || len(la) != len(lb) {
			return false
		}
		for i := range la {
			if la[i] != lb[i] {
				return false
			}
		}
		return true
	}
	return a == b
}
