package lint

import (
	"slices"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/process"
)

// Directory is the organisation as the linter needs it: which units, posts and roles exist, and which posts
// somebody holds in a unit. Lists need no order.
type Directory interface {
	Units() []string
	Posts() []string
	Roles() []string
	// UnitPosts returns the posts held by somebody in the unit.
	UnitPosts(unit string) []string
}

// Org is a Directory held in memory, built from the demo office or from the organisation store.
type Org struct {
	UnitNames []string
	PostNames []string
	RoleNames []string
	Staff     map[string][]string // unit name → posts held there
}

func (o *Org) Units() []string                { return o.UnitNames }
func (o *Org) Posts() []string                { return o.PostNames }
func (o *Org) Roles() []string                { return o.RoleNames }
func (o *Org) UnitPosts(unit string) []string { return o.Staff[unit] }

// FromOffice builds the directory of an office as written in the demo's format; the roles are the system
// roles and those people hold.
func FromOffice(office *demo.Office) *Org {
	o := &Org{PostNames: slices.Clone(office.Posts), Staff: map[string][]string{}}
	for _, u := range office.Units {
		o.UnitNames = append(o.UnitNames, u.Name)
	}
	for _, r := range govflow.Roles {
		o.RoleNames = append(o.RoleNames, string(r))
	}
	for _, p := range office.People {
		if p.Post != "" && !slices.Contains(o.Staff[p.Unit], p.Post) {
			o.Staff[p.Unit] = append(o.Staff[p.Unit], p.Post)
		}
		if p.Post != "" && !slices.Contains(o.PostNames, p.Post) {
			o.PostNames = append(o.PostNames, p.Post)
		}
		for _, r := range p.Roles {
			if !slices.Contains(o.RoleNames, r) {
				o.RoleNames = append(o.RoleNames, r)
			}
		}
	}
	return o
}

// DemoDirectory is the directory of the demo office, the default of `govflow lint`.
func DemoDirectory() (*Org, error) {
	office, err := demo.LoadOffice()
	if err != nil {
		return nil, err
	}
	return FromOffice(office), nil
}

// relativeRoles are resolved from a unit rather than held: its head and the leader who oversees it.
var relativeRoles = []string{process.RoleUnitHead, process.RoleOverseer}
