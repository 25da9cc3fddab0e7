package catalog_test

import (
	"testing"
	"time"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/store/storetest"
)

// What the workflow pays to find the version a new instance starts with, and the one a running instance
// keeps: one primary-key read each, the text parsed and compiled once per server.
func BenchmarkLookups(b *testing.B) {
	db := storetest.SQLite(b)
	if _, err := demo.Load(ctx, demo.Env{DB: db, Now: t0, Params: auth.TestParams}); err != nil {
		b.Fatal(err)
	}
	s := catalog.NewService(db, func() time.Time { return t0 })
	b.Run("Published", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Published(ctx, "fawen-banli"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Version", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Version(ctx, "shouwen-banli", 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListPublished", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ListPublished(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
