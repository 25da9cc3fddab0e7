package workflow

import (
	"fmt"

	"github.com/govflow/govflow/process"
)

// BenchProcess is the ten-step approval process `govflow bench engine` drives (Camunda's sizing model assumes
// ten tasks per instance): a pool task of the 秘书处 收发员 with a form, then nine approvals by the heads of
// the demo office's units, each with a two-working-day limit (so every task has its reminder and escalation
// timers).
func BenchProcess() *process.Definition {
	units := []string{"秘书处", "综合一处", "综合二处", "督查室", "机要处", "法规处", "会务处", "政务公开办", "行政处"}
	steps := []process.Step{{ID: "start", Type: process.StepStart, Form: []string{"title"}, Next: []string{"s1"}}}
	steps = append(steps, process.Step{ID: "s1", Name: "登记", Type: process.StepTask, Limit: "2个工作日",
		Who: []process.Assignee{{Unit: "秘书处", Post: "收发员"}}, Form: []string{"note"}, Next: []string{"s2"}})
	for i, u := range units {
		n := i + 2
		next := fmt.Sprintf("s%d", n+1)
		if n == 10 {
			next = "end"
		}
		steps = append(steps, process.Step{ID: fmt.Sprintf("s%d", n), Name: u + "审核", Type: process.StepApproval,
			Mode: process.ModeAny, Who: []process.Assignee{{Unit: u, Role: process.RoleUnitHead}}, Limit: "2个工作日",
			Reject: "s1", Next: []string{next}})
	}
	steps = append(steps, process.Step{ID: "end", Type: process.StepEnd, Result: "办结"})
	return &process.Definition{ID: "bench-approval", Name: "十步审批（性能测试）", Category: "综合协调", Owner: "秘书处",
		Version: 1, Purpose: "性能测试用的十步审批流程：一个登记环节和九级审核。", Limit: "20个工作日",
		Fields: []process.Field{{ID: "title", Name: "标题", Type: process.FieldText, Required: true, Max: ptr(200)},
			{ID: "note", Name: "登记意见", Type: process.FieldTextarea}},
		Steps: steps}
}

func ptr(f float64) *float64 { return &f }
