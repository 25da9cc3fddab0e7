package bpmn

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/govflow/govflow/process"
)

// testDefs loads the definitions the round trip is checked on: the flowchart tests' definitions and the
// catalog shipped in this repository.
func testDefs(t testing.TB) []*process.Definition {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../flowchart/testdata/*.yaml", "../catalog/shipped/*/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	var defs []*process.Definition
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		def, err := process.Parse(fn, data)
		if err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
		if dupIDs(def) {
			continue // a definition whose graph is ambiguous cannot be exported
		}
		defs = append(defs, def)
	}
	if len(defs) < 3 {
		t.Fatalf("only %d test definitions found", len(defs))
	}
	return defs
}

func dupIDs(def *process.Definition) bool {
	seen := map[string]bool{}
	for _, s := range def.Steps {
		if seen[s.ID] {
			return true
		}
		seen[s.ID] = true
	}
	return false
}

// stripPositions clears where elements were read from, which export and import do not carry.
func stripPositions(def *process.Definition) {
	def.Pos, def.KeyPos = process.Pos{}, nil
	for i := range def.Fields {
		def.Fields[i].Pos, def.Fields[i].KeyPos = process.Pos{}, nil
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		s.Pos, s.KeyPos = process.Pos{}, nil
		for j := range s.Who {
			s.Who[j].Pos, s.Who[j].KeyPos = process.Pos{}, nil
		}
		for j := range s.Branches {
			s.Branches[j].Pos, s.Branches[j].KeyPos = process.Pos{}, nil
		}
		for j := range s.Require {
			s.Require[j].Pos, s.Require[j].KeyPos = process.Pos{}, nil
		}
	}
}
