package web_test

import (
	"context"
	"slices"
	"testing"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/web"
	"github.com/govflow/govflow/workflow"
)

type demoFacts struct {
	processes                           map[string]bool
	finished, running, overdue, onTime  int
	returned, urged, acting, unassigned int
}

func collect(t *testing.T, svc web.WorkService, people []demo.Person) demoFacts {
	t.Helper()
	ctx, all := context.Background(), workflow.TaskFilter{PerPage: 200}
	f := demoFacts{processes: map[string]bool{}}
	seen := map[string]bool{}
	for _, p := range people {
		in, err := svc.Inbox(ctx, p.ID, all)
		if err != nil {
			t.Fatal(err)
		}
		done, _ := svc.Done(ctx, p.ID, all)
		cc, _ := svc.Copies(ctx, p.ID, all)
		st, _ := svc.Started(ctx, p.ID, all)
		if in.Total+done.Total+cc.Total+st.Total == 0 {
			t.Errorf("%s (%s) finds nothing in 待办, 已办, 抄送 or 我发起的", p.Name, p.ID)
		}
		for _, r := range in.Items {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			switch r.Deadline {
			case workflow.Overdue:
				f.overdue++
			case workflow.OnTime, workflow.DueSoon:
				f.onTime++
			}
			f.urged += min(r.Urges, 1)
			if slices.Contains(r.Flags, engine.FlagReturned) {
				f.returned++
			}
			if r.OnBehalfOf != "" {
				f.acting++
			}
			if r.Pool != "" {
				f.unassigned++
			}
		}
		for _, r := range st.Items {
			f.processes[r.Process] = true
			if r.Status == engine.StatusCompleted {
				f.finished++
			} else {
				f.running++
			}
		}
	}
	return f
}

// The demo's work makes a living office: every person has something, and there is a bit of everything.
func TestWorkDemoLooksLikeALivingOffice(t *testing.T) {
	e, svc := workEnv(t)
	office, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	f := collect(t, svc, office.People)
	for _, p := range []string{"shouwen-banli", "fawen-banli", "duban-cuiban", "yishenqing-gongkai", "zichan-lingyong",
		"lingdao-wengao", "jiyao-wenjian-chuanyue"} {
		if !f.processes[p] {
			t.Errorf("no instance of %s", p)
		}
	}
	if f.finished < 5 || f.running < 20 || f.overdue < 5 || f.onTime < 5 || f.returned < 2 || f.urged < 2 || f.acting < 1 || f.unassigned < 3 {
		t.Errorf("the demo lacks variety: %+v", f)
	}

	// Running the loader again (after a crash before it was recorded) adds nothing.
	before := started(t, svc, "sunlei")
	for _, l := range demo.Loaders() {
		if l.Name == "work" {
			if err := l.Run(context.Background(), demo.Env{DB: e.db, Now: t0, Params: auth.TestParams}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if after := started(t, svc, "sunlei"); after != before {
		t.Errorf("a second run started %d more", after-before)
	}
}
