package handbook

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/process"
)

// entry is one process as the handbook prints it.
type entry struct {
	Number, Anchor string
	Def            *process.Definition
	Limit          string
	StepCount      int
	Chart          chart
	Rows           []row
	Preconditions  []precondition
	Related        []related
}

type row struct {
	No                              int
	Name, Kind, Unit, Post, Limit   string
	Inputs, Outputs, Standard, Skip string
}

type precondition struct{ Step, Message string }

type related struct {
	Name, Anchor, ID string
}

// Page geometry in CSS pixels (96 per inch): the A4 text block inside the margins set in handbook.css.
const (
	portraitW, portraitH   = 657.0, 965.0 // 174 × 255 mm
	landscapeW, landscapeH = 986.0, 638.0 // 261 × 169 mm
	minScale               = 0.62         // below this the charts' 14px titles print smaller than 6.5pt
	captionH               = 34.0         // the figure caption under each piece
	lineH                  = 22.0         // a line of 10pt text
	charsPerLine           = 46           // of 10pt Chinese text across the text block
)

// introHeight estimates, generously, how tall a process's title block and purpose print.
func introHeight(d *process.Definition) float64 {
	h := 30.0 + 80 + 3*34 + 44 + 24 // band, title, meta rows, heading, slack
	if d.Basis != "" {
		h += 34 + lineH*float64(utf8.RuneCountInString(d.Basis)/40)
	}
	return h + lineH*float64(1+utf8.RuneCountInString(d.Purpose)/charsPerLine)
}

func newEntry(d *process.Definition, number string, names map[string]string) (*entry, error) {
	e := &entry{Number: number, Anchor: anchor(d.ID), Def: d, Limit: d.Limit}
	if e.Limit == "" {
		e.Limit = "—"
	}
	c, err := newChart(d, names, introHeight(d))
	if err != nil {
		return nil, err
	}
	e.Chart = c
	fields := fieldNames(d)
	stepNames := map[string]string{}
	for _, s := range d.Steps {
		stepNames[s.ID] = label(&s)
	}
	for i := range d.Steps {
		s := &d.Steps[i]
		for _, r := range s.Require {
			e.Preconditions = append(e.Preconditions, precondition{Step: label(s), Message: r.Message})
		}
		if !listed(s.Type) {
			continue
		}
		e.Rows = append(e.Rows, newRow(d, s, len(e.Rows)+1, fields, stepNames, names))
	}
	e.StepCount = len(e.Rows)
	for _, id := range d.Related {
		r := related{ID: id, Name: names[id]}
		if r.Name != "" {
			r.Anchor = anchor(id)
		}
		e.Related = append(e.Related, r)
	}
	return e, nil
}

func anchor(id string) string { return "p-" + id }

func label(s *process.Step) string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// listed reports whether a step kind has a row in the step table: the work, not the flow's joints.
func listed(t process.StepType) bool {
	switch t {
	case process.StepStart, process.StepEnd, process.StepExclusive, process.StepParallel:
		return false
	}
	return true
}

// chart is a process's flowchart, cut into pieces that each fit a page.
type chart struct {
	Landscape bool
	// AfterTable puts the chart after the step table: when it needs pages of its own, the table fills the
	// rest of the title page instead of leaving it blank.
	AfterTable bool
	Width      string // CSS width of each piece
	Pieces     []template.HTML
}

// newChart picks the page orientation and scale that keep the chart's text legible, and where it goes: on
// the title page when it fits there whole, else on pages of its own, cut to fit.
func newChart(d *process.Definition, names map[string]string, intro float64) (chart, error) {
	size := func(s *process.Step) flowchart.Size { return flowchart.BoxSize(d, s) }
	layout := flowchart.Layout(d, size)
	width, height := layout.Width+24, layout.Height+flowchart.PageChrome
	c := chart{}
	pageW, pageH := portraitW, portraitH
	scale := min(1, pageW/width)
	if scale < minScale {
		c.Landscape, pageW, pageH = true, landscapeW, landscapeH
		scale = min(1, pageW/width)
	}
	c.Width = fmt.Sprintf("%.0fpx", width*scale)
	rest := (pageH-captionH)/scale - flowchart.PageChrome
	first := rest
	room := pageH - intro - captionH
	switch {
	case c.Landscape:
		c.AfterTable = true
	case height*scale <= room:
	case height*scale <= pageH-captionH:
		c.AfterTable = true
	default:
		first = max(room/scale-flowchart.PageChrome, rest/3)
	}
	opt := flowchart.Options{
		IDPrefix:    "gf-" + d.ID + "-",
		ProcessName: func(id string) string { return names[id] },
	}
	pieces, err := flowchart.RenderPages(d, opt, first, rest)
	if err != nil {
		return c, err
	}
	for _, p := range pieces {
		c.Pieces = append(c.Pieces, template.HTML(p))
	}
	return c, nil
}

func boolFields(d *process.Definition) map[string]bool {
	out := map[string]bool{}
	for _, f := range d.Fields {
		out[f.ID] = f.Type == process.FieldBool
	}
	return out
}

func fieldNames(d *process.Definition) map[string]string {
	out := map[string]string{}
	for _, f := range d.Fields {
		out[f.ID] = f.Name
	}
	return out
}

func newRow(d *process.Definition, s *process.Step, no int, fields, steps, procs map[string]string) row {
	r := row{No: no, Name: label(s), Kind: kindTag(s), Limit: orDash(s.Limit),
		Inputs: orDash(strings.Join(s.Inputs, "、")), Outputs: orDash(strings.Join(s.Outputs, "、")), Standard: s.Standard}
	r.Unit, r.Post = who(s, fields, steps)
	switch s.Type {
	case process.StepAuto:
		r.Unit, r.Post = "系统", "—"
	case process.StepWait:
		r.Unit, r.Post = "—", "—"
		r.Limit = orDash(s.Wait)
		if s.UntilField != "" {
			r.Limit = "至" + nameOr(fields, s.UntilField)
		}
	case process.StepCall:
		r.Unit, r.Post = "按被调用流程", "—"
		r.Standard = strings.TrimSpace("办理“" + nameOr(procs, s.Process) + "”流程。" + s.Standard)
	}
	if s.SkipIf != "" {
		r.Skip = "满足“" + readable(s.SkipIf, fields, boolFields(d)) + "”时跳过本环节。"
	}
	if r.Standard == "" && r.Skip == "" {
		r.Standard = "—"
	}
	return r
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func nameOr(m map[string]string, id string) string {
	if n := m[id]; n != "" {
		return n
	}
	return id
}

func kindTag(s *process.Step) string {
	switch s.Type {
	case process.StepApproval:
		switch s.Mode {
		case process.ModeAll:
			return "会签"
		case process.ModeSequential:
			return "依次审批"
		case process.ModeRatio:
			return fmt.Sprintf("审批（同意≥%g%%）", s.Ratio*100)
		}
		return "审批"
	case process.StepCirculation:
		return "传阅"
	case process.StepWait:
		return "等待"
	case process.StepAuto:
		return "系统自动"
	case process.StepCall:
		return "调用流程"
	}
	return ""
}

// who says which unit and which post do a step.
func who(s *process.Step, fields, steps map[string]string) (unit, post string) {
	var units, posts []string
	add := func(list []string, v string) []string {
		if v == "" {
			return list
		}
		for _, x := range list {
			if x == v {
				return list
			}
		}
		return append(list, v)
	}
	for _, a := range s.Who {
		job := a.Post
		if job == "" {
			job = a.Role
		}
		switch {
		case a.Role == process.RoleOverseer:
			units, posts = add(units, flowchart.LeaderLane), add(posts, "分管领导")
		case a.Unit != "":
			units, posts = add(units, a.Unit), add(posts, job)
		case a.UnitField != "":
			units, posts = add(units, nameOr(fields, a.UnitField)), add(posts, job)
		case a.PersonField != "":
			units, posts = add(units, "—"), add(posts, nameOr(fields, a.PersonField))
		case a.PerformerOf != "":
			units, posts = add(units, "同“"+nameOr(steps, a.PerformerOf)+"”"), add(posts, "原办理人")
		case a.Initiator:
			units, posts = add(units, "发起单位"), add(posts, "发起人")
		}
	}
	return orDash(strings.Join(units, "、")), orDash(strings.Join(posts, "、"))
}
