package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

const versionCols = `process_id, version, state, revision, name, category, owner, purpose, note, errors, warnings,
	created_by, created_at, updated_by, updated_at, published_by, published_at, retired_by, retired_at`

func scanInfo(row store.Row, v *VersionInfo) error {
	return row.Scan(&v.ID, &v.Version, &v.State, &v.Revision, &v.Name, &v.Category, &v.Owner, &v.Purpose, &v.Note,
		&v.Errors, &v.Warnings, &v.CreatedBy, &v.CreatedAt, &v.UpdatedBy, &v.UpdatedAt, &v.PublishedBy,
		&v.PublishedAt, &v.RetiredBy, &v.RetiredAt)
}

// getInfo reads one version's record; ENOTFOUND when there is none.
func getInfo(ctx context.Context, tx store.Tx, id string, version int) (*VersionInfo, error) {
	v := &VersionInfo{}
	err := scanInfo(tx.QueryRow(ctx, `SELECT `+versionCols+` FROM catalog_versions WHERE process_id = $1 AND version = $2`,
		id, version), v)
	if errors.Is(err, store.ErrNoRows) {
		return nil, notFound(id, version)
	}
	if err != nil {
		return nil, fmt.Errorf("read process %s version %d: %w", id, version, err)
	}
	return v, nil
}

// getSource reads a version's text and stored findings.
func getSource(ctx context.Context, tx store.Tx, id string, version int) ([]byte, []lint.Finding, error) {
	var src, findings string
	err := tx.QueryRow(ctx, `SELECT source, findings FROM catalog_versions WHERE process_id = $1 AND version = $2`,
		id, version).Scan(&src, &findings)
	if errors.Is(err, store.ErrNoRows) {
		return nil, nil, notFound(id, version)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read process %s version %d: %w", id, version, err)
	}
	var fs []lint.Finding
	if err := json.Unmarshal([]byte(findings), &fs); err != nil {
		return nil, nil, fmt.Errorf("read findings of process %s version %d: %w", id, version, err)
	}
	return []byte(src), fs, nil
}

func notFound(id string, version int) error {
	if version > 0 {
		return govflow.Errorf(govflow.ENOTFOUND, "流程 %s 没有第 %d 版。", id, version)
	}
	return govflow.Errorf(govflow.ENOTFOUND, "流程目录中没有标识为 %s 的流程。", id)
}

const summaryCols = `id, name, category, owner, purpose, time_limit, steps, shown, published, draft, latest, published_at,
	updated_by, updated_at`

func scanSummary(row store.Row, s *Summary) error {
	return row.Scan(&s.ID, &s.Name, &s.Category, &s.Owner, &s.Purpose, &s.Limit, &s.Steps, &s.Version, &s.Published,
		&s.Draft, &s.Latest, &s.PublishedAt, &s.UpdatedBy, &s.UpdatedAt)
}

// getSummary reads a process's row; with lock it is locked for the rest of the transaction (PostgreSQL;
// SQLite serialises writers anyway), so that version numbers and state changes never race.
func getSummary(ctx context.Context, tx store.Tx, id string, lock bool) (*Summary, error) {
	q := `SELECT ` + summaryCols + ` FROM catalog_processes WHERE id = $1`
	if lock && tx.Dialect() == store.Postgres {
		q += ` FOR UPDATE`
	}
	s := &Summary{}
	err := scanSummary(tx.QueryRow(ctx, q, id), s)
	if errors.Is(err, store.ErrNoRows) {
		return nil, notFound(id, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("read process %s: %w", id, err)
	}
	return s, nil
}

// facts are the columns extracted from a definition for lists and search.
type facts struct {
	name, category, owner, purpose, limit, search string
	steps                                         int
}

func factsOf(def *process.Definition) facts {
	f := facts{name: def.Name, category: def.Category, owner: def.Owner, purpose: def.Purpose, limit: def.Limit}
	words := []string{def.ID, def.Name, def.Category, def.Owner, def.Purpose, def.Basis}
	for _, s := range def.Steps {
		if counted(s.Type) {
			f.steps++
		}
		words = append(words, s.Name)
		for _, w := range s.Who {
			words = append(words, w.Unit, w.Post, w.Role)
		}
	}
	f.search = strings.ToLower(strings.Join(words, "\n"))
	return f
}

// counted reports whether a step counts as a step of the work (not a start, end or gateway).
func counted(t process.StepType) bool {
	switch t {
	case process.StepStart, process.StepEnd, process.StepExclusive, process.StepParallel:
		return false
	}
	return true
}

// factsFromInfo keeps what lists show for a text that cannot be read: the record's columns.
func factsFromSummary(s *Summary) facts {
	return facts{name: s.Name, category: s.Category, owner: s.Owner, purpose: s.Purpose, limit: s.Limit, steps: s.Steps,
		search: strings.ToLower(strings.Join([]string{s.ID, s.Name, s.Category, s.Owner, s.Purpose}, "\n"))}
}

func encodeFindings(fs []lint.Finding) string {
	if fs == nil {
		fs = []lint.Finding{}
	}
	b, _ := json.Marshal(fs) // plain structs of strings and ints: cannot fail
	return string(b)
}

// insertVersion writes a new version row.
func insertVersion(ctx context.Context, tx store.Tx, v *Version, src []byte) error {
	e, w := lint.Count(v.Findings)
	_, err := tx.Exec(ctx, `INSERT INTO catalog_versions (process_id, version, state, revision, name, category, owner,
		purpose, source, findings, errors, warnings, note, created_by, created_at, updated_by, updated_at, published_by,
		published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		v.ID, v.Version, v.State, v.Revision, v.Name, v.Category, v.Owner, v.Purpose, string(src),
		encodeFindings(v.Findings), e, w, v.Note, v.CreatedBy, v.CreatedAt, v.UpdatedBy, v.UpdatedAt, v.PublishedBy,
		v.PublishedAt)
	if err != nil {
		return fmt.Errorf("insert process %s version %d: %w", v.ID, v.Version, err)
	}
	return nil
}

// insertProcess writes the row of a new process; false when the id is taken.
func insertProcess(ctx context.Context, tx store.Tx, id string, f facts, by string, at time.Time) (bool, error) {
	n, err := tx.Exec(ctx, `INSERT INTO catalog_processes (id, name, category, owner, purpose, time_limit, steps, search,
		shown, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10) ON CONFLICT (id) DO NOTHING`,
		id, f.name, f.category, f.owner, f.purpose, f.limit, f.steps, f.search, by, at)
	if err != nil {
		return false, fmt.Errorf("insert process %s: %w", id, err)
	}
	return n == 1, nil
}

// pointers are a process row's version numbers after a change.
type pointers struct{ published, draft, latest int }

func (p pointers) shown() int {
	if p.published > 0 {
		return p.published
	}
	return p.latest
}

// updateProcess sets a process row's pointers and, when the shown version changed or was edited, its facts.
func updateProcess(ctx context.Context, tx store.Tx, id string, p pointers, f *facts, publishedAt time.Time, by string,
	at time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE catalog_processes SET shown = $2, published = $3, draft = $4, latest = $5,
		published_at = $6, updated_by = $7, updated_at = $8 WHERE id = $1`,
		id, p.shown(), p.published, p.draft, p.latest, publishedAt, by, at)
	if err == nil && f != nil {
		_, err = tx.Exec(ctx, `UPDATE catalog_processes SET name = $2, category = $3, owner = $4, purpose = $5,
			time_limit = $6, steps = $7, search = $8 WHERE id = $1`,
			id, f.name, f.category, f.owner, f.purpose, f.limit, f.steps, f.search)
	}
	if err != nil {
		return fmt.Errorf("update process %s: %w", id, err)
	}
	return nil
}

// factsOfVersion reads the facts of a stored version (to show it in lists after the shown version changed).
func factsOfVersion(ctx context.Context, tx store.Tx, id string, version int) (*facts, error) {
	src, _, err := getSource(ctx, tx, id, version)
	if err != nil {
		return nil, err
	}
	def, err := process.Parse(fileName(id), src)
	if err != nil {
		s, err := getSummary(ctx, tx, id, false)
		if err != nil {
			return nil, err
		}
		f := factsFromSummary(s)
		return &f, nil
	}
	f := factsOf(def)
	return &f, nil
}

// prefixed qualifies a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
