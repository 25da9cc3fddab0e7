package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

// Five wrong passwords lock the account; the page says so and until when; even the right password is
// refused until then.
func TestFiveWrongPasswordsLockTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		c := e.client()
		c.get("/login")
		for i := 1; i <= 4; i++ {
			r := c.post("/login", url.Values{"login": {"sunlei"}, "password": {"wrong"}})
			if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "账号或密码错误") {
				t.Fatalf("attempt %d: %d", i, r.status)
			}
		}
		r := c.post("/login", url.Values{"login": {"sunlei"}, "password": {"wrong"}})
		if r.status != http.StatusLocked || !strings.Contains(r.body, "账号已锁定至 2026-03-02 09:15（北京时间）") {
			t.Fatalf("fifth attempt: %d %s", r.status, between(r.body, "alert-error", "</div>"))
		}
		r = c.post("/login", url.Values{"login": {"sunlei"}, "password": {"demo2026"}})
		if r.status != http.StatusLocked {
			t.Fatalf("right password while locked: %d", r.status)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Fatalf("%d sessions opened while locked", n)
		}
		e.clock.t = e.clock.t.Add(15 * time.Minute)
		r = c.post("/login", url.Values{"login": {"sunlei"}, "password": {"demo2026"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/todo" {
			t.Fatalf("after the lock: %d %s", r.status, r.header.Get("Location"))
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signin.fail'`); n != 5 {
			t.Fatalf("%d failed sign-ins audited", n)
		}
	})
}

// A form posted without its CSRF token (or with a wrong one) is refused and changes nothing.
func TestFormWithoutCSRFTokenIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		c := e.client()
		c.signIn("pengfei")
		before := auditCount(t, db)
		for _, tok := range []string{"", "forged-token"} {
			r := c.post("/admin/posts", url.Values{"name": {"研究员"}, "csrf_token": {tok}})
			if r.status != http.StatusForbidden || !strings.Contains(r.body, "安全校验未通过") {
				t.Fatalf("token %q: %d", tok, r.status)
			}
		}
		// JSON writes need the header.
		c2 := *c
		c2.tok = ""
		r := c2.api("DELETE", "/api/v1/delegations/demo-1", "")
		if r.status != http.StatusForbidden || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
			t.Fatalf("API write without token: %d %s", r.status, r.body)
		}
		// Anonymous forms are protected too: the sign-in form needs its cookie-bound token.
		anon := e.client()
		r = anon.post("/login", url.Values{"login": {"sunlei"}, "password": {"demo2026"}})
		if r.status != http.StatusForbidden {
			t.Fatalf("sign-in without token: %d", r.status)
		}
		// A cross-site browser request is refused even with a token.
		req, _ := http.NewRequest("POST", e.ts.URL+"/admin/posts", strings.NewReader(url.Values{"name": {"研究员"}, "csrf_token": {c.tok}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if r := c.do(req); r.status != http.StatusForbidden {
			t.Fatalf("cross-site post: %d", r.status)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM posts WHERE name = '研究员'`); n != 0 {
			t.Fatal("refused form changed data")
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM delegations`); n != 1 {
			t.Fatal("refused API call changed data")
		}
		if auditCount(t, db) != before {
			t.Fatal("refused requests were audited as writes")
		}
		// With the token the same form works.
		c.get("/admin/posts")
		if r := c.post("/admin/posts", url.Values{"name": {"研究员"}}); r.status != http.StatusSeeOther {
			t.Fatalf("with token: %d", r.status)
		}
	})
}

// A staff member opening an admin page gets a Chinese 无权限 page (403) and nothing changes.
func TestStaffOnAdminPageGetsForbidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		c := e.client()
		c.signIn("sunlei")
		before := auditCount(t, db)
		for _, path := range []string{"/admin", "/admin/people", "/admin/people/huangwei", "/admin/audit", "/admin/import"} {
			r := c.get(path)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, "无权限") || !strings.Contains(r.body, "您没有权限") {
				t.Fatalf("%s: %d", path, r.status)
			}
		}
		writes := []struct {
			path string
			form url.Values
		}{
			{"/admin/posts", url.Values{"name": {"研究员"}}},
			{"/admin/people/huangwei", url.Values{"name": {"黄伟"}, "unit": {"zh1"}, "post": {"处长"}, "roles": {"系统管理员"}, "clearance": {"绝密"}, "active": {"1"}}},
			{"/admin/people/sunlei/reset", url.Values{"password": {"abcd12345"}}},
			{"/admin/delegations/demo-1/delete", url.Values{}},
		}
		for _, w := range writes {
			if r := c.post(w.path, w.form); r.status != http.StatusForbidden || !strings.Contains(r.body, "无权限") {
				t.Fatalf("POST %s: %d", w.path, r.status)
			}
		}
		if r := c.api("GET", "/api/v1/audit", ""); r.status != http.StatusForbidden || !strings.Contains(r.body, `"status":403`) {
			t.Fatalf("API: %d %s", r.status, r.body)
		}
		if auditCount(t, db) != before {
			t.Fatal("forbidden requests changed the audit trail")
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM person_roles WHERE person_id = 'huangwei' AND role = '系统管理员'`); n != 0 {
			t.Fatal("staff granted a role")
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM delegations`); n != 1 {
			t.Fatal("staff deleted a delegation")
		}
		// The navigation does not even offer 管理.
		if r := c.get("/todo"); strings.Contains(r.body, `href="/admin"`) {
			t.Fatal("staff sees the admin section")
		}
	})
}

func TestSignedOutVisitorsAreSentToSignIn(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	r := c.get("/admin/people")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login?next=%2Fadmin%2Fpeople" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	if r := c.get("/"); r.header.Get("Location") != "/todo" {
		t.Fatalf("root: %s", r.header.Get("Location"))
	}
	r = c.get("/api/v1/me")
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, `"title":"请先登录"`) {
		t.Fatalf("API: %d %s", r.status, r.body)
	}
	// After signing in, next is honoured — but only for paths on this site.
	c.get("/login")
	r = c.post("/login", url.Values{"login": {"pengfei"}, "password": {"demo2026"}, "next": {"/admin/people"}})
	if r.header.Get("Location") != "/admin/people" {
		t.Fatalf("next: %s", r.header.Get("Location"))
	}
	c2 := e.client()
	c2.get("/login")
	r = c2.post("/login", url.Values{"login": {"pengfei"}, "password": {"demo2026"}, "next": {"//evil.example/x"}})
	if r.header.Get("Location") != "/todo" {
		t.Fatalf("open redirect: %s", r.header.Get("Location"))
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.get("/login")
	req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"login": {"sunlei"}, "password": {"demo2026"}, "csrf_token": {c.tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var cookie string
	for _, v := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "govflow_session=") {
			cookie = v
		}
	}
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") || !strings.Contains(cookie, "Path=/") {
		t.Fatalf("cookie: %s", cookie)
	}
	// Only the hash of the token is stored.
	token := strings.TrimPrefix(strings.SplitN(cookie, ";", 2)[0], "govflow_session=")
	if n := countRows(t, e.db, `SELECT COUNT(*) FROM sessions WHERE token_hash = $1`, token); n != 0 {
		t.Fatal("the raw token is stored")
	}
	// Sign-out ends the session on the server.
	c.get("/todo")
	if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if n := countRows(t, e.db, `SELECT COUNT(*) FROM sessions`); n != 0 {
		t.Fatal("session survives sign-out")
	}
}

// Outside demo mode an initial password must be changed before anything else.
func TestInitialPasswordMustBeChanged(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), false)
	c := e.client()
	c.get("/login")
	r := c.post("/login", url.Values{"login": {"sunlei"}, "password": {"demo2026"}})
	if r.header.Get("Location") != "/password" {
		t.Fatalf("after sign-in: %s", r.header.Get("Location"))
	}
	if r := c.get("/todo"); r.header.Get("Location") != "/password" {
		t.Fatalf("inbox before change: %d %s", r.status, r.header.Get("Location"))
	}
	if r := c.api("GET", "/api/v1/units", ""); r.status != http.StatusForbidden {
		t.Fatalf("API before change: %d", r.status)
	}
	r = c.get("/password")
	if !strings.Contains(r.body, "您正在使用初始密码") {
		t.Fatal("no explanation on the password page")
	}
	r = c.post("/password", url.Values{"current": {"demo2026"}, "new": {"abc"}, "again": {"abc"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "密码至少需要 8 位") {
		t.Fatalf("weak password: %d", r.status)
	}
	r = c.post("/password", url.Values{"current": {"demo2026"}, "new": {"sunlei2026x"}, "again": {"sunlei2026y"}})
	if !strings.Contains(r.body, "两次输入的新密码不一致") {
		t.Fatal("mismatch not reported")
	}
	r = c.post("/password", url.Values{"current": {"demo2026"}, "new": {"sunlei2026x"}, "again": {"sunlei2026x"}})
	if r.header.Get("Location") != "/todo" {
		t.Fatalf("change: %d %s", r.status, r.body)
	}
	if r := c.get("/todo"); r.status != http.StatusOK || !strings.Contains(r.body, "密码已修改") {
		t.Fatalf("inbox after change: %d", r.status)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// A 流程管理员 who manages no people still reaches the administration tabs they may use (the calendar).
func TestProcessAdminReachesTheCalendarTab(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("zhaomin")
	if r := c.get("/todo"); !strings.Contains(r.body, `href="/admin"`) {
		t.Fatal("no 管理 entry for a process administrator")
	}
	if r := c.get("/admin"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/calendar" {
		t.Fatalf("/admin: %d %q", r.status, r.header.Get("Location"))
	}
	if r := c.get("/admin/people"); r.status != http.StatusForbidden {
		t.Fatalf("/admin/people: %d", r.status)
	}
}
