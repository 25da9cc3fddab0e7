package browsertest

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/govflow/govflow/calendar"
)

// A 收发员 starts 收文办理 through the real form, 签收 is done by him, 登记 by his colleague (the process gives
// both steps to the 收发员 pool), and the next person sees the task page with its history and flowchart.
func TestReceivingDocumentTwoPeople(t *testing.T) {
	srv := Start(t)
	title := "关于开展全省机关效能建设专项检查的通知"

	sunlei := srv.Browser(t, Desktop)
	sunlei.SignIn("sunlei", DemoPassword)
	sunlei.Open("/todo")
	sunlei.WaitVisible("#worklist")
	sunlei.Screenshot("work-inbox")
	sunlei.Open("/work/start")
	sunlei.WaitVisible("#proc-shouwen-banli")
	sunlei.Screenshot("work-start")
	sunlei.Click("#proc-shouwen-banli")
	sunlei.WaitVisible("#start-form")
	sunlei.Screenshot("work-start-form")

	// Sent without a title: the form says so beside the field and keeps what was typed.
	sunlei.Do(
		chromedp.SendKeys(chromedp.CSS("#in-from_org"), "省人力资源和社会保障厅"),
		chromedp.SendKeys(chromedp.CSS("#in-from_number"), "省人社发〔2026〕16号"),
		chromedp.SetValue(chromedp.CSS("#in-doc_type"), "通知"),
		chromedp.SetValue(chromedp.CSS("#in-received_date"), time.Now().In(calendar.Beijing).Format(time.DateOnly)),
	)
	sunlei.Click("#submit-start")
	sunlei.WaitVisible("#field-title .field-error")
	if got := sunlei.Text("#field-title .field-error"); !strings.Contains(got, "必填") {
		t.Fatalf("message beside the title: %q", got)
	}
	if got := value(sunlei, "#in-from_org"); got != "省人力资源和社会保障厅" {
		t.Fatalf("typed value lost: %q", got)
	}
	sunlei.Screenshot("work-start-form-errors")

	sunlei.Do(chromedp.SendKeys(chromedp.CSS("#in-title"), title))
	sunlei.Click("#submit-start")
	// The first step, 签收, is the 收发员 pool's: the initiator lands on it and does it.
	sunlei.WaitVisible("#task-form")
	if got := sunlei.Text(".th-step"); got != "签收" {
		t.Fatalf("after starting: step %q", got)
	}
	sunlei.Do(chromedp.Click(chromedp.CSS(`.phrase[data-phrase="同意。"]`)))
	if got := value(sunlei, "#opinion"); got != "同意。" {
		t.Fatalf("common phrase: opinion %q", got)
	}
	sunlei.Do(chromedp.SetValue(chromedp.CSS("#opinion"), "原件一份，封套完好，已签收。"))
	sunlei.Click("#op-complete")
	sunlei.WaitVisible(".flash")

	zhoujing := srv.Browser(t, Desktop)
	zhoujing.SignIn("zhoujing", DemoPassword)
	zhoujing.Open("/todo?q=" + url.QueryEscape(title))
	zhoujing.WaitVisible("#worklist .wl-title a")
	zhoujing.Click("#worklist .wl-title a")
	zhoujing.WaitVisible("#claim-box")
	zhoujing.Click("#op-claim")
	zhoujing.WaitVisible("#task-form")
	if got := zhoujing.Text("#holder"); got != "周静" {
		t.Fatalf("claimed by %q", got)
	}
	zhoujing.Do(chromedp.SetValue(chromedp.CSS("#opinion"), "已登记，收文编号已生成。"))
	zhoujing.Click("#op-complete")
	zhoujing.WaitVisible(".flash")

	// The 文秘 who does 初审 sees both steps in the history, by two people, and where the work stands.
	wuhao := srv.Browser(t, Desktop)
	wuhao.SignIn("wuhao", DemoPassword)
	wuhao.Open("/todo?q=" + url.QueryEscape(title))
	wuhao.Click("#worklist .wl-title a")
	wuhao.WaitVisible("#history")
	history := wuhao.Text("#history")
	for _, want := range []string{"孙磊", "签收", "原件一份，封套完好，已签收。", "周静", "登记", "已登记，收文编号已生成。"} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q:\n%s", want, history)
		}
	}
	wuhao.WaitVisible("#chart svg")
	wuhao.Screenshot("work-task")

	phone := srv.Browser(t, Phone)
	phone.SignIn("wuhao", DemoPassword)
	phone.Open("/todo")
	phone.WaitVisible("#worklist")
	phone.Screenshot("work-inbox")
	phone.Open("/todo?q=" + url.QueryEscape(title))
	phone.Click("#worklist .wl-title a")
	phone.WaitVisible("#task-form")
	phone.Screenshot("work-task")
}

// Someone acting for an absent colleague (代理) sees whose work it is; the leader's inbox shows reading.
func TestWorkPagesOfOtherPeople(t *testing.T) {
	srv := Start(t)
	b := srv.Browser(t, Desktop)
	b.SignIn("wangjianguo", DemoPassword)
	b.Open("/todo")
	b.WaitVisible("#worklist")
	b.Screenshot("work-inbox-leader")
	b.Open("/todo/copies")
	b.WaitVisible("#worklist")
	b.Screenshot("work-copies")
	b.Open("/todo/done")
	b.WaitVisible("#worklist")
	b.Click("#worklist .wl-title a")
	b.WaitVisible("#history")
	b.Screenshot("work-task-done")

	// The acting person's inbox says whose work it is; a delegated approval is handed back, not decided.
	for _, who := range []string{"linxiao", "zhaomin", "yeqing"} {
		p := srv.Browser(t, Desktop)
		p.SignIn(who, DemoPassword)
		p.Open("/todo")
		p.WaitVisible("#worklist")
		p.Screenshot("work-inbox-" + who)
		p.Click("#worklist .wl-title a")
		p.WaitVisible("#task-head")
		p.Screenshot("work-task-" + who)
	}

	s := srv.Browser(t, Desktop)
	s.SignIn("sunlei", DemoPassword)
	s.Open("/todo/started")
	s.WaitVisible("#worklist")
	s.Screenshot("work-started")
	s.Click("#worklist .wl-title a")
	s.WaitVisible("#instance-head")
	s.Screenshot("work-instance")
}

func value(b *Browser, css string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.Context(), chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", css, err)
	}
	return v
}
