package web

import (
	"net/http"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/org"
)

func init() { RegisterFeature(Feature{Name: "admin-import", Routes: importRoutes}) }

func importRoutes(s *Server, rt *Router) {
	rt.Page("GET /admin/import", auth.ManageOrg, s.importPage)
	rt.Handle(Route{Pattern: "POST /admin/import", Perm: auth.ManageOrg, MaxBody: org.MaxImportBytes + 64<<10, Handler: s.importPost})
	rt.Page("GET /admin/import/template.csv", auth.ManageOrg, func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="people-template.csv"`)
		_, err := w.Write(org.ImportTemplateCSV())
		return err
	})
}

type importPage struct {
	Columns  []string
	MaxRows  int
	Result   *org.ImportResult
	FileName string
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusOK, "admin/import", importPage{Columns: org.ImportColumns, MaxRows: org.MaxImportRows})
}

func (s *Server) importPost(w http.ResponseWriter, r *http.Request) error {
	data := importPage{Columns: org.ImportColumns, MaxRows: org.MaxImportRows}
	f, h, err := r.FormFile("file")
	if err != nil {
		return s.RenderForm(w, r, "admin/import", data, govflow.FieldError("file", "请选择要导入的 .xlsx 或 .csv 文件。"))
	}
	defer f.Close()
	data.FileName = h.Filename
	table, err := org.ReadTable(h.Filename, f)
	if err != nil {
		return s.RenderForm(w, r, "admin/import", data, err)
	}
	res, err := s.org.Import(r.Context(), s.ActorFrom(r), table, r.PostFormValue("password"))
	data.Result = &res
	if err != nil {
		return s.RenderForm(w, r, "admin/import", data, err)
	}
	return s.Render(w, r, http.StatusOK, "admin/import", data)
}
