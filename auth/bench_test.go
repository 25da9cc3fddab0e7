package auth_test

import (
	"testing"

	"github.com/govflow/govflow/auth"
)

// BenchmarkHashDefault is the cost of one sign-in's password check with the production parameters.
func BenchmarkHashDefault(b *testing.B) {
	h := auth.HashPassword("demo2026", auth.DefaultParams)
	for b.Loop() {
		auth.CheckPassword(h, "demo2026")
	}
}
