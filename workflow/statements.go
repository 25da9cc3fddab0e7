package workflow

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/govflow/govflow/store"
)

// statements runs the writers' SQL. On SQLite each statement is prepared once on the single writer
// connection and reused (compiling a statement costs more than running it); pgx caches prepared statements
// per connection by itself. Arguments must already be in stored form (int64 milliseconds, 0/1).
//
// The one connection is busy inside a transaction, so a statement met for the first time runs unprepared and
// is prepared by prepareQueued, which the writer calls between batches.
type statements struct {
	db     *store.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	queued map[string]bool
}

func newStatements(db *store.DB) *statements {
	return &statements{db: db, m: map[string]*sql.Stmt{}, queued: map[string]bool{}}
}

func (s *statements) stmt(ctx context.Context, tx store.Tx, q string) (*sql.Stmt, error) {
	stx := tx.SQLTx()
	if stx == nil {
		return nil, nil
	}
	s.mu.Lock()
	st := s.m[q]
	if st == nil {
		s.queued[q] = true
	}
	s.mu.Unlock()
	if st == nil {
		return nil, nil
	}
	return stx.StmtContext(ctx, st), nil
}

// prepareQueued prepares the statements met since the last call. Call it outside any transaction.
func (s *statements) prepareQueued(ctx context.Context) {
	s.mu.Lock()
	if len(s.queued) == 0 || s.db.SQLDB() == nil {
		s.mu.Unlock()
		return
	}
	var qs []string
	for q := range s.queued {
		qs = append(qs, q)
	}
	clear(s.queued)
	s.mu.Unlock()
	for _, q := range qs {
		st, err := s.db.SQLDB().PrepareContext(ctx, q)
		if err != nil {
			continue // runs unprepared, as before
		}
		s.mu.Lock()
		s.m[q] = st
		s.mu.Unlock()
	}
}

// wtx is a writer's transaction. On PostgreSQL its statements are queued and sent together in one round
// trip (a pipeline) when a result is needed: before a query, before the job queue uses the transaction,
// and at the end of the batch. A statement expecting a row count that it does not get fails the batch then.
type wtx struct {
	store.Tx
	queue []queued
	cur   int // the batch's request now running, which owns the statements it queues
}

type queued struct {
	q     string
	args  []any
	want  int64 // the rows it must affect; -1 for any
	wrong error // the error when it does not
	owner int
}

// ownedError is a queued statement's failure, with the request that queued it.
type ownedError struct {
	owner int
	err   error
}

func (e *ownedError) Error() string { return e.err.Error() }
func (e *ownedError) Unwrap() error { return e.err }

func (s *statements) wrap(tx store.Tx) *wtx { return &wtx{Tx: tx} }

// exec runs a write statement (queued on PostgreSQL).
func (s *statements) exec(ctx context.Context, tx store.Tx, q string, args ...any) error {
	return s.execExpect(ctx, tx, -1, nil, q, args...)
}

// execExpect runs a write statement that must affect want rows, else fails with wrong.
func (s *statements) execExpect(ctx context.Context, tx store.Tx, want int64, wrong error, q string, args ...any) error {
	if w, ok := tx.(*wtx); ok && w.PgxTx() != nil {
		w.queue = append(w.queue, queued{q: q, args: args, want: want, wrong: wrong, owner: w.cur})
		return nil
	}
	n, err := s.execNow(ctx, tx, q, args...)
	if err != nil {
		return err
	}
	if want >= 0 && n != want {
		return wrong
	}
	return nil
}

func (s *statements) execNow(ctx context.Context, tx store.Tx, q string, args ...any) (int64, error) {
	st, err := s.stmt(ctx, tx, q)
	if err != nil {
		return 0, err
	}
	if st == nil {
		return tx.Exec(ctx, q, args...)
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// flush sends the queued statements of a PostgreSQL writer transaction and checks their row counts.
func (s *statements) flush(ctx context.Context, tx store.Tx) error {
	w, ok := tx.(*wtx)
	if !ok || len(w.queue) == 0 {
		return nil
	}
	queue := w.queue
	w.queue = nil
	b := &pgx.Batch{}
	for _, q := range queue {
		b.Queue(q.q, q.args...)
	}
	br := w.PgxTx().SendBatch(ctx, b)
	var failed error
	owner := -1
	for _, q := range queue {
		tag, err := br.Exec()
		switch {
		case err != nil:
			failed = err
		case q.want >= 0 && tag.RowsAffected() != q.want:
			failed = q.wrong
		}
		if failed != nil {
			owner = q.owner
			break
		}
	}
	if err := br.Close(); err != nil && failed == nil {
		failed = err
	}
	if failed == nil {
		return nil
	}
	if store.IsUniqueViolation(failed) {
		failed = errStale
	}
	if owner >= 0 {
		return &ownedError{owner: owner, err: failed}
	}
	return failed
}

// queryRow runs a one-row query in a write transaction (after the queued statements); no row is
// store.ErrNoRows.
func (s *statements) queryRow(ctx context.Context, tx store.Tx, q string, args []any, dest ...any) error {
	if err := s.flush(ctx, tx); err != nil {
		return err
	}
	st, err := s.stmt(ctx, tx, q)
	if err != nil {
		return err
	}
	if st == nil {
		return tx.QueryRow(ctx, q, args...).Scan(dest...)
	}
	err = st.QueryRowContext(ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNoRows
	}
	return err
}

// ms is how times are stored.
func ms(t time.Time) int64 { return store.Millis(t) }
