package lint

import "github.com/govflow/govflow/process"

// Rule describes one rule the linter reports.
type Rule struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
}

// Rule ids of the linter's own rules; the reader's and Check's ids (process.Rule…) are reported as well.
const (
	RuleMissingLimit     = "missing-limit"
	RuleOverLimit        = "over-limit"
	RuleVagueOwner       = "vague-owner"
	RuleUnknownUnit      = "unknown-unit"
	RuleUnknownPost      = "unknown-post"
	RuleUnknownRole      = "unknown-role"
	RuleUnstaffedPost    = "unstaffed-post"
	RuleUnreachable      = "unreachable"
	RuleNoEnd            = "no-end"
	RuleDeadlock         = "deadlock"
	RuleUnmatchedSplit   = "unmatched-split"
	RuleUnbounded        = "unbounded"
	RuleStateSpace       = "state-space"
	RuleNoDefault        = "no-default"
	RuleApprovalChain    = "approval-chain"
	RuleDuplicateProcess = "duplicate-process"
	RuleUnknownProcess   = "unknown-process"
	RuleUnknownRelated   = "unknown-related"
	RuleUnknownAction    = "unknown-action"
)

// Rules lists every rule with its severity, in the order the documentation explains them.
var Rules = []Rule{
	{process.RuleSyntax, Error, "文件不是有效的 YAML，或不是一个流程"},
	{process.RuleUnknownKey, Error, "格式中没有的键（多为拼写错误）"},
	{process.RuleDuplicateKey, Error, "同一处重复写了某个键"},
	{process.RuleType, Error, "值的种类不对（如应为整数、列表）"},
	{process.RuleRequiredKey, Error, "缺少必填的键"},
	{process.RuleBadID, Error, "标识不合规范"},
	{process.RuleDuplicateID, Error, "环节或字段的 id 重复"},
	{process.RuleStart, Error, "开始环节不是恰好一个，或有环节回到开始"},
	{process.RuleEnd, Error, "没有结束环节"},
	{process.RuleUnknownStep, Error, "指向不存在的环节"},
	{process.RuleStepType, Error, "未知的环节类型"},
	{process.RuleStepKeys, Error, "环节的键与其类型不符，或缺少该类型必需的键"},
	{process.RuleField, Error, "字段定义有误"},
	{process.RuleForm, Error, "form 引用了未定义的字段"},
	{process.RuleWho, Error, "办理人规则写法有误"},
	{process.RuleMissingOwner, Error, "流程没有牵头单位，或有人办理的环节没有写由谁办理"},
	{process.RuleExpression, Error, "条件表达式无法编译或类型不符"},
	{process.RuleSkipIf, Error, "skip_if 写在不能跳过的环节上"},
	{process.RuleVagueLimit, Error, "时限含糊（及时、尽快 …）"},
	{process.RuleBadLimit, Error, "时限无法识别"},
	{RuleMissingLimit, Error, "有人办理的环节没有时限"},
	{RuleOverLimit, Error, "最长路径上各环节时限之和超过流程总时限"},
	{RuleVagueOwner, Error, "责任单位含糊（有关处室、相关部门 …）"},
	{RuleUnknownUnit, Error, "组织机构中没有这个处室"},
	{RuleUnknownPost, Error, "组织机构中没有这个岗位"},
	{RuleUnknownRole, Error, "没有这个角色"},
	{RuleUnstaffedPost, Warning, "处室中没有人担任这个岗位"},
	{RuleUnreachable, Error, "从开始走不到的环节"},
	{RuleNoEnd, Error, "走不到结束的环节"},
	{RuleDeadlock, Error, "流程会卡住：并行汇聚永远等不齐"},
	{RuleUnmatchedSplit, Error, "并行分支没有汇聚就结束：到达结束时仍有分支在运行"},
	{RuleUnbounded, Error, "循环中的并行分支使待办无限增多"},
	{RuleStateSpace, Warning, "状态过多，未能完成控制流检查"},
	{RuleNoDefault, Error, "排他网关没有 default"},
	{RuleApprovalChain, Error, "连续审批层级过多（环节最少）"},
	{RuleDuplicateProcess, Error, "流程 id 在目录中重复"},
	{RuleUnknownProcess, Error, "调用的流程不在目录中"},
	{RuleUnknownRelated, Warning, "相关流程不在目录中"},
	{RuleUnknownAction, Error, "未知的系统动作"},
}

var severities = func() map[string]Severity {
	m := make(map[string]Severity, len(Rules))
	for _, r := range Rules {
		m[r.ID] = r.Severity
	}
	return m
}()

func severityOf(rule string) Severity {
	if s, ok := severities[rule]; ok {
		return s
	}
	return Error
}
