package catalog

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// Service keeps the catalog in the database: versions of every process, saved, checked, published and
// retired, each change one transaction with its audit record. It is safe for concurrent use, and several
// servers may share one database: which version is published is read from the database on every lookup;
// only the parsed and compiled texts of published and retired versions, which never change, are cached.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Actions are the system actions auto steps may name (the engine's); nil skips that check.
	Actions []string
	// MaxApprovalLevels is how many approval steps may follow one another; 0 means the linter's default.
	MaxApprovalLevels int
	// MaxStates bounds the linter's exploration of a process's states; 0 means the linter's default.
	MaxStates int

	mu    sync.RWMutex
	cache map[versionKey]*parsed
}

type versionKey struct {
	id      string
	version int
}

// parsed is the immutable part of a published or retired version.
type parsed struct {
	source   []byte
	def      *process.Definition
	compiled *process.Compiled
	findings []lint.Finding
}

// NewService returns a Service on db with the given clock.
func NewService(db *store.DB, now func() time.Time) *Service {
	return &Service{DB: db, Now: now, cache: map[versionKey]*parsed{}}
}

// Published returns the version of process id that new work starts with. ENOTFOUND when the process does
// not exist or has no published version.
func (s *Service) Published(ctx context.Context, id string) (*Version, error) {
	var v *Version
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		v, err = s.PublishedTx(ctx, tx, id)
		return err
	})
	return v, err
}

// PublishedTx is Published inside the caller's transaction (the workflow's command transaction).
func (s *Service) PublishedTx(ctx context.Context, tx store.Tx, id string) (*Version, error) {
	info := &VersionInfo{}
	err := scanInfo(tx.QueryRow(ctx, `SELECT `+prefixed("v.", versionCols)+` FROM catalog_processes p
		JOIN catalog_versions v ON v.process_id = p.id AND v.version = p.published WHERE p.id = $1`, id), info)
	if errors.Is(err, store.ErrNoRows) {
		if _, err := getSummary(ctx, tx, id, false); err != nil {
			return nil, err
		}
		return nil, govflow.Errorf(govflow.ENOTFOUND, "流程 %s 目前没有已发布的版本，不能发起。", id)
	}
	if err != nil {
		return nil, err
	}
	return s.complete(ctx, tx, info)
}

// Version returns version n of process id, in whatever state it is. ENOTFOUND when there is none.
func (s *Service) Version(ctx context.Context, id string, version int) (*Version, error) {
	var v *Version
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		v, err = s.VersionTx(ctx, tx, id, version)
		return err
	})
	return v, err
}

// VersionTx is Version inside the caller's transaction.
func (s *Service) VersionTx(ctx context.Context, tx store.Tx, id string, version int) (*Version, error) {
	info, err := getInfo(ctx, tx, id, version)
	if err != nil {
		return nil, err
	}
	return s.complete(ctx, tx, info)
}

// complete adds the text, definition and findings to a version's record, from the cache when it is
// immutable.
func (s *Service) complete(ctx context.Context, tx store.Tx, info *VersionInfo) (*Version, error) {
	key := versionKey{info.ID, info.Version}
	immutable := info.State != StateDraft
	if immutable {
		s.mu.RLock()
		p := s.cache[key]
		s.mu.RUnlock()
		if p != nil {
			return &Version{VersionInfo: *info, Source: p.source, Def: p.def, Compiled: p.compiled, Findings: p.findings}, nil
		}
	}
	src, findings, err := getSource(ctx, tx, info.ID, info.Version)
	if err != nil {
		return nil, err
	}
	p := parse(info.ID, src, findings)
	if immutable {
		s.mu.Lock()
		s.cache[key] = p
		s.mu.Unlock()
	}
	return &Version{VersionInfo: *info, Source: p.source, Def: p.def, Compiled: p.compiled, Findings: p.findings}, nil
}

// parse reads a stored text; a text that does not read or check leaves Def or Compiled nil.
func parse(id string, src []byte, findings []lint.Finding) *parsed {
	p := &parsed{source: src, findings: findings}
	def, err := process.Parse(fileName(id), src)
	if err != nil {
		return p
	}
	p.def = def
	if c, err := process.Compile(def); err == nil {
		p.compiled = c
	}
	return p
}

// ListPublished returns every process that has a published version, described by that version, in the
// catalog's order (category, then id).
func (s *Service) ListPublished(ctx context.Context) ([]Summary, error) {
	var out []Summary
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+summaryCols+` FROM catalog_processes WHERE published > 0`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sm Summary
			if err := scanSummary(rows, &sm); err != nil {
				return err
			}
			out = append(out, sm)
		}
		return rows.Err()
	})
	sortSummaries(out)
	return out, err
}

// Summary returns the list entry of one process.
func (s *Service) Summary(ctx context.Context, id string) (*Summary, error) {
	var sm *Summary
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		sm, err = getSummary(ctx, tx, id, false)
		return err
	})
	return sm, err
}

// Versions lists a process's versions, newest first.
func (s *Service) Versions(ctx context.Context, id string) ([]VersionInfo, error) {
	var out []VersionInfo
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		if _, err := getSummary(ctx, tx, id, false); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+versionCols+` FROM catalog_versions WHERE process_id = $1 ORDER BY version DESC`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v VersionInfo
			if err := scanInfo(rows, &v); err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// Current returns the version a process's page shows: the published one, else the latest.
func (s *Service) Current(ctx context.Context, id string) (*Version, error) {
	var v *Version
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		sm, err := getSummary(ctx, tx, id, false)
		if err != nil {
			return err
		}
		v, err = s.VersionTx(ctx, tx, id, sm.Version)
		return err
	})
	return v, err
}
