package org

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// Directory is an immutable snapshot of the organisation with the lookups the workflow needs. Build it with
// Load (from the database) or NewDirectory (in memory, e.g. in tests); it is safe for concurrent use, and
// every lookup is a map access. Returned values share slices with the snapshot: treat them as read-only.
// Lookups by unit+post and unit+role return active people only, ordered by id.
type Directory struct {
	units      map[string]govflow.Unit
	unitOrder  []string
	unitByName map[string]string
	children   map[string][]string
	people     map[string]govflow.Person
	byPost     map[[2]string][]string
	byRole     map[[2]string][]string
	overseers  map[string][]string // unit id → leader ids
	delegs     map[string][]govflow.Delegation
}

// Load reads a snapshot of the whole organisation in one read transaction.
func Load(ctx context.Context, db *store.DB) (*Directory, error) {
	var d *Directory
	err := db.Read(ctx, func(tx store.Tx) error {
		var err error
		d, err = LoadTx(ctx, tx)
		return err
	})
	return d, err
}

// LoadTx reads a snapshot inside an existing transaction.
func LoadTx(ctx context.Context, tx store.Tx) (*Directory, error) {
	units, err := ListUnits(ctx, tx)
	if err != nil {
		return nil, err
	}
	people, err := ListPeople(ctx, tx)
	if err != nil {
		return nil, err
	}
	dels, err := ListDelegations(ctx, tx, time.Time{})
	if err != nil {
		return nil, err
	}
	return NewDirectory(units, people, dels), nil
}

// NewDirectory builds a snapshot from values (units in display order).
func NewDirectory(units []govflow.Unit, people []govflow.Person, delegations []govflow.Delegation) *Directory {
	d := &Directory{
		units: map[string]govflow.Unit{}, unitByName: map[string]string{}, children: map[string][]string{},
		people: map[string]govflow.Person{}, byPost: map[[2]string][]string{}, byRole: map[[2]string][]string{},
		overseers: map[string][]string{}, delegs: map[string][]govflow.Delegation{},
	}
	for _, u := range units {
		d.units[u.ID] = u
		d.unitOrder = append(d.unitOrder, u.ID)
		d.unitByName[u.Name] = u.ID
		if u.ParentID != "" {
			d.children[u.ParentID] = append(d.children[u.ParentID], u.ID)
		}
	}
	people = slices.Clone(people)
	slices.SortFunc(people, func(a, b govflow.Person) int { return strings.Compare(a.ID, b.ID) })
	for _, p := range people {
		d.people[p.ID] = p
		if !p.Active {
			continue
		}
		d.byPost[[2]string{p.UnitID, p.Post}] = append(d.byPost[[2]string{p.UnitID, p.Post}], p.ID)
		for _, r := range p.Roles {
			k := [2]string{p.UnitID, string(r)}
			d.byRole[k] = append(d.byRole[k], p.ID)
		}
		for _, u := range p.Oversees {
			d.overseers[u] = append(d.overseers[u], p.ID)
		}
	}
	for _, x := range delegations {
		d.delegs[x.PersonID] = append(d.delegs[x.PersonID], x)
	}
	for _, list := range d.delegs {
		slices.SortFunc(list, func(a, b govflow.Delegation) int { return a.From.Compare(b.From) })
	}
	return d
}

// Unit returns a unit by id.
func (d *Directory) Unit(id string) (govflow.Unit, bool) { u, ok := d.units[id]; return u, ok }

// UnitByName returns a unit by its name (processes name units, e.g. 秘书处).
func (d *Directory) UnitByName(name string) (govflow.Unit, bool) {
	id, ok := d.unitByName[name]
	if !ok {
		return govflow.Unit{}, false
	}
	return d.units[id], true
}

// Units returns every unit in display order.
func (d *Directory) Units() []govflow.Unit {
	out := make([]govflow.Unit, len(d.unitOrder))
	for i, id := range d.unitOrder {
		out[i] = d.units[id]
	}
	return out
}

// Children returns the ids of a unit's direct sub-units.
func (d *Directory) Children(id string) []string { return d.children[id] }

// Person returns a person (active or not) by id.
func (d *Directory) Person(id string) (govflow.Person, bool) { p, ok := d.people[id]; return p, ok }

// People returns every person, ordered by id.
func (d *Directory) People() []govflow.Person {
	out := make([]govflow.Person, 0, len(d.people))
	for _, p := range d.people {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b govflow.Person) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func (d *Directory) resolve(ids []string) []govflow.Person {
	out := make([]govflow.Person, len(ids))
	for i, id := range ids {
		out[i] = d.people[id]
	}
	return out
}

// ByPost returns the active people holding post in the unit.
func (d *Directory) ByPost(unitID, post string) []govflow.Person {
	return d.resolve(d.byPost[[2]string{unitID, post}])
}

// ByRole returns the active people of the unit holding role.
func (d *Directory) ByRole(unitID string, role govflow.Role) []govflow.Person {
	return d.resolve(d.byRole[[2]string{unitID, string(role)}])
}

// Head returns the head of a unit, when set and active.
func (d *Directory) Head(unitID string) (govflow.Person, bool) {
	u, ok := d.units[unitID]
	if !ok || u.HeadID == "" {
		return govflow.Person{}, false
	}
	p, ok := d.people[u.HeadID]
	return p, ok && p.Active
}

// Overseer returns the office leader in charge of a unit (分管领导): the first active leader who oversees
// it, else the overseer of its parent, else the head of the top unit.
func (d *Directory) Overseer(unitID string) (govflow.Person, bool) {
	id := unitID
	for range len(d.units) + 1 {
		u, ok := d.units[id]
		if !ok {
			return govflow.Person{}, false
		}
		if ids := d.overseers[id]; len(ids) > 0 {
			return d.people[ids[0]], true
		}
		if u.ParentID == "" {
			if id == unitID {
				return govflow.Person{}, false
			}
			return d.Head(id)
		}
		id = u.ParentID
	}
	return govflow.Person{}, false
}

// Delegations returns a person's 代理 periods, earliest first.
func (d *Directory) Delegations(personID string) []govflow.Delegation { return d.delegs[personID] }

// Acting returns who does personID's work at instant t: the acting person of the 代理 period in force,
// followed along a chain when the acting person is away too (at most as many steps as there are people, so a
// cycle ends). ok is false when personID is not away at t.
func (d *Directory) Acting(personID string, t time.Time) (govflow.Person, bool) {
	cur, seen := personID, map[string]bool{personID: true}
	for {
		next := ""
		for _, x := range d.delegs[cur] {
			if x.Covers(t) {
				next = x.ActingID
				break
			}
		}
		if next == "" || seen[next] {
			break
		}
		seen[next] = true
		cur = next
	}
	if cur == personID {
		return govflow.Person{}, false
	}
	p, ok := d.people[cur]
	return p, ok
}
