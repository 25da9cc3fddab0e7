package lint

import (
	"path/filepath"
	"testing"
)

// FuzzLint feeds arbitrary files to the whole linter: it must never panic, and every finding is located and
// explained.
func FuzzLint(f *testing.F) {
	for _, dir := range []string{"testdata/bad", "testdata/good"} {
		for _, file := range readDir(f, dir) {
			f.Add(file.Data)
		}
	}
	opts := testOptions(f)
	opts.MaxStates = 2000
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fd := range Source(filepath.Join("fuzz", "f.yaml"), data, opts) {
			if fd.File == "" || fd.Line < 1 || fd.Column < 1 || fd.Rule == "" || fd.Message == "" {
				t.Fatalf("finding not located: %+v", fd)
			}
		}
	})
}
