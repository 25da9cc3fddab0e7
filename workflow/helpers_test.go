package workflow_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/workflow"
)

// t0 is a Monday morning in Beijing, a working day in the national arrangement.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, calendar.Beijing)

// clock is a test clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	t     *testing.T
	db    *store.DB
	svc   *workflow.Service
	clock *clock
	defs  workflow.Definitions
}

// loadOffice puts the demo organisation into db as of at (its 代理 period, 黄伟 away with 林晓 acting,
// runs from the day before at to four days after).
func loadOffice(t testing.TB, db *store.DB, at time.Time) {
	t.Helper()
	for _, l := range demo.Loaders() {
		if l.Name != "office" {
			continue
		}
		err := l.Run(context.Background(), demo.Env{DB: db, Now: at, Params: auth.TestParams, Password: demo.Password})
		if err != nil {
			t.Fatalf("load the demo office: %v", err)
		}
	}
}

// staticDefs serves the bench process, the shipped catalog and any extra definitions.
func staticDefs(t testing.TB, extra ...*process.Definition) workflow.Definitions {
	t.Helper()
	defs, err := catalog.Shipped()
	if err != nil {
		t.Fatalf("shipped catalog: %v", err)
	}
	defs = append(defs, workflow.BenchProcess())
	defs = append(defs, extra...)
	st, err := workflow.NewStatic(defs...)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// newFixture loads the demo office with its 代理 period over by t0, and starts a service at t0.
func newFixture(t *testing.T, db *store.DB, extra ...*process.Definition) *fixture {
	t.Helper()
	loadOffice(t, db, t0.AddDate(0, -1, 0))
	f := &fixture{t: t, db: db, clock: &clock{t: t0}, defs: staticDefs(t, extra...)}
	f.svc = f.open()
	return f
}

// open starts a service on the fixture's database (a second one stands for a second server).
func (f *fixture) open() *workflow.Service {
	f.t.Helper()
	svc, err := workflow.New(f.db, f.defs, workflow.Options{Now: f.clock.Now})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { svc.Close() })
	return svc
}

func actor(id string) govflow.Actor { return govflow.Actor{ID: id, IP: "127.0.0.1"} }

func (f *fixture) start(by, process string, form map[string]any) *workflow.InstanceView {
	f.t.Helper()
	v, err := f.svc.Start(context.Background(), actor(by), process, form, "", "")
	if err != nil {
		f.t.Fatalf("start %s as %s: %v", process, by, err)
	}
	return v
}

func (f *fixture) do(by string, cmd engine.Command) *workflow.Outcome {
	f.t.Helper()
	out, err := f.svc.Do(context.Background(), actor(by), cmd, "")
	if err != nil {
		f.t.Fatalf("%s %s as %s: %v", cmd.Op, cmd.Task, by, err)
	}
	return out
}

func (f *fixture) refused(by string, cmd engine.Command, code string) error {
	f.t.Helper()
	_, err := f.svc.Do(context.Background(), actor(by), cmd, "")
	if err == nil {
		f.t.Fatalf("%s %s as %s: accepted, want %s", cmd.Op, cmd.Task, by, code)
	}
	if got := govflow.ErrorCode(err); got != code {
		f.t.Fatalf("%s %s as %s: %v (%s), want %s", cmd.Op, cmd.Task, by, err, got, code)
	}
	return err
}

// open tasks of an instance, from its view.
func (f *fixture) open1(by, instance string) workflow.TaskRow {
	f.t.Helper()
	v, err := f.svc.Instance(context.Background(), actor(by), instance)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, t := range v.Open {
		if t.Kind == engine.KindDo || t.Kind == engine.KindApprove {
			return t
		}
	}
	f.t.Fatalf("instance %s has no open task", instance)
	return workflow.TaskRow{}
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	err := f.db.Read(context.Background(), func(tx store.Tx) error { return tx.QueryRow(context.Background(), q, args...).Scan(&n) })
	if err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func limit(f float64) *float64 { return &f }

// opsProcess exercises the operations: a pool task with a form, a countersign of one unit head (加签 works
// on mode all), circulation to people chosen at the start, and a final approval by the 主任.
func opsProcess() *process.Definition {
	return &process.Definition{ID: "ops-test", Name: "办理测试", Category: "综合协调", Owner: "秘书处", Version: 1,
		Purpose: "测试各项办理操作。",
		Fields: []process.Field{
			{ID: "title", Name: "标题", Type: process.FieldText, Required: true, Max: limit(100)},
			{ID: "note", Name: "拟办意见", Type: process.FieldTextarea, Required: true},
			{ID: "amount", Name: "金额", Type: process.FieldNumber, Min: limit(0)},
			{ID: "readers", Name: "传阅人员", Type: process.FieldPersons},
			{ID: "secrecy", Name: "密级", Type: process.FieldSecrecy, Default: "非密"},
		},
		Steps: []process.Step{
			{ID: "start", Type: process.StepStart, Form: []string{"title", "readers", "secrecy"}, Next: []string{"draft"}},
			{ID: "draft", Name: "拟办", Type: process.StepTask, Limit: "2个工作日", Form: []string{"note", "amount"},
				Who: []process.Assignee{{Unit: "秘书处", Post: "收发员"}}, Next: []string{"review"}},
			{ID: "review", Name: "处室会签", Type: process.StepApproval, Mode: process.ModeAll, Limit: "1个工作日",
				Who: []process.Assignee{{Unit: "综合一处", Role: process.RoleUnitHead}}, Reject: "draft", Next: []string{"circulate"}},
			{ID: "circulate", Name: "传阅", Type: process.StepCirculation, Limit: "2个工作日",
				Who: []process.Assignee{{PersonField: "readers"}}, Next: []string{"sign"}},
			{ID: "sign", Name: "主任签批", Type: process.StepApproval, Mode: process.ModeAny, Limit: "2个工作日",
				Who: []process.Assignee{{Unit: "办公厅", Post: "主任"}}, Next: []string{"end"}},
			{ID: "end", Type: process.StepEnd, Result: "办结"},
		}}
}

// taskOf returns the open task of a step.
func (f *fixture) taskOf(by, instance, step string) workflow.TaskRow {
	f.t.Helper()
	v, err := f.svc.Instance(context.Background(), actor(by), instance)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, t := range v.Open {
		if t.Step == step && (t.Kind == engine.KindDo || t.Kind == engine.KindApprove) {
			return t
		}
	}
	f.t.Fatalf("no open task at %s: %+v", step, v.Open)
	return workflow.TaskRow{}
}
