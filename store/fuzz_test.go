package store_test

import (
	"testing"

	"github.com/govflow/govflow/store"
)

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"sqlite:govflow.db", "postgres://u:p@h:5432/d?sslmode=disable", "sqlite:", "mysql://x", "postgres://h:x/d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, target, err := store.ParseURL(s)
		if err == nil && (d == "" || target == "") {
			t.Fatalf("%q accepted without a dialect or target", s)
		}
	})
}

func BenchmarkWriteTransaction(b *testing.B) {
	db := storetestSQLite(b)
	ctx := b.Context()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		err := db.Write(ctx, func(tx store.Tx) error { return store.SetSetting(ctx, tx, "k", "v") })
		if err != nil {
			b.Fatal(err)
		}
	}
}
