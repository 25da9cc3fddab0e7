package bpmn

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// Limits on what Import reads; real models are far smaller.
const (
	MaxFileSize = 32 << 20
	maxDepth    = 256
	maxElements = 500_000
)

// elem is one element of a read XML document, with where it starts.
type elem struct {
	space, local string
	attrs        []xml.Attr
	kids         []*elem
	text         strings.Builder
	line, col    int
	parent       *elem
}

// attr returns the value of the attribute with the given local name in no namespace (or any namespace
// when only one matches), "" when absent.
func (e *elem) attr(local string) string {
	for _, a := range e.attrs {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == e.space) {
			return a.Value
		}
	}
	return ""
}

// attrNS returns the value of the attribute local in namespace space.
func (e *elem) attrNS(space, local string) (string, bool) {
	for _, a := range e.attrs {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value, true
		}
	}
	return "", false
}

// children returns the direct children in namespace space with the given local name ("" for any).
func (e *elem) children(space, local string) []*elem {
	var out []*elem
	for _, k := range e.kids {
		if k.space == space && (local == "" || k.local == local) {
			out = append(out, k)
		}
	}
	return out
}

func (e *elem) child(space, local string) *elem {
	for _, k := range e.kids {
		if k.space == space && k.local == local {
			return k
		}
	}
	return nil
}

// content is the element's text with surrounding white space removed.
func (e *elem) content() string { return strings.TrimSpace(e.text.String()) }

// Error is a problem that stops Import, located in the file when the reader knows where.
type Error struct {
	Line, Column int
	Message      string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("第 %d 行第 %d 列：%s", e.Line, e.Column, e.Message)
	}
	return e.Message
}

func errorAt(line, col int, format string, args ...any) *Error {
	if line <= 0 {
		line, col = 1, 1
	}
	return &Error{Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

// readTree reads a whole XML document into a tree. Encodings other than UTF-8 (ISO-8859-1, GBK …) are
// converted as declared.
func readTree(r io.Reader) (*elem, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &Error{Message: "无法读取文件：" + err.Error()}
	}
	if len(data) > MaxFileSize {
		return nil, &Error{Message: fmt.Sprintf("文件超过 %d MB，不予读取", MaxFileSize>>20)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorAt(1, 1, "文件是空的：不是 BPMN 2.0 XML 文件")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	var root *elem
	var stack []*elem
	count := 0
	for {
		line, col := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			l, c := dec.InputPos()
			return nil, errorAt(l, c, "XML 格式有误：%s", xmlMessage(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxElements {
				return nil, errorAt(line, col, "元素超过 %d 个，不予读取", maxElements)
			}
			if len(stack) >= maxDepth {
				return nil, errorAt(line, col, "元素嵌套超过 %d 层，不予读取", maxDepth)
			}
			e := &elem{space: t.Name.Space, local: t.Name.Local, attrs: t.Attr, line: line, col: col}
			if len(stack) > 0 {
				e.parent = stack[len(stack)-1]
				e.parent.kids = append(e.parent.kids, e)
			} else if root != nil {
				return nil, errorAt(line, col, "XML 文件只能有一个根元素")
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, errorAt(line, col, "根元素之外不能有文字")
			}
		}
	}
	if root == nil {
		return nil, errorAt(1, 1, "文件中没有 XML 元素：不是 BPMN 2.0 XML 文件")
	}
	return root, nil
}

func charsetReader(label string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("不支持的字符编码 %q", label)
	}
	return enc.NewDecoder().Reader(input), nil
}

// xmlMessage is the decoder's complaint without its own line prefix.
func xmlMessage(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return syntaxMessage(se.Msg)
	}
	msg := err.Error()
	if i := strings.Index(msg, "不支持的字符编码"); i >= 0 {
		return msg[i:]
	}
	return msg
}

var closedBy = regexp.MustCompile(`^element <(\S+)> closed by </(\S+)>$`)

// syntaxMessage says the decoder's commonest complaints in Chinese, and quotes the others.
func syntaxMessage(msg string) string {
	switch {
	case msg == "unexpected EOF":
		return "文件在元素结束之前就结束了（缺少结束标签？）"
	case closedBy.MatchString(msg):
		m := closedBy.FindStringSubmatch(msg)
		return fmt.Sprintf("元素 <%s> 却以 </%s> 结束：标签不配对", m[1], m[2])
	case strings.HasPrefix(msg, "invalid character entity"):
		return "无效的字符实体" + strings.TrimPrefix(msg, "invalid character entity") + "（XML 只认 &amp; &lt; &gt; &quot; &apos; 和数字实体）"
	}
	return msg
}
