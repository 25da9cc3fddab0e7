package workflow

import (
	"context"
	"errors"
	"sync"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// Group commit. A durable commit costs a disk flush, far more than the statements of one command. A writer
// takes the commands queued while the previous commit was flushing, runs them in one transaction, commits
// once and then answers every caller: nothing is acknowledged before its commit. Each command stays atomic:
// refusals happen before a command reaches the writer; when one fails inside it (rare: its instance changed
// meanwhile), the transaction rolls back, that command gets its error and the others run again together, so
// no command is ever half-applied and one's failure is not another's. (Savepoints per command would
// do the same, but SQLite copies every page a savepoint touches to its sub-journal: a fifth of the writer's
// time under load.)

// work is one command's part of a batch: what it answers and the instance states to cache after the commit.
type work struct {
	v       any
	cached  []*inst
	touched []string // instances to forget when the batch does not commit
	minutes []int64  // wake-up minutes the command made sure of
}

type request struct {
	ctx   context.Context
	fn    func(ctx context.Context, tx store.Tx, wk *work) error
	wk    work
	err   error
	reply chan struct{}
}

type writer struct {
	s      *Service
	in     chan *request
	mu     sync.RWMutex
	closed bool
}

var errClosed = &govflow.Error{Code: govflow.EINTERNAL, Message: "服务正在停止，请稍后重试", Err: errors.New("workflow: service closed")}

func newWriter(s *Service) *writer {
	return &writer{s: s, in: make(chan *request, 4*s.opts.MaxBatch)}
}

func (w *writer) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		close(w.in)
	}
}

// submit runs fn in the writer's next batch and waits for its commit.
func (s *Service) submit(ctx context.Context, instance string, fn func(ctx context.Context, tx store.Tx, wk *work) error) (any, error) {
	w := s.writerFor(instance)
	r := &request{ctx: ctx, fn: fn, reply: make(chan struct{})}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return nil, errClosed
	}
	w.in <- r
	w.mu.RUnlock()
	<-r.reply
	return r.wk.v, r.err
}

func (w *writer) loop() {
	batch := make([]*request, 0, w.s.opts.MaxBatch)
	for r := range w.in {
		batch = append(batch[:0], r)
	drain:
		for len(batch) < cap(batch) {
			select {
			case r, ok := <-w.in:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		w.run(batch)
		w.s.sql.prepareQueued(context.Background())
	}
}

func (w *writer) run(batch []*request) {
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			close(r.reply)
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	pending := live
	for len(pending) > 0 {
		failed, err := w.commit(pending)
		switch {
		case err == nil:
			for _, r := range pending {
				w.finish(r)
			}
			return
		case failed >= 0:
			// One command failed and the batch rolled back: that command has its answer; the others run
			// again together.
			r := pending[failed]
			r.err = err
			w.finish(r)
			pending = append(pending[:failed:failed], pending[failed+1:]...)
			for _, r := range pending {
				r.wk, r.err = work{}, nil
			}
		default:
			// The failure belongs to no command in particular (a statement sent in a pipeline, the commit
			// itself): each runs again in its own transaction, so that it stays with whoever caused it.
			for _, r := range pending {
				r.wk, r.err = work{}, nil
				if len(pending) == 1 {
					r.err = err
				} else if _, err := w.commit([]*request{r}); err != nil {
					r.err = err
				}
				w.finish(r)
			}
			return
		}
	}
}

// commit runs the requests in one transaction and commits it. When a request fails, the transaction rolls
// back and commit returns its index and error; failed is -1 when the failure came later (the statements a
// PostgreSQL pipeline sent at the end, or the commit).
func (w *writer) commit(rs []*request) (failed int, err error) {
	ctx := context.Background()
	failed = -1
	err = w.s.db.Write(ctx, func(tx store.Tx) error {
		wt := w.s.sql.wrap(tx)
		for i, r := range rs {
			wt.cur = i
			if err := r.fn(context.WithoutCancel(r.ctx), wt, &r.wk); err != nil {
				failed = i
				return err
			}
		}
		return w.s.sql.flush(ctx, wt)
	})
	var owned *ownedError
	switch {
	case err == nil:
		failed = -1
	case errors.As(err, &owned):
		failed, err = owned.owner, owned.err
	}
	return failed, err
}

func (w *writer) finish(r *request) {
	if r.err != nil {
		w.s.cache.forget(r.wk.touched...)
		if govflow.ErrorCode(r.err) == govflow.EINTERNAL && !errors.Is(r.err, errStale) {
			w.s.log.Error("workflow command failed", "err", r.err)
		}
	} else {
		w.s.cache.remember(r.wk.cached...)
		w.s.minutes.add(r.wk.minutes)
	}
	close(r.reply)
}
