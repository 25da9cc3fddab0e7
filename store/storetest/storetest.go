// Package storetest runs store tests against every database available: always a fresh SQLite file, and
// PostgreSQL too when GOVFLOW_TEST_POSTGRES holds a URL (each test gets its own new database, dropped after).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/govflow/govflow/store"
)

// EnvPostgres names the environment variable holding the PostgreSQL server to test against, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. The user must be allowed to create databases.
const EnvPostgres = "GOVFLOW_TEST_POSTGRES"

// Each runs fn as a subtest per backend ("sqlite", "postgres") on a fresh, migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv(EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite opens a fresh migrated database in a temporary file, closed when the test ends.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	return open(t, "sqlite:"+path)
}

// Postgres creates a fresh database on the server in GOVFLOW_TEST_POSTGRES, migrates it, and drops it when
// the test ends. The test is skipped when the variable is unset.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip(EnvPostgres + " is not set: skipping the PostgreSQL run")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	name := "govflow_test_" + randomHex(6)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect %s: %v", EnvPostgres, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close(ctx)
		t.Fatalf("create database: %v", err)
	}
	u.Path = "/" + name
	db := open(t, u.String())
	t.Cleanup(func() {
		// Cleanups run last-registered first: this one before open's, so close the pool here, then drop.
		db.Close()
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close(ctx)
	})
	return db
}

func open(t testing.TB, u string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
