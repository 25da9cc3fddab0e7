package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/workflow"
)

// The demo office's work: running and finished instances of the shipped catalog, started and worked through
// the workflow service with a clock stepping through the last weeks, so that every demo person finds
// something in 待办, 已办 or 抄送 and the reports have history. (The loader lives here, not in package demo:
// demo cannot import the workflow service without an import cycle.)
func init() {
	demo.Register(demo.Loader{Name: "work", Order: 300, Run: loadWorkDemo})
}

// story is one instance of the demo: who starts it when with which form, and what people do with it.
type story struct {
	key     string // stable: the commands' idempotency keys derive from it
	process string
	by      string
	at      time.Time
	form    map[string]any
	opinion string
	acts    []act

	id    string // the instance, once started
	title string
}

// act is one operation on a story's task at the step named, by a person at an instant.
type act struct {
	at      time.Time
	step    string
	child   string // the task is in the child instance of this process (a call step)
	by      string // who acts
	holder  string // whose list holds the task, when not by's (催办)
	op      engine.Op
	opinion string
	form    map[string]any
	target  string
	person  string
	persons []string
	reason  string
}

type demoClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *demoClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *demoClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func loadWorkDemo(ctx context.Context, env demo.Env) error {
	clk := &demoClock{t: env.Now}
	defs := catalog.NewService(env.DB, clk.now)
	svc, err := workflow.New(env.DB, defs, workflow.Options{Now: clk.now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer svc.Close()
	w := &workDemo{ctx: ctx, svc: svc, clk: clk, now: env.Now, cal: calendar.Default()}
	stories := w.stories()
	if done, err := w.loaded(stories); done || err != nil {
		return err
	}
	return w.run(stories)
}

// loaded reports whether the stories were played before (a run that stopped before the loader's completion
// was recorded): then nothing is played twice.
func (w *workDemo) loaded(stories []*story) (bool, error) {
	for _, s := range stories {
		page, err := w.svc.Started(w.ctx, s.by, workflow.TaskFilter{PerPage: 1})
		if err != nil || page.Total > 0 {
			return page.Total > 0, err
		}
	}
	return false, nil
}

// workDemo plays the stories in time order.
type workDemo struct {
	ctx context.Context
	svc *workflow.Service
	clk *demoClock
	now time.Time
	cal *calendar.Calendar
}

type step struct {
	at    time.Time
	story *story // nil: a checkpoint where only due timers fire
	i     int    // the act's index; -1 starts the story
}

func (w *workDemo) run(stories []*story) error {
	var plan []step
	for _, s := range stories {
		prev := s.at
		plan = append(plan, step{at: s.at, story: s, i: -1})
		for i := range s.acts {
			if !s.acts[i].at.After(prev) {
				s.acts[i].at = prev.Add(2 * time.Minute)
			}
			prev = s.acts[i].at
			plan = append(plan, step{at: prev, story: s, i: i})
		}
	}
	plan = append(plan, w.checkpoints(plan)...)
	slices.SortStableFunc(plan, func(a, b step) int { return a.at.Compare(b.at) })
	var worked time.Time
	for _, p := range plan {
		if p.at.After(w.now) {
			break
		}
		if p.story != nil && p.i >= 0 && p.story.id == "" {
			continue
		}
		w.clk.set(p.at)
		// Timers (reminders, escalations, waits) fire at the checkpoints, or before an act an hour on.
		if p.story == nil || p.at.Sub(worked) >= time.Hour {
			if _, err := w.svc.WorkDue(w.ctx); err != nil {
				return err
			}
			worked = p.at
		}
		if p.story == nil {
			continue
		}
		if err := w.play(p); err != nil {
			return fmt.Errorf("demo %s: %w", p.story.key, err)
		}
	}
	w.clk.set(w.now)
	_, err := w.svc.WorkDue(w.ctx)
	return err
}

// checkpoints are the instants of the demo's past when due timers fire even if nobody acts then: the start
// and the end of each working day (most deadlines fall at 17:30).
func (w *workDemo) checkpoints(plan []step) []step {
	if len(plan) == 0 {
		return nil
	}
	first := plan[0].at
	for _, p := range plan {
		if p.at.Before(first) {
			first = p.at
		}
	}
	var out []step
	for d := calendar.DateOf(first); !d.Start().After(w.now); d = d.AddDays(1) {
		if !w.cal.IsWorkday(d) {
			continue
		}
		for _, hm := range []string{"09:00", "17:31"} {
			out = append(out, step{at: clockOn(d, hm), i: -1})
		}
	}
	return out
}

func (w *workDemo) play(p step) error {
	s := p.story
	if p.i < 0 {
		v, err := w.svc.Start(w.ctx, govflow.Actor{ID: s.by}, s.process, s.form, s.opinion, "demo:"+s.key)
		if err != nil {
			return fmt.Errorf("start %s: %w", s.process, err)
		}
		s.id, s.title = v.ID, v.Title
		return nil
	}
	a := &s.acts[p.i]
	cmd := engine.Command{Op: a.op, Opinion: a.opinion, Form: a.form, Target: a.target, Person: a.person,
		Persons: a.persons, Reason: a.reason}
	if a.step == "" {
		cmd.Instance = s.id
	} else {
		t, err := w.find(s, a)
		if err != nil {
			return err
		}
		cmd.Task = t.ID
	}
	if _, err := w.svc.Do(w.ctx, govflow.Actor{ID: a.by}, cmd, fmt.Sprintf("demo:%s:%d", s.key, p.i)); err != nil {
		return fmt.Errorf("%s %s by %s: %w", a.op, a.step, a.by, err)
	}
	return nil
}

// find looks for the act's task in the list of whoever holds it (their pool included).
func (w *workDemo) find(s *story, a *act) (workflow.TaskRow, error) {
	who := a.holder
	if who == "" {
		who = a.by
	}
	f := workflow.TaskFilter{PerPage: 200}
	lists := []func(context.Context, string, workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error){w.svc.Inbox, w.svc.Copies}
	for _, list := range lists {
		page, err := list(w.ctx, who, f)
		if err != nil {
			return workflow.TaskRow{}, err
		}
		for _, t := range page.Items {
			mine := t.Instance == s.id || (a.child != "" && t.Process == a.child && t.Title == s.title)
			if mine && t.Step == a.step && t.State == "open" {
				return t, nil
			}
		}
	}
	return workflow.TaskRow{}, fmt.Errorf("no open task at %s for %s", a.step, who)
}

// at is a working day n days back from the load day (0: the load day, or the last working day before it;
// negative: ahead) at the Beijing time hm.
func (w *workDemo) at(n int, hm string) time.Time {
	d := calendar.DateOf(w.now)
	for !w.cal.IsWorkday(d) {
		d = d.AddDays(-1)
	}
	return clockOn(w.cal.AddWorkdays(d, -n), hm)
}

func clockOn(d calendar.Date, hm string) time.Time {
	t, err := time.ParseInLocation("15:04", hm, calendar.Beijing)
	if err != nil {
		panic("demo time " + hm)
	}
	return d.Start().Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
}

// day is the date of working day n (as at) for date fields.
func (w *workDemo) day(n int) string {
	return w.at(n, "12:00").In(calendar.Beijing).Format(time.DateOnly)
}

// away is a time on the first day of the demo's 代理 period (it begins the day before the load day), or on
// the load day when that day was not a working day: tasks for 黄伟 created then go to 林晓.
func (w *workDemo) away(hm string) time.Time {
	d := calendar.DateOf(w.now).AddDays(-1)
	if !w.cal.IsWorkday(d) {
		d = calendar.DateOf(w.now)
	}
	return clockOn(d, hm)
}

// ago is the load instant minus d.
func (w *workDemo) ago(d time.Duration) time.Time { return w.now.Add(-d) }

// Shorthands for acts.
func do(at time.Time, step, by, opinion string, form map[string]any) act {
	return act{at: at, step: step, by: by, op: engine.OpComplete, opinion: opinion, form: form}
}

func agree(at time.Time, step, by, opinion string) act {
	return act{at: at, step: step, by: by, op: engine.OpApprove, opinion: opinion}
}

func disagree(at time.Time, step, by, opinion string) act {
	return act{at: at, step: step, by: by, op: engine.OpReject, opinion: opinion}
}

func read(at time.Time, step, by string) act {
	return act{at: at, step: step, by: by, op: engine.OpComplete, opinion: "已阅。"}
}

func urge(at time.Time, step, holder, by, reason string) act {
	return act{at: at, step: step, holder: holder, by: by, op: engine.OpUrge, reason: reason}
}

func claim(at time.Time, step, by string) act {
	return act{at: at, step: step, by: by, op: engine.OpClaim}
}
