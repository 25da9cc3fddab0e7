package lint

import "github.com/govflow/govflow/process"

// reachRules: every step can be reached from the start, and from every step an end can be reached.
func reachRules(l *linter) {
	if !l.usable || !l.unique {
		return
	}
	g := newGraph(l.def)
	fromStart := g.reachable(g.start)
	toEnd := g.reachesEnd()
	for i, s := range g.steps {
		switch {
		case !fromStart[i]:
			l.add(s.Pos, RuleUnreachable, "环节%s从开始走不到：没有一条从开始出发的路经过它。请让前面某个环节的 next、分支或 reject 指向它，或删除这个环节", label(s))
		case !toEnd[i] && s.Type != process.StepEnd:
			l.add(s.Pos, RuleNoEnd, "从环节%s出发走不到任何结束环节，流程到这里后将永远无法办结：请给所在的循环加一条通向结束的出路", label(s))
		}
	}
}
