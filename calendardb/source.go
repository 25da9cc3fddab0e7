package calendardb

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
)

// CheckEvery is how often a Source asks the database whether the calendar changed, by default.
const CheckEvery = 2 * time.Second

// Source hands out the current calendar of one database. It is safe for concurrent use. Between checks it
// answers from memory without locking; a check is one single-row query, and the calendar is rebuilt only when
// the version changed. Use the shared one (For, Current) unless a test needs its own clock.
type Source struct {
	db    *store.DB
	every time.Duration
	clock func() time.Time
	local *atomic.Int64 // changes made through this package in this process

	mu  sync.Mutex // one check or rebuild at a time
	cur atomic.Pointer[cached]
}

type cached struct {
	snap    *Snapshot
	checked time.Time // by the Source's clock
	local   int64
}

// NewSource returns a Source of db that checks the database at most once every `every` (CheckEvery when 0)
// by clock (time.Now when nil). Tests pass a fake clock to stand for another server.
func NewSource(db *store.DB, every time.Duration, clock func() time.Time) *Source {
	if every <= 0 {
		every = CheckEvery
	}
	if clock == nil {
		clock = time.Now
	}
	return &Source{db: db, every: every, clock: clock, local: localVersion(db)}
}

var sources sync.Map // *store.DB → *Source

// For returns the shared Source of db.
func For(db *store.DB) *Source {
	if s, ok := sources.Load(db); ok {
		return s.(*Source)
	}
	s, _ := sources.LoadOrStore(db, NewSource(db, 0, nil))
	return s.(*Source)
}

// Current returns db's calendar: the national arrangements, the loaded years and the office hours.
// It is what every deadline is computed with.
func Current(ctx context.Context, db *store.DB) (*calendar.Calendar, error) {
	return For(db).Calendar(ctx)
}

// Calendar returns the current calendar. When the database does not answer a check, it goes on with the
// calendar built last and asks again after the interval; it fails only when it has never built one.
func (s *Source) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return snap.Calendar, nil
}

// CalendarTx is Calendar for code already inside a transaction: a check it needs reads through tx, and a
// failing read is returned rather than answered with the calendar built last.
func (s *Source) CalendarTx(ctx context.Context, tx store.Tx) (*calendar.Calendar, error) {
	snap, err := s.get(ctx, false, func(fn func(store.Tx) error) error { return fn(tx) })
	if err != nil {
		return nil, err
	}
	return snap.Calendar, nil
}

// Snapshot returns the current calendar with where each part came from (for the admin pages).
func (s *Source) Snapshot(ctx context.Context) (*Snapshot, error) {
	return s.get(ctx, true, func(fn func(store.Tx) error) error { return s.db.Read(ctx, fn) })
}

func (s *Source) fresh(c *cached) bool {
	return c != nil && c.local == s.local.Load() && s.clock().Sub(c.checked) < s.every
}

// get returns the cached snapshot while it is fresh, else checks the version and rebuilds when it changed.
// When the database does not answer, stale says whether to go on with the calendar built last (asking again
// after the interval) rather than fail; inside the caller's transaction the error must reach the caller.
func (s *Source) get(ctx context.Context, stale bool, read func(func(store.Tx) error) error) (*Snapshot, error) {
	if c := s.cur.Load(); s.fresh(c) {
		return c.snap, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cur.Load()
	if s.fresh(c) {
		return c.snap, nil
	}
	local, now := s.local.Load(), s.clock()
	var snap *Snapshot
	err := read(func(tx store.Tx) error {
		if c != nil && c.local == local {
			v, err := readVersion(ctx, tx)
			if err != nil || v == c.snap.Version {
				snap = c.snap
				return err
			}
		}
		var err error
		snap, err = ReadSnapshot(ctx, tx)
		return err
	})
	if err != nil {
		if c == nil || !stale {
			return nil, err
		}
		s.cur.Store(&cached{snap: c.snap, checked: now, local: c.local})
		return c.snap, nil
	}
	s.cur.Store(&cached{snap: snap, checked: now, local: local})
	return snap, nil
}

var locals sync.Map // *store.DB → *atomic.Int64

func localVersion(db *store.DB) *atomic.Int64 {
	v, _ := locals.LoadOrStore(db, new(atomic.Int64))
	return v.(*atomic.Int64)
}

// changed tells this process's Sources of db that a change was committed.
func changed(db *store.DB) { localVersion(db).Add(1) }
