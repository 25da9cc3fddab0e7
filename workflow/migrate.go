package workflow

import (
	"context"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/govflow/govflow/store"
)

// River keeps its jobs in its own tables, migrated by rivermigrate as part of govflow's migrations
// (govflow migrate, serve, and the store tests).
func init() {
	store.RegisterMigrator(store.Migrator{Name: "river", Up: riverUp, Pending: riverPending})
}

// riverLock serialises River's migrations when several servers start at once on one PostgreSQL database.
const riverLock = 0x676f76666c6f77 // "govflow"

func riverUp(ctx context.Context, db *store.DB) (int, error) {
	if db.Dialect() == store.SQLite {
		m, err := rivermigrate.New(riversqlite.New(db.SQLDB()), nil)
		if err != nil {
			return 0, err
		}
		res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err != nil {
			return 0, err
		}
		return len(res.Versions), nil
	}
	m, err := rivermigrate.New(riverpgxv5.New(db.Pool()), nil)
	if err != nil {
		return 0, err
	}
	// River applies each version in its own transaction (an enum value it adds cannot be used in the
	// transaction that adds it); a session lock held on one connection serialises whole runs.
	conn, err := db.Pool().Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(riverLock)); err != nil {
		return 0, err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(riverLock))
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, err
	}
	return len(res.Versions), nil
}

func riverPending(ctx context.Context, db *store.DB) (int, error) {
	var ok bool
	var err error
	if db.Dialect() == store.SQLite {
		ok, err = validate(ctx, riversqlite.New(db.SQLDB()))
	} else {
		ok, err = validate(ctx, riverpgxv5.New(db.Pool()))
	}
	if err != nil || ok {
		return 0, err
	}
	return 1, nil
}

func validate[TTx any](ctx context.Context, d riverdriver.Driver[TTx]) (bool, error) {
	m, err := rivermigrate.New(d, nil)
	if err != nil {
		return false, err
	}
	res, err := m.Validate(ctx)
	if err != nil {
		return false, err
	}
	return res.OK, nil
}
