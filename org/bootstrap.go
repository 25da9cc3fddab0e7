package org

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/store"
)

// Bootstrap gives an empty database its first administrator, so that a real office can start without the
// demo: a top unit named office and the account "admin" (系统管理员) with a random initial password that
// must be changed at first sign-in. It does nothing when any account exists (created is false).
func Bootstrap(ctx context.Context, db *store.DB, office string, now time.Time, p auth.Params) (login, password string, created bool, err error) {
	password = randomPassword()
	hash := auth.HashPassword(password, p)
	err = db.Write(ctx, func(tx store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n); err != nil || n > 0 {
			return err
		}
		var units int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM units`).Scan(&units); err != nil {
			return err
		}
		top := "root"
		if units == 0 {
			if err := InsertUnit(ctx, tx, govflow.Unit{ID: top, Name: office, Sort: 1}, now); err != nil {
				return err
			}
			if err := store.SetSetting(ctx, tx, "office.name", office); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, `SELECT id FROM units ORDER BY sort, name LIMIT 1`).Scan(&top); err != nil {
			return err
		}
		if err := EnsurePost(ctx, tx, "系统管理员", 1); err != nil {
			return err
		}
		p := govflow.Person{ID: "admin", Name: "系统管理员", UnitID: top, Post: "系统管理员", Roles: []govflow.Role{govflow.RoleAdmin},
			Clearance: govflow.ClearanceNone, Active: true}
		if err := InsertPerson(ctx, tx, p, now); err != nil {
			return err
		}
		if err := auth.SetPassword(ctx, tx, p.ID, hash, true, now); err != nil {
			return err
		}
		created = true
		return audit.Append(ctx, tx, audit.Entry{Actor: "system", Action: "org.bootstrap", Object: "person:admin",
			Detail: "创建首个系统管理员账号", At: now})
	})
	return "admin", password, created, err
}

func randomPassword() string {
	const letters = "abcdefghjkmnpqrstuvwxyz"
	const digits = "23456789"
	b := make([]byte, 12)
	rand.Read(b)
	out := make([]byte, len(b))
	for i, x := range b {
		if i%4 == 3 {
			out[i] = digits[int(x)%len(digits)]
		} else {
			out[i] = letters[int(x)%len(letters)]
		}
	}
	return string(out)
}
