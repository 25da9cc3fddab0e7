package web

import (
	"net/http"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/bpmn"
	"github.com/govflow/govflow/catalog"
)

// catImportView is the BPMN import form and, after an import, what came of it.
type catImportView struct {
	catalogPage
	ID       string
	Version  *catalog.Version
	Warnings []bpmn.Warning
	Findings []catFinding
}

func (c *catalogUI) importForm(w http.ResponseWriter, r *http.Request) error {
	return c.s.Render(w, r, http.StatusOK, "catalog/import", &catImportView{catalogPage: c.base(r)})
}

func (c *catalogUI) importBPMN(w http.ResponseWriter, r *http.Request) error {
	d := &catImportView{catalogPage: c.base(r), ID: strings.TrimSpace(r.PostFormValue("id"))}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return c.s.RenderForm(w, r, "catalog/import", d, govflow.FieldError("file", "请选择要导入的 BPMN 文件（.bpmn 或 .xml）。"))
	}
	defer file.Close()
	if hdr.Size > bpmn.MaxFileSize {
		return c.s.RenderForm(w, r, "catalog/import", d, govflow.FieldError("file", "文件过大：BPMN 文件不能超过 32 MB。"))
	}
	v, warnings, err := c.svc.ImportBPMN(r.Context(), c.s.ActorFrom(r), file, d.ID)
	if err != nil {
		return c.s.RenderForm(w, r, "catalog/import", d, err)
	}
	d.Version, d.Warnings, d.Findings = v, warnings, catFindings(v.Findings)
	return c.s.Render(w, r, http.StatusOK, "catalog/imported", d)
}
