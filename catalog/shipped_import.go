package catalog

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/store"
)

func init() {
	demo.Register(demo.Loader{Name: "catalog", Order: 200, Run: func(ctx context.Context, env demo.Env) error {
		s := NewService(env.DB, func() time.Time { return env.Now })
		_, err := s.ImportShipped(ctx, govflow.Actor{ID: SystemActor})
		return err
	}})
}

// SystemActor is who imports the shipped catalog.
const SystemActor = "system"

// shippedFile is one shipped definition on its way into the database.
type shippedFile struct {
	id  string
	src []byte
}

// ImportShipped adds every shipped process the catalog does not hold yet as its version 1: published when
// it lints clean against the organisation in the database, else kept as a draft with its findings. It
// returns the ids it added; running it again adds nothing. One transaction, one audit record per process.
func (s *Service) ImportShipped(ctx context.Context, actor govflow.Actor) ([]string, error) {
	files, err := readShipped()
	if err != nil {
		return nil, err
	}
	var env *checkEnv
	have := map[string]bool{}
	err = s.DB.Read(ctx, func(tx store.Tx) error {
		if env, err = loadCheckEnv(ctx, tx); err != nil {
			return err
		}
		names, err := allIDs(ctx, tx)
		for _, id := range names {
			have[id] = true
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var todo []shippedFile
	for _, f := range files {
		if !have[f.id] {
			todo = append(todo, f)
			env.processes = appendUnique(env.processes, f.id)
		}
	}
	var added []string
	err = s.DB.Write(ctx, func(tx store.Tx) error {
		added = nil
		for _, f := range todo {
			ok, err := s.importOne(ctx, tx, actor, env, f)
			if err != nil {
				return err
			}
			if ok {
				added = append(added, f.id)
			}
		}
		return nil
	})
	return added, err
}

func readShipped() ([]shippedFile, error) {
	files := Files()
	names, err := fs.Glob(files, "*/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list shipped catalog: %w", err)
	}
	out := make([]shippedFile, 0, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, fmt.Errorf("read shipped process %s: %w", name, err)
		}
		out = append(out, shippedFile{id: strings.TrimSuffix(path.Base(name), ".yaml"), src: src})
	}
	return out, nil
}

func allIDs(ctx context.Context, tx store.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM catalog_processes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// importOne stores one shipped process as version 1; false when its id is taken (another server was
// quicker) or its text does not read.
func (s *Service) importOne(ctx context.Context, tx store.Tx, actor govflow.Actor, env *checkEnv, f shippedFile) (bool, error) {
	def, findings := s.lintText(env, f.id, f.src)
	if def == nil || def.ID != f.id {
		return false, nil
	}
	findings = withVersion(findings, def, f.id, 1)
	now := s.Now()
	facts := factsOf(def)
	ok, err := insertProcess(ctx, tx, f.id, facts, actor.ID, now)
	if err != nil || !ok {
		return false, err
	}
	v := &Version{VersionInfo: VersionInfo{ID: f.id, Version: 1, State: StateDraft, Revision: 1, Name: facts.name,
		Category: facts.category, Owner: facts.owner, Purpose: facts.purpose, Note: "随系统提供的流程目录",
		CreatedBy: actor.ID, CreatedAt: now, UpdatedBy: actor.ID, UpdatedAt: now}, Findings: findings}
	p := pointers{draft: 1, latest: 1}
	var publishedAt = now
	if !lint.HasErrors(findings) {
		v.State, v.PublishedBy, v.PublishedAt = StatePublished, actor.ID, now
		p = pointers{published: 1, latest: 1}
	} else {
		publishedAt = v.PublishedAt
	}
	if err := insertVersion(ctx, tx, v, f.src); err != nil {
		return false, err
	}
	if err := updateProcess(ctx, tx, f.id, p, &facts, publishedAt, actor.ID, now); err != nil {
		return false, err
	}
	e, w := lint.Count(findings)
	return true, audit.Append(ctx, tx, audit.Entry{Actor: actor.ID, Action: "catalog.import", Object: object(f.id, 1),
		Detail: fmt.Sprintf("载入随系统提供的《%s》为第 1 版（%s，%s）", def.Name, v.StateLabel(), countText(e, w)), IP: actor.IP, At: now})
}
