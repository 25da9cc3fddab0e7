package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

// programs caches the compiled definitions by process and version. A version that has run never changes
// (catalog versions are immutable once published), so entries never go stale.
type programs struct {
	defs Definitions
	mu   sync.RWMutex
	m    map[progKey]*engine.Compiled
}

type progKey struct {
	id      string
	version int
}

func newPrograms(defs Definitions) *programs {
	return &programs{defs: defs, m: map[progKey]*engine.Compiled{}}
}

// version returns the compiled version of a process that an instance runs.
func (p *programs) version(ctx context.Context, id string, version int) (*engine.Compiled, error) {
	k := progKey{id, version}
	p.mu.RLock()
	c := p.m[k]
	p.mu.RUnlock()
	if c != nil {
		return c, nil
	}
	v, err := p.defs.Version(ctx, id, version)
	if err != nil {
		return nil, err
	}
	return p.compile(v)
}

// published returns the compiled published version of a process.
func (p *programs) published(ctx context.Context, id string) (*engine.Compiled, error) {
	v, err := p.defs.Published(ctx, id)
	if err != nil {
		if govflow.ErrorCode(err) == govflow.ENOTFOUND {
			return nil, govflow.Errorf(govflow.ENOTFOUND, "流程“%s”不存在或尚未发布", id)
		}
		return nil, err
	}
	return p.compile(v)
}

func (p *programs) compile(v *catalog.Version) (*engine.Compiled, error) {
	if v == nil || v.Def == nil {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "流程版本不存在")
	}
	k := progKey{v.ID, v.Version}
	p.mu.RLock()
	c := p.m[k]
	p.mu.RUnlock()
	if c != nil {
		return c, nil
	}
	c, err := engine.Compile(v.Def)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if prev := p.m[k]; prev != nil {
		c = prev
	} else {
		p.m[k] = c
	}
	p.mu.Unlock()
	return c, nil
}

// Static is a fixed set of definitions, each published at the version it declares: for tests, the bench
// and tools that run processes without the stored catalog.
type Static struct {
	m map[string]*catalog.Version
}

// NewStatic returns the definitions as published versions; two definitions with one id are refused.
func NewStatic(defs ...*process.Definition) (*Static, error) {
	s := &Static{m: map[string]*catalog.Version{}}
	for _, d := range defs {
		if _, dup := s.m[d.ID]; dup {
			return nil, fmt.Errorf("workflow: process %s given twice", d.ID)
		}
		c, err := process.Compile(d)
		if err != nil {
			return nil, fmt.Errorf("workflow: process %s: %w", d.ID, err)
		}
		s.m[d.ID] = &catalog.Version{VersionInfo: catalog.VersionInfo{ID: d.ID, Version: d.Version,
			State: catalog.StatePublished, Name: d.Name, Category: d.Category, Owner: d.Owner, Purpose: d.Purpose},
			Def: d, Compiled: c}
	}
	return s, nil
}

// Published returns the definition with the id.
func (s *Static) Published(_ context.Context, id string) (*catalog.Version, error) {
	v, ok := s.m[id]
	if !ok {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "流程“%s”不存在或尚未发布", id)
	}
	return v, nil
}

// Version returns the definition when it has that version.
func (s *Static) Version(_ context.Context, id string, version int) (*catalog.Version, error) {
	v, ok := s.m[id]
	if !ok || v.Version != version {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "流程“%s”第 %d 版不存在", id, version)
	}
	return v, nil
}

// ListPublished lists every definition, by category then id.
func (s *Static) ListPublished(context.Context) ([]catalog.Summary, error) {
	out := make([]catalog.Summary, 0, len(s.m))
	for _, v := range s.m {
		d := v.Def
		out = append(out, catalog.Summary{ID: d.ID, Name: d.Name, Category: d.Category, Owner: d.Owner,
			Purpose: d.Purpose, Limit: d.Limit, Steps: countSteps(d), Version: d.Version, Published: d.Version,
			Latest: d.Version})
	}
	slices.SortFunc(out, func(a, b catalog.Summary) int {
		if a.Category != b.Category {
			return strings.Compare(a.Category, b.Category)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

func countSteps(d *process.Definition) int {
	n := 0
	for _, s := range d.Steps {
		switch s.Type {
		case process.StepStart, process.StepEnd, process.StepExclusive, process.StepParallel:
		default:
			n++
		}
	}
	return n
}
