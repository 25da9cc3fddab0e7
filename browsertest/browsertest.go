// Package browsertest drives the real govflow binary in headless Chromium. Its tests run only when
// GOVFLOW_TEST_BROWSER is set (.ci/run sets it); they need Debian's chromium and fonts-noto-cjk.
//
// A test starts a server on a fresh database, opens a browser, signs in and looks around:
//
//	srv := browsertest.Start(t)
//	b := srv.Browser(t, browsertest.Desktop)
//	b.SignIn("sunlei", browsertest.DemoPassword)
//	b.Open("/todo")
//	b.WaitVisible("#todo-empty")
//	b.Screenshot("inbox")
package browsertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Env is the variable that enables browser tests; EnvScreenshots names the folder screenshots go to
// (default: out/screenshots at the repository root).
const (
	Env            = "GOVFLOW_TEST_BROWSER"
	EnvScreenshots = "GOVFLOW_SCREENSHOTS"
	DemoPassword   = "demo2026"
)

// Timeout bounds each browser step and the server's start.
var Timeout = 60 * time.Second

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// Require skips the test unless browser tests are enabled.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv(Env) == "" {
		t.Skip(Env + " is not set: browser tests need Chromium (the CI script installs it)")
	}
}

func build(t testing.TB) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "govflow-browsertest-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "govflow")
		out, err := exec.Command("go", "build", "-o", binary, "github.com/govflow/govflow/cmd/govflow").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// Server is a running `govflow serve` on a temporary SQLite database and a free local port.
type Server struct {
	URL string // http://127.0.0.1:PORT
	DB  string // the database URL, for running other subcommands against it
	Bin string // the built binary
	t   testing.TB
}

var started = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// Start builds govflow (once per test binary), starts `govflow serve` in demo mode on a fresh database with
// any extra args, waits until it prints its address, and stops it (SIGTERM) when the test ends.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	Require(t)
	bin := build(t)
	dir := t.TempDir()
	s := &Server{DB: "sqlite:" + filepath.Join(dir, "govflow.db"), Bin: bin, t: t}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", s.DB}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOVFLOW_DEMO=true")
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "govflow 已启动") {
				found <- started.FindString(sc.Text())
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		logf.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logf.Name()); err == nil {
				t.Logf("server log:\n%s", tail(string(b), 4000))
			}
		}
	})
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	select {
	case s.URL = <-found:
	case <-timer.C:
		t.Fatalf("govflow serve did not start within %v", Timeout)
	}
	return s
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// Viewport is a browser window size.
type Viewport struct {
	Name          string
	Width, Height int
	Mobile        bool
}

// Standard viewports: an office PC and a phone.
var (
	Desktop = Viewport{Name: "desktop", Width: 1366, Height: 900}
	Phone   = Viewport{Name: "phone", Width: 390, Height: 844, Mobile: true}
)

// Browser is one headless Chromium with its own fresh profile, bound to a server.
type Browser struct {
	ctx context.Context
	t   testing.TB
	srv *Server
	vp  Viewport
}

// Browser starts headless Chromium (closed when the test ends).
func (s *Server) Browser(t testing.TB, vp Viewport) *Browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.Headless,
		chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(vp.Width, vp.Height),
	}
	if p := os.Getenv("GOVFLOW_CHROMIUM"); p != "" {
		opts = append(opts, chromedp.ExecPath(p))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &Browser{ctx: ctx, t: t, srv: s, vp: vp}
	vopts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if vp.Mobile {
		vopts = append(vopts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	b.Do(chromedp.EmulateViewport(int64(vp.Width), int64(vp.Height), vopts...))
	return b
}

// Do runs browser actions, failing the test on the first error or after Timeout.
func (b *Browser) Do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx); err != nil { // starts the browser outside the timeout
		b.t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (page %s)", err, b.Location())
	}
}

// Context is the chromedp context, for actions that return values (chromedp.Run(b.Context(), …)).
func (b *Browser) Context() context.Context { return b.ctx }

// Open navigates to a path of the server and waits for the page.
func (b *Browser) Open(path string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(b.srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// SignIn signs in through the real sign-in page and waits for the signed-in layout.
func (b *Browser) SignIn(login, password string) {
	b.t.Helper()
	b.Open("/login")
	b.Do(
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), login),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("body.signed-in")),
	)
}

// WaitVisible waits until the element is visible.
func (b *Browser) WaitVisible(css string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(css)))
}

// Click clicks an element and waits for the next page's body.
func (b *Browser) Click(css string) {
	b.t.Helper()
	b.Do(chromedp.Click(chromedp.CSS(css)), chromedp.WaitReady(chromedp.CSS("body")))
}

// Text returns the visible text of the first element matching css.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

// Location is the current URL ("" when it cannot be read).
func (b *Browser) Location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Location())
	return s
}

// Screenshot saves the whole page as <dir>/<name>-<viewport>.png and returns the path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := ScreenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(dir, name+"-"+b.vp.Name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

// ScreenshotDir is where screenshots go: $GOVFLOW_SCREENSHOTS, else out/screenshots in the repository.
func ScreenshotDir() string {
	if d := os.Getenv(EnvScreenshots); d != "" {
		return d
	}
	return filepath.Join("..", "out", "screenshots")
}

// SignInExpectingError submits the sign-in form and waits for its error message.
func (b *Browser) SignInExpectingError(login, password string) {
	b.t.Helper()
	b.Open("/login")
	b.Do(
		chromedp.SendKeys(chromedp.CSS("#login"), login),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS(".alert-error")),
	)
}
