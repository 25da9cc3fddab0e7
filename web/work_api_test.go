package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/web"
	"github.com/govflow/govflow/workflow"
)

// newWorkEnv is the real handler with the demo office and a workflow service running the shipped catalog,
// the bench process and any extra definitions.
func newWorkEnv(t *testing.T, db *store.DB, extra ...*process.Definition) *env {
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
	defs, err := workflow.NewStatic(append(append(shipped, workflow.BenchProcess()), extra...)...)
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
		replayed := asJSON[web.WorkOutcomeJSON](t, sun.apiKey("POST", "/api/v1/tasks/"+task+"/complete", `{"form": {"note": "已登记"}, "opinion": "请审核"}`, "c-1"))
		if replayed.Message != out.Message || countRows(t, db, `SELECT count(*) FROM wf_events WHERE type = 'task.completed'`) != 1 {
			t.Fatalf("a retried completion acted twice: %+v", replayed)
		}
		// The same key with another body is refused: 422, naming the header.
		r = sun.apiKey("POST", "/api/v1/tasks/"+task+"/complete", `{"form": {"note": "改过的登记"}, "opinion": "请审核"}`, "c-1")
		p = asJSON[web.Problem](t, r)
		if r.status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" ||
			!strings.Contains(p.Detail, "幂等键已用于另一个请求") {
			t.Fatalf("a key reused with another body: %d %s", r.status, r.body)
		}
		if r := wu.apiKey("POST", "/api/v1/processes/bench-approval/instances", `{"form": {"title": "另一件请示"}}`, "start-1"); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a start key reused with another body: %d %s", r.status, r.body)
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

// TestWorkAPITaskOpsAreAccepted: what a task's allowed list offers, the task's route accepts: an
// administrator suspends and resumes the instance from its task.
func TestWorkAPITaskOpsAreAccepted(t *testing.T) {
	e, svc := workEnv(t)
	task := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审")
	admin := e.client()
	admin.signIn("pengfei")
	tv := asJSON[web.WorkTaskViewJSON](t, admin.api("GET", "/api/v1/tasks/"+task.ID, ""))
	if !hasOp(tv.Allowed, "suspend") || !hasOp(tv.Allowed, "terminate") {
		t.Fatalf("an administrator's operations on the task: %+v", tv.Allowed)
	}
	r := admin.api("POST", "/api/v1/tasks/"+task.ID+"/suspend", `{"reason": "等待来文单位补充材料"}`)
	if out := asJSON[web.WorkOutcomeJSON](t, r); r.status != http.StatusOK || out.Status != engine.StatusSuspended {
		t.Fatalf("suspend from the task: %d %s", r.status, r.body)
	}
	tv = asJSON[web.WorkTaskViewJSON](t, admin.api("GET", "/api/v1/tasks/"+task.ID, ""))
	if !hasOp(tv.Allowed, "resume") {
		t.Fatalf("after suspending: %+v", tv.Allowed)
	}
	r = admin.api("POST", "/api/v1/tasks/"+task.ID+"/resume", `{}`)
	if out := asJSON[web.WorkOutcomeJSON](t, r); r.status != http.StatusOK || out.Status != engine.StatusRunning {
		t.Fatalf("resume from the task: %d %s", r.status, r.body)
	}
	// Without their reason they are refused for that, not as unknown operations.
	for _, op := range []string{"suspend", "terminate"} {
		r := admin.api("POST", "/api/v1/tasks/"+task.ID+"/"+op, `{}`)
		if r.status != http.StatusBadRequest || strings.Contains(r.body, "不认识的操作") {
			t.Errorf("%s without a reason: %d %s", op, r.status, r.body)
		}
	}
}

// TestWorkAPIChecksUnitsAndPeople: a unit or person the organisation does not have is refused, naming the
// form's field, and nothing changes.
func TestWorkAPIChecksUnitsAndPeople(t *testing.T) {
	e, svc := workEnv(t)
	task := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审")
	w := e.client()
	w.signIn("wuhao")
	r := w.api("POST", "/api/v1/tasks/"+task.ID+"/complete", `{"form": {"review_result": "符合规定", "doc_nature": "办件",
		"need_instruction": false, "undertaker": "nonexist", "readers": ["nobody", "wangjianguo"], "need_reply": false}}`)
	p := asJSON[web.Problem](t, r)
	fields := map[string]string{}
	for _, e := range p.Errors {
		fields[e.Field] = e.Reason
	}
	if r.status != http.StatusBadRequest || !strings.Contains(fields["form.undertaker"], "没有处室“nonexist”") ||
		!strings.Contains(fields["form.readers"], "没有人员“nobody”") {
		t.Fatalf("unknown unit and person: %d %s", r.status, r.body)
	}
	if got := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审"); got.ID != task.ID {
		t.Fatal("a refused form changed the task")
	}
}

func sealProcess() *process.Definition {
	return &process.Definition{ID: "seal-web", Name: "用印测试", Category: "公文运转", Owner: "秘书处", Version: 1,
		Purpose: "测试受阻的自动处理。", Fields: []process.Field{{ID: "title", Name: "标题", Type: process.FieldText, Required: true}},
		Steps: []process.Step{
			{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: []string{"seal"}},
			{ID: "seal", Name: "加盖电子印章", Type: process.StepAuto, Action: "apply_seal", Outputs: []string{"盖章件"}, Next: []string{"check"}},
			{ID: "check", Name: "核对", Type: process.StepTask, Limit: "当天", Who: []process.Assignee{{Unit: "秘书处", Post: "文秘"}},
				Next: []string{"end"}},
			{ID: "end", Type: process.StepEnd, Result: "办结"},
		}}
}

// TestWorkHeldTokens: a branch held at an automatic step is in the instance's JSON with its token, and on the
// instance page with 重试 and 调度 for an administrator, who moves it on from there.
func TestWorkHeldTokens(t *testing.T) {
	e := newWorkEnv(t, storetest.SQLite(t), sealProcess())
	wu := e.client()
	wu.signIn("wuhao")
	inst := asJSON[web.WorkInstanceJSON](t, wu.api("POST", "/api/v1/processes/seal-web/instances", `{"form": {"title": "需盖章的文件"}}`))
	if len(inst.Held) != 1 || inst.Held[0].Token == "" || inst.Held[0].Step != "seal" || !strings.Contains(inst.Held[0].Reason, "加盖电子印章") ||
		inst.Held[0].Since.IsZero() {
		t.Fatalf("held branches in the JSON: %+v", inst.Held)
	}
	tok := inst.Held[0].Token
	page := "/work/instances/" + inst.ID
	admin := e.client()
	admin.signIn("pengfei")
	r := admin.get(page)
	wantAll(t, "the administrator's instance page", r.body, `id="held"`, "加盖电子印章", `name="op" value="retry"`,
		`name="token" value="`+tok+`"`, `id="panel-move-`+tok+`"`, `<option value="check">核对</option>`, "停在受阻的环节")
	if r := wu.get(page); !strings.Contains(r.body, `id="held"`) || strings.Contains(r.body, `value="retry"`) {
		t.Error("the initiator sees the held step but no administrator's buttons")
	}
	if r := admin.post(page, url.Values{"op": {"retry"}, "token": {tok}}); r.status != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	r = admin.post(page, url.Values{"op": {"move"}, "token": {tok}, "reason": {"已人工盖章"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请选择调度到哪个环节") ||
		!strings.Contains(r.body, `id="panel-move-`+tok+`" open`) {
		t.Fatalf("move without a step: %d", r.status)
	}
	if r := admin.post(page, url.Values{"op": {"move"}, "token": {tok}, "target": {"check"}, "reason": {"已人工盖章"}}); r.status != http.StatusSeeOther {
		t.Fatalf("move: %d %s", r.status, r.body)
	}
	after := asJSON[web.WorkInstanceJSON](t, admin.api("GET", "/api/v1/instances/"+inst.ID, ""))
	if len(after.Held) != 0 || len(after.Open) != 1 || after.Open[0].Step != "check" {
		t.Fatalf("after the move: held %+v, open %+v", after.Held, after.Open)
	}
}
