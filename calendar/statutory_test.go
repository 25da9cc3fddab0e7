package calendar

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// complete2027 is a made-up arrangement that gives every statutory day of the 2024 amendment.
var complete2027 = readTestYear("testdata/test-2027.yaml")

func statutoryOf(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Statutory {
			out = append(out, p)
		}
	}
	return out
}

func TestCompleteYearHasNoWarning(t *testing.T) {
	if _, warnings, err := ParseArrangement([]byte(complete2027)); err != nil || len(warnings) != 0 {
		t.Errorf("got %v %v", warnings, err)
	}
}

func TestStatutoryWarnings(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string // each in some statutory warning
		lines      []int    // the lines of the statutory warnings, one each
	}{
		{"only 元旦", "year: 2028\nnotices: [{title: 通知}]\nholidays:\n  - name: 元旦\n    off: 2028-01-01/2028-01-03\n",
			[]string{"未列出春节、清明节、劳动节、端午节、中秋节、国庆节"}, []int{1}},
		{"春节 one day short", sample2027,
			[]string{"未列出清明节", "春节净放假3天（周一至周五放假5天，减去调休上班2天），少于《全国年节及纪念日放假办法》（2024年修订）规定的4天"}, []int{2, 10}},
		{"joined holidays short", strings.Replace(complete2027,
			"  - name: 中秋节\n    off: 2027-09-15\n  - name: 国庆节\n    off: 2027-10-01/2027-10-07",
			"  - name: 国庆节、中秋节\n    off: 2027-10-01/2027-10-06", 1),
			[]string{"国庆节、中秋节净放假2天", "规定的4天（国庆节3天、中秋节1天）"}, []int{16}},
		{"a holiday split in two", strings.Replace(complete2027, "  - name: 劳动节\n    off: 2027-05-01/2027-05-05\n    work: [2027-04-25]",
			"  - name: 劳动节\n    off: 2027-05-01/2027-05-04\n    work: [2027-04-25]\n  - name: 劳动节\n    off: 2027-05-05", 1), nil, nil},
		{"2024 gave 春节 three days", "year: 2024\nnotices: [{title: 通知}]\nholidays:\n" + holidaysOf(t, 2024), nil, nil},
		{"2025 春节 three days as before the amendment", "year: 2025\nnotices: [{title: 通知}]\nholidays:\n" +
			strings.Replace(holidaysOf(t, 2025), "2025-01-28/2025-02-04", "2025-01-28/2025-02-03", 1),
			[]string{"春节净放假3天", "规定的4天；"}, []int{6}},
		{"before 2008 no 清明节", "year: 2005\nnotices: [{title: 通知}]\nholidays:\n  - name: 元旦\n    off: 2005-01-01/2005-01-03\n" +
			"  - name: 春节\n    off: 2005-02-09/2005-02-15\n    work: [2005-02-05, 2005-02-06]\n" +
			"  - name: 劳动节\n    off: 2005-05-01/2005-05-07\n    work: [2005-04-30, 2005-05-08]\n" +
			"  - name: 国庆节\n    off: 2005-10-01/2005-10-07\n    work: [2005-10-08, 2005-10-09]\n", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, warnings, err := ParseArrangement([]byte(tt.file))
			if err != nil || a == nil {
				t.Fatalf("a statutory shortfall must not stop the load: %v", err)
			}
			got := statutoryOf(warnings)
			if len(got) != len(tt.lines) {
				t.Fatalf("warnings %v, want %d", got, len(tt.lines))
			}
			for _, w := range tt.want {
				i := slices.IndexFunc(got, func(p Problem) bool { return strings.Contains(p.Message, w) })
				if i < 0 {
					t.Errorf("no statutory warning containing %q in %v", w, got)
				} else if !got[i].Warning {
					t.Errorf("%v is not a warning", got[i])
				}
			}
			for i, line := range tt.lines {
				if got[i].Line != line {
					t.Errorf("warning %d on line %d, want %d: %v", i, got[i].Line, line, got[i])
				}
			}
			if c := a.Check(); len(statutoryOf(c)) != len(got) {
				t.Errorf("Check gives %v, ParseArrangement %v", c, got)
			}
		})
	}
}

// holidaysOf writes a shipped year's holidays in the file format.
func holidaysOf(t *testing.T, year int) string {
	t.Helper()
	a, ok := Default().Arrangement(year)
	if !ok {
		t.Fatalf("no %d", year)
	}
	_, list, _ := strings.Cut(string(a.Format()), "holidays:\n")
	return list
}

// TestShippedYearsMissingAHoliday takes each holiday, then one weekday off, out of each shipped year: the
// check must notice either.
func TestShippedYearsMissingAHoliday(t *testing.T) {
	for _, a := range National() {
		for i, h := range a.Holidays {
			b := a.clone()
			b.Holidays = slices.Delete(b.Holidays, i, i+1)
			got := statutoryOf(b.Check())
			if len(got) == 0 {
				t.Errorf("%d without %s: no statutory warning", a.Year, h.Name)
				continue
			}
			if first, _, _ := strings.Cut(h.Name, "、"); !strings.Contains(got[0].Message, first) {
				t.Errorf("%d without %s: %v", a.Year, h.Name, got)
			}
			c := a.clone()
			j := slices.IndexFunc(h.Off, func(d Date) bool { return !d.day().weekend() })
			c.Holidays[i].Off = slices.Delete(c.Holidays[i].Off, j, j+1)
			if a.Year == 2020 && h.Name == "春节" {
				continue // extended by two days beyond the law
			}
			if got := statutoryOf(c.Check()); len(got) != 1 || !strings.Contains(got[0].Message, h.Name+"净放假") {
				t.Errorf("%d with %s a day short: %v", a.Year, h.Name, got)
			}
		}
	}
}

// readTestYear reads the made-up 2027 arrangement (every statutory day) the calendar tests share.
func readTestYear(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
