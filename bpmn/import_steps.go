package bpmn

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/govflow/govflow/process"
)

// definition reads the process-level attributes: govflow's extension when present, else what BPMN says.
func (im *importer) definition(proc *elem) *process.Definition {
	def := &process.Definition{}
	part := im.participantOf(proc)
	pool := ""
	if part != nil {
		pool = clean(part.attr("name"))
	}
	if x := ext(proc, im.ns, "process"); x != nil {
		im.readProcessExt(x, def)
		def.Name = clean(proc.attr("name"))
		return def
	}
	def.Version = 1
	def.Name = firstNonEmpty(clean(proc.attr("name")), pool, clean(im.root.attr("name")), proc.attr("id"))
	def.ID = processID(def.Name) // names make readable ids; Chinese ones yield nothing and the id is used
	if def.ID == "" {
		def.ID = processID(proc.attr("id"))
	}
	if def.ID == "" {
		def.ID = "imported-process"
	}
	def.Owner = pool
	if pool != "" {
		im.warn(part, part.attr("id"), "牵头单位（owner）暂用了池（参与者）的名称“%s”，它不是组织机构中的处室：请改为牵头处室的名称，如 owner: 秘书处", pool)
	}
	if def.Owner == "" {
		for _, n := range im.nodes {
			if l := im.lanes[n.id]; l != "" {
				def.Owner = l
				break
			}
		}
	}
	if d := proc.child(im.ns, "documentation"); d != nil {
		def.Purpose = strings.TrimSpace(d.text.String())
	}
	im.warn(proc, proc.attr("id"), "流程没有 govflow 的扩展属性：类别、时限、岗位等需在导入后补充")
	return def
}

func (im *importer) participantOf(proc *elem) *elem {
	for _, c := range im.root.children(im.ns, "collaboration") {
		for _, p := range c.children(im.ns, "participant") {
			if p.attr("processRef") == proc.attr("id") {
				return p
			}
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

var idRun = regexp.MustCompile(`[^a-z0-9]+`)

// processID turns a BPMN id into a catalog id: lower-case letters, digits and "-".
func processID(s string) string {
	s = strings.Trim(idRun.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	return s
}

// stepKind is the step type a BPMN element maps to, and the extension types it may be refined to.
func stepKind(kind string) (process.StepType, []process.StepType) {
	switch kind {
	case "startEvent":
		return process.StepStart, nil
	case "endEvent":
		return process.StepEnd, nil
	case "task", "userTask", "manualTask", "receiveTask", "intermediateCatchEvent":
		return process.StepTask, []process.StepType{process.StepApproval, process.StepCirculation, process.StepWait}
	case "serviceTask", "scriptTask", "sendTask", "businessRuleTask", "intermediateThrowEvent":
		return process.StepAuto, nil
	case "callActivity":
		return process.StepCall, nil
	case "exclusiveGateway", "eventBasedGateway", "complexGateway":
		return process.StepExclusive, nil
	case "parallelGateway", "inclusiveGateway":
		return process.StepParallel, nil
	}
	return process.StepTask, nil
}

type stepBuilder struct {
	im    *importer
	def   *process.Definition
	ids   map[*node]string
	used  map[string]bool
	count map[string]int
}

// buildSteps turns the remaining nodes and flows into steps.
func (im *importer) buildSteps(def *process.Definition) {
	b := &stepBuilder{im: im, def: def, ids: map[*node]string{}, used: map[string]bool{}, count: map[string]int{}}
	var live []*node
	for _, n := range im.nodes {
		if !n.gone {
			live = append(live, n)
			b.ids[n] = b.stepID(n)
		}
	}
	noWho := 0
	for _, n := range live {
		s := b.step(n)
		if s.Type.IsHuman() && len(s.Who) == 0 {
			noWho++
		}
		extra := b.edges(n, &s)
		def.Steps = append(def.Steps, s)
		def.Steps = append(def.Steps, extra...)
	}
	if noWho > 0 {
		im.warn(nil, "", "%d 个办理环节不在任何泳道中，未能确定办理单位和岗位：请在导入后补充 who", noWho)
	}
}

func (b *stepBuilder) unique(id string) string {
	out := id
	for k := 2; b.used[out]; k++ {
		out = id + "_" + strconv.Itoa(k)
	}
	b.used[out] = true
	return out
}

var idPrefix = map[process.StepType]string{
	process.StepStart: "start", process.StepEnd: "end", process.StepTask: "task", process.StepApproval: "approval",
	process.StepCirculation: "circulation", process.StepExclusive: "gateway", process.StepParallel: "parallel",
	process.StepWait: "wait", process.StepAuto: "auto", process.StepCall: "call",
}

// stepID keeps govflow's own id, or a BPMN id that is a valid step id, and otherwise numbers steps by kind.
func (b *stepBuilder) stepID(n *node) string {
	if x := b.stepExt(n); x != nil && extAttr(x, "id") != "" {
		return b.unique(extAttr(x, "id"))
	}
	if process.ValidStepID(n.id) {
		return b.unique(n.id)
	}
	t, _ := stepKind(n.kind)
	prefix := idPrefix[t]
	for {
		b.count[prefix]++
		id := prefix + strconv.Itoa(b.count[prefix])
		if prefix == "start" && b.count[prefix] == 1 {
			id = "start"
		}
		if !b.used[id] {
			return b.unique(id)
		}
	}
}

func (b *stepBuilder) stepExt(n *node) *elem {
	if n.el == nil || n.made {
		return nil
	}
	return ext(n.el, b.im.ns, "step")
}

// step maps one node to a step, without its arrows.
func (b *stepBuilder) step(n *node) process.Step {
	im := b.im
	t, refine := stepKind(n.kind)
	s := process.Step{ID: b.ids[n], Name: n.name, Type: t}
	x := b.stepExt(n)
	if x != nil {
		if et := process.StepType(extAttr(x, "type")); et != "" && et != t {
			if contains(refine, et) {
				s.Type = et
			} else {
				im.warn(n.el, n.id, "扩展属性记载的环节类型“%s”与 BPMN 元素 <%s> 不符，按元素导入为“%s”", et, n.kind, t.Label())
			}
		}
		im.readStepExt(x, &s)
	}
	if !n.made && n.el != nil {
		b.behaviour(n, &s, x != nil)
	}
	if x == nil {
		b.guess(n, &s)
	}
	return s
}

func contains(ts []process.StepType, t process.StepType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// behaviour maps the element's event definitions, timers and loops, warning about what does not carry over.
func (b *stepBuilder) behaviour(n *node, s *process.Step, hasExt bool) {
	im := b.im
	ed := im.eventDef(n.el)
	what := eventNames[ed]
	switch n.kind {
	case "startEvent":
		if ed != "" {
			im.warn(n.el, n.id, "开始事件%s的%s触发未导入：govflow 的流程由人发起", quoted(n.name), what)
		}
	case "endEvent":
		switch ed {
		case "":
		case "terminateEventDefinition":
			im.warn(n.el, n.id, "终止结束事件%s按普通结束导入：到达时其余并行路径不会被终止", quoted(n.name))
		default:
			im.warn(n.el, n.id, "结束事件%s抛出的%s事件未导入，按普通结束导入", quoted(n.name), what)
		}
		if !hasExt {
			s.Result = n.name
		}
	case "intermediateCatchEvent":
		b.catchEvent(n, s, ed, hasExt)
	case "intermediateThrowEvent":
		im.warn(n.el, n.id, "抛出%s事件%s已按自动环节（发送通知）导入", what, quoted(n.name))
		if !hasExt {
			s.Action = "notify"
		}
	case "receiveTask":
		im.warn(n.el, n.id, "接收任务%s按办理环节导入：消息到达后由办理人确认", quoted(n.name))
	case "inclusiveGateway":
		im.warn(n.el, n.id, "包容网关%s按并行网关导入：各分支都会执行，分支条件未导入", quoted(n.name))
	case "eventBasedGateway":
		im.warn(n.el, n.id, "事件网关%s按排他网关导入：请为各分支补充条件", quoted(n.name))
	case "complexGateway":
		im.warn(n.el, n.id, "复杂网关%s按排他网关导入：其激活条件未导入", quoted(n.name))
	}
	if !hasExt {
		b.loops(n, s)
	}
}

func (b *stepBuilder) catchEvent(n *node, s *process.Step, ed string, hasExt bool) {
	im := b.im
	if ed != "timerEventDefinition" {
		im.warn(n.el, n.id, "等待%s事件%s按办理环节导入：事件发生后由办理人确认", eventNames[ed], quoted(n.name))
		return
	}
	s.Type = process.StepWait
	if hasExt {
		return
	}
	t := n.el.child(im.ns, "timerEventDefinition")
	switch {
	case t.child(im.ns, "timeDuration") != nil:
		d := t.child(im.ns, "timeDuration").content()
		if limit, ok := limitFromISO(d); ok {
			s.Wait = limit
		} else {
			im.warn(n.el, n.id, "定时事件%s的时长“%s”无法读取：请补充等待时长", quoted(n.name), d)
		}
	case t.child(im.ns, "timeDate") != nil:
		im.warn(n.el, n.id, "定时事件%s等待到固定时间“%s”：请改为等待到某个日期字段（until_field）", quoted(n.name), t.child(im.ns, "timeDate").content())
	default:
		im.warn(n.el, n.id, "定时事件%s是循环定时，govflow 不支持：请补充等待时长", quoted(n.name))
	}
}

func (b *stepBuilder) loops(n *node, s *process.Step) {
	im := b.im
	if mi := n.el.child(im.ns, "multiInstanceLoopCharacteristics"); mi != nil {
		im.warn(n.el, n.id, "多实例活动%s按单人办理导入：如需会签，请改为审批环节并设置会签方式", quoted(n.name))
	}
	if n.el.child(im.ns, "standardLoopCharacteristics") != nil {
		im.warn(n.el, n.id, "循环活动%s按单次办理导入：如需反复办理，请用退回连线表达", quoted(n.name))
	}
}

// guess fills what a foreign model implies: the unit from the lane, the limit from a timer boundary event,
// inputs and outputs from data associations, the called process.
func (b *stepBuilder) guess(n *node, s *process.Step) {
	im := b.im
	if s.Type.IsHuman() {
		if lane := im.lanes[n.id]; lane != "" {
			s.Who = []process.Assignee{{Unit: lane}}
		}
		s.Limit = im.limits[n.id]
	}
	if s.Type == process.StepCall && n.el != nil {
		s.Process = processID(n.el.attr("calledElement"))
		if s.Process == "" {
			im.warn(n.el, n.id, "调用活动%s没有指明被调用的流程：请补充 process", quoted(n.name))
		}
	}
	if s.Type == process.StepAuto && s.Action == "" {
		if n.kind == "sendTask" {
			s.Action = "notify"
		} else {
			im.warn(n.el, n.id, "自动环节%s需要指定 govflow 的系统动作（action）", quoted(n.name))
		}
	}
	if n.el != nil {
		s.Inputs = im.dataNames(n.el, "dataInputAssociation", "sourceRef")
		s.Outputs = im.dataNames(n.el, "dataOutputAssociation", "targetRef")
	}
}

// dataNames lists the names of the data objects an activity reads or writes.
func (im *importer) dataNames(e *elem, assoc, ref string) []string {
	var out []string
	for _, a := range e.children(im.ns, assoc) {
		for _, r := range a.children(im.ns, ref) {
			d := im.byID[r.content()]
			if d == nil {
				continue
			}
			name := clean(d.attr("name"))
			if name == "" && d.attr("dataObjectRef") != "" {
				if o := im.byID[d.attr("dataObjectRef")]; o != nil {
					name = clean(o.attr("name"))
				}
			}
			if name != "" && !containsString(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
