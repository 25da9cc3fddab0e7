package demo

import "testing"

func TestOfficeIsConsistent(t *testing.T) {
	o, err := LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]bool{}
	for _, u := range o.Units {
		units[u.Name] = true
	}
	ids := map[string]bool{}
	for _, p := range o.People {
		if ids[p.ID] {
			t.Errorf("person %s twice", p.ID)
		}
		ids[p.ID] = true
		if !units[p.Unit] {
			t.Errorf("%s: unknown unit %s", p.ID, p.Unit)
		}
		for _, u := range p.Oversees {
			if !units[u] {
				t.Errorf("%s oversees unknown unit %s", p.ID, u)
			}
		}
	}
	for _, u := range o.Units {
		if !ids[u.Head] {
			t.Errorf("unit %s: unknown head %s", u.Name, u.Head)
		}
	}
	if len(o.Units) < 10 || len(o.People) < 40 {
		t.Errorf("demo office too small: %d units, %d people", len(o.Units), len(o.People))
	}
}
