package auth

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/govflow/govflow"
)

// Permission is what a route demands. Every route declares one; the zero Permission is refused when a route is
// registered, so nothing can be reached without a decision. Permissions are granted to roles.
type Permission struct {
	name  string
	title string
	kind  int // kindRoles, kindPublic, kindSignedIn
	roles []govflow.Role
}

const (
	kindRoles = iota + 1
	kindPublic
	kindSignedIn
)

var (
	mu          sync.Mutex
	permissions = map[string]Permission{}
)

// The foundation's permissions. Features define their own with NewPermission, in their own file.
var (
	// Public pages need no sign-in (sign-in page, health checks, static files).
	Public = register(Permission{name: "public", title: "公开访问", kind: kindPublic})
	// SignedIn is anything every signed-in person may do (their own inbox, their own password).
	SignedIn = register(Permission{name: "signed-in", title: "登录用户", kind: kindSignedIn})
	// ManageOrg covers units, people, posts, roles, clearances, 分管, 代理 and account unlocking.
	ManageOrg = NewPermission("org.manage", "管理组织机构、人员与账号", govflow.RoleAdmin)
	// ReadAudit covers reading and verifying the audit trail.
	ReadAudit = NewPermission("audit.read", "查看和校验审计日志", govflow.RoleAdmin)
)

// NewPermission defines a permission granted to the given roles. Call it once per permission, at package
// level; defining a name twice panics.
func NewPermission(name, title string, roles ...govflow.Role) Permission {
	if len(roles) == 0 {
		panic("auth: permission " + name + " grants no role")
	}
	return register(Permission{name: name, title: title, kind: kindRoles, roles: slices.Clone(roles)})
}

func register(p Permission) Permission {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := permissions[p.name]; dup {
		panic(fmt.Sprintf("auth: permission %s defined twice", p.name))
	}
	permissions[p.name] = p
	return p
}

// Permissions lists every defined permission (for the administrator's overview).
func Permissions() []Permission {
	mu.Lock()
	defer mu.Unlock()
	out := make([]Permission, 0, len(permissions))
	for _, p := range permissions {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Permission) int { return strings.Compare(a.name, b.name) })
	return out
}

// IsZero reports an undeclared permission.
func (p Permission) IsZero() bool { return p.kind == 0 }

// Name is the permission's stable identifier, e.g. "org.manage".
func (p Permission) Name() string { return p.name }

// Title is its Chinese description.
func (p Permission) Title() string { return p.title }

// IsPublic reports whether anonymous visitors are allowed.
func (p Permission) IsPublic() bool { return p.kind == kindPublic }

// Roles lists the roles granted this permission (nil for Public and SignedIn).
func (p Permission) Roles() []govflow.Role { return slices.Clone(p.roles) }

// Allows reports whether u (nil when nobody is signed in) holds p.
func (p Permission) Allows(u *User) bool {
	switch p.kind {
	case kindPublic:
		return true
	case kindSignedIn:
		return u != nil
	case kindRoles:
		if u == nil {
			return false
		}
		for _, r := range p.roles {
			if slices.Contains(u.Roles, r) {
				return true
			}
		}
	}
	return false
}
