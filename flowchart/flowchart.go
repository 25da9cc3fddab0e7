// Package flowchart draws process definitions as swimlane flowcharts (泳道图): one column per unit, the
// flow from top to bottom, laid out automatically. Layout is the geometry (also used for BPMN diagrams);
// Render turns it into a self-contained SVG.
package flowchart

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/govflow/govflow/process"
)

// Options change how Render draws a definition. The zero value draws the plain chart.
type Options struct {
	Current []string // steps in progress: highlighted
	Done    []string // steps already completed: marked with a tick
	// Link returns the address a step's node links to; "" leaves the node unlinked.
	Link func(stepID string) string
	// ProcessName returns the name of a catalog process a call step runs; "" falls back to its id.
	ProcessName func(processID string) string
	// IDPrefix is put before every id inside the SVG so that several charts can share one HTML page;
	// empty means one derived from the definition's id.
	IDPrefix string
}

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

func (o Options) prefix(def *process.Definition) string {
	p := o.IDPrefix
	if p == "" {
		p = "gf-" + def.ID + "-"
	}
	p = idUnsafe.ReplaceAllString(p, "_")
	if p == "" || !(p[0] >= 'A' && p[0] <= 'Z' || p[0] >= 'a' && p[0] <= 'z' || p[0] == '_') {
		p = "gf" + p
	}
	return p
}

// Render draws def as an SVG document: lanes headed by their unit, steps shaped by kind, edges with
// arrowheads and labels. It is a pure function of its arguments.
func Render(def *process.Definition, opt Options) ([]byte, error) {
	if def == nil {
		return nil, errors.New("flowchart: 没有流程定义")
	}
	cs := describe(def, opt)
	d := Layout(def, func(s *process.Step) Size { return cs[s].size })
	var b strings.Builder
	newCanvas(&b, def, d, cs, opt).draw()
	return []byte(b.String()), nil
}

// RenderPages draws def like Render, cut into pieces for printing: the first at most first pixels tall, the
// others at most rest (the lane headers and margins not counted; PageChrome says how much they add). Each
// piece repeats the lane headers, and cuts fall between rows of steps. A chart that fits is one piece.
func RenderPages(def *process.Definition, opt Options, first, rest float64) ([][]byte, error) {
	if def == nil {
		return nil, errors.New("flowchart: 没有流程定义")
	}
	cs := describe(def, opt)
	d := Layout(def, func(s *process.Step) Size { return cs[s].size })
	cuts := Cuts(d, first, rest)
	var out [][]byte
	for i := 0; i+1 < len(cuts); i++ {
		var b strings.Builder
		suffix := ""
		if len(cuts) > 2 {
			suffix = "p" + strconv.Itoa(i+1) + "-"
		}
		newCanvas(&b, def, d, cs, opt).page(cuts[i], cuts[i+1], suffix)
		out = append(out, []byte(b.String()))
	}
	return out, nil
}

// minPiece is the shortest piece Cuts makes, whatever it is asked.
const minPiece = 60.0

// PageChrome is the height a drawing adds to its body: the lane headers and the margins.
const PageChrome = headerH + 2*margin

// Cuts returns where to cut d into pieces, the first at most first tall and the others at most rest: 0, the
// cut positions, and d.Height. A cut goes through the middle of the lowest gap between rows of nodes and edge
// labels that keeps the piece short enough; only where no such gap exists is a row cut through.
func Cuts(d *Diagram, first, rest float64) []float64 {
	cuts := []float64{0}
	if first <= 0 || rest <= 0 {
		return append(cuts, d.Height)
	}
	first, rest = max(first, minPiece), max(rest, minPiece)
	var blocks []Rect
	for i := range d.Nodes {
		a := d.Nodes[i].Area().Union(badgeZone(&d.Nodes[i]))
		blocks = append(blocks, a.Inflate(2))
	}
	for _, e := range d.Edges {
		if e.LabelBox.W > 0 {
			blocks = append(blocks, e.LabelBox.Inflate(2))
		}
	}
	free := func(y float64) bool {
		for _, b := range blocks {
			if y > b.Y && y < b.Bottom() {
				return false
			}
		}
		return true
	}
	for top, maxHeight := 0.0, first; d.Height-top > maxHeight; maxHeight = rest {
		limit := top + maxHeight
		cut := limit
		for y := math.Floor(limit); y > top+maxHeight/3; y-- {
			if free(y) {
				lo, hi := y, y
				for lo > top && free(lo-1) {
					lo--
				}
				for hi < d.Height && free(hi+1) {
					hi++
				}
				cut = min((lo+hi)/2, limit)
				break
			}
		}
		cuts = append(cuts, cut)
		top = cut
	}
	return append(cuts, d.Height)
}

// BoxSize is the size Render gives a step's node; callers that lay out their own drawings of the same
// definition use it to match.
func BoxSize(def *process.Definition, s *process.Step) Size {
	names := map[string]string{}
	for i := range def.Steps {
		names[def.Steps[i].ID] = def.Steps[i].Name
	}
	return describeStep(def, s, names, Options{}).size
}
