package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// record is an instance with its task projection and event log, as the pages show it.
type record struct {
	in     *inst
	tasks  []TaskRow
	events []engine.Event
}

func (s *Service) readRecord(ctx context.Context, id string) (*record, error) {
	in, err := s.load(ctx, id, false)
	if err != nil {
		return nil, err
	}
	rec := &record{in: in}
	dir, err := s.directory(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.db.Read(ctx, func(tx store.Tx) error {
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT seq FROM wf_instances WHERE id = $1`, id).Scan(&seq); err != nil {
			return err
		}
		if seq != in.st.Seq { // a newer state than the cache's: read it in this snapshot
			fresh, err := s.scanInst(ctx, id, tx.QueryRow(ctx, selectInst, id).Scan)
			if err != nil {
				return err
			}
			rec.in = fresh
		}
		rows, err := tx.Query(ctx, `SELECT `+taskCols+` FROM wf_tasks t WHERE t.instance = $1 ORDER BY t.created_at, t.id`, id)
		if err != nil {
			return err
		}
		if rec.tasks, err = scanTasks(rows, dir, now, rec.tasks); err != nil {
			return err
		}
		return readEvents(ctx, tx, id, rec.in.st.Seq, &rec.events)
	})
	if err != nil {
		if govflow.ErrorCode(err) != govflow.EINTERNAL || errors.Is(err, store.ErrNoRows) {
			if errors.Is(err, store.ErrNoRows) {
				return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该流程实例")
			}
			return nil, err
		}
		return nil, internal("read instance "+id, err)
	}
	return rec, nil
}

// readEvents reads an instance's log up to seq: what engine.Replay rebuilds the state from.
func readEvents(ctx context.Context, tx store.Tx, id string, upTo int64, out *[]engine.Event) error {
	rows, err := tx.Query(ctx, `SELECT body FROM wf_events WHERE instance = $1 AND seq <= $2 ORDER BY seq`, id, upTo)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return err
		}
		var e engine.Event
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return err
		}
		*out = append(*out, e)
	}
	return rows.Err()
}

// Events returns an instance's event log as stored (engine.Replay rebuilds its state from it). It applies
// the read rule like Instance.
func (s *Service) Events(ctx context.Context, viewer govflow.Actor, id string) ([]engine.Event, error) {
	rec, err := s.readRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, viewer, rec); err != nil {
		return nil, err
	}
	return rec.events, nil
}

func (s *Service) instance(ctx context.Context, viewer govflow.Actor, id string) (*InstanceView, error) {
	rec, err := s.readRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, viewer, rec); err != nil {
		return nil, err
	}
	env, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	return s.view(rec, viewer, env), nil
}

func (s *Service) task(ctx context.Context, viewer govflow.Actor, taskID string) (*TaskView, error) {
	id, err := instanceOf(engine.Command{Task: taskID})
	if err != nil {
		return nil, err
	}
	rec, err := s.readRecord(ctx, id)
	if govflow.ErrorCode(err) == govflow.ENOTFOUND {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该任务")
	}
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, viewer, rec); err != nil {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该任务")
	}
	i := slices.IndexFunc(rec.tasks, func(t TaskRow) bool { return t.ID == taskID })
	if i < 0 {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该任务")
	}
	env, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c, st := rec.in.c, rec.in.st
	tv := &TaskView{Task: rec.tasks[i], Instance: s.view(rec, viewer, env)}
	tv.Allowed = engine.Allowed(c, st, viewer.ID, taskID, now, env)
	open, isOpen := st.Task(taskID)
	editable := isOpen && open.MayHold(viewer.ID) && open.Blocking() &&
		slices.ContainsFunc(tv.Allowed, func(op engine.Op) bool {
			return op == engine.OpComplete || op == engine.OpApprove || op == engine.OpSave
		})
	if step, ok := c.Step(tv.Task.Step); ok {
		for _, f := range step.Form {
			if fd, ok := c.Def.Field(f); ok {
				tv.Fields = append(tv.Fields, fieldView(fd, st.Values[f], editable, env.Directory))
			}
		}
	}
	if slices.Contains(tv.Allowed, engine.OpReturn) {
		tv.ReturnTargets = engine.ReturnTargets(c, st, taskID)
	}
	if slices.Contains(tv.Allowed, engine.OpRemoveSign) {
		tv.Removable = engine.Removable(c, st, viewer.ID, taskID, env)
	}
	if slices.ContainsFunc(tv.Allowed, picks) {
		dir := env.Directory.(*directory)
		for _, p := range dir.d.People() {
			if p.Active && p.ID != viewer.ID {
				tv.Candidates = append(tv.Candidates, refOf(dir, p.ID))
			}
		}
	}
	return tv, nil
}

func picks(op engine.Op) bool {
	switch op {
	case engine.OpTransfer, engine.OpDelegate, engine.OpAddSign, engine.OpCopy, engine.OpReassign:
		return true
	}
	return false
}

func refOf(dir *directory, id string) PersonRef {
	p, ok := dir.Person(id)
	if !ok {
		return PersonRef{ID: id, Name: id}
	}
	return PersonRef{ID: p.ID, Name: p.Name, Unit: p.Unit, Post: p.Post}
}

// view builds the instance's page data from its record.
func (s *Service) view(rec *record, viewer govflow.Actor, env engine.Env) *InstanceView {
	st, c, def := rec.in.st, rec.in.c, rec.in.c.Def
	now := s.now()
	dir := env.Directory.(*directory)
	v := &InstanceView{ID: st.Instance, Title: rec.in.title, Process: def.ID, ProcessName: def.Name, Version: def.Version,
		Status: st.Status, Result: st.Result, Secrecy: process.SecrecyLevels[min(max(rec.in.secrecy, 0), 3)],
		Initiator: refOf(dir, st.Initiator), Started: st.Started, Ended: st.Ended, Due: store.Time(rec.in.due),
		Def: def, Parent: st.Parent}
	if st.Finished() {
		v.Deadline, _ = closedLate(v.Due, v.Ended)
	} else {
		v.Deadline, _ = deadlineOf(v.Due, store.Time(rec.in.remind), now)
	}
	for i := range def.Fields {
		f := &def.Fields[i]
		if val, ok := st.Values[f.ID]; ok {
			v.Values = append(v.Values, fieldView(f, val, false, env.Directory))
		}
	}
	for _, t := range rec.tasks {
		if t.State == "open" {
			v.Open = append(v.Open, t)
		}
	}
	for _, tok := range st.Tokens {
		if !slices.Contains(v.Current, tok.Step) {
			v.Current = append(v.Current, tok.Step)
		}
		if tok.Held != "" {
			v.Held = append(v.Held, HeldToken{Token: tok.ID, Step: tok.Step, StepName: c.StepName(tok.Step),
				Reason: tok.Held, Since: tok.Since})
		}
	}
	for _, e := range rec.events {
		if (e.Type == engine.EvEntered || e.Type == engine.EvStarted || e.Type == engine.EvSkipped) && e.Step != "" &&
			!slices.Contains(v.Done, e.Step) && !slices.Contains(v.Current, e.Step) {
			v.Done = append(v.Done, e.Step)
		}
	}
	v.History = s.history(rec, c, env)
	v.Allowed = engine.Allowed(c, st, viewer.ID, "", now, env)
	for _, t := range v.Open {
		if slices.Contains(engine.Allowed(c, st, viewer.ID, t.ID, now, env), engine.OpUrge) {
			v.Urgeable = append(v.Urgeable, t.ID)
		}
	}
	return v
}

func fieldView(f *process.Field, val any, editable bool, dir engine.Directory) FieldView {
	return FieldView{Field: *f, Value: val, Display: display(f, val, dir), Editable: editable}
}

// display shows a stored value as people read it.
func display(f *process.Field, val any, dir engine.Directory) string {
	switch x := val.(type) {
	case nil:
		return ""
	case string:
		if f.Type == process.FieldPerson {
			return personName(dir, x)
		}
		return x
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []string:
		out := x
		if f.Type == process.FieldPersons {
			out = make([]string, len(x))
			for i, p := range x {
				out[i] = personName(dir, p)
			}
		}
		return strings.Join(out, "、")
	}
	return fmt.Sprint(val)
}

func (s *Service) startable(ctx context.Context, viewer govflow.Actor) ([]catalog.Summary, error) {
	list, err := s.defs.ListPublished(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := s.directory(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Summary, 0, len(list))
	for _, sm := range list {
		c, err := s.progs.version(ctx, sm.ID, sm.Published)
		if err != nil {
			s.log.Warn("workflow: published process does not compile", "process", sm.ID, "err", err)
			continue
		}
		if mayStart(c, dir, viewer.ID) {
			out = append(out, sm)
		}
	}
	return out, nil
}

// took says how long a piece of work took in office time, in Chinese.
func tookText(d time.Duration, perDay time.Duration) string {
	if d < time.Minute {
		return "不足1分钟"
	}
	var b strings.Builder
	if perDay > 0 && d >= perDay {
		fmt.Fprintf(&b, "%d个工作日", d/perDay)
		d %= perDay
	}
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%d小时", h)
	}
	if m := (d % time.Hour) / time.Minute; m > 0 && b.Len() < 20 {
		fmt.Fprintf(&b, "%d分钟", m)
	}
	if b.Len() == 0 {
		return "不足1分钟"
	}
	return b.String()
}
