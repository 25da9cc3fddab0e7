// Package handbook prints the process catalog as a handbook (流程手册): one self-contained HTML file made for
// A4 paper — a cover, the contents by category, a key to the flowcharts, and for each process its purpose,
// basis, owner, limit, swimlane flowchart, step table, preconditions and related processes. Render is a pure
// function of the definitions, the office's name and the date; printing it to PDF is the caller's business.
package handbook

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/govflow/govflow/process"
)

// Options say whose handbook it is and when it was made.
type Options struct {
	Office  string    // the office's name on the cover and in the running header, e.g. 省人民政府办公厅
	Title   string    // default 工作流程手册
	Edition string    // default 〈year〉年版
	Date    time.Time // printed on the cover (in its own location)
	// Categories lists the categories in the order they appear; categories not listed follow in order of
	// their names. Within a category processes keep the order they are given in.
	Categories []string
	// Pages gives the page each process starts on, by process id, when a first printing told; the contents
	// and the related-process links then show page numbers. See PageNumbers.
	Pages map[string]int
}

//go:embed handbook.css
var css string

//go:embed handbook.html
var page string

var tmpl = template.Must(template.New("handbook").Funcs(template.FuncMap{
	"css": func() template.CSS { return template.CSS(css) },
	"add": func(a, b int) int { return a + b },
}).Parse(page))

// Render returns the handbook of defs as one HTML document with everything inline (styles, flowcharts).
func Render(defs []*process.Definition, opt Options) ([]byte, error) {
	if len(defs) == 0 {
		return nil, errors.New("handbook: 没有可收录的流程")
	}
	for _, d := range defs {
		if d == nil {
			return nil, errors.New("handbook: 流程定义为空")
		}
	}
	b, err := build(defs, opt)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, b); err != nil {
		return nil, fmt.Errorf("handbook: %w", err)
	}
	return out.Bytes(), nil
}

// book is what the template prints.
type book struct {
	Title, Office, Edition, Date string
	Total                        int
	Categories                   []*category
	CategoryNames                string
	Legend                       template.HTML
	Pages                        map[string]int // by anchor
}

type category struct {
	Number  string // 一, 二 …
	Name    string
	Anchor  string
	Entries []*entry
}

func build(defs []*process.Definition, opt Options) (*book, error) {
	b := &book{Title: opt.Title, Office: opt.Office, Edition: opt.Edition, Date: chineseMonth(opt.Date), Total: len(defs)}
	if b.Title == "" {
		b.Title = "工作流程手册"
	}
	if b.Edition == "" && !opt.Date.IsZero() {
		b.Edition = fmt.Sprintf("%d年版", opt.Date.Year())
	}
	names := map[string]string{}
	for _, d := range defs {
		names[d.ID] = d.Name
	}
	for i, cat := range groupByCategory(defs, opt.Categories) {
		c := &category{Number: chineseNumber(i + 1), Name: cat.name, Anchor: fmt.Sprintf("c%d", i+1)}
		for j, d := range cat.defs {
			e, err := newEntry(d, fmt.Sprintf("%d.%d", i+1, j+1), names)
			if err != nil {
				return nil, err
			}
			c.Entries = append(c.Entries, e)
		}
		b.Categories = append(b.Categories, c)
	}
	var cn []string
	for _, c := range b.Categories {
		cn = append(cn, c.Name)
	}
	b.CategoryNames = strings.Join(cn, "、")
	b.Legend = legend()
	b.Pages = map[string]int{}
	for id, p := range opt.Pages {
		b.Pages[anchor(id)] = p
	}
	return b, nil
}

type group struct {
	name string
	defs []*process.Definition
}

// groupByCategory orders the categories as asked, keeping the given order of processes within each.
func groupByCategory(defs []*process.Definition, order []string) []group {
	byName := map[string][]*process.Definition{}
	for _, d := range defs {
		cat := d.Category
		if cat == "" {
			cat = "其他"
		}
		byName[cat] = append(byName[cat], d)
	}
	var names []string
	for n := range byName {
		names = append(names, n)
	}
	rank := func(n string) int {
		if i := slices.Index(order, n); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortFunc(names, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	out := make([]group, 0, len(names))
	for _, n := range names {
		out = append(out, group{n, byName[n]})
	}
	return out
}

var digits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumber writes 1–99 as Chinese numerals (一, 十二, 二十).
func chineseNumber(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n%10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}

// chineseMonth writes a date the way covers do: 二〇二六年十一月.
func chineseMonth(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	var y strings.Builder
	for _, r := range fmt.Sprint(t.Year()) {
		y.WriteString(digits[r-'0'])
	}
	return y.String() + "年" + chineseNumber(int(t.Month())) + "月"
}
