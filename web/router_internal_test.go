package web

import (
	"net/http"
	"testing"

	"github.com/govflow/govflow/auth"
)

// Routes cannot be registered without a permission, and API routes cannot bypass the documented registry.
func TestRouteRegistryDeniesByDefault(t *testing.T) {
	rt := newRouter(&Server{})
	h := func(http.ResponseWriter, *http.Request) error { return nil }
	for name, f := range map[string]func(){
		"no permission":    func() { rt.Page("GET /zz", auth.Permission{}, h) },
		"undocumented API": func() { rt.Page("GET /api/v1/zz", auth.SignedIn, h) },
		"no method":        func() { rt.Page("/zz", auth.SignedIn, h) },
		"no handler":       func() { rt.Page("GET /zz", auth.SignedIn, nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: registered", name)
				}
			}()
			f()
		}()
	}
	if len(rt.routes) != 0 {
		t.Fatalf("routes registered: %v", rt.routes)
	}
}

func TestStatusMapping(t *testing.T) {
	for code, want := range map[string]int{"invalid": 400, "not_found": 404, "conflict": 409, "forbidden": 403,
		"unauthorized": 401, "locked": 423, "internal": 500, "": 500} {
		if got := Status(code); got != want {
			t.Errorf("%q: %d, want %d", code, got, want)
		}
	}
}
