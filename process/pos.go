package process

import (
	"fmt"
	"strconv"
)

// Positions maps a key ("limit") or a list item ("next[1]") of an element to where it was written.
type Positions map[string]Pos

// At returns where key was written, or fallback when it was not recorded.
func (p Positions) At(key string, fallback Pos) Pos {
	if pos, ok := p[key]; ok {
		return pos
	}
	return fallback
}

// Item returns where item i of the list under key was written, falling back to the key, then to fallback.
func (p Positions) Item(key string, i int, fallback Pos) Pos {
	return p.At(key+"["+strconv.Itoa(i)+"]", p.At(key, fallback))
}

// String formats the position as file:line:column, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// PosOf returns where key of the process was written.
func (d *Definition) PosOf(key string) Pos { return d.KeyPos.At(key, d.Pos) }

// PosOf returns where key of the field was written.
func (f *Field) PosOf(key string) Pos { return f.KeyPos.At(key, f.Pos) }

// PosOf returns where key of the step was written.
func (s *Step) PosOf(key string) Pos { return s.KeyPos.At(key, s.Pos) }

// PosOf returns where key of the rule was written.
func (a *Assignee) PosOf(key string) Pos { return a.KeyPos.At(key, a.Pos) }

// PosOf returns where key of the branch was written.
func (b *Branch) PosOf(key string) Pos { return b.KeyPos.At(key, b.Pos) }

// PosOf returns where key of the precondition was written.
func (p *Precondition) PosOf(key string) Pos { return p.KeyPos.At(key, p.Pos) }
