package catalog

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/govflow/govflow/process"
)

// Kinds of Change.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
)

// Change is one difference between two versions, in words: what was added, removed or changed, with the
// old and the new value.
type Change struct {
	Kind  string
	Where string // 流程, 字段“标题”, 环节“处室审核”
	What  string // the attribute (时限, 办理人 …); empty when a whole field or step was added or removed
	Old   string
	New   string
}

// KindLabel is the change's kind in Chinese.
func (c Change) KindLabel() string {
	switch c.Kind {
	case ChangeAdded:
		return "新增"
	case ChangeRemoved:
		return "删除"
	}
	return "修改"
}

// Diff compares two versions: structurally (steps, fields, limits, owners) when both texts read, and line
// by line always.
type Diff struct {
	Structural bool // false when either text does not read; Changes is then empty
	Changes    []Change
	Lines      LineDiff
}

// LineDiff is a unified diff of two texts with line numbers.
type LineDiff struct {
	Hunks          []Hunk
	Added, Removed int
}

// Hunk is one run of changed lines with the unchanged lines around it.
type Hunk struct {
	OldStart, NewStart int
	Lines              []DiffLine
}

// Kinds of DiffLine.
const (
	LineEqual  = "equal"
	LineInsert = "insert"
	LineDelete = "delete"
)

// DiffLine is one line of a hunk; Old and New are its numbers in either text, 0 where it is absent.
type DiffLine struct {
	Kind     string
	Old, New int
	Text     string
}

// Compare diffs version a (older) against b (newer).
func Compare(a, b *Version) *Diff {
	d := &Diff{Lines: CompareText(a.Source, b.Source)}
	if a.Def != nil && b.Def != nil {
		d.Structural = true
		d.Changes = CompareDefinitions(a.Def, b.Def)
	}
	return d
}

// CompareText diffs two texts line by line, with three lines of context.
func CompareText(a, b []byte) LineDiff {
	old, cur := string(a), string(b)
	edits := udiff.Lines(old, cur)
	u, err := udiff.ToUnifiedDiff("a", "b", old, edits, udiff.DefaultContextLines)
	if err != nil {
		return LineDiff{} // the edits come from the same text: cannot happen
	}
	var out LineDiff
	for _, h := range u.Hunks {
		hk := Hunk{OldStart: h.FromLine, NewStart: h.ToLine}
		o, n := h.FromLine, h.ToLine
		for _, l := range h.Lines {
			dl := DiffLine{Text: strings.TrimSuffix(l.Content, "\n")}
			switch l.Kind {
			case udiff.Delete:
				dl.Kind, dl.Old = LineDelete, o
				o++
				out.Removed++
			case udiff.Insert:
				dl.Kind, dl.New = LineInsert, n
				n++
				out.Added++
			default:
				dl.Kind, dl.Old, dl.New = LineEqual, o, n
				o++
				n++
			}
			hk.Lines = append(hk.Lines, dl)
		}
		out.Hunks = append(out.Hunks, hk)
	}
	return out
}

// CompareDefinitions lists what changed from a to b: the process's own attributes, then fields, then steps,
// each in the order of b (removed ones where they stood in a).
func CompareDefinitions(a, b *process.Definition) []Change {
	var out []Change
	for _, p := range processAttrs {
		if o, n := p.get(a), p.get(b); o != n {
			out = append(out, Change{Kind: ChangeChanged, Where: "流程", What: p.name, Old: o, New: n})
		}
	}
	out = append(out, compareFields(a, b)...)
	return append(out, compareSteps(a, b)...)
}

func compareFields(a, b *process.Definition) []Change {
	var out []Change
	for i := range a.Fields {
		if _, ok := b.Field(a.Fields[i].ID); !ok {
			f := &a.Fields[i]
			out = append(out, Change{Kind: ChangeRemoved, Where: fieldWhere(f), Old: FieldSummary(f)})
		}
	}
	for i := range b.Fields {
		nf := &b.Fields[i]
		of, ok := a.Field(nf.ID)
		if !ok {
			out = append(out, Change{Kind: ChangeAdded, Where: fieldWhere(nf), New: FieldSummary(nf)})
			continue
		}
		for _, p := range fieldAttrs {
			if o, n := p.get(of), p.get(nf); o != n {
				out = append(out, Change{Kind: ChangeChanged, Where: fieldWhere(nf), What: p.name, Old: o, New: n})
			}
		}
	}
	return out
}

func fieldWhere(f *process.Field) string { return "字段“" + cmpOr(f.Name, f.ID) + "”" }

func compareSteps(a, b *process.Definition) []Change {
	var out []Change
	for i := range a.Steps {
		if _, ok := b.Step(a.Steps[i].ID); !ok {
			s := &a.Steps[i]
			out = append(out, Change{Kind: ChangeRemoved, Where: stepWhere(s), Old: StepSummary(a, s)})
		}
	}
	for i := range b.Steps {
		ns := &b.Steps[i]
		os, ok := a.Step(ns.ID)
		if !ok {
			out = append(out, Change{Kind: ChangeAdded, Where: stepWhere(ns), New: StepSummary(b, ns)})
			continue
		}
		for _, p := range stepAttrs {
			if !p.differs(a, os, b, ns) {
				continue
			}
			out = append(out, Change{Kind: ChangeChanged, Where: stepWhere(ns), What: p.name, Old: p.get(a, os), New: p.get(b, ns)})
		}
	}
	return out
}

func stepWhere(s *process.Step) string { return "环节“" + StepLabel(s) + "”" }
