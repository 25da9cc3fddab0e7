package workflow

import (
	"strings"
	"time"

	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// Deadline states as people read them.
const (
	OnTime  = "正常"
	DueSoon = "临期"
	Overdue = "超期"
)

// deadlineOf says where an open piece of work stands at now.
func deadlineOf(due, remind, now time.Time) (string, time.Duration) {
	switch {
	case due.IsZero():
		return "", 0
	case now.After(due):
		return Overdue, now.Sub(due)
	case !remind.IsZero() && !now.Before(remind):
		return DueSoon, 0
	}
	return OnTime, 0
}

// closedLate says whether closed work was late, and by how much.
func closedLate(due, completed time.Time) (string, time.Duration) {
	if due.IsZero() || completed.IsZero() || !completed.After(due) {
		return "", 0
	}
	return Overdue, completed.Sub(due)
}

// rowOfTask is an open task of the engine's state as a list row.
func rowOfTask(t *engine.Task, instance string, def *process.Definition, title string, dir engine.Directory, now time.Time) TaskRow {
	r := TaskRow{ID: t.ID, Instance: instance, Title: title, Process: def.ID, ProcessName: def.Name, Step: t.Step,
		StepName: t.StepName, Kind: t.Kind, Unit: t.Unit, Assignee: t.Assignee, OnBehalfOf: t.ActingFor(), State: "open",
		Created: t.Created, Due: t.Due, Urges: len(t.Urges), Flags: t.Flags, Read: !t.Opened.IsZero(), By: t.By,
		Reason: t.Reason}
	if t.Assignee == "" {
		r.Pool = t.Pool
	}
	r.Deadline, r.Late = deadlineOf(t.Due, t.Remind, now)
	r.AssigneeName, r.OnBehalfOfName = personName(dir, t.Assignee), personName(dir, r.OnBehalfOf)
	return r
}

func personName(dir engine.Directory, id string) string {
	if id == "" || dir == nil {
		return ""
	}
	if p, ok := dir.Person(id); ok {
		return p.Name
	}
	return id
}

// taskCols are the columns a TaskRow is read from; scanTask reads them.
const taskCols = `t.id, t.instance, t.title, t.process, t.process_name, t.step, t.step_name, t.kind, t.unit, t.assignee,
	t.on_behalf_of, t.pool, t.state, t.created_at, t.opened_at, t.completed_at, t.due_at, t.remind_at, t.urges, t.flags,
	t.outcome, t.caused_by, t.reason, t.secrecy`

// scanTasks reads rows of taskCols and closes them.
func scanTasks(rows store.Rows, dir engine.Directory, now time.Time, into []TaskRow) ([]TaskRow, error) {
	defer rows.Close()
	for rows.Next() {
		var x taskScan
		if err := rows.Scan(x.dest()...); err != nil {
			return into, err
		}
		into = append(into, x.finish(dir, now))
	}
	return into, rows.Err()
}

type taskScan struct {
	row                             TaskRow
	state                           int
	created, opened, done, due, rem int64
	flags                           string
	secrecy                         int
}

func (x *taskScan) dest() []any {
	r := &x.row
	return []any{&r.ID, &r.Instance, &r.Title, &r.Process, &r.ProcessName, &r.Step, &r.StepName, &r.Kind, &r.Unit,
		&r.Assignee, &r.OnBehalfOf, &r.Pool, &x.state, &x.created, &x.opened, &x.done, &x.due, &x.rem, &r.Urges,
		&x.flags, &r.Outcome, &r.By, &r.Reason, &x.secrecy}
}

// finish fills the derived fields of a scanned row.
func (x *taskScan) finish(dir engine.Directory, now time.Time) TaskRow {
	r := x.row
	r.Created, r.Completed, r.Due = store.Time(x.created), store.Time(x.done), store.Time(x.due)
	if x.flags != "" {
		r.Flags = strings.Split(x.flags, ",")
	}
	switch x.state {
	case taskOpen:
		r.State = "open"
		r.Deadline, r.Late = deadlineOf(r.Due, store.Time(x.rem), now)
	case taskDone:
		r.State = "done"
		r.Deadline, r.Late = closedLate(r.Due, r.Completed)
	default:
		r.State = "cancelled"
	}
	if r.Assignee != "" {
		r.Pool = ""
	}
	r.Read = x.opened != 0 || (x.state == taskDone && (r.Kind == engine.KindRead || r.Kind == engine.KindCopy))
	r.AssigneeName, r.OnBehalfOfName = personName(dir, r.Assignee), personName(dir, r.OnBehalfOf)
	return r
}
