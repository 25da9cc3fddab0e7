package catalog_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

// TestShippedProcessesRun drives every shipped process through the engine with the demo office and the
// national calendar: whoever a task goes to completes or approves it with sample form values, automatic
// actions and called processes finish, waits elapse. Every process must reach its main end with every task
// assigned to a named person of the office (none flagged as unresolved).
func TestShippedProcessesRun(t *testing.T) {
	office := loadOffice(t)
	for _, def := range shipped(t) {
		t.Run(def.ID, func(t *testing.T) {
			r := newRunner(t, office, def)
			r.run()
			if want := mainResult(def); r.st.Result != want {
				t.Errorf("ended with %q, want %q", r.st.Result, want)
			}
		})
	}
}

// mainResult is the result of the process's first end step: where a run with agreeing people arrives.
func mainResult(def *process.Definition) string {
	for _, s := range def.Steps {
		if s.Type == process.StepEnd {
			return s.Result
		}
	}
	return ""
}

func loadOffice(t *testing.T) *demo.Office {
	t.Helper()
	office, err := demo.LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	return office
}

type runner struct {
	t      *testing.T
	office *demo.Office
	def    *process.Definition
	c      *engine.Compiled
	env    engine.Env
	st     *engine.State
	now    time.Time
	done   []string // the steps whose tasks were done, in order
	events []engine.Event
}

// newRunner runs def with the demo office and the national calendar, from a Monday morning.
func newRunner(t *testing.T, office *demo.Office, def *process.Definition) *runner {
	t.Helper()
	c, err := engine.Compile(def)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	env := engine.Env{Deadlines: calendarDeadlines{calendar.Default()}, Directory: officeDirectory{office}}
	return &runner{t: t, office: office, def: def, c: c, env: env, now: time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Beijing)}
}

func (r *runner) apply(cmd engine.Command) *engine.Result {
	r.t.Helper()
	res, err := engine.Apply(r.c, r.st, cmd, r.now, r.env)
	if err != nil {
		r.t.Fatalf("%s at %s: %v", cmd.Op, r.where(cmd.Task), err)
	}
	r.st = res.State
	r.events = append(r.events, res.Events...)
	return res
}

func (r *runner) where(task string) string {
	if tk, ok := r.st.Task(task); ok {
		return tk.StepName
	}
	return "start"
}

func (r *runner) run() {
	r.begin(nil)
	r.toEnd()
}

// begin starts the instance as the head of the owning unit, with the start form's samples changed by values.
func (r *runner) begin(values map[string]any) {
	office := r.office
	starter := office.Units[slices.IndexFunc(office.Units, func(u demo.Unit) bool { return u.Name == r.def.Owner })].Head
	r.st = &engine.State{}
	form := r.form(r.def.Start())
	maps.Copy(form, values)
	r.apply(engine.Command{Op: engine.OpStart, Actor: starter, Instance: "I-" + r.def.ID, Form: form})
}

func (r *runner) toEnd() {
	for range 200 {
		if r.st.Finished() {
			return
		}
		r.step()
	}
	r.t.Fatalf("no end after 200 commands; open tasks %+v", r.st.Tasks)
}

// step performs one pending piece of work: an automatic action, a called process, a task, or a wait.
func (r *runner) step() {
	switch {
	case len(r.st.Actions) > 0:
		a := r.st.Actions[0]
		r.apply(engine.Command{Op: engine.OpActionDone, Action: a.ID, Values: r.actionValues(a)})
	case len(r.st.Calls) > 0:
		r.apply(engine.Command{Op: engine.OpChildEnded, Call: r.st.Calls[0].ID, Result: "办结"})
	case r.blocking() != nil:
		r.do(*r.blocking())
	case len(r.st.Timers) > 0:
		r.fireWait()
	default:
		r.t.Fatalf("stuck: tokens %+v", r.st.Tokens)
	}
}

func (r *runner) blocking() *engine.Task {
	for i := range r.st.Tasks {
		if r.st.Tasks[i].Blocking() {
			return &r.st.Tasks[i]
		}
	}
	return nil
}

func (r *runner) do(tk engine.Task) { r.doWith(tk, nil) }

// doWith completes or approves the task with its step's sample form changed by values.
func (r *runner) doWith(tk engine.Task, values map[string]any) {
	if slices.Contains(tk.Flags, engine.FlagUnresolved) {
		r.t.Errorf("step %s: nobody in the office matches its who rule", tk.StepName)
	}
	actor := tk.Assignee
	if actor == "" {
		actor = tk.Candidates[0].Person
		r.apply(engine.Command{Op: engine.OpClaim, Actor: actor, Task: tk.ID})
	}
	step, _ := r.def.Step(tk.Step)
	op := engine.OpComplete
	if tk.Kind == engine.KindApprove {
		op = engine.OpApprove
	}
	form := r.form(step)
	maps.Copy(form, values)
	r.apply(engine.Command{Op: op, Actor: actor, Task: tk.ID, Opinion: "同意", Form: form})
	r.done = append(r.done, tk.Step)
}

func (r *runner) fireWait() {
	i := slices.IndexFunc(r.st.Timers, func(tm engine.Timer) bool { return tm.Kind == engine.TimerWait })
	if i < 0 {
		r.t.Fatalf("stuck with only reminder timers; tokens %+v", r.st.Tokens)
	}
	tm := r.st.Timers[i]
	r.now = tm.At
	r.apply(engine.Command{Op: engine.OpFireTimer, Timer: tm.ID})
}

func (r *runner) actionValues(a engine.Action) map[string]any {
	step, _ := r.def.Step(a.Step)
	if _, ok := r.def.Field("doc_number"); ok && step.Action == "assign_doc_number" {
		return map[string]any{"doc_number": "省政办发〔2026〕1号"}
	}
	return nil
}

// form fills a step's form with sample values: the first option, true, a date after the start, a unit and
// people of the office — except where a value would rightly stop the flow.
func (r *runner) form(s *process.Step) map[string]any {
	out := map[string]any{}
	for _, id := range s.Form {
		f, _ := r.def.Field(id)
		out[id] = r.sample(f)
	}
	return out
}

// sampleInProcess overrides a sample where one process needs another value to take its main path.
var sampleInProcess = map[string]any{
	"shouwen-banli/secrecy": "非密", // a classified document goes to 机要处
}

func (r *runner) sample(f *process.Field) any {
	if v, ok := sampleInProcess[r.def.ID+"/"+f.ID]; ok {
		return v
	}
	return sample(f)
}

var sampleByID = map[string]any{
	"from_number":     "晋发改投资发〔2026〕12号",
	"applicant_code":  "91140000MA0K12345X",
	"arrange_welcome": false,
	"arrange_banquet": false,
	"rating":          "不满意",
	"deadline":        "2026-06-30",
	"new_deadline":    "2026-09-30",
}

func sample(f *process.Field) any {
	if v, ok := sampleByID[f.ID]; ok {
		return v
	}
	switch f.Type {
	case process.FieldNumber:
		if f.Min != nil && *f.Min > 1 {
			return *f.Min
		}
		return 1.0
	case process.FieldDate:
		return "2026-04-15"
	case process.FieldBool:
		return true
	case process.FieldChoice:
		return f.Options[0]
	case process.FieldChoices:
		return []any{f.Options[0]}
	case process.FieldUnit:
		return "综合二处"
	case process.FieldUnits:
		return []any{"法规处"}
	case process.FieldPerson:
		return "liminghua"
	case process.FieldPersons:
		return []any{"wangjianguo", "liminghua"}
	case process.FieldAttachment:
		return []any{"附件1.pdf"}
	case process.FieldSecrecy:
		return "秘密"
	case process.FieldUrgency:
		return "普通"
	}
	return fmt.Sprintf("样例%s", f.Name)
}

// calendarDeadlines gives the engine the national calendar's deadlines.
type calendarDeadlines struct{ cal *calendar.Calendar }

func (d calendarDeadlines) Due(start time.Time, limit, countFrom string) (engine.Deadline, error) {
	from := calendar.FromSameDay
	if countFrom == process.CountNextDay {
		from = calendar.FromNextDay
	}
	dl, err := d.cal.DueFor(start, limit, from)
	if err != nil {
		return engine.Deadline{}, err
	}
	return engine.Deadline{At: dl.At, Remind: dl.At.Add(-2 * time.Hour), Unknown: !dl.Certain()}, nil
}

func (d calendarDeadlines) Extend(t, from, to time.Time) time.Time { return t.Add(to.Sub(from)) }

// officeDirectory is the demo office as the engine's directory.
type officeDirectory struct{ o *demo.Office }

func person(p demo.Person) engine.Person {
	return engine.Person{ID: p.ID, Name: p.Name, Unit: p.Unit, Post: p.Post, Roles: p.Roles}
}

func (d officeDirectory) filter(keep func(demo.Person) bool) []engine.Person {
	var out []engine.Person
	for _, p := range d.o.People {
		if keep(p) {
			out = append(out, person(p))
		}
	}
	return out
}

func (d officeDirectory) Person(id string) (engine.Person, bool) {
	ps := d.filter(func(p demo.Person) bool { return p.ID == id })
	if len(ps) == 0 {
		return engine.Person{}, false
	}
	return ps[0], true
}

func (d officeDirectory) ByPost(unit, post string) []engine.Person {
	return d.filter(func(p demo.Person) bool { return p.Unit == unit && p.Post == post })
}

func (d officeDirectory) ByRole(unit, role string) []engine.Person {
	return d.filter(func(p demo.Person) bool { return p.Unit == unit && slices.Contains(p.Roles, role) })
}

func (d officeDirectory) Head(unit string) (engine.Person, bool) {
	for _, u := range d.o.Units {
		if u.Name == unit {
			return d.Person(u.Head)
		}
	}
	return engine.Person{}, false
}

func (d officeDirectory) Overseer(unit string) (engine.Person, bool) {
	ps := d.filter(func(p demo.Person) bool { return slices.Contains(p.Oversees, unit) })
	if len(ps) == 0 {
		return engine.Person{}, false
	}
	return ps[0], true
}

func (d officeDirectory) Acting(string, time.Time) (engine.Person, bool) {
	return engine.Person{}, false
}
