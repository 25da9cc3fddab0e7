package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/web"
	"github.com/govflow/govflow/workflow"
)

// newWorkEnv is the real handler with the demo office and a workflow service running the shipped catalog
// and the bench process.
func newWorkEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	c := &clock{t0}
	for _, l := range demo.Loaders() {
		if l.Name == "office" {
			if err := l.Run(context.Background(), demo.Env{DB: db, Now: t0.AddDate(0, -1, 0), Params: auth.TestParams, Password: demo.Password}); err != nil {
				t.Fatal(err)
			}
		}
	}
	shipped, err := catalog.Shipped()
	if err != nil {
		t.Skipf("the shipped catalog does not load: %v", err)
	}
	defs, err := workflow.NewStatic(append(shipped, workflow.BenchProcess())...)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := workflow.New(db, defs, workflow.Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	srv, err := web.New(web.Config{DB: db, Now: c.now, Params: auth.TestParams, DemoMode: true,
		Logger: slog.New(slog.NewTextHandler(testLog(t), nil)), Slow: func(context.Context, int) {}})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetWorkflow(svc)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, clock: c}
}

func asJSON[T any](t *testing.T, r resp) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
	return v
}

func (c *client) apiKey(method, path, body, key string) resp {
	c.e.t.Helper()
	req, _ := http.NewRequest(method, c.e.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.tok)
	req.Header.Set("Idempotency-Key", key)
	return c.do(req)
}

func TestWorkAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newWorkEnv(t, db)
		wu := e.client()
		wu.signIn("wuhao")

		// Start: form problems name the fields; a retry with the same key answers the same instance.
		r := wu.api("POST", "/api/v1/processes/bench-approval/instances", `{"form": {}}`)
		p := asJSON[web.Problem](t, r)
		if r.status != http.StatusBadRequest || len(p.Errors) == 0 || p.Errors[0].Field != "form.title" {
			t.Fatalf("start without a title: %d %s", r.status, r.body)
		}
		body := `{"form": {"title": "关于接口测试的请示"}, "opinion": "请审核"}`
		r = wu.apiKey("POST", "/api/v1/processes/bench-approval/instances", body, "start-1")
		inst := asJSON[web.WorkInstanceJSON](t, r)
		if r.status != http.StatusCreated || inst.Status != "running" || len(inst.Open) != 1 || inst.Open[0].Pool == "" {
			t.Fatalf("start: %d %s", r.status, r.body)
		}
		again := asJSON[web.WorkInstanceJSON](t, wu.apiKey("POST", "/api/v1/processes/bench-approval/instances", body, "start-1"))
		if again.ID != inst.ID || countRows(t, db, `SELECT count(*) FROM wf_instances`) != 1 {
			t.Fatalf("a retried start made another instance: %s vs %s", again.ID, inst.ID)
		}
		if r := wu.api("POST", "/api/v1/processes/no-such-process/instances", body); r.status != http.StatusNotFound {
			t.Fatalf("an unknown process: %d %s", r.status, r.body)
		}

		// The pool's candidate sees it, opens the task, completes it.
		sun := e.client()
		sun.signIn("sunlei")
		inbox := asJSON[web.List[web.WorkTaskJSON]](t, sun.api("GET", "/api/v1/work/inbox?deadline=on_time", ""))
		if inbox.Total != 1 || inbox.Items[0].ID != inst.Open[0].ID {
			t.Fatalf("inbox: %+v", inbox)
		}
		task := inbox.Items[0].ID
		tv := asJSON[web.WorkTaskViewJSON](t, sun.api("GET", "/api/v1/tasks/"+task, ""))
		if len(tv.Fields) != 1 || tv.Fields[0].ID != "note" || !hasOp(tv.Allowed, "complete") || len(tv.Instance.History) == 0 {
			t.Fatalf("task view: %+v", tv)
		}
		if r := sun.api("POST", "/api/v1/tasks/"+task+"/frobnicate", `{}`); r.status != http.StatusBadRequest ||
			!strings.Contains(r.body, `"field":"op"`) {
			t.Fatalf("an unknown operation: %d %s", r.status, r.body)
		}
		if r := sun.api("POST", "/api/v1/tasks/"+task+"/complete", `{"form": {"note": 3}, "extra": 1}`); r.status != http.StatusBadRequest {
			t.Fatalf("an unknown body field: %d %s", r.status, r.body)
		}
		r = sun.apiKey("POST", "/api/v1/tasks/"+task+"/complete", `{"form": {"note": "已登记"}, "opinion": "请审核"}`, "c-1")
		out := asJSON[web.WorkOutcomeJSON](t, r)
		if r.status != http.StatusOK || len(out.Next) != 1 || !strings.Contains(out.Message, "已提交至") {
			t.Fatalf("complete: %d %s", r.status, r.body)
		}
		replayed := asJSON[web.WorkOutcomeJSON](t, sun.apiKey("POST", "/api/v1/tasks/"+task+"/complete", `{"form": {"note": "已登记"}}`, "c-1"))
		if replayed.Message != out.Message || countRows(t, db, `SELECT count(*) FROM wf_events WHERE type = 'task.completed'`) != 1 {
			t.Fatalf("a retried completion acted twice: %+v", replayed)
		}
		zhou := e.client()
		zhou.signIn("zhoujing")
		r = zhou.api("POST", "/api/v1/tasks/"+task+"/complete", `{"form": {"note": "我也登记"}}`)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "该任务已被处理") {
			t.Fatalf("completing a task done by another: %d %s", r.status, r.body)
		}

		// Lists, counts, the instance and the read rule.
		done := asJSON[web.List[web.WorkTaskJSON]](t, sun.api("GET", "/api/v1/work/done", ""))
		if done.Total != 1 || done.Items[0].State != "done" {
			t.Fatalf("done: %+v", done)
		}
		started := asJSON[web.List[web.WorkInstanceRowJSON]](t, wu.api("GET", "/api/v1/work/started?limit=5", ""))
		if started.Total != 1 || started.Limit != 5 || started.Items[0].Current == "" {
			t.Fatalf("started: %+v", started)
		}
		next := out.Next[0]
		head := e.client()
		head.signIn(next.Assignee)
		counts := asJSON[web.WorkCountsJSON](t, head.api("GET", "/api/v1/work/counts", ""))
		if counts.Todo != 1 {
			t.Fatalf("counts of %s: %+v", next.Assignee, counts)
		}
		notes := asJSON[web.List[web.WorkNotificationJSON]](t, head.api("GET", "/api/v1/work/notifications?unread=true", ""))
		if notes.Total != 1 || notes.Items[0].Task != next.ID {
			t.Fatalf("notifications: %+v", notes)
		}
		if r := head.api("POST", "/api/v1/work/notifications/read", `{"ids": []}`); r.status != http.StatusNoContent {
			t.Fatalf("mark read: %d %s", r.status, r.body)
		}
		view := asJSON[web.WorkInstanceJSON](t, wu.api("GET", "/api/v1/instances/"+inst.ID, ""))
		last := view.History[len(view.History)-1]
		if view.History[0].Action != "发起" || last.Action != "办理" || last.Limit != "2个工作日" || last.Took == "" {
			t.Fatalf("history: %+v", view.History)
		}
		outsider := e.client()
		outsider.signIn("hebin")
		if r := outsider.api("GET", "/api/v1/instances/"+inst.ID, ""); r.status != http.StatusNotFound {
			t.Fatalf("an outsider reads the instance: %d", r.status)
		}
		if r := wu.api("POST", "/api/v1/instances/"+inst.ID+"/terminate", `{"reason": "接口测试结束"}`); r.status != http.StatusOK {
			t.Fatalf("terminate: %d %s", r.status, r.body)
		}

		// Documented in the OpenAPI description.
		doc := wu.api("GET", "/api/openapi.json", "")
		for _, path := range []string{"/api/v1/processes/{id}/instances", "/api/v1/tasks/{id}/{op}", "/api/v1/work/inbox",
			"/api/v1/instances/{id}"} {
			if !strings.Contains(doc.body, `"`+path+`"`) {
				t.Errorf("OpenAPI lacks %s", path)
			}
		}
	})
}

func hasOp(ops []web.WorkOpJSON, op string) bool {
	for _, o := range ops {
		if o.Op == op {
			return true
		}
	}
	return false
}
