package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

func TestCatalogPagesForStaff(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("sunlei")
	r := c.get("/catalog")
	for _, want := range []string{"流程目录", "公文运转", "发文办理", "收文办理", "37", "已发布"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("catalog page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "新建流程") {
		t.Error("staff sees 新建流程")
	}
	if r := c.get("/catalog?q=" + url.QueryEscape("发文 复核") + "&owner=" + url.QueryEscape("秘书处")); r.status != 200 ||
		!strings.Contains(r.body, "fawen-banli") || strings.Contains(r.body, "shouwen-banli") {
		t.Errorf("search: %d", r.status)
	}
	r = c.get("/catalog/fawen-banli")
	for _, want := range []string{"发文办理", "<svg", "处室审核", "秘书处", "文秘", "4个工作小时", "当会签处室为空时，跳过本环节",
		"/work/start/fawen-banli", "机关代字", "第 1 版", "gongwen-yinzhi", "完成标准"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("process page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "/catalog/fawen-banli/edit") {
		t.Error("staff sees the edit link")
	}
	r = c.get("/catalog/changweihui-yiti-shenhe")
	if !strings.Contains(r.body, "一律不上会") && !strings.Contains(r.body, "不上会") {
		t.Error("preconditions are not shown")
	}
	if r := c.get("/catalog/fawen-banli/v/1/bpmn"); r.status != 200 || !strings.Contains(r.body, "bpmn:definitions") && !strings.Contains(r.body, "definitions") ||
		!strings.Contains(r.header.Get("Content-Disposition"), "fawen-banli-v1.bpmn") {
		t.Errorf("bpmn export: %d %s", r.status, r.header.Get("Content-Disposition"))
	}
	if r := c.get("/catalog/no-such"); r.status != http.StatusNotFound {
		t.Errorf("unknown process: %d", r.status)
	}
	if r := c.get("/catalog/fawen-banli/v/x"); r.status != http.StatusNotFound {
		t.Errorf("bad version: %d", r.status)
	}
	// Editing is refused with 无权限, and nothing changes.
	for _, path := range []string{"/catalog/fawen-banli/edit", "/catalog/new", "/catalog/import"} {
		if r := c.get(path); r.status != http.StatusForbidden || !strings.Contains(r.body, "无权限") {
			t.Errorf("GET %s as staff: %d", path, r.status)
		}
	}
	before := auditCount(t, e.db)
	if r := c.post("/catalog/fawen-banli/edit", url.Values{"yaml": {"id: fawen-banli"}}); r.status != http.StatusForbidden {
		t.Errorf("POST edit as staff: %d", r.status)
	}
	if r := c.post("/catalog/fawen-banli/v/1/retire", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("POST retire as staff: %d", r.status)
	}
	if r := c.api("POST", "/api/v1/catalog/lint", `{"yaml":"id: x"}`); r.status != http.StatusForbidden {
		t.Errorf("lint API as staff: %d", r.status)
	}
	if auditCount(t, e.db) != before || countRows(t, e.db, `SELECT COUNT(*) FROM catalog_versions WHERE state = 'published'`) != 37 {
		t.Error("a refused request changed something")
	}
	c.post("/lang", url.Values{"lang": {"en"}})
	if r := c.get("/catalog/fawen-banli"); r.status != 200 || !strings.Contains(r.body, "Steps and responsibilities") || !strings.Contains(r.body, "Flowchart") {
		t.Errorf("English process page: %d", r.status)
	}
	if r := c.get("/catalog"); r.status != 200 || !strings.Contains(r.body, "Search names, purposes") {
		t.Errorf("English catalog: %d", r.status)
	}
}

func TestCatalogEditSaveAndPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		c := e.client()
		c.signIn("zhaomin")
		r := c.get("/catalog/fawen-banli/edit")
		if r.status != 200 || !strings.Contains(r.body, "version: 2") || !strings.Contains(r.body, "新草稿") {
			t.Fatalf("editor for a new draft: %d", r.status)
		}
		src := strings.Replace(textarea(t, r.body), "limit: 4个工作小时", "limit: 尽快", 1)
		// Without the CSRF token nothing is saved.
		if r := c.post("/catalog/fawen-banli/edit", url.Values{"yaml": {src}, "csrf_token": {"wrong"}}); r.status != http.StatusForbidden {
			t.Fatalf("save without CSRF: %d", r.status)
		}
		r = c.post("/catalog/fawen-banli/edit", url.Values{"yaml": {strings.ReplaceAll(src, "\n", "\r\n")}, "note": {"复核改为尽快"}, "revision": {"0"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		r = c.get("/catalog/fawen-banli/edit")
		if !strings.Contains(r.body, "vague-limit") || !strings.Contains(r.body, "第 2 版草稿") || !strings.Contains(r.body, "有 1 个错误") {
			t.Fatalf("editor after saving a draft with an error:\n%s", catBetween(r.body, `id="editor-count"`, "</form>"))
		}
		if got := countRows(t, e.db, `SELECT COUNT(*) FROM catalog_versions WHERE process_id = 'fawen-banli' AND source LIKE $1`, "%\r%"); got != 0 {
			t.Fatal("the browser's CRLF line ends were stored")
		}
		// Publishing is refused and the editor says why.
		r = c.post("/catalog/fawen-banli/v/2/publish", url.Values{})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不能发布") {
			t.Fatalf("publish with an error: %d", r.status)
		}
		fixed := strings.Replace(src, "limit: 尽快", "limit: 当天", 1)
		r = c.post("/catalog/fawen-banli/edit", url.Values{"yaml": {fixed}, "revision": {"1"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("second save: %d", r.status)
		}
		// A stale revision is a conflict that keeps the text on the page.
		r = c.post("/catalog/fawen-banli/edit", url.Values{"yaml": {fixed + "# 注释\n"}, "revision": {"1"}})
		if r.status != http.StatusConflict || !strings.Contains(r.body, "# 注释") {
			t.Fatalf("stale save: %d", r.status)
		}
		r = c.post("/catalog/fawen-banli/v/2/publish", url.Values{})
		if r.status != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", r.status, r.body)
		}
		r = c.get("/catalog/fawen-banli")
		if !strings.Contains(r.body, "已发布《发文办理》第 2 版") || !strings.Contains(r.body, "当天") {
			t.Fatal("process page after publishing")
		}
		r = c.get("/catalog/fawen-banli/diff?from=1&to=2")
		for _, want := range []string{"环节“复核”", "时限", "4个工作小时", "当天", "l-insert", "l-delete"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("diff lacks %q", want)
			}
		}
	})
}

func TestCatalogNewProcessAndAPI(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("zhaomin")
	r := c.post("/catalog/new", url.Values{"id": {"Bad ID"}, "name": {""}, "template": {"shenpi"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "流程标识只能用") || !strings.Contains(r.body, "请选择牵头处室") {
		t.Fatalf("bad new form: %d", r.status)
	}
	r = c.post("/catalog/new", url.Values{"id": {"huiyishi-shenqing"}, "name": {"会议室使用申请"}, "category": {"后勤资产"},
		"owner": {"行政处"}, "template": {"shenpi"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/catalog/huiyishi-shenqing/edit" {
		t.Fatalf("new: %d %s", r.status, r.body)
	}
	if r := c.post("/catalog/new", url.Values{"id": {"huiyishi-shenqing"}, "name": {"重复"}, "category": {"后勤资产"},
		"owner": {"行政处"}, "template": {"banli"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "已被目录中的另一个流程使用") {
		t.Fatalf("duplicate id: %d", r.status)
	}

	// The API: the draft is listed, lints clean, publishes, and lint findings come back located.
	r = c.api("GET", "/api/v1/catalog/processes?state=draft", "")
	var list struct {
		Items []struct{ ID, State string }
		Total int
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || list.Total != 1 || list.Items[0].ID != "huiyishi-shenqing" {
		t.Fatalf("drafts: %s", r.body)
	}
	r = c.api("GET", "/api/v1/catalog/processes/huiyishi-shenqing/versions/1", "")
	var v struct {
		YAML     string `json:"yaml"`
		Revision int
		Errors   int
		Steps    []struct{ Name, Skip string }
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil || v.Errors != 0 || len(v.Steps) != 3 || v.Steps[2].Skip == "" {
		t.Fatalf("version: %s", r.body)
	}
	bad := strings.Replace(v.YAML, "limit: 两个工作日", "limit: 及时", 1)
	body, _ := json.Marshal(map[string]any{"yaml": bad, "revision": v.Revision, "note": "试改"})
	if r := c.api("PUT", "/api/v1/catalog/processes/huiyishi-shenqing/draft", string(body)); r.status != 200 || !strings.Contains(r.body, `"vague-limit"`) {
		t.Fatalf("save with a finding: %d %s", r.status, r.body)
	}
	r = c.api("POST", "/api/v1/catalog/processes/huiyishi-shenqing/versions/1/publish", `{}`)
	var prob struct {
		Status int
		Errors []struct {
			Field, Rule      string
			Line, Column     int
			Reason, Severity string
		}
	}
	if err := json.Unmarshal([]byte(r.body), &prob); err != nil || r.status != 422 || len(prob.Errors) == 0 ||
		prob.Errors[0].Rule != "vague-limit" || prob.Errors[0].Line == 0 || prob.Errors[0].Column == 0 || prob.Errors[0].Field != "yaml" {
		t.Fatalf("publish with an error: %d %s", r.status, r.body)
	}
	if r := c.api("POST", "/api/v1/catalog/lint", `{"yaml":"id: x\nname: [\n"}`); r.status != 200 || !strings.Contains(r.body, `"syntax"`) {
		t.Fatalf("lint: %d %s", r.status, r.body)
	}
	if r := c.api("GET", "/api/v1/catalog/processes/fawen-banli/diff?from=1&to=1", ""); r.status != 200 || !strings.Contains(r.body, `"changes":[]`) {
		t.Fatalf("diff: %d %s", r.status, r.body)
	}
	if r := c.api("GET", "/api/v1/schema/definition.json", ""); r.status != 200 || !strings.Contains(r.body, "urn:govflow:schema:process-definition") {
		t.Fatalf("schema: %d", r.status)
	}
	if r := c.api("GET", "/api/v1/catalog/processes/fawen-banli/versions/1/bpmn", ""); r.status != 200 || !strings.Contains(r.body, `fawen-banli-v1.bpmn`) {
		t.Fatalf("bpmn: %d", r.status)
	}
	if r := c.api("PUT", "/api/v1/catalog/processes/fawen-banli/draft", `{"yaml": 3}`); r.status != 400 || !strings.Contains(r.body, `"field":"yaml"`) {
		t.Fatalf("bad body: %d %s", r.status, r.body)
	}
	tok := c.tok
	c.tok = ""
	if r := c.api("PUT", "/api/v1/catalog/processes/fawen-banli/draft", `{"yaml": "id: fawen-banli"}`); r.status != http.StatusForbidden {
		t.Fatalf("JSON write without the CSRF header: %d", r.status)
	}
	c.tok = tok

	// A draft that does not read is kept and shown with its findings.
	body, _ = json.Marshal(map[string]any{"yaml": "id: fawen-banli\nname: [\n"})
	if r := c.api("PUT", "/api/v1/catalog/processes/fawen-banli/draft", string(body)); r.status != 200 || !strings.Contains(r.body, `"syntax"`) {
		t.Fatalf("unreadable draft: %d %s", r.status, r.body)
	}
	if r := c.get("/catalog/fawen-banli/v/2"); r.status != 200 || !strings.Contains(r.body, "流程定义无法读取") || !strings.Contains(r.body, "syntax") {
		t.Fatalf("page of an unreadable draft: %d", r.status)
	}
	if r := c.get("/catalog/fawen-banli/diff"); r.status != 200 || !strings.Contains(r.body, "只能逐行对比") {
		t.Fatalf("diff with an unreadable draft: %d", r.status)
	}
}

func TestCatalogBPMNImport(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("zhaomin")
	xml := c.get("/catalog/shouwen-banli/v/1/bpmn").body
	r := c.upload("/catalog/import", "shouwen.bpmn", []byte(xml), url.Values{"id": {"shouwen-copy"}})
	if r.status != 200 || !strings.Contains(r.body, "已导入为《收文办理》第 1 版草稿") || !strings.Contains(r.body, "/catalog/shouwen-copy/edit") {
		t.Fatalf("import: %d %s", r.status, catBetween(r.body, "<main", "</main>"))
	}
	// Imported again under the same id, it becomes the next version's draft only once the first is settled.
	if r := c.upload("/catalog/import", "shouwen.bpmn", []byte(xml), url.Values{"id": {"shouwen-copy"}}); r.status != http.StatusConflict {
		t.Fatalf("second import over an open draft: %d", r.status)
	}
	if r := c.upload("/catalog/import", "bad.bpmn", []byte("<definitions"), url.Values{}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "BPMN 文件无法读取") {
		t.Fatalf("bad file: %d", r.status)
	}
	body, _ := json.Marshal(map[string]string{"xml": xml, "id": "shouwen-api"})
	r = c.api("POST", "/api/v1/catalog/import/bpmn", string(body))
	if r.status != http.StatusCreated || !strings.Contains(r.body, `"id":"shouwen-api"`) || !strings.Contains(r.body, `"warnings":[`) {
		t.Fatalf("API import: %d %s", r.status, r.body)
	}
}

func TestCatalogHandbook(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("sunlei")
	if r := c.get("/catalog/handbook"); r.status != 200 || !strings.Contains(r.body, "工作流程手册") || !strings.Contains(r.body, "/catalog/handbook.html") {
		t.Fatalf("handbook page: %d", r.status)
	}
	r := c.get("/catalog/handbook.html?download=1")
	if r.status != 200 || strings.Count(r.body, "<svg") < 37 || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("handbook file: %d, %d charts", r.status, strings.Count(r.body, "<svg"))
	}
}

func textarea(t *testing.T, body string) string {
	t.Helper()
	s := catBetween(body, `name="yaml"`, "</textarea>")
	_, s, _ = strings.Cut(s, ">\n")
	return html.UnescapeString(s)
}

func catBetween(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	out, _, _ := strings.Cut(rest, to)
	return out
}
