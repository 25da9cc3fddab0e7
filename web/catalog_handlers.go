package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
)

// ManageCatalog covers writing, checking, publishing and retiring processes; everyone signed in reads them.
var ManageCatalog = auth.NewPermission("catalog.manage", "编写、检查、发布和停用流程", govflow.RoleProcessAdmin, govflow.RoleAdmin)

func init() { RegisterFeature(Feature{Name: "catalog", Routes: catalogRoutes}) }

// catalogUI serves the catalog's pages and API for one server, with caches of what never changes.
type catalogUI struct {
	s      *Server
	svc    *catalog.Service
	charts sync.Map // catChartKey → chart
	book   catHandbookCache
}

var catalogUIs sync.Map // *Server → *catalogUI

// Catalog is the server's catalog service: one per server, so that every request shares its cache of
// published versions. The workflow pages may use it to look up the versions they run.
func (s *Server) Catalog() *catalog.Service { return s.catalogUI().svc }

func (s *Server) catalogUI() *catalogUI {
	if c, ok := catalogUIs.Load(s); ok {
		return c.(*catalogUI)
	}
	svc := catalog.NewService(s.cfg.DB, s.cfg.Now)
	svc.Actions = engine.ActionNames()
	c, _ := catalogUIs.LoadOrStore(s, &catalogUI{s: s, svc: svc})
	return c.(*catalogUI)
}

func catalogRoutes(s *Server, rt *Router) {
	c := s.catalogUI()
	rt.Handle(Route{Pattern: "GET /assets/catalog/{file}", Perm: auth.Public, NoSession: true, Handler: c.asset})
	rt.Page("GET /catalog", auth.SignedIn, c.index)
	rt.Page("GET /catalog/new", ManageCatalog, c.newForm)
	rt.Page("POST /catalog/new", ManageCatalog, c.create)
	rt.Page("GET /catalog/import", ManageCatalog, c.importForm)
	rt.Handle(Route{Pattern: "POST /catalog/import", Perm: ManageCatalog, Handler: c.importBPMN, MaxBody: 10 << 20})
	rt.Page("GET /catalog/handbook", auth.SignedIn, c.handbookPage)
	rt.Page("GET /catalog/handbook.html", auth.SignedIn, c.handbookFile)
	rt.Page("GET /catalog/{id}", auth.SignedIn, c.process)
	rt.Page("GET /catalog/{id}/v/{version}", auth.SignedIn, c.version)
	rt.Page("GET /catalog/{id}/v/{version}/bpmn", auth.SignedIn, c.exportBPMN)
	rt.Page("GET /catalog/{id}/diff", auth.SignedIn, c.diff)
	rt.Page("GET /catalog/{id}/edit", ManageCatalog, c.edit)
	rt.Page("POST /catalog/{id}/edit", ManageCatalog, c.save)
	rt.Page("POST /catalog/{id}/v/{version}/publish", ManageCatalog, c.publish)
	rt.Page("POST /catalog/{id}/v/{version}/retire", ManageCatalog, c.retire)
	catalogAPIRoutes(c, rt)
}

// catalogAssets are the stylesheet and script of the catalog's pages, versioned by their content so that
// browsers may cache them.
var catalogAssets = map[string]string{"catalog.css": "text/css; charset=utf-8", "catalog.js": "text/javascript; charset=utf-8"}

var catalogAssetVersion = func() string {
	h := sha256.New()
	for name := range catalogAssets {
		b, _ := fs.ReadFile(assets, "templates/catalog/"+name)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}()

func (c *catalogUI) asset(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	ctype, ok := catalogAssets[name]
	if !ok {
		return govflow.Errorf(govflow.ENOTFOUND, "没有这个文件。")
	}
	b, err := fs.ReadFile(assets, "templates/catalog/"+name)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err = w.Write(b)
	return err
}

// catalogPage is what every catalog page's data carries besides its own.
type catalogPage struct {
	Assets    string // the query that versions the stylesheet and script
	CanManage bool
}

func (c *catalogUI) base(r *http.Request) catalogPage {
	return catalogPage{Assets: "?v=" + catalogAssetVersion, CanManage: ManageCatalog.Allows(UserFrom(r))}
}

// catAnchor is a category's id on the index page.
func catAnchor(category string) string {
	if f, ok := catalog.Folder(category); ok {
		return "cat-" + f
	}
	return "cat-" + hex.EncodeToString([]byte(strings.TrimSpace(category)))
}
