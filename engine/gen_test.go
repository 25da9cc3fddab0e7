package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/govflow/govflow/process"
)

// defGen builds random valid definitions of the catalog format by composing blocks: sequence, exclusive
// split/merge (a branch may be empty or end the instance), parallel split/join, loops, tasks, approvals of
// every countersign mode (rejecting to an earlier step or ending as 不予通过), circulation, waits, automatic
// steps and calls, with skip_if and require sprinkled over them.
type defGen struct {
	rng   *rand.Rand
	steps []process.Step
	n     int
}

// exit is a dangling arrow of a block: a step whose next (or default) is what follows the block.
type exit struct {
	i     int
	field string
}

func genDef(rng *rand.Rand) *process.Definition {
	g := &defGen{rng: rng}
	g.add(process.Step{ID: "start", Type: process.StepStart,
		Form: []string{"title", "importance", "amount", "flag", "unit", "readers", "meeting"}})
	entry, exits, passed := g.block(1, []string{"start"})
	before := append([]string{"start"}, passed...)
	for range 1 + rng.IntN(4) {
		e2, x2, p2 := g.block(1, before)
		g.link(exits, e2)
		exits, before = x2, append(before, p2...)
	}
	g.steps[0].Next = []string{entry}
	g.link(exits, g.end("end", "办结"))
	def := testDef(g.steps...)
	def.SkipRepeatedApprover = rng.IntN(3) == 0
	if rng.IntN(4) == 0 {
		def.CountFrom = process.CountNextDay
	}
	return def
}

func (g *defGen) id(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *defGen) add(s process.Step) int {
	g.steps = append(g.steps, s)
	return len(g.steps) - 1
}

func (g *defGen) end(id, result string) string {
	g.add(process.Step{ID: id, Type: process.StepEnd, Result: result})
	return id
}

func (g *defGen) link(exits []exit, to string) {
	for _, e := range exits {
		if e.field == "default" {
			g.steps[e.i].Default = to
		} else {
			g.steps[e.i].Next = []string{to}
		}
	}
}

func (g *defGen) pick(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// block returns a block's entry, its dangling exits, and the human steps it surely passes through on the
// token's own path (reject targets for what follows).
func (g *defGen) block(depth int, before []string) (string, []exit, []string) {
	leafOnly := depth >= 4 || len(g.steps) > 36
	kind := g.pick(30, 14, 5, 5, 4, 4, 8, 14, 14, 8)
	if leafOnly && kind >= 6 {
		kind = 0
	}
	switch kind {
	case 0:
		return g.task(before)
	case 1:
		return g.approval(before)
	case 2:
		return g.leaf(process.Step{Type: process.StepCirculation, Who: g.readers()}, "c")
	case 3:
		s := process.Step{Type: process.StepWait, Wait: "1天"}
		if g.rng.IntN(2) == 0 {
			s.Wait, s.UntilField = "", "meeting"
		}
		return g.leaf(s, "w")
	case 4:
		return g.leaf(process.Step{Type: process.StepAuto, Action: "assign_doc_number"}, "a")
	case 5:
		return g.leaf(process.Step{Type: process.StepCall, Process: "child"}, "k")
	case 6:
		return g.sequence(depth, before)
	case 7:
		return g.exclusive(depth, before)
	case 8:
		return g.parallel(depth, before)
	}
	return g.loop(depth, before)
}

func (g *defGen) leaf(s process.Step, prefix string) (string, []exit, []string) {
	s.ID = g.id(prefix)
	s.Name = "环节" + s.ID
	g.decorate(&s)
	i := g.add(s)
	return s.ID, []exit{{i, "next"}}, nil
}

// decorate adds skip_if and require now and then.
func (g *defGen) decorate(s *process.Step) {
	if g.rng.IntN(7) == 0 {
		s.SkipIf = []string{`importance == "一般"`, `flag`, `amount > 800`}[g.rng.IntN(3)]
	}
	if g.rng.IntN(9) == 0 {
		s.Require = []process.Precondition{{Check: "amount < 900", Message: "金额超过九百的，一律不予办理"}}
	}
}

var genLimits = []string{"1个工作日", "2天", "4小时", "当天", "", "3个工作日"}

func (g *defGen) task(before []string) (string, []exit, []string) {
	s := process.Step{ID: g.id("t"), Type: process.StepTask, Who: g.doer(before), Limit: genLimits[g.rng.IntN(len(genLimits))],
		Form: g.form(), Escalate: []string{"", "overseer", "none", "unit_head"}[g.rng.IntN(4)]}
	s.Name = "办理" + s.ID
	g.decorate(&s)
	i := g.add(s)
	return s.ID, []exit{{i, "next"}}, []string{s.ID}
}

func (g *defGen) approval(before []string) (string, []exit, []string) {
	s := process.Step{ID: g.id("p"), Type: process.StepApproval, Who: g.approvers(), Limit: genLimits[g.rng.IntN(len(genLimits))],
		Mode: []string{process.ModeAll, process.ModeAny, process.ModeRatio, process.ModeSequential}[g.rng.IntN(4)]}
	s.Name = "审批" + s.ID
	if s.Mode == process.ModeRatio {
		s.Ratio = []float64{0.5, 0.6, 1}[g.rng.IntN(3)]
	}
	if targets := before[1:]; len(targets) > 0 && g.rng.IntN(3) > 0 {
		s.Reject = targets[g.rng.IntN(len(targets))] // before[0] is the start: process.Check refuses rejecting to it
	}
	if g.rng.IntN(3) == 0 {
		s.Form = []string{"note"}
	}
	g.decorate(&s)
	i := g.add(s)
	return s.ID, []exit{{i, "next"}}, []string{s.ID}
}

func (g *defGen) sequence(depth int, before []string) (string, []exit, []string) {
	entry, exits, passed := g.block(depth+1, before)
	for range 1 + g.rng.IntN(2) {
		e2, x2, p2 := g.block(depth+1, append(slices.Clip(before), passed...))
		g.link(exits, e2)
		exits, passed = x2, append(passed, p2...)
	}
	return entry, exits, passed
}

// exclusive: branches on conditions, a default; a branch may be empty or end the instance (不予受理).
func (g *defGen) exclusive(depth int, before []string) (string, []exit, []string) {
	split := process.Step{ID: g.id("x"), Name: "判断", Type: process.StepExclusive}
	si := g.add(split)
	merge := g.add(process.Step{ID: g.id("m"), Type: process.StepExclusive})
	conds := []string{`importance == "重要"`, `amount > 500`, `flag`, `"法规处" == unit`}
	n := 2 + g.rng.IntN(2)
	var exits []exit
	for b := range n {
		var to string
		kind := g.pick(6, 1, 1)
		if b == n-1 && len(exits) == 0 && kind == 2 {
			kind = 1 // some branch must go on
		}
		switch kind {
		case 0:
			entry, x, _ := g.block(depth+1, before)
			to, exits = entry, append(exits, x...)
		case 1:
			to = g.steps[merge].ID
		default:
			to = g.end(g.id("e"), "不予受理")
		}
		if b == n-1 {
			g.steps[si].Default = to
		} else {
			g.steps[si].Branches = append(g.steps[si].Branches, process.Branch{Name: fmt.Sprintf("情形%d", b+1),
				When: conds[g.rng.IntN(len(conds))], Next: to})
		}
	}
	g.link(exits, g.steps[merge].ID)
	return split.ID, []exit{{merge, "next"}}, nil
}

func (g *defGen) parallel(depth int, before []string) (string, []exit, []string) {
	split := g.add(process.Step{ID: g.id("s"), Name: "分送", Type: process.StepParallel})
	join := g.add(process.Step{ID: g.id("j"), Name: "汇总", Type: process.StepParallel})
	for range 2 + g.rng.IntN(2) {
		entry, x, _ := g.block(depth+1, before)
		g.steps[split].Next = append(g.steps[split].Next, entry)
		g.link(x, g.steps[join].ID)
	}
	return g.steps[split].ID, []exit{{join, "next"}}, nil
}

// loop: the body, then a gateway that goes round again while flag holds.
func (g *defGen) loop(depth int, before []string) (string, []exit, []string) {
	entry, x, passed := g.task(before)
	if g.rng.IntN(2) == 0 {
		e2, x2, p2 := g.block(depth+1, append(slices.Clip(before), passed...))
		g.link(x, e2)
		x, passed = x2, append(passed, p2...)
	}
	back := g.add(process.Step{ID: g.id("l"), Name: "是否重办", Type: process.StepExclusive,
		Branches: []process.Branch{{Name: "重办", When: "flag", Next: entry}}})
	g.link(x, g.steps[back].ID)
	return entry, []exit{{back, "default"}}, passed
}

func (g *defGen) doer(before []string) []process.Assignee {
	rules := [][]process.Assignee{
		who("秘书处", "收发员"), who("秘书处", "文秘"), head("综合一处"), head("法规处"),
		{{Unit: "法规处", Role: process.RoleOverseer}}, who("秘书处", "档案员"), {{Initiator: true}},
		{{UnitField: "unit", Role: process.RoleUnitHead}}, who("综合一处", "科员"),
	}
	if done := before[1:]; len(done) > 0 && g.rng.IntN(6) == 0 {
		return []process.Assignee{{PerformerOf: done[g.rng.IntN(len(done))]}}
	}
	return rules[g.rng.IntN(len(rules))]
}

func (g *defGen) approvers() []process.Assignee {
	rules := [][]process.Assignee{
		head("秘书处"), who("法规处", "法规审核员"), {{Unit: "秘书处", Role: process.RoleUnitHead}, {Unit: "法规处", Role: process.RoleUnitHead}},
		{{PersonField: "readers"}}, {{Unit: "办公厅", Role: "厅领导"}}, who("秘书处", "收发员"),
		{{Unit: "综合一处", Role: process.RoleUnitHead}, {Unit: "综合一处", Post: "科员"}},
	}
	return rules[g.rng.IntN(len(rules))]
}

func (g *defGen) readers() []process.Assignee {
	rules := [][]process.Assignee{{{PersonField: "readers"}}, {{Unit: "办公厅", Role: "厅领导"}}, who("秘书处", "收发员")}
	return rules[g.rng.IntN(len(rules))]
}

func (g *defGen) form() []string {
	var out []string
	for _, f := range []string{"importance", "flag", "amount", "unit", "readers", "note", "meeting"} {
		if g.rng.IntN(3) == 0 {
			out = append(out, f)
		}
	}
	return out
}
