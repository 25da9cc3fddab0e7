package auth

import (
	"context"
	"fmt"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// User is the signed-in person as the rest of the request sees them.
type User struct {
	ID        string
	Name      string
	UnitID    string
	UnitName  string
	Post      string
	Roles     []govflow.Role
	Clearance govflow.Clearance
}

// Has reports whether the user holds role r.
func (u *User) Has(r govflow.Role) bool {
	for _, x := range u.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// LoadUser reads a person as a User; ENOTFOUND when absent or inactive.
func LoadUser(ctx context.Context, tx store.Tx, id string) (*User, error) {
	u := &User{ID: id}
	var active bool
	var cl int
	err := tx.QueryRow(ctx, `SELECT p.name, p.unit_id, u.name, p.post, p.clearance, p.active
		FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1`, id).
		Scan(&u.Name, &u.UnitID, &u.UnitName, &u.Post, &cl, &active)
	if err == store.ErrNoRows || (err == nil && !active) {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "人员 %s 不存在或已停用", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load user %s: %w", id, err)
	}
	u.Clearance = govflow.Clearance(cl)
	rows, err := tx.Query(ctx, `SELECT role FROM person_roles WHERE person_id = $1 ORDER BY role`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		u.Roles = append(u.Roles, govflow.Role(r))
	}
	return u, rows.Err()
}
