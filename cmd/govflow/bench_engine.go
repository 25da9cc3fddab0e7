package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/workflow"
)

type engineResult struct {
	Database     string  `json:"database"`
	Workers      int     `json:"workers"`
	Seconds      float64 `json:"seconds"`
	Instances    int     `json:"instances"`
	Completions  int     `json:"task_completions"`
	InstancesPS  float64 `json:"instances_per_s"`
	CompletionPS float64 `json:"task_completions_per_s"`
	P50          float64 `json:"p50_ms"`
	P99          float64 `json:"p99_ms"`
	StartP50     float64 `json:"start_p50_ms"`
	StartP99     float64 `json:"start_p99_ms"`
	Errors       int     `json:"errors"`
	FirstError   string  `json:"first_error,omitempty"`
}

func runBenchEngine(args []string, stdout, stderr io.Writer) int {
	fs := flags("bench engine", "N 个并发工作者经服务层（与 HTTP 接口相同）驱动十步审批流程：发起实例、逐一办理十个任务，提交均为持久化提交。默认在临时 SQLite 文件上运行；给出 PostgreSQL 地址时新建一个临时库，测完删除。", stdout)
	dbURL := fs.String("db", "", "PostgreSQL 地址（省略时使用临时 SQLite 文件）")
	workers := fs.Int("workers", 32, "并发工作者数")
	duration := fs.Duration("duration", 10*time.Second, "测量时长")
	asJSON := fs.Bool("json", false, "以一个 JSON 对象输出结果")
	profile := fs.String("cpuprofile", "", "把测量期间的 CPU 剖析写入该文件（go tool pprof 读取）")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	if *workers < 1 || *workers > 4096 {
		fmt.Fprintln(stderr, "govflow bench engine: --workers 应在 1 到 4096 之间")
		return 2
	}
	if *duration < time.Second || *duration > time.Hour {
		fmt.Fprintln(stderr, "govflow bench engine: --duration 应在 1s 到 1h 之间")
		return 2
	}
	ctx := context.Background()
	bdb, err := openBenchDB(ctx, *dbURL)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bench engine: %v\n", err)
		return 1
	}
	defer bdb.cleanup()
	if *profile != "" {
		stopProfile, err := startProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "govflow bench engine: %v\n", err)
			return 1
		}
		defer stopProfile()
	}
	res, err := benchEngine(ctx, bdb, *workers, *duration)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bench engine: %v\n", err)
		return 1
	}
	res.Database = bdb.db.URL()
	if *asJSON {
		json.NewEncoder(stdout).Encode(map[string]any{"instances_per_s": round1(res.InstancesPS),
			"task_completions_per_s": round1(res.CompletionPS), "p50_ms": round2(res.P50), "p99_ms": round2(res.P99),
			"workers": res.Workers, "seconds": round2(res.Seconds), "errors": res.Errors, "first_error": res.FirstError, "database": string(bdb.db.Dialect())})
		return 0
	}
	fmt.Fprintf(stdout, "数据库：%s\n工作者：%d，时长：%.1f 秒\n", res.Database, res.Workers, res.Seconds)
	fmt.Fprintf(stdout, "办结实例：%d（%.1f 个/秒）\n任务办理：%d（%.1f 个/秒）\n", res.Instances, res.InstancesPS,
		res.Completions, res.CompletionPS)
	fmt.Fprintf(stdout, "办理命令延迟：p50 %.2f ms，p99 %.2f ms\n发起命令延迟：p50 %.2f ms，p99 %.2f ms\n", res.P50, res.P99,
		res.StartP50, res.StartP99)
	if res.Errors > 0 {
		fmt.Fprintf(stdout, "出错命令：%d（第一个：%s）\n", res.Errors, res.FirstError)
	}
	return 0
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

func benchEngine(ctx context.Context, bdb *benchDB, workers int, duration time.Duration) (*engineResult, error) {
	defs, err := workflow.NewStatic(workflow.BenchProcess())
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := workflow.New(bdb.db, defs, workflow.Options{Logger: quiet})
	if err != nil {
		return nil, err
	}
	defer svc.Close()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go svc.Run(runCtx)
	// Warm up: one instance through, so caches and prepared statements exist.
	if _, _, err := benchInstance(ctx, svc, "预热", nil, nil); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	res := &engineResult{Workers: workers}
	var starts, completes []time.Duration
	deadline := time.Now().Add(duration)
	began := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var myStarts, myCompletes []time.Duration
			instances, errs := 0, 0
			for i := 0; time.Now().Before(deadline); i++ {
				ok, n, err := benchInstance(ctx, svc, fmt.Sprintf("性能测试 %d-%d", w, i), &myStarts, &myCompletes)
				if err != nil {
					errs++
					mu.Lock()
					if res.FirstError == "" {
						res.FirstError = fmt.Sprintf("%v (after %d commands)", err, n)
					}
					mu.Unlock()
				}
				if ok {
					instances++
				}
			}
			mu.Lock()
			starts = append(starts, myStarts...)
			completes = append(completes, myCompletes...)
			res.Instances += instances
			res.Errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	res.Seconds = elapsed.Seconds()
	res.Completions = len(completes)
	res.InstancesPS = float64(res.Instances) / res.Seconds
	res.CompletionPS = float64(res.Completions) / res.Seconds
	c, s := sortedCopy(completes), sortedCopy(starts)
	res.P50, res.P99 = millis(percentile(c, 50)), millis(percentile(c, 99))
	res.StartP50, res.StartP99 = millis(percentile(s, 50)), millis(percentile(s, 99))
	return res, nil
}

// benchInstance starts one instance and completes its ten tasks as whoever holds each, recording latencies.
func benchInstance(ctx context.Context, svc *workflow.Service, title string, starts, completes *[]time.Duration) (bool, int, error) {
	t := time.Now()
	v, err := svc.Start(ctx, govflow.Actor{ID: "wuhao"}, "bench-approval", map[string]any{"title": title}, "", "")
	if err != nil {
		return false, 0, err
	}
	if starts != nil {
		*starts = append(*starts, time.Since(t))
	}
	next := v.Open
	n := 0
	for len(next) > 0 {
		task := next[0]
		cmd := engine.Command{Op: engine.OpApprove, Task: task.ID, Opinion: "同意"}
		who := task.Assignee
		if task.Kind == engine.KindDo {
			cmd = engine.Command{Op: engine.OpComplete, Task: task.ID, Form: map[string]any{"note": "已登记"}}
		}
		if who == "" {
			who = "sunlei"
		}
		t := time.Now()
		out, err := svc.Do(ctx, govflow.Actor{ID: who}, cmd, "")
		if err != nil {
			return false, n, err
		}
		if completes != nil {
			*completes = append(*completes, time.Since(t))
		}
		n++
		next = out.Next
		if out.Status != engine.StatusRunning {
			return out.Status == engine.StatusCompleted, n, nil
		}
	}
	return false, n, errors.New("instance stopped without finishing")
}
