package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// 一文一单. A process whose definition names unique fields (机要文件传阅: 来文字号) keeps one row per key in
// wf_unique, written with the instance that takes it: a second instance with the same values is refused with
// the first one named, and terminating an instance frees its key. The primary key settles two servers
// starting the same matter at once.

// keepUnique takes or frees a change's key, inside the command's transaction.
func (s *Service) keepUnique(ctx context.Context, tx store.Tx, ch *change) error {
	def := ch.c.Def
	if len(def.Unique) == 0 {
		return nil
	}
	st := ch.cur
	switch {
	case ch.old == nil && st.Status != engine.StatusTerminated:
		return s.takeKey(ctx, tx, def, ch.id, st.Values)
	case ch.old != nil && st.Status == engine.StatusTerminated && ch.old.st.Status != engine.StatusTerminated:
		if err := s.sql.exec(ctx, tx, `DELETE FROM wf_unique WHERE instance = $1`, ch.id); err != nil {
			return internal("free the unique key", err)
		}
	}
	return nil
}

func (s *Service) takeKey(ctx context.Context, tx store.Tx, def *process.Definition, id string, values map[string]any) error {
	key, ok := uniqueKey(def, values)
	if !ok {
		return nil
	}
	var title string
	var started int64
	err := s.sql.queryRow(ctx, tx, `SELECT i.title, i.started_at FROM wf_unique u
		JOIN wf_instances i ON i.id = u.instance WHERE u.process = $1 AND u.key = $2`, []any{def.ID, key},
		&title, &started)
	switch {
	case err == nil:
		return duplicateMatter(def, values, title, time.UnixMilli(started))
	case !errors.Is(err, store.ErrNoRows):
		return internal("read the unique key", err)
	}
	err = s.sql.exec(ctx, tx, `INSERT INTO wf_unique (process, key, instance) VALUES ($1, $2, $3)`, def.ID, key, id)
	switch {
	case store.IsUniqueViolation(err):
		return errStale // another server took it meanwhile: run again, and be told whose it is
	case err != nil:
		return internal("take the unique key", err)
	}
	return nil
}

// uniqueKey joins the unique fields' values; a matter with any of them empty has no key.
func uniqueKey(def *process.Definition, values map[string]any) (string, bool) {
	parts := make([]string, len(def.Unique))
	for i, f := range def.Unique {
		v := strings.TrimSpace(fmt.Sprint(values[f]))
		if values[f] == nil || v == "" {
			return "", false
		}
		parts[i] = v
	}
	return strings.Join(parts, "\x1f"), true
}

func duplicateMatter(def *process.Definition, values map[string]any, title string, started time.Time) error {
	field := def.Unique[0]
	var said []string
	for _, id := range def.Unique {
		name := id
		if f, ok := def.Field(id); ok {
			name = f.Name
		}
		said = append(said, fmt.Sprintf("%s“%v”", name, values[id]))
	}
	return govflow.FieldError(field, "%s已有《%s》在办：“%s”，%s 发起。一文一单，同一事项不能重复发起；请在原件中继续办理",
		strings.Join(said, "、"), def.Name, title, started.In(calendar.Beijing).Format("2006-01-02 15:04"))
}
