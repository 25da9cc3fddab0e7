package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/govflow/govflow/auth"
)

// HandlerFunc handles a page. Returning an error renders the matching error page (403 无权限, 404, 409, 500 …);
// a handler that wants to show a form again with its errors renders it itself.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one registered route. Every route declares its permission: registering one without it panics,
// so nothing is reachable by accident (deny by default).
type Route struct {
	Pattern string          // a ServeMux pattern with its method: "GET /admin/people/{id}"
	Perm    auth.Permission // who may use it; auth.Public for anonymous pages
	Handler HandlerFunc
	// MaxBody caps the request body in bytes (default 1 MiB).
	MaxBody int64
	// AllowMustChange lets a person who still has an initial password use the route (sign-out, the
	// password page); every other route sends them to change it first.
	AllowMustChange bool
	// NoSession skips reading the session (static files, health checks, metrics).
	NoSession bool
	// NoCSRF exempts an unsafe method from the CSRF token check. Only for requests that cannot carry one.
	NoCSRF bool

	api *apiDoc // set for routes registered with API
}

// DefaultMaxBody is the request body limit of a route that does not set its own.
const DefaultMaxBody = 1 << 20

// Router collects routes and hands them to the mux.
type Router struct {
	s      *Server
	mux    *http.ServeMux
	routes []Route
}

func newRouter(s *Server) *Router { return &Router{s: s, mux: http.NewServeMux()} }

// Page registers a page route: rt.Page("GET /admin/people", auth.ManageOrg, s.adminPeople).
func (rt *Router) Page(pattern string, perm auth.Permission, h HandlerFunc) {
	rt.Handle(Route{Pattern: pattern, Perm: perm, Handler: h})
}

// Handle registers a route with all its options.
func (rt *Router) Handle(r Route) {
	method, path, ok := strings.Cut(r.Pattern, " ")
	if !ok || method == "" || !strings.HasPrefix(path, "/") {
		panic("web: route pattern needs a method and a path: " + r.Pattern)
	}
	if r.Perm.IsZero() {
		panic("web: route " + r.Pattern + " declares no permission")
	}
	if r.Handler == nil {
		panic("web: route " + r.Pattern + " has no handler")
	}
	if strings.HasPrefix(path, "/api/v1/") && r.api == nil {
		panic("web: API route " + r.Pattern + " must be registered with web.API so that it is documented")
	}
	if r.MaxBody == 0 {
		r.MaxBody = DefaultMaxBody
	}
	rt.routes = append(rt.routes, r)
	rt.mux.Handle(r.Pattern, rt.s.wrap(r))
}

func (rt *Router) list() []Route { return slices.Clone(rt.routes) }

// has reports whether some GET route serves path or a path below it.
func (rt *Router) has(path string) bool {
	for _, r := range rt.routes {
		m, p, _ := strings.Cut(r.Pattern, " ")
		p = strings.TrimSuffix(p, "{$}")
		if m == http.MethodGet && (strings.TrimSuffix(p, "/") == path || strings.HasPrefix(p, path+"/")) {
			return true
		}
	}
	return false
}

// placeholders registers a 建设中 page for each section that no feature serves yet.
func (rt *Router) placeholders() {
	for _, sec := range Sections() {
		if !rt.has(sec.Path) {
			sec := sec
			rt.Page("GET "+sec.Path, auth.SignedIn, func(w http.ResponseWriter, r *http.Request) error {
				return rt.s.render(w, r, http.StatusOK, "system/building", &Page{Section: sec.Key, Data: sec})
			})
		}
	}
}
