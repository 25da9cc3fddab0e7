package workflow

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
)

// Timers (reminders, escalations, waits) are durable in two layers, both written in the command's
// transaction:
//
//   - each timer is a row of wf_timers (id, instance, due instant), inserted and deleted with the state that
//     schedules or cancels it;
//   - River holds the wake-ups: one job per minute in which some timer falls due, inserted with InsertManyTx
//     when the minute has none yet (unique by its arguments, so servers and commands share it), plus a
//     periodic sweep every few minutes that River's leader schedules (and runs at start) as a safety net.
//
// A wake-up job, when River works it (on one server: River claims a job with FOR UPDATE SKIP LOCKED), fires
// every timer due by now, each as its own fire_timer command whose transaction first deletes the timer's
// row: that delete is the claim, so a timer acts once even when two servers sweep at the same moment, and a
// crash between two timers leaves the rest for the job's retry or the next sweep. Inserting a River job per
// timer would cost, on SQLite, a statement compilation of River's insert for every task's two timers in the
// single writer (measured at about 0.3 ms each), more than the rest of a command together.

const (
	timerQueue    = "govflow_timers"
	timerKind     = "govflow.timers"
	sweepInterval = 5 * time.Minute
)

// wakeArgs is a wake-up: At is the minute (unix seconds) it stands for; 0 for the periodic sweep.
type wakeArgs struct {
	At int64 `json:"at"`
}

func (wakeArgs) Kind() string { return timerKind }

// jobQueue is River seen from the service, for either database.
type jobQueue interface {
	wake(ctx context.Context, tx store.Tx, minutes []int64) error
	claimDue(ctx context.Context, now time.Time, max int) ([]*rivertype.JobRow, error)
	complete(ctx context.Context, tx store.Tx, id int64, now time.Time) error
	run(ctx context.Context) error
}

type riverQueue[TTx any] struct {
	s      *Service
	client *river.Client[TTx]
	driver riverdriver.Driver[TTx]
	unwrap func(store.Tx) TTx
}

func newJobQueue(s *Service) (jobQueue, error) {
	if s.db.Dialect() == store.SQLite {
		return newRiverQueue(s, riversqlite.New(s.db.SQLDB()), func(tx store.Tx) *sql.Tx { return tx.SQLTx() }, true)
	}
	return newRiverQueue(s, riverpgxv5.New(s.db.Pool()), func(tx store.Tx) pgx.Tx { return tx.PgxTx() }, false)
}

func newRiverQueue[TTx any](s *Service, driver riverdriver.Driver[TTx], unwrap func(store.Tx) TTx, pollOnly bool) (*riverQueue[TTx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &wakeWorker{s: s})
	sweep := river.NewPeriodicJob(river.PeriodicInterval(sweepInterval),
		func() (river.JobArgs, *river.InsertOpts) { return wakeArgs{}, &river.InsertOpts{Queue: timerQueue} },
		&river.PeriodicJobOpts{RunOnStart: true})
	client, err := river.NewClient(driver, &river.Config{
		Logger:            slog.New(levelAtLeast{s.log.Handler(), slog.LevelWarn}),
		Queues:            map[string]river.QueueConfig{timerQueue: {MaxWorkers: 2}},
		Workers:           workers,
		PeriodicJobs:      []*river.PeriodicJob{sweep},
		FetchPollInterval: s.opts.JobPoll,
		PollOnly:          pollOnly,
		JobTimeout:        10 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("workflow: job queue: %w", err)
	}
	return &riverQueue[TTx]{s: s, client: client, driver: driver, unwrap: unwrap}, nil
}

// wake makes sure a wake-up job exists for each minute, inside tx.
func (q *riverQueue[TTx]) wake(ctx context.Context, tx store.Tx, minutes []int64) error {
	params := make([]river.InsertManyParams, len(minutes))
	for i, m := range minutes {
		params[i] = river.InsertManyParams{Args: wakeArgs{At: m}, InsertOpts: &river.InsertOpts{Queue: timerQueue,
			ScheduledAt: time.Unix(m, 0), UniqueOpts: river.UniqueOpts{ByArgs: true}}}
	}
	_, err := q.client.InsertManyTx(ctx, q.unwrap(tx), params)
	return err
}

// claimDue claims the wake-ups due by now, as River's producer does: scheduled jobs whose time has come
// become available; available ones are locked (skipping those others hold) and marked running.
func (q *riverQueue[TTx]) claimDue(ctx context.Context, now time.Time, max int) ([]*rivertype.JobRow, error) {
	exec := q.driver.GetExecutor()
	now = now.UTC()
	if _, err := exec.JobSchedule(ctx, &riverdriver.JobScheduleParams{Max: 10000, Now: &now}); err != nil {
		return nil, err
	}
	return exec.JobGetAvailable(ctx, &riverdriver.JobGetAvailableParams{ClientID: "govflow-due", MaxAttemptedBy: 100,
		MaxToLock: max, Now: &now, Queue: timerQueue})
}

// complete marks a running job completed inside tx, as river.JobCompleteTx does inside a worker.
func (q *riverQueue[TTx]) complete(ctx context.Context, tx store.Tx, id int64, now time.Time) error {
	p := riverdriver.JobSetStateCompleted(id, now.UTC(), nil)
	_, err := q.driver.UnwrapExecutor(q.unwrap(tx)).JobSetStateIfRunningMany(ctx, &riverdriver.JobSetStateIfRunningManyParams{
		ID: []int64{p.ID}, Attempt: []*int{p.Attempt}, ErrData: [][]byte{p.ErrData}, FinalizedAt: []*time.Time{p.FinalizedAt},
		MetadataDoMerge: []bool{false}, MetadataUpdates: [][]byte{nil}, ScheduledAt: []*time.Time{p.ScheduledAt},
		State: []rivertype.JobState{p.State}})
	return err
}

func (q *riverQueue[TTx]) run(ctx context.Context) error {
	// A queue that cannot start (the database is briefly away) tries again rather than leave timers dead
	// until the next restart; one stopped while starting is simply stopped.
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := q.client.Start(ctx)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		q.s.log.Error("workflow: start the job queue; trying again", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
	<-ctx.Done()
	stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.client.Stop(stop); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

type wakeWorker struct {
	river.WorkerDefaults[wakeArgs]
	s *Service
}

func (w *wakeWorker) Work(ctx context.Context, _ *river.Job[wakeArgs]) error {
	_, err := w.s.fireDue(ctx)
	return err
}

// WorkDue fires at once every timer due by the service's clock and completes the wake-up jobs due by then;
// it returns how many timers fired. Tests drive timers deterministically with it.
func (s *Service) WorkDue(ctx context.Context) (int, error) {
	n, err := s.fireDue(ctx)
	if err != nil {
		return n, err
	}
	for {
		jobs, err := s.jobs.claimDue(ctx, s.now(), 100)
		if err != nil {
			return n, internal("claim wake-ups", err)
		}
		if len(jobs) == 0 {
			return n, nil
		}
		err = s.db.Write(ctx, func(tx store.Tx) error {
			for _, j := range jobs {
				if err := s.jobs.complete(ctx, tx, j.ID, s.now()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, internal("complete wake-ups", err)
		}
	}
}

// fireDue fires the timers due by now, oldest first, and returns how many fired here. A timer whose command
// fails for an internal reason is logged and passed over, so that it does not hold up the others; the
// error is returned at the end, and River works the job again later.
func (s *Service) fireDue(ctx context.Context) (int, error) {
	const page = 200
	fired, skip := 0, 0
	var firstErr error
	for {
		now := s.now()
		type due struct{ id, instance string }
		var list []due
		err := s.db.Read(ctx, func(tx store.Tx) error {
			rows, err := tx.Query(ctx, `SELECT id, instance FROM wf_timers WHERE due_at <= $1 ORDER BY due_at, id
				LIMIT $2 OFFSET $3`, ms(now), int64(page), int64(skip))
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var d due
				if err := rows.Scan(&d.id, &d.instance); err != nil {
					return err
				}
				list = append(list, d)
			}
			return rows.Err()
		})
		if err != nil {
			return fired, internal("read due timers", err)
		}
		for _, d := range list {
			ok, err := s.fire(ctx, d.instance, d.id)
			switch {
			case errors.Is(err, errBusy):
				s.log.Warn("workflow: a timer's instance is busy; it fires at the next wake-up", "timer", d.id)
				firstErr = cmp.Or(firstErr, err)
				skip++
			case err != nil:
				s.log.Error("workflow: a timer failed to fire", "timer", d.id, "err", err)
				firstErr = cmp.Or(firstErr, err)
				skip++
			case ok:
				fired++
			}
		}
		if len(list) < page {
			return fired, firstErr
		}
	}
}

// errFired: another server (or an earlier attempt) fired the timer first.
var errFired = govflow.Errorf(govflow.ENOTFOUND, "该定时已处理")

// fire sends fire_timer for one timer. Its transaction first deletes the timer's row (the claim); a timer
// someone else claimed, or that the engine refuses (cancelled meanwhile, instance ended or suspended), is
// dropped. A timer whose instance stayed busy keeps its row: it fires at the next wake-up.
func (s *Service) fire(ctx context.Context, instance, timer string) (bool, error) {
	cmd := engine.Command{Op: engine.OpFireTimer, Timer: timer}
	_, err := s.exec(ctx, &command{cmd: cmd, id: instance, prepare: s.prepareOn(instance, cmd),
		claim: func(ctx context.Context, tx store.Tx) error {
			return s.sql.execExpect(ctx, tx, 1, errFired, `DELETE FROM wf_timers WHERE id = $1`, timer)
		}})
	switch {
	case err == nil:
		return true, nil
	case obsolete(err):
		err := s.db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `DELETE FROM wf_timers WHERE id = $1`, timer)
			return err
		})
		return false, err
	}
	return false, err
}

// obsolete reports whether a timer's command failed because what the timer was for is gone: the engine
// refuses it, or another server fired it first. Busy (errBusy) and internal failures are not.
func obsolete(err error) bool {
	if errors.Is(err, errBusy) {
		return false
	}
	switch govflow.ErrorCode(err) {
	case govflow.ENOTFOUND, govflow.ECONFLICT:
		return true
	}
	return false
}

// minutes remembers the wake-up minutes known to have a pending job, so that a command inserts one only for
// a minute that has none yet. Minutes close to now are always inserted again (River skips duplicates): their
// job may have run already.
type minutes struct {
	mu sync.Mutex
	m  map[int64]bool
}

func (m *minutes) missing(ms []int64, now time.Time) []int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	soon := now.Add(2 * time.Minute).Unix()
	var out []int64
	for _, x := range ms {
		if x <= soon || !m.m[x] {
			out = append(out, x)
		}
	}
	return out
}

func (m *minutes) add(ms []int64) {
	if len(ms) == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil || len(m.m) > 100000 {
		m.m = map[int64]bool{}
	}
	for _, x := range ms {
		m.m[x] = true
	}
}

// minuteOf is the wake-up minute of an instant: the next whole minute at or after it.
func minuteOf(t time.Time) int64 {
	s := t.Unix()
	if r := s % 60; r != 0 || t.Nanosecond() != 0 {
		s += 60 - r
	}
	return s
}

// levelAtLeast drops River's routine log records below a level.
type levelAtLeast struct {
	slog.Handler
	min slog.Level
}

func (h levelAtLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelAtLeast) WithAttrs(as []slog.Attr) slog.Handler {
	return levelAtLeast{h.Handler.WithAttrs(as), h.min}
}

func (h levelAtLeast) WithGroup(name string) slog.Handler {
	return levelAtLeast{h.Handler.WithGroup(name), h.min}
}
