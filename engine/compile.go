package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/process"
)

// Compiled is a definition ready to run: conditions compiled, the graph analysed (which join closes which
// parallel split, the steps inside each split's block, what reaches what). Build it once per published
// definition and share it; it is read-only.
type Compiled struct {
	Def     *process.Definition
	steps   map[string]*process.Step
	index   map[string]int
	start   *process.Step
	conds   map[string]*process.Condition
	splitOf map[string]string          // join → the split it closes
	joinOf  map[string]string          // split → its join
	region  map[string]map[string]bool // split → the steps strictly inside its block
	reach   []bitset                   // by step index: what it reaches along any arrow
}

// Compile prepares def for the engine: process.Compile checks the definition and compiles its conditions,
// then the engine checks what it relies on besides (known actions) and analyses the graph. A definition
// that cannot run is refused with an EINVALID *govflow.Error listing the problems in Chinese. Compiled.Def is
// a copy in which unnamed start and end steps have their names (named), so every page and message shows a
// name; def itself is not changed.
func Compile(def *process.Definition) (*Compiled, error) {
	if def == nil {
		return nil, govflow.Errorf(govflow.EINVALID, "缺少流程定义")
	}
	def = named(def)
	pc, err := process.Compile(def)
	if err != nil {
		return nil, &govflow.Error{Code: govflow.EINVALID, Message: fmt.Sprintf("流程“%s”不能运行：%v", def.Name, err), Err: err}
	}
	c := &Compiled{Def: def, steps: map[string]*process.Step{}, index: map[string]int{},
		conds: map[string]*process.Condition{}}
	for i := range def.Steps {
		s := &def.Steps[i]
		c.steps[s.ID], c.index[s.ID] = s, i
		if s.Type == process.StepStart {
			c.start = s
		}
	}
	var probs []string
	for _, cs := range pc.Steps() {
		c.addConds(cs)
		probs = append(probs, c.checkStep(cs.Step)...)
	}
	if c.start == nil {
		probs = append(probs, "缺少开始环节")
	}
	if len(probs) > 0 {
		return nil, govflow.Errorf(govflow.EINVALID, "流程“%s”不能运行：%s", def.Name, strings.Join(probs, "；"))
	}
	c.analyse()
	return c, nil
}

// named returns a copy of def in which an unnamed start step is called 发起 and an unnamed end step 办结 (with
// its result when that is another one, to tell several end steps apart).
func named(def *process.Definition) *process.Definition {
	d := *def
	d.Steps = slices.Clone(def.Steps)
	for i := range d.Steps {
		s := &d.Steps[i]
		switch {
		case s.Name != "":
		case s.Type == process.StepStart:
			s.Name = "发起"
		case s.Type == process.StepEnd && (s.Result == "" || s.Result == ResultDone):
			s.Name = ResultDone
		case s.Type == process.StepEnd:
			s.Name = ResultDone + "（" + s.Result + "）"
		}
	}
	return &d
}

func (c *Compiled) addConds(cs *process.CompiledStep) {
	all := append(append([]*process.Condition{cs.SkipCond}, cs.RequireConds...), cs.BranchConds...)
	for _, cond := range all {
		if cond != nil {
			c.conds[cond.Source] = cond
		}
	}
}

// checkStep checks what the engine relies on; process.Compile has checked the format itself.
func (c *Compiled) checkStep(s *process.Step) []string {
	var probs []string
	bad := func(format string, args ...any) {
		probs = append(probs, fmt.Sprintf("环节“%s”", c.name(s))+fmt.Sprintf(format, args...))
	}
	for _, t := range s.Targets() {
		if _, ok := c.steps[t]; !ok {
			bad("指向不存在的环节 %q", t)
		}
	}
	switch s.Type {
	case process.StepStart, process.StepTask, process.StepApproval, process.StepCirculation,
		process.StepWait, process.StepAuto, process.StepCall:
		if len(s.Next) != 1 {
			bad("应有且只有一个后续环节")
		}
	case process.StepExclusive:
		if len(s.Branches) == 0 && len(s.Next) != 1 {
			bad("作为汇聚应有且只有一个后续环节")
		}
	case process.StepParallel:
		if len(s.Next) == 0 {
			bad("缺少后续环节")
		}
	case process.StepEnd:
	default:
		bad("类型 %q 未知", s.Type)
	}
	if s.Type == process.StepApproval && s.Mode == process.ModeRatio && (s.Ratio <= 0 || s.Ratio > 1) {
		bad("的通过比例应大于 0 且不超过 1")
	}
	if msg := checkAction(s); msg != "" {
		bad("%s", msg)
	}
	for _, src := range conditionsOf(s) {
		if _, ok := c.conds[src]; !ok {
			bad("的条件 %q 未能编译", src)
		}
	}
	return probs
}

func conditionsOf(s *process.Step) []string {
	var out []string
	if s.SkipIf != "" {
		out = append(out, s.SkipIf)
	}
	for _, p := range s.Require {
		out = append(out, p.Check)
	}
	for _, b := range s.Branches {
		out = append(out, b.When)
	}
	return out
}

func (c *Compiled) name(s *process.Step) string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// Step returns the step with the given id.
func (c *Compiled) Step(id string) (*process.Step, bool) {
	s, ok := c.steps[id]
	return s, ok
}

// StepName returns a step's display name.
func (c *Compiled) StepName(id string) string {
	if s, ok := c.steps[id]; ok {
		return c.name(s)
	}
	return id
}

// isSplit reports whether the step sends a token down several paths at once.
func isSplit(s *process.Step) bool { return s.Type != process.StepExclusive && len(s.Next) > 1 }

// reaches reports whether from reaches to along arrows (a step reaches itself only through a loop).
func (c *Compiled) reaches(from, to string) bool {
	i, ok1 := c.index[from]
	j, ok2 := c.index[to]
	return ok1 && ok2 && c.reach[i].has(j)
}

func (c *Compiled) inRegion(split, step string) bool { return c.region[split][step] }

// analyse finds, for every parallel join, the split it closes (its nearest dominating split), each split's
// block, and reachability.
func (c *Compiled) analyse() {
	n := len(c.Def.Steps)
	succ := make([][]int, n)
	for i := range c.Def.Steps {
		for _, t := range c.Def.Steps[i].Targets() {
			succ[i] = append(succ[i], c.index[t])
		}
	}
	c.reach = make([]bitset, n)
	for i := range n {
		c.reach[i] = newBitset(n)
		for _, j := range succ[i] {
			walk(succ, j, -1, c.reach[i])
		}
	}
	idom := dominators(succ, c.index[c.start.ID])
	c.splitOf, c.joinOf, c.region = map[string]string{}, map[string]string{}, map[string]map[string]bool{}
	for j := range c.Def.Steps {
		if c.Def.Steps[j].Type != process.StepParallel || c.indegree(succ, j) < 2 {
			continue
		}
		for d := idom[j]; d >= 0 && d != idom[d]; d = idom[d] {
			if isSplit(&c.Def.Steps[d]) {
				split, join := c.Def.Steps[d].ID, c.Def.Steps[j].ID
				c.splitOf[join] = split
				if _, taken := c.joinOf[split]; !taken {
					c.joinOf[split] = join
				}
				break
			}
		}
	}
	for s := range c.Def.Steps {
		if isSplit(&c.Def.Steps[s]) {
			c.region[c.Def.Steps[s].ID] = c.block(succ, s)
		}
	}
}

func (c *Compiled) indegree(succ [][]int, j int) int {
	in := 0
	for i := range succ {
		if slices.Contains(succ[i], j) {
			in++
		}
	}
	return in
}

// block returns the steps strictly between a split and its join: reachable from the split without passing
// the join, and reaching the join without passing the split. A split without a join owns all it reaches.
func (c *Compiled) block(succ [][]int, s int) map[string]bool {
	n := len(succ)
	joinID, ok := c.joinOf[c.Def.Steps[s].ID]
	out := map[string]bool{}
	fwd := newBitset(n)
	j := -1
	if ok {
		j = c.index[joinID]
	}
	for _, t := range succ[s] {
		walk(succ, t, j, fwd)
	}
	for i := range n {
		if !fwd.has(i) || i == s || i == j {
			continue
		}
		if j < 0 {
			out[c.Def.Steps[i].ID] = true
			continue
		}
		back := newBitset(n)
		walk(succ, i, s, back)
		if back.has(j) {
			out[c.Def.Steps[i].ID] = true
		}
	}
	return out
}

// walk marks everything reachable from i, not passing stop (stop itself is marked, not expanded).
func walk(succ [][]int, i, stop int, seen bitset) {
	stack := []int{i}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen.has(cur) {
			continue
		}
		seen.set(cur)
		if cur == stop {
			continue
		}
		stack = append(stack, succ[cur]...)
	}
}

// dominators returns each node's immediate dominator (Cooper, Harvey and Kennedy); -1 when unreachable.
func dominators(succ [][]int, entry int) []int {
	n := len(succ)
	order := postorder(succ, entry)
	po := make([]int, n)
	for i := range po {
		po[i] = -1
	}
	for i, v := range order {
		po[v] = i
	}
	preds := make([][]int, n)
	for v := range succ {
		for _, w := range succ[v] {
			preds[w] = append(preds[w], v)
		}
	}
	idom := make([]int, n)
	for i := range idom {
		idom[i] = -1
	}
	idom[entry] = entry
	for changed := true; changed; {
		changed = false
		for k := len(order) - 1; k >= 0; k-- {
			v := order[k]
			if v == entry {
				continue
			}
			nd := -1
			for _, p := range preds[v] {
				if idom[p] < 0 {
					continue
				}
				if nd < 0 {
					nd = p
				} else {
					nd = intersect(idom, po, p, nd)
				}
			}
			if nd != idom[v] {
				idom[v], changed = nd, true
			}
		}
	}
	return idom
}

func intersect(idom, po []int, a, b int) int {
	for a != b {
		for po[a] < po[b] {
			a = idom[a]
		}
		for po[b] < po[a] {
			b = idom[b]
		}
	}
	return a
}

func postorder(succ [][]int, entry int) []int {
	seen := make([]bool, len(succ))
	var out []int
	var visit func(int)
	visit = func(v int) {
		seen[v] = true
		for _, w := range succ[v] {
			if !seen[w] {
				visit(w)
			}
		}
		out = append(out, v)
	}
	visit(entry)
	return out
}

type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
