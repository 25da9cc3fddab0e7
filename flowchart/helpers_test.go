package flowchart

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/govflow/govflow/process"
)

// testDefs loads the definitions of testdata and of the catalog shipped in this repository.
func testDefs(t testing.TB) []*process.Definition {
	t.Helper()
	var defs []*process.Definition
	files, _ := filepath.Glob("testdata/*.yaml")
	shipped, _ := filepath.Glob("../catalog/shipped/*/*.yaml")
	for _, fn := range append(files, shipped...) {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		def, err := process.Parse(fn, data)
		if err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
		defs = append(defs, def)
	}
	if len(defs) < 3 {
		t.Fatalf("only %d test definitions found", len(defs))
	}
	return defs
}

// randomDef builds a structured process of sequences, exclusive and parallel blocks and rejections.
func randomDef(seed uint64) *process.Definition {
	g := &defGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	def := &process.Definition{ID: fmt.Sprintf("random-%d", seed), Name: "随机流程", Owner: "秘书处"}
	g.def = def
	g.add(process.Step{ID: "start", Type: process.StepStart})
	last := g.block(3, []string{"start"})
	g.add(process.Step{ID: "end", Type: process.StepEnd, Result: "办结"})
	g.link(last, "end")
	return def
}

type defGen struct {
	r    *rand.Rand
	def  *process.Definition
	n    int
	done []string // task ids so far, for rejections
}

var genUnits = []string{"秘书处", "综合一处", "法规处", "督查室", "行政处"}

func (g *defGen) add(s process.Step) *process.Step {
	g.def.Steps = append(g.def.Steps, s)
	return &g.def.Steps[len(g.def.Steps)-1]
}

func (g *defGen) step(id string) *process.Step {
	s, _ := g.def.Step(id)
	return s
}

// link makes every id in from lead to to.
func (g *defGen) link(from []string, to string) {
	for _, id := range from {
		s := g.step(id)
		if s.Type == process.StepExclusive && len(s.Branches) > 0 && s.Default == "" {
			s.Default = to
			continue
		}
		s.Next = append(s.Next, to)
	}
}

func (g *defGen) id(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

// block appends a random block after the steps in from and returns its exits.
func (g *defGen) block(depth int, from []string) []string {
	k := 1 + g.r.IntN(3)
	for range k {
		switch c := g.r.IntN(6); {
		case depth > 0 && c == 0:
			from = g.split(depth, from, process.StepParallel)
		case depth > 0 && c == 1:
			from = g.split(depth, from, process.StepExclusive)
		default:
			from = g.task(from)
		}
	}
	return from
}

func (g *defGen) task(from []string) []string {
	id := g.id("t")
	s := process.Step{ID: id, Name: "办理事项" + id, Type: process.StepTask, Limit: "当天",
		Who: []process.Assignee{{Unit: genUnits[g.r.IntN(len(genUnits))], Post: "科员"}}}
	if g.r.IntN(3) == 0 {
		s.Type, s.Mode = process.StepApproval, process.ModeAny
		s.Name = "审核" + id
		if len(g.done) > 0 && g.r.IntN(2) == 0 {
			s.Reject = g.done[g.r.IntN(len(g.done))]
		}
	}
	g.add(s)
	g.link(from, id)
	g.done = append(g.done, id)
	return []string{id}
}

func (g *defGen) split(depth int, from []string, kind process.StepType) []string {
	sid, jid := g.id("s"), g.id("j")
	g.add(process.Step{ID: sid, Name: "分支" + sid, Type: kind})
	g.link(from, sid)
	n := 2 + g.r.IntN(2)
	var exits []string
	for i := range n {
		if kind == process.StepExclusive && i == 0 && g.r.IntN(3) == 0 {
			exits = append(exits, sid) // an empty branch: the default goes straight to the merge
			continue
		}
		first := len(g.def.Steps)
		out := g.block(depth-1, nil)
		entry := g.def.Steps[first].ID
		s := g.step(sid)
		if kind == process.StepExclusive {
			s.Branches = append(s.Branches, process.Branch{Name: fmt.Sprintf("情形%d", i+1), When: "true", Next: entry})
		} else {
			s.Next = append(s.Next, entry)
		}
		exits = append(exits, out...)
	}
	g.add(process.Step{ID: jid, Type: kind})
	g.link(exits, jid)
	return []string{jid}
}
