package process

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{"", "id: [", "- a", "a: *b", "steps: &a [*a]", "id: x\n---\nid: y", "who: {unit: 1}",
		"steps:\n  - {id: a, type: task, who: [{unit: x, post: y}], next: [b, c]}", "fields:\n  - {default: [a, 1, true]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		def, err := Parse("fuzz.yaml", data)
		if err != nil {
			var pe *ParseError
			if def != nil || !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("want a *ParseError with problems and no definition, got %v, %#v", def, err)
			}
			for _, p := range pe.Problems {
				if p.Pos.File != "fuzz.yaml" || p.Pos.Line < 1 || p.Pos.Column < 1 || p.Message == "" || p.Rule == "" {
					t.Fatalf("problem not located: %+v", p)
				}
			}
			return
		}
		Check(def)
		out, err := Marshal(def)
		if err != nil {
			t.Fatalf("marshal of a parsed definition: %v", err)
		}
		again, err := Parse("again.yaml", out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(stripPos(def), stripPos(again)) {
			t.Fatalf("round trip changed the definition\n%q\n%s", data, out)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/good/huiyi-yiti.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("huiyi-yiti.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	def := mustParse(b, "testdata/good/huiyi-yiti.yaml")
	for b.Loop() {
		if _, err := Compile(def); err != nil {
			b.Fatal(err)
		}
	}
}
