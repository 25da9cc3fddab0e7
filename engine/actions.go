package engine

import (
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// Actions are the system actions an auto step may name, with what each does. The service performs them
// (OpActionDone answers each request); the linter checks definitions against ActionNames.
var Actions = map[string]string{
	"assign_doc_number": "编发文字号",
	"register_document": "收文登记编号",
	"apply_seal":        "加盖电子印章",
	"archive":           "整理归档",
	"publish":           "发布公开",
	"notify":            "发送通知",
	"generate_receipt":  "生成受理回执",
	"issue_result":      "统一出件",
	"request_rating":    "邀请好差评",
	"create_matter":     "督查立项",
}

// ActionNames returns the names of Actions, sorted.
func ActionNames() []string {
	out := make([]string, 0, len(Actions))
	for n := range Actions {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func checkAction(s *process.Step) string {
	if s.Type != process.StepAuto {
		return ""
	}
	if _, ok := Actions[s.Action]; !ok {
		return "的系统动作" + quote(s.Action) + "不存在，可用：" + strings.Join(ActionNames(), "、")
	}
	return ""
}

func quote(s string) string { return "“" + s + "”" }
