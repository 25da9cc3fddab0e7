package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

// A test arrangement for 2027 that gives every statutory day (the notice and the dates are made up).
var calFile2027 = readTestYear("../calendar/testdata/test-2027.yaml")

// A 2028 file that lists 元旦 alone: it loads, with the statutory holidays it leaves out shown at the top.
const calPartial2028 = "year: 2028\nnotices: [{title: 测试用通知}]\nholidays:\n  - name: 元旦\n    off: 2028-01-01/2028-01-03\n"

func TestCalendarPartialYearThroughThePage(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	c.get("/admin/calendar?year=2028")
	r := c.post("/admin/calendar/load", url.Values{"text": {calPartial2028}, "year": {"2028"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("a partial year must load: %d %s", r.status, r.body)
	}
	r = c.get("/admin/calendar?year=2028")
	if !strings.Contains(r.body, "注意：该文件与法定节假日不符") || !strings.Contains(r.body, `id="year-statutory"`) ||
		!strings.Contains(r.body, "2028年载入的放假安排与法定节假日不符") || !strings.Contains(r.body, "未列出春节、清明节、劳动节、端午节、中秋节、国庆节") {
		t.Error("the statutory holidays the file leaves out are not shown at the top")
	}
	if r := c.get("/admin/calendar?year=2026"); strings.Contains(r.body, `id="year-statutory"`) {
		t.Error("the national 2026 differs from nothing")
	}
	var y struct {
		Warning string `json:"warning"`
	}
	decodeJSON(t, c.api("GET", "/api/v1/calendar/years/2028", ""), &y)
	if !strings.Contains(y.Warning, "2028年载入的放假安排与法定节假日不符：未列出春节") {
		t.Errorf("API warning %q", y.Warning)
	}
}

const calBadFile = "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    work: [2027-01-04, 2026-12-26]\n"

func calendarAuditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	err := db.Read(context.Background(), func(tx store.Tx) error {
		rs, err := audit.List(context.Background(), tx, audit.Filter{Action: "calendar.", Limit: 500})
		n = len(rs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCalendarPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		c := e.client()
		c.signIn("pengfei")
		r := c.get("/admin/calendar?year=2026")
		if r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
		for _, want := range []string{
			`data-date="2026-10-01"`, // the grid
			`<td class="off" data-date="2026-10-01" title="2026年10月1日 星期四 · 国庆节 · 放假"><span class="n">1</span><i class="m">休</i><span class="hn">国庆节</span></td>`,
			`<td class="wk work" data-date="2026-10-10"`, // a make-up Saturday
			`<td class="today" data-date="2026-03-02"`,   // t0
			"国办发明电〔2025〕7号",                              // the notice cited
			"10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。", // the notice's wording
			`id="load-form"`, `href="/admin/calendar" class="active"`,
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		if strings.Count(r.body, `today" data-date=`) != 1 {
			t.Error("one day, today, is outlined")
		}
		if strings.Contains(r.body, "尚未载入") {
			t.Error("2026 is known: no warning in March")
		}
		r = c.get("/admin/calendar?year=2027")
		if !strings.Contains(r.body, `id="year-missing"`) || !strings.Contains(r.body, "2027年的放假安排尚未载入") {
			t.Error("a year without an arrangement is not reported on its page")
		}
		if r := c.get("/admin/calendar?year=abc"); r.status != http.StatusBadRequest || !strings.Contains(r.body, "2000年至2100年") {
			t.Errorf("bad year: %d", r.status)
		}
		r = c.get("/admin/calendar/2026/file")
		if r.status != 200 || !strings.HasPrefix(r.body, "year: 2026\n") || !strings.Contains(r.header.Get("Content-Disposition"), "2026.yaml") {
			t.Errorf("download: %d %q", r.status, r.body)
		}
		if r := c.get("/admin/calendar/2027/file"); !strings.Contains(r.body, "国务院办公厅关于2027年部分节假日安排的通知") {
			t.Errorf("template for a missing year: %q", r.body)
		}
	})
}

func TestCalendarMissingYearBanner(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	admin := e.client()
	admin.signIn("pengfei")
	if r := admin.get("/admin/people"); strings.Contains(r.body, "2027年的放假安排尚未载入") {
		t.Error("March: next year's arrangement is not due yet")
	}
	e.clock.t = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC) // sessions of March have expired: sign in again
	admin = e.client()
	admin.signIn("pengfei")
	r := admin.get("/admin/people")
	if !strings.Contains(r.body, "2027年的放假安排尚未载入。国务院办公厅通常在11月公布") || !strings.Contains(r.body, `href="/admin/calendar?year=2027#load"`) {
		t.Error("November: no warning about next year on the admin pages")
	}
	if r := admin.get("/todo"); strings.Contains(r.body, "2027年的放假安排尚未载入") {
		t.Error("next year's warning belongs on the admin pages")
	}
	viewer := e.client()
	viewer.signIn("zhaomin") // 流程管理员: may view the calendar page
	r = viewer.get("/admin/calendar")
	if r.status != 200 || !strings.Contains(r.body, "2027年的放假安排尚未载入") || strings.Contains(r.body, `id="load-form"`) ||
		strings.Contains(r.body, `#load"`) {
		t.Errorf("viewer: %d", r.status)
	}
	e.clock.t = time.Date(2027, 1, 4, 2, 0, 0, 0, time.UTC)
	admin = e.client()
	admin.signIn("pengfei")
	if r := admin.get("/todo"); !strings.Contains(r.body, "本年度（2027年）的放假安排尚未载入") {
		t.Error("a current year without an arrangement is not reported on every page")
	}
	if r := e.client(); true {
		r.signIn("sunlei")
		if strings.Contains(r.get("/todo").body, "放假安排尚未载入") {
			t.Error("staff cannot act on the warning")
		}
	}
}

func TestCalendarLoadThroughThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		c := e.client()
		c.signIn("pengfei")
		c.get("/admin/calendar?year=2027")
		r := c.upload("/admin/calendar/load", "bad.yaml", []byte(calBadFile), url.Values{"year": {"2027"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="findings"`) ||
			!strings.Contains(r.body, "文件未载入：2处错误") || !strings.Contains(r.body, `<span class="line">第5行</span>`) ||
			!strings.Contains(r.body, "2027-01-04是星期一") || !strings.Contains(r.body, "提示：") {
			t.Fatalf("bad file: %d", r.status)
		}
		if n := calendarAuditCount(t, db); n != 0 {
			t.Fatalf("a refused file was audited as a change: %d", n)
		}
		r = c.post("/admin/calendar/load", url.Values{"text": {""}, "year": {"2027"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "文件是空的") {
			t.Errorf("empty: %d", r.status)
		}
		r = c.upload("/admin/calendar/load", "big.yaml", []byte(strings.Repeat("# 很长的注释\n", 70<<10/18)), url.Values{})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "文件过大") {
			t.Errorf("large file: %d", r.status)
		}
		r = c.upload("/admin/calendar/load", "huge.yaml", []byte(strings.Repeat("# 很长的注释\n", 300<<10/18)), url.Values{})
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "提交的内容过大") {
			t.Errorf("too large a request: %d", r.status)
		}
		r = c.upload("/admin/calendar/load", `C:\fakepath\2027.yaml`, []byte(calFile2027), url.Values{})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/calendar?year=2027" {
			t.Fatalf("load: %d %s", r.status, r.body)
		}
		r = c.get("/admin/calendar?year=2027")
		if !strings.Contains(r.body, "已载入2027年放假安排，即时生效") || !strings.Contains(r.body, "由 彭飞（pengfei）于 2026-03-02 09:00 载入，文件 2027.yaml") ||
			!strings.Contains(r.body, `<td class="wk work" data-date="2027-02-20"`) || strings.Contains(r.body, `id="year-missing"`) {
			t.Error("the loaded year is not shown with its source")
		}
		// Pasting works too, and replaces the year.
		r = c.post("/admin/calendar/load", url.Values{"text": {strings.Replace(calFile2027, "work: [2027-02-14, 2027-02-20]", "work: [2027-02-14]", 1)}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("paste: %d", r.status)
		}
		if r := c.get("/admin/calendar?year=2027"); strings.Contains(r.body, `data-date="2027-02-20" title="2027年2月20日 星期六 · 春节 · 调休上班"`) {
			t.Error("the pasted file did not replace the year")
		}
		r = c.post("/admin/calendar/2027/remove", url.Values{})
		if r.status != http.StatusSeeOther {
			t.Fatalf("remove: %d", r.status)
		}
		if r := c.get("/admin/calendar?year=2027"); !strings.Contains(r.body, "该年度现在没有放假安排") || !strings.Contains(r.body, `id="year-missing"`) {
			t.Error("removed year still shown")
		}
		if n := calendarAuditCount(t, db); n != 3 {
			t.Errorf("audit records: %d", n)
		}
	})
}

func TestCalendarOfficeHoursForm(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	c.get("/admin/calendar")
	r := c.post("/admin/calendar/hours", url.Values{"hours": {"9点到5点"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `<p class="field-error">办公时间“9点到5点”无法识别`) || !strings.Contains(r.body, `value="9点到5点"`) {
		t.Fatalf("bad hours: %d", r.status)
	}
	if r := c.post("/admin/calendar/hours", url.Values{"hours": {"08:30-12:00,14:00-18:00"}}); r.status != http.StatusSeeOther {
		t.Fatalf("hours: %d", r.status)
	}
	r = c.get("/admin/calendar")
	if !strings.Contains(r.body, `value="08:30-12:00,14:00-18:00"`) || !strings.Contains(r.body, "每天 7小时30分；彭飞 于 2026-03-02 09:00 设置。") ||
		!strings.Contains(r.body, "恢复默认（09:00-12:00,13:30-17:30）") {
		t.Error("hours not shown")
	}
	r = c.api("GET", "/api/v1/calendar/due?from=2026-03-02T10:00:00%2B08:00&limit=当天", "")
	if !strings.Contains(r.body, `"due":"2026-03-02T18:00:00+08:00"`) {
		t.Errorf("deadlines do not use the office's hours: %s", r.body)
	}
}

func TestCalendarPermissions(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	staff := e.client()
	staff.signIn("sunlei")
	for _, path := range []string{"/admin/calendar", "/admin/calendar/2026/file"} {
		if r := staff.get(path); r.status != http.StatusForbidden || !strings.Contains(r.body, "无权限") {
			t.Errorf("staff GET %s: %d", path, r.status)
		}
	}
	for _, path := range []string{"/admin/calendar/load", "/admin/calendar/hours", "/admin/calendar/2026/remove"} {
		if r := staff.post(path, url.Values{"text": {calFile2027}, "hours": {"08:00-12:00"}}); r.status != http.StatusForbidden || !strings.Contains(r.body, "无权限") {
			t.Errorf("staff POST %s: %d", path, r.status)
		}
	}
	viewer := e.client()
	viewer.signIn("zhaomin")
	if r := viewer.get("/admin/calendar"); r.status != 200 || strings.Contains(r.body, `id="load-form"`) || strings.Contains(r.body, `name="hours"`) {
		t.Errorf("流程管理员 sees the calendar without the forms: %d", r.status)
	}
	if r := viewer.post("/admin/calendar/load", url.Values{"text": {calFile2027}}); r.status != http.StatusForbidden {
		t.Errorf("流程管理员 loads: %d", r.status)
	}
	// CSRF: the administrator's form without its token, or with another's, changes nothing.
	admin := e.client()
	admin.signIn("pengfei")
	for _, tok := range []string{"", "forged"} {
		r := admin.post("/admin/calendar/load", url.Values{"text": {calFile2027}, "csrf_token": {tok}})
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "安全校验未通过") {
			t.Errorf("csrf %q: %d", tok, r.status)
		}
	}
	r := admin.api("POST", "/api/v1/calendar/years", `{"text": `+jsonString(calFile2027)+`}`)
	if r.status != http.StatusCreated {
		t.Fatalf("admin API load: %d %s", r.status, r.body)
	}
	admin.tok = ""
	if r := admin.api("DELETE", "/api/v1/calendar/years/2027", ""); r.status != http.StatusForbidden {
		t.Errorf("API without the CSRF header: %d", r.status)
	}
	if n := calendarAuditCount(t, e.db); n != 1 {
		t.Errorf("audit records: %d", n)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestCalendarEnglish(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	c.post("/lang", url.Values{"lang": {"en"}})
	r := c.get("/admin/calendar?year=2026")
	for _, want := range []string{"Working-day calendar", "Statutory holiday", "Make-up working day", "National Day", "Oct 1 (Thu) to 7 (Wed): days off, 7 days in all, with weekend days moved. Sep 20 (Sun), Oct 10 (Sat): working days.",
		"Load a year&#39;s holiday arrangement", "<h3 class=\"cal-month-title\">October</h3>", "Office hours", `<i class="m">Off</i>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

// readTestYear reads the made-up 2027 arrangement (every statutory day) the calendar tests share.
func readTestYear(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
