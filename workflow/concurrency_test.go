package workflow_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/workflow"
)

// race runs fns at once (released together) and returns their errors.
func race(fns ...func() error) []error {
	errs := make([]error, len(fns))
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	for i, fn := range fns {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			errs[i] = fn()
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	return errs
}

// TestConcurrentCompletion: two people complete the same task at the same moment, through one service (the
// same batch or consecutive ones) and through two services on one database (two servers): exactly one
// succeeds, the other is told 该任务已被处理, and the instance moved on once.
func TestConcurrentCompletion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		other := f.open()
		ctx := context.Background()
		for round := range 12 {
			v := f.start("wuhao", "bench-approval", map[string]any{"title": "并发测试"})
			task := v.Open[0].ID
			second := f.svc
			if round%2 == 1 {
				second = other
			}
			complete := func(svc *workflow.Service, who string) func() error {
				return func() error {
					_, err := svc.Do(ctx, actor(who), engine.Command{Op: engine.OpComplete, Task: task,
						Form: map[string]any{"note": who + "登记"}}, "")
					return err
				}
			}
			errs := race(complete(f.svc, "sunlei"), complete(second, "zhoujing"))
			ok, lost := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case govflow.ErrorCode(err) == govflow.ECONFLICT &&
					(strings.Contains(err.Error(), "该任务已被处理") || strings.Contains(err.Error(), "已被他人认领")):
					lost++
				default:
					t.Fatalf("round %d: unexpected error %v", round, err)
				}
			}
			if ok != 1 || lost != 1 {
				t.Fatalf("round %d: %d succeeded, %d refused: %v", round, ok, lost, errs)
			}
			if n := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1 AND type = 'task.completed'`, v.ID); n != 1 {
				t.Fatalf("round %d: %d completions logged", round, n)
			}
			if n := f.count(`SELECT count(*) FROM wf_tasks WHERE instance = $1 AND state = 0`, v.ID); n != 1 {
				t.Fatalf("round %d: %d open tasks, want the next step's one", round, n)
			}
		}
	})
}

// TestIdempotency: a retried command with the same key acts once and answers the first result, also when
// the retries race; a key used for another operation is refused.
func TestIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		other := f.open()
		ctx := context.Background()
		v1, err := f.svc.Start(ctx, actor("wuhao"), "bench-approval", map[string]any{"title": "幂等"}, "", "start-1")
		if err != nil {
			t.Fatal(err)
		}
		v2, err := other.Start(ctx, actor("wuhao"), "bench-approval", map[string]any{"title": "幂等"}, "", "start-1")
		if err != nil || v2.ID != v1.ID {
			t.Fatalf("a retried start should answer the same instance: %v %v", err, v2)
		}
		if n := f.count(`SELECT count(*) FROM wf_instances WHERE initiator = 'wuhao'`); n != 1 {
			t.Fatalf("%d instances for one key", n)
		}
		task := v1.Open[0].ID
		cmd := engine.Command{Op: engine.OpComplete, Task: task, Form: map[string]any{"note": "已登记"}}
		var outs [4]*workflow.Outcome
		errs := race(func() (err error) { outs[0], err = f.svc.Do(ctx, actor("sunlei"), cmd, "k1"); return },
			func() (err error) { outs[1], err = f.svc.Do(ctx, actor("sunlei"), cmd, "k1"); return },
			func() (err error) { outs[2], err = other.Do(ctx, actor("sunlei"), cmd, "k1"); return },
			func() (err error) { outs[3], err = other.Do(ctx, actor("sunlei"), cmd, "k1"); return })
		for i, err := range errs {
			if err != nil {
				t.Fatalf("retry %d: %v", i, err)
			}
			if outs[i].Message != outs[0].Message || len(outs[i].Next) != 1 || outs[i].Next[0].ID != outs[0].Next[0].ID {
				t.Fatalf("retry %d answered differently: %+v vs %+v", i, outs[i], outs[0])
			}
		}
		if n := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1 AND type = 'task.completed'`, v1.ID); n != 1 {
			t.Fatalf("%d completions for one key", n)
		}
		_, err = f.svc.Do(ctx, actor("sunlei"), engine.Command{Op: engine.OpUrge, Task: outs[0].Next[0].ID}, "k1")
		if govflow.ErrorCode(err) != govflow.EINVALID || !strings.Contains(err.Error(), "幂等键") {
			t.Fatalf("a key reused for another operation: %v", err)
		}
		// The same key with another request is refused, on either server, and changes nothing.
		changed := cmd
		changed.Form = map[string]any{"note": "改过的登记"}
		for _, svc := range []*workflow.Service{f.svc, other} {
			_, err = svc.Do(ctx, actor("sunlei"), changed, "k1")
			var fe *govflow.Error
			if !errors.Is(err, workflow.ErrKeyReused) || !errors.As(err, &fe) || fe.Field != "Idempotency-Key" ||
				!strings.Contains(fe.Message, "幂等键已用于另一个请求") {
				t.Fatalf("a key reused with another form: %v", err)
			}
		}
		if _, err = f.svc.Start(ctx, actor("wuhao"), "bench-approval", map[string]any{"title": "另一件事"}, "", "start-1"); !errors.Is(err, workflow.ErrKeyReused) {
			t.Fatalf("a start key reused with another form: %v", err)
		}
		if n := f.count(`SELECT count(*) FROM wf_events WHERE instance = $1 AND type = 'task.completed'`, v1.ID); n != 1 {
			t.Fatalf("%d completions after reusing the key", n)
		}
		if again, err := f.svc.Do(ctx, actor("sunlei"), cmd, "k1"); err != nil || again.Message != outs[0].Message {
			t.Fatalf("the same request still replays: %+v %v", again, err)
		}
		// Another person's same key is theirs.
		if _, err := f.svc.Do(ctx, actor("wuhao"), engine.Command{Op: engine.OpUrge, Task: outs[0].Next[0].ID}, "k1"); err != nil {
			t.Fatal(err)
		}
	})
}
