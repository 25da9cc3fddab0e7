package web

import (
	"context"
	"net/http"
	"sync"

	"github.com/govflow/govflow/auth"
)

// The navigation badge of 待办: the person's open tasks. A NavCount is given the request but not the server,
// so the work pages put their server into the request; other pages use the server built last (a process
// runs one; tests build them one after another).
func init() {
	RegisterNavCount("todo", func(r *http.Request, u *auth.User) (int, error) {
		s := navServer(r)
		if s == nil {
			return 0, nil
		}
		svc, err := s.Workflow()
		if err != nil {
			return 0, err
		}
		c, err := svc.Counts(r.Context(), u.ID)
		return c.Todo, err
	})
}

type serverKey struct{}

var (
	lastMu     sync.Mutex
	lastServer *Server
)

func rememberServer(s *Server) {
	lastMu.Lock()
	defer lastMu.Unlock()
	lastServer = s
}

// withServer marks the request as served by s, for the navigation badge.
func withServer(r *http.Request, s *Server) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), serverKey{}, s))
}

func navServer(r *http.Request) *Server {
	if s, ok := r.Context().Value(serverKey{}).(*Server); ok {
		return s
	}
	lastMu.Lock()
	defer lastMu.Unlock()
	return lastServer
}
