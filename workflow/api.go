package workflow

import (
	"context"
	"log/slog"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
)

// Definitions is where the service finds the processes it runs. *catalog.Service implements it; Static
// serves a fixed set (tests, the bench).
type Definitions interface {
	// Published returns the version new work starts with; ENOTFOUND when there is none.
	Published(ctx context.Context, id string) (*catalog.Version, error)
	// Version returns one version (running instances keep the version they started with).
	Version(ctx context.Context, id string, version int) (*catalog.Version, error)
	// ListPublished lists the processes that have a published version.
	ListPublished(ctx context.Context) ([]catalog.Summary, error)
}

// Options configure a Service. Every field has a working default.
type Options struct {
	// Now is the clock (default time.Now). Tests inject a fixed or stepping clock.
	Now func() time.Time
	// Calendar returns the working-day calendar deadlines are computed with (default calendar.Default()).
	Calendar func(ctx context.Context) (*calendar.Calendar, error)
	// Directory returns the organisation (default: a snapshot of the database's, refreshed when it changes,
	// checked at most every OrgCheckEvery).
	Directory     func(ctx context.Context) (*org.Directory, error)
	OrgCheckEvery time.Duration // default 2 s
	// NewID makes instance ids (default: 24 hex digits that sort by creation time).
	NewID func() string
	// Logger for background work (default slog.Default()).
	Logger *slog.Logger

	// MaxBatch caps the commands one group commit carries (default 256).
	MaxBatch int
	// Writers is the number of group-commit writers: each has its own transaction and connection. SQLite
	// always uses one (it has one writer connection); PostgreSQL defaults to 2.
	Writers int
	// CacheSize bounds the recently used instance states kept in memory (default 20000).
	CacheSize int

	// JobPoll is how often the timer queue is polled when Run is running (default 1 s).
	JobPoll time.Duration
}

// Outcome is what an operation did, for the page or the API to tell the person.
type Outcome struct {
	Instance string
	Task     string
	// Message is Chinese, e.g. "已提交至 秘书处·收发员" or "流程已办结".
	Message string
	// Next lists the tasks the operation created (where the work went).
	Next []TaskRow
	// Status and Result of the instance after the operation.
	Status, Result string
}

// TaskFilter narrows a task or instance list. Empty fields match everything; Page counts from 1 and PerPage
// defaults to 20 (at most 200). Offset, when set, counts rows to skip instead of Page (the JSON API pages
// by limit and offset).
type TaskFilter struct {
	Process  string // a process id
	Deadline string // 正常 | 临期 | 超期
	Query    string // words in the title, process name or step name
	Page     int
	PerPage  int
	Offset   int
}

// Page is one page of a list.
type Page[T any] struct {
	Items   []T
	Total   int
	Page    int
	PerPage int
}

// TaskRow is one task in a list (待办, 已办, 抄送) and the task page.
type TaskRow struct {
	ID, Instance, Title, Process, ProcessName, Step, StepName, Kind, Unit string
	Assignee, AssigneeName, OnBehalfOf, OnBehalfOfName                    string
	Pool                                                                  string // the pool's description while unclaimed, e.g. 秘书处·收发员
	State                                                                 string // open | done | cancelled
	Created, Due, Completed                                               time.Time
	Deadline                                                              string        // 正常 | 临期 | 超期 | "" (no deadline, or closed in time)
	Late                                                                  time.Duration // how late it was completed, or is now
	Urges                                                                 int
	Flags                                                                 []string
	Outcome                                                               string // done | agree | reject | return | read (closed tasks)
	Read                                                                  bool   // copies and reading tasks: opened
	By                                                                    string // who caused it (cc sender, 加签 adder, returner)
	Reason                                                                string // why it exists besides the flow (退回, 撤回, 加签 …), or a copy's note
}

// InstanceRow is one instance in a list (我发起的).
type InstanceRow struct {
	ID, Title, Process, ProcessName, Status, Result string
	Current                                         string // the open steps' names, joined with 、
	Started, Ended, Due                             time.Time
	Deadline                                        string // 正常 | 临期 | 超期 | ""
}

// Counts are the badges of the navigation.
type Counts struct {
	Todo, DueSoon, Overdue, UnreadCopies int
}

// TaskView is a task with everything its page shows.
type TaskView struct {
	Task     TaskRow
	Instance *InstanceView
	Fields   []FieldView // the step's form with current values
	Allowed  []engine.Op
	// ReturnTargets, Removable and Candidates feed the pickers of 退回, 减签 and 转办/委派/加签/抄送.
	ReturnTargets []engine.ReturnTarget
	Removable     []string
	Candidates    []PersonRef
}

// InstanceView is an instance with its values, open tasks and history.
type InstanceView struct {
	ID, Title, Process, ProcessName string
	Version                         int
	Status, Result                  string
	Secrecy                         string // 密级 (非密 when the process has no secrecy field)
	Initiator                       PersonRef
	Started, Ended, Due             time.Time
	Deadline                        string
	Values                          []FieldView
	Open                            []TaskRow
	History                         []HistoryRow // 流转记录
	Current, Done                   []string     // step ids for the flowchart highlight
	Def                             *process.Definition
	Parent                          string // the calling instance of a child
	Allowed                         []engine.Op
	// Urgeable lists the open tasks the viewer may urge (催办 is an operation on a task, not the instance).
	Urgeable []string
	// Held lists the flow's branches that wait for an administrator: an automatic step's action that failed
	// or is not provided, a precondition not met, nobody to assign. 重试 and 调度 name them by Token.
	Held []HeldToken
}

// HeldToken is one held branch: where it stopped, why, and since when.
type HeldToken struct {
	Token, Step, StepName, Reason string
	Since                         time.Time
}

// HistoryRow is one line of the 流转记录: who did what, when, with which opinion, and how long it took
// against the step's limit.
type HistoryRow struct {
	Time                                                                    time.Time
	Step, StepName, Action, Actor, ActorName, OnBehalfOfName, Unit, Opinion string
	Changes                                                                 []engine.Change
	Took, Limit                                                             string
	Late                                                                    bool
}

// FieldView is one field with its value as stored and as shown.
type FieldView struct {
	process.Field
	Value    any
	Display  string
	Editable bool
}

// PersonRef names a person for pages: id, name, unit name and post.
type PersonRef struct {
	ID, Name, Unit, Post string
}

// Notification is a message to one person (new task, urge, reminder, copy …), read or not.
type Notification struct {
	ID                         int64
	Kind, Instance, Task, Text string
	Created                    time.Time
	Read                       bool
}

// Start starts an instance of the published version of processID as by, with the start form and an
// opinion. It is one transaction (or one savepoint of a group commit) with its events, projections, timers,
// notifications, audit record and idempotency record: when idemKey is not empty, a retry with the same key by
// the same person answers the first result and does nothing. A refusal is a *govflow.Error (form problems as
// govflow.FieldErrors naming the fields) and changes nothing.
func (s *Service) Start(ctx context.Context, by govflow.Actor, processID string, form map[string]any, opinion string, idemKey string) (*InstanceView, error) {
	return s.start(ctx, by, processID, form, opinion, idemKey)
}

// Do applies one operation (complete, approve, return, transfer …) as by. cmd.Task names the task; the
// service finds its instance. Instance-level operations (suspend, resume, terminate, cc without a task, urge
// of a task, move by token, retry) name cmd.Instance instead when they have no task. cmd.Actor is set from
// by; service operations (fire_timer, action_done, child_ended) are refused. Transactions and idempotency
// are as for Start. Two people completing one task at once: one succeeds, the other gets ECONFLICT
// 该任务已被处理.
func (s *Service) Do(ctx context.Context, by govflow.Actor, cmd engine.Command, idemKey string) (*Outcome, error) {
	return s.do(ctx, by, cmd, idemKey)
}

// Inbox lists the person's 待办: their open tasks (not copies or reading) and the unclaimed pool tasks they
// may claim, overdue first, then by due instant. Instances above the person's clearance are left out.
func (s *Service) Inbox(ctx context.Context, person string, f TaskFilter) (Page[TaskRow], error) {
	return s.inbox(ctx, person, f)
}

// Done lists the person's 已办: tasks they completed (also as someone's acting person), newest first.
func (s *Service) Done(ctx context.Context, person string, f TaskFilter) (Page[TaskRow], error) {
	return s.done(ctx, person, f)
}

// Copies lists 抄送我的: copies and reading tasks given to the person, unread first, with read state.
func (s *Service) Copies(ctx context.Context, person string, f TaskFilter) (Page[TaskRow], error) {
	return s.copies(ctx, person, f)
}

// Started lists 我发起的: the instances the person started, newest first.
func (s *Service) Started(ctx context.Context, person string, f TaskFilter) (Page[InstanceRow], error) {
	return s.started(ctx, person, f)
}

// Counts returns the navigation badges: open tasks (with pools), how many are due soon and overdue, and
// unread copies and reading tasks.
func (s *Service) Counts(ctx context.Context, person string) (Counts, error) {
	return s.counts(ctx, person)
}

// Task returns a task with its instance, form, the operations the viewer may use on it now, and the pickers'
// choices. ENOTFOUND when the task does not exist or the viewer may not see its instance.
func (s *Service) Task(ctx context.Context, viewer govflow.Actor, taskID string) (*TaskView, error) {
	return s.task(ctx, viewer, taskID)
}

// Instance returns an instance with its values, open tasks and history. ENOTFOUND when it does not exist or
// the viewer may not see it (see the read rule in Visible).
func (s *Service) Instance(ctx context.Context, viewer govflow.Actor, id string) (*InstanceView, error) {
	return s.instance(ctx, viewer, id)
}

// Startable lists the published processes the viewer may start.
func (s *Service) Startable(ctx context.Context, viewer govflow.Actor) ([]catalog.Summary, error) {
	return s.startable(ctx, viewer)
}

// Notifications lists the person's messages, newest first.
func (s *Service) Notifications(ctx context.Context, person string, unreadOnly bool, page, perPage int) (Page[Notification], error) {
	return s.notifications(ctx, person, unreadOnly, page, perPage)
}

// MarkRead marks the person's notifications read (all of them when ids is empty).
func (s *Service) MarkRead(ctx context.Context, person string, ids []int64) error {
	return s.markRead(ctx, person, ids)
}
