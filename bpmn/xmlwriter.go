package bpmn

import (
	"strings"
	"unicode/utf8"
)

// writer writes indented XML. Attributes are given as name, value pairs; pairs with an empty value are
// left out.
type writer struct {
	b     strings.Builder
	depth int
}

func (w *writer) indent() {
	w.b.WriteString(strings.Repeat("  ", w.depth))
}

func (w *writer) tag(name string, attrs []string, end string) {
	w.indent()
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.b.WriteString(" " + attrs[i] + `="` + escAttr(attrs[i+1]) + `"`)
	}
	w.b.WriteString(end + "\n")
}

func (w *writer) open(name string, attrs ...string) {
	w.tag(name, attrs, ">")
	w.depth++
}

func (w *writer) empty(name string, attrs ...string) { w.tag(name, attrs, "/>") }

func (w *writer) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

// text writes <name attrs>text</name>; nothing when text is empty.
func (w *writer) text(name, text string, attrs ...string) {
	if text == "" {
		return
	}
	w.indent()
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			w.b.WriteString(" " + attrs[i] + `="` + escAttr(attrs[i+1]) + `"`)
		}
	}
	w.b.WriteString(">" + escText(text) + "</" + name + ">\n")
}

// validXMLRune reports whether r may appear in an XML 1.0 document.
func validXMLRune(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func escape(s string, attr bool) string {
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue // an invalid byte
			}
		}
		switch {
		case !validXMLRune(r):
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case r == '\n' && attr:
			b.WriteString("&#10;")
		case r == '\t' && attr:
			b.WriteString("&#9;")
		case r == '\r':
			b.WriteString("&#13;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func escAttr(s string) string { return escape(s, true) }
func escText(s string) string { return escape(s, false) }
