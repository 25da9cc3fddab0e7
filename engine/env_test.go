package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/process"
)

// testDir is a small organisation: units with heads, a post held by two people (a pool), an empty post,
// a unit without a head, two office leaders and one 代理 period.
type testDir struct {
	people   []Person
	heads    map[string]string
	oversee  map[string]string
	acting   map[string]string // absent → acting
	from, to time.Time
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Beijing) // a Monday

func newTestDir() *testDir {
	p := func(id, unit, post string, roles ...string) Person {
		return Person{ID: id, Name: id, Unit: unit, Post: post, Roles: roles}
	}
	return &testDir{
		people: []Person{
			p("wang", "办公厅", "主任", "厅领导"), p("li", "办公厅", "副主任", "厅领导"),
			p("liuyang", "秘书处", "处长", "处室负责人"), p("zhaomin", "秘书处", "副处长", "处室负责人", RoleProcessAdmin),
			p("sun", "秘书处", "收发员", "工作人员"), p("zhou", "秘书处", "收发员", "工作人员"),
			p("wu", "秘书处", "文秘", "工作人员"),
			p("huangwei", "综合一处", "处长", "处室负责人"), p("hebin", "综合一处", "科员", "工作人员"),
			p("gaoya", "综合一处", "科员", "工作人员"),
			p("xiefeng", "法规处", "处长", "处室负责人"), p("tianye", "法规处", "法规审核员", "工作人员"),
			p("dongqian", "法规处", "法规审核员", "工作人员"),
			p("songtao", "督查室", "主任", "处室负责人", RoleSupervisor), p("tanghui", "督查室", "督查专员", RoleSupervisor),
			p("admin", "信息中心", "工程师", RoleSysAdmin),
			p("nobody", "空处", "科员", "工作人员"),
		},
		heads:   map[string]string{"办公厅": "wang", "秘书处": "liuyang", "综合一处": "huangwei", "法规处": "xiefeng", "督查室": "songtao"},
		oversee: map[string]string{"秘书处": "wang", "综合一处": "wang", "督查室": "wang", "法规处": "li", "空处": "li"},
		acting:  map[string]string{"xiefeng": "tianye"},
		from:    t0.AddDate(0, 0, 10), to: t0.AddDate(0, 0, 20),
	}
}

func (d *testDir) Person(id string) (Person, bool) {
	i := slices.IndexFunc(d.people, func(p Person) bool { return p.ID == id })
	if i < 0 {
		return Person{}, false
	}
	return d.people[i], true
}

func (d *testDir) filter(f func(Person) bool) []Person {
	var out []Person
	for _, p := range d.people {
		if f(p) {
			out = append(out, p)
		}
	}
	return out
}

func (d *testDir) ByPost(unit, post string) []Person {
	return d.filter(func(p Person) bool { return p.Unit == unit && p.Post == post })
}

func (d *testDir) ByRole(unit, role string) []Person {
	return d.filter(func(p Person) bool { return p.Unit == unit && hasRole(p, role) })
}

func (d *testDir) Head(unit string) (Person, bool) { return d.Person(d.heads[unit]) }

func (d *testDir) Overseer(unit string) (Person, bool) { return d.Person(d.oversee[unit]) }

func (d *testDir) Acting(person string, at time.Time) (Person, bool) {
	a, ok := d.acting[person]
	if !ok || at.Before(d.from) || !at.Before(d.to) {
		return Person{}, false
	}
	return d.Person(a)
}

// testDeadlines counts N个工作日 as N×24 hours (the calendar's own tests cover real working days), reminds
// four hours before, and reports years from 2028 as unknown.
type testDeadlines struct{}

var limitRe = regexp.MustCompile(`^(\d+)(个工作日|天|小时)$`)

func (testDeadlines) Due(start time.Time, limit, countFrom string) (Deadline, error) {
	if limit == "当天" {
		end := time.Date(start.Year(), start.Month(), start.Day(), 17, 30, 0, 0, start.Location())
		return Deadline{At: end, Remind: end.Add(-2 * time.Hour)}, nil
	}
	m := limitRe.FindStringSubmatch(limit)
	if m == nil {
		return Deadline{}, fmt.Errorf("时限 %q 无法识别", limit)
	}
	n, _ := strconv.Atoi(m[1])
	unit := 24 * time.Hour
	if m[2] == "小时" {
		unit = time.Hour
	}
	if countFrom == process.CountNextDay {
		start = start.Add(24 * time.Hour)
	}
	at := start.Add(time.Duration(n) * unit)
	return Deadline{At: at, Remind: at.Add(-4 * time.Hour), Unknown: at.Year() >= 2028}, nil
}

func (testDeadlines) Extend(t, from, to time.Time) time.Time { return t.Add(to.Sub(from)) }

func testEnv() Env { return Env{Deadlines: testDeadlines{}, Directory: newTestDir()} }

// testFields are the fields the test definitions use.
func testFields() []process.Field {
	return []process.Field{
		{ID: "title", Name: "标题", Type: process.FieldText, Required: true},
		{ID: "importance", Name: "重要程度", Type: process.FieldChoice, Options: []string{"一般", "重要", "重大"}, Default: "一般"},
		{ID: "flag", Name: "材料齐全", Type: process.FieldBool},
		{ID: "amount", Name: "金额", Type: process.FieldNumber},
		{ID: "meeting", Name: "会议日期", Type: process.FieldDate},
		{ID: "readers", Name: "传阅人员", Type: process.FieldPersons},
		{ID: "unit", Name: "承办处室", Type: process.FieldUnit},
		{ID: "note", Name: "备注", Type: process.FieldText},
		{ID: "docno", Name: "文号", Type: process.FieldText},
	}
}

func testDef(steps ...process.Step) *process.Definition {
	return &process.Definition{ID: "test", Name: "测试流程", Category: "公文运转", Owner: "秘书处", Version: 1,
		Purpose: "测试流程引擎。", Fields: testFields(), Steps: steps}
}

func who(unit, post string) []process.Assignee { return []process.Assignee{{Unit: unit, Post: post}} }
func head(unit string) []process.Assignee {
	return []process.Assignee{{Unit: unit, Role: process.RoleUnitHead}}
}
func next(ids ...string) []string { return ids }

// harness drives one instance and checks, after every command, that the log replays to the state and
// that the state survives JSON.
type harness struct {
	t      *testing.T
	c      *Compiled
	st     *State
	events []Event
	now    time.Time
	env    Env
	last   *Result
}

func newHarness(t *testing.T, def *process.Definition) *harness {
	t.Helper()
	c, err := Compile(def)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return &harness{t: t, c: c, st: &State{}, now: t0, env: testEnv()}
}

func (h *harness) start(actor string, form map[string]any) *harness {
	h.t.Helper()
	if form == nil {
		form = map[string]any{"title": "关于开展安全检查的通知"}
	}
	h.do(Command{Op: OpStart, Actor: actor, Instance: "I1", Form: form})
	return h
}

func (h *harness) try(cmd Command) (*Result, error) {
	h.t.Helper()
	before, _ := json.Marshal(h.st)
	res, err := Apply(h.c, h.st, cmd, h.now, h.env)
	after, _ := json.Marshal(h.st)
	if string(before) != string(after) {
		h.t.Fatalf("%s changed the state it was given", cmd.Op)
	}
	if err != nil {
		return nil, err
	}
	h.st, h.last = res.State, res
	h.events = append(h.events, res.Events...)
	checkConsistent(h.t, h.st, h.events)
	return res, nil
}

func (h *harness) do(cmd Command) *Result {
	h.t.Helper()
	res, err := h.try(cmd)
	if err != nil {
		h.t.Fatalf("%s by %s: %v", cmd.Op, cmd.Actor, err)
	}
	return res
}

func (h *harness) refuse(cmd Command, code, msg string) {
	h.t.Helper()
	_, err := h.try(cmd)
	if err == nil {
		h.t.Fatalf("%s by %s succeeded, want %s %q", cmd.Op, cmd.Actor, code, msg)
	}
	var ge *govflow.Error
	if !errors.As(err, &ge) || ge.Code != code || !strings.Contains(ge.Message, msg) {
		h.t.Fatalf("%s by %s: got %v, want %s %q", cmd.Op, cmd.Actor, err, code, msg)
	}
}

// task returns the open task of a step held by (or offered to) person.
func (h *harness) task(step, person string) *Task {
	h.t.Helper()
	for i := range h.st.Tasks {
		t := &h.st.Tasks[i]
		if t.Step == step && (t.MayHold(person) || person == "") {
			return t
		}
	}
	h.t.Fatalf("no open task at %s for %s; tasks: %s", step, person, h.describe())
	return nil
}

func (h *harness) describe() string {
	var parts []string
	for _, t := range h.st.Tasks {
		parts = append(parts, fmt.Sprintf("%s@%s→%s%v", t.Kind, t.Step, t.Assignee, t.Candidates))
	}
	return strings.Join(parts, "; ")
}

func (h *harness) steps() []string {
	var out []string
	for _, t := range h.st.Tokens {
		out = append(out, t.Step)
	}
	slices.Sort(out)
	return out
}

// checkConsistent checks what must hold after every command: the log replays to the state and the state
// survives JSON exactly.
func checkConsistent(t *testing.T, st *State, events []Event) {
	t.Helper()
	want, err := json.Marshal(st)
	if err != nil {
		t.Fatalf("marshal state: %v", err)
	}
	var back State
	if err := json.Unmarshal(want, &back); err != nil {
		t.Fatalf("unmarshal state: %v", err)
	}
	if got, _ := json.Marshal(&back); string(got) != string(want) {
		t.Fatalf("state JSON round trip differs:\n got %s\nwant %s", got, want)
	}
	logJSON, _ := json.Marshal(events)
	var decoded []Event
	if err := json.Unmarshal(logJSON, &decoded); err != nil {
		t.Fatalf("unmarshal events: %v", err)
	}
	replayed, err := Replay(decoded)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if got, _ := json.Marshal(replayed); string(got) != string(want) {
		t.Fatalf("replayed state differs:\n got %s\nwant %s", got, want)
	}
}
