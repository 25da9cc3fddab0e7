package audit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

func entry(i int) audit.Entry {
	return audit.Entry{Actor: "zhaomin", Action: "org.person.update", Object: fmt.Sprintf("person:p%d", i),
		Detail: fmt.Sprintf("岗位改为 科员 %d", i), IP: "10.0.0.8", At: t0.Add(time.Duration(i) * time.Minute)}
}

// seed writes n records, each in its own transaction.
func seed(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 1; i <= n; i++ {
		err := db.Write(ctx, func(tx store.Tx) error { return audit.Append(ctx, tx, entry(i)) })
		if err != nil {
			t.Fatal(err)
		}
	}
}

func sqlExec(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx store.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func record(t *testing.T, db *store.DB, seq int64) audit.Record {
	t.Helper()
	ctx := context.Background()
	var rs []audit.Record
	err := db.Read(ctx, func(tx store.Tx) error {
		var err error
		rs, err = audit.List(ctx, tx, audit.Filter{Before: seq + 1, Limit: 1})
		return err
	})
	if err != nil || len(rs) != 1 || rs[0].Seq != seq {
		t.Fatalf("record %d: %v %v", seq, rs, err)
	}
	return rs[0]
}

func forged(prev string, i int) (audit.Entry, string) {
	e := entry(100 + i)
	e.Detail = "伪造的记录"
	return e, audit.Hash(prev, e)
}

func insertSQL(seq int64, e audit.Entry, prev, hash string) string {
	return fmt.Sprintf(`INSERT INTO audit_log (seq, at, actor, action, object, detail, ip, prev_hash, hash)
		VALUES (%d, %d, '%s', '%s', '%s', '%s', '%s', '%s', '%s')`,
		seq, e.At.UnixMilli(), e.Actor, e.Action, e.Object, e.Detail, e.IP, prev, hash)
}

func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name string
		kind string
		seq  int64
		do   func(t *testing.T, db *store.DB)
	}{
		{"intact", "", 0, func(*testing.T, *store.DB) {}},
		{"edited", audit.Altered, 3, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `UPDATE audit_log SET detail = '删除了全部记录' WHERE seq = 3`)
		}},
		{"edited with its hash recomputed", audit.Altered, 3, func(t *testing.T, db *store.DB) {
			r := record(t, db, 3)
			r.Actor = "luliang"
			sqlExec(t, db, fmt.Sprintf(`UPDATE audit_log SET actor = 'luliang', hash = '%s' WHERE seq = 3`, audit.Hash(r.PrevHash, r.Entry)))
		}},
		{"last edited with its hash recomputed", audit.Altered, 6, func(t *testing.T, db *store.DB) {
			r := record(t, db, 6)
			r.IP = "1.2.3.4"
			sqlExec(t, db, fmt.Sprintf(`UPDATE audit_log SET ip = '1.2.3.4', hash = '%s' WHERE seq = 6`, audit.Hash(r.PrevHash, r.Entry)))
		}},
		{"middle deleted", audit.Deleted, 3, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `DELETE FROM audit_log WHERE seq = 3`)
		}},
		{"first deleted", audit.Deleted, 1, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `DELETE FROM audit_log WHERE seq = 1`)
		}},
		{"last deleted", audit.Deleted, 6, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `DELETE FROM audit_log WHERE seq = 6`)
		}},
		{"all deleted", audit.Deleted, 1, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `DELETE FROM audit_log`)
		}},
		{"middle deleted and renumbered", audit.Altered, 2, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `DELETE FROM audit_log WHERE seq = 3`,
				`UPDATE audit_log SET seq = seq + 100 WHERE seq > 3`, `UPDATE audit_log SET seq = seq - 101 WHERE seq > 100`,
				`UPDATE audit_head SET seq = 5`)
		}},
		{"appended without a valid link", audit.Inserted, 7, func(t *testing.T, db *store.DB) {
			e, _ := forged("", 1)
			sqlExec(t, db, insertSQL(7, e, audit.Genesis, audit.Hash(audit.Genesis, e)))
		}},
		{"appended with a valid link", audit.Inserted, 7, func(t *testing.T, db *store.DB) {
			prev := record(t, db, 6).Hash
			e, h := forged(prev, 1)
			sqlExec(t, db, insertSQL(7, e, prev, h))
		}},
		{"inserted in the middle with a valid link", audit.Inserted, 4, func(t *testing.T, db *store.DB) {
			prev := record(t, db, 3).Hash
			e, h := forged(prev, 1)
			sqlExec(t, db, `UPDATE audit_log SET seq = seq + 100 WHERE seq > 3`, `UPDATE audit_log SET seq = seq - 99 WHERE seq > 100`,
				insertSQL(4, e, prev, h), `UPDATE audit_head SET seq = 7`)
		}},
		{"inserted in the middle without a valid link", audit.Inserted, 4, func(t *testing.T, db *store.DB) {
			e, h := forged(audit.Genesis, 1)
			sqlExec(t, db, `UPDATE audit_log SET seq = seq + 100 WHERE seq > 3`, `UPDATE audit_log SET seq = seq - 99 WHERE seq > 100`,
				insertSQL(4, e, audit.Genesis, h), `UPDATE audit_head SET seq = 7`)
		}},
		{"head deleted", audit.Deleted, 0, func(t *testing.T, db *store.DB) {
			sqlExec(t, db, `DELETE FROM audit_head`)
		}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// The tamperer has the rights to change the schema: the table's own protection is lifted first.
		if err := db.Write(context.Background(), func(tx store.Tx) error {
			return store.LiftAppendOnly(context.Background(), tx, db.Dialect())
		}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				sqlExec(t, db, `DELETE FROM audit_log`, `DELETE FROM audit_head`,
					`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '`+audit.Genesis+`')`)
				seed(t, db, 6)
				tc.do(t, db)
				res, err := audit.Verify(context.Background(), db)
				if err != nil {
					t.Fatal(err)
				}
				if tc.kind == "" {
					if res.Problem != nil || res.Records != 6 || res.HeadSeq != 6 {
						t.Fatalf("intact chain reported %+v", res)
					}
					return
				}
				if res.Problem == nil || res.Problem.Kind != tc.kind || res.Problem.Seq != tc.seq {
					t.Fatalf("want %s %d, got %+v", tc.kind, tc.seq, res.Problem)
				}
			})
		}
	})
}

// The database itself refuses to change or remove audit records.
func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db, 2)
		ctx := context.Background()
		for _, q := range []string{`UPDATE audit_log SET detail = '改过' WHERE seq = 1`, `DELETE FROM audit_log WHERE seq = 2`} {
			err := db.Write(ctx, func(tx store.Tx) error { _, err := tx.Exec(ctx, q); return err })
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v", q, err)
			}
		}
		if res, err := audit.Verify(ctx, db); err != nil || res.Problem != nil || res.Records != 2 {
			t.Fatalf("after refused changes: %+v %v", res, err)
		}
	})
}

func TestAppendCommitsWithTheWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Write(ctx, func(tx store.Tx) error {
			if err := audit.Append(ctx, tx, entry(1)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		// Several records in one transaction chain in order.
		err = db.Write(ctx, func(tx store.Tx) error {
			for i := range 3 {
				if err := audit.Append(ctx, tx, entry(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := audit.Verify(ctx, db)
		if err != nil || res.Problem != nil || res.Records != 3 {
			t.Fatalf("%+v %v", res, err)
		}
		if err := db.Write(ctx, func(tx store.Tx) error { return audit.Append(ctx, tx, audit.Entry{}) }); err == nil {
			t.Fatal("empty entry accepted")
		}
	})
}

// Writers racing on the chain head never fork or break the chain.
func TestConcurrentAppends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Go(func() {
				errs <- db.Write(ctx, func(tx store.Tx) error { return audit.Append(ctx, tx, entry(i)) })
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		res, err := audit.Verify(ctx, db)
		if err != nil || res.Problem != nil || res.Records != 40 || res.HeadSeq != 40 {
			t.Fatalf("%+v %v", res, err)
		}
	})
}

func TestListFilters(t *testing.T) {
	db := storetest.SQLite(t)
	seed(t, db, 5)
	ctx := context.Background()
	err := db.Read(ctx, func(tx store.Tx) error {
		rs, err := audit.List(ctx, tx, audit.Filter{Object: "person:p2"})
		if err != nil || len(rs) != 1 || rs[0].Seq != 2 {
			return fmt.Errorf("object filter: %v %v", rs, err)
		}
		rs, err = audit.List(ctx, tx, audit.Filter{Action: "org.", Limit: 2})
		if err != nil || len(rs) != 2 || rs[0].Seq != 5 {
			return fmt.Errorf("action filter: %v %v", rs, err)
		}
		if !rs[0].At.Equal(entry(5).At) {
			return fmt.Errorf("time round trip: %v", rs[0].At)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
