package web

import (
	"time"

	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
)

// CatalogProblemField is one entry of a problem's errors; for a linter finding it says where and which rule.
type CatalogProblemField struct {
	Field    string `json:"field"`
	Reason   string `json:"reason"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Rule     string `json:"rule,omitempty"`
	Severity string `json:"severity,omitempty" doc:"error 或 warning"`
}

type catalogProblem struct {
	Type     string                `json:"type"`
	Title    string                `json:"title"`
	Status   int                   `json:"status"`
	Detail   string                `json:"detail,omitempty"`
	Instance string                `json:"instance,omitempty"`
	Errors   []CatalogProblemField `json:"errors,omitempty"`
}

// CatalogQuery filters GET /api/v1/catalog/processes.
type CatalogQuery struct {
	Paging
	Q        string `query:"q" json:"-" doc:"关键词，空格分隔"`
	Category string `query:"category" json:"-"`
	Owner    string `query:"owner" json:"-" doc:"牵头单位（处室名称）"`
	State    string `query:"state" json:"-" doc:"published（已发布）、draft（有草稿）或 retired（已停用）"`
}

// CatalogProcessJSON is a process in lists.
type CatalogProcessJSON struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Category    string     `json:"category"`
	Owner       string     `json:"owner"`
	Purpose     string     `json:"purpose"`
	Limit       string     `json:"limit,omitempty"`
	Steps       int        `json:"steps"`
	Version     int        `json:"version" doc:"所描述的版本：已发布的版本，没有时为最新版本"`
	State       string     `json:"state"`
	Published   int        `json:"published" doc:"已发布的版本，0 表示没有"`
	Draft       int        `json:"draft" doc:"未发布的草稿，0 表示没有"`
	Latest      int        `json:"latest"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	UpdatedBy   string     `json:"updated_by"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// CatalogVersionJSON is a version's record.
type CatalogVersionJSON struct {
	ID          string     `json:"id"`
	Version     int        `json:"version"`
	State       string     `json:"state" doc:"draft（草稿）、published（已发布）或 retired（已停用）"`
	StateLabel  string     `json:"state_label"`
	Revision    int        `json:"revision" doc:"草稿的保存次数；保存草稿时须带上读取时的值"`
	Name        string     `json:"name"`
	Category    string     `json:"category"`
	Owner       string     `json:"owner"`
	Purpose     string     `json:"purpose"`
	Note        string     `json:"note,omitempty"`
	Errors      int        `json:"errors"`
	Warnings    int        `json:"warnings"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedBy   string     `json:"updated_by"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedBy string     `json:"published_by,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	RetiredBy   string     `json:"retired_by,omitempty"`
	RetiredAt   *time.Time `json:"retired_at,omitempty"`
}

func versionJSON(v *catalog.VersionInfo) CatalogVersionJSON {
	return CatalogVersionJSON{ID: v.ID, Version: v.Version, State: v.State, StateLabel: v.StateLabel(), Revision: v.Revision,
		Name: v.Name, Category: v.Category, Owner: v.Owner, Purpose: v.Purpose, Note: v.Note, Errors: v.Errors,
		Warnings: v.Warnings, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt, UpdatedBy: v.UpdatedBy, UpdatedAt: v.UpdatedAt,
		PublishedBy: v.PublishedBy, PublishedAt: timePtr(v.PublishedAt), RetiredBy: v.RetiredBy, RetiredAt: timePtr(v.RetiredAt)}
}

// CatalogVersionDetailJSON is a version with its YAML, its steps in words and the linter's findings.
type CatalogVersionDetailJSON struct {
	CatalogVersionJSON
	YAML       string               `json:"yaml" doc:"YAML 原文，逐字节保存"`
	Definition *process.Definition  `json:"definition,omitempty" doc:"解析后的定义；YAML 无法读取时省略"`
	Steps      []CatalogStepJSON    `json:"steps"`
	Findings   []CatalogFindingJSON `json:"findings"`
}

// CatalogStepJSON is a row of the step table.
type CatalogStepJSON struct {
	ID        string               `json:"id"`
	Name      string               `json:"name"`
	Type      string               `json:"type"`
	TypeLabel string               `json:"type_label"`
	Who       []CatalogWhoJSON     `json:"who"`
	Limit     string               `json:"limit,omitempty"`
	Inputs    []string             `json:"inputs,omitempty"`
	Outputs   []string             `json:"outputs,omitempty"`
	Standard  string               `json:"standard,omitempty"`
	Mode      string               `json:"mode,omitempty" doc:"审批方式"`
	Skip      string               `json:"skip,omitempty" doc:"跳过规则"`
	Requires  []CatalogRequireJSON `json:"requires,omitempty" doc:"前置条件"`
	Next      string               `json:"next,omitempty" doc:"去向"`
}

// CatalogWhoJSON is who does a step: 责任单位 and 岗位.
type CatalogWhoJSON struct {
	Unit string `json:"unit"`
	Post string `json:"post"`
}

// CatalogRequireJSON is a precondition in words with the message shown when it fails.
type CatalogRequireJSON struct {
	Check   string `json:"check"`
	Message string `json:"message"`
}

// CatalogFindingJSON is one linter finding.
type CatalogFindingJSON struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Rule     string `json:"rule"`
	Severity string `json:"severity" doc:"error 或 warning"`
	Message  string `json:"message"`
}

func findingsJSON(fs []lint.Finding) []CatalogFindingJSON {
	out := make([]CatalogFindingJSON, len(fs))
	for i, f := range fs {
		out[i] = CatalogFindingJSON{Line: f.Line, Column: f.Column, Rule: f.Rule, Severity: string(f.Severity), Message: f.Message}
	}
	return out
}

// CatalogVersionParam names a version in the path.
type CatalogVersionParam struct {
	ID      string `path:"id" json:"-"`
	Version int    `path:"version" json:"-"`
}

// CatalogVersionAction is the body of publish and retire: an empty object.
type CatalogVersionAction struct {
	ID      string `path:"id" json:"-"`
	Version int    `path:"version" json:"-"`
}

// CatalogVersionsQuery pages through a process's versions.
type CatalogVersionsQuery struct {
	Paging
	ID string `path:"id" json:"-"`
}

// CatalogNewProcess is the body of POST /api/v1/catalog/processes.
type CatalogNewProcess struct {
	YAML string `json:"yaml" doc:"流程定义 YAML"`
	Note string `json:"note,omitempty" doc:"修改说明"`
}

// CatalogDraftBody is the body of PUT /api/v1/catalog/processes/{id}/draft.
type CatalogDraftBody struct {
	ID       string `path:"id" json:"-"`
	YAML     string `json:"yaml" doc:"流程定义 YAML，id 须与路径中的一致"`
	Revision int    `json:"revision" doc:"所替换草稿读取时的 revision；新建草稿时为 0"`
	Note     string `json:"note,omitempty" doc:"修改说明；为空时保留草稿原有的说明"`
}

// CatalogDiffQuery names the versions to compare.
type CatalogDiffQuery struct {
	ID   string `path:"id" json:"-"`
	From int    `query:"from" json:"-" doc:"旧版本，默认为 to 的前一版"`
	To   int    `query:"to" json:"-" doc:"新版本，默认为最新版本"`
}

// CatalogDiffJSON is the comparison of two versions.
type CatalogDiffJSON struct {
	ID         string              `json:"id"`
	From       int                 `json:"from"`
	To         int                 `json:"to"`
	Structural bool                `json:"structural" doc:"两个版本都能读取时为 true，此时 changes 列出结构化差异"`
	Changes    []CatalogChangeJSON `json:"changes"`
	Added      int                 `json:"added_lines"`
	Removed    int                 `json:"removed_lines"`
	Hunks      []CatalogHunkJSON   `json:"hunks"`
}

// CatalogChangeJSON is one difference in words.
type CatalogChangeJSON struct {
	Kind  string `json:"kind" doc:"added、removed 或 changed"`
	Where string `json:"where"`
	What  string `json:"what,omitempty"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// CatalogHunkJSON is one run of changed lines with context.
type CatalogHunkJSON struct {
	OldStart int               `json:"old_start"`
	NewStart int               `json:"new_start"`
	Lines    []CatalogLineJSON `json:"lines"`
}

// CatalogLineJSON is one line of a hunk.
type CatalogLineJSON struct {
	Kind string `json:"kind" doc:"equal、insert 或 delete"`
	Old  int    `json:"old,omitempty"`
	New  int    `json:"new,omitempty"`
	Text string `json:"text"`
}

// CatalogBPMNJSON is a version exported as BPMN 2.0 XML.
type CatalogBPMNJSON struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	XML         string `json:"xml"`
}

// CatalogLintBody is a text to check without saving.
type CatalogLintBody struct {
	YAML    string `json:"yaml"`
	ID      string `json:"id,omitempty" doc:"所属流程；为空时取 YAML 中的 id"`
	Version int    `json:"version,omitempty" doc:"将保存为第几版；给出时检查 version 是否一致"`
}

// CatalogLintJSON is what the linter found.
type CatalogLintJSON struct {
	Errors   int                  `json:"errors"`
	Warnings int                  `json:"warnings"`
	Findings []CatalogFindingJSON `json:"findings"`
}

// CatalogImportBody is a BPMN 2.0 model to import as a draft.
type CatalogImportBody struct {
	XML string `json:"xml" doc:"BPMN 2.0 XML"`
	ID  string `json:"id,omitempty" doc:"保存为哪个流程；为空时取模型中的标识"`
}

// CatalogImportJSON is the draft an import made and what it could not take over as modelled.
type CatalogImportJSON struct {
	Version  CatalogVersionDetailJSON `json:"version"`
	Warnings []CatalogWarningJSON     `json:"warnings"`
}

// CatalogWarningJSON is something of the model govflow does not run as written.
type CatalogWarningJSON struct {
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Element string `json:"element,omitempty"`
	Message string `json:"message"`
}
