package process

import (
	"cmp"
	"slices"
	"strings"
)

// Problem is one located defect of a definition, with the rule it breaks and a Chinese message saying how
// to fix it.
type Problem struct {
	Pos     Pos    `json:"pos"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if loc := p.Pos.String(); loc != "" {
		return loc + ": " + p.Message
	}
	return p.Message
}

// Rule ids of the reader.
const (
	RuleSyntax       = "syntax"        // not YAML, or not one process
	RuleUnknownKey   = "unknown-key"   // a key the format does not have
	RuleDuplicateKey = "duplicate-key" // a key written twice in one mapping
	RuleType         = "type"          // a value of the wrong kind
)

// ParseError lists everything wrong with a file that could not be read as a definition.
type ParseError struct {
	Problems []Problem
}

func (e *ParseError) Error() string { return joinProblems(e.Problems) }

// CheckError lists everything that keeps a read definition from running.
type CheckError struct {
	Problems []Problem
}

func (e *CheckError) Error() string { return joinProblems(e.Problems) }

func joinProblems(ps []Problem) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// SortProblems orders problems by file, line, column and rule.
func SortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column), cmp.Compare(a.Rule, b.Rule))
	})
}
