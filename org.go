package govflow

import "time"

// Role is a system role. Roles grant permissions (see package auth); posts (岗位) do not.
type Role string

// The system roles.
const (
	RoleAdmin        Role = "系统管理员"
	RoleLeader       Role = "厅领导"
	RoleUnitHead     Role = "处室负责人"
	RoleStaff        Role = "工作人员"
	RoleSupervisor   Role = "督查员"
	RoleWindow       Role = "窗口人员"
	RoleProcessAdmin Role = "流程管理员"
)

// Roles lists every system role in display order.
var Roles = []Role{RoleAdmin, RoleLeader, RoleUnitHead, RoleStaff, RoleSupervisor, RoleWindow, RoleProcessAdmin}

// ParseRole returns the role named s, or false.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Clearance is a person's security clearance (涉密等级). Higher values may read more.
type Clearance int

// Clearances from lowest to highest. The zero value is 非密.
const (
	ClearanceNone         Clearance = iota // 非密
	ClearanceSecret                        // 秘密
	ClearanceConfidential                  // 机密
	ClearanceTopSecret                     // 绝密
)

var clearanceNames = [...]string{"非密", "秘密", "机密", "绝密"}

// Clearances lists every clearance from highest to lowest, the order forms show them in.
var Clearances = []Clearance{ClearanceTopSecret, ClearanceConfidential, ClearanceSecret, ClearanceNone}

func (c Clearance) String() string {
	if c < 0 || int(c) >= len(clearanceNames) {
		return "未知"
	}
	return clearanceNames[c]
}

// ParseClearance reads 绝密/机密/秘密/非密.
func ParseClearance(s string) (Clearance, bool) {
	for i, n := range clearanceNames {
		if n == s {
			return Clearance(i), true
		}
	}
	return 0, false
}

// Permits reports whether a holder of c may read material classified at level.
func (c Clearance) Permits(level Clearance) bool { return c >= level }

// Unit is one unit (处室) of the office tree. ParentID is empty for the root.
type Unit struct {
	ID       string
	Name     string
	ParentID string
	HeadID   string // the person who heads the unit; empty when unset
	Sort     int
}

// Person is a member of staff.
type Person struct {
	ID        string // also the sign-in name
	Name      string
	UnitID    string
	Post      string // 岗位, e.g. 处长, 收发员
	Roles     []Role
	Clearance Clearance
	Oversees  []string // unit ids this leader is in charge of (分管)
	Active    bool
}

// HasRole reports whether p holds r.
func (p *Person) HasRole(r Role) bool {
	for _, x := range p.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Delegation is a 代理 period: between From and To (half-open, [From, To)) ActingID does PersonID's work.
type Delegation struct {
	ID       string
	PersonID string
	ActingID string
	From     time.Time
	To       time.Time
	Reason   string
}

// Covers reports whether the delegation is in force at t.
func (d *Delegation) Covers(t time.Time) bool { return !t.Before(d.From) && t.Before(d.To) }

// Actor is who performs a command and from where, for permission checks and the audit trail.
type Actor struct {
	ID string // person id; "system" or "cli" for the server and the command line
	IP string
}
