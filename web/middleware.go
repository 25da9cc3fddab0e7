package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/govflow/govflow"
)

// Cookie names.
const (
	cookieSession = "govflow_session"
	cookieCSRF    = "govflow_csrf"
	cookieLang    = "govflow_lang"
	cookieFlash   = "govflow_flash"
)

// CSRFField is the form field, and CSRFHeader the header of JSON writes, that carry the CSRF token.
const (
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

var errForbidden = govflow.Errorf(govflow.EFORBIDDEN, "您没有权限访问此页面或执行此操作。如需开通，请联系系统管理员。")

var errCSRF = govflow.Errorf(govflow.EFORBIDDEN, "安全校验未通过：页面已过期或请求缺少安全令牌。请返回上一页，刷新后重试。")

// middleware wraps the whole mux: panics, security headers, cross-origin protection, access log, metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, isAPI(r), errCSRF)
	}))
	inner := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		inf := &reqInfo{}
		r = withValue(r, keyInfo, inf)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h := rec.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "+
			"script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.wrote {
					s.fail(rec, r, isAPI(r), fmt.Errorf("panic: %v", p))
				}
			}
			route := inf.route
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			s.metrics.observe(r.Method, route, rec.status, d)
			s.log.Info("http", "method", r.Method, "path", r.URL.Path, "route", route, "status", rec.status,
				"bytes", rec.bytes, "ms", d.Milliseconds(), "ip", s.clientIP(r), "user", inf.user)
		}()
		inner.ServeHTTP(rec, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// wrap applies a route's declared rules before its handler: body limit, session, CSRF, permission,
// forced password change. Nothing reaches a handler that fails any of them.
func (s *Server) wrap(rt Route) http.Handler {
	api := rt.api != nil
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inf := info(r)
		inf.route = rt.Pattern
		r.Body = http.MaxBytesReader(w, r.Body, rt.MaxBody)
		if !rt.NoSession {
			r = s.loadSession(w, r)
		}
		sess := SessionFrom(r)
		if sess != nil {
			inf.user = sess.User.ID
		}
		if unsafeMethod(r.Method) && !rt.NoCSRF {
			if err := s.checkCSRF(r, api); err != nil {
				s.fail(w, r, api, err)
				return
			}
		}
		if !rt.Perm.Allows(UserFrom(r)) {
			if sess == nil {
				s.unauthorized(w, r, api)
				return
			}
			s.fail(w, r, api, errForbidden)
			return
		}
		if sess != nil && sess.MustChange && !rt.AllowMustChange {
			if api {
				s.fail(w, r, api, govflow.Errorf(govflow.EFORBIDDEN, "请先修改初始密码，再使用系统。"))
			} else {
				http.Redirect(w, r, "/password", http.StatusSeeOther)
			}
			return
		}
		if err := rt.Handler(w, r); err != nil {
			s.fail(w, r, api, err)
		}
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func (s *Server) loadSession(w http.ResponseWriter, r *http.Request) *http.Request {
	c, err := r.Cookie(cookieSession)
	if err != nil || c.Value == "" {
		return r
	}
	sess, err := s.auth.Lookup(r.Context(), c.Value)
	if err != nil {
		if govflow.ErrorCode(err) != govflow.EUNAUTHORIZED {
			s.log.Error("session lookup", "err", err)
		}
		s.clearCookie(w, r, cookieSession)
		return r
	}
	r = withValue(r, keyToken, c.Value)
	return withValue(r, keySession, sess)
}

// checkCSRF compares the token of an unsafe request with the session's (signed in) or with the CSRF cookie
// (anonymous forms such as sign-in). Forms carry it in csrf_token, JSON requests in X-CSRF-Token.
func (s *Server) checkCSRF(r *http.Request, api bool) error {
	want := ""
	if sess := SessionFrom(r); sess != nil {
		want = sess.CSRF
	} else if c, err := r.Cookie(cookieCSRF); err == nil {
		want = c.Value
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" && !api {
		if err := parseForm(r); err != nil {
			return err
		}
		got = r.PostFormValue(CSRFField)
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return nil
}

func parseForm(r *http.Request) error {
	var err error
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		err = r.ParseMultipartForm(8 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge(tooBig.Limit)
	}
	if err != nil {
		return govflow.Errorf(govflow.EINVALID, "表单格式错误，请刷新页面后重试。")
	}
	return nil
}

func errTooLarge(limit int64) error {
	return &govflow.Error{Code: govflow.EINVALID, Message: fmt.Sprintf("提交的内容过大（上限 %s）。", size(limit)), Err: errBodyTooLarge}
}

var errBodyTooLarge = errors.New("request body too large")

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, api bool) {
	if api {
		s.fail(w, r, api, govflow.Errorf(govflow.EUNAUTHORIZED, "请先登录。"))
		return
	}
	next := r.URL.Path
	if r.Method != http.MethodGet || !localPath(next) {
		next = "/"
	}
	http.Redirect(w, r, "/login?next="+urlQueryEscape(next), http.StatusSeeOther)
}

// localPath accepts only paths on this site (no //host or scheme), for redirects after sign-in.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\")
}

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.cfg.SecureCookies }

// SetCookie sets a cookie with govflow's attributes: HttpOnly, SameSite=Lax, Path=/, Secure over TLS.
func (s *Server) SetCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	s.SetCookie(w, r, name, "", -1)
}
