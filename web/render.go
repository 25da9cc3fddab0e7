package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
)

// pages holds one template set per page: the shared files (templates/_*.html, which define "layout" and
// partials) plus the page's own file, which defines "title" and "content". A page is named by its path
// under templates/ without .html: "admin/people".
type pages struct{ set map[string]*template.Template }

func loadPages() (*pages, error) {
	base := template.New("").Funcs(funcs)
	shared, err := fs.Glob(assets, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	if base, err = base.ParseFS(assets, shared...); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	p := &pages{set: map[string]*template.Template{}}
	err = fs.WalkDir(assets, "templates", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".html") || strings.HasPrefix(path.Base(file), "_") {
			return err
		}
		t, err := template.Must(base.Clone()).ParseFS(assets, file)
		if err != nil {
			return fmt.Errorf("template %s: %w", file, err)
		}
		p.set[strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".html")] = t
		return nil
	})
	return p, err
}

var funcs = template.FuncMap{
	"bj": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Beijing).Format("2006-01-02 15:04")
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Beijing).Format("2006-01-02")
	},
	"join": func(sep string, v any) string {
		switch x := v.(type) {
		case []string:
			return strings.Join(x, sep)
		case []govflow.Role:
			s := make([]string, len(x))
			for i, r := range x {
				s[i] = string(r)
			}
			return strings.Join(s, sep)
		}
		return fmt.Sprint(v)
	},
	"has": func(list any, v string) bool {
		switch x := list.(type) {
		case []string:
			for _, s := range x {
				if s == v {
					return true
				}
			}
		case []govflow.Role:
			for _, s := range x {
				if string(s) == v {
					return true
				}
			}
		}
		return false
	},
	"add": func(a, b int) int { return a + b },
	// initials is what the avatar shows: the given name of a Chinese name, the first letter otherwise.
	"initials": func(name string) string {
		r := []rune(name)
		switch {
		case len(r) == 0:
			return "?"
		case r[0] < 0x80:
			return strings.ToUpper(string(r[0]))
		case len(r) >= 3:
			return string(r[len(r)-2:])
		}
		return string(r[len(r)-1:])
	},
}

// Page is what every template receives as its dot. Handlers pass their own data as Data.
type Page struct {
	Name    string // the template, e.g. "admin/people"
	Section string // the navigation section it belongs to
	Office  string
	User    *auth.User
	CSRF    string
	Lang    string
	Flash   string
	Path    string
	Nav     []NavItem
	Data    any
	Errors  map[string]string // form field → message
	Error   string            // message for the form as a whole
	Now     time.Time
	Banners []Banner // notices for this user above the content (banners.go)
}

// T translates a Chinese text for the page's language (English when chosen and known), formatting args.
func (p *Page) T(s string, args ...any) string {
	if p.Lang == "en" {
		if e, ok := lookupEnglish(s); ok {
			s = e
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Render writes the page template name with data.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return s.render(w, r, status, name, &Page{Data: data})
}

// RenderForm shows a form again after err: field messages beside the fields, a summary on top, status 422
// (409 for conflicts). Errors a form cannot show (internal ones) are returned for the error page.
func (s *Server) RenderForm(w http.ResponseWriter, r *http.Request, name string, data any, err error) error {
	fields, general, ok := FieldMessages(err)
	if !ok {
		return err
	}
	status := http.StatusUnprocessableEntity
	if govflow.ErrorCode(err) == govflow.ECONFLICT {
		status = http.StatusConflict
	}
	return s.render(w, r, status, name, &Page{Data: data, Errors: fields, Error: general})
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	t, ok := s.pages.set[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	p.Name, p.Path, p.Now = name, r.URL.Path, s.Now()
	if p.Section == "" {
		p.Section, _, _ = strings.Cut(name, "/")
	}
	p.User, p.Lang, p.Office = UserFrom(r), lang(r), s.officeName(r.Context())
	p.CSRF = s.csrfToken(w, r)
	p.Flash = s.takeFlash(w, r)
	if p.User != nil {
		p.Nav = s.nav(r, p.User, p.Section)
		p.Banners = s.bannersFor(r, p.User)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	data := struct {
		Status  int
		Title   string
		Message string
	}{status, titles[status], msg}
	if data.Title == "" {
		data.Title = http.StatusText(status)
	}
	if err := s.render(w, r, status, "errors/error", &Page{Data: data, Section: "-"}); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// csrfToken returns the token forms on this page must carry: the session's, or for anonymous visitors the
// CSRF cookie's (set here when missing).
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if sess := SessionFrom(r); sess != nil {
		return sess.CSRF
	}
	if c, err := r.Cookie(cookieCSRF); err == nil && c.Value != "" {
		return c.Value
	}
	inf := info(r)
	if inf.csrf == "" {
		inf.csrf = auth.RandomToken()
		s.SetCookie(w, r, cookieCSRF, inf.csrf, 0)
	}
	return inf.csrf
}

// Redirect sends the browser to target after a successful form post, with a message shown on the next page.
func (s *Server) Redirect(w http.ResponseWriter, r *http.Request, target, flash string) error {
	if flash != "" {
		s.SetCookie(w, r, cookieFlash, url.QueryEscape(flash), 60)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(cookieFlash)
	if err != nil || c.Value == "" {
		return ""
	}
	s.clearCookie(w, r, cookieFlash)
	v, err := url.QueryUnescape(c.Value)
	if err != nil {
		return ""
	}
	return v
}

func (s *Server) officeName(ctx context.Context) string {
	if v, _ := s.office.Load().(string); v != "" {
		return v
	}
	name := ""
	_ = s.cfg.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		name, _, err = store.Setting(ctx, tx, "office.name")
		return err
	})
	if name == "" {
		return "govflow 办公平台"
	}
	s.office.Store(name)
	return name
}

func lang(r *http.Request) string {
	if c, err := r.Cookie(cookieLang); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}
