package process

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds a definition file; the largest real process is a few dozen kilobytes.
const MaxFileSize = 1 << 20

// nodeBudget bounds the YAML nodes one file may expand to, aliases included; the largest real process has a
// few thousand.
const nodeBudget = 200_000

// Parse reads one process definition written in YAML. Reading is strict: unknown keys, duplicate keys and
// values of the wrong kind are errors. `who` and `next` take a single value or a list. Every element's Pos
// and KeyPos are filled in. On failure the error is a *ParseError listing every located problem, and the
// definition is nil. Parse does not check the definition's meaning: Check and Compile do.
func Parse(filename string, data []byte) (def *Definition, err error) {
	defer func() {
		if r := recover(); r != nil {
			def, err = nil, parseError(Pos{File: filename, Line: 1, Column: 1}, RuleSyntax, "无法读取：内容不是有效的 YAML")
		}
	}()
	root, perr := readDocument(filename, data)
	if perr != nil {
		return nil, perr
	}
	d := &decoder{file: filename, budget: nodeBudget}
	var out Definition
	d.structure(root, reflect.ValueOf(&out).Elem())
	if len(d.probs) > 0 {
		SortProblems(d.probs)
		return nil, &ParseError{Problems: d.probs}
	}
	return &out, nil
}

func parseError(pos Pos, rule, msg string) *ParseError {
	return &ParseError{Problems: []Problem{{Pos: pos, Rule: rule, Message: msg}}}
}

// readDocument returns the top-level mapping of the only YAML document in data.
func readDocument(file string, data []byte) (*yaml.Node, *ParseError) {
	start := Pos{File: file, Line: 1, Column: 1}
	if len(data) > MaxFileSize {
		return nil, parseError(start, RuleSyntax, fmt.Sprintf("文件过大（%d 字节）：一个流程定义不应超过 %d 字节", len(data), MaxFileSize))
	}
	if line, ok := invalidUTF8Line(data); !ok {
		return nil, parseError(Pos{File: file, Line: line, Column: 1}, RuleSyntax, "此行含有不是 UTF-8 编码的字节：请以 UTF-8 编码保存文件")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, parseError(start, RuleSyntax, "文件是空的：请写出流程的 id、name、category、owner、version、purpose 和 steps")
		}
		return nil, syntaxError(file, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, parseError(Pos{File: file, Line: secondDocumentLine(data, &extra), Column: 1}, RuleSyntax,
			"一个文件只能写一个流程：此处用“---”开始了第二个 YAML 文档，请把它移到单独的文件")
	} else if !errors.Is(err, io.EOF) {
		return nil, syntaxError(file, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, parseError(start, RuleSyntax, "文件是空的：请写出流程的 id、name、category、owner、version、purpose 和 steps")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, parseError(Pos{File: file, Line: root.Line, Column: root.Column}, RuleSyntax,
			"文件顶层应是流程的各个键（id: …、name: …、steps: …），这里是"+describe(root))
	}
	return root, nil
}

// secondDocumentLine finds the "---" that starts the document doc.
func secondDocumentLine(data []byte, doc *yaml.Node) int {
	content := doc.Line
	if len(doc.Content) > 0 {
		content = doc.Content[0].Line
	}
	found := content
	for i, line := range strings.Split(string(data), "\n") {
		if i+1 > 1 && i+1 <= content && strings.HasPrefix(line, "---") {
			found = i + 1
		}
	}
	return max(found, 1)
}

func invalidUTF8Line(data []byte) (int, bool) {
	if utf8.Valid(data) {
		return 0, true
	}
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, false
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line, false
}

var (
	yamlErrLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlErrAnchor = regexp.MustCompile(`unknown anchor '(.*)' referenced`)
	// The YAML parser (unlike its scanner) reports 0-based lines: the line where the enclosing collection
	// starts.
	zeroBasedErrors = []string{"did not find expected key", "did not find expected ',' or", "did not find expected '-'",
		"did not find expected node content", "did not find expected <", "found undefined tag handle",
		"found duplicate %", "found incompatible YAML"}
)

// syntaxError turns the YAML library's English message into a located Chinese one.
func syntaxError(file string, data []byte, err error) *ParseError {
	msg := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if slices.ContainsFunc(zeroBasedErrors, func(p string) bool { return strings.HasPrefix(msg, p) }) {
			line++
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlErrAnchor.FindStringSubmatch(msg); m != nil {
		line = lineOf(data, "*"+m[1])
	}
	return parseError(Pos{File: file, Line: line, Column: 1}, RuleSyntax, "YAML 语法错误："+translateYAML(msg))
}

var yamlMessages = []struct{ en, zh string }{
	{"mapping values are not allowed", "此处不能出现“键: 值”；常见原因是缩进不对齐，或值里有未加引号的“: ”（请给整个值加引号）"},
	{"did not find expected key", "缩进没有对齐，或上一行的值没有写完整（检查引号、括号是否成对）"},
	{"could not find expected ':'", "缺少“:”；每个键后面应写“: 值”（冒号后要有空格）"},
	{"tab character", "不能用 Tab 键缩进，请改用空格"},
	{"cannot start any token", "出现了不能作为值开头的字符（如 @、`、Tab）；请给这个值加引号，缩进请用空格"},
	{"unexpected end of stream", "文件意外结束：引号或括号没有闭合"},
	{"did not find expected ',' or ']'", "方括号列表缺少“,”或“]”"},
	{"did not find expected ',' or '}'", "花括号映射缺少“,”或“}”"},
	{"did not find expected node content", "缺少值，或列表、映射的写法不完整"},
	{"block sequence entries are not allowed", "此处不能出现“- ”列表项；请检查缩进"},
	{"did not find expected '-' indicator", "列表项缩进不一致：同一列表的每项都应以同样缩进的“- ”开头"},
	{"unknown anchor", "引用了没有定义的锚点（*名称 之前须有 &名称）"},
	{"found unknown escape character", "双引号字符串中有无效的转义（如 \\q）；需要反斜杠本身时请写 \\\\ 或改用单引号"},
	{"control characters are not allowed", "含有不可见的控制字符，请删除"},
	{"found unexpected document indicator", "引号字符串中出现了“---”或“...”文档标记"},
	{"exceeded max depth", "嵌套层数过多"},
	{"found undefined tag handle", "使用了未定义的标签（以 ! 开头）"},
	{"did not find expected comment or line break", "值的后面还有多余内容；请给整个值加引号，或把注释“#”前留一个空格"},
}

// lineOf returns the first line containing s, or 1.
func lineOf(data []byte, s string) int {
	if i := bytes.Index(data, []byte(s)); i >= 0 {
		return bytes.Count(data[:i], []byte("\n")) + 1
	}
	return 1
}

func translateYAML(msg string) string {
	for _, m := range yamlMessages {
		if strings.Contains(msg, m.en) {
			return m.zh
		}
	}
	return "无法解析（" + msg + "）"
}
