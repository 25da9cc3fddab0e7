package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// RuleVersionNumber is the catalog's own rule: the `version` a text declares must be the version it is
// stored as, so that the definition, the flowchart, the handbook and BPMN exports all say the same number.
const RuleVersionNumber = "version-number"

// LintError refuses a text because of its findings: a version with errors cannot be published, and a new
// process cannot be created from a text that does not read. Nothing changed.
type LintError struct {
	ID       string
	Version  int // 0 for a text not stored
	Message  string
	Findings []lint.Finding // every finding, warnings included
}

func (e *LintError) Error() string { return e.Message }

// Unwrap gives the refusal a govflow code, so that every layer answers it as invalid input.
func (e *LintError) Unwrap() error {
	return &govflow.Error{Code: govflow.EINVALID, Field: "yaml", Message: e.Message}
}

func publishRefused(id string, version int, findings []lint.Finding) *LintError {
	n, _ := lint.Count(findings)
	return &LintError{ID: id, Version: version, Findings: findings,
		Message: fmt.Sprintf("流程 %s 第 %d 版有 %d 处错误，不能发布。请按提示修改草稿、保存后再发布。", id, version, n)}
}

func unreadable(findings []lint.Finding) *LintError {
	return &LintError{Findings: findings,
		Message: "流程定义无法读取，不能新建流程。请按提示修改 YAML（行号、列号见错误列表）后再保存。"}
}

// checkEnv is what linting a text needs from the database: the organisation and the catalog's processes.
type checkEnv struct {
	dir       lint.Directory
	processes []string // ids of processes that have a published version
}

// loadCheckEnv reads the organisation and the published ids in one transaction.
func loadCheckEnv(ctx context.Context, tx store.Tx) (*checkEnv, error) {
	dir, err := org.LoadTx(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("load organisation: %w", err)
	}
	posts, err := org.ListPosts(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	env := &checkEnv{dir: lintDirectory(dir, posts)}
	rows, err := tx.Query(ctx, `SELECT id FROM catalog_processes WHERE published > 0 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list published processes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		env.processes = append(env.processes, id)
	}
	return env, rows.Err()
}

// lintDirectory turns the organisation into what the linter checks units, posts and roles against: every
// unit, every post defined or held, the system roles and those people hold, and who holds what where.
func lintDirectory(dir *org.Directory, posts []string) *lint.Org {
	o := &lint.Org{PostNames: slices.Clone(posts), Staff: map[string][]string{}}
	for _, u := range dir.Units() {
		o.UnitNames = append(o.UnitNames, u.Name)
	}
	for _, r := range govflow.Roles {
		o.RoleNames = append(o.RoleNames, string(r))
	}
	for _, p := range dir.People() {
		u, ok := dir.Unit(p.UnitID)
		if !p.Active || !ok {
			continue
		}
		if p.Post != "" && !slices.Contains(o.Staff[u.Name], p.Post) {
			o.Staff[u.Name] = append(o.Staff[u.Name], p.Post)
		}
		if p.Post != "" && !slices.Contains(o.PostNames, p.Post) {
			o.PostNames = append(o.PostNames, p.Post)
		}
		for _, r := range p.Roles {
			if !slices.Contains(o.RoleNames, string(r)) {
				o.RoleNames = append(o.RoleNames, string(r))
			}
		}
	}
	return o
}

// fileName is the name findings give a process's text.
func fileName(id string) string {
	if id == "" {
		return "definition.yaml"
	}
	return id + ".yaml"
}

// checkText refuses what cannot be stored at all: an empty, oversized or non-UTF-8 text.
func checkText(src []byte) error {
	switch {
	case len(strings.TrimSpace(string(src))) == 0:
		return govflow.FieldError("yaml", "流程定义为空，请填写 YAML 格式的流程定义。")
	case len(src) > process.MaxFileSize:
		return govflow.FieldError("yaml", "流程定义超过 %d KB 的上限，请精简后再保存。", process.MaxFileSize>>10)
	case !utf8.Valid(src) || strings.ContainsRune(string(src), 0):
		return govflow.FieldError("yaml", "流程定义须为 UTF-8 编码的文本，请检查文件编码。")
	}
	return nil
}

// lintText parses and lints one text as the catalog checks it; def is nil when the text cannot be read.
func (s *Service) lintText(env *checkEnv, id string, src []byte) (*process.Definition, []lint.Finding) {
	name := fileName(id)
	def, err := process.Parse(name, src)
	if err != nil {
		var pe *process.ParseError
		if errors.As(err, &pe) {
			return nil, problemsToFindings(pe.Problems)
		}
		return nil, []lint.Finding{{Pos: process.Pos{File: name, Line: 1, Column: 1}, Rule: process.RuleSyntax,
			Severity: lint.Error, Message: err.Error()}}
	}
	opts := lint.Options{Directory: env.dir, MaxApprovalLevels: s.MaxApprovalLevels, MaxStates: s.MaxStates, Actions: s.Actions,
		Processes: appendUnique(env.processes, id)}
	return def, lint.Definitions([]*process.Definition{def}, opts)
}

// versionFinding reports a text whose `version` is not the number it is stored as.
func versionFinding(def *process.Definition, id string, version int) []lint.Finding {
	if def == nil || def.Version == version {
		return nil
	}
	pos := def.PosOf("version")
	if pos.Line == 0 {
		pos = process.Pos{File: fileName(id), Line: 1, Column: 1}
	}
	return []lint.Finding{{Pos: pos, Rule: RuleVersionNumber, Severity: lint.Error,
		Message: fmt.Sprintf("本稿保存为第 %d 版，version 应写为 %d（现为 %d）", version, version, def.Version)}}
}

// withVersion merges the version-number finding into the linter's, in order.
func withVersion(findings []lint.Finding, def *process.Definition, id string, version int) []lint.Finding {
	out := slices.DeleteFunc(slices.Clone(findings), func(f lint.Finding) bool { return f.Rule == RuleVersionNumber })
	out = append(out, versionFinding(def, id, version)...)
	lint.Sort(out)
	return out
}

func problemsToFindings(ps []process.Problem) []lint.Finding {
	out := make([]lint.Finding, len(ps))
	for i, p := range ps {
		out[i] = lint.Finding{Pos: p.Pos, Rule: p.Rule, Severity: lint.Error, Message: p.Message}
	}
	return out
}

func appendUnique(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(slices.Clone(list), v)
}

// Lint checks a text the way saving it as version of process id would, without saving anything: the
// organisation and the published catalog as they are now. version 0 skips the version-number rule; id ""
// lints a text for a new process.
func (s *Service) Lint(ctx context.Context, id string, version int, src []byte) ([]lint.Finding, error) {
	if err := checkText(src); err != nil {
		return nil, err
	}
	var env *checkEnv
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		env, err = loadCheckEnv(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if id == "" {
		if def, err := process.Parse(fileName(""), src); err == nil {
			id = def.ID
		}
	}
	def, findings := s.lintText(env, id, src)
	if version > 0 {
		findings = withVersion(findings, def, id, version)
	}
	return findings, nil
}
