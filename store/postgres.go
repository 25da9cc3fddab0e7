package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("数据库地址 %q 无效：%v", redact(url), err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redact(url), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("连接 PostgreSQL %s 失败：%w", redact(url), err)
	}
	return &DB{dialect: Postgres, url: url, pool: pool}, nil
}

func (db *DB) pgWrite(ctx context.Context, fn func(Tx) error) error {
	return db.pgTx(ctx, pgx.TxOptions{}, true, fn)
}

func (db *DB) pgRead(ctx context.Context, fn func(Tx) error) error {
	return db.pgTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, false, fn)
}

func (db *DB) pgTx(ctx context.Context, opts pgx.TxOptions, write bool, fn func(Tx) error) error {
	ptx, err := db.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// Rollback after a commit is a no-op; it also runs when fn panics.
	defer ptx.Rollback(context.WithoutCancel(ctx))
	tx := &pgTx{tx: ptx}
	if err := fn(tx); err != nil {
		return err
	}
	if write {
		for _, h := range tx.hooks {
			if err := h(ctx); err != nil {
				return err
			}
		}
	}
	if err := ptx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type pgTx struct {
	tx    pgx.Tx
	hooks []func(context.Context) error
}

func (t *pgTx) Exec(ctx context.Context, q string, a ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, q, args(a)...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (t *pgTx) Query(ctx context.Context, q string, a ...any) (Rows, error) {
	rows, err := t.tx.Query(ctx, q, args(a)...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

func (t *pgTx) QueryRow(ctx context.Context, q string, a ...any) Row {
	return pgRow{t.tx.QueryRow(ctx, q, args(a)...)}
}

func (t *pgTx) Dialect() Dialect                                { return Postgres }
func (t *pgTx) BeforeCommit(fn func(ctx context.Context) error) { t.hooks = append(t.hooks, fn) }
func (t *pgTx) SQLTx() *sql.Tx                                  { return nil }
func (t *pgTx) PgxTx() pgx.Tx                                   { return t.tx }

type pgRows struct{ r pgx.Rows }

func (r pgRows) Next() bool             { return r.r.Next() }
func (r pgRows) Scan(dest ...any) error { return scanWith(r.r.Scan, dest) }
func (r pgRows) Err() error             { return r.r.Err() }
func (r pgRows) Close()                 { r.r.Close() }

type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := scanWith(r.r.Scan, dest)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNoRows
	}
	return err
}
