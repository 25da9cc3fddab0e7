package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The administrator opens the 2026 calendar: a twelve-month grid with the holidays and make-up days marked.
func TestCalendarYearPage(t *testing.T) {
	srv := Start(t)
	for _, vp := range []Viewport{Desktop, Phone} {
		t.Run(vp.Name, func(t *testing.T) {
			b := srv.Browser(t, vp)
			b.SignIn("pengfei", DemoPassword)
			b.Open("/admin/calendar?year=2026")
			b.WaitVisible("#year-grid")
			if got := b.Text(`td[data-date="2026-10-01"]`); !strings.Contains(got, "休") || !strings.Contains(got, "国庆节") {
				t.Errorf("2026-10-01 shows %q", got)
			}
			if got := b.Text(`td[data-date="2026-10-10"]`); !strings.Contains(got, "班") {
				t.Errorf("2026-10-10 shows %q", got)
			}
			if got := b.Text("#year-source"); got != "国家安排" {
				t.Errorf("source %q", got)
			}
			if got := b.Text("#holidays"); !strings.Contains(got, "2月15日（周日）至23日（周一）放假调休，共9天") {
				t.Errorf("holidays %q", got)
			}
			b.Screenshot("calendar-2026")
		})
	}
}

// A file with errors is refused with its findings beside the form; a corrected one is loaded at once.
func TestCalendarLoadYear(t *testing.T) {
	srv := Start(t)
	b := srv.Browser(t, Desktop)
	b.SignIn("pengfei", DemoPassword)
	b.Open("/admin/calendar?year=2027")
	b.WaitVisible("#year-missing")
	b.Screenshot("calendar-2027-missing")

	b.Do(chromedp.SetValue(chromedp.CSS(`textarea[name="text"]`),
		"year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    work: [2027-01-04, 2026-12-26]\n"))
	b.Click("#load-submit")
	b.WaitVisible("#findings")
	if got := b.Text("#findings"); !strings.Contains(got, "第5行") || !strings.Contains(got, "2027-01-04是星期一") {
		t.Errorf("findings %q", got)
	}
	top(b)
	b.Screenshot("calendar-load-errors")

	file := filepath.Join(t.TempDir(), "2027.yaml")
	err := os.WriteFile(file, []byte(`year: 2027
notices: [{title: 测试用通知, number: 测试〔2026〕1号, date: 2026-11-01}]
holidays:
  - name: 元旦
    off: 2027-01-01/2027-01-03
  - name: 春节
    off: 2027-02-06/2027-02-13
    work: [2027-02-14, 2027-02-20]
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	b.Do(chromedp.SetUploadFiles(chromedp.CSS(`input[name="file"]`), []string{file}))
	b.Click("#load-submit")
	b.WaitVisible(".flash")
	if got := b.Text("#year-source"); got != "管理员载入" {
		t.Errorf("source after the load: %q", got)
	}
	if got := b.Text("#loaded-by"); !strings.Contains(got, "彭飞（pengfei）") || !strings.Contains(got, "2027.yaml") {
		t.Errorf("loaded by %q", got)
	}
	if got := b.Text(`td[data-date="2027-02-20"]`); !strings.Contains(got, "班") {
		t.Errorf("2027-02-20 shows %q", got)
	}
	top(b)
	b.Screenshot("calendar-2027-loaded")

	staff := srv.Browser(t, Desktop)
	staff.SignIn("sunlei", DemoPassword)
	staff.Open("/admin/calendar")
	staff.WaitVisible("#error-page")
}

// top scrolls back up (the load form is further down the page), so that the sticky header stays on top of
// the full-page screenshot.
func top(b *Browser) {
	b.t.Helper()
	if _, err := chromedp.Run(b.Context(), chromedp.Evaluate[bool]("window.scrollTo(0, 0), true")); err != nil {
		b.t.Fatal(err)
	}
}
