package engine

import (
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// member is one person a step's rules name, with the unit the rule named them through.
type member struct {
	Person string
	Unit   string
}

// resolve returns who a step's `who` names now, in order and without repeats. When the rules name nobody,
// the work goes to the head of the unit the rules name (flagged), else to the head of the process's owner
// unit (flagged); an empty result means not even that exists.
func (r *run) resolve(s *process.Step) ([]member, []string) {
	var out []member
	add := func(person, unit string) {
		if person != "" && !slices.ContainsFunc(out, func(m member) bool { return m.Person == person }) {
			out = append(out, member{Person: person, Unit: unit})
		}
	}
	fallback := ""
	for _, a := range s.Who {
		units := r.unitsOf(a)
		if fallback == "" && len(units) > 0 {
			fallback = units[0]
		}
		switch {
		case a.Initiator:
			add(r.st.Initiator, r.st.InitiatorUnit)
		case a.PersonField != "":
			for _, id := range stringsOf(r.st.Values[a.PersonField]) {
				if p, ok := r.env.Directory.Person(id); ok {
					add(p.ID, p.Unit)
				}
			}
		case a.PerformerOf != "":
			if p, ok := r.env.Directory.Person(r.performer(a.PerformerOf)); ok {
				add(p.ID, p.Unit)
			}
		default:
			for _, u := range units {
				for _, p := range r.inUnit(u, a) {
					add(p.ID, u)
				}
			}
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	if h, ok := r.env.Directory.Head(fallback); ok && fallback != "" {
		return []member{{Person: h.ID, Unit: fallback}}, []string{FlagUnresolved}
	}
	if h, ok := r.env.Directory.Head(r.c.Def.Owner); ok {
		return []member{{Person: h.ID, Unit: r.c.Def.Owner}}, []string{FlagOwnerHead}
	}
	return nil, nil
}

func (r *run) unitsOf(a process.Assignee) []string {
	if a.Unit != "" {
		return []string{a.Unit}
	}
	if a.UnitField != "" {
		return stringsOf(r.st.Values[a.UnitField])
	}
	return nil
}

// inUnit resolves a post or role within one unit. A unit alone means its head.
func (r *run) inUnit(unit string, a process.Assignee) []Person {
	d := r.env.Directory
	switch {
	case a.Post != "" && a.Role != "":
		return slices.DeleteFunc(slices.Clone(d.ByPost(unit, a.Post)), func(p Person) bool { return !hasRole(p, a.Role) })
	case a.Post != "":
		return d.ByPost(unit, a.Post)
	case a.Role == process.RoleOverseer:
		return onePerson(d.Overseer(unit))
	case a.Role == process.RoleUnitHead:
		if h, ok := d.Head(unit); ok {
			return []Person{h}
		}
		return d.ByRole(unit, a.Role)
	case a.Role != "":
		return d.ByRole(unit, a.Role)
	}
	return onePerson(d.Head(unit))
}

func onePerson(p Person, ok bool) []Person {
	if !ok {
		return nil
	}
	return []Person{p}
}

// performer returns who is answerable for the last completion of a step (the initiator for the start step).
func (r *run) performer(step string) string {
	for i := len(r.st.Trail) - 1; i >= 0; i-- {
		p := r.st.Trail[i]
		if p.Step == step {
			return p.Person
		}
	}
	return ""
}

func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []string:
		return x
	}
	return nil
}

// acting follows the organisation's 代理 periods: the person who does the work for person now, and the
// absent person they stand in for ("" when person is present).
func (r *run) acting(person string) (string, string) {
	cur, seen := person, []string{person}
	for range maxActingHops {
		q, ok := r.env.Directory.Acting(cur, r.now)
		if !ok || slices.Contains(seen, q.ID) {
			break
		}
		cur, seen = q.ID, append(seen, q.ID)
	}
	if cur == person {
		return person, ""
	}
	return cur, person
}

func (r *run) unitOf(person string) string {
	if p, ok := r.env.Directory.Person(person); ok {
		return p.Unit
	}
	return ""
}

// poolName describes who a step's rules name, e.g. 秘书处·收发员.
func poolName(s *process.Step) string {
	var parts []string
	for _, a := range s.Who {
		unit := a.Unit
		if unit == "" && a.UnitField != "" {
			unit = "（" + a.UnitField + "）"
		}
		if what := a.Post + a.Role; what != "" && unit != "" {
			parts = append(parts, unit+"·"+what)
		}
	}
	return strings.Join(parts, "、")
}
