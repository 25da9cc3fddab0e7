package lint

import (
	"strings"

	"github.com/govflow/govflow/process"
)

// deadlock explains a marking with tokens in which nothing can fire: an AND join missing some input.
func (e *explorer) deadlock(q int) {
	s := e.states[q]
	for j := range e.n.g.steps {
		if !e.n.join[j] || !anyMarked(s.m, e.n.in[j]) {
			continue
		}
		var arrived, missing []string
		for _, p := range e.n.in[j] {
			from := label(e.n.g.steps[e.n.places[p].from])
			if s.m[p] > 0 {
				arrived = append(arrived, from)
			} else {
				missing = append(missing, from)
			}
		}
		join := e.n.g.steps[j]
		e.report(join, RuleDeadlock, "流程会卡在并行汇聚%s：按路径 %s 走到这里，只等到来自%s的分支，来自%s的分支不会再来，汇聚永远等不齐。%s",
			label(join), e.path(s), strings.Join(arrived, "、"), strings.Join(missing, "、"), e.deadlockHint(s, join))
		return
	}
	e.report(e.n.g.steps[e.n.g.start], RuleDeadlock, "流程会卡住：按路径 %s 走下去，没有环节可以办理，待办停在%s", e.path(s), e.waiting(s.m))
}

func (e *explorer) deadlockHint(s state, join *process.Step) string {
	steps := e.steps(s)
	for i := len(steps) - 1; i >= 0; i-- {
		switch t := steps[i]; {
		case t.Type == process.StepExclusive && len(t.Branches) > 0:
			return "排他网关" + label(t) + "只会走其中一条分支，而并行网关要等所有分支到齐：汇合排他分支请用排他网关（type: exclusive），或把前面的分支改为并行网关（type: parallel）"
		case t.Type == process.StepApproval && t.Reject != "":
			return "审批" + label(t) + "不同意时走 reject 离开了并行分支：请让退回的路线先回到并行汇聚之前，或把审批移到并行分支之外"
		}
	}
	return "请检查并行网关的分支与汇聚是否一一对应：汇聚的每个来路都必须在每次运行中到达"
}

// improperEnd explains an end reached while other branches still run: the parallel split whose branch
// reached the end without joining the others.
func (e *explorer) improperEnd(s state) {
	end := e.n.g.steps[s.step]
	at := end
	if split := e.splitOf(s); split != nil {
		at = split
	}
	e.report(at, RuleUnmatchedSplit, "并行网关分出的分支没有汇聚：按路径 %s 到达结束%s时，仍有分支停在%s。请让各分支先汇入同一个并行网关（几个环节的 next 都指向它），再走向结束",
		e.path(s), label(end), e.waiting(s.m))
}

// splitOf follows the token that state s consumed back to the parallel split that created it.
func (e *explorer) splitOf(s state) *process.Step {
	for {
		from := e.n.places[s.in].from
		if from < 0 {
			return nil
		}
		for s = e.states[s.parent]; s.step != from; s = e.states[s.parent] {
			if s.parent < 0 {
				return nil
			}
		}
		if t := e.n.g.steps[s.step]; t.Type == process.StepParallel && len(t.Next) > 1 {
			return t
		}
	}
}

// unbounded explains a loop that leaves more tokens behind each time round.
func (e *explorer) unbounded(s state) {
	steps := e.steps(s)
	at := steps[len(steps)-1]
	for i := len(steps) - 1; i >= 0; i-- {
		if t := steps[i]; t.Type == process.StepParallel && len(t.Next) > 1 {
			at = t
			break
		}
	}
	e.report(at, RuleUnbounded, "每绕一圈循环，待办都会多出一份（按路径 %s，停在%s的分支越积越多）：循环中的并行分支必须先汇聚，再回到循环的起点", e.path(s), e.waiting(s.m))
}

func anyMarked(m []uint8, places []int) bool {
	for _, p := range places {
		if m[p] > 0 {
			return true
		}
	}
	return false
}
