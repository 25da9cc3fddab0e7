package engine

import (
	"slices"
	"testing"
	"time"

	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
)

// TestModelShippedCatalog runs the model-based test on every process shipped with govflow, with the demo
// office as the organisation: random commands the state allows, invariants after each.
func TestModelShippedCatalog(t *testing.T) {
	defs, err := catalog.Shipped()
	if err != nil {
		t.Skipf("the shipped catalog does not load (being edited?): %v", err)
	}
	office, err := demo.LoadOffice()
	if err != nil {
		t.Skipf("the demo office does not load: %v", err)
	}
	dir := newDemoDir(office)
	env := Env{Deadlines: testDeadlines{}, Directory: dir}
	var units []string
	for _, u := range office.Units {
		units = append(units, u.Name)
	}
	runs := max(1, cases()/100)
	stats := map[string]int{}
	for i, def := range defs {
		head, _ := dir.Head(def.Owner)
		w := world{def: def, env: env, starter: head.ID, people: peopleOf(dir.people), readers: peopleOf(dir.people),
			units: units}
		for k := range runs {
			seed := *modelSeed + uint64(1000*i+k)
			if !runModel(t, w, seed, stats) {
				t.Fatalf("model case failed on %s; reproduce with: go test ./engine/ -run ModelShipped -model.seed=%d -model.cases=100 -v",
					def.ID, seed)
			}
		}
	}
	logStats(t, len(defs)*runs, stats)
}

// demoDir is the demo office as a Directory; its 代理 periods count from t0.
type demoDir struct {
	people   []Person
	heads    map[string]string
	oversee  map[string]string
	office   *demo.Office
	delegate []demo.Delegation
}

func newDemoDir(o *demo.Office) *demoDir {
	d := &demoDir{heads: map[string]string{}, oversee: map[string]string{}, office: o, delegate: o.Delegations}
	for _, u := range o.Units {
		d.heads[u.Name] = u.Head
	}
	for _, p := range o.People {
		d.people = append(d.people, Person{ID: p.ID, Name: p.Name, Unit: p.Unit, Post: p.Post, Roles: p.Roles})
		for _, u := range p.Oversees {
			d.oversee[u] = p.ID
		}
	}
	return d
}

func (d *demoDir) Person(id string) (Person, bool) {
	i := slices.IndexFunc(d.people, func(p Person) bool { return p.ID == id })
	if i < 0 {
		return Person{}, false
	}
	return d.people[i], true
}

func (d *demoDir) ByPost(unit, post string) []Person {
	var out []Person
	for _, p := range d.people {
		if p.Unit == unit && p.Post == post {
			out = append(out, p)
		}
	}
	return out
}

func (d *demoDir) ByRole(unit, role string) []Person {
	var out []Person
	for _, p := range d.people {
		if (p.Unit == unit || unit == "") && hasRole(p, role) {
			out = append(out, p)
		}
	}
	return out
}

func (d *demoDir) Head(unit string) (Person, bool)     { return d.Person(d.heads[unit]) }
func (d *demoDir) Overseer(unit string) (Person, bool) { return d.Person(d.oversee[unit]) }

func (d *demoDir) Acting(person string, at time.Time) (Person, bool) {
	for _, g := range d.delegate {
		from, to := t0.AddDate(0, 0, g.FromDays), t0.AddDate(0, 0, g.ToDays)
		if g.Person == person && !at.Before(from) && at.Before(to) {
			return d.Person(g.Acting)
		}
	}
	return Person{}, false
}
