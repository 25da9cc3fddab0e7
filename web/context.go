package web

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
)

type ctxKey int

const (
	keySession ctxKey = iota
	keyInfo
	keyToken
)

// reqInfo is filled in as the request goes, for the access log and metrics.
type reqInfo struct {
	route string
	user  string
	csrf  string // the anonymous CSRF token issued to this request, if any
}

// SessionFrom returns the request's session, nil when nobody is signed in.
func SessionFrom(r *http.Request) *auth.Session {
	s, _ := r.Context().Value(keySession).(*auth.Session)
	return s
}

// UserFrom returns the signed-in user, nil when nobody is signed in.
func UserFrom(r *http.Request) *auth.User {
	if s := SessionFrom(r); s != nil {
		return s.User
	}
	return nil
}

// ActorFrom returns who acts in this request, for services and the audit trail.
func (s *Server) ActorFrom(r *http.Request) govflow.Actor {
	a := govflow.Actor{ID: "anonymous", IP: s.clientIP(r)}
	if u := UserFrom(r); u != nil {
		a.ID = u.ID
	}
	return a
}

// Client returns the request's address and browser, for the sign-in service.
func (s *Server) Client(r *http.Request) auth.Client {
	return auth.Client{IP: s.clientIP(r), UserAgent: r.UserAgent()}
}

func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func info(r *http.Request) *reqInfo {
	i, _ := r.Context().Value(keyInfo).(*reqInfo)
	if i == nil {
		return &reqInfo{}
	}
	return i
}

func withValue(r *http.Request, k ctxKey, v any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), k, v))
}
