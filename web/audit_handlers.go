package web

import (
	"net/http"
	"strconv"

	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/store"
)

func init() { RegisterFeature(Feature{Name: "audit", Routes: auditRoutes}) }

func auditRoutes(s *Server, rt *Router) {
	rt.Page("GET /admin/audit", auth.ReadAudit, s.auditPage)
	rt.Page("GET /admin/audit/verify", auth.ReadAudit, s.auditVerifyPage)
}

type auditPage struct {
	Filter  audit.Filter
	Records []audit.Record
	Older   int64 // the Before of the next page, 0 when there is none
	Verify  *audit.Result
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	f := audit.Filter{Before: before, Actor: q.Get("actor"), Action: q.Get("action"), Object: q.Get("object"), Limit: 50}
	var p auditPage
	p.Filter = f
	err := s.cfg.DB.Read(r.Context(), func(tx store.Tx) error {
		var err error
		p.Records, err = audit.List(r.Context(), tx, f)
		return err
	})
	if err != nil {
		return err
	}
	if len(p.Records) == f.Limit {
		p.Older = p.Records[len(p.Records)-1].Seq
	}
	return s.Render(w, r, http.StatusOK, "admin/audit", p)
}

func (s *Server) auditVerifyPage(w http.ResponseWriter, r *http.Request) error {
	res, err := audit.Verify(r.Context(), s.cfg.DB)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "admin/audit", auditPage{Verify: &res})
}
