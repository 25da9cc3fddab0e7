package process

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/expr-lang/expr/file"
)

// ExprError says in Chinese what is wrong with a condition and where (Column counts characters from 1;
// 0 when unknown).
type ExprError struct {
	Source  string
	Column  int
	Message string
}

func (e *ExprError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("表达式“%s”第 %d 个字符处有误：%s", e.Source, e.Column, e.Message)
	}
	return fmt.Sprintf("表达式“%s”有误：%s", e.Source, e.Message)
}

var (
	reUnknownName = regexp.MustCompile(`^unknown name (\S+)`)
	reMismatch    = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched types (\S+) and (\S+)\)`)
	reExpected    = regexp.MustCompile(`^expected bool, but got (\S+)`)
	reToken       = regexp.MustCompile(`^unexpected token (\w+)(?:\("?(.*?)"?\))?`)
	reNotCallable = regexp.MustCompile(`^(\S+) is not callable`)
)

func exprError(def *Definition, src string, err error) *ExprError {
	e := &ExprError{Source: src, Message: err.Error()}
	var fe *file.Error
	if errors.As(err, &fe) {
		e.Message = fe.Message
		if fe.Snippet != "" {
			e.Column = fe.Column + 1
		}
	}
	e.Message = translateExpr(def, e.Message)
	return e
}

func translateExpr(def *Definition, msg string) string {
	if m := reUnknownName.FindStringSubmatch(msg); m != nil {
		return unknownNameMessage(def, m[1])
	}
	if m := reMismatch.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("“%s”两边的类型不匹配：%s 与 %s 不能这样运算", m[1], exprTypeName(m[2]), exprTypeName(m[3]))
	}
	if m := reExpected.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("条件的结果应为真或假，这里得到的是%s；请写成比较，例如 importance == \"一般\"", exprTypeName(m[1]))
	}
	if m := reToken.FindStringSubmatch(msg); m != nil {
		if m[1] == "EOF" {
			return "表达式不完整"
		}
		return fmt.Sprintf("此处不应出现“%s”", m[2])
	}
	if m := reNotCallable.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s不能当作函数调用", exprTypeName(m[1]))
	}
	if strings.HasPrefix(msg, "error parsing regexp") {
		return "正则表达式有误（" + msg + "）"
	}
	return msg
}

func unknownNameMessage(def *Definition, name string) string {
	if name == "now" {
		return "不能用 now()；当天日期请用 today"
	}
	ids := []string{TodayVar}
	for _, f := range def.Fields {
		ids = append(ids, f.ID)
	}
	if best := closest(name, ids); best != "" {
		return fmt.Sprintf("没有 id 为“%s”的字段，是否想写“%s”？", name, best)
	}
	slices.Sort(ids)
	if len(ids) > 20 {
		ids = append(ids[:20], "…")
	}
	return fmt.Sprintf("没有 id 为“%s”的字段；可用：%s", name, strings.Join(ids, "、"))
}

var exprTypeNames = map[string]string{
	"string": "文字", "float64": "数字", "int": "整数", "bool": "真假值", "time.Time": "日期",
	"[]string": "列表", "[]interface {}": "列表", "time.Duration": "时长", "nil": "空值",
}

func exprTypeName(t string) string {
	if n, ok := exprTypeNames[t]; ok {
		return n
	}
	return t
}

// closest returns the candidate within edit distance 2 of s, or "". Long lists (no real definition has
// them) get no suggestion, which keeps checking linear.
func closest(s string, candidates []string) string {
	if len(candidates) > 500 || len(s) > 200 {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := EditDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
