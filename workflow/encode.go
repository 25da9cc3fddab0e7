package workflow

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

// Task states in wf_tasks.
const (
	taskOpen      = 0
	taskDone      = 1
	taskCancelled = 2
)

// encoded is a change turned into rows: everything the writer needs but the SQL.
type encoded struct {
	state    []byte
	title    string
	secrecy  int
	current  string
	due      int64
	remind   int64
	events   [][]any
	upserts  [][]any
	closes   [][]any
	poolDrop []string
	poolAdd  [][]any
	schedule []engine.Timer
	cancel   []engine.Timer
	notes    []noteRow
}

type noteRow struct {
	person, kind, instance, task, text string
}

// encode prepares the rows of a change. It does no I/O, so commands run it before they queue for a writer.
func encode(ch *change, env engine.Env) (*encoded, error) {
	st, def := ch.cur, ch.c.Def
	e := &encoded{title: titleOf(def, st.Values), secrecy: secrecyOf(def, st.Values), current: currentOf(ch.c, st)}
	var err error
	if e.state, err = json.Marshal(st); err != nil {
		return nil, err
	}
	if ch.old != nil {
		e.due, e.remind = ch.old.due, ch.old.remind
	} else if def.Limit != "" {
		if d, err := env.Deadlines.Due(st.Started, def.Limit, def.CountFrom); err == nil {
			e.due, e.remind = ms(d.At), ms(d.Remind)
		}
	}
	var oldTasks []engine.Task
	var oldTimers []engine.Timer
	if ch.old != nil {
		oldTasks, oldTimers = ch.old.st.Tasks, ch.old.st.Timers
	}
	if err := e.addEvents(ch, def); err != nil {
		return nil, err
	}
	e.addTasks(ch, oldTasks)
	e.schedule, e.cancel = timerDiff(oldTimers, st.Timers)
	for _, n := range ch.notes {
		for _, p := range n.To {
			e.notes = append(e.notes, noteRow{person: p, kind: n.Kind, instance: n.Instance, task: n.Task, text: n.Text})
		}
	}
	e.notes = append(e.notes, ch.extra...)
	return e, nil
}

func (e *encoded) addEvents(ch *change, def *process.Definition) error {
	for i := range ch.events {
		ev := &ch.events[i]
		body, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		changes := ""
		if len(ev.Changes) > 0 {
			b, err := json.Marshal(ev.Changes)
			if err != nil {
				return err
			}
			changes = string(b)
		}
		e.events = append(e.events, []any{ev.Instance, ev.Seq, def.ID, ev.Type, ev.Lifecycle, ev.Step, ev.StepName,
			ev.Unit, ev.Actor, ev.OnBehalfOf, ev.Task, ms(ev.Time), ev.Opinion, ev.Outcome, changes, string(body)})
	}
	return nil
}

// addTasks projects the open tasks: new and changed ones are upserted, tasks gone are closed as the events
// say (done, cancelled or withdrawn), and tasks created and closed within the command appear closed.
func (e *encoded) addTasks(ch *change, oldTasks []engine.Task) {
	st, def := ch.cur, ch.c.Def
	cur := make(map[string]*engine.Task, len(st.Tasks))
	for i := range st.Tasks {
		cur[st.Tasks[i].ID] = &st.Tasks[i]
	}
	old := make(map[string]*engine.Task, len(oldTasks))
	for i := range oldTasks {
		old[oldTasks[i].ID] = &oldTasks[i]
	}
	for i := range st.Tasks {
		t := &st.Tasks[i]
		o := old[t.ID]
		if o != nil && sameTask(o, t) {
			continue
		}
		e.upserts = append(e.upserts, e.taskRow(ch, def, t))
		if o == nil || !slices.Equal(poolOf(o), poolOf(t)) {
			if o != nil && len(poolOf(o)) > 0 {
				e.poolDrop = append(e.poolDrop, t.ID)
			}
			e.addPool(t)
		}
	}
	for i := range oldTasks {
		o := &oldTasks[i]
		if cur[o.ID] == nil {
			e.closes = append(e.closes, closeRow(ch.events, o))
			if len(poolOf(o)) > 0 {
				e.poolDrop = append(e.poolDrop, o.ID)
			}
		}
	}
	for i := range ch.events {
		nt := ch.events[i].NewTask
		if ch.events[i].Type != engine.EvCreated || nt == nil || cur[nt.ID] != nil || old[nt.ID] != nil {
			continue
		}
		e.upserts = append(e.upserts, e.taskRow(ch, def, nt))
		e.closes = append(e.closes, closeRow(ch.events, nt))
		old[nt.ID] = nt // once
	}
}

func (e *encoded) taskRow(ch *change, def *process.Definition, t *engine.Task) []any {
	return []any{t.ID, ch.id, def.ID, def.Name, e.title, t.Step, t.StepName, t.Kind, t.Unit, t.Assignee,
		t.ActingFor(), t.Pool, t.DelegatedBy, t.By, t.Reason, int64(taskOpen), ms(t.Created), ms(t.Opened), int64(0),
		ms(t.Due), ms(t.Remind), strings.Join(t.Flags, ","), int64(len(t.Urges)), "", "", int64(e.secrecy)}
}

func (e *encoded) addPool(t *engine.Task) {
	if t.Assignee != "" {
		return
	}
	for _, c := range t.Candidates {
		e.poolAdd = append(e.poolAdd, []any{c.Person, t.ID, c.OnBehalfOf})
	}
}

// poolOf lists who may claim an unclaimed pool task.
func poolOf(t *engine.Task) []string {
	if t.Assignee != "" || len(t.Candidates) == 0 {
		return nil
	}
	out := make([]string, len(t.Candidates))
	for i, c := range t.Candidates {
		out[i] = c.Person + "/" + c.OnBehalfOf
	}
	return out
}

func sameTask(a, b *engine.Task) bool {
	return a.Assignee == b.Assignee && a.OnBehalfOf == b.OnBehalfOf && a.Pool == b.Pool &&
		a.DelegatedBy == b.DelegatedBy && a.By == b.By && a.Reason == b.Reason && a.Opened.Equal(b.Opened) &&
		a.Due.Equal(b.Due) && a.Remind.Equal(b.Remind) && slices.Equal(a.Flags, b.Flags) &&
		len(a.Urges) == len(b.Urges) && a.Unit == b.Unit && a.StepName == b.StepName &&
		slices.Equal(poolOf(a), poolOf(b)) && len(a.Candidates) == len(b.Candidates)
}

// closeRow says how a task that is no longer open ended: [id, state, completed, outcome, done_by, opened].
func closeRow(events []engine.Event, t *engine.Task) []any {
	opened := t.Opened
	for i := len(events) - 1; i >= 0; i-- {
		ev := &events[i]
		if ev.Task != t.ID {
			continue
		}
		switch ev.Type {
		case engine.EvDone:
			return []any{t.ID, int64(taskDone), ms(ev.Time), ev.Outcome, ev.Actor, ms(firstTime(opened, ev.Time))}
		case engine.EvCancelled, engine.EvWithdrawn:
			return []any{t.ID, int64(taskCancelled), ms(ev.Time), "", "", ms(opened)}
		case engine.EvOpened:
			if t.Kind == engine.KindCopy {
				return []any{t.ID, int64(taskDone), ms(ev.Time), engine.OutRead, ev.Actor, ms(ev.Time)}
			}
		}
	}
	at := time.Time{}
	if len(events) > 0 {
		at = events[len(events)-1].Time
	}
	return []any{t.ID, int64(taskCancelled), ms(at), "", "", ms(opened)}
}

func firstTime(a, b time.Time) time.Time {
	if a.IsZero() {
		return b
	}
	return a
}

func timerDiff(old, cur []engine.Timer) (schedule, cancel []engine.Timer) {
	for _, t := range cur {
		if !slices.Contains(old, t) {
			schedule = append(schedule, t)
		}
	}
	for _, t := range old {
		if !slices.Contains(cur, t) {
			cancel = append(cancel, t)
		}
	}
	return schedule, cancel
}

// titleOf is an instance's title: its title field when filled in, else the process name.
func titleOf(def *process.Definition, v process.Values) string {
	if s, ok := v["title"].(string); ok && strings.TrimSpace(s) != "" {
		return s
	}
	return def.Name
}

// secrecyOf is the instance's 密级 as a level (0 非密 … 3 绝密), from the process's secrecy field.
func secrecyOf(def *process.Definition, v process.Values) int {
	for _, f := range def.Fields {
		if f.Type != process.FieldSecrecy {
			continue
		}
		s, _ := v[f.ID].(string)
		return max(slices.Index(process.SecrecyLevels, s), 0)
	}
	return 0
}

// currentOf names the steps where the instance's tokens wait.
func currentOf(c *engine.Compiled, st *engine.State) string {
	var names []string
	for _, t := range st.Tokens {
		if n := c.StepName(t.Step); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, "、")
}
