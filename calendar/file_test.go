package calendar

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const sample2027 = `# 测试用的年度安排
year: 2027
notices:
  - title: 测试用通知
    number: 测试〔2026〕1号
    date: 2026-11-01
holidays:
  - name: 元旦
    off: 2027-01-01/2027-01-03
  - name: 春节
    off: [2027-02-06/2027-02-12, 2027-02-13]
    work: [2027-02-14, 2027-02-20]
`

func TestParseArrangement(t *testing.T) {
	a, warnings, err := ParseArrangement([]byte(sample2027))
	if err != nil {
		t.Fatal(err)
	}
	if ws := plain(warnings); len(ws) != 0 {
		t.Errorf("warnings: %v", ws)
	}
	if a.Year != 2027 || len(a.Holidays) != 2 || len(a.Holidays[1].Off) != 8 || a.Holidays[1].Work[1] != (Date{2027, 2, 20}) {
		t.Errorf("parsed %+v", a)
	}
	if a.Cite() != "测试用通知（测试〔2026〕1号，2026-11-01）" {
		t.Errorf("Cite() = %q", a.Cite())
	}
	back, _, err := ParseArrangement(a.Format())
	if err != nil || !reflect.DeepEqual(a, back) {
		t.Errorf("Format round trip: %v\n%s", err, a.Format())
	}
	if !strings.Contains(string(a.Format()), "2027-02-06/2027-02-13") {
		t.Errorf("Format should join runs:\n%s", a.Format())
	}
}

func TestParseArrangementJSON(t *testing.T) {
	js := `{"year": 2027, "notices": [{"title": "测试用通知"}],
 "holidays": [{"name": "元旦", "off": ["2027-01-01"]}]}`
	a, _, err := ParseArrangement([]byte(js))
	if err != nil || a.Holidays[0].Off[0] != (Date{2027, 1, 1}) {
		t.Fatalf("JSON: %+v %v", a, err)
	}
}

func TestParseArrangementErrors(t *testing.T) {
	tests := []struct {
		name, file string
		line       int
		want       string
	}{
		{"not yaml", "year: [", 0, "不是有效的YAML"},
		{"empty", "", 0, "文件为空"},
		{"list at the top", "- 1\n", 1, "顶层"},
		{"no year", "holidays:\n  - name: 元旦\n    off: 2027-01-01\n", 1, "缺少 year"},
		{"bad year", "year: 二〇二七\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n", 1, "四位年份"},
		{"year out of range", "year: 1999\nholidays:\n  - name: 元旦\n    off: 1999-01-01\n", 1, "2000年至2100年"},
		{"no holidays", "year: 2027\nholidays: []\n", 1, "未列出任何节假日"},
		{"unknown key", "year: 2027\nholiday: []\n", 2, "未知字段“holiday”"},
		{"no name", "year: 2027\nholidays:\n  - off: 2027-01-01\n", 3, "缺少名称"},
		{"no dates", "year: 2027\nholidays:\n  - name: 元旦\n", 3, "既没有放假日"},
		{"bad date", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-02-30\n", 4, "无法识别"},
		{"other year", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2026-12-31/2027-01-01\n", 4, "不在2027年内"},
		{"reversed interval", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-03/2027-01-01\n", 4, "早于开始"},
		{"long interval", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01/2027-03-01\n", 4, "超过31天"},
		{"off and work", "year: 2027\nholidays:\n  - name: 春节\n    off: 2027-02-06/2027-02-13\n    work: [2027-02-07]\n", 5, "既列为放假日又列为调休上班日"},
		{"listed twice", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n  - name: 春节\n    off: 2027-01-01\n", 6, "重复列出"},
		{"weekday make-up", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    work: [2027-01-04]\n", 5, "星期一，本来就上班"},
		{"bad notice date", "year: 2027\nnotices:\n  - title: 通知\n    date: 十一月\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n", 3, "通知日期"},
		{"notice without title", "year: 2027\nnotices:\n  - date: 2026-11-01\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n", 3, "标题"},
		{"repeated key", "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    off: 2027-01-02\n", 5, "重复出现"},
		{"nested off", "year: 2027\nholidays:\n  - name: 元旦\n    off: [[2027-01-01]]\n", 4, "日期区间"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _, err := ParseArrangement([]byte(tt.file))
			var ae *ArrangementError
			if a != nil || !errors.As(err, &ae) {
				t.Fatalf("got %+v, %v; want an *ArrangementError", a, err)
			}
			for _, p := range ae.Problems {
				if !p.Warning && strings.Contains(p.Message, tt.want) {
					if p.Line != tt.line {
						t.Errorf("%q on line %d, want %d", p.Message, p.Line, tt.line)
					}
					return
				}
			}
			t.Errorf("no error containing %q in %v", tt.want, ae.Problems)
		})
	}
}

func TestParseArrangementWarnings(t *testing.T) {
	file := "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n  - name: 纪念日\n    off: 2027-01-09\n"
	a, warnings, err := ParseArrangement([]byte(file))
	if err != nil || a == nil {
		t.Fatalf("warnings only should load: %v", err)
	}
	warnings = plain(warnings)
	want := []string{"未注明所依据", "不是法定节日名称", "本来就休息"}
	if len(warnings) != len(want) {
		t.Fatalf("warnings = %v", warnings)
	}
	for i, w := range want {
		if !warnings[i].Warning || !strings.Contains(warnings[i].Message, w) {
			t.Errorf("warning %d = %v, want one containing %q", i, warnings[i], w)
		}
	}
	if s := warnings[2].String(); !strings.HasPrefix(s, "提示：第6行：") {
		t.Errorf("Problem.String() = %q", s)
	}
}

func TestWeekendInsideRunIsNoWarning(t *testing.T) {
	// 2025 端午: 5-31 (Sat) to 6-2 (Mon); the weekend days join the Monday off.
	file := "year: 2025\nnotices: [{title: 通知}]\nholidays:\n  - name: 端午节\n    off: 2025-05-31/2025-06-02\n"
	if _, warnings, err := ParseArrangement([]byte(file)); err != nil || len(plain(warnings)) != 0 {
		t.Errorf("got %v %v", warnings, err)
	}
}

// plain leaves out the comparison with the statutory holidays, which files holding a few holidays draw.
func plain(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if !p.Statutory {
			out = append(out, p)
		}
	}
	return out
}

func FuzzParseArrangement(f *testing.F) {
	f.Add([]byte(sample2027))
	f.Add([]byte(`{"year": 2027, "holidays": [{"name": "元旦", "off": "2027-01-01"}]}`))
	f.Add([]byte("year: 2027\nholidays:\n  - name: x\n    off: 2027-01-03/2027-01-01\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, _, err := ParseArrangement(b)
		if err != nil {
			var ae *ArrangementError
			if !errors.As(err, &ae) || len(ae.Problems) == 0 || ae.Error() == "" {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		if _, err := New(DefaultHours(), a); err != nil {
			t.Fatalf("a parsed arrangement was refused by New: %v", err)
		}
	})
}
