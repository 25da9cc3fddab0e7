package calendar

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseLimit(t *testing.T) {
	tests := []struct {
		in   string
		want Limit
	}{
		{"即办", Limit{Unit: Immediate}},
		{"即时办结", Limit{Unit: Immediate}},
		{"当场办结", Limit{Unit: Immediate}},
		{"当天", Limit{Unit: Today}},
		{"当日", Limit{Unit: Today}},
		{"当天办结", Limit{Unit: Today}},
		{"当日内", Limit{Unit: Today}},
		{"次日", Limit{Unit: NextDay}},
		{"翌日", Limit{Unit: NextDay}},
		{"3个工作日", Limit{Workdays, 3}},
		{"三个工作日", Limit{Workdays, 3}},
		{"十五个工作日", Limit{Workdays, 15}},
		{"十五个工作日内", Limit{Workdays, 15}},
		{"二十个工作日", Limit{Workdays, 20}},
		{"两个工作日", Limit{Workdays, 2}},
		{"廿个工作日", Limit{Workdays, 20}},
		{"廿五个工作日", Limit{Workdays, 25}},
		{"一百零五个工作日", Limit{Workdays, 105}},
		{"两百个工作日", Limit{Workdays, 200}},
		{"一千零一十个工作日", Limit{Workdays, 1010}},
		{"５个工作日", Limit{Workdays, 5}},
		{"１５个工作日以内", Limit{Workdays, 15}},
		{"  3 个工作日  ", Limit{Workdays, 3}},
		{"\u30003个工作日\u3000", Limit{Workdays, 3}},
		{"3个工作日内办结", Limit{Workdays, 3}},
		{"5工作日", Limit{Workdays, 5}},
		{"10日", Limit{Days, 10}},
		{"十天", Limit{Days, 10}},
		{"30个自然日", Limit{Days, 30}},
		{"七日内", Limit{Days, 7}},
		{"24小时", Limit{Hours, 24}},
		{"二十四小时内", Limit{Hours, 24}},
		{"2个小时", Limit{Hours, 2}},
		{"4个工作小时", Limit{WorkHours, 4}},
		{"2周", Limit{Weeks, 2}},
		{"一周内", Limit{Weeks, 1}},
		{"两个星期", Limit{Weeks, 2}},
		{"3个月", Limit{Months, 3}},
		{"三个月内", Limit{Months, 3}},
		{"1年", Limit{Months, 12}},
		{"3 workdays", Limit{Workdays, 3}},
		{"3 Working Days", Limit{Workdays, 3}},
		{"within 5 business days", Limit{Workdays, 5}},
		{"2 days", Limit{Days, 2}},
		{"1 day", Limit{Days, 1}},
		{"24h", Limit{Hours, 24}},
		{"２４Ｈ", Limit{Hours, 24}},
		{"8 hours", Limit{Hours, 8}},
		{"4 work hours", Limit{WorkHours, 4}},
		{"2 weeks", Limit{Weeks, 2}},
		{"6 months", Limit{Months, 6}},
		{"same day", Limit{Unit: Today}},
		{"next-day", Limit{Unit: NextDay}},
		{"immediate", Limit{Unit: Immediate}},
		{"3个工作日。", Limit{Workdays, 3}},
	}
	for _, tt := range tests {
		got, err := ParseLimit(tt.in)
		if err != nil {
			t.Errorf("ParseLimit(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseLimit(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseLimitRefuses(t *testing.T) {
	tests := []struct {
		in       string
		vague    bool
		contains string
	}{
		{"及时", true, "具体时限"},
		{"尽快", true, "具体时限"},
		{"尽快办理", true, "尽快"},
		{"适时", true, "具体时限"},
		{"抓紧办理", true, "抓紧"},
		{"立即", true, "立即"},
		{"立刻处理", true, "立刻"},
		{"近期", true, "近期"},
		{"马上", true, "马上"},
		{"随时", true, "随时"},
		{"立即（2小时内）", true, "立即"},
		{"ASAP", true, "具体时限"},
		{"", false, "未填写"},
		{"   ", false, "未填写"},
		{"很久", false, "可用写法"},
		{"3个月份", false, "可用写法"},
		{"3月", false, "N个月"},
		{"0个工作日", false, "大于零"},
		{"零个工作日", false, "大于零"},
		{"99999个工作日", false, "过长"},
		{"一五个工作日", false, "可用写法"},
		{"十十个工作日", false, "可用写法"},
		{"两十个工作日", false, "可用写法"},
		{"1.5个工作日", false, "可用写法"},
		{"3 fortnights", false, "可用写法"},
		{"个工作日", false, "可用写法"},
		{"内", false, "可用写法"},
		{"\xff\xfe", false, "无法识别"},
	}
	for _, tt := range tests {
		_, err := ParseLimit(tt.in)
		var le *LimitError
		if !errors.As(err, &le) {
			t.Errorf("ParseLimit(%q) error = %v, want *LimitError", tt.in, err)
			continue
		}
		if le.Vague != tt.vague || !strings.Contains(le.Message, tt.contains) {
			t.Errorf("ParseLimit(%q) = {Vague:%v %q}, want Vague=%v containing %q",
				tt.in, le.Vague, le.Message, tt.vague, tt.contains)
		}
	}
}

// TestParseHanElidedUnit: in speech a last digit after 百 or 千 stands for the next lower unit.
func TestParseHanElidedUnit(t *testing.T) {
	tests := map[string]int{
		"一百五": 150, "两百五": 250, "一千二": 1200, "三千五": 3500, "一千二百五": 1250, "一百五十": 150, "一百零五": 105,
		"一千零五": 1005, "一千零二十": 1020, "两百": 200, "十五": 15, "二十五": 25, "廿五": 25, "一千二百": 1200,
	}
	for in, want := range tests {
		if got, ok := parseHan(in); !ok || got != want {
			t.Errorf("parseHan(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	if got := limit(t, "一百五个工作日"); got != (Limit{Workdays, 150}) {
		t.Errorf("一百五个工作日 = %+v", got)
	}
	if got := limit(t, "两百五十个小时"); got != (Limit{Hours, 250}) {
		t.Errorf("两百五十个小时 = %+v", got)
	}
}

// TestParseLimitActions: what the limit is for may follow it.
func TestParseLimitActions(t *testing.T) {
	tests := map[string]Limit{
		"3个工作日内办理":             {Workdays, 3},
		"3个工作日内答复":             {Workdays, 3},
		"3个工作日内回复":             {Workdays, 3},
		"3个工作日内反馈":             {Workdays, 3},
		"3个工作日以内办结":            {Workdays, 3},
		"十五个工作日内作出决定":          {Workdays, 15},
		"二十个工作日内作出行政许可决定":      {Workdays, 20},
		"5个工作日内提出意见":           {Workdays, 5},
		"5个工作日内审核":             {Workdays, 5},
		"5日内一次性告知申请人需要补正的全部内容": {Days, 5},
		"3个工作日答复":              {Workdays, 3},
		"3个工作日 内 办理。":          {Workdays, 3},
		"即时办理":                 {Unit: Immediate},
		"即时":                   {Unit: Immediate},
		"即时答复":                 {Unit: Immediate},
		"当日内办结":                {Unit: Today},
	}
	for in, want := range tests {
		if got, err := ParseLimit(in); err != nil || got != want {
			t.Errorf("ParseLimit(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	refused := map[string]bool{ // input → vague
		"及时": true, "及时办理": true, "尽快": true, "适时": true, "抓紧": true, "立即": true, "近期": true,
		"3个工作日内尽快办理": true, "立即办理": true,
		"三个工作日内审核十个工作日内办结": false, "3个工作日内10日办结": false, "3个工作日内，最长10个工作日": false,
		"内办理": false, "办理": false,
	}
	for in, vague := range refused {
		_, err := ParseLimit(in)
		var le *LimitError
		if !errors.As(err, &le) || le.Vague != vague {
			t.Errorf("ParseLimit(%q) = %v; want refused with Vague=%v", in, err, vague)
		}
	}
}

func TestNegativeLimit(t *testing.T) {
	for _, in := range []string{"-1天", "－3个工作日", "负三个工作日", "-2 days", "−1个月"} {
		_, err := ParseLimit(in)
		if err == nil || !strings.Contains(err.Error(), "必须大于零") {
			t.Errorf("ParseLimit(%q) = %v; want the number must be greater than zero", in, err)
		}
	}
	if _, err := ParseLimit("-尽快"); err == nil || strings.Contains(err.Error(), "大于零") {
		t.Errorf("-尽快: %v", err)
	}
}

func TestVagueMessageGivesExamples(t *testing.T) {
	_, err := ParseLimit("尽快")
	msg := err.Error()
	for _, ex := range []string{"当天", "3个工作日", "24小时"} {
		if !strings.Contains(msg, ex) {
			t.Errorf("vague message %q lacks the example %q", msg, ex)
		}
	}
}

func TestLimitStringRoundTrip(t *testing.T) {
	tests := []struct {
		l    Limit
		want string
	}{
		{Limit{Unit: Immediate}, "即办"},
		{Limit{Unit: Today}, "当天"},
		{Limit{Unit: NextDay}, "次日"},
		{Limit{Workdays, 3}, "3个工作日"},
		{Limit{WorkHours, 4}, "4个工作小时"},
		{Limit{Days, 10}, "10个自然日"},
		{Limit{Weeks, 2}, "2周"},
		{Limit{Months, 3}, "3个月"},
		{Limit{Hours, 24}, "24小时"},
		{Limit{}, ""},
	}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.l, got, tt.want)
		}
		if tt.l.IsZero() {
			continue
		}
		back, err := ParseLimit(tt.want)
		if err != nil || back != tt.l {
			t.Errorf("ParseLimit(%q) = %+v, %v; want %+v", tt.want, back, err, tt.l)
		}
	}
	if got, _ := ParseLimit("三个工作日"); got.String() != "3个工作日" {
		t.Errorf("三个工作日 canonical = %q", got.String())
	}
}

func TestNominalWorkdays(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"即办", 0},
		{"当天", 1},
		{"次日", 1},
		{"3个工作日", 3},
		{"十五个工作日", 15},
		{"7个工作小时", 1},
		{"14个工作小时", 2},
		{"7日", 5},
		{"14个自然日", 10},
		{"2周", 10},
		{"168小时", 5},
		{"24小时", 5.0 / 7},
		{"12个月", 365.25 * 5 / 7},
	}
	for _, tt := range tests {
		l, err := ParseLimit(tt.in)
		if err != nil {
			t.Fatalf("ParseLimit(%q): %v", tt.in, err)
		}
		if got := l.NominalWorkdays(); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s.NominalWorkdays() = %v, want %v", tt.in, got, tt.want)
		}
	}
	if (Limit{}).NominalWorkdays() != 0 {
		t.Error("zero limit should weigh nothing")
	}
}

func TestLimitText(t *testing.T) {
	var l Limit
	if err := l.UnmarshalText([]byte("十个工作日")); err != nil || l != (Limit{Workdays, 10}) {
		t.Fatalf("UnmarshalText = %+v, %v", l, err)
	}
	b, _ := l.MarshalText()
	if string(b) != "10个工作日" {
		t.Errorf("MarshalText = %q", b)
	}
	if err := l.UnmarshalText([]byte("尽快")); err == nil {
		t.Error("UnmarshalText accepted a vague limit")
	}
	if err := l.UnmarshalText(nil); err != nil || !l.IsZero() {
		t.Errorf("UnmarshalText(empty) = %+v, %v", l, err)
	}
}

func FuzzParseLimit(f *testing.F) {
	for _, s := range []string{"即办", "当天", "次日", "3个工作日", "十五个工作日内", "两个工作日", "廿五日", "24h",
		"4 work hours", "3 workdays", "尽快", "３个月", "一百零五个工作日", "1年", "", "月", "十", "零", "卅天",
		"一百五个工作日", "3个工作日内办理", "十五个工作日内作出决定", "即时", "-1天", "三个工作日内审核十个工作日内办结"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLimit(s)
		if err != nil {
			var le *LimitError
			if !errors.As(err, &le) || le.Message == "" {
				t.Fatalf("ParseLimit(%q) gave %v without a message", s, err)
			}
			return
		}
		if l.IsZero() || (l.Unit.counted() && (l.N <= 0 || l.N > maxN[l.Unit])) {
			t.Fatalf("ParseLimit(%q) = %+v", s, l)
		}
		back, err := ParseLimit(l.String())
		if err != nil || back != l {
			t.Fatalf("round trip of %q: %+v -> %q -> %+v, %v", s, l, l.String(), back, err)
		}
	})
}
