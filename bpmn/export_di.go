package bpmn

import (
	"math"
	"strconv"

	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/process"
)

// Where the pool is drawn and how wide its name band and each lane's name band are (as modelers draw them).
const (
	poolX    = 100.0
	poolY    = 60.0
	nameBand = 30.0
)

// shapeSize gives each step its usual BPMN size, in the flowchart layout's terms: W runs across the lanes
// (the BPMN height), H along the flow (the BPMN width).
func shapeSize(s *process.Step) flowchart.Size {
	switch s.Type {
	case process.StepStart, process.StepEnd, process.StepWait:
		return flowchart.Size{W: 36, H: 36}
	case process.StepExclusive, process.StepParallel:
		return flowchart.Size{W: 50, H: 50}
	}
	return flowchart.Size{W: 80, H: 100}
}

// turn maps a layout point (lanes across x, flow down y) to the BPMN diagram (flow to the right, lanes as rows).
func turn(p flowchart.Point) (x, y float64) {
	return poolX + 2*nameBand + p.Y, poolY + p.X
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func (ex *exporter) bounds(x, y, w, h float64) {
	ex.w.empty("dc:Bounds", "x", num(x), "y", num(y), "width", num(w), "height", num(h))
}

func (ex *exporter) writeDiagram() {
	w := &ex.w
	d := ex.diagram
	w.open("bpmndi:BPMNDiagram", "id", ex.unique("BPMNDiagram_1"))
	w.open("bpmndi:BPMNPlane", "id", ex.unique("BPMNPlane_1"), "bpmnElement", ex.collab)
	w.open("bpmndi:BPMNShape", "id", ex.part+"_di", "bpmnElement", ex.part, "isHorizontal", "true")
	ex.bounds(poolX, poolY, 2*nameBand+d.Height, max(d.Width, 1))
	w.close("bpmndi:BPMNShape")
	for i, l := range d.Lanes {
		w.open("bpmndi:BPMNShape", "id", ex.lanes[i]+"_di", "bpmnElement", ex.lanes[i], "isHorizontal", "true")
		ex.bounds(poolX+nameBand, poolY+l.X, nameBand+d.Height, l.W)
		w.close("bpmndi:BPMNShape")
	}
	for _, n := range d.Nodes {
		id := ex.stepID[n.Step.ID]
		x, y := turn(flowchart.Point{X: n.Box.X, Y: n.Box.Y})
		attrs := []string{"id", id + "_di", "bpmnElement", id}
		if n.Step.Type == process.StepExclusive {
			attrs = append(attrs, "isMarkerVisible", "true")
		}
		w.open("bpmndi:BPMNShape", attrs...)
		ex.bounds(x, y, n.Box.H, n.Box.W)
		w.close("bpmndi:BPMNShape")
	}
	for _, f := range ex.flows {
		ex.writeEdge(f)
	}
	w.close("bpmndi:BPMNPlane")
	w.close("bpmndi:BPMNDiagram")
}

// writeEdge draws a flow along the route the layout found for its arrow.
func (ex *exporter) writeEdge(f flow) {
	w := &ex.w
	var route *flowchart.Edge
	for i := range ex.diagram.Edges {
		e := &ex.diagram.Edges[i]
		if e.From == f.from && e.To == f.to && (e.Kind == flowchart.EdgeReject) == (f.kind == process.EdgeReject) {
			route = e
			break
		}
	}
	w.open("bpmndi:BPMNEdge", "id", f.id+"_di", "bpmnElement", f.id)
	if route != nil {
		for _, p := range route.Points {
			x, y := turn(p)
			w.empty("di:waypoint", "x", num(x), "y", num(y))
		}
		if f.name != "" && route.LabelBox.W > 0 {
			c := route.LabelBox.Center()
			x, y := turn(c)
			lw := flowchart.TextWidth(f.name, 11) + 4
			w.open("bpmndi:BPMNLabel")
			ex.bounds(x-lw/2, y-7, lw, 14)
			w.close("bpmndi:BPMNLabel")
		}
	}
	w.close("bpmndi:BPMNEdge")
}
