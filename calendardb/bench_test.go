package calendardb_test

import (
	"context"
	"testing"
	"time"

	"github.com/govflow/govflow/calendardb"
	"github.com/govflow/govflow/store/storetest"
)

// BenchmarkCurrent is the price every request pays between checks.
func BenchmarkCurrent(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	if _, err := calendardb.Current(ctx, db); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := calendardb.Current(ctx, db); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCheck is a version check that finds nothing changed (every CheckEvery per server).
func BenchmarkCheck(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	now := time.Unix(0, 0)
	src := calendardb.NewSource(db, time.Nanosecond, func() time.Time { now = now.Add(time.Second); return now })
	b.ReportAllocs()
	for b.Loop() {
		if _, err := src.Calendar(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild is reading and building the calendar after a change.
func BenchmarkRebuild(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	svc := &calendardb.Service{DB: db, Now: time.Now}
	if _, err := svc.Load(ctx, admin, "2027.yaml", []byte(file2027)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		src := calendardb.NewSource(db, 0, nil)
		c, err := src.Calendar(ctx)
		if err != nil || !c.Known(2027) {
			b.Fatal(err)
		}
	}
}
