package engine

import "time"

// Env is what the engine asks of the world: deadlines and the organisation. The service implements it with
// the calendar and the organisation store; tests with small fakes. Both must be pure functions of their
// arguments and the data they were built from.
type Env struct {
	Deadlines Deadlines
	Directory Directory
}

// Deadlines turns a step's time limit into instants.
type Deadlines interface {
	// Due returns the due instant of work that starts at start under limit (the calendar's grammar) counted
	// per countFrom (process.CountSameDay, process.CountNextDay or ""), and the instant to remind at.
	Due(start time.Time, limit, countFrom string) (Deadline, error)
	// Extend shifts t by the working time between pausedFrom and pausedTo (a suspension).
	Extend(t, pausedFrom, pausedTo time.Time) time.Time
}

// Deadline is a due instant, its reminder instant, and whether the calendar lacked a year it touches.
type Deadline struct {
	At      time.Time
	Remind  time.Time
	Unknown bool
}

// Directory is the organisation as the engine needs it. Lists come in a stable order.
type Directory interface {
	Person(id string) (Person, bool)
	ByPost(unit, post string) []Person
	ByRole(unit, role string) []Person
	Head(unit string) (Person, bool)     // the unit's head
	Overseer(unit string) (Person, bool) // the office leader in charge of the unit (分管领导)
	Acting(person string, at time.Time) (Person, bool)
}

// Person is one member of staff.
type Person struct {
	ID    string
	Name  string
	Unit  string
	Post  string
	Roles []string
}

// Roles the engine checks.
const (
	RoleSysAdmin     = "系统管理员"
	RoleProcessAdmin = "流程管理员"
	RoleSupervisor   = "督查员"
)

// maxActingHops bounds a chain of acting substitutes (A away, B acts for A, B away too …).
const maxActingHops = 4
