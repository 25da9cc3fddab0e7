package engine

import "time"

// Allowed lists the operations person may issue now on the task (an open task, for 撤回 one they completed,
// for 减签 one their 前加签 parked), or with task "" on the instance itself, in the order a task page shows
// them. It applies the same rules as Apply, leaving out only what depends on a command's parameters (which
// step to return to, whom to transfer to …: see ReturnTargets, Removable).
func Allowed(c *Compiled, st *State, person, task string, now time.Time, env Env) []Op {
	if c == nil || st == nil || st.Seq == 0 {
		return nil
	}
	var out []Op
	for _, op := range order {
		if allowed(c, st, op, person, task, now, env) {
			out = append(out, op)
		}
	}
	return out
}

func allowed(c *Compiled, st *State, op Op, person, task string, now time.Time, env Env) bool {
	def := operations[op]
	r := &run{c: c, st: st, env: env, now: now, cmd: &Command{Op: op, Actor: person, Task: task}}
	if r.admit(def) != nil {
		return false
	}
	var t *Task
	if def.task {
		var err error
		if t, err = r.operand(def, task); err != nil {
			return false
		}
	} else if task != "" && op != OpWithdraw {
		if _, ok := st.Task(task); !ok {
			return false
		}
	}
	if op == OpWithdraw && task == "" {
		return false
	}
	if op == OpOpen && t != nil && !t.Opened.IsZero() {
		return false
	}
	return def.allow == nil || def.allow(r, t) == nil
}

// Removable lists the approvers person may remove (减签) from the countersign of the task: an open one, or
// the one a 前加签 parked.
func Removable(c *Compiled, st *State, person, task string, env Env) []string {
	r := &run{c: c, st: st, env: env, cmd: &Command{Op: OpRemoveSign, Actor: person}}
	t, err := r.operand(operations[OpRemoveSign], task)
	if err != nil {
		return nil
	}
	if p, ok := env.Directory.Person(person); ok {
		r.actor = p
	}
	return r.removable(t)
}

// SignOf returns the countersign the task belongs to, or nil.
func (s *State) SignOf(task string) *Sign {
	t, ok := s.Task(task)
	if !ok {
		return nil
	}
	if tok, ok := s.Token(t.Token); ok {
		return tok.Sign
	}
	return nil
}
