package calendar

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxFileSize bounds an arrangement file; a real one is under 2 KB.
const maxFileSize = 256 << 10

// maxRun bounds one date interval; the longest real run (2020's extended 春节) is 10 days.
const maxRun = 31

// positions remembers where each part of a file was written, for messages.
type positions struct {
	year     int
	holidays []int
	off      [][]int
	work     [][]int
}

func (p *positions) line(get func(*positions) int) int {
	if p == nil {
		return 0
	}
	return get(p)
}

// ParseArrangement reads an arrangement file (YAML, or JSON with the same keys) and checks it. It returns the
// arrangement and the warnings, or, when the file has any error, nil and an *ArrangementError listing all
// findings with their lines.
func ParseArrangement(data []byte) (*Arrangement, []Problem, error) {
	a, pos, problems := decode(data)
	if a != nil {
		problems = append(problems, check(a, pos)...)
	}
	sortProblems(problems)
	if hasError(problems) {
		return nil, nil, &ArrangementError{Problems: problems}
	}
	return a, problems, nil
}

type decoder struct {
	a        *Arrangement
	pos      *positions
	problems []Problem
}

func (d *decoder) fail(line int, format string, args ...any) {
	d.problems = append(d.problems, Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

func decode(data []byte) (*Arrangement, *positions, []Problem) {
	if len(data) > maxFileSize {
		return nil, nil, []Problem{{Message: "文件过大，放假安排文件不应超过256KB"}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return nil, nil, []Problem{{Message: "文件不是有效的YAML或JSON：" + msg}}
	}
	if len(doc.Content) == 0 {
		return nil, nil, []Problem{{Message: "文件为空"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, []Problem{{Line: root.Line, Message: "文件顶层应为包含 year、notices、holidays 的映射"}}
	}
	d := &decoder{a: &Arrangement{}, pos: &positions{}}
	d.root(root)
	return d.a, d.pos, d.problems
}

func (d *decoder) root(n *yaml.Node) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.fail(k.Line, "字段“%s”重复出现", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "year":
			d.pos.year = v.Line
			y, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				d.fail(v.Line, "year 应为四位年份，如 2027")
			}
			d.a.Year = y
		case "notices":
			d.notices(v)
		case "holidays":
			d.holidays(v)
		default:
			d.fail(k.Line, "未知字段“%s”；可用字段为 year、notices、holidays", k.Value)
		}
	}
	if !seen["year"] {
		d.fail(n.Line, "缺少 year（年度）")
	}
	if !seen["holidays"] {
		d.fail(n.Line, "缺少 holidays（各节日的放假和调休上班日期）")
	}
}

func (d *decoder) notices(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, "notices 应为列表，每项写明 title、number、date")
		return
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			d.fail(item.Line, "notices 的每一项应包含 title、number、date")
			continue
		}
		var nt Notice
		fields := map[string]*string{"title": &nt.Title, "number": &nt.Number, "date": &nt.Date, "url": &nt.URL}
		d.fields(item, fields, "title、number、date、url")
		if nt.Title == "" && nt.Number == "" {
			d.fail(item.Line, "通知须写明标题（title）或文号（number）")
		}
		if nt.Date != "" {
			if _, err := ParseDate(nt.Date); err != nil {
				d.fail(item.Line, "通知日期%s", strings.TrimPrefix(err.Error(), "日期"))
			}
		}
		d.a.Notices = append(d.a.Notices, nt)
	}
}

// fields reads the scalar values of a mapping into the named strings.
func (d *decoder) fields(n *yaml.Node, into map[string]*string, names string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p, ok := into[k.Value]
		switch {
		case !ok:
			d.fail(k.Line, "未知字段“%s”；此处可用字段为 %s", k.Value, names)
		case v.Kind != yaml.ScalarNode:
			d.fail(v.Line, "%s 应为一段文字", k.Value)
		default:
			*p = strings.TrimSpace(v.Value)
		}
	}
}

func (d *decoder) holidays(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, "holidays 应为列表，每项写明 name、off、work")
		return
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			d.fail(item.Line, "holidays 的每一项应包含 name、off、work")
			continue
		}
		d.holiday(item)
	}
}

func (d *decoder) holiday(n *yaml.Node) {
	var h Holiday
	var offLines, workLines []int
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.fail(k.Line, "字段“%s”重复出现；多个日期请写成列表", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "name":
			if v.Kind != yaml.ScalarNode {
				d.fail(v.Line, "name 应为节日名称，如“春节”")
			}
			h.Name = strings.TrimSpace(v.Value)
		case "off":
			h.Off, offLines = d.dates(v, "off")
		case "work":
			h.Work, workLines = d.dates(v, "work")
		default:
			d.fail(k.Line, "未知字段“%s”；节日可用字段为 name、off、work", k.Value)
		}
	}
	d.a.Holidays = append(d.a.Holidays, h)
	d.pos.holidays = append(d.pos.holidays, n.Line)
	d.pos.off = append(d.pos.off, offLines)
	d.pos.work = append(d.pos.work, workLines)
}

// dates reads a date, an interval "2026-02-15/2026-02-23", or a list of either.
func (d *decoder) dates(n *yaml.Node, key string) ([]Date, []int) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []Date
	var lines []int
	for _, it := range items {
		if it.Kind != yaml.ScalarNode {
			d.fail(it.Line, "%s 的每一项应为日期（2026-02-14）或日期区间（2026-02-15/2026-02-23）", key)
			continue
		}
		ds, err := expand(it.Value)
		if err != nil {
			d.fail(it.Line, "%s", err)
			continue
		}
		for _, x := range ds {
			out = append(out, x)
			lines = append(lines, it.Line)
		}
	}
	return out, lines
}

func expand(s string) ([]Date, error) {
	s = strings.TrimSpace(s)
	from, to, interval := strings.Cut(s, "/")
	a, err := ParseDate(strings.TrimSpace(from))
	if err != nil {
		return nil, err
	}
	if !interval {
		return []Date{a}, nil
	}
	b, err := ParseDate(strings.TrimSpace(to))
	if err != nil {
		return nil, err
	}
	n := int(b.day()-a.day()) + 1
	if n < 1 {
		return nil, fmt.Errorf("日期区间“%s”的结束日期早于开始日期", s)
	}
	if n > maxRun {
		return nil, fmt.Errorf("日期区间“%s”长达%d天，超过%d天，请核对", s, n, maxRun)
	}
	out := make([]Date, n)
	for i := range out {
		out[i] = a.AddDays(i)
	}
	return out, nil
}
