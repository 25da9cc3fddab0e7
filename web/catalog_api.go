package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
)

const catalogTag = "流程目录"

func catalogAPIRoutes(c *catalogUI, rt *Router) {
	API(rt, Op{Method: "GET", Path: "/api/v1/schema/definition.json", Perm: auth.Public, Tag: catalogTag,
		Summary: "流程定义的 JSON Schema", Description: "JSON Schema 2020-12，带中文标题和说明，供编辑器补全和检查流程定义 YAML。"},
		func(r *http.Request, in struct{}) (json.RawMessage, error) { return process.Schema(), nil })
	API(rt, Op{Method: "GET", Path: "/api/v1/catalog/processes", Perm: auth.SignedIn, Tag: catalogTag,
		Summary: "列出流程", Description: "按类别、编号排列；q 为空格分隔的关键词，须全部出现在名称、用途、依据、牵头单位、环节名称或环节的处室、岗位中。"},
		c.apiList)
	catalogAPI(rt, Op{Method: "POST", Path: "/api/v1/catalog/processes", Perm: ManageCatalog, Tag: catalogTag, Status: http.StatusCreated,
		Summary: "新建流程（第 1 版草稿）", Description: "流程标识取自 YAML 的 id。YAML 无法读取时返回 422，errors 列出每处问题的行号和列号。"},
		c.apiCreate)
	API(rt, Op{Method: "GET", Path: "/api/v1/catalog/processes/{id}", Perm: auth.SignedIn, Tag: catalogTag,
		Summary: "读取流程的当前版本", Description: "当前版本：已发布的版本，没有时为最新版本。含 YAML 原文、环节和检查结果。"},
		func(r *http.Request, in IDParam) (CatalogVersionDetailJSON, error) {
			v, err := c.svc.Current(r.Context(), in.ID)
			if err != nil {
				return CatalogVersionDetailJSON{}, err
			}
			return c.detailJSON(r, v)
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/catalog/processes/{id}/versions", Perm: auth.SignedIn, Tag: catalogTag,
		Summary: "列出流程的各个版本", Description: "新版本在前。"}, c.apiVersions)
	API(rt, Op{Method: "GET", Path: "/api/v1/catalog/processes/{id}/versions/{version}", Perm: auth.SignedIn, Tag: catalogTag,
		Summary: "读取流程的某一版本"},
		func(r *http.Request, in CatalogVersionParam) (CatalogVersionDetailJSON, error) {
			v, err := c.svc.Version(r.Context(), in.ID, in.Version)
			if err != nil {
				return CatalogVersionDetailJSON{}, err
			}
			return c.detailJSON(r, v)
		})
	catalogAPI(rt, Op{Method: "PUT", Path: "/api/v1/catalog/processes/{id}/draft", Perm: ManageCatalog, Tag: catalogTag,
		Summary: "保存草稿", Description: "有未发布的草稿时替换它（revision 须为读取时的值，否则 409）；没有时新建下一个版本（revision 为 0）。" +
			"有检查错误的草稿也会保存，检查结果在 findings 中；只有发布须无错误。"}, c.apiSaveDraft)
	catalogAPI(rt, Op{Method: "POST", Path: "/api/v1/catalog/processes/{id}/versions/{version}/publish", Perm: ManageCatalog, Tag: catalogTag,
		Summary: "发布草稿", Description: "发布后新发起的事项按此版本办理，原发布版本同时停用；正在办理的事项仍按原版本办结。" +
			"按当前组织机构重新检查，有错误时返回 422，errors 列出每处错误的行号、列号和规则，什么也不改变。请求体为 {}。"},
		func(r *http.Request, in CatalogVersionAction) (CatalogVersionJSON, error) {
			v, err := c.svc.Publish(r.Context(), c.s.ActorFrom(r), in.ID, in.Version)
			if err != nil {
				return CatalogVersionJSON{}, err
			}
			return versionJSON(&v.VersionInfo), nil
		})
	catalogAPI(rt, Op{Method: "POST", Path: "/api/v1/catalog/processes/{id}/versions/{version}/retire", Perm: ManageCatalog, Tag: catalogTag,
		Summary: "停用版本或废弃草稿", Description: "停用已发布的版本后，该流程在发布新版本之前不能发起；正在办理的事项不受影响。请求体为 {}。"},
		func(r *http.Request, in CatalogVersionAction) (CatalogVersionJSON, error) {
			v, err := c.svc.Retire(r.Context(), c.s.ActorFrom(r), in.ID, in.Version)
			if err != nil {
				return CatalogVersionJSON{}, err
			}
			return versionJSON(&v.VersionInfo), nil
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/catalog/processes/{id}/diff", Perm: auth.SignedIn, Tag: catalogTag,
		Summary: "比较两个版本", Description: "changes 为按环节、字段、时限、责任单位整理的差异；hunks 为 YAML 的逐行差异。"}, c.apiDiff)
	API(rt, Op{Method: "GET", Path: "/api/v1/catalog/processes/{id}/versions/{version}/bpmn", Perm: auth.SignedIn, Tag: catalogTag,
		Summary: "导出 BPMN 2.0", Description: "含泳道图布局；时限、办理人等 govflow 属性保存在扩展命名空间中。"}, c.apiBPMN)
	API(rt, Op{Method: "POST", Path: "/api/v1/catalog/lint", Perm: ManageCatalog, Tag: catalogTag,
		Summary: "检查流程定义（不保存）", Description: "与保存时相同的检查：按当前组织机构和已发布的流程目录。"}, c.apiLint)
	catalogAPI(rt, Op{Method: "POST", Path: "/api/v1/catalog/import/bpmn", Perm: ManageCatalog, Tag: catalogTag, Status: http.StatusCreated,
		MaxBody: 10 << 20, Summary: "导入 BPMN 2.0 为草稿", Description: "不能按原样运行的元素列在 warnings 中。"}, c.apiImport)
}

// catalogAPI registers a JSON operation like API, except that a refusal for lint findings answers 422 with
// each finding in the problem's errors, with its line, column, rule and severity.
func catalogAPI[In, Out any](rt *Router, op Op, h func(r *http.Request, in In) (Out, error)) {
	apiRoute(rt, op, h, func(w http.ResponseWriter, r *http.Request, err error) (bool, error) {
		var le *catalog.LintError
		if errors.As(err, &le) {
			return true, writeLintProblem(w, r, le)
		}
		return false, nil
	})
}

func writeLintProblem(w http.ResponseWriter, r *http.Request, le *catalog.LintError) error {
	p := catalogProblem{Type: "urn:govflow:problem:lint", Title: titles[http.StatusUnprocessableEntity],
		Status: http.StatusUnprocessableEntity, Detail: le.Message, Instance: r.URL.Path}
	for _, f := range le.Findings {
		p.Errors = append(p.Errors, CatalogProblemField{Field: "yaml", Reason: f.Message, Line: f.Line, Column: f.Column,
			Rule: f.Rule, Severity: string(f.Severity)})
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	return json.NewEncoder(w).Encode(p)
}

func (c *catalogUI) apiList(r *http.Request, in CatalogQuery) (List[CatalogProcessJSON], error) {
	limit, offset := in.Window()
	page, err := c.svc.List(r.Context(), catalog.Filter{Query: in.Q, Category: in.Category, Owner: in.Owner, State: in.State,
		Limit: limit, Offset: offset})
	if err != nil {
		return List[CatalogProcessJSON]{}, err
	}
	out := List[CatalogProcessJSON]{Items: []CatalogProcessJSON{}, Total: page.Total, Limit: limit, Offset: offset}
	for _, s := range page.Items {
		out.Items = append(out.Items, CatalogProcessJSON{ID: s.ID, Name: s.Name, Category: s.Category, Owner: s.Owner,
			Purpose: s.Purpose, Limit: s.Limit, Steps: s.Steps, Version: s.Version, State: s.State(), Published: s.Published,
			Draft: s.Draft, Latest: s.Latest, PublishedAt: timePtr(s.PublishedAt), UpdatedBy: s.UpdatedBy, UpdatedAt: s.UpdatedAt})
	}
	return out, nil
}

func (c *catalogUI) detailJSON(r *http.Request, v *catalog.Version) (CatalogVersionDetailJSON, error) {
	out := CatalogVersionDetailJSON{CatalogVersionJSON: versionJSON(&v.VersionInfo), YAML: string(v.Source),
		Steps: []CatalogStepJSON{}, Findings: findingsJSON(v.Findings)}
	if v.Def == nil {
		return out, nil
	}
	names, err := c.svc.Names(r.Context())
	if err != nil {
		return out, err
	}
	out.Definition = v.Def
	for _, row := range catStepRows(v.Def, names) {
		s := CatalogStepJSON{ID: row.ID, Name: row.Name, Type: row.KindClass, TypeLabel: row.Kind, Who: []CatalogWhoJSON{},
			Limit: row.Limit, Inputs: row.Inputs, Outputs: row.Outputs, Standard: row.Standard, Mode: row.Mode, Skip: row.Skip,
			Next: row.Flow}
		for _, w := range row.Who {
			s.Who = append(s.Who, CatalogWhoJSON{Unit: w.Unit, Post: w.Post})
		}
		for _, q := range row.Requires {
			s.Requires = append(s.Requires, CatalogRequireJSON{Check: q.Check, Message: q.Message})
		}
		out.Steps = append(out.Steps, s)
	}
	return out, nil
}

func (c *catalogUI) apiVersions(r *http.Request, in CatalogVersionsQuery) (List[CatalogVersionJSON], error) {
	limit, offset := in.Window()
	vs, err := c.svc.Versions(r.Context(), in.ID)
	if err != nil {
		return List[CatalogVersionJSON]{}, err
	}
	out := List[CatalogVersionJSON]{Items: []CatalogVersionJSON{}, Total: len(vs), Limit: limit, Offset: offset}
	for i := offset; i < len(vs) && i < offset+limit; i++ {
		out.Items = append(out.Items, versionJSON(&vs[i]))
	}
	return out, nil
}

func (c *catalogUI) apiCreate(r *http.Request, in CatalogNewProcess) (CatalogVersionDetailJSON, error) {
	v, err := c.svc.SaveDraft(r.Context(), c.s.ActorFrom(r), catalog.Draft{Source: []byte(in.YAML), Note: in.Note})
	if err != nil {
		return CatalogVersionDetailJSON{}, err
	}
	return c.detailJSON(r, v)
}

func (c *catalogUI) apiSaveDraft(r *http.Request, in CatalogDraftBody) (CatalogVersionDetailJSON, error) {
	v, err := c.svc.SaveDraft(r.Context(), c.s.ActorFrom(r), catalog.Draft{ID: in.ID, Source: []byte(in.YAML), Note: in.Note,
		Revision: in.Revision})
	if err != nil {
		return CatalogVersionDetailJSON{}, err
	}
	return c.detailJSON(r, v)
}

func (c *catalogUI) apiDiff(r *http.Request, in CatalogDiffQuery) (CatalogDiffJSON, error) {
	ctx := r.Context()
	sum, err := c.svc.Summary(ctx, in.ID)
	if err != nil {
		return CatalogDiffJSON{}, err
	}
	to := cmpOrInt(in.To, sum.Latest)
	from := cmpOrInt(in.From, max(to-1, 1))
	a, err := c.svc.Version(ctx, in.ID, from)
	if err != nil {
		return CatalogDiffJSON{}, err
	}
	b, err := c.svc.Version(ctx, in.ID, to)
	if err != nil {
		return CatalogDiffJSON{}, err
	}
	d := catalog.Compare(a, b)
	out := CatalogDiffJSON{ID: in.ID, From: from, To: to, Structural: d.Structural, Changes: []CatalogChangeJSON{},
		Added: d.Lines.Added, Removed: d.Lines.Removed, Hunks: []CatalogHunkJSON{}}
	for _, ch := range d.Changes {
		out.Changes = append(out.Changes, CatalogChangeJSON{Kind: ch.Kind, Where: ch.Where, What: ch.What, Old: ch.Old, New: ch.New})
	}
	for _, h := range d.Lines.Hunks {
		hj := CatalogHunkJSON{OldStart: h.OldStart, NewStart: h.NewStart}
		for _, l := range h.Lines {
			hj.Lines = append(hj.Lines, CatalogLineJSON{Kind: l.Kind, Old: l.Old, New: l.New, Text: l.Text})
		}
		out.Hunks = append(out.Hunks, hj)
	}
	return out, nil
}

func cmpOrInt(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

func (c *catalogUI) apiBPMN(r *http.Request, in CatalogVersionParam) (CatalogBPMNJSON, error) {
	v, err := c.svc.Version(r.Context(), in.ID, in.Version)
	if err != nil {
		return CatalogBPMNJSON{}, err
	}
	xml, err := catalog.ExportBPMN(v)
	if err != nil {
		return CatalogBPMNJSON{}, err
	}
	return CatalogBPMNJSON{Filename: fmt.Sprintf("%s-v%d.bpmn", v.ID, v.Version), ContentType: "application/xml", XML: string(xml)}, nil
}

func (c *catalogUI) apiLint(r *http.Request, in CatalogLintBody) (CatalogLintJSON, error) {
	if in.ID != "" && !process.ValidProcessID(in.ID) {
		return CatalogLintJSON{}, govflow.FieldError("id", "流程标识“%s”不合规范。", in.ID)
	}
	fs, err := c.svc.Lint(r.Context(), in.ID, in.Version, []byte(in.YAML))
	if err != nil {
		return CatalogLintJSON{}, err
	}
	e, w := lint.Count(fs)
	return CatalogLintJSON{Errors: e, Warnings: w, Findings: findingsJSON(fs)}, nil
}

func (c *catalogUI) apiImport(r *http.Request, in CatalogImportBody) (CatalogImportJSON, error) {
	if strings.TrimSpace(in.XML) == "" {
		return CatalogImportJSON{}, govflow.FieldError("xml", "请提供 BPMN 2.0 XML。")
	}
	v, warnings, err := c.svc.ImportBPMN(r.Context(), c.s.ActorFrom(r), strings.NewReader(in.XML), in.ID)
	var fe *govflow.Error
	if errors.As(err, &fe) && fe.Field == "file" {
		return CatalogImportJSON{}, govflow.FieldError("xml", "%s", fe.Message)
	}
	if err != nil {
		return CatalogImportJSON{}, err
	}
	detail, err := c.detailJSON(r, v)
	out := CatalogImportJSON{Version: detail, Warnings: []CatalogWarningJSON{}}
	for _, w := range warnings {
		out.Warnings = append(out.Warnings, CatalogWarningJSON{Line: w.Line, Column: w.Column, Element: w.Element, Message: w.Message})
	}
	return out, err
}
