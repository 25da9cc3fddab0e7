package workflow

import (
	"context"
	"errors"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
)

// Service runs workflow commands and queries against one database. It is safe for concurrent use.
type Service struct {
	db   *store.DB
	defs Definitions
	opts Options
	log  *slog.Logger
	now  func() time.Time
	// attempts bounds how often a command runs again on a fresh read (maxAttempts; tests lower it).
	attempts int

	sql     *statements
	progs   *programs
	cache   *stateCache
	writers []*writer
	jobs    jobQueue
	minutes minutes

	org     *orgSource
	envMu   sync.Mutex
	envDir  *org.Directory // Options.Directory's last answer and its adapter
	envAdpt *directory
	envCal  *calendar.Calendar
	envDl   *deadlines

	closeOnce sync.Once
	wg        sync.WaitGroup
	runMu     sync.Mutex
	runStop   context.CancelFunc // stops Run (Close calls it)
	runDone   chan struct{}
	closing   bool
}

var (
	servicesMu sync.Mutex
	services   = map[*store.DB]*Service{}
)

// Of returns the service New made last for db, or nil when there is none. The web handlers find the
// service this way; serve (and tests) create it with New.
func Of(db *store.DB) *Service {
	servicesMu.Lock()
	defer servicesMu.Unlock()
	return services[db]
}

// New returns a service on db running the processes of defs, and starts its group-commit writers. Call
// Close when done; call Run to fire timers.
func New(db *store.DB, defs Definitions, opts Options) (*Service, error) {
	if db == nil || defs == nil {
		return nil, errors.New("workflow: New needs a database and definitions")
	}
	opts = withDefaults(opts, db)
	s := &Service{db: db, defs: defs, opts: opts, log: opts.Logger, now: opts.Now, attempts: maxAttempts,
		sql: newStatements(db), progs: newPrograms(defs), cache: newStateCache(opts.CacheSize),
		org: &orgSource{db: db, every: opts.OrgCheckEvery}}
	jobs, err := newJobQueue(s)
	if err != nil {
		return nil, err
	}
	s.jobs = jobs
	for range opts.Writers {
		w := newWriter(s)
		s.writers = append(s.writers, w)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			w.loop()
		}()
	}
	servicesMu.Lock()
	services[db] = s
	servicesMu.Unlock()
	return s, nil
}

func withDefaults(o Options, db *store.DB) Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Calendar == nil {
		cal := calendar.Default()
		o.Calendar = func(context.Context) (*calendar.Calendar, error) { return cal, nil }
	}
	if o.OrgCheckEvery <= 0 {
		o.OrgCheckEvery = 2 * time.Second
	}
	if o.NewID == nil {
		o.NewID = newInstanceID
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	switch {
	case db.Dialect() == store.SQLite:
		o.Writers = 1
	case o.Writers <= 0:
		o.Writers = 2
	}
	if o.CacheSize <= 0 {
		o.CacheSize = 20000
	}
	if o.JobPoll <= 0 {
		o.JobPoll = time.Second
	}
	return o
}

// Run fires timers as they fall due (the River client working the timer queue) until ctx ends. Several
// servers sharing one PostgreSQL database may each run it: a due timer fires once.
func (s *Service) Run(ctx context.Context) error {
	s.runMu.Lock()
	if s.closing {
		s.runMu.Unlock()
		return nil
	}
	if s.runDone != nil {
		s.runMu.Unlock()
		return errors.New("workflow: Run is already running")
	}
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	s.runStop, s.runDone = stop, done
	s.runMu.Unlock()
	defer close(done)
	defer stop()
	return s.jobs.run(ctx)
}

// Close stops the timers (Run) and then the writers, once the commands already queued are committed.
// Commands after Close fail. Close the service before its database.
func (s *Service) Close() error {
	s.closeOnce.Do(func() {
		s.runMu.Lock()
		s.closing = true
		stop, done := s.runStop, s.runDone
		s.runMu.Unlock()
		if stop != nil {
			stop()
			<-done
		}
		for _, w := range s.writers {
			w.close()
		}
		s.wg.Wait()
		servicesMu.Lock()
		if services[s.db] == s {
			delete(services, s.db)
		}
		servicesMu.Unlock()
	})
	return nil
}

// writerFor picks the writer of an instance, so that commands on one instance queue behind each other.
func (s *Service) writerFor(id string) *writer {
	if len(s.writers) == 1 {
		return s.writers[0]
	}
	h := fnv.New32a()
	h.Write([]byte(rootOf(id)))
	return s.writers[int(h.Sum32())%len(s.writers)]
}

// env is the engine's world now: the calendar and the organisation.
func (s *Service) env(ctx context.Context) (engine.Env, error) {
	cal, err := s.opts.Calendar(ctx)
	if err != nil {
		return engine.Env{}, internal("read the calendar", err)
	}
	dir, err := s.directory(ctx)
	if err != nil {
		return engine.Env{}, err
	}
	s.envMu.Lock()
	if s.envCal != cal {
		s.envCal, s.envDl = cal, &deadlines{cal: cal}
	}
	dl := s.envDl
	s.envMu.Unlock()
	return engine.Env{Deadlines: dl, Directory: dir}, nil
}

func (s *Service) directory(ctx context.Context) (*directory, error) {
	if s.opts.Directory == nil {
		d, err := s.org.get(ctx)
		if err != nil {
			return nil, internal("read the organisation", err)
		}
		return d, nil
	}
	d, err := s.opts.Directory(ctx)
	if err != nil {
		return nil, internal("read the organisation", err)
	}
	s.envMu.Lock()
	defer s.envMu.Unlock()
	if s.envDir != d {
		s.envDir, s.envAdpt = d, newDirectory(d)
	}
	return s.envAdpt, nil
}

func internal(what string, err error) error {
	return &govflow.Error{Code: govflow.EINTERNAL, Message: "系统错误，请稍后重试", Err: errors.Join(errors.New(what), err)}
}
