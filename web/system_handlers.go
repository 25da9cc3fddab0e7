package web

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
)

func init() { RegisterFeature(Feature{Name: "system", Routes: systemRoutes}) }

func systemRoutes(s *Server, rt *Router) {
	static, _ := fs.Sub(assets, "static")
	files := http.FileServerFS(static)
	rt.Handle(Route{Pattern: "GET /static/", Perm: auth.Public, NoSession: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.StripPrefix("/static", files).ServeHTTP(w, r)
		return nil
	}})
	rt.Handle(Route{Pattern: "GET /favicon.ico", Perm: auth.Public, NoSession: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
		return nil
	}})
	rt.Handle(Route{Pattern: "GET /healthz", Perm: auth.Public, NoSession: true, Handler: s.healthz})
	rt.Handle(Route{Pattern: "GET /readyz", Perm: auth.Public, NoSession: true, Handler: s.readyz})
	rt.Handle(Route{Pattern: "GET /metrics", Perm: auth.Public, NoSession: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
		s.metrics.handler.ServeHTTP(w, r)
		return nil
	}})
	rt.Handle(Route{Pattern: "GET /api/openapi.json", Perm: auth.Public, NoSession: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s.OpenAPI())
	}})
	rt.Page("POST /lang", auth.Public, s.setLang)
	// Everything no route serves: 404, or 405 when the path exists for other methods; problem JSON under /api/.
	rt.mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.fallback(rt, w, r) }))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// readyz answers 200 when the database answers and every migration is applied, 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.cfg.DB.Ping(r.Context()); err != nil {
		s.log.Warn("not ready: database", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err := w.Write([]byte("database unreachable\n"))
		return err
	}
	n, err := s.cfg.DB.Pending(r.Context())
	if err != nil || n > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err := w.Write([]byte("migrations pending\n"))
		return err
	}
	_, err = w.Write([]byte("ready\n"))
	return err
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	l := r.PostFormValue("lang")
	if l != "en" {
		l = "zh"
	}
	s.SetCookie(w, r, cookieLang, l, 365*24*3600)
	back := "/"
	if ref, err := url.Parse(r.Referer()); err == nil && localPath(ref.Path) && (ref.Host == "" || ref.Host == r.Host) {
		back = ref.RequestURI()
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *Server) fallback(rt *Router, w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/" && r.Method == http.MethodGet {
		http.Redirect(w, r, "/todo", http.StatusSeeOther)
		return
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := rt.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if !isAPI(r) {
		r = s.loadSession(w, r)
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, isAPI(r), errMethod)
		return
	}
	s.fail(w, r, isAPI(r), govflow.Errorf(govflow.ENOTFOUND, "您访问的页面或接口不存在，可能已被移动或删除。"))
}

var errMethod = &govflow.Error{Code: govflow.EINVALID, Message: "此地址不支持该请求方法。", Err: errMethodNotAllowed}
