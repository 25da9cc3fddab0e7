package lint

import (
	"slices"

	"github.com/govflow/govflow/process"
)

// catalogRules check a set of definitions as one catalog: process ids are unique, and called and related
// processes exist in the set or among Options.Processes.
func catalogRules(defs []*process.Definition, opts Options) []Finding {
	l := &linter{opts: opts}
	first := map[string]*process.Definition{}
	for _, d := range defs {
		if d.ID == "" {
			continue
		}
		if f, dup := first[d.ID]; dup {
			l.add(d.PosOf("id"), RuleDuplicateProcess, "流程 id“%s”与 %s 重复：目录中每个流程的 id 必须唯一，请改用另一个 id", d.ID, f.Pos.String())
			continue
		}
		first[d.ID] = d
	}
	if len(defs) < 2 && opts.Processes == nil {
		return l.out
	}
	known := func(id string) bool { return first[id] != nil || slices.Contains(opts.Processes, id) }
	for _, d := range defs {
		l.references(d, known)
	}
	return l.out
}

func (l *linter) references(d *process.Definition, known func(string) bool) {
	for i, id := range d.Related {
		if id != "" && id != d.ID && !known(id) {
			l.add(d.KeyPos.Item("related", i, d.Pos), RuleUnknownRelated, "相关流程“%s”不在流程目录中：请核对 id，或先把该流程加入目录", id)
		}
	}
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Type == process.StepCall && s.Process != "" && s.Process != d.ID && !known(s.Process) {
			l.add(s.PosOf("process"), RuleUnknownProcess, "调用环节%s要运行的流程“%s”不在流程目录中：请核对 id，或先把该流程加入目录", label(s), s.Process)
		}
	}
}

// actionRules: auto steps name actions the engine has, when the caller says which those are.
func actionRules(l *linter) {
	if l.opts.Actions == nil {
		return
	}
	for i := range l.def.Steps {
		s := &l.def.Steps[i]
		if s.Type == process.StepAuto && s.Action != "" && !slices.Contains(l.opts.Actions, s.Action) {
			l.add(s.PosOf("action"), RuleUnknownAction, "没有系统动作“%s”%s", s.Action, suggestion(s.Action, l.opts.Actions, "动作"))
		}
	}
}
