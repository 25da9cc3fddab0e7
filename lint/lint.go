// Package lint checks process definitions the way the office's 流程管理员 needs: every problem located, named
// by a rule, and explained in Chinese with how to fix it. It turns seed 002's "由虚入实" into rules: concrete
// time limits and named units, control flow that always completes, few approval levels. Linting is a pure
// function of the definitions, the organisation directory and the options, so the command line and the web
// editor share it.
package lint

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/govflow/govflow/process"
)

// Severity says whether a finding blocks publishing (error) or only advises (warning).
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Label is the severity's Chinese name.
func (s Severity) Label() string {
	if s == Warning {
		return "警告"
	}
	return "错误"
}

// Finding is one located problem. Its JSON form is flat: file, line, column, rule, severity, message.
type Finding struct {
	process.Pos
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String formats the finding as file:line:column: 错误 [rule] message.
func (f Finding) String() string {
	s := fmt.Sprintf("%s [%s] %s", f.Severity.Label(), f.Rule, f.Message)
	if loc := f.Pos.String(); loc != "" {
		return loc + ": " + s
	}
	return s
}

// Options tune the linter. The zero value checks everything that needs no outside knowledge.
type Options struct {
	// Directory is the organisation units, posts and roles are checked against; nil skips those rules.
	Directory Directory
	// MaxApprovalLevels is how many approval steps may follow one another (环节最少); 0 means the default.
	MaxApprovalLevels int
	// MaxStates bounds the exploration of a process's states for the soundness rules; 0 means the default.
	MaxStates int
	// Processes are ids of catalog processes that exist besides the linted ones (the published catalog when
	// one file is linted on save). Related and called ids are checked when this is set or several
	// definitions are linted together.
	Processes []string
	// Actions are the system actions auto steps may name; nil skips the check.
	Actions []string
}

// Defaults of Options.
const (
	DefaultMaxApprovalLevels = 4
	DefaultMaxStates         = 20000
)

func (o Options) maxApprovalLevels() int {
	return cmp.Or(o.MaxApprovalLevels, DefaultMaxApprovalLevels)
}
func (o Options) maxStates() int { return cmp.Or(o.MaxStates, DefaultMaxStates) }

// File is one definition file's name and content.
type File struct {
	Name string
	Data []byte
}

// Files reads and lints a set of definition files as one catalog.
func Files(files []File, opts Options) []Finding {
	var out []Finding
	var defs []*process.Definition
	for _, f := range files {
		def, err := process.Parse(f.Name, f.Data)
		if err != nil {
			out = append(out, fromProblems(parseProblems(f.Name, err))...)
			continue
		}
		defs = append(defs, def)
	}
	out = append(out, Definitions(defs, opts)...)
	Sort(out)
	return out
}

// Source lints one file on its own, as the editor does on every save.
func Source(name string, data []byte, opts Options) []Finding {
	return Files([]File{{Name: name, Data: data}}, opts)
}

// Definitions lints parsed definitions; rules across definitions (duplicate process ids, related and called
// processes) apply to the whole set.
func Definitions(defs []*process.Definition, opts Options) []Finding {
	var out []Finding
	for _, def := range defs {
		out = append(out, Definition(def, opts)...)
	}
	out = append(out, catalogRules(defs, opts)...)
	Sort(out)
	return out
}

// Definition lints one parsed definition on its own.
func Definition(def *process.Definition, opts Options) []Finding {
	probs := process.Check(def)
	view := firstOfEachID(def)
	l := &linter{def: def, opts: opts, view: view, usable: graphUsable(view), unique: view == def}
	l.out = fromProblems(probs)
	for _, rule := range definitionRules {
		rule(l)
	}
	Sort(l.out)
	return l.out
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// Count returns the number of errors and warnings.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders findings by file, line, column and rule.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule))
	})
}

// linter collects the findings of one definition.
type linter struct {
	def  *process.Definition
	opts Options
	out  []Finding
	// view is the graph the path rules measure: def, or when step ids repeat (Check reports that), def with
	// the first step of each id only.
	view *process.Definition
	// usable is false when view itself is broken (unknown steps, no start …); graph rules then stay quiet
	// rather than pile consequences on the problems Check already reported.
	usable bool
	// unique is false when step ids repeat: which arrow leads where is then unclear, so the rules that
	// judge every path (reachability, soundness) wait until the ids are fixed.
	unique bool
}

func (l *linter) add(pos process.Pos, rule, format string, args ...any) {
	l.out = append(l.out, Finding{Pos: pos, Rule: rule, Severity: severityOf(rule), Message: fmt.Sprintf(format, args...)})
}

// definitionRules run on every definition, one group per file of this package.
var definitionRules = []func(*linter){
	ownerRules,
	limitRules,
	reachRules,
	gatewayRules,
	approvalRules,
	soundnessRules,
	actionRules,
}

func fromProblems(ps []process.Problem) []Finding {
	out := make([]Finding, len(ps))
	for i, p := range ps {
		out[i] = Finding{Pos: p.Pos, Rule: p.Rule, Severity: severityOf(p.Rule), Message: p.Message}
	}
	return out
}

func parseProblems(name string, err error) []process.Problem {
	if pe, ok := err.(*process.ParseError); ok {
		return pe.Problems
	}
	return []process.Problem{{Pos: process.Pos{File: name, Line: 1, Column: 1}, Rule: process.RuleSyntax, Message: err.Error()}}
}

// firstOfEachID returns def, or a copy keeping only the first step of each id when ids repeat.
func firstOfEachID(def *process.Definition) *process.Definition {
	seen := map[string]bool{}
	var steps []process.Step
	for _, s := range def.Steps {
		if !seen[s.ID] {
			seen[s.ID] = true
			steps = append(steps, s)
		}
	}
	if len(steps) == len(def.Steps) {
		return def
	}
	view := *def
	view.Steps = steps
	return &view
}

// graphUsable reports whether the graph is sound enough to reason about: one start, unique known steps,
// arrows to existing steps, and a way out of every step but the ends.
func graphUsable(def *process.Definition) bool {
	if def.Start() == nil {
		return false
	}
	seen := map[string]bool{}
	for i := range def.Steps {
		s := &def.Steps[i]
		if s.ID == "" || seen[s.ID] || !slices.Contains(process.StepTypes, s.Type) {
			return false
		}
		seen[s.ID] = true
		if s.Type != process.StepEnd && len(s.Targets()) == 0 {
			return false
		}
	}
	for _, e := range def.Edges() {
		if t, ok := def.Step(e.To); !ok || t.Type == process.StepStart {
			return false
		}
	}
	return true
}
