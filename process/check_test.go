package process

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var wantRe = regexp.MustCompile(`#\s*want:\s*(.+)$`)

// wants reads the "# want: rule rule" markers of a file as "line:rule" keys.
func wants(data []byte) []string {
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		if m := wantRe.FindStringSubmatch(line); m != nil {
			for _, rule := range strings.Fields(strings.ReplaceAll(m[1], ",", " ")) {
				out = append(out, fmt.Sprintf("%d:%s", i+1, rule))
			}
		}
	}
	slices.Sort(out)
	return out
}

func problemKeys(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%d:%s", p.Pos.Line, p.Rule)
	}
	slices.Sort(out)
	return out
}

func TestCheckReportsEachMarkedProblem(t *testing.T) {
	files, _ := filepath.Glob("testdata/check/*.yaml")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			def, err := Parse(file, data)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			probs := Check(def)
			if got, want := problemKeys(probs), wants(data); !slices.Equal(got, want) {
				t.Errorf("got  %v\nwant %v\n%v", got, want, &CheckError{Problems: probs})
			}
			for _, p := range probs {
				if p.Pos.File != file || p.Pos.Column == 0 || p.Message == "" {
					t.Errorf("problem not located or unexplained: %+v", p)
				}
			}
			if _, err := Compile(def); !errors.As(err, new(*CheckError)) {
				t.Errorf("Compile accepted a definition with problems: %v", err)
			}
		})
	}
}

func TestCompileCompilesEveryCondition(t *testing.T) {
	c, err := Compile(mustParse(t, "testdata/good/huiyi-yiti.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Start() == nil || c.Start().ID != "start" || len(c.Steps()) != len(c.Def.Steps) {
		t.Fatalf("start %v, %d steps", c.Start(), len(c.Steps()))
	}
	check, _ := c.Step("check")
	if len(check.RequireConds) != 3 || slices.Contains(check.RequireConds, nil) || check.SkipCond != nil {
		t.Errorf("check: %+v", check)
	}
	route, _ := c.Step("route")
	if len(route.BranchConds) != 2 || route.BranchConds[1].Source != `secrecy in ["机密", "绝密"]` {
		t.Errorf("route: %+v", route.BranchConds)
	}
	read, _ := c.Step("read")
	if read.SkipCond == nil {
		t.Error("read has no compiled skip_if")
	}
	join, _ := c.Step("join")
	merge, _ := c.Step("merge")
	if !slices.Equal(join.Incoming, []string{"read", "notify"}) || !slices.Equal(merge.Incoming, []string{"route", "finance", "confidential"}) {
		t.Errorf("incoming: join %v merge %v", join.Incoming, merge.Incoming)
	}
	if _, ok := c.Step("nothing"); ok {
		t.Error("found a step that does not exist")
	}
}

func TestLoadReturnsParseAndCheckErrors(t *testing.T) {
	if _, err := Load("a.yaml", []byte("id: [")); !errors.As(err, new(*ParseError)) {
		t.Errorf("syntax error: got %v", err)
	}
	if _, err := Load("a.yaml", []byte("id: a\n")); !errors.As(err, new(*CheckError)) {
		t.Errorf("incomplete definition: got %v", err)
	}
}
