package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A staff member reads the catalog and a process with its flowchart; the 流程管理员 edits it and sees the
// linter's finding beside the line, live and after saving, then compares the draft with the published
// version.
func TestCatalogPages(t *testing.T) {
	srv := Start(t)
	staff := srv.Browser(t, Desktop)
	staff.SignIn("sunlei", DemoPassword)
	staff.Open("/catalog")
	staff.WaitVisible(".cat-grid")
	if got := staff.Text(".cat-stat-num"); got != "37" {
		t.Fatalf("processes: %q", got)
	}
	staff.Screenshot("catalog")
	staff.Open("/catalog?q=" + "督办")
	staff.WaitVisible("#catalog-result")
	staff.Screenshot("catalog-search")

	staff.Open("/catalog/fawen-banli")
	staff.WaitVisible(".chart-viewport svg")
	if got := staff.Text(".proc-title"); got != "发文办理" {
		t.Fatalf("title %q", got)
	}
	if got := staff.Text(".zoom-level"); got == "100%" || got == "" {
		t.Fatalf("a wide chart is not fitted to the page: %q", got)
	}
	staff.Screenshot("catalog-process")
	staff.Click("[data-zoom=reset]")
	if got := staff.Text(".zoom-level"); got != "100%" {
		t.Fatalf("zoom after reset: %q", got)
	}

	admin := srv.Browser(t, Desktop)
	admin.SignIn("zhaomin", DemoPassword)
	admin.Open("/catalog/fawen-banli/edit")
	admin.WaitVisible("#yaml")
	admin.Do(chromedp.Evaluate[chromedp.Void](`(function () {
		var ta = document.getElementById("yaml");
		ta.value = ta.value.replace("limit: 3个工作日", "limit: 尽快");
		ta.dispatchEvent(new Event("input"));
	})()`))
	admin.WaitVisible(".editor-notes .note.sev-error")
	admin.Do(chromedp.SetValue(chromedp.CSS("input[name=note]"), "复核时限试改"))
	admin.Click("#save-draft")
	admin.WaitVisible(".flash")
	if got := admin.Text(".editor-notes .note.sev-error"); !strings.Contains(got, "尽快") || !strings.Contains(got, "vague-limit") {
		t.Fatalf("finding beside the line: %q", got)
	}
	if got := admin.Text(".flash"); !strings.Contains(got, "第 2 版草稿") {
		t.Fatalf("flash: %q", got)
	}
	admin.Screenshot("catalog-editor")

	admin.Open("/catalog/fawen-banli/diff?from=1&to=2")
	admin.WaitVisible(".change-changed")
	admin.Screenshot("catalog-diff")
	admin.Open("/catalog/handbook")
	admin.WaitVisible("#handbook-contents")
	admin.Screenshot("catalog-handbook")
}

// The catalog and a process page on a phone.
func TestCatalogOnAPhone(t *testing.T) {
	srv := Start(t)
	b := srv.Browser(t, Phone)
	b.SignIn("sunlei", DemoPassword)
	b.Open("/catalog/shouwen-banli")
	b.WaitVisible(".chart-viewport svg")
	b.Screenshot("catalog-process")
	b.Open("/catalog")
	b.WaitVisible(".cat-grid")
	b.Screenshot("catalog")
}
