package store

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// goMigrations are the migrations whose SQL differs between the two databases.
func goMigrations(d Dialect) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(3, &goose.GoFunc{RunTx: execAll(appendOnlyUp[d])}, &goose.GoFunc{RunTx: execAll(appendOnlyDown[d])}),
	}
}

// 00003: the audit log refuses UPDATE and DELETE (and TRUNCATE), so that the trail is append-only by the
// database's own rule, not by convention; the hash chain still shows tampering by anyone who lifts it.
var appendOnlyUp = map[Dialect][]string{
	SQLite: {
		`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
		`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
	},
	Postgres: {
		`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
		`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
		FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
	},
}

var appendOnlyDown = map[Dialect][]string{
	SQLite:   {`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`},
	Postgres: {`DROP TRIGGER audit_log_append_only ON audit_log`, `DROP FUNCTION audit_log_append_only()`},
}

// LiftAppendOnly drops the audit log's protection, as someone with the rights to change the schema could;
// tests use it to show that the hash chain still finds what such a person changes.
func LiftAppendOnly(ctx context.Context, tx Tx, d Dialect) error {
	for _, q := range appendOnlyDown[d] {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func execAll(stmts []string) func(ctx context.Context, tx *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}
}
