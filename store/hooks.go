package store

import (
	"context"
	"fmt"
	"sync"
)

// Migrator migrates tables that a library keeps itself (the job queue's), after govflow's own migrations.
// A package that uses such a library registers one in init; Migrate and Pending then include it.
type Migrator struct {
	Name    string
	Up      func(ctx context.Context, db *DB) (applied int, err error)
	Pending func(ctx context.Context, db *DB) (int, error)
}

var (
	migratorsMu sync.Mutex
	migratorsL  []Migrator
)

// RegisterMigrator adds m; names must be unique.
func RegisterMigrator(m Migrator) {
	migratorsMu.Lock()
	defer migratorsMu.Unlock()
	for _, x := range migratorsL {
		if x.Name == m.Name {
			panic("store: migrator registered twice: " + m.Name)
		}
	}
	migratorsL = append(migratorsL, m)
}

func migrators() []Migrator {
	migratorsMu.Lock()
	defer migratorsMu.Unlock()
	return append([]Migrator(nil), migratorsL...)
}

func (db *DB) migrateLibraries(ctx context.Context) (int, error) {
	n := 0
	for _, m := range migrators() {
		k, err := m.Up(ctx, db)
		n += k
		if err != nil {
			return n, fmt.Errorf("migrate %s: %w", m.Name, err)
		}
	}
	return n, nil
}

func (db *DB) pendingLibraries(ctx context.Context) (int, error) {
	n := 0
	for _, m := range migrators() {
		k, err := m.Pending(ctx, db)
		if err != nil {
			return n, fmt.Errorf("migration status of %s: %w", m.Name, err)
		}
		n += k
	}
	return n, nil
}
