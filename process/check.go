package process

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/govflow/govflow/calendar"
)

// Rule ids of the checks; the linter reports them under the same ids.
const (
	RuleRequiredKey  = "required-key"  // a key the format requires is missing or empty
	RuleBadID        = "bad-id"        // an id that is not well-formed
	RuleDuplicateID  = "duplicate-id"  // two steps or two fields with one id
	RuleStart        = "start"         // not exactly one start, or an arrow back into it
	RuleEnd          = "end"           // no end step
	RuleUnknownStep  = "unknown-step"  // an arrow or reference to a step that does not exist
	RuleStepType     = "step-type"     // an unknown step type
	RuleStepKeys     = "step-keys"     // a key the step's type does not use, or a missing or bad type-specific key
	RuleField        = "field"         // a field that is not well-formed
	RuleForm         = "form"          // a form naming an unknown field
	RuleWho          = "who"           // a who rule that is not well-formed
	RuleMissingOwner = "missing-owner" // a process without owner, or a step people do without who
	RuleExpression   = "expression"    // a condition that does not compile or type-check
	RuleSkipIf       = "skip-if"       // skip_if on a step nobody could sensibly skip
	RuleVagueLimit   = "vague-limit"   // a limit like 及时 or 尽快
	RuleBadLimit     = "bad-limit"     // a limit the calendar cannot read
)

var (
	processIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	stepIDRe    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)
	fieldIDRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)
	actionRe    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
)

// ValidProcessID reports whether id is a well-formed process id: lower-case letters, digits and "-".
func ValidProcessID(id string) bool { return processIDRe.MatchString(id) }

// ValidStepID reports whether id is a well-formed step id: a letter, then letters, digits, "_" and "-".
func ValidStepID(id string) bool { return stepIDRe.MatchString(id) }

// Check returns everything that keeps def from running — structure, references, who rules, fields, limits
// and conditions — located and sorted. An empty result means Compile succeeds.
func Check(def *Definition) []Problem {
	return newChecker(def).run().probs
}

type checker struct {
	def       *Definition
	probs     []Problem
	stepByID  map[string]*Step  // the first step of each id
	fieldByID map[string]*Field // the first field of each id
	env       map[string]any    // the expression type environment
	reach     map[string]map[string]bool
	// compiled conditions, by step index
	skipIf   []*Condition
	require  [][]*Condition
	branches [][]*Condition
}

func newChecker(def *Definition) *checker {
	n := len(def.Steps)
	c := &checker{def: def, skipIf: make([]*Condition, n), require: make([][]*Condition, n), branches: make([][]*Condition, n),
		stepByID: map[string]*Step{}, fieldByID: map[string]*Field{}, env: typeEnv(def), reach: map[string]map[string]bool{}}
	for i := range def.Steps {
		if _, dup := c.stepByID[def.Steps[i].ID]; !dup {
			c.stepByID[def.Steps[i].ID] = &def.Steps[i]
		}
	}
	for i := range def.Fields {
		if _, dup := c.fieldByID[def.Fields[i].ID]; !dup {
			c.fieldByID[def.Fields[i].ID] = &def.Fields[i]
		}
	}
	return c
}

// reachable returns the steps reachable from id, computed once per id.
func (c *checker) reachable(id string) map[string]bool {
	r, ok := c.reach[id]
	if !ok {
		r = c.def.Reachable(id)
		c.reach[id] = r
	}
	return r
}

func (c *checker) run() *checker {
	c.process()
	c.fields()
	c.steps()
	c.graph()
	c.who()
	c.conditions()
	SortProblems(c.probs)
	return c
}

func (c *checker) add(pos Pos, rule, format string, args ...any) {
	c.probs = append(c.probs, Problem{Pos: pos, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) process() {
	d := c.def
	switch {
	case d.ID == "":
		c.add(d.Pos, RuleRequiredKey, "缺少流程 id：请写 id，例如 id: shouwen-banli")
	case !processIDRe.MatchString(d.ID):
		c.add(d.PosOf("id"), RuleBadID, "流程 id“%s”不合规范：只能用小写字母、数字和“-”，以字母或数字开头，不超过 64 个字符（如 shouwen-banli）", d.ID)
	}
	c.required(d.Name, d.Pos, "name", "流程名称，例如 name: 收文办理")
	c.required(d.Category, d.Pos, "category", "流程类别，例如 category: 公文运转")
	c.required(d.Purpose, d.Pos, "purpose", "流程目的：用一两句话说明本流程要达到什么")
	if strings.TrimSpace(d.Owner) == "" {
		c.add(d.PosOf("owner"), RuleMissingOwner, "缺少牵头单位：请写 owner，填一个具体处室的名称，例如 owner: 秘书处")
	}
	if d.Version < 1 {
		c.add(d.PosOf("version"), RuleRequiredKey, "版本号应为从 1 开始的整数：请写 version: 1")
	}
	if d.CountFrom != "" && d.CountFrom != CountSameDay && d.CountFrom != CountNextDay {
		c.add(d.PosOf("count_from"), RuleRequiredKey, "count_from 只能是 same-day（当天起算）或 next-day（次日起算），这里写的是“%s”", d.CountFrom)
	}
	c.limit(d.Limit, d.PosOf("limit"))
	c.related()
	c.unique()
	if len(d.Steps) == 0 {
		c.add(d.Pos, RuleRequiredKey, "缺少环节：请在 steps 下写出流程的各个环节（恰有一个 start，至少一个 end）")
	}
}

func (c *checker) required(value string, pos Pos, key, what string) {
	if strings.TrimSpace(value) == "" {
		c.add(pos, RuleRequiredKey, "缺少 %s：请写%s", key, what)
	}
}

func (c *checker) related() {
	d := c.def
	seen := map[string]bool{}
	for i, id := range d.Related {
		pos := d.KeyPos.Item("related", i, d.Pos)
		dup := seen[id]
		seen[id] = true
		switch {
		case !processIDRe.MatchString(id):
			c.add(pos, RuleBadID, "相关流程 id“%s”不合规范：流程 id 只能用小写字母、数字和“-”", id)
		case id == d.ID:
			c.add(pos, RuleBadID, "相关流程不能是本流程自己（%s）", id)
		case dup:
			c.add(pos, RuleDuplicateID, "相关流程“%s”重复列出，请删除一个", id)
		}
	}
}

// unique checks the fields that identify an instance's matter: declared, once each, and of a kind that
// names one thing (not long text, files or lists).
func (c *checker) unique() {
	d := c.def
	seen := map[string]bool{}
	for i, id := range d.Unique {
		pos := d.KeyPos.Item("unique", i, d.Pos)
		f, ok := d.Field(id)
		switch {
		case !ok:
			hint := c.fieldSuggestion(id)
			if hint == "" {
				hint = "；请写本流程 fields 中的字段 id"
			}
			c.add(pos, RuleField, "unique 中的“%s”不是本流程的字段%s", id, hint)
		case seen[id]:
			c.add(pos, RuleDuplicateID, "unique 中的字段“%s”重复列出，请删除一个", id)
		case !identifies(f.Type):
			c.add(pos, RuleField, "字段“%s”（%s）不能用来识别事项：unique 只能用单行文本、数字、日期、单选、处室或人员字段", f.Name, f.Type)
		}
		seen[id] = true
	}
}

func identifies(t FieldType) bool {
	switch t {
	case FieldTextarea, FieldAttachment, FieldChoices, FieldUnits, FieldPersons, FieldBool:
		return false
	}
	return true
}

// limit checks a time limit written in the calendar's grammar.
func (c *checker) limit(text string, pos Pos) {
	if text == "" {
		return
	}
	if _, err := calendar.ParseLimit(text); err != nil {
		rule := RuleBadLimit
		var le *calendar.LimitError
		if errors.As(err, &le) && le.Vague {
			rule = RuleVagueLimit
		}
		c.add(pos, rule, "%s", err.Error())
	}
}
