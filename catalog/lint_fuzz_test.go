package catalog

import (
	"testing"

	"github.com/govflow/govflow/lint"
)

// Any text a person saves is read, linted and numbered without a panic, and a text that does not read is
// told where.
func FuzzLintText(f *testing.F) {
	// Small seeds: the engine minimises every interesting input, which is slow for whole shipped files.
	f.Add([]byte(`id: x
name: 测试
category: 综合协调
owner: 秘书处
version: 2
purpose: 测试。
fields: [{id: a, name: 甲, type: bool}]
steps:
  - {id: start, type: start, next: g}
  - {id: g, type: exclusive, branches: [{when: a, next: t}], default: p}
  - {id: t, name: 办理, type: task, who: {unit: 秘书处, post: 收发员}, limit: 当天, next: e}
  - {id: p, type: parallel, next: [t, e]}
  - {id: e, type: end}
`))
	for _, s := range []string{"", "id: x\n", "id: [\n", "steps: {}\n", "version: 一\n", "id: x\nid: y\n", "\xff\xfe"} {
		f.Add([]byte(s))
	}
	dir, err := lint.DemoDirectory()
	if err != nil {
		f.Fatal(err)
	}
	s := &Service{MaxStates: 2000}
	env := &checkEnv{dir: dir, processes: []string{"fawen-banli"}}
	f.Fuzz(func(t *testing.T, src []byte) {
		def, findings := s.lintText(env, "x", src)
		findings = withVersion(findings, def, "x", 2)
		if def == nil && len(findings) == 0 {
			t.Fatal("an unreadable text without a finding")
		}
		for _, fd := range findings {
			if fd.Line < 0 || fd.Message == "" {
				t.Fatalf("finding without place or message: %+v", fd)
			}
		}
		if def != nil {
			_ = factsOf(def)
		}
	})
}
