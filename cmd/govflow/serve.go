package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendardb"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/web"
	"github.com/govflow/govflow/workflow"
)

func init() {
	register(command{name: "serve", summary: "启动网站（首次启动时建库并载入演示机构）", run: runServe})
}

type serveOptions struct {
	addr, logFormat     string
	db                  *string
	demo, secure, proxy bool
	grace               time.Duration
}

func serveFlags(stdout io.Writer) (*flag.FlagSet, *serveOptions) {
	fs := flags("serve", "启动 govflow 网站。数据库不存在时自动创建并升级到最新结构；演示模式下首次启动载入演示机构。", stdout)
	o := &serveOptions{}
	fs.StringVar(&o.addr, "addr", envOr("GOVFLOW_ADDR", ":8080"), "监听地址 主机:端口（环境变量 GOVFLOW_ADDR）")
	o.db = dbFlag(fs)
	fs.BoolVar(&o.demo, "demo", envBool("GOVFLOW_DEMO", true), "演示模式：载入演示机构，初始密码无须修改（生产环境请设为 false；环境变量 GOVFLOW_DEMO）")
	fs.BoolVar(&o.secure, "secure-cookies", envBool("GOVFLOW_SECURE_COOKIES", false), "Cookie 一律标记 Secure（在 HTTPS 反向代理之后时开启）")
	fs.BoolVar(&o.proxy, "trust-proxy", envBool("GOVFLOW_TRUST_PROXY", false), "从 X-Forwarded-For 取客户端地址（仅在可信反向代理之后开启）")
	fs.StringVar(&o.logFormat, "log", envOr("GOVFLOW_LOG", "text"), "日志格式：text 或 json")
	fs.DurationVar(&o.grace, "shutdown-timeout", 30*time.Second, "收到停止信号后等待进行中请求完成的最长时间")
	return fs, o
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func envBool(k string, def bool) bool {
	if b, err := strconv.ParseBool(os.Getenv(k)); err == nil {
		return b
	}
	return def
}

// checkEnvBools refuses a switch set in the environment to a value it cannot read: a mistyped
// GOVFLOW_DEMO must not leave demo mode on in production.
func checkEnvBools(keys ...string) error {
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			if _, err := strconv.ParseBool(v); err != nil {
				return fmt.Errorf("环境变量 %s=%q 无效：应为 true 或 false（也可写 1/0）", k, v)
			}
		}
	}
	return nil
}

func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("监听地址 %q 无效：应为 主机:端口，例如 :8080 或 127.0.0.1:8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("监听地址 %q 无效：端口应为 0–65535 的数字", addr)
	}
	return nil
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs, o := serveFlags(stdout)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	if err := checkAddr(o.addr); err != nil {
		fmt.Fprintf(stderr, "govflow serve: %v\n", err)
		return 2
	}
	if err := checkEnvBools("GOVFLOW_DEMO", "GOVFLOW_SECURE_COOKIES", "GOVFLOW_TRUST_PROXY"); err != nil {
		fmt.Fprintf(stderr, "govflow serve: %v\n", err)
		return 2
	}
	if o.logFormat != "text" && o.logFormat != "json" {
		fmt.Fprintf(stderr, "govflow serve: 日志格式 %q 无效：应为 text 或 json\n", o.logFormat)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if o.logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	}
	// Listen first: a taken port is said before anything is written to the database.
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "govflow serve: 无法监听 %s：%s\n", o.addr, oneLine(err))
		return 1
	}
	defer ln.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	d, code := openDB(ctx, "serve", *o.db, stderr)
	if d == nil {
		return code
	}
	defer d.Close()
	if n, err := d.Migrate(ctx); err != nil {
		fmt.Fprintf(stderr, "govflow serve: %v\n", err)
		return 1
	} else if n > 0 {
		log.Info("migrated", "applied", n, "db", d.URL())
	}
	if err := prepare(ctx, o, d, stdout); err != nil {
		fmt.Fprintf(stderr, "govflow serve: %v\n", err)
		return 1
	}
	// The workflow service (the web handlers find it with workflow.Of); its timers run until the signal.
	wf, err := workflow.New(d, catalog.NewService(d, time.Now), workflow.Options{Calendar: calendardb.For(d).Calendar, Logger: log})
	if err != nil {
		fmt.Fprintf(stderr, "govflow serve: %v\n", err)
		return 1
	}
	defer wf.Close()
	go func() {
		if err := wf.Run(ctx); err != nil {
			log.Error("workflow timers stopped", "err", err)
		}
	}()
	srv, err := web.New(web.Config{DB: d, Logger: log, DemoMode: o.demo, SecureCookies: o.secure, TrustProxy: o.proxy, Version: versionString()})
	if err != nil {
		fmt.Fprintf(stderr, "govflow serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "govflow 已启动：%s （数据库 %s；按 Ctrl+C 停止）\n", siteURL(ln.Addr()), d.URL())
	return serveUntilSignal(ctx, ln, srv.Handler(), o.grace, log)
}

// prepare loads the demo (demo mode) or creates the first administrator (otherwise) and says how to sign in.
func prepare(ctx context.Context, o *serveOptions, db *store.DB, stdout io.Writer) error {
	if o.demo {
		ran, err := loadDemo(ctx, db, time.Now())
		if errors.Is(err, demo.ErrOrgNotEmpty) {
			fmt.Fprintln(stdout, "演示模式：数据库已有组织机构，未载入演示机构。")
			return nil
		}
		if err != nil {
			return err
		}
		if len(ran) > 0 {
			fmt.Fprintf(stdout, "首次启动：已载入演示数据（%s）。\n", strings.Join(ran, "、"))
		}
		printAccounts(stdout)
		return nil
	}
	login, pw, created, err := org.Bootstrap(ctx, db, "办公厅", time.Now(), auth.DefaultParams)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(stdout, "已创建首个系统管理员：账号 %s，初始密码 %s（只显示这一次，首次登录须修改）。\n", login, pw)
	}
	return nil
}

func siteURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := "localhost"
	if len(tcp.IP) > 0 && !tcp.IP.IsUnspecified() {
		host = tcp.IP.String()
		if tcp.IP.To4() == nil {
			host = "[" + host + "]"
		}
	}
	return fmt.Sprintf("http://%s:%d", host, tcp.Port)
}

// serveUntilSignal serves until SIGINT/SIGTERM, then stops accepting, lets in-flight requests finish (each
// write is one transaction, so nothing is left half-written) and closes.
func serveUntilSignal(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration, log *slog.Logger) int {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		log.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}
