package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

// TestLists: 待办 with pools, filters and paging, the counts, 已办, 抄送 with read state, 我发起的.
func TestLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, opsProcess())
		ctx := context.Background()
		var ids []string
		for _, n := range []string{"一", "二", "三", "四", "五"} {
			v := f.start("wuhao", "bench-approval", map[string]any{"title": "请示第" + n + "号"})
			ids = append(ids, v.ID)
		}
		f.clock.Advance(24 * time.Hour) // Tuesday 09:30: the pool tasks (due 17:30) are 临期
		other := f.start("wuhao", "ops-test", map[string]any{"title": "另一类事项"})
		page, err := f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{PerPage: 4})
		if err != nil || page.Total != 6 || len(page.Items) != 4 {
			t.Fatalf("inbox page 1: total %d, %d items, %v", page.Total, len(page.Items), err)
		}
		if page.Items[0].Deadline != workflow.DueSoon || page.Items[0].Pool == "" {
			t.Fatalf("first row: %+v", page.Items[0])
		}
		page, _ = f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{PerPage: 4, Page: 2})
		if len(page.Items) != 2 || page.Total != 6 {
			t.Fatalf("inbox page 2: %+v", page)
		}
		page, _ = f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{PerPage: 4, Page: 9})
		if len(page.Items) != 0 || page.Total != 6 {
			t.Fatalf("a page past the end still tells the total: %+v", page)
		}
		for _, c := range []struct {
			f    workflow.TaskFilter
			want int
		}{
			{workflow.TaskFilter{Process: "ops-test"}, 1},
			{workflow.TaskFilter{Deadline: workflow.DueSoon}, 5},
			{workflow.TaskFilter{Deadline: workflow.OnTime}, 1},
			{workflow.TaskFilter{Deadline: workflow.Overdue}, 0},
			{workflow.TaskFilter{Query: "第三号"}, 1},
			{workflow.TaskFilter{Query: "100%_"}, 0},
		} {
			got, err := f.svc.Inbox(ctx, "sunlei", c.f)
			if err != nil || got.Total != c.want {
				t.Errorf("inbox %+v: %d (%v), want %d", c.f, got.Total, err, c.want)
			}
		}
		if _, err := f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{Deadline: "很急"}); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Fatalf("a bad deadline filter: %v", err)
		}
		counts, err := f.svc.Counts(ctx, "sunlei")
		if err != nil || counts.Todo != 6 || counts.DueSoon != 5 || counts.Overdue != 0 {
			t.Fatalf("counts: %+v %v", counts, err)
		}
		// Claimed by 周静, the pool task leaves 孙磊's list.
		f.do("zhoujing", engine.Command{Op: engine.OpClaim, Task: f.taskOf("wuhao", ids[0], "s1").ID})
		if c, _ := f.svc.Counts(ctx, "sunlei"); c.Todo != 5 {
			t.Fatalf("after a claim by another: %+v", c)
		}
		out := f.do("zhoujing", engine.Command{Op: engine.OpComplete, Task: f.taskOf("wuhao", ids[0], "s1").ID,
			Form: map[string]any{"note": "已登记"}})
		done, _ := f.svc.Done(ctx, "zhoujing", workflow.TaskFilter{})
		if done.Total != 1 || done.Items[0].Outcome != engine.OutDone || done.Items[0].State != "done" {
			t.Fatalf("已办: %+v", done)
		}
		// 抄送: unread first, read once opened.
		f.do("wuhao", engine.Command{Op: engine.OpCopy, Instance: other.ID, Persons: []string{"hebin"}, Opinion: "请阅知"})
		copies, _ := f.svc.Copies(ctx, "hebin", workflow.TaskFilter{})
		if copies.Total != 1 || copies.Items[0].Read || copies.Items[0].By != "wuhao" {
			t.Fatalf("抄送: %+v", copies)
		}
		if c, _ := f.svc.Counts(ctx, "hebin"); c.UnreadCopies != 1 {
			t.Fatalf("unread copies: %+v", c)
		}
		f.do("hebin", engine.Command{Op: engine.OpOpen, Task: copies.Items[0].ID})
		copies, _ = f.svc.Copies(ctx, "hebin", workflow.TaskFilter{})
		if !copies.Items[0].Read {
			t.Fatalf("a copy opened is read: %+v", copies.Items[0])
		}
		started, _ := f.svc.Started(ctx, "wuhao", workflow.TaskFilter{Process: "bench-approval"})
		if started.Total != 5 || started.Items[0].Current == "" {
			t.Fatalf("我发起的: %+v", started)
		}
		_ = out
	})
}

// TestReadRule: participants, administrators, leaders and supervisors see an instance; nobody sees one
// above their clearance; others are told it does not exist.
func TestReadRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, opsProcess())
		ctx := context.Background()
		v := f.start("zhaomin", "ops-test", map[string]any{"title": "机密事项", "secrecy": "机密"})
		for who, want := range map[string]string{
			"zhaomin":     "",                // the initiator
			"wangjianguo": "",                // 厅领导, 绝密
			"songtao":     "",                // 督查员, 机密
			"pengfei":     "",                // 系统管理员, 机密
			"sunlei":      govflow.ENOTFOUND, // holds the pool task but is only 秘密
			"hebin":       govflow.ENOTFOUND, // not a participant
			"tanghui":     govflow.ENOTFOUND, // 督查员 but 秘密
		} {
			_, err := f.svc.Instance(ctx, actor(who), v.ID)
			if govflow.ErrorCode(err) != want {
				t.Errorf("%s reading a 机密 instance: %v, want %q", who, err, want)
			}
		}
		if page, _ := f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{}); page.Total != 0 {
			t.Fatalf("a 秘密 clerk's inbox lists a 机密 task: %+v", page)
		}
		w := f.start("wuhao", "ops-test", map[string]any{"title": "普通事项"})
		if _, err := f.svc.Task(ctx, actor("hebin"), w.Open[0].ID); govflow.ErrorCode(err) != govflow.ENOTFOUND {
			t.Fatalf("an outsider opening a task: %v", err)
		}
		tv, err := f.svc.Task(ctx, actor("sunlei"), w.Open[0].ID)
		if err != nil || len(tv.Fields) != 2 || !tv.Fields[0].Editable || len(tv.Allowed) == 0 {
			t.Fatalf("the pool candidate's task view: %+v %v", tv, err)
		}
	})
}

// TestActing: a task for someone away in a 代理 period goes to the acting person, with both names.
func TestActing(t *testing.T) {
	db := storetest.SQLite(t)
	loadOffice(t, db, t0) // 黄伟 is away from the day before t0, 林晓 acts for him
	f := &fixture{t: t, db: db, clock: &clock{t: t0}, defs: staticDefs(t, opsProcess())}
	f.svc = f.open()
	ctx := context.Background()
	v := f.start("wuhao", "ops-test", map[string]any{"title": "代理测试"})
	f.do("sunlei", engine.Command{Op: engine.OpComplete, Task: v.Open[0].ID, Form: map[string]any{"note": "请会签"}})
	page, err := f.svc.Inbox(ctx, "linxiao", workflow.TaskFilter{})
	if err != nil || page.Total != 1 || page.Items[0].OnBehalfOfName != "黄伟" || page.Items[0].AssigneeName != "林晓" {
		t.Fatalf("the acting person's inbox: %+v %v", page, err)
	}
	// 林晓 delegates (委派) the task: 何斌 handles it for 林晓, not as 黄伟's stand-in; back with 林晓, it is
	// 黄伟's again.
	task := page.Items[0].ID
	f.do("linxiao", engine.Command{Op: engine.OpDelegate, Task: task, Person: "hebin", Opinion: "请先核实"})
	page, err = f.svc.Inbox(ctx, "hebin", workflow.TaskFilter{})
	if err != nil || page.Total != 1 || page.Items[0].OnBehalfOf != "" {
		t.Fatalf("the delegate's inbox: %+v %v", page, err)
	}
	f.do("hebin", engine.Command{Op: engine.OpComplete, Task: task, Opinion: "已核实"})
	page, err = f.svc.Inbox(ctx, "linxiao", workflow.TaskFilter{})
	if err != nil || page.Total != 1 || page.Items[0].OnBehalfOfName != "黄伟" {
		t.Fatalf("back with the acting person: %+v %v", page, err)
	}
}
