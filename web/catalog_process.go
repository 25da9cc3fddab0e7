package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
)

// catProcessView is a process's page: one version with its flowchart, steps, form and history.
type catProcessView struct {
	catalogPage
	V          *catalog.Version
	Sum        *catalog.Summary
	Def        *process.Definition
	Anchor     string
	CountFrom  string
	Chart      catChart
	Legend     template.HTML
	Rows       []catStepRow
	Others     []catOtherRule // preconditions on steps the table does not list
	Fields     []catFieldRow
	Related    []catRelated
	Versions   []catVersionRow
	Findings   []catFinding
	StartURL   string
	By         map[string]string // person id → name
	Shown      bool              // this is the version the catalog shows
	CanEdit    bool              // a draft can be opened or started from this version
	EditLabel  string
	EditNum    int // the draft's number in EditLabel, 0 when it has none
	EditURL    string
	DiffPrev   int // the version before this one, for a quick comparison; 0 when none
	BPMNExport string
}

// Name is a person's name for "who did it".
func (d *catProcessView) Name(id string) string { return catNameOr(d.By, id) }

type catOtherRule struct{ Step, Check, Message string }

type catRelated struct {
	ID, Name string
	Known    bool
}

// catVersionRow is one version in a process's history.
type catVersionRow struct {
	catalog.VersionInfo
	By, PublishedByName string
	Viewing             bool
}

// catFinding is one linter finding as pages show it.
type catFinding struct {
	Line, Column                   int
	Rule, Severity, Label, Message string
}

func catFindings(fs []lint.Finding) []catFinding {
	out := make([]catFinding, len(fs))
	for i, f := range fs {
		out[i] = catFinding{Line: f.Line, Column: f.Column, Rule: f.Rule, Severity: string(f.Severity),
			Label: f.Severity.Label(), Message: f.Message}
	}
	return out
}

func (c *catalogUI) process(w http.ResponseWriter, r *http.Request) error {
	v, err := c.svc.Current(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return c.renderProcess(w, r, v)
}

func (c *catalogUI) version(w http.ResponseWriter, r *http.Request) error {
	n, err := catVersionParam(r)
	if err != nil {
		return err
	}
	v, err := c.svc.Version(r.Context(), r.PathValue("id"), n)
	if err != nil {
		return err
	}
	return c.renderProcess(w, r, v)
}

func catVersionParam(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		return 0, govflow.Errorf(govflow.ENOTFOUND, "版本号“%s”无效：应为正整数。", r.PathValue("version"))
	}
	return n, nil
}

func (c *catalogUI) renderProcess(w http.ResponseWriter, r *http.Request, v *catalog.Version) error {
	ctx := r.Context()
	sum, err := c.svc.Summary(ctx, v.ID)
	if err != nil {
		return err
	}
	names, err := c.svc.Names(ctx)
	if err != nil {
		return err
	}
	d := &catProcessView{catalogPage: c.base(r), V: v, Sum: sum, Def: v.Def, Anchor: catAnchor(v.Category),
		Shown: sum.Version == v.Version, Findings: catFindings(v.Findings),
		BPMNExport: fmt.Sprintf("/catalog/%s/v/%d/bpmn", v.ID, v.Version)}
	if d.By, err = c.peopleNames(ctx); err != nil {
		return err
	}
	if v.State == catalog.StatePublished {
		d.StartURL = "/work/start/" + v.ID
	}
	if d.Def != nil {
		d.fill(names)
	}
	d.Chart = c.chartOf(v, names)
	d.Legend = template.HTML(flowchart.Legend())
	if err := d.history(c, r); err != nil {
		return err
	}
	d.editLink(sum)
	return c.s.Render(w, r, http.StatusOK, "catalog/process", d)
}

// fill derives the tables from the definition.
func (d *catProcessView) fill(names map[string]string) {
	def := d.Def
	d.CountFrom = "收到当日起算"
	if def.CountFrom == process.CountNextDay {
		d.CountFrom = "收到次日起算"
	}
	d.Rows = catStepRows(def, names)
	d.Fields = catFieldRows(def)
	for _, id := range def.Related {
		d.Related = append(d.Related, catRelated{ID: id, Name: catNameOr(names, id), Known: names[id] != ""})
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		if catListed(s.Type) {
			continue
		}
		for _, p := range s.Require {
			d.Others = append(d.Others, catOtherRule{Step: catalog.StepLabel(s), Check: catalog.Condition(def, p.Check), Message: p.Message})
		}
	}
}

func (d *catProcessView) history(c *catalogUI, r *http.Request) error {
	vs, err := c.svc.Versions(r.Context(), d.V.ID)
	if err != nil {
		return err
	}
	for _, v := range vs {
		d.Versions = append(d.Versions, catVersionRow{VersionInfo: v, By: catNameOr(d.By, v.UpdatedBy),
			PublishedByName: catNameOr(d.By, v.PublishedBy), Viewing: v.Version == d.V.Version})
		if v.Version < d.V.Version && d.DiffPrev == 0 {
			d.DiffPrev = v.Version
		}
	}
	return nil
}

// editLink says where editing goes from this page: the open draft, or a new draft from this version.
func (d *catProcessView) editLink(sum *catalog.Summary) {
	switch {
	case sum.Draft > 0:
		d.CanEdit, d.EditURL, d.EditLabel, d.EditNum = true, fmt.Sprintf("/catalog/%s/edit", d.V.ID), "编辑第 %d 版草稿", sum.Draft
	case d.V.State == catalog.StatePublished || d.Shown:
		d.CanEdit, d.EditURL, d.EditLabel = true, fmt.Sprintf("/catalog/%s/edit?from=%d", d.V.ID, d.V.Version), "修改（新建草稿）"
	default:
		d.CanEdit, d.EditURL, d.EditLabel = true, fmt.Sprintf("/catalog/%s/edit?from=%d", d.V.ID, d.V.Version), "以此版本新建草稿"
	}
}

func (c *catalogUI) exportBPMN(w http.ResponseWriter, r *http.Request) error {
	n, err := catVersionParam(r)
	if err != nil {
		return err
	}
	v, err := c.svc.Version(r.Context(), r.PathValue("id"), n)
	if err != nil {
		return err
	}
	xml, err := catalog.ExportBPMN(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.bpmn"`, v.ID, v.Version))
	_, err = w.Write(xml)
	return err
}
