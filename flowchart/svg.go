package flowchart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/govflow/govflow/process"
)

// Drawing metrics and colours.
const (
	margin    = 12.0
	headerH   = 38.0
	callBar   = 9.0
	cornerR   = 6.0
	inkDark   = "#1f2937"
	inkMeta   = "#4b5563"
	lineColor = "#5b6675"
	backColor = "#c0392b"
	laneLine  = "#c5cedb"
)

// palette is the outline and fill of a step kind.
type palette struct{ stroke, fill, badge string }

var palettes = map[process.StepType]palette{
	process.StepTask:        {"#2f6fb0", "#ffffff", "#2f6fb0"},
	process.StepApproval:    {"#6f4bb0", "#ffffff", "#6f4bb0"},
	process.StepCirculation: {"#1c8079", "#ffffff", "#1c8079"},
	process.StepWait:        {"#9a6b12", "#fffaf0", "#9a6b12"},
	process.StepAuto:        {"#6b7280", "#f3f4f6", "#6b7280"},
	process.StepCall:        {"#2f6fb0", "#f5f9ff", "#2f6fb0"},
	process.StepExclusive:   {"#c47f0e", "#fff6df", ""},
	process.StepParallel:    {"#c47f0e", "#fff6df", ""},
	process.StepStart:       {"#2e7d32", "#e8f5e9", ""},
	process.StepEnd:         {"#b3261e", "#fdecea", ""},
}

const (
	currentStroke = "#e8590c"
	currentHalo   = "#ffd8a8"
	doneStroke    = "#2f9e44"
	doneFill      = "#ebfbee"
)

type canvas struct {
	b       *strings.Builder
	def     *process.Definition
	d       *Diagram
	cs      map[*process.Step]*content
	opt     Options
	pre     string
	current map[string]bool
	done    map[string]bool
}

func newCanvas(b *strings.Builder, def *process.Definition, d *Diagram, cs map[*process.Step]*content, opt Options) *canvas {
	c := &canvas{b: b, def: def, d: d, cs: cs, opt: opt, pre: opt.prefix(def), current: map[string]bool{}, done: map[string]bool{}}
	for _, id := range opt.Current {
		c.current[id] = true
	}
	for _, id := range opt.Done {
		c.done[id] = true
	}
	return c
}

func f(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20 || r == 0xfffe || r == 0xffff || r >= 0xd800 && r < 0xe000:
			// not allowed in XML 1.0: dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(c.b, format, args...) }

// draw writes the whole chart as one SVG document.
func (c *canvas) draw() { c.page(0, c.d.Height, "") }

// page writes the part of the chart between y0 and y1 (diagram coordinates) as one SVG document with the
// lane headers on top; suffix keeps the ids of several pages of one chart apart.
func (c *canvas) page(y0, y1 float64, suffix string) {
	pre := c.pre
	c.pre += suffix
	defer func() { c.pre = pre }()
	body := y1 - y0
	w, h := c.d.Width+2*margin, body+headerH+2*margin
	name := c.def.Name
	if name == "" {
		name = c.def.ID
	}
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" role="img" aria-labelledby="%stitle" data-process="%s">`,
		f(w), f(h), f(w), f(h), FontFamily, c.pre, esc(c.def.ID))
	c.printf(`<title id="%stitle">%s 流程图</title>`, c.pre, esc(name))
	c.defs()
	if suffix != "" {
		c.printf(`<clipPath id="%sclip"><rect x="0" y="0" width="%s" height="%s"/></clipPath>`, c.pre, f(c.d.Width), f(body))
	}
	c.printf(`<rect width="%s" height="%s" fill="#ffffff"/>`, f(w), f(h))
	c.printf(`<g transform="translate(%s,%s)">`, f(margin), f(margin))
	c.lanes(body)
	c.printf(`<g transform="translate(0,%s)">`, f(headerH))
	if suffix != "" {
		c.printf(`<g clip-path="url(#%sclip)"><g transform="translate(0,%s)">`, c.pre, f(-y0))
	}
	for i := range c.d.Edges {
		c.edge(&c.d.Edges[i])
	}
	for i := range c.d.Nodes {
		c.node(&c.d.Nodes[i])
	}
	for i := range c.d.Edges {
		c.edgeLabel(&c.d.Edges[i])
	}
	if suffix != "" {
		c.printf(`</g></g>`)
	}
	c.printf(`</g></g></svg>`)
}

func (c *canvas) defs() {
	c.printf(`<defs>`)
	for _, m := range []struct{ id, color string }{{"arrow", lineColor}, {"back", backColor}} {
		c.printf(`<marker id="%s%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0.8 L10,5 L0,9.2 z" fill="%s"/></marker>`,
			c.pre, m.id, m.color)
	}
	c.printf(`</defs>`)
}

func (c *canvas) lanes(body float64) {
	h := body + headerH
	for i, l := range c.d.Lanes {
		fill := "#f8fafc"
		if i%2 == 1 {
			fill = "#f1f4f9"
		}
		c.printf(`<rect x="%s" y="0" width="%s" height="%s" fill="%s"/>`, f(l.X), f(l.W), f(h), fill)
		c.printf(`<rect x="%s" y="0" width="%s" height="%s" fill="#e3e9f2"/>`, f(l.X), f(l.W), f(headerH))
		c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" font-weight="700" fill="%s" data-lane="%d">%s</text>`,
			f(l.X+l.W/2), f(headerH/2+laneFont*0.36), f(laneFont), inkDark, i, esc(Shorten(l.Name, laneFont, l.W-12)))
		if i > 0 {
			c.printf(`<line x1="%s" y1="0" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(l.X), f(l.X), f(h), laneLine)
		}
	}
	c.printf(`<line x1="0" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(headerH), f(c.d.Width), f(headerH), laneLine)
	c.printf(`<rect x="0.5" y="0.5" width="%s" height="%s" fill="none" stroke="#9aa8ba" stroke-width="1" rx="3"/>`, f(c.d.Width-1), f(h-1))
}

// roundedPath draws an orthogonal polyline with softened corners.
func roundedPath(pts []Point) string {
	var b strings.Builder
	fmt.Fprintf(&b, "M%s,%s", f(pts[0].X), f(pts[0].Y))
	for i := 1; i < len(pts); i++ {
		p := pts[i]
		if i == len(pts)-1 {
			fmt.Fprintf(&b, " L%s,%s", f(p.X), f(p.Y))
			break
		}
		a, n := pts[i-1], pts[i+1]
		r := min(cornerR, dist(a, p)/2, dist(p, n)/2)
		p1, p2 := toward(p, a, r), toward(p, n, r)
		fmt.Fprintf(&b, " L%s,%s Q%s,%s %s,%s", f(p1.X), f(p1.Y), f(p.X), f(p.Y), f(p2.X), f(p2.Y))
	}
	return b.String()
}

func dist(a, b Point) float64 { return math.Abs(a.X-b.X) + math.Abs(a.Y-b.Y) }

// toward moves r from p in the direction of q.
func toward(p, q Point, r float64) Point {
	d := dist(p, q)
	if d == 0 {
		return p
	}
	return Point{p.X + (q.X-p.X)*r/d, p.Y + (q.Y-p.Y)*r/d}
}

func (c *canvas) edge(e *Edge) {
	if len(e.Points) < 2 {
		return
	}
	color, marker, dash := lineColor, "arrow", ""
	if e.Kind == EdgeReject {
		color, marker, dash = backColor, "back", ` stroke-dasharray="6 4"`
	}
	c.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="1.4"%s marker-end="url(#%s%s)" data-from="%s" data-to="%s" data-kind="%s"/>`,
		roundedPath(e.Points), color, dash, c.pre, marker, esc(e.From), esc(e.To), edgeKindName(e.Kind))
}

func edgeKindName(k EdgeKind) string {
	return [...]string{"next", "branch", "default", "reject"}[k]
}

func (c *canvas) edgeLabel(e *Edge) {
	if e.Label == "" || e.LabelBox.W == 0 {
		return
	}
	r := e.LabelBox
	color := "#374151"
	if e.Kind == EdgeReject {
		color = backColor
	}
	c.printf(`<g data-label-for="%s>%s">`, esc(e.From), esc(e.To))
	if e.Title != "" && e.Title != e.Label {
		c.printf(`<title>%s</title>`, esc(e.Title))
	}
	c.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="3" fill="#ffffff" fill-opacity="0.94"/>`, f(r.X), f(r.Y), f(r.W), f(r.H))
	c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s">%s</text></g>`,
		f(r.X+r.W/2), f(r.Y+r.H/2+edgeFont*0.36), f(edgeFont), color, esc(e.Label))
}
