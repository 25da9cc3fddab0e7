package audit_test

import (
	"context"
	"testing"

	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

// BenchmarkAppend is one durable SQLite transaction that appends one audit record.
func BenchmarkAppend(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if err := db.Write(ctx, func(tx store.Tx) error { return audit.Append(ctx, tx, entry(i)) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify checks a chain of 10,000 records.
func BenchmarkVerify(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	err := db.Write(ctx, func(tx store.Tx) error {
		for i := range 10000 {
			if err := audit.Append(ctx, tx, entry(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := audit.Verify(ctx, db)
		if err != nil || res.Problem != nil || res.Records != 10000 {
			b.Fatal(res, err)
		}
	}
}
