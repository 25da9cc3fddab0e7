package browsertest

import (
	"strings"
	"testing"
)

// A staff member signs in through the real page and reaches the 待办 page.
func TestSignInReachesInbox(t *testing.T) {
	srv := Start(t)
	for _, vp := range []Viewport{Desktop, Phone} {
		t.Run(vp.Name, func(t *testing.T) {
			b := srv.Browser(t, vp)
			b.Open("/todo")
			b.WaitVisible("#login") // not signed in: sent to the sign-in page
			b.Screenshot("login")
			b.SignIn("sunlei", DemoPassword)
			b.WaitVisible("#worklist")
			if got := b.Text("h1.page-title"); got != "待办" {
				t.Fatalf("heading %q", got)
			}
			if got := b.Text(".user-name"); got != "孙磊" {
				t.Fatalf("user %q", got)
			}
			b.Screenshot("inbox")
		})
	}
}

// A wrong password shows the Chinese message on the page.
func TestWrongPassword(t *testing.T) {
	srv := Start(t)
	b := srv.Browser(t, Desktop)
	b.SignInExpectingError("sunlei", "wrong-password")
	if msg := b.Text(".alert-error"); !strings.Contains(msg, "账号或密码错误") {
		t.Fatalf("message %q", msg)
	}
}

// The administrator sees the management pages; a staff member gets 无权限.
func TestAdminPages(t *testing.T) {
	srv := Start(t)
	admin := srv.Browser(t, Desktop)
	admin.SignIn("pengfei", DemoPassword)
	admin.Open("/admin/people?unit=msc")
	admin.WaitVisible("table.table")
	admin.Screenshot("admin-people")
	admin.Open("/admin/units")
	admin.Screenshot("admin-units")
	admin.Open("/admin/people/huangwei")
	admin.WaitVisible("#person-form")
	admin.Screenshot("admin-person")
	admin.Open("/docs")
	admin.WaitVisible(".building")
	admin.Screenshot("building")

	staff := srv.Browser(t, Desktop)
	staff.SignIn("sunlei", DemoPassword)
	staff.Open("/admin/people")
	staff.WaitVisible("#error-page")
	if got := staff.Text("#error-page h1"); got != "无权限" {
		t.Fatalf("staff on admin page: %q", got)
	}
	staff.Screenshot("forbidden")
}

// The language switch on the sign-in page turns the interface to English and back.
func TestLanguageSwitch(t *testing.T) {
	srv := Start(t)
	b := srv.Browser(t, Desktop)
	b.Open("/login")
	b.Click("form.lang button")
	b.WaitVisible(`html[lang="en"] #signin`) // the click posts a form: wait for the next page
	if got := b.Text(".login-card h2"); got != "Sign in" {
		t.Fatalf("heading after switching: %q", got)
	}
	b.SignIn("pengfei", DemoPassword)
	b.Open("/admin")
	b.Screenshot("admin-english")
	b.Click("form.lang button")
	b.WaitVisible(`html[lang="zh-CN"] h1.page-title`)
	if got := b.Text("h1.page-title"); got != "管理" {
		t.Fatalf("heading after switching back: %q", got)
	}
}
