package catalog

import (
	"context"
	"fmt"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// Publish makes a draft the version new work starts with and retires the version published before it;
// work already running keeps its version. The draft is linted again against today's organisation and
// catalog: any error refuses with a *LintError and nothing changes.
func (s *Service) Publish(ctx context.Context, actor govflow.Actor, id string, version int) (*Version, error) {
	var cur *Version
	var env *checkEnv
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		if cur, err = s.VersionTx(ctx, tx, id, version); err != nil {
			return err
		}
		env, err = loadCheckEnv(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if cur.State != StateDraft {
		return nil, govflow.Errorf(govflow.ECONFLICT, "只有草稿可以发布：流程 %s 第 %d 版%s。", id, version, cur.StateLabel())
	}
	def, findings := s.lintText(env, id, cur.Source)
	findings = withVersion(findings, def, id, version)
	var compiled *process.Compiled
	if def != nil && !lint.HasErrors(findings) {
		if compiled, err = process.Compile(def); err != nil {
			return nil, fmt.Errorf("compile %s version %d after a clean lint: %w", id, version, err)
		}
	}
	if compiled == nil {
		return nil, publishRefused(id, version, findings)
	}
	var out *Version
	err = s.DB.Write(ctx, func(tx store.Tx) error {
		out, err = s.storePublish(ctx, tx, actor, cur, findings)
		return err
	})
	if out != nil {
		out.Def, out.Compiled = def, compiled
	}
	return out, err
}

func (s *Service) storePublish(ctx context.Context, tx store.Tx, actor govflow.Actor, cur *Version,
	findings []lint.Finding) (*Version, error) {
	now := s.Now()
	sm, err := getSummary(ctx, tx, cur.ID, true)
	if err != nil {
		return nil, err
	}
	if sm.Draft != cur.Version {
		return nil, govflow.Errorf(govflow.ECONFLICT, "流程 %s 第 %d 版已不是草稿（刚被他人发布或废弃），请刷新后查看。", cur.ID, cur.Version)
	}
	previous := sm.Published
	if previous > 0 {
		if _, err := tx.Exec(ctx, `UPDATE catalog_versions SET state = 'retired', retired_by = $3, retired_at = $4
			WHERE process_id = $1 AND version = $2 AND state = 'published'`, cur.ID, previous, actor.ID, now); err != nil {
			return nil, fmt.Errorf("retire %s version %d: %w", cur.ID, previous, err)
		}
	}
	e, w := lint.Count(findings)
	n, err := tx.Exec(ctx, `UPDATE catalog_versions SET state = 'published', findings = $3, errors = $4, warnings = $5,
		published_by = $6, published_at = $7 WHERE process_id = $1 AND version = $2 AND state = 'draft' AND revision = $8`,
		cur.ID, cur.Version, encodeFindings(findings), e, w, actor.ID, now, cur.Revision)
	if err != nil {
		return nil, fmt.Errorf("publish %s version %d: %w", cur.ID, cur.Version, err)
	}
	if n != 1 {
		return nil, govflow.Errorf(govflow.ECONFLICT, "第 %d 版草稿在检查期间被他人修改，请刷新后重新发布。", cur.Version)
	}
	f, err := factsOfVersion(ctx, tx, cur.ID, cur.Version)
	if err != nil {
		return nil, err
	}
	p := pointers{published: cur.Version, latest: sm.Latest}
	if err := updateProcess(ctx, tx, cur.ID, p, f, now, actor.ID, now); err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("发布《%s》第 %d 版", cur.Name, cur.Version)
	if previous > 0 {
		detail += fmt.Sprintf("，第 %d 版同时停用", previous)
	}
	if err := audit.Append(ctx, tx, audit.Entry{Actor: actor.ID, Action: "catalog.publish", Object: object(cur.ID, cur.Version),
		Detail: detail, IP: actor.IP, At: now}); err != nil {
		return nil, err
	}
	out := *cur
	out.State, out.PublishedBy, out.PublishedAt, out.Findings = StatePublished, actor.ID, now, findings
	out.Errors, out.Warnings = e, w
	return &out, nil
}

// Retire stops a version: a published one no longer starts new work (the process then has no published
// version until another is published; running work goes on), and a draft is abandoned. Retired versions
// stay readable, and any of them can be copied into a new draft.
func (s *Service) Retire(ctx context.Context, actor govflow.Actor, id string, version int) (*Version, error) {
	var out *Version
	err := s.DB.Write(ctx, func(tx store.Tx) error {
		now := s.Now()
		sm, err := getSummary(ctx, tx, id, true)
		if err != nil {
			return err
		}
		cur, err := s.VersionTx(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if cur.State == StateRetired {
			return govflow.Errorf(govflow.ECONFLICT, "流程 %s 第 %d 版已经停用。", id, version)
		}
		if _, err := tx.Exec(ctx, `UPDATE catalog_versions SET state = 'retired', retired_by = $3, retired_at = $4
			WHERE process_id = $1 AND version = $2`, id, version, actor.ID, now); err != nil {
			return fmt.Errorf("retire %s version %d: %w", id, version, err)
		}
		p := pointers{published: sm.Published, draft: sm.Draft, latest: sm.Latest}
		action, what := "catalog.retire", "停用"
		if cur.State == StatePublished {
			p.published = 0
		} else {
			p.draft, action, what = 0, "catalog.draft.abandon", "废弃草稿"
		}
		var f *facts
		if p.shown() != sm.Version {
			if f, err = factsOfVersion(ctx, tx, id, p.shown()); err != nil {
				return err
			}
		}
		if err := updateProcess(ctx, tx, id, p, f, sm.PublishedAt, actor.ID, now); err != nil {
			return err
		}
		out = cur
		out.State, out.RetiredBy, out.RetiredAt = StateRetired, actor.ID, now
		return audit.Append(ctx, tx, audit.Entry{Actor: actor.ID, Action: action, Object: object(id, version),
			Detail: fmt.Sprintf("%s《%s》第 %d 版", what, cur.Name, version), IP: actor.IP, At: now})
	})
	return out, err
}
