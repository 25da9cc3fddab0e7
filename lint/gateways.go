package lint

import (
	"strings"

	"github.com/govflow/govflow/process"
)

// gatewayRules: an exclusive split says where to go when no condition holds.
func gatewayRules(l *linter) {
	for i := range l.def.Steps {
		s := &l.def.Steps[i]
		if s.Type != process.StepExclusive || len(s.Branches) == 0 || s.Default != "" {
			continue
		}
		if strings.TrimSpace(s.Branches[len(s.Branches)-1].When) == "true" {
			continue // the last branch catches everything
		}
		l.add(s.Pos, RuleNoDefault, "排他网关%s没有 default：所有分支条件都不成立时流程将无路可走。请写 default: 环节id，指明其他情况的去向", label(s))
	}
}
