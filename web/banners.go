package web

import (
	"net/http"
	"strings"
	"sync"

	"github.com/govflow/govflow/auth"
)

// Banner is a notice shown above the content of every page to the people it concerns, such as a warning to
// administrators that something needs their action.
type Banner struct {
	Level    string // "warn" or "error"
	Message  string // Chinese; a format translated through the message catalog, with Args
	Args     []any
	Link     string // where to act; "" for none
	LinkText string
}

// BannerFunc returns the banners of a request for the signed-in user.
type BannerFunc func(r *http.Request, u *auth.User) []Banner

// Banner registers a source of banners on this server. Call it from a feature's Routes.
func (rt *Router) Banner(fn BannerFunc) { rt.s.banners = append(rt.s.banners, fn) }

func (s *Server) bannersFor(r *http.Request, u *auth.User) []Banner {
	var out []Banner
	for _, fn := range s.banners {
		out = append(out, fn(r, u)...)
	}
	return out
}

// BannerText is a banner's message in the page's language.
func (p *Page) BannerText(b Banner) string { return p.T(b.Message, b.Args...) }

// AdminTab is an entry of the administration pages' sub-navigation added by a feature.
type AdminTab struct {
	Path  string // "/admin/calendar"; the tab is active on this path and below it
	Title string // Chinese, translated through the message catalog
	Perm  auth.Permission
}

var (
	adminTabMu sync.Mutex
	adminTabs  []AdminTab
)

// RegisterAdminTab adds a tab to the administration pages' sub-navigation. Call it from a feature's init.
func RegisterAdminTab(t AdminTab) {
	adminTabMu.Lock()
	defer adminTabMu.Unlock()
	adminTabs = append(adminTabs, t)
}

// AdminTabs are the features' administration tabs the user may open, for the sub-navigation.
func (p *Page) AdminTabs() []AdminTab { return allowedAdminTabs(p.User) }

func allowedAdminTabs(u *auth.User) []AdminTab {
	adminTabMu.Lock()
	defer adminTabMu.Unlock()
	var out []AdminTab
	for _, t := range adminTabs {
		if t.Perm.Allows(u) {
			out = append(out, t)
		}
	}
	return out
}

// ActiveOn reports whether the tab is the current page's.
func (t AdminTab) ActiveOn(path string) bool {
	return path == t.Path || strings.HasPrefix(path, t.Path+"/")
}
