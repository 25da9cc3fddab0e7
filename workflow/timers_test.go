package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

func waitProcess() *process.Definition {
	return &process.Definition{ID: "wait-test", Name: "等待测试", Category: "综合协调", Owner: "秘书处", Version: 1,
		Purpose: "测试等待环节。", Fields: []process.Field{{ID: "title", Name: "标题", Type: process.FieldText}},
		Steps: []process.Step{
			{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: []string{"cool"}},
			{ID: "cool", Name: "冷静期", Type: process.StepWait, Wait: "1个工作日", Next: []string{"handle"}},
			{ID: "handle", Name: "办理", Type: process.StepTask, Limit: "当天", Who: []process.Assignee{{Unit: "秘书处", Post: "文秘"}},
				Next: []string{"end"}},
			{ID: "end", Type: process.StepEnd},
		}}
}

// TestTimers: a task's reminder fires at the start of its last working day and its escalation when it is
// overdue, each once; a wait step's timer moves the token on; wake-up jobs are in River.
func TestTimers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, waitProcess())
		ctx := context.Background()
		v := f.start("wuhao", "bench-approval", map[string]any{"title": "定时测试"})
		w := f.start("wuhao", "wait-test", map[string]any{"title": "等待"})
		if n := f.count(`SELECT count(*) FROM wf_timers`); n != 3 {
			t.Fatalf("timers: %d, want the task's reminder and escalation and the wait", n)
		}
		if n := f.count(`SELECT count(*) FROM river_job WHERE kind = 'govflow.timers' AND state IN ('scheduled', 'available')`); n < 2 {
			t.Fatalf("wake-up jobs in River: %d", n)
		}
		fire := func(want int) {
			t.Helper()
			n, err := f.svc.WorkDue(ctx)
			if err != nil || n != want {
				t.Fatalf("WorkDue at %s: fired %d (%v), want %d", f.clock.Now(), n, err, want)
			}
		}
		fire(0)
		// Tuesday 09:30: the task's reminder (09:00, its last working day) and the wait (1个工作日 counting the
		// day it began: Monday 17:30) are due.
		f.clock.Advance(24 * time.Hour)
		fire(2)
		fire(0)
		if n := f.count(`SELECT count(*) FROM wf_notifications WHERE kind = 'remind' AND person_id IN ('sunlei', 'zhoujing')`); n != 2 {
			t.Fatalf("reminders to the pool: %d", n)
		}
		// Tuesday 18:30: the task is overdue; the task after the wait (当天) was reminded half way and is overdue.
		f.clock.Advance(9 * time.Hour)
		fire(3)
		fire(0)
		if n := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1 AND type = 'task.escalated'`, v.ID); n != 1 {
			t.Fatalf("escalations: %d", n)
		}
		inbox, err := f.svc.Inbox(ctx, "sunlei", workflow.TaskFilter{Deadline: workflow.Overdue})
		if err != nil || inbox.Total != 1 || !contains(inbox.Items[0].Flags, engine.FlagEscalated) {
			t.Fatalf("overdue inbox: %+v %v", inbox, err)
		}
		if n := f.count(`SELECT count(*) FROM wf_tasks WHERE instance = $1 AND step = 'handle' AND state = 0`, w.ID); n != 1 {
			t.Fatalf("the wait did not move on: %d open tasks at handle", n)
		}
		if n := f.count(`SELECT count(*) FROM river_job WHERE kind = 'govflow.timers' AND state = 'completed'`); n < 2 {
			t.Fatalf("wake-ups worked: %d", n)
		}
	})
}

// TestTimersOnceAcrossServers: two services on one database work the same due timers at the same moment;
// each timer acts once.
func TestTimersOnceAcrossServers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		other := f.open()
		ctx := context.Background()
		for range 5 {
			f.start("wuhao", "bench-approval", map[string]any{"title": "两台服务器"})
		}
		f.clock.Advance(33 * time.Hour) // every reminder and escalation due
		var fired [2]int
		errs := race(func() (err error) { fired[0], err = f.svc.WorkDue(ctx); return },
			func() (err error) { fired[1], err = other.WorkDue(ctx); return })
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if fired[0]+fired[1] != 10 {
			t.Fatalf("fired %d + %d, want 10 in all", fired[0], fired[1])
		}
		if n := f.count(`SELECT count(*) FROM wf_events WHERE type IN ('task.reminded', 'task.escalated')`); n != 10 {
			t.Fatalf("%d timer events, want 10", n)
		}
		if n := f.count(`SELECT count(*) FROM wf_notifications WHERE kind = 'remind'`); n != 10 {
			t.Fatalf("%d reminders, want 2 people × 5", n)
		}
	})
}

// TestRestart: a server stops with a timer pending and a task open; a new one on the same database file
// fires the timer once and carries on with the instance.
func TestRestart(t *testing.T) {
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	ctx := context.Background()
	v := f.start("wuhao", "bench-approval", map[string]any{"title": "重启"})
	f.svc.Close()
	db.Close()

	db2, err := store.Open(ctx, db.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	f.db = db2
	f.svc = f.open()
	f.clock.Advance(24 * time.Hour)
	if n, err := f.svc.WorkDue(ctx); err != nil || n != 1 {
		t.Fatalf("after the restart: fired %d, %v", n, err)
	}
	if n, _ := f.svc.WorkDue(ctx); n != 0 {
		t.Fatalf("fired again: %d", n)
	}
	out := f.do("sunlei", engine.Command{Op: engine.OpComplete, Task: v.Open[0].ID, Form: map[string]any{"note": "重启后办理"}})
	if len(out.Next) != 1 || f.count(`SELECT count(*) FROM wf_timers WHERE instance = $1`, v.ID) != 2 {
		t.Fatalf("after the restart the instance goes on with its timers: %+v", out)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRunAndClose: the River client starts and stops with the service; Close waits for it.
func TestRunAndClose(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := f.open()
		ran := make(chan error, 1)
		go func() { ran <- svc.Run(context.Background()) }()
		f.start("wuhao", "bench-approval", map[string]any{"title": "运行中关闭"})
		if err := svc.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-ran; err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

// TestTimerOfBusyInstanceWaits: a timer whose instance stays busy (every attempt finds it changed) is not
// lost: its row stays and the next wake-up fires it. A timer the engine refuses (what it was for is gone) is
// dropped.
func TestTimerOfBusyInstanceWaits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		v := f.start("wuhao", "bench-approval", map[string]any{"title": "忙碌中的提醒"})
		if n := f.count(`SELECT count(*) FROM wf_timers WHERE instance = $1`, v.ID); n != 2 {
			t.Fatalf("timers: %d, want the reminder and the escalation", n)
		}
		f.clock.Advance(24 * time.Hour) // the reminder is due
		workflow.SetAttempts(f.svc, 0)
		n, err := f.svc.WorkDue(ctx)
		if n != 0 || govflow.ErrorCode(err) != govflow.ECONFLICT {
			t.Fatalf("a busy instance: fired %d, %v; want 0 and the busy conflict", n, err)
		}
		if n := f.count(`SELECT count(*) FROM wf_timers WHERE instance = $1`, v.ID); n != 2 {
			t.Fatalf("a busy instance lost its timer: %d left", n)
		}
		workflow.SetAttempts(f.svc, 10)
		if n, err := f.svc.WorkDue(ctx); n != 1 || err != nil {
			t.Fatalf("the next wake-up: fired %d, %v", n, err)
		}
		if n := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1 AND type = 'task.reminded'`, v.ID); n != 1 {
			t.Fatalf("reminders: %d", n)
		}
		err = db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO wf_timers (id, instance, kind, due_at) VALUES ('gone', $1, 'remind', 0)`, v.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.WorkDue(ctx); n != 0 || err != nil {
			t.Fatalf("an obsolete timer: fired %d, %v", n, err)
		}
		if n := f.count(`SELECT count(*) FROM wf_timers WHERE id = 'gone'`); n != 0 {
			t.Fatal("an obsolete timer was kept")
		}
	})
}
