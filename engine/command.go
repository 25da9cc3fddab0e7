package engine

// Op names an operation. Label gives its Chinese name for buttons and the history.
type Op string

// Operations people issue.
const (
	OpStart      Op = "start"       // 发起
	OpOpen       Op = "open"        // 查看: marks a task opened (read receipt; ends 撤回 of the step before)
	OpClaim      Op = "claim"       // 认领 a pool task
	OpRelease    Op = "release"     // 放弃认领: back to the pool
	OpSave       Op = "save"        // 暂存 the step's form
	OpComplete   Op = "complete"    // 办理 (a reading task: 已阅; a delegated task: 办毕交回)
	OpApprove    Op = "approve"     // 同意
	OpReject     Op = "reject"      // 不同意
	OpReturn     Op = "return"      // 退回 to an earlier step
	OpWithdraw   Op = "withdraw"    // 撤回 one's completion while the next step is untouched
	OpTransfer   Op = "transfer"    // 转办
	OpDelegate   Op = "delegate"    // 委派
	OpAddSign    Op = "add_sign"    // 加签
	OpRemoveSign Op = "remove_sign" // 减签
	OpCopy       Op = "cc"          // 抄送
	OpUrge       Op = "urge"        // 催办
	OpSuspend    Op = "suspend"     // 挂起
	OpResume     Op = "resume"      // 恢复
	OpTerminate  Op = "terminate"   // 终止
	OpMove       Op = "move"        // 调度: move a token to another step (administrator)
	OpReassign   Op = "reassign"    // 调度: give a task to another person (administrator)
	OpRetry      Op = "retry"       // 重试 a held token (administrator)
)

// Operations the service issues.
const (
	OpFireTimer  Op = "fire_timer"  // a scheduled timer is due
	OpActionDone Op = "action_done" // an automatic step's action finished (or failed: Failed)
	OpChildEnded Op = "child_ended" // a called child instance ended
)

var opLabels = map[Op]string{
	OpStart: "发起", OpOpen: "查看", OpClaim: "认领", OpRelease: "放弃认领", OpSave: "暂存", OpComplete: "办理",
	OpApprove: "同意", OpReject: "不同意", OpReturn: "退回", OpWithdraw: "撤回", OpTransfer: "转办",
	OpDelegate: "委派", OpAddSign: "加签", OpRemoveSign: "减签", OpCopy: "抄送", OpUrge: "催办",
	OpSuspend: "挂起", OpResume: "恢复", OpTerminate: "终止", OpMove: "调度", OpReassign: "改派",
	OpRetry: "重试", OpFireTimer: "定时到期", OpActionDone: "自动处理完成", OpChildEnded: "子流程结束",
}

// Label returns the operation's Chinese name.
func (o Op) Label() string {
	if l, ok := opLabels[o]; ok {
		return l
	}
	return string(o)
}

// System reports whether the service, not a person, issues the operation.
func (o Op) System() bool { return o == OpFireTimer || o == OpActionDone || o == OpChildEnded }

// Command is one operation on one instance. Which fields matter depends on Op (docs/engine-operations.md).
type Command struct {
	Op      Op             `json:"op"`
	Actor   string         `json:"actor,omitempty"` // person id; empty for the service's operations
	Task    string         `json:"task,omitempty"`
	Opinion string         `json:"opinion,omitempty"` // 意见
	Form    map[string]any `json:"form,omitempty"`    // the step's form input, as posted or as JSON
	Target  string         `json:"target,omitempty"`  // return, move: the step to go to
	Token   string         `json:"token,omitempty"`   // move, retry
	Person  string         `json:"person,omitempty"`  // transfer, delegate, reassign, remove_sign
	Persons []string       `json:"persons,omitempty"` // add_sign, cc
	Before  bool           `json:"before,omitempty"`  // add_sign: before oneself (前加签)
	Reason  string         `json:"reason,omitempty"`  // suspend, terminate, move, reassign; urge's message

	Instance   string `json:"instance,omitempty"`    // start: the new instance's id
	Parent     string `json:"parent,omitempty"`      // start of a child: the calling instance
	ParentCall string `json:"parent_call,omitempty"` // start of a child: the call waiting for it

	Timer  string         `json:"timer,omitempty"`  // fire_timer
	Action string         `json:"action,omitempty"` // action_done
	Call   string         `json:"call,omitempty"`   // child_ended
	Values map[string]any `json:"values,omitempty"` // action_done, child_ended: fields set
	Result string         `json:"result,omitempty"` // child_ended: the child's result
	Failed string         `json:"failed,omitempty"` // action_done: why the action failed
}
