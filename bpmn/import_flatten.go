package bpmn

import (
	"fmt"
	"slices"
)

// flatten turns what govflow has no element for into plain steps and arrows: boundary events are dropped
// (a timer's duration becomes its activity's time limit), link events are joined, embedded sub-processes
// are expanded in place, extra start events are dropped, and the pass-through nodes this leaves are removed.
// What only a dropped event led to goes with it.
func (im *importer) flatten() {
	im.boundaries()
	im.links()
	im.pruneCuts()
	im.milestones()
	im.subProcesses()
	im.extraStarts()
	im.pruneCuts()
	im.foreignConditions()
	im.removePasses()
}

func (im *importer) drop(n *node) {
	n.gone = true
	for _, f := range im.outIdx[n] {
		f.gone = true
	}
	for _, f := range im.inIdx[n] {
		f.gone = true
	}
}

func (im *importer) link(a, b *node) *sflow {
	f := &sflow{src: a, dst: b}
	im.addFlowTo(f)
	return f
}

func (im *importer) boundaries() {
	for _, n := range im.nodes {
		if n.el != nil && n.el.attr("isForCompensation") == "true" && !n.gone {
			im.drop(n)
			im.warn(n.el, n.id, "补偿活动%s在 govflow 中没有对应，未导入", quoted(n.name))
		}
	}
	for _, n := range im.nodes {
		if n.kind != "boundaryEvent" || n.gone {
			continue
		}
		head, timer := im.boundaryHead(n)
		im.cutAt(n, head).timer = timer
	}
}

// boundaryHead says what became of a boundary event; a timer's duration becomes its activity's time limit.
func (im *importer) boundaryHead(n *node) (string, bool) {
	host := im.nodeOf[n.el.attr("attachedToRef")]
	if t := n.el.child(im.ns, "timerEventDefinition"); t != nil && host != nil {
		if d := t.child(im.ns, "timeDuration"); d != nil {
			if limit, ok := limitFromISO(d.content()); ok {
				if _, set := im.limits[host.id]; !set {
					im.limits[host.id] = limit
				}
				return fmt.Sprintf("边界定时事件%s已转为“%s”的时限 %s", quoted(n.name), displayName(host.el), limit), true
			}
		}
	}
	return fmt.Sprintf("边界%s事件%s在 govflow 中没有对应，未导入", eventNames[im.eventDef(n.el)], quoted(n.name)), false
}

var eventNames = map[string]string{
	"":                           "",
	"messageEventDefinition":     "消息",
	"timerEventDefinition":       "定时",
	"errorEventDefinition":       "错误",
	"escalationEventDefinition":  "升级",
	"cancelEventDefinition":      "取消",
	"compensateEventDefinition":  "补偿",
	"conditionalEventDefinition": "条件",
	"linkEventDefinition":        "链接",
	"signalEventDefinition":      "信号",
	"terminateEventDefinition":   "终止",
	"eventDefinitionRef":         "引用定义的",
	"multipleEventDefinition":    "多重",
}

// milestones removes intermediate events that do nothing (no event definition).
func (im *importer) milestones() {
	for _, n := range im.nodes {
		if (n.kind == "intermediateThrowEvent" || n.kind == "intermediateCatchEvent") && im.eventDef(n.el) == "" {
			n.kind = "pass"
			im.warn(n.el, n.id, "中间事件%s没有触发或抛出任何事件，已省略", quoted(n.name))
		}
	}
}

// links joins each throwing link event to the catching link event of the same name.
func (im *importer) links() {
	catch := map[string]*node{}
	for _, n := range im.nodes {
		if n.kind == "intermediateCatchEvent" && im.eventDef(n.el) == "linkEventDefinition" {
			catch[linkName(im, n)] = n
			n.kind = "pass"
		}
	}
	for _, n := range im.nodes {
		if n.kind != "intermediateThrowEvent" || im.eventDef(n.el) != "linkEventDefinition" {
			continue
		}
		if c, ok := catch[linkName(im, n)]; ok {
			n.kind = "pass"
			im.link(n, c)
			continue
		}
		n.kind = "endEvent"
		im.warn(n.el, n.id, "链接事件%s找不到同名的捕获链接事件，已按结束导入", quoted(n.name))
	}
}

func linkName(im *importer, n *node) string {
	if d := n.el.child(im.ns, "linkEventDefinition"); d != nil && d.attr("name") != "" {
		return d.attr("name")
	}
	return n.name
}

// subProcesses expands embedded sub-processes, innermost first.
func (im *importer) subProcesses() {
	var subs []*node
	for _, n := range im.nodes {
		if isSubProcess(n.kind) && !n.gone {
			subs = append(subs, n)
		}
	}
	slices.SortStableFunc(subs, func(a, b *node) int { return b.depth - a.depth })
	for _, s := range subs {
		im.expand(s)
	}
}

func (im *importer) inside(s *node) []*node {
	var out []*node
	for _, n := range im.nodes {
		if n.sub == s && !n.gone {
			out = append(out, n)
		}
	}
	return out
}

func (im *importer) dropTree(s *node) {
	for _, n := range im.nodes {
		for p := n; p != nil; p = p.sub {
			if p == s {
				im.drop(n)
				break
			}
		}
	}
}

func (im *importer) expand(s *node) {
	inner := im.inside(s)
	switch {
	case s.el.attr("triggeredByEvent") == "true":
		im.dropTree(s)
		im.warn(s.el, s.id, "事件子流程%s在 govflow 中没有对应，未导入", quoted(s.name))
		return
	case s.kind == "adHocSubProcess":
		for _, n := range inner {
			im.dropTree(n)
		}
		s.kind = "task"
		im.warn(s.el, s.id, "自由子流程%s（%d 个活动，顺序不定）已按一个办理环节导入", quoted(s.name), len(inner))
		return
	case len(inner) == 0:
		s.kind = "task"
		im.warn(s.el, s.id, "子流程%s没有展开的内容，已按一个办理环节导入", quoted(s.name))
		return
	case s.kind == "transaction":
		im.warn(s.el, s.id, "事务子流程%s的取消与补偿语义在 govflow 中没有对应，已按普通子流程展开", quoted(s.name))
	default:
		im.warn(s.el, s.id, "子流程%s已在本流程中展开（%d 个元素）", quoted(s.name), len(inner))
	}
	exit := im.addNode(&node{id: im.freshID(s.id + "_done"), kind: "pass", sub: s.sub, depth: s.depth})
	if len(im.outs(s)) == 0 {
		exit.kind, exit.name, exit.made = "endEvent", s.name, true
	}
	for _, f := range im.outs(s) {
		im.setSrc(f, exit)
	}
	s.kind = "pass"
	var entries, exits []*node
	for _, n := range inner {
		n.sub = s.sub
		if n.kind == "startEvent" {
			n.kind = "pass"
			entries = append(entries, n)
		}
		if n.kind == "endEvent" {
			n.kind = "pass"
			exits = append(exits, n)
		}
	}
	if len(entries) == 0 { // no start event: every activity without incoming flow starts
		entries = im.without(inner, im.ins)
	}
	if len(exits) == 0 {
		exits = im.without(inner, im.outs)
	}
	for _, n := range entries {
		im.link(s, n)
	}
	for _, n := range exits {
		im.link(n, exit)
	}
	if len(exits) > 1 {
		im.warn(s.el, s.id, "子流程%s有 %d 个结束之处，展开后汇合于一个排他网关：如其中有并行路径，请改为并行汇聚", quoted(s.name), len(exits))
	}
}

func (im *importer) without(ns []*node, flows func(*node) []*sflow) []*node {
	var out []*node
	for _, n := range ns {
		if len(flows(n)) == 0 && n.kind != "boundaryEvent" {
			out = append(out, n)
		}
	}
	return out
}

// extraStarts keeps one start event: the first plain one, else the first.
func (im *importer) extraStarts() {
	var starts []*node
	for _, n := range im.nodes {
		if n.kind == "startEvent" && !n.gone {
			starts = append(starts, n)
		}
	}
	if len(starts) < 2 {
		return
	}
	keep := starts[0]
	for _, n := range starts {
		if im.eventDef(n.el) == "" {
			keep = n
			break
		}
	}
	for _, n := range starts {
		if n != keep {
			im.cutAt(n, fmt.Sprintf("govflow 的流程只有一个开始：开始事件%s未导入，只保留了%s", quoted(n.name), quoted(displayName(keep.el))))
		}
	}
}

// removePasses removes pass-through nodes, joining their flows; one that joins or splits several flows
// becomes a gateway instead.
func (im *importer) removePasses() {
	for changed := true; changed; {
		changed = false
		for _, p := range im.nodes {
			if p.kind != "pass" || p.gone {
				continue
			}
			changed = true
			in, out := im.ins(p), im.outs(p)
			switch {
			case len(in) == 0 || len(out) == 0:
				im.drop(p)
			case len(in) == 1 && len(out) == 1:
				f, g := in[0], out[0]
				if f == g {
					im.drop(p)
					continue
				}
				im.setDst(f, g.dst)
				if f.name == "" {
					f.name = g.name
				}
				if f.cond == "" {
					f.cond = g.cond
				}
				g.gone, p.gone = true, true
			case len(out) == 1:
				p.kind, p.made = "exclusiveGateway", true
			default:
				p.kind, p.made = "parallelGateway", true
			}
		}
	}
}
