package org_test

import (
	"context"
	"testing"

	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store/storetest"
)

func BenchmarkLoadDirectory(b *testing.B) {
	db := storetest.SQLite(b)
	loadDemoB(b, db)
	ctx := context.Background()
	for b.Loop() {
		if _, err := org.Load(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDirectoryLookups(b *testing.B) {
	db := storetest.SQLite(b)
	loadDemoB(b, db)
	d, err := org.Load(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d.ByPost("msc", "收发员")
		d.Overseer("zh1")
		d.Acting("huangwei", now)
	}
}
