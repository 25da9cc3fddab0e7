// Package org keeps the office's organisation: the unit tree, people with their posts, roles and clearances,
// 分管 (which leader oversees which units), unit heads and 代理 periods. Service changes it (validated,
// audited); Directory is an immutable in-memory snapshot for lookups.
package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// ListUnits returns every unit ordered by sort, then name.
func ListUnits(ctx context.Context, tx store.Tx) ([]govflow.Unit, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, COALESCE(parent_id, ''), head_id, sort FROM units ORDER BY sort, name`)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var out []govflow.Unit
	for rows.Next() {
		var u govflow.Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.ParentID, &u.HeadID, &u.Sort); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ListPeople returns every person (active or not) with roles and 分管, ordered by unit then name.
func ListPeople(ctx context.Context, tx store.Tx) ([]govflow.Person, error) {
	rows, err := tx.Query(ctx, `SELECT p.id, p.name, p.unit_id, p.post, p.clearance, p.active
		FROM people p JOIN units u ON u.id = p.unit_id ORDER BY u.sort, u.name, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	var out []govflow.Person
	idx := map[string]int{}
	for rows.Next() {
		var p govflow.Person
		var cl int
		if err := rows.Scan(&p.ID, &p.Name, &p.UnitID, &p.Post, &cl, &p.Active); err != nil {
			rows.Close()
			return nil, err
		}
		p.Clearance = govflow.Clearance(cl)
		idx[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = pairs(ctx, tx, `SELECT person_id, role FROM person_roles ORDER BY person_id, role`, func(id, v string) {
		if i, ok := idx[id]; ok {
			out[i].Roles = append(out[i].Roles, govflow.Role(v))
		}
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		slices.SortFunc(out[i].Roles, roleOrder)
	}
	err = pairs(ctx, tx, `SELECT o.leader_id, o.unit_id FROM oversight o JOIN units u ON u.id = o.unit_id ORDER BY o.leader_id, u.sort, u.name`,
		func(id, v string) {
			if i, ok := idx[id]; ok {
				out[i].Oversees = append(out[i].Oversees, v)
			}
		})
	return out, err
}

func roleOrder(a, b govflow.Role) int {
	return slices.Index(govflow.Roles, a) - slices.Index(govflow.Roles, b)
}

func pairs(ctx context.Context, tx store.Tx, q string, fn func(a, b string), args ...any) error {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}

// GetPerson returns one person; ENOTFOUND when absent.
func GetPerson(ctx context.Context, tx store.Tx, id string) (govflow.Person, error) {
	var p govflow.Person
	var cl int
	err := tx.QueryRow(ctx, `SELECT id, name, unit_id, post, clearance, active FROM people WHERE id = $1`, id).
		Scan(&p.ID, &p.Name, &p.UnitID, &p.Post, &cl, &p.Active)
	if errors.Is(err, store.ErrNoRows) {
		return p, govflow.Errorf(govflow.ENOTFOUND, "人员“%s”不存在。", id)
	}
	if err != nil {
		return p, fmt.Errorf("get person %s: %w", id, err)
	}
	p.Clearance = govflow.Clearance(cl)
	err = pairs(ctx, tx, `SELECT person_id, role FROM person_roles WHERE person_id = $1`, func(_, r string) {
		p.Roles = append(p.Roles, govflow.Role(r))
	}, id)
	if err != nil {
		return p, err
	}
	slices.SortFunc(p.Roles, roleOrder)
	err = pairs(ctx, tx, `SELECT leader_id, unit_id FROM oversight WHERE leader_id = $1 ORDER BY unit_id`, func(_, u string) {
		p.Oversees = append(p.Oversees, u)
	}, id)
	return p, err
}

// GetUnit returns one unit; ENOTFOUND when absent.
func GetUnit(ctx context.Context, tx store.Tx, id string) (govflow.Unit, error) {
	var u govflow.Unit
	err := tx.QueryRow(ctx, `SELECT id, name, COALESCE(parent_id, ''), head_id, sort FROM units WHERE id = $1`, id).
		Scan(&u.ID, &u.Name, &u.ParentID, &u.HeadID, &u.Sort)
	if errors.Is(err, store.ErrNoRows) {
		return u, govflow.Errorf(govflow.ENOTFOUND, "处室“%s”不存在。", id)
	}
	return u, err
}

// ListPosts returns the posts (岗位) in display order.
func ListPosts(ctx context.Context, tx store.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT name FROM posts ORDER BY sort, name`)
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ListDelegations returns the 代理 periods that end after since, soonest first (zero since: all).
func ListDelegations(ctx context.Context, tx store.Tx, since time.Time) ([]govflow.Delegation, error) {
	rows, err := tx.Query(ctx, `SELECT id, person_id, acting_id, from_at, to_at, reason FROM delegations
		WHERE to_at > $1 ORDER BY from_at, id`, since)
	if err != nil {
		return nil, fmt.Errorf("list delegations: %w", err)
	}
	defer rows.Close()
	var out []govflow.Delegation
	for rows.Next() {
		var d govflow.Delegation
		if err := rows.Scan(&d.ID, &d.PersonID, &d.ActingID, &d.From, &d.To, &d.Reason); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
