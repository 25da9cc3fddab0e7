package handbook

import (
	"html/template"
	"regexp"
	"strings"
	"unicode"

	"github.com/govflow/govflow/flowchart"
)

var exprToken = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|==|!=|>=|<=|&&|\|\||\S`)

var exprWords = map[string]string{
	"==": "为", "!=": "不为", ">=": "≥", "<=": "≤", "&&": "且", "and": "且", "||": "或", "or": "或",
	"!": "非", "not": "非", "in": "属于", "true": "是", "false": "否", "today": "当天", "[": "〔", "]": "〕",
}

var (
	lenZero    = regexp.MustCompile(`len\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*==\s*0`)
	lenNonZero = regexp.MustCompile(`len\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*(?:>|!=)\s*0`)
)

var negated = regexp.MustCompile(`(?:\bnot\s+|!)\s*([A-Za-z_][A-Za-z0-9_]*)\b(\s*[(.=!<>\[]|\s+in\b)?`)

// readable writes a condition for people: field ids become field names, operators become words, and
// quoted values get Chinese quotes (importance == "一般" → 重要程度为“一般”; not urgent → 加急为否 when
// urgent is one of the yes/no fields in bools).
func readable(expr string, fields map[string]string, bools map[string]bool) string {
	expr = lenZero.ReplaceAllString(expr, "$1 为空")
	expr = lenNonZero.ReplaceAllString(expr, "$1 不为空")
	expr = negated.ReplaceAllStringFunc(expr, func(m string) string {
		sub := negated.FindStringSubmatch(m)
		if sub[2] != "" || !bools[sub[1]] {
			return m
		}
		return sub[1] + " == false"
	})
	var out []string
	for _, t := range exprToken.FindAllString(expr, -1) {
		switch {
		case len(t) >= 2 && (t[0] == '"' || t[0] == '\''):
			out = append(out, "“"+t[1:len(t)-1]+"”")
		case fields[t] != "":
			out = append(out, fields[t])
		case exprWords[t] != "":
			out = append(out, exprWords[t])
		default:
			out = append(out, t)
		}
	}
	var b strings.Builder
	for i, t := range out {
		if i > 0 && latin(out[i-1]) && latin(t) {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return strings.ReplaceAll(b.String(), ",", "、")
}

// latin reports whether a token is written in Latin letters or digits, which need a space between them.
func latin(t string) bool {
	r := []rune(t)
	return len(r) > 0 && r[0] < 0x80 && r[len(r)-1] < 0x80 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0]))
}

// legend is the key to the flowcharts' symbols.
func legend() template.HTML { return template.HTML(flowchart.Legend()) }
