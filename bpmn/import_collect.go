package bpmn

import (
	"strconv"
	"strings"
)

// node is a flow node of the imported process.
type node struct {
	el    *elem // nil for nodes Import adds
	id    string
	kind  string // the BPMN element's local name, or "pass" for a node to be removed
	name  string
	sub   *node // the embedded sub-process it sits in
	depth int
	gone  bool
	made  bool // turned into a gateway or end by Import: its element says nothing about it
}

// sflow is a sequence flow between two nodes.
type sflow struct {
	el        *elem
	id        string
	src, dst  *node
	name      string
	cond      string
	kind      string // govflow:flow kind, when written by govflow
	isDefault bool
	gone      bool
}

func (im *importer) addNode(n *node) *node {
	im.nodes = append(im.nodes, n)
	if n.id != "" {
		if _, dup := im.nodeOf[n.id]; dup {
			im.warn(n.el, n.id, "元素编号“%s”重复，后一个已按新编号导入", n.id)
			n.id = im.freshID(n.id)
		}
		im.nodeOf[n.id] = n
	}
	return n
}

func (im *importer) freshID(base string) string {
	id := base
	for k := 2; ; k++ {
		if _, used := im.nodeOf[id]; !used && im.byID[id] == nil {
			return id
		}
		id = base + "_" + strconv.Itoa(k)
	}
}

// collect gathers the flow nodes, flows and lanes of a process and of the sub-processes inside it.
func (im *importer) collect(proc *elem) {
	im.nodeOf = map[string]*node{}
	im.outIdx, im.inIdx = map[*node][]*sflow{}, map[*node][]*sflow{}
	im.lanes = map[string]string{}
	im.limits = map[string]string{}
	var flowEls []*elem
	var walk func(container *elem, sub *node, depth int)
	walk = func(container *elem, sub *node, depth int) {
		for _, k := range container.kids {
			if k.space != im.ns {
				continue
			}
			switch {
			case flowNodeKinds[k.local]:
				n := im.addNode(&node{el: k, id: k.attr("id"), kind: k.local, name: clean(k.attr("name")), sub: sub, depth: depth})
				if isSubProcess(k.local) {
					walk(k, n, depth+1)
				}
			case k.local == "sequenceFlow":
				flowEls = append(flowEls, k)
			case k.local == "laneSet":
				im.readLanes(k, "")
			case ignored[k.local]:
			default:
				im.warn(k, k.attr("id"), "元素 <%s>%s 在 govflow 中没有对应，未导入", k.local, quoted(displayName(k)))
			}
		}
	}
	walk(proc, nil, 0)
	for _, f := range flowEls {
		im.addFlow(f)
	}
	im.markDefaults()
}

func isSubProcess(kind string) bool {
	return kind == "subProcess" || kind == "adHocSubProcess" || kind == "transaction"
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return "“" + s + "”"
}

// readLanes records the lane of each flow node; a node in a nested lane takes the innermost lane's name.
func (im *importer) readLanes(set *elem, outer string) {
	for _, lane := range set.children(im.ns, "lane") {
		name := clean(lane.attr("name"))
		if name == "" {
			name = outer
		}
		for _, ref := range lane.children(im.ns, "flowNodeRef") {
			if name != "" {
				im.lanes[ref.content()] = name
			}
		}
		for _, child := range lane.children(im.ns, "childLaneSet") {
			im.readLanes(child, name)
		}
	}
}

func (im *importer) addFlow(e *elem) {
	id := e.attr("id")
	src, okS := im.nodeOf[e.attr("sourceRef")]
	dst, okD := im.nodeOf[e.attr("targetRef")]
	if !okS || !okD {
		im.warn(e, id, "顺序流%s的起点“%s”或终点“%s”不是本流程的流程元素，未导入", quoted(displayName(e)), e.attr("sourceRef"), e.attr("targetRef"))
		return
	}
	f := &sflow{el: e, id: id, src: src, dst: dst, name: clean(e.attr("name"))}
	if c := e.child(im.ns, "conditionExpression"); c != nil {
		f.cond = cleanCondition(c.text.String())
	}
	if x := ext(e, im.ns, "flow"); x != nil {
		f.kind = extAttr(x, "kind")
	}
	im.addFlowTo(f)
}

// addFlowTo records f and indexes it by its ends.
func (im *importer) addFlowTo(f *sflow) {
	im.flows = append(im.flows, f)
	im.outIdx[f.src] = append(im.outIdx[f.src], f)
	im.inIdx[f.dst] = append(im.inIdx[f.dst], f)
}

func without(fs []*sflow, f *sflow) []*sflow {
	for i, g := range fs {
		if g == f {
			return append(fs[:i:i], fs[i+1:]...)
		}
	}
	return fs
}

// setSrc and setDst move an end of f, keeping the index.
func (im *importer) setSrc(f *sflow, n *node) {
	im.outIdx[f.src] = without(im.outIdx[f.src], f)
	f.src = n
	im.outIdx[n] = append(im.outIdx[n], f)
}

func (im *importer) setDst(f *sflow, n *node) {
	im.inIdx[f.dst] = without(im.inIdx[f.dst], f)
	f.dst = n
	im.inIdx[n] = append(im.inIdx[n], f)
}

// cleanCondition strips the ${…} or #{…} that other engines wrap expressions in.
func cleanCondition(s string) string {
	s = strings.TrimSpace(s)
	for _, open := range []string{"${", "#{"} {
		if strings.HasPrefix(s, open) && strings.HasSuffix(s, "}") && strings.Count(s, "{") == 1 {
			return strings.TrimSpace(s[len(open) : len(s)-1])
		}
	}
	return s
}

// markDefaults flags the flows named by a gateway's or activity's default attribute.
func (im *importer) markDefaults() {
	for _, n := range im.nodes {
		if n.el == nil {
			continue
		}
		if d := n.el.attr("default"); d != "" {
			for _, f := range im.outIdx[n] {
				if f.id == d {
					f.isDefault = true
				}
			}
		}
	}
}

// outs and ins list the flows leaving and entering n, in the order they were written.
func (im *importer) outs(n *node) []*sflow { return live(im.outIdx[n]) }

func (im *importer) ins(n *node) []*sflow { return live(im.inIdx[n]) }

func live(fs []*sflow) []*sflow {
	var out []*sflow
	for _, f := range fs {
		if !f.gone {
			out = append(out, f)
		}
	}
	return out
}

// eventDef returns the local name of the event's first event definition ("" for a none event).
func (im *importer) eventDef(e *elem) string {
	for _, k := range e.kids {
		if k.space == im.ns && strings.HasSuffix(k.local, "EventDefinition") {
			return k.local
		}
	}
	if e.child(im.ns, "eventDefinitionRef") != nil {
		return "eventDefinitionRef"
	}
	return ""
}
