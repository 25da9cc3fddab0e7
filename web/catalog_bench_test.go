package web_test

import (
	"testing"

	"github.com/govflow/govflow/store/storetest"
)

// The catalog's pages through the real handler, signed in, on SQLite with the shipped catalog: the index of
// 37 processes and the largest process page (发文办理, 15 steps, an inline flowchart).
func BenchmarkCatalogPages(b *testing.B) {
	e := newEnv(b, storetest.SQLite(b), true)
	c := e.client()
	c.signIn("sunlei")
	for _, path := range []string{"/catalog", "/catalog?q=督办", "/catalog/fawen-banli", "/catalog/fawen-banli/diff?from=1&to=1"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if r := c.get(path); r.status != 200 {
					b.Fatalf("%s: %d", path, r.status)
				}
			}
		})
	}
}
