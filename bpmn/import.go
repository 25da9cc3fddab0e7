package bpmn

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// Import reads a BPMN 2.0 XML model and returns the definition of its process. A file with several
// processes (a collaboration of pools) yields the one with the most elements; lanes become the units that do
// the work; embedded sub-processes are expanded in place. Everything govflow cannot run as written is listed
// in the warnings, with what Import did instead. The error, when the file cannot be read as BPMN at all, is
// an *Error located at the line and column where reading failed.
func Import(r io.Reader) (*process.Definition, []Warning, error) {
	root, err := readTree(r)
	if err != nil {
		return nil, nil, err
	}
	if root.local != "definitions" {
		return nil, nil, errorAt(root.line, root.col, "根元素是 <%s>，不是 BPMN 2.0 模型的 <definitions>", root.local)
	}
	im := &importer{ns: root.space, root: root, byID: map[string]*elem{}}
	if im.ns != NSModel {
		if im.ns == "" {
			return nil, nil, errorAt(root.line, root.col, "<definitions> 没有声明 BPMN 2.0 命名空间 %s", NSModel)
		}
		im.warn(root, "", "命名空间 %s 不是 BPMN 2.0 的 %s，仍按 BPMN 2.0 读取", im.ns, NSModel)
	}
	def, err := im.run()
	if err != nil {
		return nil, nil, err
	}
	slices.SortStableFunc(im.warns, func(a, b Warning) int {
		switch {
		case a.Line == 0 || b.Line == 0:
			return b.Line - a.Line // unlocated ones last
		case a.Line != b.Line:
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return def, im.warns, nil
}

type importer struct {
	ns    string
	root  *elem
	byID  map[string]*elem
	warns []Warning

	nodes   []*node
	nodeOf  map[string]*node
	flows   []*sflow
	outIdx  map[*node][]*sflow
	inIdx   map[*node][]*sflow
	lanes   map[string]string // flow node id → lane name
	limits  map[string]string // flow node id → limit from a timer boundary event
	stepIDs map[string]bool
	cuts    []*cut // events dropped with the paths leaving them (boundary events, extra starts)
}

func (im *importer) warn(e *elem, id, format string, args ...any) {
	w := Warning{Element: id, Message: fmt.Sprintf(format, args...)}
	if e != nil {
		w.Line, w.Column = e.line, e.col
	}
	im.warns = append(im.warns, w)
}

func (im *importer) index(e *elem) {
	if id := e.attr("id"); id != "" {
		if _, dup := im.byID[id]; !dup {
			im.byID[id] = e
		}
	}
	for _, k := range e.kids {
		im.index(k)
	}
}

func (im *importer) run() (*process.Definition, error) {
	im.index(im.root)
	procs := im.root.children(im.ns, "process")
	if len(procs) == 0 {
		return nil, errorAt(im.root.line, im.root.col, "文件中没有 <process>：没有可导入的流程")
	}
	best, bestN := procs[0], -1
	for _, p := range procs {
		if n := im.countNodes(p); n > bestN {
			best, bestN = p, n
		}
	}
	if bestN == 0 {
		return nil, errorAt(best.line, best.col, "流程“%s”中没有任何流程元素（事件、活动、网关）", displayName(best))
	}
	for _, p := range procs {
		if p != best && im.countNodes(p) > 0 {
			im.warn(p, p.attr("id"), "文件含有多个流程，只导入了元素最多的“%s”；流程“%s”未导入", displayName(best), displayName(p))
		}
	}
	if n := im.countAll(im.root, "messageFlow"); n > 0 {
		im.warn(im.root, "", "%d 条消息流（池之间的消息往来）在 govflow 中没有对应，未导入", n)
	}
	im.collect(best)
	im.flatten()
	def := im.definition(best)
	im.buildSteps(def)
	return def, nil
}

func displayName(e *elem) string {
	if n := clean(e.attr("name")); n != "" {
		return n
	}
	return e.attr("id")
}

// clean collapses the white space (and line breaks modelers put in labels) of a name.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// flowNodeKinds are the BPMN elements that can be connected by sequence flows.
var flowNodeKinds = map[string]bool{
	"startEvent": true, "endEvent": true, "intermediateCatchEvent": true, "intermediateThrowEvent": true,
	"boundaryEvent": true, "task": true, "userTask": true, "manualTask": true, "serviceTask": true,
	"scriptTask": true, "sendTask": true, "receiveTask": true, "businessRuleTask": true, "callActivity": true,
	"subProcess": true, "adHocSubProcess": true, "transaction": true, "exclusiveGateway": true,
	"parallelGateway": true, "inclusiveGateway": true, "eventBasedGateway": true, "complexGateway": true,
}

// ignored are the BPMN elements inside a process that carry no behaviour govflow needs.
var ignored = map[string]bool{
	"documentation": true, "extensionElements": true, "laneSet": true, "sequenceFlow": true, "dataObject": true,
	"dataObjectReference": true, "dataStore": true, "dataStoreReference": true, "textAnnotation": true,
	"association": true, "group": true, "property": true, "ioSpecification": true, "auditing": true,
	"monitoring": true, "category": true, "dataInputAssociation": true, "dataOutputAssociation": true,
	"multiInstanceLoopCharacteristics": true, "standardLoopCharacteristics": true, "incoming": true,
	"outgoing": true, "resourceRole": true, "performer": true, "humanPerformer": true, "potentialOwner": true,
	"ioBinding": true, "correlationSubscription": true,
}

func (im *importer) countNodes(e *elem) int {
	n := 0
	for _, k := range e.kids {
		if k.space == im.ns && flowNodeKinds[k.local] {
			n++
			n += im.countNodes(k)
		}
	}
	return n
}

func (im *importer) countAll(e *elem, local string) int {
	n := 0
	if e.space == im.ns && e.local == local {
		n++
	}
	for _, k := range e.kids {
		n += im.countAll(k, local)
	}
	return n
}
