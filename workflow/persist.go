package workflow

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
)

const (
	insertInstance = `INSERT INTO wf_instances (id, process, version, process_name, title, status, result, initiator,
		parent, started_at, ended_at, due_at, remind_at, secrecy, current, seq, state, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`
	updateInstance = `UPDATE wf_instances SET title = $2, status = $3, result = $4, ended_at = $5, secrecy = $6,
		current = $7, seq = $8, state = $9, updated_at = $10 WHERE id = $1 AND seq = $11`
	upsertTask = `INSERT INTO wf_tasks (id, instance, process, process_name, title, step, step_name, kind, unit,
		assignee, on_behalf_of, pool, delegated_by, caused_by, reason, state, created_at, opened_at, completed_at,
		due_at, remind_at, flags, urges, outcome, done_by, secrecy)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, $26)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, step_name = excluded.step_name, unit = excluded.unit,
		assignee = excluded.assignee, on_behalf_of = excluded.on_behalf_of, pool = excluded.pool,
		delegated_by = excluded.delegated_by, caused_by = excluded.caused_by, reason = excluded.reason, state = 0,
		opened_at = excluded.opened_at, completed_at = 0, due_at = excluded.due_at, remind_at = excluded.remind_at,
		flags = excluded.flags, urges = excluded.urges, outcome = '', done_by = '', secrecy = excluded.secrecy`
	closeTask = `UPDATE wf_tasks SET state = $2, completed_at = $3, outcome = $4, done_by = $5, opened_at = $6
		WHERE id = $1`
	dropPool      = `DELETE FROM wf_task_pool WHERE task_id = $1`
	retitleTasks  = `UPDATE wf_tasks SET title = $2, secrecy = $3 WHERE instance = $1 AND state = 0`
	eventColumns  = `wf_events (instance, seq, process, type, lifecycle, step, step_name, unit, person, on_behalf_of, task, at, opinion, outcome, changes, body)`
	poolColumns   = `wf_task_pool (person_id, task_id, on_behalf_of)`
	noticeColumns = `wf_notifications (id, person_id, kind, instance, task, text, created_at)`
	timerColumns  = `wf_timers (id, instance, kind, task, due_at)`
	dropTimer     = `DELETE FROM wf_timers WHERE id = $1`
)

// write stores one change: the instance row with the seq check, the events, the task projection, the
// timers and the notifications. It returns the instance as now stored, for the cache.
func (s *Service) write(ctx context.Context, tx store.Tx, ch *change, now time.Time, env engine.Env, wk *work) (*inst, error) {
	e := ch.enc
	if e == nil || ch.encFor != ch.cur {
		var err error
		if e, err = encode(ch, env); err != nil {
			return nil, internal("encode "+ch.id, err)
		}
	}
	st := ch.cur
	in := &inst{st: st, c: ch.c, title: e.title, secrecy: e.secrecy, due: e.due, remind: e.remind, current: e.current}
	if ch.old == nil {
		err := s.sql.exec(ctx, tx, insertInstance, ch.id, st.Process, int64(st.Version), ch.c.Def.Name, e.title,
			st.Status, st.Result, st.Initiator, st.Parent, ms(st.Started), ms(st.Ended), e.due, e.remind,
			int64(e.secrecy), e.current, st.Seq, string(e.state), ms(now))
		if err != nil {
			if store.IsUniqueViolation(err) {
				return nil, errStale
			}
			return nil, internal("insert instance", err)
		}
	} else {
		err := s.sql.execExpect(ctx, tx, 1, errStale, updateInstance, ch.id, e.title, st.Status, st.Result, ms(st.Ended),
			int64(e.secrecy), e.current, st.Seq, string(e.state), ms(now), ch.old.st.Seq)
		if errors.Is(err, errStale) {
			return nil, err
		}
		if err != nil {
			return nil, internal("update instance", err)
		}
	}
	if err := s.keepUnique(ctx, tx, ch); err != nil {
		return nil, err
	}
	if err := s.insertRows(ctx, tx, eventColumns, e.events); err != nil {
		return nil, internal("insert events", err)
	}
	if err := s.project(ctx, tx, ch, e); err != nil {
		return nil, err
	}
	if err := s.timers(ctx, tx, ch.id, e, now, wk); err != nil {
		return nil, err
	}
	if err := s.insertNotes(ctx, tx, e.notes, now); err != nil {
		return nil, err
	}
	return in, nil
}

func (s *Service) project(ctx context.Context, tx store.Tx, ch *change, e *encoded) error {
	if ch.old != nil && (ch.old.title != e.title || ch.old.secrecy != e.secrecy) {
		if err := s.sql.exec(ctx, tx, retitleTasks, ch.id, e.title, int64(e.secrecy)); err != nil {
			return internal("retitle tasks", err)
		}
	}
	for _, id := range e.poolDrop {
		if err := s.sql.exec(ctx, tx, dropPool, id); err != nil {
			return internal("drop pool", err)
		}
	}
	for _, row := range e.upserts {
		if err := s.sql.exec(ctx, tx, upsertTask, row...); err != nil {
			return internal("upsert task", err)
		}
	}
	for _, row := range e.closes {
		if err := s.sql.exec(ctx, tx, closeTask, row...); err != nil {
			return internal("close task", err)
		}
	}
	if err := s.insertRows(ctx, tx, poolColumns, e.poolAdd); err != nil {
		return internal("insert pool", err)
	}
	return nil
}

// timers keeps wf_timers in step with the state's timers and makes sure River will wake up for the new ones.
func (s *Service) timers(ctx context.Context, tx store.Tx, instance string, e *encoded, now time.Time, wk *work) error {
	for _, t := range e.cancel {
		if err := s.sql.exec(ctx, tx, dropTimer, t.ID); err != nil {
			return internal("cancel timer", err)
		}
	}
	if len(e.schedule) == 0 {
		return nil
	}
	rows := make([][]any, len(e.schedule))
	var mins []int64
	for i, t := range e.schedule {
		rows[i] = []any{t.ID, instance, t.Kind, t.Task, ms(t.At)}
		if m := minuteOf(t.At); !slices.Contains(mins, m) {
			mins = append(mins, m)
		}
	}
	if err := s.insertRows(ctx, tx, timerColumns, rows); err != nil {
		return internal("schedule timers", err)
	}
	if missing := s.minutes.missing(mins, now); len(missing) > 0 {
		if err := s.sql.flush(ctx, tx); err != nil {
			return err
		}
		if err := s.jobs.wake(ctx, tx, missing); err != nil {
			return internal("schedule wake-ups", err)
		}
		wk.minutes = append(wk.minutes, missing...)
	}
	return nil
}

func (s *Service) insertNotes(ctx context.Context, tx store.Tx, notes []noteRow, now time.Time) error {
	if len(notes) == 0 {
		return nil
	}
	rows := make([][]any, len(notes))
	for i, n := range notes {
		rows[i] = []any{newNoteID(), n.person, n.kind, n.instance, n.task, n.text, ms(now)}
	}
	if err := s.insertRows(ctx, tx, noticeColumns, rows); err != nil {
		return internal("insert notifications", err)
	}
	return nil
}

// newNoteID is a positive 63-bit id that grows with time: milliseconds since 2020 (41 bits, until 2089), this
// process's random node number (10 bits) and a sequence (12 bits). Ids of one process never repeat (past 4096
// in a millisecond the sequence borrows from the next); two servers clash only if they drew the same node
// and hit the same millisecond and sequence.
func newNoteID() int64 {
	noteIDs.Lock()
	defer noteIDs.Unlock()
	id := (time.Now().UnixMilli()-noteEpoch)<<22 | noteIDs.node<<12
	noteIDs.last = max(id, noteIDs.last+1)
	return noteIDs.last
}

const noteEpoch = 1577836800000 // 2020-01-01T00:00:00Z in milliseconds

var noteIDs = struct {
	sync.Mutex
	node, last int64
}{node: rand.Int64N(1 << 10)}

// insertRows inserts rows with multi-row statements of at most rowsPerInsert rows.
func (s *Service) insertRows(ctx context.Context, tx store.Tx, into string, rows [][]any) error {
	const rowsPerInsert = 32
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if err := s.sql.exec(ctx, tx, multiInsert(into, n, len(rows[0])), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

var multiInserts sync.Map // [into, rows, cols] → SQL

func multiInsert(into string, rows, cols int) string {
	type key struct {
		into       string
		rows, cols int
	}
	k := key{into, rows, cols}
	if q, ok := multiInserts.Load(k); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + into + " VALUES ")
	p := 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", p)
			p++
		}
		b.WriteByte(')')
	}
	q := b.String()
	multiInserts.Store(k, q)
	return q
}
