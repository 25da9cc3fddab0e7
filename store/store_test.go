package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in      string
		dialect store.Dialect
		target  string
		bad     bool
	}{
		{in: "sqlite:govflow.db", dialect: store.SQLite, target: "govflow.db"},
		{in: "sqlite:///var/lib/govflow.db", dialect: store.SQLite, target: "/var/lib/govflow.db"},
		{in: "postgres://u:p@localhost/x", dialect: store.Postgres, target: "postgres://u:p@localhost/x"},
		{in: "postgresql://localhost/x?sslmode=disable", dialect: store.Postgres, target: "postgresql://localhost/x?sslmode=disable"},
		{in: "sqlite:", bad: true},
		{in: "sqlite::memory:", bad: true},
		{in: "mysql://x", bad: true},
		{in: "govflow.db", bad: true},
		{in: "", bad: true},
		{in: "postgres://localhost:notaport/x", bad: true},
	} {
		d, target, err := store.ParseURL(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: accepted", tc.in)
			}
			continue
		}
		if err != nil || d != tc.dialect || target != tc.target {
			t.Errorf("%q: got %v %q %v", tc.in, d, target, err)
		}
	}
}

func TestRedactsPassword(t *testing.T) {
	_, _, err := store.ParseURL("postgres://u:secret@host:bad/x")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("password leaked or no error: %v", err)
	}
}

func TestTransactions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if n, err := db.Pending(ctx); err != nil || n != 0 {
			t.Fatalf("pending after migrate: %d %v", n, err)
		}
		if n, err := db.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second migrate applied %d: %v", n, err)
		}
		at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		err := db.Write(ctx, func(tx store.Tx) error {
			n, err := tx.Exec(ctx, `INSERT INTO posts (name, sort) VALUES ($1, $2), ($3, $2)`, "处长", 1, "科员")
			if err != nil || n != 2 {
				return fmt.Errorf("insert: %d %w", n, err)
			}
			return store.SetSetting(ctx, tx, "t", "1")
		})
		if err != nil {
			t.Fatal(err)
		}
		// A failing function rolls everything back.
		boom := errors.New("boom")
		err = db.Write(ctx, func(tx store.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO posts (name) VALUES ($1)`, "文秘"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("error not passed through: %v", err)
		}
		// A failing BeforeCommit hook rolls back too; hooks run in order.
		var order []int
		err = db.Write(ctx, func(tx store.Tx) error {
			tx.BeforeCommit(func(context.Context) error { order = append(order, 1); return nil })
			tx.BeforeCommit(func(context.Context) error { order = append(order, 2); return boom })
			_, err := tx.Exec(ctx, `INSERT INTO posts (name) VALUES ($1)`, "收发员")
			return err
		})
		if !errors.Is(err, boom) || len(order) != 2 || order[0] != 1 {
			t.Fatalf("hooks: %v %v", order, err)
		}
		err = db.Read(ctx, func(tx store.Tx) error {
			rows, err := tx.Query(ctx, `SELECT name FROM posts WHERE sort >= $1 ORDER BY name`, 0)
			if err != nil {
				return err
			}
			defer rows.Close()
			var names []string
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					return err
				}
				names = append(names, n)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if len(names) != 2 {
				return fmt.Errorf("rolled-back rows visible: %v", names)
			}
			var v string
			if err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, "none").Scan(&v); !errors.Is(err, store.ErrNoRows) {
				return fmt.Errorf("want ErrNoRows, got %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Booleans and times are stored as integers and read back into bool and time.Time.
		err = db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO units (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, "u1", "办公厅", at)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO people (id, name, unit_id, post, active, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, "p1", "王建国", "u1", "主任", false, at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Read(ctx, func(tx store.Tx) error {
			var active bool
			var created time.Time
			var ms int64
			if err := tx.QueryRow(ctx, `SELECT active, created_at, created_at FROM people WHERE id = $1`, "p1").Scan(&active, &created, &ms); err != nil {
				return err
			}
			if active || !created.Equal(at) || ms != at.UnixMilli() {
				return fmt.Errorf("round trip: %v %v %d", active, created, ms)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Constraint violations are recognisable on both backends.
		err = db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO posts (name) VALUES ($1)`, "处长")
			return err
		})
		if !store.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
		err = db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO person_roles (person_id, role) VALUES ($1, $2)`, "nobody", "厅领导")
			return err
		})
		if !store.IsForeignKeyViolation(err) {
			t.Fatalf("want foreign key violation, got %v", err)
		}
	})
}

// Concurrent read-modify-write transactions never lose an update on either backend.
func TestConcurrentWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Write(ctx, func(tx store.Tx) error { return store.SetSetting(ctx, tx, "counter", "0") }); err != nil {
			t.Fatal(err)
		}
		lock := ""
		if db.Dialect() == store.Postgres {
			lock = " FOR UPDATE"
		}
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for range 20 {
			wg.Go(func() {
				errs <- db.Write(ctx, func(tx store.Tx) error {
					var v int
					if err := tx.QueryRow(ctx, `SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'counter'`+lock).Scan(&v); err != nil {
						return err
					}
					return store.SetSetting(ctx, tx, "counter", fmt.Sprint(v+1))
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		err := db.Read(ctx, func(tx store.Tx) error {
			v, _, err := store.Setting(ctx, tx, "counter")
			if v != "20" {
				return fmt.Errorf("counter %s", v)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Data written and committed survives closing and reopening the file.
func TestSQLiteDurableAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := "sqlite:" + t.TempDir() + "/d.db"
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx store.Tx) error { return store.SetSetting(ctx, tx, "k", "v") }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Read(ctx, func(tx store.Tx) error {
		var mode string
		if err := tx.QueryRow(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			return fmt.Errorf("journal mode %q %v", mode, err)
		}
		v, ok, err := store.Setting(ctx, tx, "k")
		if !ok || v != "v" {
			return fmt.Errorf("lost write: %q %v %v", v, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	_, err := store.Open(context.Background(), "sqlite:"+t.TempDir()+"/no/such/dir/x.db")
	if err == nil {
		t.Fatal("opened a database in a missing directory")
	}
}

func storetestSQLite(tb testing.TB) *store.DB { return storetest.SQLite(tb) }
