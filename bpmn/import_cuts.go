package bpmn

import (
	"fmt"
	"strings"
)

// cut is an event that was dropped together with the sequence flows leaving it.
type cut struct {
	ev    *node
	to    []*node // where its flows led
	head  string  // what became of the event
	timer bool    // its duration became the activity's limit
}

// cutAt drops the event n; pruneCuts warns about it with head and what went with it.
func (im *importer) cutAt(n *node, head string) *cut {
	c := &cut{ev: n, head: head}
	for _, f := range im.outs(n) {
		c.to = append(c.to, f.dst)
	}
	im.drop(n)
	im.cuts = append(im.cuts, c)
	return c
}

// pruneCuts drops the elements that only the dropped events led to: left in, they would be steps nobody
// can reach. Elements another path reaches are kept.
func (im *importer) pruneCuts() {
	if len(im.cuts) == 0 {
		return
	}
	var starts []*node
	target := map[*node]bool{}
	for _, c := range im.cuts {
		starts = append(starts, c.to...)
		for _, n := range c.to {
			target[n] = true
		}
	}
	// Where a dropped event led is no entry, though no flow enters it any more.
	entry := func(n *node) bool { return !target[n] && len(im.ins(n)) == 0 }
	after := im.reach(starts, func(*node) bool { return true })
	kept := im.reach(im.roots(entry), entry)
	orphan := func(n *node) bool { return after[n] && !kept[n] }
	for _, c := range im.cuts {
		var names []string
		unnamed := 0
		for _, n := range im.walk(c.to, func(*node) bool { return true }) {
			switch {
			case !orphan(n) || n.kind == "pass":
			case n.name == "":
				unnamed++
			default:
				names = append(names, n.name)
			}
		}
		im.warn(c.ev.el, c.ev.id, "%s", c.head+c.tail(dropped(names, unnamed)))
	}
	for _, n := range im.nodes {
		if orphan(n) {
			im.drop(n)
		}
	}
	im.cuts = nil
}

// tail says what happened to the paths after the event and to the elements on them.
func (c *cut) tail(dropped string) string {
	paths := len(c.to)
	if paths == 0 {
		return ""
	}
	if dropped != "" {
		dropped = "，其上从别处到不了的" + dropped + "已一并删除"
	}
	if c.timer {
		return fmt.Sprintf("；超时后的 %d 条路径未导入%s", paths, dropped)
	}
	return fmt.Sprintf("（其后的 %d 条路径随之未导入%s）", paths, dropped)
}

// dropped names the elements removed: “A”“B” and how many had no name.
func dropped(names []string, unnamed int) string {
	out := ""
	if len(names) > 0 {
		out = "环节“" + strings.Join(names, "”“") + "”"
	}
	switch {
	case unnamed > 0 && out != "":
		out += fmt.Sprintf("及 %d 个未命名的元素", unnamed)
	case unnamed > 0:
		out = fmt.Sprintf(" %d 个未命名的元素", unnamed)
	}
	return out
}

// roots are the top-level elements the process can begin at.
func (im *importer) roots(entry func(*node) bool) []*node {
	var out []*node
	for _, n := range im.nodes {
		if !n.gone && n.sub == nil && entry(n) {
			out = append(out, n)
		}
	}
	return out
}

// reach marks what walk finds.
func (im *importer) reach(from []*node, enter func(*node) bool) map[*node]bool {
	seen := map[*node]bool{}
	for _, n := range im.walk(from, enter) {
		seen[n] = true
	}
	return seen
}

// walk lists, nearest first, what can be reached from the given elements along flows; reaching a
// sub-process reaches the elements inside it that enter admits.
func (im *importer) walk(from []*node, enter func(*node) bool) []*node {
	seen := map[*node]bool{}
	var out []*node
	queue := append([]*node(nil), from...)
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n.gone || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
		for _, f := range im.outs(n) {
			queue = append(queue, f.dst)
		}
		if isSubProcess(n.kind) {
			for _, k := range im.inside(n) {
				if enter(k) {
					queue = append(queue, k)
				}
			}
		}
	}
	return out
}
