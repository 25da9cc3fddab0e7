package engine

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// entry says how a token comes to a step.
type entry struct {
	from   string   // the step it comes from
	branch string   // the exclusive branch taken
	how    string   // "" along the flow; viaReturn or viaMove: chosen by a person, skip_if and require do not apply
	prefer string   // give a task step to this person (退回: whoever did it before)
	reason string   // recorded on the event and the tasks
	by     string   // who caused it
	flags  []string // added to the tasks created
}

const (
	viaReturn = "return"
	viaMove   = "move"
)

// enter moves token tok (new when it does not exist yet) with its frames into step to, and on as far as the
// flow goes without people.
func (r *run) enter(tok string, frames []Frame, to string, en entry) {
	if r.err != nil {
		return
	}
	if r.steps++; r.steps > maxEntries {
		r.fail(govflow.EINVALID, "流程定义存在无法结束的循环：一次操作经过的环节超过 %d 个，请联系流程管理员", maxEntries)
		return
	}
	s, ok := r.c.steps[to]
	if !ok {
		r.fail(govflow.EINTERNAL, "流程定义中没有环节 %q", to)
		return
	}
	frames = r.leave(tok, frames, s)
	if en.how == "" && (r.skipped(tok, frames, s) || !r.admitted(tok, frames, s)) {
		return
	}
	switch s.Type {
	case process.StepEnd:
		r.emit(Event{Type: EvEnded, Token: tok, Step: s.ID, From: en.from, Branch: en.branch,
			Result: cmp.Or(s.Result, ResultDone), Actor: en.by, Reason: en.reason})
	case process.StepExclusive:
		r.choose(tok, frames, s)
	case process.StepParallel:
		r.arrive(tok, frames, s, en)
	case process.StepTask, process.StepStart:
		r.entered(tok, frames, s, en, time.Time{}, false)
		r.assignDo(tok, frames, s, en)
	case process.StepApproval:
		r.openApproval(tok, frames, s, en)
	case process.StepCirculation:
		r.entered(tok, frames, s, en, time.Time{}, false)
		r.circulate(s, en)
		r.enter(tok, frames, s.Next[0], entry{from: s.ID})
	case process.StepWait:
		r.startWait(tok, frames, s, en)
	case process.StepAuto:
		r.entered(tok, frames, s, en, time.Time{}, false)
		a := Action{ID: r.nextID("a"), Token: tok, Step: s.ID, Name: s.Action}
		r.emit(Event{Type: EvActionReq, Lifecycle: LcStart, Step: s.ID, Token: tok, Task: a.ID, Action: &a})
	case process.StepCall:
		r.entered(tok, frames, s, en, time.Time{}, false)
		c := Call{ID: r.nextID("c"), Token: tok, Step: s.ID, Process: s.Process}
		r.emit(Event{Type: EvCallReq, Lifecycle: LcStart, Step: s.ID, Token: tok, Task: c.ID, Call: &c,
			Process: s.Process})
	}
}

func (r *run) entered(tok string, frames []Frame, s *process.Step, en entry, until time.Time, fixed bool) {
	r.emit(Event{Type: EvEntered, Token: tok, Step: s.ID, From: en.from, Branch: en.branch, Frames: frames,
		Until: until, Fixed: fixed, Actor: en.by, Reason: en.reason})
}

// leave handles a token that moves out of the block of a parallel split it is inside: the activation is
// over, so its other branches are cancelled. Reaching an end step is not leaving: that branch just stops.
func (r *run) leave(tok string, frames []Frame, s *process.Step) []Frame {
	if s.Type == process.StepEnd {
		return frames
	}
	for len(frames) > 0 {
		top := frames[len(frames)-1]
		if r.c.splitOf[s.ID] == top.Split || r.c.inRegion(top.Split, s.ID) {
			break
		}
		r.cancelActivation(top.Act, tok, "流转已离开并行分支")
		frames = frames[: len(frames)-1 : len(frames)-1]
	}
	return frames
}

// skipped applies skip_if: the step is passed over and the token goes on along next.
func (r *run) skipped(tok string, frames []Frame, s *process.Step) bool {
	if s.SkipIf == "" || !skippable(s.Type) || !r.eval(s.SkipIf) {
		return false
	}
	r.emit(Event{Type: EvSkipped, Lifecycle: LcAutoskip, Token: tok, Step: s.ID, Reason: "满足跳过条件：" + s.SkipIf})
	r.enter(tok, frames, s.Next[0], entry{from: s.ID})
	return true
}

func skippable(t process.StepType) bool {
	return t.IsHuman() || t == process.StepWait || t == process.StepAuto || t == process.StepCall
}

// admitted checks require: a person's command is refused with the definition's message; the service's
// (a timer, an action, a child) cannot be refused, so the token is held for an administrator.
func (r *run) admitted(tok string, frames []Frame, s *process.Step) bool {
	for _, p := range s.Require {
		if r.err != nil {
			return false
		}
		if !r.eval(p.Check) {
			r.block(tok, frames, s, cmp.Or(p.Message, "不满足进入“"+r.c.name(s)+"”的条件："+p.Check))
			return false
		}
	}
	return r.err == nil
}

// block stops a token before a step it cannot enter.
func (r *run) block(tok string, frames []Frame, s *process.Step, msg string) {
	if r.human() {
		r.fail(govflow.EINVALID, "%s", msg)
		return
	}
	r.emit(Event{Type: EvHeld, Token: tok, Step: s.ID, Frames: frames, Reason: msg})
}

// choose takes an exclusive gateway's first branch whose condition holds, else its default.
func (r *run) choose(tok string, frames []Frame, s *process.Step) {
	if len(s.Branches) == 0 && s.Default == "" {
		r.enter(tok, frames, s.Next[0], entry{from: s.ID})
		return
	}
	for _, b := range s.Branches {
		if r.eval(b.When) {
			r.enter(tok, frames, b.Next, entry{from: s.ID, branch: cmp.Or(b.Name, b.When)})
			return
		}
	}
	if r.err != nil {
		return
	}
	if s.Default == "" {
		r.block(tok, frames, s, "“"+r.c.name(s)+"”没有满足条件的分支，也没有默认分支，请联系流程管理员")
		return
	}
	r.enter(tok, frames, s.Default, entry{from: s.ID, branch: "其他"})
}

// arrive handles a parallel gateway: as the join of the token's activation the token waits there (settle
// fires the join); otherwise it passes or splits.
func (r *run) arrive(tok string, frames []Frame, s *process.Step, en entry) {
	if split, ok := r.c.splitOf[s.ID]; ok && slices.ContainsFunc(frames, func(f Frame) bool { return f.Split == split }) {
		r.entered(tok, frames, s, en, time.Time{}, false)
		return
	}
	r.fork(tok, frames, s)
}

// fork sends the token on from a gateway: down every branch of a split (a new activation), or along next.
func (r *run) fork(tok string, frames []Frame, s *process.Step) {
	if !isSplit(s) {
		r.enter(tok, frames, s.Next[0], entry{from: s.ID})
		return
	}
	seq := strconv.FormatInt(r.st.Seq+1, 10)
	act := "p" + seq
	r.emit(Event{Type: EvSplit, Token: tok, Step: s.ID, Act: act})
	for i, n := range s.Next {
		f := append(slices.Clip(frames), Frame{Split: s.ID, Act: act, Branch: i})
		r.enter("k"+seq+"."+strconv.Itoa(i), f, n, entry{from: s.ID})
	}
}

// settle fires every join whose activation has no live token left outside it: all branches have arrived,
// were skipped through, or died (ended or cancelled). Each firing can make others possible.
func (r *run) settle() {
	for r.err == nil {
		fired := false
		for _, t := range r.st.Tokens {
			k := r.joinFrame(&t)
			if k < 0 || r.liveOutside(t.Frames[k].Act, t.Step) {
				continue
			}
			r.fire(t.Step, t.Frames[k].Act, t.Frames[:k:k])
			fired = true
			break
		}
		if !fired {
			return
		}
	}
}

// joinFrame returns the index of the frame a token waits on at a join, or -1.
func (r *run) joinFrame(t *Token) int {
	split, ok := r.c.splitOf[t.Step]
	if !ok || t.Held != "" {
		return -1
	}
	for k := len(t.Frames) - 1; k >= 0; k-- {
		if t.Frames[k].Split == split {
			return k
		}
	}
	return -1
}

func (r *run) liveOutside(act, join string) bool {
	for i := range r.st.Tokens {
		u := &r.st.Tokens[i]
		if !hasAct(u.Frames, act) {
			continue
		}
		if k := r.joinFrame(u); u.Step != join || k < 0 || u.Frames[k].Act != act {
			return true
		}
	}
	return false
}

func hasAct(frames []Frame, act string) bool {
	return slices.ContainsFunc(frames, func(f Frame) bool { return f.Act == act })
}

func (r *run) fire(join, act string, frames []Frame) {
	id := r.localID("k")
	r.emit(Event{Type: EvJoined, Step: join, Act: act, Token: id, Frames: frames})
	r.fork(id, frames, r.c.steps[join])
}

// cancelActivation cancels every token of a parallel activation but one.
func (r *run) cancelActivation(act, except, reason string) {
	for _, t := range slices.Clone(r.st.Tokens) {
		if t.ID != except && hasAct(t.Frames, act) {
			r.cancelToken(t.ID, reason)
		}
	}
}

// cancelToken cancels a token and the work that hangs on it.
func (r *run) cancelToken(id, reason string) {
	r.cancelTasksOf(id, "", reason)
	r.emit(Event{Type: EvRemoved, Token: id, Reason: reason})
}

// cancelTasksOf cancels the open blocking tasks of a token, but one.
func (r *run) cancelTasksOf(tok, except, reason string) {
	for _, t := range slices.Clone(r.st.Tasks) {
		if t.Token == tok && t.ID != except && t.Blocking() {
			r.emit(Event{Type: EvCancelled, Lifecycle: LcAbort, Task: t.ID, Step: t.Step, Unit: t.Unit,
				Token: tok, Reason: reason})
		}
	}
}

// finish fires what can fire and ends the instance when no path is still running.
func (r *run) finish() {
	if r.err != nil || r.st.Seq == 0 {
		return
	}
	r.settle()
	if r.err == nil && !r.st.Finished() && len(r.st.Tokens) == 0 {
		r.emit(Event{Type: EvCompleted, Result: cmp.Or(r.st.Result, ResultDone)})
	}
}

// rejectInstance ends the instance as 不予通过: an approval said no and names no step to go back to.
func (r *run) rejectInstance() {
	for _, t := range slices.Clone(r.st.Tokens) {
		r.cancelToken(t.ID, "审批未通过，流程结束")
	}
	r.emit(Event{Type: EvCompleted, Result: ResultRejected})
}

// startWait sets a wait step's timer: a duration in the calendar's grammar, or a date field (that day, 0:00).
func (r *run) startWait(tok string, frames []Frame, s *process.Step, en entry) {
	until, fixed := r.now, s.UntilField != ""
	if fixed {
		if d, ok := r.st.Values[s.UntilField].(string); ok {
			if t, err := time.ParseInLocation(time.DateOnly, d, r.now.Location()); err == nil {
				until = t
			}
		}
	} else if dl, err := r.env.Deadlines.Due(r.now, s.Wait, r.c.Def.CountFrom); err == nil {
		until = dl.At
	}
	r.entered(tok, frames, s, en, until, fixed)
}
