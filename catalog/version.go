package catalog

import (
	"time"

	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
)

// States of a version: a draft is work in progress, the published version is the one new work starts with,
// a retired version runs only the work that started with it.
const (
	StateDraft     = "draft"
	StatePublished = "published"
	StateRetired   = "retired"
)

// States lists the states in their order of life.
var States = []string{StateDraft, StatePublished, StateRetired}

// StateLabel is a state's Chinese name: 草稿, 已发布, 已停用.
func StateLabel(state string) string {
	switch state {
	case StateDraft:
		return "草稿"
	case StatePublished:
		return "已发布"
	case StateRetired:
		return "已停用"
	}
	return state
}

// VersionInfo is the record of one version without its text: who made it, when, and where it stands.
type VersionInfo struct {
	ID       string // the process id
	Version  int
	State    string
	Revision int // counts the saves of a draft; a save must name the revision it replaces

	Name, Category, Owner, Purpose string
	Note                           string // what changed (修改说明)
	Errors, Warnings               int    // the linter's findings at the last save or publication

	CreatedBy   string
	CreatedAt   time.Time
	UpdatedBy   string
	UpdatedAt   time.Time
	PublishedBy string
	PublishedAt time.Time
	RetiredBy   string
	RetiredAt   time.Time
}

// StateLabel is the version's state in Chinese.
func (v *VersionInfo) StateLabel() string { return StateLabel(v.State) }

// Version is one version of a process with its text, its definition and the linter's findings. Values
// handed out by the Service share Def and Compiled with its cache: treat them as read-only.
type Version struct {
	VersionInfo
	Source   []byte              // the YAML as written, byte for byte
	Def      *process.Definition // nil when Source cannot be read as a definition
	Compiled *process.Compiled   // nil unless Def passes process.Check (always set for a published version)
	Findings []lint.Finding
}

// Summary describes a process in lists: the version they show (the published one, else the latest) and
// where its versions stand.
type Summary struct {
	ID, Name, Category, Owner, Purpose string
	Limit                              string // the overall time limit as written, "" when none
	Steps                              int    // the steps people or the system do (no start, end or gateways)
	Version                            int    // the version described
	Published                          int    // the published version, 0 when none
	Draft                              int    // the open draft, 0 when none
	Latest                             int
	PublishedAt                        time.Time
	UpdatedBy                          string
	UpdatedAt                          time.Time
}

// State is the process's standing: published when a version is, else draft when one is open, else retired.
func (s *Summary) State() string {
	switch {
	case s.Published > 0:
		return StatePublished
	case s.Draft > 0:
		return StateDraft
	}
	return StateRetired
}

// StateLabel is State in Chinese.
func (s *Summary) StateLabel() string { return StateLabel(s.State()) }
