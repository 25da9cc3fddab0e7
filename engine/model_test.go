package engine

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// Model-based testing: random valid definitions (gen_test.go) run by random sequences of the commands the
// state allows, with the invariants checked after every command. Seeded and reproducible:
//
//	go test ./engine/ -run Model -model.seed=N -model.cases=1 -v     (replays one failing case)
//	GOVFLOW_MODEL_CASES=5000 go test ./engine/ -run Model             (a longer run)
var (
	modelSeed  = flag.Uint64("model.seed", 1, "first seed of the model-based test")
	modelCases = flag.Int("model.cases", 0, "number of random definitions (default 400, or $GOVFLOW_MODEL_CASES)")
	modelSteps = flag.Int("model.steps", 160, "commands per run")
)

func cases() int {
	if *modelCases > 0 {
		return *modelCases
	}
	if n, err := strconv.Atoi(os.Getenv("GOVFLOW_MODEL_CASES")); err == nil && n > 0 {
		return n
	}
	return 400
}

func TestModelRandomDefinitionsAndCommands(t *testing.T) {
	n := cases()
	stats := map[string]int{}
	env := testEnv()
	for i := range n {
		seed := *modelSeed + uint64(i)
		w := world{env: env, starter: "wu", units: []string{"秘书处", "综合一处", "法规处", "空处"},
			readers: []string{"wang", "li", "gaoya", "xiefeng", "hebin"}, people: peopleOf(env.Directory.(*testDir).people)}
		w.def = genDef(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))
		if !runModel(t, w, seed, stats) {
			t.Fatalf("model case failed; reproduce with: go test ./engine/ -run Model -model.seed=%d -model.cases=1 -v", seed)
		}
	}
	logStats(t, n, stats)
}

func peopleOf(ps []Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// world is what one model run happens in: a definition, the organisation, who starts it, the values forms use.
type world struct {
	def     *process.Definition
	env     Env
	starter string
	people  []string // anyone, for transfers, delegation, 加签, 抄送
	readers []string // people picked in person fields
	units   []string // units picked in unit fields
}

func logStats(t *testing.T, n int, stats map[string]int) {
	t.Logf("%d definitions, %d commands applied, %d refused; ended: %d completed, %d rejected, %d terminated, %d still running",
		n, stats["applied"], stats["refused"], stats["completed"], stats["rejected"], stats["terminated"], stats["running"])
	for _, op := range order {
		t.Logf("  %-12s %d", op, stats["op:"+string(op)])
	}
	for _, op := range []Op{OpStart, OpFireTimer, OpActionDone, OpChildEnded} {
		t.Logf("  %-12s %d", op, stats["op:"+string(op)])
	}
	t.Logf("  joins fired %d, held %d, withdrawn %d", stats["joins"], stats["held"], stats["withdrawn"])
}

// model is one random run.
type model struct {
	world
	t      *testing.T
	rng    *rand.Rand
	c      *Compiled
	st     *State
	events []Event
	replay *State // folded from the JSON-decoded log, one event at a time
	now    time.Time
	stats  map[string]int
}

func runModel(t *testing.T, w world, seed uint64, stats map[string]int) (ok bool) {
	def := w.def
	defer func() {
		if !ok {
			b, _ := json.MarshalIndent(def.Steps, "", " ")
			t.Logf("seed %d definition %s:\n%s", seed, def.ID, b)
		}
	}()
	c, err := Compile(def)
	if err != nil {
		t.Errorf("seed %d: definition %s does not compile: %v", seed, def.ID, err)
		return false
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	m := &model{world: w, t: t, rng: rng, c: c, st: &State{}, replay: &State{}, now: t0, stats: stats}
	start, _ := def.Step(c.start.ID)
	if !m.apply(Command{Op: OpStart, Actor: w.starter, Instance: "I1", Form: m.form(start.Form)}, true) {
		if m.st.Seq == 0 && !t.Failed() {
			return true // the start was refused by a precondition: nothing to run
		}
		return !t.Failed()
	}
	for range *modelSteps {
		if t.Failed() {
			return false
		}
		cmds := m.candidates()
		if len(cmds) == 0 {
			break
		}
		cmd := cmds[m.pickWeighted(cmds)]
		m.now = m.now.Add(time.Duration(m.rng.IntN(6*60)) * time.Minute)
		if cmd.at.After(m.now) {
			m.now = cmd.at
		}
		m.apply(cmd.Command, cmd.mayFail)
		if m.st.Finished() && m.rng.IntN(4) == 0 {
			break
		}
	}
	if t.Failed() {
		return false
	}
	full, err := Replay(m.events)
	if err != nil {
		t.Errorf("seed %d: full replay: %v", seed, err)
		return false
	}
	if !sameJSON(full, m.st) {
		t.Errorf("seed %d: full replay differs from the state", seed)
		return false
	}
	switch {
	case m.st.Status == StatusTerminated:
		stats["terminated"]++
	case m.st.Result == ResultRejected:
		stats["rejected"]++
	case m.st.Finished():
		stats["completed"]++
	default:
		stats["running"]++
	}
	return !t.Failed()
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// apply runs one command; mayFail says refusals are expected (bad input on purpose, a precondition).
func (m *model) apply(cmd Command, mayFail bool) bool {
	m.t.Helper()
	before := m.st.Clone()
	res, err := Apply(m.c, m.st, cmd, m.now, m.env)
	if !reflect.DeepEqual(before, m.st) {
		m.t.Errorf("%s changed its input state", cmd.Op)
	}
	if err != nil {
		m.stats["refused"]++
		var ge *govflow.Error
		switch {
		case !errors.As(err, &ge) || ge.Code == govflow.EINTERNAL:
			m.t.Errorf("%+v: internal error: %v", cmd, err)
		case !mayFail && ge.Code != govflow.EINVALID:
			m.t.Errorf("%+v: an allowed command was refused: %v", cmd, err)
		case ge.Message == "":
			m.t.Errorf("%+v: refusal without a message", cmd)
		}
		return false
	}
	m.stats["applied"]++
	m.stats["op:"+string(cmd.Op)]++
	m.st = res.State
	m.events = append(m.events, res.Events...)
	for _, e := range res.Events {
		switch e.Type {
		case EvJoined:
			m.stats["joins"]++
		case EvHeld:
			m.stats["held"]++
		case EvStepBack:
			m.stats["withdrawn"]++
		}
	}
	m.checkResult(cmd, res)
	m.foldDecoded(res.Events)
	m.checkInvariants()
	return true
}

// foldDecoded folds the command's events, as the store would read them back, into the replayed state.
func (m *model) foldDecoded(events []Event) {
	b, _ := json.Marshal(events)
	var decoded []Event
	if err := json.Unmarshal(b, &decoded); err != nil {
		m.t.Fatalf("decode events: %v", err)
	}
	for i := range decoded {
		if err := m.replay.Fold(&decoded[i]); err != nil {
			m.t.Fatalf("replay: %v", err)
		}
	}
	x, _ := json.Marshal(m.replay)
	y, _ := json.Marshal(m.st)
	if string(x) != string(y) {
		m.t.Fatalf("replayed state differs:\n got %s\nwant %s", x, y)
	}
	var back State
	if err := json.Unmarshal(y, &back); err != nil {
		m.t.Fatalf("state does not decode: %v", err)
	}
	if z, _ := json.Marshal(&back); string(z) != string(y) {
		m.t.Fatalf("state does not survive JSON:\n got %s\nwant %s", z, y)
	}
}

// checkResult checks the requests match the state's changes.
func (m *model) checkResult(cmd Command, res *Result) {
	for _, a := range res.Actions {
		if !slices.Contains(m.st.Actions, a) {
			m.t.Errorf("action request %s not pending in the state", a.ID)
		}
	}
	for _, tm := range res.Schedule {
		if !slices.Contains(m.st.Timers, tm) {
			m.t.Errorf("timer %s scheduled but not in the state", tm.ID)
		}
	}
	if cmd.Op == OpFireTimer && slices.ContainsFunc(m.st.Timers, func(x Timer) bool { return x.ID == cmd.Timer }) {
		m.t.Errorf("timer %s fired but still scheduled", cmd.Timer)
	}
}

// checkInvariants: no task lost or duplicated, a join fires once per activation, every running instance
// has work that will move it (a task, a timer, an action, a child call, or a token held for an
// administrator), finished instances hold nothing open, nobody reads or gets a copy twice.
// checkLog: a join fires once per activation; nobody is given the instance to read twice or copied twice.
// candidate is one command the model may issue.
type candidate struct {
	Command
	weight  int
	mayFail bool
	at      time.Time // fire_timer: the instant it is due
}

func (m *model) pickWeighted(cs []candidate) int {
	total := 0
	for _, c := range cs {
		total += c.weight
	}
	n := m.rng.IntN(total)
	for i, c := range cs {
		if n < c.weight {
			return i
		}
		n -= c.weight
	}
	return len(cs) - 1
}

var opWeights = map[Op]int{
	OpComplete: 40, OpApprove: 40, OpReject: 8, OpReturn: 6, OpClaim: 10, OpOpen: 4, OpTransfer: 3,
	OpDelegate: 3, OpAddSign: 4, OpRemoveSign: 3, OpRelease: 1, OpSave: 2, OpUrge: 1, OpCopy: 1, OpWithdraw: 10,
	OpSuspend: 0, OpResume: 0, OpTerminate: 0, OpReassign: 1, OpMove: 0, OpRetry: 0,
}

// candidates lists commands the state allows, asking Allowed for each person who could act.
func (m *model) candidates() []candidate {
	var out []candidate
	for _, t := range m.st.Tasks {
		for _, p := range append(t.people(), m.st.Initiator, "admin", "tanghui") {
			for _, op := range Allowed(m.c, m.st, p, t.ID, m.now, m.env) {
				if w := opWeights[op]; w > 0 {
					out = append(out, m.build(op, p, &t, w)...)
				}
			}
		}
	}
	for _, t := range m.parkedTasks() {
		for _, p := range []string{t.Assignee, "admin"} {
			for _, op := range Allowed(m.c, m.st, p, t.ID, m.now, m.env) {
				if op != OpRemoveSign {
					m.t.Errorf("%s allowed to %s on the parked task %s", op, p, t.ID)
				}
				out = append(out, m.build(op, p, &t, opWeights[op])...)
			}
		}
	}
	for _, u := range m.st.Undo {
		if slices.Contains(Allowed(m.c, m.st, u.Actor, u.Task, m.now, m.env), OpWithdraw) {
			out = append(out, candidate{Command: Command{Op: OpWithdraw, Actor: u.Actor, Task: u.Task}, weight: opWeights[OpWithdraw]})
		} else if m.st.Status == StatusRunning {
			_, err := Apply(m.c, m.st, Command{Op: OpWithdraw, Actor: u.Actor, Task: u.Task}, m.now, m.env)
			m.t.Errorf("undo record %s not withdrawable by %s: %v", u.Task, u.Actor, err)
		}
	}
	return append(out, m.serviceCommands()...)
}

// parkedTasks lists the tasks 前加签 parked whose adders wait for their turn.
func (m *model) parkedTasks() []Task {
	var out []Task
	for _, tok := range m.st.Tokens {
		if tok.Sign == nil {
			continue
		}
		for _, g := range tok.Sign.Signers {
			if g.Parked == nil {
				continue
			}
			if t, ok := m.st.parked(g.Parked.ID); ok {
				out = append(out, *t)
			}
		}
	}
	return out
}

func (m *model) build(op Op, actor string, t *Task, w int) []candidate {
	cmd := Command{Op: op, Actor: actor, Task: t.ID, Opinion: "意见"}
	s, _ := m.c.Step(t.Step)
	may := len(s.Require) > 0 || m.c.hasRequire()
	switch op {
	case OpComplete, OpApprove, OpSave:
		cmd.Form = m.form(s.Form)
		may = true
	case OpReject:
		if m.rng.IntN(10) == 0 {
			cmd.Opinion, may = "", true
		}
	case OpReturn:
		ts := ReturnTargets(m.c, m.st, t.ID)
		if len(ts) == 0 {
			m.t.Errorf("return allowed on %s without targets", t.ID)
			return nil
		}
		cmd.Target = ts[m.rng.IntN(len(ts))].Step
	case OpTransfer, OpDelegate:
		cmd.Person, may = m.anyone(), true
	case OpReassign:
		cmd.Person, cmd.Reason, may = m.anyone(), "工作调整", true
	case OpAddSign:
		cmd.Persons, cmd.Before, may = []string{m.anyone()}, m.rng.IntN(2) == 0, true
	case OpRemoveSign:
		rm := Removable(m.c, m.st, actor, t.ID, m.env)
		if len(rm) == 0 {
			m.t.Errorf("remove_sign allowed on %s without removable approvers", t.ID)
			return nil
		}
		cmd.Person = rm[m.rng.IntN(len(rm))]
	case OpCopy:
		cmd.Persons, may = []string{m.anyone()}, true
	case OpSuspend:
		cmd.Reason = "等待补正材料"
	case OpTerminate:
		cmd.Reason = "申请人撤回申请"
	}
	return []candidate{{Command: cmd, weight: w, mayFail: may}}
}

func (c *Compiled) hasRequire() bool {
	return slices.ContainsFunc(c.Def.Steps, func(s process.Step) bool { return len(s.Require) > 0 })
}

// serviceCommands: timers, actions, children, and an administrator's hand on held tokens and suspensions.
func (m *model) serviceCommands() []candidate {
	var out []candidate
	st := m.st
	for _, tm := range st.Timers {
		w := 3
		if tm.Kind == TimerWait {
			w = 20
		}
		out = append(out, candidate{Command: Command{Op: OpFireTimer, Timer: tm.ID}, weight: w, at: tm.At})
	}
	for _, a := range st.Actions {
		cmd := Command{Op: OpActionDone, Action: a.ID, Values: map[string]any{"docno": fmt.Sprintf("办发〔2026〕%d号", m.rng.IntN(99)+1)}}
		if m.rng.IntN(8) == 0 {
			cmd.Values, cmd.Failed = nil, "文号服务暂不可用"
		}
		out = append(out, candidate{Command: cmd, weight: 30})
	}
	for _, c := range st.Calls {
		if !c.Ended {
			out = append(out, candidate{Command: Command{Op: OpChildEnded, Call: c.ID, Result: "办结",
				Values: map[string]any{"note": "子流程已办结", "amount": float64(m.rng.IntN(1000))}}, weight: 20})
		}
	}
	if st.Finished() {
		return out
	}
	for _, tok := range st.Tokens {
		if tok.Held != "" {
			out = append(out, candidate{Command: Command{Op: OpRetry, Actor: "admin", Token: tok.ID}, weight: 10, mayFail: true})
			out = append(out, candidate{Command: Command{Op: OpMove, Actor: "admin", Token: tok.ID,
				Target: m.randomStep(), Reason: "调度"}, weight: 10, mayFail: true})
		}
	}
	for _, p := range []string{"admin", st.Initiator} {
		for _, op := range Allowed(m.c, st, p, "", m.now, m.env) {
			cmd, w := Command{Op: op, Actor: p, Reason: "原因"}, 0
			switch op {
			case OpResume:
				w = 30
			case OpSuspend:
				w = 1
			case OpTerminate:
				w = m.rng.IntN(4) / 3
			case OpMove:
				tok := st.Tokens[m.rng.IntN(len(st.Tokens))]
				cmd.Token, cmd.Target, w = tok.ID, m.randomStep(), 1
			}
			if w > 0 {
				out = append(out, candidate{Command: cmd, weight: w, mayFail: op == OpMove})
			}
		}
	}
	return out
}

func (m *model) randomStep() string {
	for {
		s := m.c.Def.Steps[m.rng.IntN(len(m.c.Def.Steps))]
		if s.Type != process.StepStart {
			return s.ID
		}
	}
}

func (m *model) anyone() string { return m.people[m.rng.IntN(len(m.people))] }

// form fills fields with random values of their types, now and then a wrong one.
func (m *model) form(ids []string) map[string]any {
	out := map[string]any{}
	for _, id := range ids {
		if f, ok := m.c.Def.Field(id); ok {
			if v := m.value(f); v != nil {
				out[id] = v
			}
		}
	}
	if len(ids) > 0 && m.rng.IntN(25) == 0 {
		out[ids[m.rng.IntN(len(ids))]] = []any{1, 2}
	}
	return out
}

// patternSamples are values tried on text fields with a pattern.
var patternSamples = []string{"省政办发〔2026〕1号", "91140000MA0K12345X", "13800138000", "140100", "2026-01-01", "A1"}

func (m *model) value(f *process.Field) any {
	pick := func(l []string) string { return l[m.rng.IntN(len(l))] }
	some := func(l []string) []any {
		var out []any
		for _, x := range l {
			if m.rng.IntN(3) == 0 {
				out = append(out, x)
			}
		}
		return out
	}
	switch f.Type {
	case process.FieldNumber:
		lo, hi := 0.0, 1000.0
		if f.Min != nil {
			lo = *f.Min
		}
		if f.Max != nil {
			hi = *f.Max
		}
		return strconv.FormatFloat(lo+float64(m.rng.IntN(int(hi-lo)+1)), 'f', -1, 64)
	case process.FieldBool:
		return m.rng.IntN(2) == 0
	case process.FieldDate:
		return m.now.AddDate(0, 0, m.rng.IntN(6)-2).Format(time.DateOnly)
	case process.FieldChoice:
		return pick(f.Options)
	case process.FieldChoices:
		return some(f.Options)
	case process.FieldUnit:
		return pick(m.units)
	case process.FieldUnits:
		return some(m.units)
	case process.FieldPerson:
		return pick(m.readers)
	case process.FieldPersons:
		return some(m.readers)
	case process.FieldAttachment:
		return []any{"附件1.pdf"}
	case process.FieldSecrecy:
		return pick(process.SecrecyLevels)
	case process.FieldUrgency:
		return pick(process.UrgencyLevels)
	}
	if f.Pattern != "" {
		re, err := regexp.Compile("^(?:" + f.Pattern + ")$")
		for _, s := range patternSamples {
			if err == nil && re.MatchString(s) {
				return s
			}
		}
		return nil
	}
	return "关于第" + strconv.Itoa(m.rng.IntN(100)) + "号事项" + strings.Repeat("的办理", m.rng.IntN(3))
}
