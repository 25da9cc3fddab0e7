package engine

// 退回 (return): the holder of a task or approval sends the work back to a step the instance has passed,
// chosen from ReturnTargets, with an opinion (the reason). Targets are the start step (back to the
// initiator) and the task and approval steps completed earlier on this token's path that lead to the current
// step. Parallel branches:
//   - returning to a step inside the same branch moves only this branch's token; other branches go on;
//   - returning to a step before the split cancels every branch of that split (their tasks are cancelled,
//     tokens waiting at the join are removed) and the work resumes from the target once;
//   - a step in another branch of the same split is not a target.
// In a countersign, a return by one approver returns the whole step (the others' tasks are cancelled).
// At the target a task step goes to whoever did it there last time (flagged 被退回); an approval step starts
// a fresh countersign. skip_if and require do not apply to a return.

import "slices"

// ReturnTarget is a step a task can be returned to, with who did it there last.
type ReturnTarget struct {
	Step     string `json:"step"`
	StepName string `json:"step_name"`
	Person   string `json:"person"`
}

// ReturnTargets lists the steps the open task can be returned to, most recent first.
func ReturnTargets(c *Compiled, st *State, task string) []ReturnTarget {
	t, ok := st.Task(task)
	if !ok || !t.Blocking() {
		return nil
	}
	r := &run{c: c, st: st}
	var out []ReturnTarget
	for _, p := range r.targets(t) {
		out = append(out, ReturnTarget{Step: p.Step, StepName: c.StepName(p.Step), Person: p.Person})
	}
	return out
}

func (r *run) targets(t *Task) []Pass {
	tok, ok := r.st.Token(t.Token)
	if !ok {
		return nil
	}
	var out []Pass
	for i := len(r.st.Trail) - 1; i >= 0; i-- {
		p := r.st.Trail[i]
		s, ok := r.c.Step(p.Step)
		if !ok || p.Step == t.Step || p.Outcome == OutReturn || slices.ContainsFunc(out, func(q Pass) bool { return q.Step == p.Step }) {
			continue
		}
		if s.Type != "start" && s.Type != "task" && s.Type != "approval" {
			continue
		}
		if !r.c.reaches(p.Step, t.Step) || !framePrefix(p.Frames, tok.Frames) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// framePrefix reports whether a step passed inside frames a lies on the path of a token inside frames b:
// the same splits and branches, outermost first.
func framePrefix(a, b []Frame) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i].Split != b[i].Split || a[i].Branch != b[i].Branch {
			return false
		}
	}
	return true
}

func allowReturn(r *run, t *Task) error {
	if err := r.works(t); err != nil {
		return err
	}
	if len(r.targets(t)) == 0 {
		return invalid("没有可以退回的环节")
	}
	return nil
}

func execReturn(r *run, t *Task) {
	if err := needText(r.cmd.Opinion, "退回理由"); err != nil {
		r.failWith(err)
		return
	}
	var target *Pass
	for _, p := range r.targets(t) {
		if p.Step == r.cmd.Target {
			target = &p
			break
		}
	}
	if target == nil {
		r.failWith(invalid("不能退回到“%s”：只能退回到本流程已经过的前序环节", r.c.StepName(r.cmd.Target)))
		return
	}
	t = r.claimIfPool(t)
	tok := r.tokenOf(t)
	frames := tok.Frames
	r.emit(Event{Type: EvDone, Lifecycle: LcComplete, Outcome: OutReturn, Task: t.ID, Step: t.Step, Unit: t.Unit,
		Actor: r.actor.ID, OnBehalfOf: t.OnBehalfOf, Opinion: r.cmd.Opinion, Target: target.Step})
	r.cancelTasksOf(t.Token, "", "本环节已被退回")
	k := len(target.Frames)
	for i := len(frames) - 1; i >= k; i-- {
		r.cancelActivation(frames[i].Act, t.Token, "流程已退回到并行分支之前")
	}
	r.enter(t.Token, frames[:k:k], target.Step, entry{from: t.Step, how: viaReturn, prefer: target.Person,
		reason: "退回", by: r.actor.ID, flags: []string{FlagReturned}})
}
