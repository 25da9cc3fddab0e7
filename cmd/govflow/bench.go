package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/store"
)

func init() {
	register(command{name: "bench", summary: "性能测试：bench engine（流程引擎吞吐）、bench inbox（大数据量下的待办查询）", run: runBench})
}

func runBench(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stdout, "用法: govflow bench <engine|inbox> [参数]\n\n"+
			"  engine  N 个并发工作者经服务层驱动十步审批流程，测量实例/秒、任务办理/秒和每条命令的 p50/p99 延迟\n"+
			"  inbox   载入大量已办结实例（默认 100 万）和一人 200 条待办，测量待办查询的 p50/p99\n\n"+
			"运行 govflow bench engine -h 查看参数。")
		return 0
	}
	switch args[0] {
	case "engine":
		return runBenchEngine(args[1:], stdout, stderr)
	case "inbox":
		return runBenchInbox(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "govflow bench: 未知的测试 %q：应为 engine 或 inbox\n", args[0])
	return 2
}

// benchDB is a fresh database for a bench run: a temporary SQLite file by default, or a new database on the
// PostgreSQL server a URL names (created and dropped after). It is migrated and holds the demo office.
type benchDB struct {
	db      *store.DB
	cleanup func()
}

func openBenchDB(ctx context.Context, raw string) (*benchDB, error) {
	var target string
	var cleanup func()
	if raw == "" {
		dir, err := os.MkdirTemp("", "govflow-bench-")
		if err != nil {
			return nil, err
		}
		target, cleanup = "sqlite:"+filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }
	} else {
		kind, _, err := store.ParseURL(raw)
		if err != nil {
			return nil, err
		}
		if kind == store.SQLite {
			return nil, fmt.Errorf("bench 需要一个全新的数据库：SQLite 请省略 --db（使用临时文件），或给出 PostgreSQL 地址")
		}
		if target, cleanup, err = freshPostgres(ctx, raw); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, target)
	if err != nil {
		cleanup()
		return nil, err
	}
	done := func() {
		db.Close()
		cleanup()
	}
	if _, err := db.Migrate(ctx); err != nil {
		done()
		return nil, err
	}
	for _, l := range demo.Loaders() {
		if l.Name == "office" {
			if err := l.Run(ctx, demo.Env{DB: db, Now: time.Now(), Params: auth.TestParams, Password: demo.Password}); err != nil {
				done()
				return nil, err
			}
		}
	}
	return &benchDB{db: db, cleanup: done}, nil
}

// freshPostgres creates a database next to the one the URL names and returns its URL and how to drop it.
func freshPostgres(ctx context.Context, raw string) (string, func(), error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", nil, err
	}
	admin, err := pgx.Connect(ctx, raw)
	if err != nil {
		return "", nil, fmt.Errorf("连接 PostgreSQL 失败：%w", err)
	}
	b := make([]byte, 5)
	rand.Read(b)
	name := "govflow_bench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close(ctx)
		return "", nil, fmt.Errorf("创建测试数据库失败（需要 CREATEDB 权限）：%w", err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close(context.Background())
	}, nil
}

func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// percentile returns the p-th percentile (0–100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func sortedCopy(d []time.Duration) []time.Duration {
	out := slices.Clone(d)
	slices.Sort(out)
	return out
}

func dbLabel(raw string) string {
	if raw == "" {
		return "SQLite（临时文件，synchronous=FULL）"
	}
	return "PostgreSQL（" + strings.SplitN(raw, "?", 2)[0] + "，新建临时库）"
}
