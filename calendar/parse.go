package calendar

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseLimit reads a time limit as offices write it: 即办 (即时), 当天/当日, 次日, N个工作日(内), N个工作小时, N小时,
// N个自然日 / N日 / N天, N周, N个月, N年 (12N个月), and the English forms "3 workdays", "2 days", "24h",
// "4 work hours", "2 weeks", "1 month". N is written in digits (full-width too) or Chinese numerals
// (三, 十五, 二十, 两, 廿, 一百零五, 一百五). Spaces, a trailing 内/以内/之内, a trailing verb (办结, 办理, 答复, 回复,
// 反馈, 完成 …) and after 内 any action without a time word (作出决定, 提出意见 …) are ignored.
// Vague words (及时, 尽快, 立即 …) and anything else unreadable give a *LimitError with a Chinese message.
func ParseLimit(s string) (Limit, error) {
	if !utf8.ValidString(s) {
		return Limit{}, limitError(s, false, "办理时限含有无法识别的字符。"+acceptedForms)
	}
	folded := fold(s)
	if folded == "" {
		return Limit{}, limitError(s, false, "未填写办理时限。"+acceptedForms)
	}
	l, found, err := parseChinese(s, strings.ReplaceAll(folded, " ", ""))
	if !found {
		l, found, err = parseEnglish(s, folded)
	}
	if err != nil {
		return Limit{}, err
	}
	if found {
		return l, nil
	}
	if negative(s, folded) {
		return Limit{}, limitError(s, false, "办理时限“%s”的数值必须大于零。%s", strings.TrimSpace(s), acceptedForms)
	}
	if w := vagueWord(folded); w != "" {
		return Limit{}, limitError(s, true, "办理时限“%s”含有“%s”这类笼统说法，必须写明具体时限，"+
			"例如“即办”“当天”“3个工作日”“十五个工作日内”“24小时”。", strings.TrimSpace(s), w)
	}
	if strings.HasSuffix(strings.ReplaceAll(folded, " ", ""), "月") {
		return Limit{}, limitError(s, false, "无法识别办理时限“%s”：按月计算请写“N个月”（“3月”易被理解为三月份）。%s",
			strings.TrimSpace(s), acceptedForms)
	}
	return Limit{}, limitError(s, false, "无法识别办理时限“%s”。%s", strings.TrimSpace(s), acceptedForms)
}

// negative reports a limit written with a minus sign: -1天, 负3个工作日.
func negative(input, folded string) bool {
	for _, sign := range []string{"-", "−", "负"} {
		rest, ok := strings.CutPrefix(folded, sign)
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		compact := strings.ReplaceAll(rest, " ", "")
		if num, _ := splitNumber(compact); num == "" {
			return false
		}
		_, zh, _ := parseChinese(input, compact)
		_, en, _ := parseEnglish(input, rest)
		return zh || en
	}
	return false
}

// fold maps full-width forms to ASCII, lower-cases, collapses runs of space and trims trailing punctuation.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), "。.,，;；!！")
}

var vagueWords = []string{
	"及时", "尽快", "尽早", "适时", "抓紧", "立即", "立刻", "马上", "近期", "随时", "从速", "迅速", "第一时间", "限期",
	"按时", "视情况", "另行", "asap", "as soon as possible", "promptly", "immediately", "soon", "timely", "in time",
}

func vagueWord(s string) string {
	for _, w := range vagueWords {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

var (
	immediateForms = []string{"即办", "即办件", "即时", "即时办结", "当场办结", "当场办理", "即来即办"}
	todayForms     = []string{"当天", "当日", "即日", "本日"}
	nextDayForms   = []string{"次日", "翌日", "第二天", "下一个工作日", "次一个工作日"}
	// zhSuffixes may end a limit with or without 内: 3个工作日办结, 即时办理. After 内 cutAction takes more.
	zhSuffixes = []string{"办理完毕", "办结", "完成", "办完", "办理", "答复", "回复", "反馈", "作出决定", "做出决定",
		"处理", "审核", "提出意见", "以内", "之内", "内"}
)

// timeRunes mark a time word (日, 小时, 星期, 钟头 …), which an action after 内 never holds.
const timeRunes = "日天时周月年期拜钟秒"

// zhUnits maps what follows the number to a unit; 年 is read as 12 months.
var zhUnits = map[string]Unit{
	"个工作日": Workdays, "工作日": Workdays,
	"个工作小时": WorkHours, "工作小时": WorkHours,
	"个自然日": Days, "自然日": Days, "日": Days, "天": Days, "个日历日": Days, "日历日": Days,
	"小时": Hours, "个小时": Hours, "个钟头": Hours,
	"周": Weeks, "个周": Weeks, "星期": Weeks, "个星期": Weeks, "个礼拜": Weeks,
	"个月": Months, "年": Months,
}

// parseChinese reads the Chinese forms from the folded text with spaces removed. found reports that the text
// had the shape of a limit (it may still be out of range, then err says why).
func parseChinese(input, s string) (l Limit, found bool, err error) {
	if oneOf(s, immediateForms) {
		return Limit{Unit: Immediate}, true, nil
	}
	s = stripSuffixes(cutAction(s))
	switch {
	case oneOf(s, immediateForms):
		return Limit{Unit: Immediate}, true, nil
	case oneOf(s, todayForms):
		return Limit{Unit: Today}, true, nil
	case oneOf(s, nextDayForms):
		return Limit{Unit: NextDay}, true, nil
	}
	num, rest := splitNumber(s)
	u, ok := zhUnits[rest]
	if num == "" || !ok {
		return Limit{}, false, nil
	}
	n, ok := parseNumber(num)
	if !ok {
		return Limit{}, false, nil
	}
	if rest == "年" {
		n = mul12(n)
	}
	l, err = checkCount(input, u, n)
	return l, true, err
}

func mul12(n int) int {
	if n > 1000 {
		return 1 << 30
	}
	return 12 * n
}

func oneOf(s string, forms []string) bool {
	for _, f := range forms {
		if s == f {
			return true
		}
	}
	return false
}

func stripSuffixes(s string) string {
	for changed := true; changed; {
		changed = false
		for _, suf := range zhSuffixes {
			if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
				s, changed = t, true
			}
		}
	}
	return s
}

// cutAction drops what follows the first 内 when it reads as the action the limit is for (十五个工作日内作出决定,
// 五日内一次性告知): Han characters only, without a time word or a vague word, so that a second limit or a
// 尽快 is never dropped.
func cutAction(s string) string {
	i := strings.Index(s, "内")
	if i <= 0 || !action(s[i+len("内"):]) {
		return s
	}
	return s[:i+len("内")]
}

func action(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) || strings.ContainsRune(timeRunes, r) {
			return false
		}
	}
	return vagueWord(s) == ""
}

const hanDigits = "零〇一二两三四五六七八九十百千廿卅"

// splitNumber splits a leading number, in ASCII digits or Chinese numerals, from the rest.
func splitNumber(s string) (num, rest string) {
	i := 0
	if i < len(s) && s[i] >= '0' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return s[:i], s[i:]
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(hanDigits, r) {
			break
		}
		i += size
	}
	return s[:i], s[i:]
}

// parseNumber reads ASCII digits or a Chinese numeral below ten thousand. Overlong numbers come back as a huge
// value so that the range check reports them.
func parseNumber(s string) (int, bool) {
	if s[0] >= '0' && s[0] <= '9' {
		n := 0
		for i := 0; i < len(s); i++ {
			if n > 1<<30 {
				return n, true
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	return parseHan(s)
}

var hanValue = map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
var hanUnit = map[rune]int{'十': 10, '百': 100, '千': 1000}

// parseHan reads 三, 十五, 二十, 二十五, 一百零五, 两百, 廿, 廿五, 卅. 两 is a digit only before 百 or 千 or alone.
// A last digit right after 百 or 千, without 零, stands for the next lower unit as in speech: 一百五 is 150,
// 一千二 is 1200.
func parseHan(s string) (int, bool) {
	runes := []rune(s)
	total, digit, last, zero := 0, -1, 10000, false
	for i, r := range runes {
		if v, ok := hanValue[r]; ok {
			if digit >= 0 || (r == '两' && !twoAllowed(runes, i)) {
				return 0, false
			}
			digit = v
			continue
		}
		if u, ok := hanUnit[r]; ok {
			if u >= last {
				return 0, false
			}
			if digit < 0 {
				if u != 10 || total != 0 || zero {
					return 0, false
				}
				digit = 1
			}
			total, digit, last, zero = total+digit*u, -1, u, false
			continue
		}
		switch r {
		case '零', '〇':
			if digit >= 0 || zero {
				return 0, false
			}
			zero = true
		case '廿', '卅':
			if i != 0 {
				return 0, false
			}
			total, last = 20, 10
			if r == '卅' {
				total = 30
			}
		}
	}
	if digit >= 0 {
		total += digit * elided(last, zero)
	} else if zero && total != 0 {
		return 0, false
	}
	return total, true
}

// elided is the value of a last digit after the unit last: 百 and 千 leave out the next unit unless 零 came
// between.
func elided(last int, zero bool) int {
	if zero || last != 100 && last != 1000 {
		return 1
	}
	return last / 10
}

func twoAllowed(runes []rune, i int) bool {
	if i == len(runes)-1 {
		return i == 0
	}
	next := runes[i+1]
	return next == '百' || next == '千'
}

// English units, after the number and optional space.
var enUnits = map[string]Unit{
	"workday": Workdays, "workdays": Workdays, "work day": Workdays, "work days": Workdays,
	"working day": Workdays, "working days": Workdays, "business day": Workdays, "business days": Workdays,
	"work hour": WorkHours, "work hours": WorkHours, "working hour": WorkHours, "working hours": WorkHours,
	"business hour": WorkHours, "business hours": WorkHours,
	"d": Days, "day": Days, "days": Days, "calendar day": Days, "calendar days": Days,
	"h": Hours, "hr": Hours, "hrs": Hours, "hour": Hours, "hours": Hours,
	"w": Weeks, "week": Weeks, "weeks": Weeks,
	"month": Months, "months": Months,
}

var enWords = map[string]Unit{
	"immediate": Immediate, "on the spot": Immediate,
	"same day": Today, "same-day": Today, "today": Today,
	"next day": NextDay, "next-day": NextDay, "next working day": NextDay,
}

// parseEnglish reads the English forms from the folded text (single spaces kept).
func parseEnglish(input, s string) (l Limit, found bool, err error) {
	s = strings.TrimPrefix(s, "within ")
	if u, ok := enWords[s]; ok {
		return Limit{Unit: u}, true, nil
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return Limit{}, false, nil
	}
	u, ok := enUnits[strings.TrimPrefix(s[i:], " ")]
	if !ok {
		return Limit{}, false, nil
	}
	n, _ := parseNumber(s[:i])
	l, err = checkCount(input, u, n)
	return l, true, err
}

func checkCount(input string, u Unit, n int) (Limit, error) {
	in := strings.TrimSpace(input)
	if n <= 0 {
		return Limit{}, limitError(input, false, "办理时限“%s”的数值必须大于零；当天办结请写“当天”，当场办结请写“即办”。", in)
	}
	if n > maxN[u] {
		return Limit{}, limitError(input, false, "办理时限“%s”过长（超过十年），请核对。", in)
	}
	return Limit{Unit: u, N: n}, nil
}
