// Package web serves govflow over HTTP: server-rendered pages in Simplified Chinese (English switchable) and a
// JSON API under /api/v1 described by an OpenAPI document built from the same route registry.
//
// A feature adds files, not edits: <feature>_handlers.go with a func registered by RegisterFeature in init,
// templates under templates/<feature>/, messages for English in a Messages map. See README.md.
package web

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
)

//go:embed all:templates static
var assets embed.FS

// Config wires a Server. DB is required; everything else has a default.
type Config struct {
	DB            *store.DB
	Now           func() time.Time // default time.Now
	Logger        *slog.Logger     // default slog.Default()
	Params        auth.Params      // argon2id cost; default auth.DefaultParams
	DemoMode      bool             // initial passwords need not be changed (the demo)
	SecureCookies bool             // mark cookies Secure even when TLS ends at a proxy
	TrustProxy    bool             // take the client address from X-Forwarded-For
	Version       string
	Registry      *prometheus.Registry // default: a new one with Go and process metrics
	// Slow replaces the delay after a failed sign-in (tests make it a no-op).
	Slow func(ctx context.Context, failures int)
}

// Server is the HTTP application.
type Server struct {
	cfg     Config
	auth    *auth.Service
	org     *org.Service
	log     *slog.Logger
	pages   *pages
	routes  *Router
	metrics *metrics
	handler http.Handler
	office  atomic.Value // the office name, read once it exists
	banners []BannerFunc // see banners.go
}

// New builds the server and registers every feature's routes.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, fmt.Errorf("web: Config.DB is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Params == (auth.Params{}) {
		cfg.Params = auth.DefaultParams
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
		cfg.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	a := auth.New(cfg.DB, cfg.Now)
	a.Params, a.DemoMode = cfg.Params, cfg.DemoMode
	if cfg.Slow != nil {
		a.Slow = cfg.Slow
	}
	s := &Server{cfg: cfg, auth: a, org: &org.Service{DB: cfg.DB, Now: cfg.Now, Params: cfg.Params}, log: cfg.Logger}
	var err error
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(cfg.Registry)
	s.routes = newRouter(s)
	for _, f := range features() {
		f.Routes(s, s.routes)
	}
	s.routes.placeholders()
	s.handler = s.middleware(s.routes.mux)
	return s, nil
}

// Handler is the whole application as one http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }

// DB is the database, for features building their services.
func (s *Server) DB() *store.DB { return s.cfg.DB }

// Now is the server's clock.
func (s *Server) Now() time.Time { return s.cfg.Now() }

// Log is the server's logger.
func (s *Server) Log() *slog.Logger { return s.log }

// Auth is the sign-in service.
func (s *Server) Auth() *auth.Service { return s.auth }

// Org is the organisation service.
func (s *Server) Org() *org.Service { return s.org }

// Params are the argon2id parameters in use (for features that set initial passwords).
func (s *Server) Params() auth.Params { return s.cfg.Params }

// Routes lists every registered route (for tests and documentation).
func (s *Server) Routes() []Route { return s.routes.list() }
