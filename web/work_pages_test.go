package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/web"
	"github.com/govflow/govflow/workflow"
)

// The work pages run on the real workflow service over the demo office and its demo work (loaded at t0,
// Monday 09:00).

func workEnv(t *testing.T) (*env, web.WorkService) {
	t.Helper()
	e := newEnv(t, storetest.SQLite(t), true)
	svc, err := e.srv.Workflow()
	if err != nil {
		t.Fatal(err)
	}
	return e, svc
}

func wantAll(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

// openTask finds the person's open task of the title at the step (their pool included).
func openTask(t *testing.T, svc web.WorkService, person, title, step string) workflow.TaskRow {
	t.Helper()
	page, err := svc.Inbox(context.Background(), person, workflow.TaskFilter{Query: title, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range page.Items {
		if r.Title == title && r.StepName == step {
			return r
		}
	}
	t.Fatalf("%s has no task %s of %q", person, step, title)
	return workflow.TaskRow{}
}

func started(t *testing.T, svc web.WorkService, person string) int {
	t.Helper()
	p, err := svc.Started(context.Background(), person, workflow.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestWorkInboxShowsDeadlinesFlagsAndPools(t *testing.T) {
	e, _ := workEnv(t)
	c := e.client()
	c.signIn("sunlei")
	r := c.get("/todo")
	if r.status != http.StatusOK {
		t.Fatalf("inbox: %d", r.status)
	}
	wantAll(t, "孙磊's inbox", r.body, `id="worklist"`, "省应急管理厅关于做好汛期值班值守工作的函", "秘书处·收发员",
		`<input type="hidden" name="op" value="claim">`, `class="due due-late"`, `class="count count-alert"`, `class="badge badge-alert" title="`, "件超期")
	if r := c.get("/todo?deadline=" + url.QueryEscape("正常")); strings.Contains(r.body, "due-late") {
		t.Error("the deadline filter lets overdue work through")
	}
	if r := c.get("/todo?q=" + url.QueryEscape("汛期")); !strings.Contains(r.body, "汛期值班") || strings.Contains(r.body, "公文写作培训班") {
		t.Error("search by title")
	}
	wantAll(t, "孙磊's 已办", c.get("/todo/done").body, "关于做好2026年春季森林防火工作的通知", "已办理")
	wantAll(t, "孙磊's 我发起的", c.get("/todo/started").body, "办理中", "已办结", "退文")

	z := e.client()
	z.signIn("zhoujing")
	wantAll(t, "周静's inbox", z.get("/todo").body, "关于征求《省政府工作规则（修订稿）》意见的函", `class="flag flag-returned"`)

	l := e.client()
	l.signIn("linxiao")
	wantAll(t, "林晓's inbox", l.get("/todo").body, "关于开展2026年度全省政务服务效能评估的通知", "代黄伟", "催办 ×2")

	w := e.client()
	w.signIn("wangjianguo")
	wantAll(t, "王建国's 抄送", w.get("/todo/copies").body, "关于做好全国两会期间安全保卫工作的通知", "未读", `class="count">`)
}

func TestWorkStartFormKeepsInputAndStartsNothingOnError(t *testing.T) {
	e, svc := workEnv(t)
	c := e.client()
	c.signIn("sunlei")
	wantAll(t, "start page", c.get("/work/start").body, "公文运转", `href="/work/start/shouwen-banli"`, "资产领用", "督办催办")
	r := c.get("/work/start/shouwen-banli")
	wantAll(t, "start form", r.body, `name="f_title"`, `name="f_from_org"`, `name="f_doc_type"`,
		`name="f_secrecy" value="非密" checked`, `name="f_urgency" value="普通" checked`, `name="f_copies" type="number"`,
		`name="f_received_date" type="date"`, "形如“晋发改投资发〔2026〕12号”", `class="req"`, "<svg")
	before := started(t, svc, "sunlei")
	r = c.post("/work/start/shouwen-banli", url.Values{"f_from_org": {"省发展改革委"}, "f_copies": {"0"}, "f_secrecy": {"非密"},
		"f_from_number": {"发改12号"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", r.status)
	}
	wantAll(t, "refused form", r.body, "必填，请填写标题", "不能少于 1", "格式不符合要求", `value="省发展改革委"`,
		`value="发改12号"`, "请按提示修改后重新提交")
	if started(t, svc, "sunlei") != before {
		t.Fatal("a refused form started something")
	}
	r = c.post("/work/start/shouwen-banli", url.Values{"f_title": {"关于春季防火的通知"}, "f_from_org": {"省林草局"},
		"f_doc_type": {"通知"}, "f_secrecy": {"非密"}, "f_urgency": {"普通"}, "f_copies": {"1"}, "f_received_date": {"2026-03-02"}})
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/work/tasks/") || started(t, svc, "sunlei") != before+1 {
		t.Fatalf("start: %d %s", r.status, loc)
	}
	wantAll(t, "the first task", c.get(loc).body, "签收", `id="claim-box"`, `id="op-complete"`, "已发起“关于春季防火的通知”")
}

func TestWorkFormsNeedTheCSRFToken(t *testing.T) {
	e, svc := workEnv(t)
	task := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审")
	c := e.client()
	c.signIn("wuhao")
	before := started(t, svc, "wuhao")
	for _, path := range []string{"/work/start/shouwen-banli", "/work/tasks/" + task.ID, "/work/instances/" + task.Instance} {
		r := c.post(path, url.Values{"csrf_token": {"forged"}, "op": {"complete"}, "f_title": {"x"}, "reason": {"x"}})
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "安全校验未通过") {
			t.Errorf("%s with a forged token: %d", path, r.status)
		}
	}
	openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审")
	if started(t, svc, "wuhao") != before {
		t.Fatal("a forged form started something")
	}
}

var taskLink = regexp.MustCompile(`href="/work/tasks/([^"]+)"`)

// A document goes from one 收发员 to the other and on to the 文秘; refusals keep what was typed.
func TestWorkTaskPageThroughTwoPeople(t *testing.T) {
	e, svc := workEnv(t)
	title := "关于开展全省机关效能建设专项检查的通知"
	s := e.client()
	s.signIn("sunlei")
	r := s.post("/work/start/shouwen-banli", url.Values{"f_title": {title}, "f_from_org": {"省人社厅"},
		"f_doc_type": {"通知"}, "f_secrecy": {"非密"}, "f_urgency": {"加急"}, "f_copies": {"2"}, "f_received_date": {"2026-03-02"}})
	sign := r.header.Get("Location")
	r = s.get(sign)
	wantAll(t, "签收", r.body, "完成标准", `name="f_copies"`, `name="opinion"`, `data-phrase="同意。"`, `id="panel-transfer"`,
		"流转记录", `id="chart"`, "当前环节")
	if r = s.post(sign, url.Values{"op": {"complete"}, "opinion": {"已签收。"}, "f_copies": {"2"}, "f_secrecy": {"非密"},
		"f_urgency": {"加急"}}); r.status != http.StatusSeeOther {
		t.Fatalf("签收: %d %s", r.status, r.body)
	}

	reg := openTask(t, svc, "zhoujing", title, "登记")
	z := e.client()
	z.signIn("zhoujing")
	if r = z.post("/work/tasks/"+reg.ID, url.Values{"op": {"claim"}}); r.status != http.StatusSeeOther {
		t.Fatalf("claim: %d", r.status)
	}
	r = z.post("/work/tasks/"+reg.ID, url.Values{"op": {"return"}, "opinion": {"份数与送文单不符"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("return without a step: %d", r.status)
	}
	wantAll(t, "refused return", r.body, "请选择退回到哪个环节", `id="panel-return" open`, "份数与送文单不符")
	r = z.post("/work/tasks/"+reg.ID, url.Values{"op": {"complete"}, "opinion": {"已登记。"}, "f_title": {""},
		"f_from_org": {"省人社厅"}, "f_doc_type": {"通知"}, "f_received_date": {"2026-03-02"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("登记 without a title: %d", r.status)
	}
	wantAll(t, "refused 登记", r.body, "必填，请填写标题", ">已登记。</textarea>", `value="省人社厅"`)
	if r = z.post("/work/tasks/"+reg.ID, url.Values{"op": {"complete"}, "opinion": {"已登记。"}, "f_title": {title},
		"f_from_org": {"省人社厅"}, "f_doc_type": {"通知"}, "f_received_date": {"2026-03-02"}}); r.status != http.StatusSeeOther {
		t.Fatalf("登记: %d", r.status)
	}

	review := openTask(t, svc, "wuhao", title, "初审")
	w := e.client()
	w.signIn("wuhao")
	r = w.get("/work/tasks/" + review.ID)
	wantAll(t, "初审", r.body, "孙磊", "已签收。", "周静", "已登记。", `name="f_review_result"`, `name="f_readers"`,
		`name="f_undertaker"`, `id="op-complete"`)
	// Opening it was the read receipt: 周静 can no longer withdraw 登记.
	if r := z.get("/work/tasks/" + reg.ID); strings.Contains(r.body, `id="withdraw-box"`) {
		t.Error("撤回 offered after the next person opened the task")
	}
}

func TestWorkSomeoneElsesTask(t *testing.T) {
	e, svc := workEnv(t)
	task := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审")
	outsider := e.client()
	outsider.signIn("xiefeng")
	if r := outsider.get("/work/tasks/" + task.ID); r.status != http.StatusNotFound {
		t.Errorf("an outsider opens the task: %d", r.status)
	}
	// The initiator may look but not act.
	z := e.client()
	z.signIn("zhoujing")
	r := z.get("/work/tasks/" + task.ID)
	if r.status != http.StatusOK || strings.Contains(r.body, `id="op-complete"`) {
		t.Fatalf("initiator's view: %d", r.status)
	}
	r = z.post("/work/tasks/"+task.ID, url.Values{"op": {"complete"}, "opinion": {"同意。"}})
	if r.status != http.StatusForbidden || !strings.Contains(r.body, `class="alert alert-error"`) || !strings.Contains(r.body, "办理人") {
		t.Fatalf("acting on someone else's task: %d", r.status)
	}
	if got := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审"); got.ID != task.ID {
		t.Fatal("someone else's task changed")
	}
}

func TestWorkInstancePage(t *testing.T) {
	e, svc := workEnv(t)
	task := openTask(t, svc, "wuhao", "关于进一步规范公文办理工作的通知", "初审")
	c := e.client()
	c.signIn("zhoujing")
	r := c.get("/work/instances/" + task.Instance)
	wantAll(t, "instance", r.body, "关于进一步规范公文办理工作的通知", "当前办理", "吴昊", "流转记录", "已签收，三份。", `id="chart"`,
		`name="op" value="urge"`)
	if m := taskLink.FindStringSubmatch(r.body); m == nil || m[1] != task.ID {
		t.Errorf("the open task is not linked: %v", m)
	}
	if r := e.client().get("/work/instances/" + task.Instance); r.status != http.StatusSeeOther {
		t.Errorf("anonymous: %d", r.status)
	}
}

// A task form names only units and people the organisation has; a unit's id is taken for the unit.
func TestWorkTaskFormChecksUnitsAndPeople(t *testing.T) {
	e, svc := workEnv(t)
	title := "关于进一步规范公文办理工作的通知"
	task := openTask(t, svc, "wuhao", title, "初审")
	w := e.client()
	w.signIn("wuhao")
	form := url.Values{"op": {"complete"}, "f_review_result": {"符合规定"}, "f_doc_nature": {"办件"},
		"f_need_instruction": {"false"}, "f_undertaker": {"nonexist"}, "f_readers": {"nobody", "wangjianguo"}, "f_need_reply": {"false"}}
	r := w.post("/work/tasks/"+task.ID, form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown unit and person: %d", r.status)
	}
	wantAll(t, "refused 初审", r.body, "没有处室“nonexist”", "没有人员“nobody”", "请按提示修改后重新提交")
	if got := openTask(t, svc, "wuhao", title, "初审"); got.ID != task.ID {
		t.Fatal("a refused form changed the task")
	}
	form.Set("f_undertaker", "zh1")
	form["f_readers"] = []string{"wangjianguo"}
	if r := w.post("/work/tasks/"+task.ID, form); r.status != http.StatusSeeOther {
		t.Fatalf("初审 with a unit's id: %d", r.status)
	}
	v, err := svc.Instance(context.Background(), govflow.Actor{ID: "wuhao"}, task.Instance)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range v.Values {
		if f.ID == "undertaker" && f.Value != "综合一处" {
			t.Fatalf("undertaker stored as %v", f.Value)
		}
	}
}
