// Package store is govflow's database: SQLite (embedded, the default) or PostgreSQL, behind one small
// transaction API that every repository uses. SQL is written once with $1, $2 … placeholders and portable
// types (TEXT, BIGINT, INTEGER; timestamps as BIGINT unix milliseconds UTC; booleans as INTEGER 0/1).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Dialect names the database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNoRows is returned by Row.Scan when the query selected nothing, on both backends.
var ErrNoRows = errors.New("store: no rows")

// Tx is one transaction. Repository code takes a Tx and never opens its own.
type Tx interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
	Dialect() Dialect
	// BeforeCommit queues fn to run, in order, just before the transaction commits (only for writes).
	// A failing fn rolls the whole transaction back. The audit trail uses it to lock its chain head late.
	BeforeCommit(fn func(ctx context.Context) error)
	// SQLTx is the underlying *sql.Tx on SQLite (for riversqlite), nil on PostgreSQL.
	SQLTx() *sql.Tx
	// PgxTx is the underlying pgx.Tx on PostgreSQL (for riverpgxv5), nil on SQLite.
	PgxTx() pgx.Tx
}

// Rows iterates over a query's result. Always Close it (defer rows.Close()) and check Err after the loop.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the result of QueryRow; Scan returns ErrNoRows when there was none.
type Row interface {
	Scan(dest ...any) error
}

// DB is an open database. It is safe for concurrent use.
type DB struct {
	dialect Dialect
	url     string
	writer  *sql.DB // SQLite: one connection, so writes are serialised
	reader  *sql.DB // SQLite: a pool of read-only connections
	pool    *pgxpool.Pool
}

// Dialect tells which database this is, for the rare statement that must differ.
func (db *DB) Dialect() Dialect { return db.dialect }

// URL is the address the database was opened with (without a password).
func (db *DB) URL() string { return redact(db.url) }

// SQLDB is the *sql.DB that writes go through on SQLite (for riversqlite); nil on PostgreSQL.
func (db *DB) SQLDB() *sql.DB { return db.writer }

// Pool is the pgx pool on PostgreSQL (for riverpgxv5); nil on SQLite.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close releases the database.
func (db *DB) Close() error {
	if db.pool != nil {
		db.pool.Close()
		return nil
	}
	return errors.Join(db.reader.Close(), db.writer.Close())
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if db.pool != nil {
		return db.pool.Ping(ctx)
	}
	return db.reader.PingContext(ctx)
}

// Write runs fn in a read-write transaction and commits when fn returns nil; otherwise it rolls back and
// returns fn's error. Never call Write or Read inside fn: pass the Tx on.
func (db *DB) Write(ctx context.Context, fn func(tx Tx) error) error {
	if db.pool != nil {
		return db.pgWrite(ctx, fn)
	}
	return db.sqliteTx(ctx, db.writer, true, fn)
}

// Read runs fn in a read-only transaction (one consistent snapshot).
func (db *DB) Read(ctx context.Context, fn func(tx Tx) error) error {
	if db.pool != nil {
		return db.pgRead(ctx, fn)
	}
	return db.sqliteTx(ctx, db.reader, false, fn)
}

// Open connects to url: "sqlite:PATH" or "postgres://…" (also "postgresql://…").
func Open(ctx context.Context, url string) (*DB, error) {
	kind, target, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	switch kind {
	case SQLite:
		return openSQLite(ctx, url, target)
	default:
		return openPostgres(ctx, url)
	}
}

// ParseURL checks a database address and returns its dialect and target (the file path for SQLite).
// Its error is one line a person can act on.
func ParseURL(url string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(url, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" || strings.Contains(path, "?") || path == ":memory:" {
			return "", "", fmt.Errorf("数据库地址 %q 无效：SQLite 请写成 sqlite:文件路径，例如 sqlite:govflow.db", url)
		}
		return SQLite, path, nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		if _, err := pgxpool.ParseConfig(url); err != nil {
			return "", "", fmt.Errorf("数据库地址 %q 无效：%v", redact(url), err)
		}
		return Postgres, url, nil
	default:
		return "", "", fmt.Errorf("数据库地址 %q 无效：应以 sqlite: 或 postgres:// 开头，例如 sqlite:govflow.db", redact(url))
	}
}

// redact hides a password in a URL.
func redact(u string) string {
	at := strings.LastIndex(u, "@")
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return u
	}
	creds := u[scheme+3 : at]
	if i := strings.Index(creds, ":"); i >= 0 {
		return u[:scheme+3] + creds[:i] + ":***" + u[at:]
	}
	return u
}

// Bool converts 0/1 (how booleans are stored) for callers scanning into int64.
func Bool(i int64) bool { return i != 0 }
