package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrations are the SQL files in migrations/, one set for both databases, applied in version order by goose.
// Version ranges keep features apart: 00001–00099 foundation, 00100–00199 calendar, 00200–00299 catalog,
// 00300–00399 engine and workflow, 00400 and up later features. Out-of-order application is allowed, so a
// lower-numbered file added later is still applied.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies every pending migration and returns how many it applied. On PostgreSQL an advisory lock
// lets several servers start at once.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, done, err := db.provider()
	if err != nil {
		return 0, err
	}
	defer done()
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	n, err := db.migrateLibraries(ctx)
	return len(res) + n, err
}

// Pending reports how many migrations are not yet applied (readiness: a server with pending ones is not ready).
func (db *DB) Pending(ctx context.Context) (int, error) {
	p, done, err := db.provider()
	if err != nil {
		return 0, err
	}
	defer done()
	st, err := p.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("migration status: %w", err)
	}
	n, err := db.pendingLibraries(ctx)
	for _, s := range st {
		if s.State == goose.StatePending {
			n++
		}
	}
	return n, err
}

func (db *DB) provider() (*goose.Provider, func(), error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, nil, err
	}
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true), goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations(db.Dialect())...)}
	var sdb *sql.DB
	var dialect goose.Dialect
	done := func() {}
	if db.pool != nil {
		sdb = stdlib.OpenDBFromPool(db.pool)
		done = func() { sdb.Close() }
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	} else {
		sdb = db.writer
		dialect = goose.DialectSQLite3
	}
	p, err := goose.NewProvider(dialect, sdb, sub, opts...)
	if err != nil {
		done()
		return nil, nil, fmt.Errorf("migrations: %w", err)
	}
	return p, done, nil
}
