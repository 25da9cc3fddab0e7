package web_test

import (
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/web"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Beijing

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

type env struct {
	t     testing.TB
	db    *store.DB
	srv   *web.Server
	ts    *httptest.Server
	clock *clock
}

// newEnv starts the real handler on db with the demo office loaded.
func newEnv(t testing.TB, db *store.DB, demoMode bool) *env {
	t.Helper()
	c := &clock{t0}
	if _, err := demo.Load(context.Background(), demo.Env{DB: db, Now: c.t, Params: auth.TestParams}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{DB: db, Now: c.now, Params: auth.TestParams, DemoMode: demoMode,
		Logger: slog.New(slog.NewTextHandler(testLog(t), nil)), Slow: func(context.Context, int) {}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, clock: c}
}

// client is one browser: a cookie jar, redirects not followed.
type client struct {
	e   *env
	hc  *http.Client
	tok string // the CSRF token of the last page seen
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type resp struct {
	status int
	header http.Header
	body   string
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *client) do(req *http.Request) resp {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.tok = string(m[1])
	}
	return resp{res.StatusCode, res.Header, string(b)}
}

func (c *client) get(path string) resp {
	c.e.t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	return c.do(req)
}

// post submits a form with the current CSRF token (unless the form sets csrf_token itself).
func (c *client) post(path string, form url.Values) resp {
	c.e.t.Helper()
	if _, set := form["csrf_token"]; !set {
		form.Set("csrf_token", c.tok)
	}
	if form.Get("csrf_token") == "" {
		form.Del("csrf_token")
	}
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) upload(path, filename string, data []byte, fields url.Values) resp {
	c.e.t.Helper()
	var b strings.Builder
	w := multipart.NewWriter(&b)
	fields.Set("csrf_token", c.tok)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile("file", filename)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(b.String()))
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// api sends a JSON request with the X-CSRF-Token header of the session.
func (c *client) api(method, path, body string) resp {
	c.e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.e.ts.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.tok != "" {
		req.Header.Set("X-CSRF-Token", c.tok)
	}
	return c.do(req)
}

// signIn signs in through the sign-in page and fails the test unless it works.
func (c *client) signIn(login string) {
	c.e.t.Helper()
	c.get("/login")
	r := c.post("/login", url.Values{"login": {login}, "password": {demo.Password}})
	if r.status != http.StatusSeeOther {
		c.e.t.Fatalf("sign in %s: %d %s", login, r.status, r.body)
	}
	c.get("/todo") // picks up the session's CSRF token
}

func auditCount(t testing.TB, db *store.DB) int64 {
	t.Helper()
	res, err := audit.Verify(context.Background(), db)
	if err != nil || res.Problem != nil {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	return res.Records
}

func countRows(t testing.TB, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	err := db.Read(context.Background(), func(tx store.Tx) error { return tx.QueryRow(context.Background(), q, args...).Scan(&n) })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// testLog shows server logs only with -v.
func testLog(t testing.TB) io.Writer {
	if testing.Verbose() {
		return logWriter{t}
	}
	return io.Discard
}

type logWriter struct{ t testing.TB }

func (w logWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
