package flowchart

import (
	"fmt"
	"strings"

	"github.com/govflow/govflow/process"
)

// Node box metrics of the drawing.
const (
	boxW        = 168.0
	smallBoxW   = 140.0
	boxPadX     = 11.0
	boxPadTop   = 11.0
	boxPadBot   = 10.0
	titleFont   = 14.0
	titleLineH  = 19.0
	metaFont    = 12.0
	metaLineH   = 16.0
	metaGap     = 5.0
	diamondSize = 46.0
	circleSize  = 44.0
	outFont     = 12.0
	outLineH    = 15.0
	outW        = 96.0
	iconW       = 15.0 // room for the clock before a limit
)

// content is what a node shows, wrapped to its box.
type content struct {
	title []string // bold lines
	who   []string // 岗位 lines
	limit string   // time limit, drawn after a clock
	note  []string // kind-specific line: 等待…, 系统自动, 调用…
	badge string   // 会签, 或签, 依次, 传阅 …
	out   []string // outside label lines (gateways, events)
	size  Size
}

// describe computes the content and size of every step once.
func describe(def *process.Definition, opt Options) map[*process.Step]*content {
	out := map[*process.Step]*content{}
	names := map[string]string{}
	for i := range def.Steps {
		names[def.Steps[i].ID] = def.Steps[i].Name
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		out[s] = describeStep(def, s, names, opt)
	}
	return out
}

func describeStep(def *process.Definition, s *process.Step, names map[string]string, opt Options) *content {
	c := &content{}
	switch ShapeOf(s.Type) {
	case ShapeDiamond:
		c.out = Wrap(s.Name, outFont, outW, 3)
		c.size = Size{W: diamondSize, H: diamondSize}
	case ShapeCircle:
		if l := eventLabel(s); l != "" {
			c.out = Wrap(l, outFont, outW, 2)
		}
		c.size = Size{W: circleSize, H: circleSize}
	default:
		c.describeBox(def, s, names, opt)
		return c
	}
	if len(c.out) > 0 {
		c.size.LabelW = maxWidth(c.out, outFont)
		c.size.LabelH = float64(len(c.out)) * outLineH
	}
	return c
}

func eventLabel(s *process.Step) string {
	for _, l := range []string{s.Result, s.Name} {
		if l != "" && l != "开始" && l != "结束" {
			return l
		}
	}
	return ""
}

func (c *content) describeBox(def *process.Definition, s *process.Step, names map[string]string, opt Options) {
	w := boxW
	if s.Type == process.StepWait || s.Type == process.StepAuto {
		w = smallBoxW
	}
	inner := w - 2*boxPadX
	if s.Type == process.StepCall {
		inner -= 2 * callBar
	}
	name := s.Name
	if name == "" {
		name = s.ID
	}
	c.title = Wrap(name, titleFont, inner, 3)
	c.who = Wrap(whoText(def, s, names), metaFont, inner, 2)
	if s.Limit != "" {
		c.limit = Shorten(s.Limit, metaFont, inner-iconW)
	}
	switch s.Type {
	case process.StepApproval:
		c.badge = modeBadge(s)
	case process.StepCirculation:
		c.badge = "传阅"
	case process.StepWait:
		c.note = Wrap(waitText(def, s), metaFont, inner, 2)
	case process.StepAuto:
		c.note = []string{"系统自动"}
	case process.StepCall:
		pn := s.Process
		if opt.ProcessName != nil {
			if n := opt.ProcessName(s.Process); n != "" {
				pn = n
			}
		}
		c.note = Wrap("调用："+pn, metaFont, inner, 2)
	}
	h := boxPadTop + float64(len(c.title))*titleLineH + boxPadBot
	if meta := len(c.who) + len(c.note) + boolInt(c.limit != ""); meta > 0 {
		h += metaGap + float64(meta)*metaLineH
	}
	c.size = Size{W: w, H: max(h, 48)}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func maxWidth(lines []string, size float64) float64 {
	w := 0.0
	for _, l := range lines {
		w = max(w, TextWidth(l, size))
	}
	return w
}

// modeBadge names an approval's countersign mode the way offices say it.
func modeBadge(s *process.Step) string {
	switch s.Mode {
	case process.ModeAll:
		return "会签"
	case process.ModeAny, "":
		return "或签"
	case process.ModeSequential:
		return "依次"
	case process.ModeRatio:
		return fmt.Sprintf("≥%g%%", s.Ratio*100)
	}
	return s.Mode
}

func waitText(def *process.Definition, s *process.Step) string {
	if s.UntilField != "" {
		return "等待至" + fieldName(def, s.UntilField)
	}
	if s.Wait != "" {
		return "等待" + s.Wait
	}
	return "等待"
}

// whoText says who does the step, leaving out the unit already named by the step's lane.
func whoText(def *process.Definition, s *process.Step, names map[string]string) string {
	lane := actorLane(def, s, nil, map[string]bool{})
	var parts []string
	for _, a := range s.Who {
		if t := assigneeText(def, a, lane, names); t != "" && !contains(parts, t) {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "、")
}

func assigneeText(def *process.Definition, a process.Assignee, lane string, names map[string]string) string {
	job := a.Post
	if job == "" {
		job = a.Role
	}
	switch {
	case a.Role == process.RoleOverseer:
		if a.Unit != "" && lane != LeaderLane {
			return a.Unit + "分管领导"
		}
		return "分管领导"
	case a.Unit != "":
		if a.Unit == lane || isTopUnit(a.Unit) && lane == LeaderLane {
			return job
		}
		return joinNonEmpty(a.Unit, job, "·")
	case a.UnitField != "":
		if fieldName(def, a.UnitField) == lane {
			return job
		}
		return joinNonEmpty(fieldName(def, a.UnitField), job, "·")
	case a.PersonField != "":
		if fieldName(def, a.PersonField) == lane {
			return ""
		}
		return fieldName(def, a.PersonField)
	case a.PerformerOf != "":
		n := names[a.PerformerOf]
		if n == "" {
			n = a.PerformerOf
		}
		return "「" + n + "」办理人"
	case a.Initiator:
		return "发起人"
	}
	return job
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
