package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/workflow"
)

// bench inbox measures the 待办 query where it matters: a database holding many finished instances (a
// million by default, each with its tasks and events, bulk-loaded with multi-row inserts in large
// transactions rather than through the engine) and one person with 200 open tasks (started through the
// service: pool tasks of the bench process, which the person may claim). It then times the inbox as the
// pages and the API ask for it (first page, 20 rows, default order, with the total) and the navigation counts.

const (
	tasksPerInstance  = 3
	eventsPerInstance = 7
	instancesPerTx    = 2000
	rowsPerStatement  = 200
)

type inboxResult struct {
	Instances    int     `json:"instances"`
	OpenTasks    int     `json:"open_tasks"`
	LoadSeconds  float64 `json:"load_seconds"`
	Queries      int     `json:"queries"`
	InboxP50     float64 `json:"p50_ms"`
	InboxP99     float64 `json:"p99_ms"`
	CountsP50    float64 `json:"counts_p50_ms"`
	CountsP99    float64 `json:"counts_p99_ms"`
	InboxTotal   int     `json:"inbox_total"`
	DoneP50      float64 `json:"done_p50_ms"`
	DoneP99      float64 `json:"done_p99_ms"`
	DoneTotal    int     `json:"done_total"`
	DatabaseKind string  `json:"database"`
}

func runBenchInbox(args []string, stdout, stderr io.Writer) int {
	fs := flags("bench inbox", "在有大量已办结实例（默认 100 万个，每个含任务和事件记录，批量写入）的全新数据库中，为一人建立 200 条待办，测量待办查询和导航计数的 p50/p99。默认使用临时 SQLite 文件；给出 PostgreSQL 地址时新建临时库，测完删除。", stdout)
	dbURL := fs.String("db", "", "PostgreSQL 地址（省略时使用临时 SQLite 文件）")
	instances := fs.Int("instances", 1000000, "已办结实例数")
	open := fs.Int("open", 200, "待测人员的待办数")
	queries := fs.Int("queries", 1000, "测量的查询次数")
	asJSON := fs.Bool("json", false, "以一个 JSON 对象输出结果")
	profile := fs.String("cpuprofile", "", "把 CPU 剖析写入该文件（go tool pprof 读取）")
	keep := fs.Bool("keep", false, "测完保留数据库（打印其地址），便于分析查询计划")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "govflow bench inbox: %v\n", err)
			return 1
		}
		defer stop()
	}
	if *instances < 0 || *instances > 50000000 || *open < 1 || *open > 10000 || *queries < 1 || *queries > 1000000 {
		fmt.Fprintln(stderr, "govflow bench inbox: 参数超出范围：--instances 0–50000000，--open 1–10000，--queries 1–1000000")
		return 2
	}
	ctx := context.Background()
	bdb, err := openBenchDB(ctx, *dbURL)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bench inbox: %v\n", err)
		return 1
	}
	if *keep {
		defer func() { bdb.db.Close(); fmt.Fprintf(stdout, "已保留数据库：%s\n", bdb.db.URL()) }()
	} else {
		defer bdb.cleanup()
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "数据库：%s\n正在载入 %d 个已办结实例……\n", bdb.db.URL(), *instances)
	}
	res, err := benchInbox(ctx, bdb.db, *instances, *open, *queries)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bench inbox: %v\n", err)
		return 1
	}
	res.DatabaseKind = string(bdb.db.Dialect())
	if *asJSON {
		json.NewEncoder(stdout).Encode(res)
		return 0
	}
	fmt.Fprintf(stdout, "载入：%d 个实例、%d 条任务、%d 条事件，用时 %.1f 秒\n", res.Instances, res.Instances*tasksPerInstance,
		res.Instances*eventsPerInstance, res.LoadSeconds)
	fmt.Fprintf(stdout, "待办（第 1 页 20 条，共 %d 条）：p50 %.2f ms，p99 %.2f ms（%d 次）\n", res.InboxTotal, res.InboxP50, res.InboxP99, res.Queries)
	fmt.Fprintf(stdout, "导航计数：p50 %.2f ms，p99 %.2f ms\n", res.CountsP50, res.CountsP99)
	fmt.Fprintf(stdout, "已办（第 1 页 20 条，共 %d 条）：p50 %.2f ms，p99 %.2f ms\n", res.DoneTotal, res.DoneP50, res.DoneP99)
	return 0
}

// inboxPerson is whose inbox is measured: a 收发员, candidate of the bench process's pool task.
const inboxPerson = "sunlei"

func benchInbox(ctx context.Context, db *store.DB, instances, open, queries int) (*inboxResult, error) {
	office, err := demo.LoadOffice()
	if err != nil {
		return nil, err
	}
	var people []string
	for _, p := range office.People {
		people = append(people, p.ID)
	}
	began := time.Now()
	if err := bulkFinished(ctx, db, instances, people); err != nil {
		return nil, err
	}
	if err := analyze(ctx, db); err != nil {
		return nil, err
	}
	res := &inboxResult{Instances: instances, OpenTasks: open, Queries: queries, LoadSeconds: time.Since(began).Seconds()}
	defs, err := workflow.NewStatic(workflow.BenchProcess())
	if err != nil {
		return nil, err
	}
	svc, err := workflow.New(db, defs, workflow.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	defer svc.Close()
	for i := range open {
		if _, err := svc.Start(ctx, govflow.Actor{ID: "wuhao"}, "bench-approval", map[string]any{"title": fmt.Sprintf("待办 %d", i)}, "", ""); err != nil {
			return nil, err
		}
	}
	if err := analyze(ctx, db); err != nil { // as autovacuum would after the new open work
		return nil, err
	}
	var inbox, counts, done []time.Duration
	for range queries {
		t := time.Now()
		page, err := svc.Inbox(ctx, inboxPerson, workflow.TaskFilter{})
		if err != nil {
			return nil, err
		}
		inbox = append(inbox, time.Since(t))
		res.InboxTotal = page.Total
		t = time.Now()
		if _, err := svc.Counts(ctx, inboxPerson); err != nil {
			return nil, err
		}
		counts = append(counts, time.Since(t))
	}
	for range min(queries, 200) {
		t := time.Now()
		page, err := svc.Done(ctx, people[7], workflow.TaskFilter{})
		if err != nil {
			return nil, err
		}
		done = append(done, time.Since(t))
		res.DoneTotal = page.Total
	}
	if res.InboxTotal != open {
		return nil, fmt.Errorf("the inbox lists %d tasks, want %d", res.InboxTotal, open)
	}
	i, c, d := sortedCopy(inbox), sortedCopy(counts), sortedCopy(done)
	res.InboxP50, res.InboxP99 = millis(percentile(i, 50)), millis(percentile(i, 99))
	res.CountsP50, res.CountsP99 = millis(percentile(c, 50)), millis(percentile(c, 99))
	res.DoneP50, res.DoneP99 = millis(percentile(d, 50)), millis(percentile(d, 99))
	return res, nil
}

// bulkFinished writes n finished instances of the bench process, each with three done tasks and seven events,
// spread over the two years before now and over the office's people.
func bulkFinished(ctx context.Context, db *store.DB, n int, people []string) error {
	end := time.Now().Add(-24 * time.Hour)
	span := int64(2 * 365 * 24 * time.Hour / time.Millisecond)
	for first := 0; first < n; first += instancesPerTx {
		last := min(first+instancesPerTx, n)
		b := &bulk{}
		for i := first; i < last; i++ {
			started := end.UnixMilli() - span + int64(i)*span/int64(max(n, 1))
			b.instance(i, started, people)
		}
		if err := db.Write(ctx, func(tx store.Tx) error { return b.write(ctx, tx) }); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	return nil
}

type bulk struct {
	instances, tasks, events [][]any
}

func (b *bulk) instance(i int, started int64, people []string) {
	id := fmt.Sprintf("%012x%012x", started, i)
	initiator := people[i%len(people)]
	ended := started + 3*3600*1000
	title := fmt.Sprintf("历史事项 %d", i)
	state := fmt.Sprintf(`{"instance":%q,"process":"bench-approval","version":1,"seq":%d,"status":"completed","result":"办结","initiator":%q,"started":%q,"ended":%q,"values":{"title":%q}}`,
		id, eventsPerInstance, initiator, store.Time(started).Format(time.RFC3339), store.Time(ended).Format(time.RFC3339), title)
	b.instances = append(b.instances, []any{id, "bench-approval", int64(1), "十步审批（性能测试）", title, "completed", "办结",
		initiator, "", started, ended, started + 20*86400*1000, int64(0), int64(0), "", int64(eventsPerInstance), state, ended})
	seq := int64(1)
	event := func(typ, lifecycle, step, person, task string, at int64, outcome string) {
		body := fmt.Sprintf(`{"seq":%d,"instance":%q,"type":%q,"lifecycle":%q,"time":%q,"step":%q,"actor":%q,"task":%q}`,
			seq, id, typ, lifecycle, store.Time(at).Format(time.RFC3339), step, person, task)
		b.events = append(b.events, []any{id, seq, "bench-approval", typ, lifecycle, step, step, "秘书处", person, "", task, at,
			"", outcome, "", body})
		seq++
	}
	event("instance.started", "complete", "start", initiator, "", started, "start")
	for k := range tasksPerInstance {
		who := people[(i*tasksPerInstance+k)%len(people)]
		task := fmt.Sprintf("%s-t%d", id, 2+2*k)
		created, done := started+int64(k)*3600*1000, started+int64(k+1)*3600*1000
		kind, outcome := "approve", "agree"
		if k == 0 {
			kind, outcome = "do", "done"
		}
		b.tasks = append(b.tasks, []any{task, id, "bench-approval", "十步审批（性能测试）", title, fmt.Sprintf("s%d", k+1),
			fmt.Sprintf("第%d步", k+1), kind, "秘书处", who, "", "", "", "", "", int64(1), created, created, done,
			created + 2*86400*1000, created + 86400*1000, "", int64(0), outcome, who, int64(0)})
		event("task.created", "schedule", fmt.Sprintf("s%d", k+1), "", task, created, "")
		event("task.completed", "complete", fmt.Sprintf("s%d", k+1), who, task, done, outcome)
	}
}

const (
	bulkInstanceCols = `wf_instances (id, process, version, process_name, title, status, result, initiator, parent,
		started_at, ended_at, due_at, remind_at, secrecy, current, seq, state, updated_at)`
	bulkTaskCols = `wf_tasks (id, instance, process, process_name, title, step, step_name, kind, unit, assignee,
		on_behalf_of, pool, delegated_by, caused_by, reason, state, created_at, opened_at, completed_at, due_at,
		remind_at, flags, urges, outcome, done_by, secrecy)`
	bulkEventCols = `wf_events (instance, seq, process, type, lifecycle, step, step_name, unit, person, on_behalf_of,
		task, at, opinion, outcome, changes, body)`
)

func (b *bulk) write(ctx context.Context, tx store.Tx) error {
	for _, t := range []struct {
		into string
		rows [][]any
	}{{bulkInstanceCols, b.instances}, {bulkTaskCols, b.tasks}, {bulkEventCols, b.events}} {
		if err := insertMany(ctx, tx, t.into, t.rows); err != nil {
			return err
		}
	}
	return nil
}

func insertMany(ctx context.Context, tx store.Tx, into string, rows [][]any) error {
	for len(rows) > 0 {
		k := min(len(rows), rowsPerStatement)
		var q strings.Builder
		q.WriteString("INSERT INTO " + into + " VALUES ")
		args := make([]any, 0, k*len(rows[0]))
		for r, row := range rows[:k] {
			if r > 0 {
				q.WriteString(", ")
			}
			q.WriteByte('(')
			for c := range row {
				if c > 0 {
					q.WriteString(", ")
				}
				// SQLite looks each named parameter ($N) up in a list while it parses: quadratic in a statement
				// of thousands; plain ? is not.
				if tx.Dialect() == store.SQLite {
					q.WriteByte('?')
				} else {
					fmt.Fprintf(&q, "$%d", len(args)+c+1)
				}
			}
			q.WriteByte(')')
			args = append(args, row...)
		}
		if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

// analyze refreshes the planner's statistics after the load, as a database that grew over time has them;
// on PostgreSQL it vacuums too, as autovacuum would, so that counts can read the indexes alone.
func analyze(ctx context.Context, db *store.DB) error {
	if db.Dialect() == store.Postgres {
		_, err := db.Pool().Exec(ctx, "VACUUM ANALYZE")
		return err
	}
	return db.Write(ctx, func(tx store.Tx) error {
		_, err := tx.Exec(ctx, "ANALYZE")
		return err
	})
}
