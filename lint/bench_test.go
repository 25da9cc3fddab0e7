package lint

import (
	"os"
	"testing"
)

// BenchmarkShippedCatalog lints the shipped catalog as `govflow lint` does.
func BenchmarkShippedCatalog(b *testing.B) {
	files, err := ReadFS(os.DirFS("../catalog/shipped"), ".", "catalog/shipped")
	if err != nil || len(files) == 0 {
		b.Skip("shipped catalog not found next to this package")
	}
	opts := testOptions(b)
	b.ResetTimer()
	for b.Loop() {
		Files(files, opts)
	}
	b.ReportMetric(float64(len(files)), "files")
}

// BenchmarkStateSpaceBound measures the soundness exploration stopping at its bound.
func BenchmarkStateSpaceBound(b *testing.B) {
	f := mustRead(b, "testdata/bad/state-space.yaml")
	opts := testOptions(b)
	for b.Loop() {
		Source(f.Name, f.Data, opts)
	}
}
