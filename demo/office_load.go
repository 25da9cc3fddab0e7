package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
)

func init() {
	Register(Loader{Name: "office", Order: 0, Run: loadOffice})
}

// ErrOrgNotEmpty is returned when the demo office would be loaded over an existing organisation.
var ErrOrgNotEmpty = errors.New("demo: the database already has an organisation")

// loadOffice writes the demo organisation, with one account per person, in a single transaction.
// It refuses a database that already has units, so it never mixes the demo with a real office.
func loadOffice(ctx context.Context, env Env) error {
	o, err := LoadOffice()
	if err != nil {
		return err
	}
	hash := auth.HashPassword(env.Password, env.Params)
	now := env.Now
	return env.DB.Write(ctx, func(tx store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM units`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrOrgNotEmpty
		}
		if err := store.SetSetting(ctx, tx, "office.name", o.Name); err != nil {
			return err
		}
		for i, p := range o.Posts {
			if err := org.EnsurePost(ctx, tx, p, i+1); err != nil {
				return err
			}
		}
		ids := map[string]string{}
		for i, u := range o.Units {
			ids[u.Name] = u.ID
			parent := ""
			for _, x := range o.Units {
				if x.ID == u.Parent {
					parent = x.ID
				}
			}
			if err := org.InsertUnit(ctx, tx, govflow.Unit{ID: u.ID, Name: u.Name, ParentID: parent, Sort: i + 1}, now); err != nil {
				return err
			}
		}
		for _, p := range o.People {
			gp, err := person(p, ids)
			if err != nil {
				return err
			}
			if err := org.InsertPerson(ctx, tx, gp, now); err != nil {
				return err
			}
			if err := auth.SetPassword(ctx, tx, p.ID, hash, true, now); err != nil {
				return err
			}
		}
		for _, u := range o.Units {
			if err := org.SetUnitHead(ctx, tx, u.ID, u.Head, now); err != nil {
				return err
			}
		}
		day := startOfDay(now)
		for i, d := range o.Delegations {
			dg := govflow.Delegation{ID: fmt.Sprintf("demo-%d", i+1), PersonID: d.Person, ActingID: d.Acting,
				From: day.AddDate(0, 0, d.FromDays), To: day.AddDate(0, 0, d.ToDays+1), Reason: d.Reason}
			if err := org.InsertDelegation(ctx, tx, dg, now); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: "system", Action: "demo.office.load", Object: "office",
			Detail: fmt.Sprintf("载入演示机构“%s”：%d 个处室，%d 人", o.Name, len(o.Units), len(o.People)), At: now})
	})
}

func person(p Person, units map[string]string) (govflow.Person, error) {
	gp := govflow.Person{ID: p.ID, Name: p.Name, UnitID: units[p.Unit], Post: p.Post, Active: true}
	if gp.UnitID == "" {
		return gp, fmt.Errorf("demo person %s: unknown unit %s", p.ID, p.Unit)
	}
	for _, r := range p.Roles {
		role, ok := govflow.ParseRole(r)
		if !ok {
			return gp, fmt.Errorf("demo person %s: unknown role %s", p.ID, r)
		}
		gp.Roles = append(gp.Roles, role)
	}
	c, ok := govflow.ParseClearance(p.Clearance)
	if !ok {
		return gp, fmt.Errorf("demo person %s: unknown clearance %s", p.ID, p.Clearance)
	}
	gp.Clearance = c
	for _, u := range p.Oversees {
		gp.Oversees = append(gp.Oversees, units[u])
	}
	return gp, nil
}

// startOfDay is midnight of t's day in Beijing.
func startOfDay(t time.Time) time.Time {
	b := t.In(calendar.Beijing)
	return time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, calendar.Beijing)
}
