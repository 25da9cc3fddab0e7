package workflow

import (
	"github.com/govflow/govflow/engine"
)

// outcomeLabels name a completion in the 流转记录.
var outcomeLabels = map[string]string{
	engine.OutDone: "办理", engine.OutAgree: "同意", engine.OutReject: "不同意", engine.OutReturn: "退回",
	engine.OutRead: "已阅", engine.OutStart: "发起",
}

// eventLabels name the other events people see in the 流转记录; events not listed are the token game.
var eventLabels = map[string]string{
	engine.EvClaimed: "认领", engine.EvReleased: "放弃认领", engine.EvTransferred: "转办", engine.EvDelegated: "委派",
	engine.EvResolved: "办毕交回", engine.EvStepBack: "撤回", engine.EvSignAdded: "加签", engine.EvSignRemoved: "减签",
	engine.EvUrged: "催办", engine.EvReminded: "临期提醒", engine.EvEscalated: "超期督办", engine.EvSkipped: "跳过",
	engine.EvSuspended: "挂起", engine.EvResumed: "恢复", engine.EvTerminated: "终止", engine.EvCompleted: "办结",
	engine.EvActionDone: "自动处理", engine.EvActionFail: "自动处理失败", engine.EvCallReq: "启动子流程",
	engine.EvCallEnded: "子流程结束", engine.EvHeld: "受阻",
}

// history is the 流转记录: who did what when, with opinions, and for completed work the office time it took
// against the step's limit.
func (s *Service) history(rec *record, c *engine.Compiled, env engine.Env) []HistoryRow {
	dir := env.Directory
	created := map[string]*engine.Task{}
	due := map[string]TaskRow{}
	for _, t := range rec.tasks {
		due[t.ID] = t
	}
	var out []HistoryRow
	for i := range rec.events {
		e := &rec.events[i]
		if e.NewTask != nil {
			created[e.NewTask.ID] = e.NewTask
		}
		row := HistoryRow{Time: e.Time, Step: e.Step, StepName: e.StepName, Actor: e.Actor, Unit: e.Unit,
			Opinion: e.Opinion, Changes: e.Changes}
		if row.StepName == "" && e.Step != "" {
			row.StepName = c.StepName(e.Step)
		}
		switch e.Type {
		case engine.EvStarted:
			row.Action = "发起"
			row.Step = c.Def.Start().ID
			row.StepName = "发起"
		case engine.EvDone:
			row.Action = outcomeLabels[e.Outcome]
			if t := created[e.Task]; t != nil {
				if t.Kind == engine.KindRead {
					row.Action = "已阅"
				}
				timing(&row, t, due[t.ID], e, c, env)
			}
		case engine.EvCreated:
			t := e.NewTask
			if t == nil || t.Kind != engine.KindCopy {
				continue
			}
			row.Action, row.Actor = "抄送", t.By
			row.Opinion = joinText("抄送给 "+personName(dir, t.Assignee), t.Reason)
		case engine.EvOpened:
			if t := created[e.Task]; t == nil || t.Kind != engine.KindCopy {
				continue
			}
			row.Action = "已阅"
		case engine.EvEntered:
			if e.Actor == "" {
				continue
			}
			row.Action = "调度"
			if e.Reason == "重试" {
				row.Action = "重试"
			}
			row.Opinion = joinText("至 "+row.StepName, e.Reason)
		default:
			label, ok := eventLabels[e.Type]
			if !ok {
				continue
			}
			row.Action = label
			row.Opinion = joinText(row.Opinion, e.Reason)
			if e.Person != "" && (e.Type == engine.EvTransferred || e.Type == engine.EvDelegated || e.Type == engine.EvSignRemoved ||
				e.Type == engine.EvResolved) {
				row.Opinion = joinText(label+"给 "+personName(dir, e.Person), e.Opinion)
			}
			if e.Type == engine.EvCompleted || e.Type == engine.EvTerminated {
				row.Opinion = joinText(e.Result, row.Opinion)
			}
		}
		row.ActorName, row.OnBehalfOfName = personName(dir, row.Actor), personName(dir, e.OnBehalfOf)
		if e.Type == engine.EvResolved {
			row.OnBehalfOfName = "" // a 委派 hand-back is the delegate's own act (older logs recorded it as 代理)
		}
		out = append(out, row)
	}
	return out
}

// timing fills how long completed work took (office time from its creation) against its step's limit, and
// whether it was late (by its due instant as finally set: a resume moves it).
func timing(row *HistoryRow, t *engine.Task, proj TaskRow, e *engine.Event, c *engine.Compiled, env engine.Env) {
	if st, ok := c.Step(t.Step); ok {
		row.Limit = st.Limit
	}
	if dl, ok := env.Deadlines.(*deadlines); ok {
		row.Took = tookText(dl.cal.WorkingTime(t.Created, e.Time), dl.cal.Hours().PerDay())
	}
	due := t.Due
	if !proj.Due.IsZero() {
		due = proj.Due
	}
	row.Late = !due.IsZero() && e.Time.After(due)
}

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "：" + b
}
