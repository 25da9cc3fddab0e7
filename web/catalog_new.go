package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
)

// catNewView is the form that creates a process from a template or by copying another.
type catNewView struct {
	catalogPage
	ID, Name, Category, Owner, Template, Copy string
	Categories, Units                         []string
	Templates                                 []catalog.Template
	Processes                                 []catalog.Summary
}

func (c *catalogUI) newForm(w http.ResponseWriter, r *http.Request) error {
	d, err := c.loadNew(r)
	if err != nil {
		return err
	}
	d.Template = "shenpi"
	return c.s.Render(w, r, http.StatusOK, "catalog/new", d)
}

func (c *catalogUI) loadNew(r *http.Request) (*catNewView, error) {
	ctx := r.Context()
	d := &catNewView{catalogPage: c.base(r), Categories: catalog.Categories(), Templates: catalog.Templates()}
	units, err := c.unitNames(r)
	if err != nil {
		return nil, err
	}
	d.Units = units
	page, err := c.svc.List(ctx, catalog.Filter{Limit: catIndexLimit})
	if err != nil {
		return nil, err
	}
	d.Processes = page.Items
	return d, nil
}

func (c *catalogUI) create(w http.ResponseWriter, r *http.Request) error {
	d, err := c.loadNew(r)
	if err != nil {
		return err
	}
	d.ID, d.Name = strings.TrimSpace(r.PostFormValue("id")), strings.TrimSpace(r.PostFormValue("name"))
	d.Category, d.Owner = r.PostFormValue("category"), r.PostFormValue("owner")
	d.Template, d.Copy = r.PostFormValue("template"), r.PostFormValue("copy")
	src, err := c.newText(r, d)
	if err == nil {
		var v *catalog.Version
		if v, err = c.svc.SaveDraft(r.Context(), c.s.ActorFrom(r), catalog.Draft{Source: src, Note: "新建流程"}); err == nil {
			return c.s.Redirect(w, r, "/catalog/"+v.ID+"/edit", fmt.Sprintf("已新建流程《%s》第 1 版草稿，请按需修改，检查通过后发布。", v.Name))
		}
	}
	var le *catalog.LintError
	var fe *govflow.Error
	switch {
	case errors.As(err, &le):
		err = govflow.FieldError("copy", "所复制流程的定义无法读取，请换一个流程或模板。")
	case errors.As(err, &fe) && fe.Field == "yaml":
		err = govflow.FieldError("id", "%s", fe.Message)
	}
	return c.s.RenderForm(w, r, "catalog/new", d, err)
}

// newText checks the form and fills in the chosen template or the copied process.
func (c *catalogUI) newText(r *http.Request, d *catNewView) ([]byte, error) {
	var fe govflow.FieldErrors
	if !process.ValidProcessID(d.ID) {
		fe.Add("id", "流程标识只能用小写字母、数字和“-”，不超过 64 个字符，如 fawen-banli。")
	}
	if d.Name == "" || strings.ContainsAny(d.Name, "\r\n") || len([]rune(d.Name)) > 50 {
		fe.Add("name", "请填写流程名称（一行，不超过 50 个字）。")
	}
	if d.Category == "" || len([]rune(d.Category)) > 20 {
		fe.Add("category", "请选择流程类别。")
	}
	if d.Owner == "" || !catContains(d.Units, d.Owner) {
		fe.Add("owner", "请选择牵头处室。")
	}
	t, isTemplate := catalog.TemplateByKey(d.Template)
	if !isTemplate && d.Template != "copy" {
		fe.Add("template", "请选择一个模板，或选择复制现有流程。")
	}
	if d.Template == "copy" && d.Copy == "" {
		fe.Add("copy", "请选择要复制的流程。")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if isTemplate {
		return t.Text(d.ID, d.Name, d.Category, d.Owner)
	}
	v, err := c.svc.Current(r.Context(), d.Copy)
	if err != nil {
		return nil, govflow.FieldError("copy", "要复制的流程不存在。")
	}
	src := v.Source
	for _, kv := range [][2]string{{"id", d.ID}, {"name", d.Name}, {"category", d.Category}, {"owner", d.Owner}, {"version", "1"}} {
		src = catalog.SetTopLevel(src, kv[0], kv[1])
	}
	return src, nil
}

func catContains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// unitNames lists the organisation's units by name, in display order.
func (c *catalogUI) unitNames(r *http.Request) ([]string, error) {
	dir, err := org.Load(r.Context(), c.svc.DB)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range dir.Units() {
		out = append(out, u.Name)
	}
	return out, nil
}
