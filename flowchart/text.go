package flowchart

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FontFamily is the font list every drawing uses: CJK faces first (Linux, Windows, macOS), then any sans-serif.
const FontFamily = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC'," +
	"'Hiragino Sans GB','WenQuanYi Micro Hei',sans-serif"

// runeWidth estimates a rune's advance in em for the fonts above. It errs on the wide side so that
// wrapped text stays inside its box whichever of the fonts the reader has.
func runeWidth(r rune) float64 {
	switch {
	case r < 0x20:
		return 0
	case r == ' ':
		return 0.32
	case r < 0x7f:
		if strings.ContainsRune("iljI.,:;'|!()[]", r) {
			return 0.34
		}
		if strings.ContainsRune("mwMW@", r) {
			return 0.9
		}
		if unicode.IsUpper(r) {
			return 0.68
		}
		return 0.6
	case r >= 0xff61 && r <= 0xff9f: // half-width katakana
		return 0.5
	default:
		return 1.0
	}
}

// TextWidth estimates the width in pixels of s set in the given font size.
func TextWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

// noLineStart are characters a line must not begin with (避头点), noLineEnd those it must not end with.
const (
	noLineStart = "，。、；：？！）》」』】〕”’…—·,.;:?!)]}%"
	noLineEnd   = "（《「『【〔“‘([{"
)

// Wrap breaks s into lines no wider than width pixels at the given font size. Chinese text breaks between
// any two characters except before closing punctuation and after opening punctuation; Latin words and
// numbers stay whole unless they alone are too wide. At most maxLines lines are returned (0: no limit);
// a cut last line ends with an ellipsis.
func Wrap(s string, size, width float64, maxLines int) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapPara(tokens(para), size, width)...)
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = ellipsize(lines[maxLines-1], size, width)
	}
	return lines
}

// tokens splits s into unbreakable pieces: one CJK character (with any following closing punctuation and
// any preceding opening punctuation attached) or one run of Latin letters and digits.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	prevWord := false
	for _, r := range s {
		word := r < 0x7f && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-')
		switch {
		case strings.ContainsRune(noLineStart, r):
			cur.WriteRune(r) // stays with what precedes it
			prevWord = false
			continue
		case word && prevWord:
			cur.WriteRune(r)
			continue
		}
		if !endsWithOpener(cur.String()) {
			flush()
		}
		cur.WriteRune(r)
		prevWord = word
	}
	flush()
	return out
}

func endsWithOpener(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r != utf8.RuneError && strings.ContainsRune(noLineEnd, r)
}

func wrapPara(toks []string, size, width float64) []string {
	var lines []string
	line, lineW := "", 0.0
	for _, t := range toks {
		tw := TextWidth(t, size)
		if line != "" && lineW+tw > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line, lineW = "", 0
			t = strings.TrimLeft(t, " ")
			tw = TextWidth(t, size)
		}
		for tw > width && utf8.RuneCountInString(t) > 1 { // an over-long word: break it by characters
			head, rest := splitAtWidth(t, size, width)
			lines = append(lines, head)
			t, tw = rest, TextWidth(rest, size)
		}
		line += t
		lineW += tw
	}
	if strings.TrimSpace(line) != "" {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

func splitAtWidth(s string, size, width float64) (string, string) {
	w := 0.0
	for i, r := range s {
		rw := runeWidth(r) * size
		if w+rw > width && i > 0 {
			return s[:i], s[i:]
		}
		w += rw
	}
	return s, ""
}

// ellipsize shortens s so that s plus "…" fits width.
func ellipsize(s string, size, width float64) string {
	limit := width - TextWidth("…", size)
	rs := []rune(s)
	for len(rs) > 0 && TextWidth(string(rs), size) > limit {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ，、") + "…"
}

// Shorten returns s cut to fit width pixels on one line, with an ellipsis when cut.
func Shorten(s string, size, width float64) string {
	s = strings.Join(strings.Fields(s), " ")
	if TextWidth(s, size) <= width {
		return s
	}
	return ellipsize(s, size, width)
}
