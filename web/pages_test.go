package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/web"
)

func TestHealthReadinessMetrics(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	if r := c.get("/healthz"); r.status != 200 || r.body != "ok\n" {
		t.Fatalf("healthz: %d %q", r.status, r.body)
	}
	if r := c.get("/readyz"); r.status != 200 {
		t.Fatalf("readyz: %d %q", r.status, r.body)
	}
	c.signIn("sunlei")
	r := c.get("/metrics")
	for _, want := range []string{`govflow_http_requests_total{code="200",method="GET",route="GET /todo"} 1`,
		`govflow_http_request_duration_seconds_bucket{method="POST",route="POST /login"`, "go_goroutines"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestReadyzWhenDatabaseIsGone(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db, true)
	db.Close()
	if r := e.client().get("/readyz"); r.status != http.StatusServiceUnavailable {
		t.Fatalf("readyz with a closed database: %d", r.status)
	}
}

func TestEverySectionHasAPage(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	for _, sec := range web.Sections() {
		r := c.get(sec.Path)
		if r.status != http.StatusOK || !strings.Contains(r.body, sec.Title) {
			t.Errorf("%s: %d", sec.Path, r.status)
		}
	}
	if r := c.get("/docs"); !strings.Contains(r.body, "建设中") || !strings.Contains(r.body, "发文字号") {
		t.Error("placeholder does not say what is coming")
	}
	if r := c.get("/todo"); !strings.Contains(r.body, "待办") || !strings.Contains(r.body, "彭飞") {
		t.Error("inbox")
	}
	if r := c.get("/no/such/page"); r.status != http.StatusNotFound || !strings.Contains(r.body, "页面不存在") || !strings.Contains(r.body, "彭飞") {
		t.Errorf("404: %d", r.status)
	}
	if r := c.post("/todo", url.Values{}); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET" {
		t.Errorf("405: %d %q", r.status, r.header.Get("Allow"))
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("sunlei")
	if r := c.post("/lang", url.Values{"lang": {"en"}}); r.status != http.StatusSeeOther {
		t.Fatalf("switch: %d", r.status)
	}
	r := c.get("/todo")
	if !strings.Contains(r.body, ">Inbox<") || !strings.Contains(r.body, `lang="en"`) || !strings.Contains(r.body, "Sign out") {
		t.Fatal("English not shown")
	}
	c.post("/lang", url.Values{"lang": {"zh"}})
	if r := c.get("/todo"); !strings.Contains(r.body, ">待办<") {
		t.Fatal("Chinese not restored")
	}
}

func TestAdminManagesTheOrganisation(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	for _, p := range []string{"/admin", "/admin/units", "/admin/units/msc", "/admin/people", "/admin/people/new", "/admin/people/huangwei",
		"/admin/posts", "/admin/delegations", "/admin/import", "/admin/audit", "/admin/audit/verify", "/admin/people?unit=dcs&q=督查"} {
		if r := c.get(p); r.status != http.StatusOK {
			t.Fatalf("%s: %d", p, r.status)
		}
	}
	if r := c.get("/admin/audit/verify"); !strings.Contains(r.body, "审计链完整") {
		t.Fatal("verify page")
	}
	// A form with errors is shown again with the messages beside the fields; nothing is written.
	r := c.post("/admin/units", url.Values{"id": {"BAD"}, "name": {"秘书处"}, "parent": {"bgt"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "已有名为“秘书处”的处室") || !strings.Contains(r.body, "处室代码须以小写字母开头") {
		t.Fatalf("bad unit: %d", r.status)
	}
	if r := c.post("/admin/units", url.Values{"id": {"yjs"}, "name": {"研究室"}, "parent": {"bgt"}}); r.status != http.StatusSeeOther {
		t.Fatalf("create unit: %d %s", r.status, between(r.body, "alert", "</div>"))
	}
	if r := c.get("/admin/units"); !strings.Contains(r.body, "已新建处室“研究室”") {
		t.Fatal("no confirmation")
	}
	r = c.post("/admin/people", url.Values{"id": {"zhangsan"}, "name": {"张三"}, "unit": {"yjs"}, "post": {"科员"},
		"roles": {"工作人员"}, "clearance": {"秘密"}, "password": {"init2026a"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("create person: %d %s", r.status, between(r.body, "field-error", "</p>"))
	}
	r = c.post("/admin/people/zhangsan", url.Values{"name": {"张三"}, "unit": {"yjs"}, "post": {"科员"},
		"roles": {"工作人员", "督查员"}, "clearance": {"机密"}, "active": {"1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("update person: %d", r.status)
	}
	if n := countRows(t, e.db, `SELECT COUNT(*) FROM person_roles WHERE person_id = 'zhangsan'`); n != 2 {
		t.Fatalf("roles: %d", n)
	}
	r = c.post("/admin/delegations", url.Values{"person": {"machao"}, "acting": {"luona"}, "from": {"2026-03-02"}, "to": {"2026-03-03"}, "reason": {"出差"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("delegation: %d %s", r.status, between(r.body, "alert", "</div>"))
	}
	r = c.post("/admin/delegations", url.Values{"person": {"machao"}, "acting": {"luona"}, "from": {"2026-03-03"}, "to": {""}, "reason": {"出差"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写结束日期") {
		t.Fatalf("bad delegation: %d", r.status)
	}
	if r := c.post("/admin/people/sunlei/reset", url.Values{"password": {"reset2026a"}}); r.status != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.status)
	}
	auditCount(t, e.db)
}

func TestImportPage(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	c.get("/admin/import")
	bad := "账号,姓名,处室,岗位,角色,涉密等级\nzhangsan,张三,秘书处,科员,工作人员,秘密\nlisi,李四,综合三处,科员,工作人员,秘密\n"
	r := c.upload("/admin/import", "people.csv", []byte(bad), url.Values{"password": {"init2026a"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "处室“综合三处”不存在") || !strings.Contains(r.body, "整批未导入") {
		t.Fatalf("bad file: %d %s", r.status, between(r.body, "import-errors", "</table>"))
	}
	if n := countRows(t, e.db, `SELECT COUNT(*) FROM people WHERE id = 'zhangsan'`); n != 0 {
		t.Fatal("a rejected file wrote a row")
	}
	good := strings.Replace(bad, "综合三处", "综合二处", 1)
	r = c.upload("/admin/import", "people.csv", []byte(good), url.Values{"password": {"init2026a"}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "导入成功：新增 2 人") {
		t.Fatalf("good file: %d", r.status)
	}
	r = c.upload("/admin/import", "people.pdf", []byte("%PDF"), url.Values{"password": {"init2026a"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "只支持 .xlsx 或 .csv 文件") {
		t.Fatalf("pdf: %d", r.status)
	}
	big := make([]byte, 7<<20)
	if r := c.upload("/admin/import", "people.csv", big, url.Values{"password": {"init2026a"}}); r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized upload: %d", r.status)
	}
	if r := c.get("/admin/import/template.csv"); !strings.Contains(r.body, "账号,姓名,处室,岗位,角色,涉密等级") {
		t.Fatal("template")
	}
}
