package web

import (
	"fmt"
	"html/template"
	"time"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

// Template functions of the work pages.
func init() {
	for k, v := range (template.FuncMap{
		"lateText":     lateText,
		"flagShort":    flagShort,
		"flagTitle":    engine.FlagLabel,
		"person":       personText,
		"kindLabel":    kindLabel,
		"outcomeLabel": outcomeLabel,
		"statusLabel":  statusLabel,
		"md":           monthDay,
		"hm":           hourMinute,
		"opTitle":      func(op string) string { return engine.Op(op).Label() },
		"opDesc":       func(op string) string { return opDescs[engine.Op(op)] },
		"since":        func(now, t time.Time) time.Duration { return now.Sub(t) },
		"args":         func(v ...any) []any { return v },
		"fieldName":    fieldName,
	}) {
		funcs[k] = v
	}
}

// lateText says how late something is: 2天3小时, 5小时, 40分钟.
func lateText(d time.Duration) string {
	if d < time.Minute {
		return "不足1分钟"
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d天%d小时", days, hours)
	case days > 0:
		return fmt.Sprintf("%d天", days)
	case hours > 0:
		return fmt.Sprintf("%d小时", hours)
	}
	return fmt.Sprintf("%d分钟", mins)
}

// flagShort is a task flag as a short tag; flagTitle (engine.FlagLabel) explains it.
func flagShort(f string) string {
	switch f {
	case engine.FlagUnresolved, engine.FlagOwnerHead:
		return "未能按规则分派"
	case engine.FlagDueUnknown:
		return "期限待定"
	case engine.FlagNoDue:
		return "无期限"
	case engine.FlagEscalated:
		return "已上报"
	case engine.FlagActing:
		return "代理"
	case engine.FlagReturned:
		return "退回"
	}
	return engine.FlagLabel(f)
}

// personText names who did something, with whom they stood in for: 林晓（代黄伟）.
func personText(name, onBehalfOf string) string {
	if onBehalfOf == "" || onBehalfOf == name {
		return name
	}
	return name + "（代" + onBehalfOf + "）"
}

func kindLabel(kind string) string {
	switch kind {
	case engine.KindDo:
		return "办理"
	case engine.KindApprove:
		return "审批"
	case engine.KindRead:
		return "传阅"
	case engine.KindCopy:
		return "抄送"
	}
	return kind
}

func outcomeLabel(o string) string {
	switch o {
	case engine.OutDone:
		return "已办理"
	case engine.OutAgree:
		return "同意"
	case engine.OutReject:
		return "不同意"
	case engine.OutReturn:
		return "退回"
	case engine.OutRead:
		return "已阅"
	case engine.OutStart:
		return "发起"
	}
	return o
}

func statusLabel(st string) string {
	switch st {
	case engine.StatusRunning:
		return "办理中"
	case engine.StatusSuspended:
		return "已挂起"
	case engine.StatusCompleted:
		return "已办结"
	case engine.StatusTerminated:
		return "已终止"
	}
	return st
}

// monthDay is a short Beijing time for dense lists: 03-02 09:30.
func monthDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Beijing).Format("01-02 15:04")
}

// hourMinute is the Beijing time of day: 09:30.
func hourMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Beijing).Format("15:04")
}

// fieldName is the name of a field of def, or its id.
func fieldName(def *process.Definition, id string) string {
	if def != nil {
		if f, ok := def.Field(id); ok {
			return f.Name
		}
	}
	return id
}

// opDescs explain the operations beside their names on the task page.
var opDescs = map[engine.Op]string{
	engine.OpReturn:     "退回到此前办理过的环节，由原经办人重新办理",
	engine.OpTransfer:   "交由他人办理，本人不再经手",
	engine.OpDelegate:   "请他人代为办理，办毕后交回本人",
	engine.OpAddSign:    "增加审批人：前加签先于本人审批，后加签在本人同意后审批",
	engine.OpRemoveSign: "减去本人加签、尚未审批的人员",
	engine.OpCopy:       "送他人知悉，不影响流转，可查看阅读情况",
	engine.OpUrge:       "提醒当前办理人抓紧办理，催办次数记入记录",
	engine.OpSuspend:    "暂停流转，期限暂停计算",
	engine.OpTerminate:  "结束本流程，所有待办随之取消，不能恢复",
	engine.OpReassign:   "管理员将此事项改由他人办理",
	engine.OpMove:       "管理员将流程调到指定环节",
}
