// Package process holds the catalog's process definitions: the format people write (YAML), its reader,
// and the checks that make a definition runnable. docs/definition-format.md describes the format for writers.
package process

// Definition is one version of one catalog process.
type Definition struct {
	ID        string   `yaml:"id" json:"id"`
	Name      string   `yaml:"name" json:"name"`
	Category  string   `yaml:"category" json:"category"`
	Owner     string   `yaml:"owner" json:"owner"` // the unit that owns the process (牵头单位)
	Version   int      `yaml:"version" json:"version"`
	Purpose   string   `yaml:"purpose" json:"purpose"`
	Basis     string   `yaml:"basis,omitempty" json:"basis,omitempty"` // 依据: the rule or regulation
	Limit     string   `yaml:"limit,omitempty" json:"limit,omitempty"` // overall time limit, calendar grammar
	CountFrom string   `yaml:"count_from,omitempty" json:"count_from,omitempty"`
	Related   []string `yaml:"related,omitempty" json:"related,omitempty"` // ids of related catalog processes
	// Unique names the fields whose values identify the matter (一文一单: 来文字号): a second instance with the
	// same values is refused while the first is not terminated.
	Unique []string `yaml:"unique,omitempty" json:"unique,omitempty"`
	// SkipRepeatedApprover skips an approval step whose only approver already approved earlier in the instance.
	SkipRepeatedApprover bool    `yaml:"skip_repeated_approver,omitempty" json:"skip_repeated_approver,omitempty"`
	Fields               []Field `yaml:"fields,omitempty" json:"fields,omitempty"`
	Steps                []Step  `yaml:"steps" json:"steps"`

	Pos    Pos       `yaml:"-" json:"-"`
	KeyPos Positions `yaml:"-" json:"-"` // where each key (and "key[i]" list item) was written
}

// Count-from rules for limits (行政许可法: counting starts the day after acceptance).
const (
	CountSameDay = "same-day"
	CountNextDay = "next-day"
)

// FieldType is the type of a data field a process carries.
type FieldType string

const (
	FieldText       FieldType = "text"       // one line
	FieldTextarea   FieldType = "textarea"   // long text
	FieldNumber     FieldType = "number"     // float64
	FieldDate       FieldType = "date"       // a calendar date, 2006-01-02
	FieldBool       FieldType = "bool"       // 是/否
	FieldChoice     FieldType = "choice"     // one of Options
	FieldChoices    FieldType = "choices"    // several of Options
	FieldUnit       FieldType = "unit"       // one unit of the organisation, by name
	FieldUnits      FieldType = "units"      // several units
	FieldPerson     FieldType = "person"     // one person, by account id
	FieldPersons    FieldType = "persons"    // several people
	FieldAttachment FieldType = "attachment" // uploaded files
	FieldSecrecy    FieldType = "secrecy"    // 密级: 非密 / 秘密 / 机密 / 绝密
	FieldUrgency    FieldType = "urgency"    // 紧急程度: 普通 / 加急 / 特急
)

// Field is one typed data field of the process's form.
type Field struct {
	ID       string    `yaml:"id" json:"id"`
	Name     string    `yaml:"name" json:"name"`
	Type     FieldType `yaml:"type" json:"type"`
	Required bool      `yaml:"required,omitempty" json:"required,omitempty"`
	Options  []string  `yaml:"options,omitempty" json:"options,omitempty"` // choice, choices
	Min      *float64  `yaml:"min,omitempty" json:"min,omitempty"`         // number: value; text: length in characters
	Max      *float64  `yaml:"max,omitempty" json:"max,omitempty"`
	Pattern  string    `yaml:"pattern,omitempty" json:"pattern,omitempty"` // text: a Go regexp the whole value must match
	Default  any       `yaml:"default,omitempty" json:"default,omitempty"`
	Help     string    `yaml:"help,omitempty" json:"help,omitempty"`

	Pos    Pos       `yaml:"-" json:"-"`
	KeyPos Positions `yaml:"-" json:"-"`
}

// StepType is the kind of a step.
type StepType string

const (
	StepStart       StepType = "start"
	StepEnd         StepType = "end"
	StepTask        StepType = "task"        // one person does it (a unit's post pool may claim it)
	StepApproval    StepType = "approval"    // one or more approvers decide 同意/不同意, by Mode
	StepCirculation StepType = "circulation" // 传阅: every reader gets it once; nobody blocks the flow
	StepExclusive   StepType = "exclusive"   // XOR gateway: split by Branches/Default, or merge
	StepParallel    StepType = "parallel"    // AND gateway: split to every Next, or join all incoming
	StepWait        StepType = "wait"        // timer: Wait (a limit) or UntilField (a date field)
	StepAuto        StepType = "auto"        // a named system action, e.g. assign_doc_number
	StepCall        StepType = "call"        // runs another catalog process and waits for it
)

// Countersign modes of an approval.
const (
	ModeAll        = "all"        // 会签: everyone must agree; one 不同意 rejects
	ModeAny        = "any"        // 或签: the first decision decides
	ModeRatio      = "ratio"      // agree/total must reach Ratio; rejects once it no longer can
	ModeSequential = "sequential" // 依次: one after another in the resolved order; one 不同意 rejects
)

// Step is one node of the process graph.
type Step struct {
	ID       string     `yaml:"id" json:"id"`
	Name     string     `yaml:"name,omitempty" json:"name,omitempty"`
	Type     StepType   `yaml:"type" json:"type"`
	Who      []Assignee `yaml:"who,omitempty" json:"who,omitempty"` // a single mapping is accepted as a list of one
	Limit    string     `yaml:"limit,omitempty" json:"limit,omitempty"`
	Inputs   []string   `yaml:"inputs,omitempty" json:"inputs,omitempty"`
	Outputs  []string   `yaml:"outputs,omitempty" json:"outputs,omitempty"`
	Standard string     `yaml:"standard,omitempty" json:"standard,omitempty"` // 完成标准
	Form     []string   `yaml:"form,omitempty" json:"form,omitempty"`         // field ids filled in at this step

	Next     []string `yaml:"next,omitempty" json:"next,omitempty"` // a single id is accepted as a list of one
	Branches []Branch `yaml:"branches,omitempty" json:"branches,omitempty"`
	Default  string   `yaml:"default,omitempty" json:"default,omitempty"`

	Mode   string  `yaml:"mode,omitempty" json:"mode,omitempty"`
	Ratio  float64 `yaml:"ratio,omitempty" json:"ratio,omitempty"`
	Reject string  `yaml:"reject,omitempty" json:"reject,omitempty"` // approval: where 不同意 leads; empty ends the instance as 不予通过

	SkipIf  string         `yaml:"skip_if,omitempty" json:"skip_if,omitempty"`
	Require []Precondition `yaml:"require,omitempty" json:"require,omitempty"`

	Wait       string `yaml:"wait,omitempty" json:"wait,omitempty"`
	UntilField string `yaml:"until_field,omitempty" json:"until_field,omitempty"`
	Action     string `yaml:"action,omitempty" json:"action,omitempty"`
	Process    string `yaml:"process,omitempty" json:"process,omitempty"`
	Result     string `yaml:"result,omitempty" json:"result,omitempty"` // end: the outcome it records, e.g. 办结

	Escalate string `yaml:"escalate,omitempty" json:"escalate,omitempty"` // overdue: unit_head (default), overseer, none

	Pos    Pos       `yaml:"-" json:"-"`
	KeyPos Positions `yaml:"-" json:"-"`
}

// Assignee is one rule for who does a step. Exactly one of Unit, UnitField, PersonField, PerformerOf, Initiator
// says where to look; Post or Role narrows a unit to people.
type Assignee struct {
	Unit        string `yaml:"unit,omitempty" json:"unit,omitempty"`
	UnitField   string `yaml:"unit_field,omitempty" json:"unit_field,omitempty"`
	Post        string `yaml:"post,omitempty" json:"post,omitempty"`
	Role        string `yaml:"role,omitempty" json:"role,omitempty"`
	PersonField string `yaml:"person_field,omitempty" json:"person_field,omitempty"`
	PerformerOf string `yaml:"performer_of,omitempty" json:"performer_of,omitempty"`
	Initiator   bool   `yaml:"initiator,omitempty" json:"initiator,omitempty"`

	Pos    Pos       `yaml:"-" json:"-"`
	KeyPos Positions `yaml:"-" json:"-"`
}

// Branch is one outgoing path of an exclusive gateway; the first whose When holds is taken.
type Branch struct {
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	When string `yaml:"when" json:"when"`
	Next string `yaml:"next" json:"next"`

	Pos    Pos       `yaml:"-" json:"-"`
	KeyPos Positions `yaml:"-" json:"-"`
}

// Precondition must hold for a token to enter the step; otherwise the command that would move it there is
// refused with Message (seed 002: 分管领导未签署意见的，一律不上会).
type Precondition struct {
	Check   string `yaml:"check" json:"check"`
	Message string `yaml:"message" json:"message"`

	Pos    Pos       `yaml:"-" json:"-"`
	KeyPos Positions `yaml:"-" json:"-"`
}

// Pos locates an element in its source file (1-based).
type Pos struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Special roles resolved relative to a unit rather than held by people.
const (
	RoleUnitHead = "处室负责人" // the unit's head (and, failing that, deputy)
	RoleOverseer = "分管领导"  // the 厅领导 who oversees the unit
)

// Step returns the step with the given id.
func (d *Definition) Step(id string) (*Step, bool) {
	for i := range d.Steps {
		if d.Steps[i].ID == id {
			return &d.Steps[i], true
		}
	}
	return nil, false
}

// Field returns the field with the given id.
func (d *Definition) Field(id string) (*Field, bool) {
	for i := range d.Fields {
		if d.Fields[i].ID == id {
			return &d.Fields[i], true
		}
	}
	return nil, false
}
