package bpmn

import (
	"regexp"
	"strings"
)

var (
	feelLiteral    = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	feelQuantifier = regexp.MustCompile(`\b(some|every)\s+\w+\s+in\b.*\bsatisfies\b`)
	feelInstanceOf = regexp.MustCompile(`\binstance\s+of\b`)
	feelEquals     = regexp.MustCompile(`(^|[^=!<>])=([^=]|$)`)
)

// feelSign says how a condition reads as FEEL (the expression language of DMN and Camunda 8) rather than
// govflow's expressions, or "" when it does not. A single "=" is XPath's equality as well.
func feelSign(cond, language string) string {
	text := strings.TrimSpace(feelLiteral.ReplaceAllString(cond, `""`))
	switch {
	case text == "":
		return ""
	case strings.HasPrefix(text, "="):
		return "FEEL 写法（以“=”开头）"
	case strings.Contains(strings.ToLower(language), "feel"):
		return "FEEL 写法（声明的条件语言为 FEEL）"
	case feelQuantifier.MatchString(text):
		return "FEEL 写法（用 some/every … satisfies 判断列表）"
	case feelInstanceOf.MatchString(text):
		return "FEEL 写法（用 instance of 判断类型）"
	case feelEquals.MatchString(text):
		return "FEEL 或 XPath 写法（用单个“=”比较相等，govflow 写作“==”）"
	}
	return ""
}

// foreignConditions warns about the conditions written in FEEL on the flows that are imported.
func (im *importer) foreignConditions() {
	for _, f := range im.flows {
		if f.gone || f.el == nil || f.cond == "" {
			continue
		}
		c := f.el.child(im.ns, "conditionExpression")
		if how := feelSign(f.cond, c.attr("language")); how != "" {
			im.warn(f.el, f.id, "顺序流%s的条件“%s”是 %s，govflow 不能照此判断：请改写为按字段 id 书写的 expr 表达式，如 approved == true、risk == \"red\"",
				quoted(displayName(f.el)), f.cond, how)
		}
	}
}
