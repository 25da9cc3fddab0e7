package engine

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/govflow/govflow/process"
)

// tenSteps is a ten-step approval chain (Camunda's sizing model assumes ten tasks per instance), each step
// with a limit (deadline, reminder and escalation timers), the first a pool task with a form.
func tenSteps() *process.Definition {
	steps := []process.Step{{ID: "start", Type: process.StepStart, Form: []string{"title", "importance"}, Next: next("s1")}}
	heads := []string{"秘书处", "综合一处", "法规处", "督查室", "办公厅"}
	for i := 1; i <= 10; i++ {
		s := process.Step{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("第%d步", i), Type: process.StepApproval,
			Mode: process.ModeAny, Who: head(heads[i%len(heads)]), Limit: "2个工作日", Reject: "s1",
			Next: next(fmt.Sprintf("s%d", i+1))}
		if i == 1 {
			s.Type, s.Mode, s.Reject, s.Who, s.Form = process.StepTask, "", "", who("秘书处", "收发员"), []string{"note"}
		}
		if i == 10 {
			s.Next = next("end")
		}
		steps = append(steps, s)
	}
	return testDef(append(steps, process.Step{ID: "end", Type: process.StepEnd})...)
}

// BenchmarkApprove measures one typical command: an approval in the middle of a ten-step chain, including
// the copy of the state, the events, the next task with its deadline, and the requests.
func BenchmarkApprove(b *testing.B) {
	c, err := Compile(tenSteps())
	if err != nil {
		b.Fatal(err)
	}
	env := testEnv()
	st := benchState(b, c, env, 5)
	task := st.Tasks[0]
	cmd := Command{Op: OpApprove, Actor: task.Assignee, Task: task.ID, Opinion: "同意"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Apply(c, st, cmd, t0, env); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstance runs a whole ten-step instance: start and ten completions.
func BenchmarkInstance(b *testing.B) {
	c, err := Compile(tenSteps())
	if err != nil {
		b.Fatal(err)
	}
	env := testEnv()
	b.ReportAllocs()
	for b.Loop() {
		benchState(b, c, env, 11)
	}
}

// BenchmarkStateJSON measures what the store does around a command: decode the state, encode it back.
func BenchmarkStateJSON(b *testing.B) {
	c, _ := Compile(tenSteps())
	st := benchState(b, c, testEnv(), 5)
	data, _ := json.Marshal(st)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var s State
		if err := json.Unmarshal(data, &s); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(&s); err != nil {
			b.Fatal(err)
		}
	}
}

// benchState starts an instance and completes n-1 of its steps.
func benchState(b *testing.B, c *Compiled, env Env, n int) *State {
	res, err := Apply(c, nil, Command{Op: OpStart, Actor: "wu", Instance: "I1", Form: map[string]any{"title": "请示"}}, t0, env)
	if err != nil {
		b.Fatal(err)
	}
	st := res.State
	for i := 1; i < n && len(st.Tasks) > 0; i++ {
		t := st.Tasks[0]
		cmd := Command{Op: OpApprove, Actor: t.Assignee, Task: t.ID}
		if t.Kind == KindDo {
			cmd = Command{Op: OpComplete, Actor: t.Candidates[0].Person, Task: t.ID, Form: map[string]any{"note": "已办"}}
		}
		if res, err = Apply(c, st, cmd, t0, env); err != nil {
			b.Fatal(err)
		}
		st = res.State
	}
	return st
}
