package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// sqliteDSN builds the connection string. WAL lets readers run beside the writer; synchronous=FULL makes every
// commit reach the disk before it is acknowledged, so a power cut loses no acknowledged write.
func sqliteDSN(path string, write bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	if write {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, url, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("打开 SQLite 数据库 %s：目录不存在", path)
		}
	}
	w, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer creates the file and switches it to WAL before any reader opens it.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{dialect: SQLite, url: url, writer: w, reader: r}, nil
}

func (db *DB) sqliteTx(ctx context.Context, conn *sql.DB, write bool, fn func(Tx) error) (err error) {
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &sqliteTx{tx: stx}
	defer func() {
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		stx.Rollback()
		return err
	}
	if write {
		for _, h := range tx.hooks {
			if err := h(ctx); err != nil {
				stx.Rollback()
				return err
			}
		}
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type sqliteTx struct {
	tx    *sql.Tx
	hooks []func(context.Context) error
}

func (t *sqliteTx) Exec(ctx context.Context, q string, a ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, q, args(a)...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t *sqliteTx) Query(ctx context.Context, q string, a ...any) (Rows, error) {
	rows, err := t.tx.QueryContext(ctx, q, args(a)...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (t *sqliteTx) QueryRow(ctx context.Context, q string, a ...any) Row {
	return sqlRow{t.tx.QueryRowContext(ctx, q, args(a)...)}
}

func (t *sqliteTx) Dialect() Dialect                                { return SQLite }
func (t *sqliteTx) BeforeCommit(fn func(ctx context.Context) error) { t.hooks = append(t.hooks, fn) }
func (t *sqliteTx) SQLTx() *sql.Tx                                  { return t.tx }
func (t *sqliteTx) PgxTx() pgx.Tx                                   { return nil }

type sqlRows struct{ r *sql.Rows }

func (r sqlRows) Next() bool             { return r.r.Next() }
func (r sqlRows) Scan(dest ...any) error { return scanWith(r.r.Scan, dest) }
func (r sqlRows) Err() error             { return r.r.Err() }
func (r sqlRows) Close()                 { r.r.Close() }

type sqlRow struct{ r *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := scanWith(r.r.Scan, dest)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoRows
	}
	return err
}
