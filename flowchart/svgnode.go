package flowchart

import (
	"math"
	"strings"

	"github.com/govflow/govflow/process"
)

func (c *canvas) node(n *Node) {
	s := n.Step
	ct := c.cs[s]
	link := ""
	if c.opt.Link != nil {
		link = c.opt.Link(s.ID)
	}
	state := ""
	switch {
	case c.current[s.ID]:
		state = ` data-state="current"`
	case c.done[s.ID]:
		state = ` data-state="done"`
	}
	if link != "" {
		c.printf(`<a href="%s" target="_top">`, esc(link))
	}
	c.printf(`<g data-step="%s" data-kind="%s"%s>`, esc(s.ID), esc(string(s.Type)), state)
	c.printf(`<title>%s</title>`, esc(tooltip(c.def, s, ct)))
	switch n.Shape {
	case ShapeDiamond:
		c.diamond(n)
	case ShapeCircle:
		c.circle(n)
	default:
		c.box(n, ct)
	}
	c.outside(n, ct)
	c.printf(`</g>`)
	if link != "" {
		c.printf(`</a>`)
	}
}

// tooltip is the full description shown on hover: name, who, limit, standard, conditions.
func tooltip(def *process.Definition, s *process.Step, ct *content) string {
	lines := []string{s.Name}
	if s.Name == "" {
		lines[0] = s.ID
	}
	if w := strings.Join(ct.who, ""); w != "" {
		lines = append(lines, "办理："+w)
	}
	if s.Limit != "" {
		lines = append(lines, "时限："+s.Limit)
	}
	if s.Standard != "" {
		lines = append(lines, "完成标准："+s.Standard)
	}
	if s.SkipIf != "" {
		lines = append(lines, "满足时跳过："+s.SkipIf)
	}
	for _, r := range s.Require {
		lines = append(lines, "前置条件："+r.Message)
	}
	return strings.Join(lines, "\n")
}

// look is the outline and fill of a node after the instance state is applied.
func (c *canvas) look(s *process.Step) (stroke, fill string, width float64) {
	p := palettes[s.Type]
	stroke, fill, width = p.stroke, p.fill, 1.5
	if stroke == "" {
		stroke, fill = "#6b7280", "#ffffff"
	}
	switch {
	case c.current[s.ID]:
		stroke, width = currentStroke, 2.6
		fill = "#fff4e6"
	case c.done[s.ID]:
		stroke, fill = doneStroke, doneFill
	}
	return
}

func (c *canvas) box(n *Node, ct *content) {
	s, r := n.Step, n.Box
	stroke, fill, sw := c.look(s)
	dash := ""
	if s.SkipIf != "" {
		dash = ` stroke-dasharray="5 3"`
	}
	if c.current[s.ID] {
		c.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="11" fill="none" stroke="%s" stroke-width="6"/>`,
			f(r.X-3), f(r.Y-3), f(r.W+6), f(r.H+6), currentHalo)
	}
	if s.Type == process.StepCirculation {
		c.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="%s" stroke="%s" stroke-width="1.2"/>`,
			f(r.X+4), f(r.Y+4), f(r.W), f(r.H), fill, stroke)
	}
	c.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="%s" stroke="%s" stroke-width="%s"%s data-outline="1"/>`,
		f(r.X), f(r.Y), f(r.W), f(r.H), fill, stroke, f(sw), dash)
	switch s.Type {
	case process.StepApproval:
		c.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="5.5" fill="none" stroke="%s" stroke-width="1"%s/>`,
			f(r.X+3.5), f(r.Y+3.5), f(r.W-7), f(r.H-7), stroke, dash)
	case process.StepCall:
		for _, x := range []float64{r.X + callBar, r.Right() - callBar} {
			c.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, f(x), f(r.Y), f(x), f(r.Bottom()), stroke)
		}
	case process.StepWait:
		c.clock(r.Right()-14, r.Y+14, 7, stroke)
	case process.StepAuto:
		c.gear(r.Right()-14, r.Y+14, stroke)
	}
	c.boxText(r, ct, stroke)
	if ct.badge != "" {
		c.badge(r, ct.badge, palettes[s.Type].badge)
	}
	c.stateMark(s, r.X+2, r.Y+2)
}

func (c *canvas) boxText(r Rect, ct *content, accent string) {
	cx := r.X + r.W/2
	y := r.Y + boxPadTop + titleFont*0.86
	for _, l := range ct.title {
		c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" font-weight="700" fill="%s">%s</text>`,
			f(cx), f(y), f(titleFont), inkDark, esc(l))
		y += titleLineH
	}
	y += metaGap - titleLineH + titleFont*0.14 + metaLineH - metaFont*0.1
	for _, l := range append(append([]string{}, ct.who...), ct.note...) {
		c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s">%s</text>`,
			f(cx), f(y), f(metaFont), inkMeta, esc(l))
		y += metaLineH
	}
	if ct.limit != "" {
		w := TextWidth(ct.limit, metaFont) + iconW
		x0 := cx - w/2
		c.clock(x0+5.5, y-metaFont*0.36, 5, accent)
		c.printf(`<text x="%s" y="%s" font-size="%s" fill="%s" data-limit="1">%s</text>`,
			f(x0+iconW), f(y), f(metaFont), inkMeta, esc(ct.limit))
	}
}

func (c *canvas) badge(r Rect, text, color string) {
	w := TextWidth(text, 11) + 12
	x, y := r.Right()-w-10, r.Y-8
	c.printf(`<rect x="%s" y="%s" width="%s" height="16" rx="8" fill="%s"/>`, f(x), f(y), f(w), color)
	c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="11" font-weight="700" fill="#ffffff" data-badge="1">%s</text>`,
		f(x+w/2), f(y+12), esc(text))
}

// stateMark puts a tick on a done step and a dot on a current one.
func (c *canvas) stateMark(s *process.Step, x, y float64) {
	switch {
	case c.done[s.ID]:
		c.printf(`<circle cx="%s" cy="%s" r="7" fill="%s"/><path d="M%s,%s l2.6,2.6 l4.6,-5" fill="none" stroke="#ffffff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`,
			f(x), f(y), doneStroke, f(x-3.8), f(y+0.2))
	case c.current[s.ID]:
		c.printf(`<circle cx="%s" cy="%s" r="6" fill="%s"/>`, f(x), f(y), currentStroke)
	}
}

func (c *canvas) clock(cx, cy, r float64, color string) {
	c.printf(`<circle cx="%s" cy="%s" r="%s" fill="#ffffff" stroke="%s" stroke-width="1.2"/><path d="M%s,%s V%s H%s" fill="none" stroke="%s" stroke-width="1.2" stroke-linecap="round"/>`,
		f(cx), f(cy), f(r), color, f(cx), f(cy-r*0.6), f(cy), f(cx+r*0.5), color)
}

// gear draws a cog of eight teeth: the sign of a step the system does.
func (c *canvas) gear(cx, cy float64, color string) {
	var p strings.Builder
	const teeth, outer, inner = 8, 6.2, 4.4
	for j := range teeth * 4 {
		a := (float64(j) - 0.5) * math.Pi / (teeth * 2)
		r := inner
		if j%4 == 1 || j%4 == 2 {
			r = outer
		}
		cmd := "L"
		if j == 0 {
			cmd = "M"
		}
		p.WriteString(cmd + f(cx+r*math.Cos(a)) + "," + f(cy+r*math.Sin(a)) + " ")
	}
	c.printf(`<path d="%sz" fill="%s"/><circle cx="%s" cy="%s" r="1.9" fill="#f3f4f6"/>`, p.String(), color, f(cx), f(cy))
}

func (c *canvas) diamond(n *Node) {
	r := n.Box
	stroke, fill, sw := c.look(n.Step)
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	if c.current[n.Step.ID] {
		c.printf(`<circle cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="6"/>`, f(cx), f(cy), f(r.W/2+4), currentHalo)
	}
	c.printf(`<path d="M%s,%s L%s,%s L%s,%s L%s,%s z" fill="%s" stroke="%s" stroke-width="%s" stroke-linejoin="round"/>`,
		f(cx), f(r.Y), f(r.Right()), f(cy), f(cx), f(r.Bottom()), f(r.X), f(cy), fill, stroke, f(sw))
	k := r.W * 0.17
	if n.Step.Type == process.StepParallel {
		c.printf(`<path d="M%s,%s V%s M%s,%s H%s" stroke="%s" stroke-width="3" stroke-linecap="round"/>`,
			f(cx), f(cy-k*1.3), f(cy+k*1.3), f(cx-k*1.3), f(cy), f(cx+k*1.3), stroke)
	} else {
		c.printf(`<path d="M%s,%s L%s,%s M%s,%s L%s,%s" stroke="%s" stroke-width="3" stroke-linecap="round"/>`,
			f(cx-k), f(cy-k), f(cx+k), f(cy+k), f(cx+k), f(cy-k), f(cx-k), f(cy+k), stroke)
	}
	c.stateMark(n.Step, r.X+4, r.Y+4)
}

func (c *canvas) circle(n *Node) {
	r := n.Box
	stroke, fill, sw := c.look(n.Step)
	text := "开始"
	if n.Step.Type == process.StepEnd {
		text, sw = "结束", sw+2
	}
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	c.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="%s"/>`, f(cx), f(cy), f(r.W/2-sw/2), fill, stroke, f(sw))
	c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="13" font-weight="700" fill="%s">%s</text>`,
		f(cx), f(cy+13*0.36), stroke, text)
	c.stateMark(n.Step, r.X+4, r.Y+4)
}

// outside draws the label right of a gateway or event.
func (c *canvas) outside(n *Node, ct *content) {
	if len(ct.out) == 0 || n.Label.W == 0 {
		return
	}
	y := n.Label.Y + outLineH/2 + outFont*0.36
	for _, l := range ct.out {
		c.printf(`<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`, f(n.Label.X), f(y), f(outFont), inkMeta, esc(l))
		y += outLineH
	}
}
