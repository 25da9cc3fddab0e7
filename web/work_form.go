package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/workflow"
)

// fieldPrefix keeps the names of a process's fields apart from the page's own inputs (op, opinion …).
const fieldPrefix = "f_"

// fieldInput is one field of a form as the page draws it: the field, the value shown (as posted after an
// error, else as stored) and the message beside it.
type fieldInput struct {
	workflow.FieldView
	Values []string // the value as input strings: one for scalars, several for lists
	Error  string
}

// Input is the input's name.
func (f fieldInput) Input() string { return fieldPrefix + f.ID }

// Str is the single value of a scalar field.
func (f fieldInput) Str() string {
	if len(f.Values) == 0 {
		return ""
	}
	return f.Values[0]
}

// Has reports whether the value holds v (choices, units, persons, or the one choice).
func (f fieldInput) Has(v string) bool { return slices.Contains(f.Values, v) }

// Checked reports whether a bool field is true.
func (f fieldInput) Checked() bool {
	return len(f.Values) > 0 && (f.Values[len(f.Values)-1] == "true" || f.Values[len(f.Values)-1] == "on")
}

// Levels are the fixed options of 密级 and 紧急程度, or the field's own options.
func (f fieldInput) Levels() []string {
	switch f.Type {
	case process.FieldSecrecy:
		return process.SecrecyLevels
	case process.FieldUrgency:
		return process.UrgencyLevels
	}
	return f.Options
}

// Radio reports whether a choice is drawn as a row of buttons rather than a list.
func (f fieldInput) Radio() bool {
	n := 0
	for _, o := range f.Levels() {
		n += len([]rune(o))
	}
	return len(f.Levels()) <= 5 && n <= 24
}

// Min and Max are the bounds for the input's attributes ("" when unbounded).
func (f fieldInput) Min() string { return bound(f.Field.Min) }
func (f fieldInput) Max() string { return bound(f.Field.Max) }

func bound(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// valueStrings turns a stored value into input strings.
func valueStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case bool:
		return []string{strconv.FormatBool(x)}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	}
	return []string{fmt.Sprint(v)}
}

// inputsOf draws fields with their current values; posted (after an error) wins over stored.
func inputsOf(fields []workflow.FieldView, posted map[string][]string, errs map[string]string) []fieldInput {
	out := make([]fieldInput, 0, len(fields))
	for _, f := range fields {
		in := fieldInput{FieldView: f, Values: valueStrings(f.Value), Error: strings.TrimPrefix(errs[f.ID], f.Name+"：")}
		if posted != nil && f.Editable {
			in.Values = posted[f.ID]
		}
		out = append(out, in)
	}
	return out
}

// startFields are the start step's fields with their defaults.
func startFields(def *process.Definition) []workflow.FieldView {
	var out []workflow.FieldView
	if st := def.Start(); st != nil {
		for _, id := range st.Form {
			if f, ok := def.Field(id); ok {
				out = append(out, workflow.FieldView{Field: *f, Value: f.Default, Editable: true})
			}
		}
	}
	return out
}

// postedFields reads the posted values of the editable fields: field id → the strings posted (a checkbox
// posts a hidden "false" before its "true"; Coerce takes the last).
func postedFields(r *http.Request, fields []workflow.FieldView) map[string][]string {
	out := map[string][]string{}
	for _, f := range fields {
		if !f.Editable {
			continue
		}
		vs := r.PostForm[fieldPrefix+f.ID]
		if f.Type == process.FieldAttachment {
			vs = append(slices.Clone(vs), uploadedNames(r, fieldPrefix+f.ID)...)
		}
		out[f.ID] = trimAll(vs)
	}
	return out
}

func trimAll(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// uploadedNames lists the names of the files posted under name.
func uploadedNames(r *http.Request, name string) []string {
	if r.MultipartForm == nil {
		return nil
	}
	var out []string
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Filename != "" {
			out = append(out, fh.Filename)
		}
	}
	return out
}

// formInput is what a command carries as its form: every editable field, lists as lists.
func formInput(fields []workflow.FieldView, posted map[string][]string) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		if !f.Editable {
			continue
		}
		vs := posted[f.ID]
		switch f.Type {
		case process.FieldChoices, process.FieldUnits, process.FieldPersons, process.FieldAttachment:
			out[f.ID] = vs
		default:
			if len(vs) > 0 {
				out[f.ID] = vs
			} else {
				out[f.ID] = ""
			}
		}
	}
	return out
}

// fieldErrors maps a refusal's field errors to field ids; ok is false when it names no field.
func fieldErrors(err error) map[string]string {
	fields, _, ok := FieldMessages(err)
	if !ok {
		return nil
	}
	return fields
}

// people is the organisation as the pickers show it: units in order, each with its active people.
type people struct {
	Units  []govflow.Unit
	Groups []personGroup
	names  map[string]string
}

type personGroup struct {
	Unit   string
	People []workflow.PersonRef
}

// Name is a person's name, or the id when unknown.
func (p *people) Name(id string) string {
	if n, ok := p.names[id]; ok {
		return n
	}
	return id
}

func (s *Server) loadPeople(ctx context.Context) (*people, error) {
	var dir *org.Directory
	var posts []string
	err := s.DB().Read(ctx, func(tx store.Tx) error {
		var err error
		if dir, err = org.LoadTx(ctx, tx); err != nil {
			return err
		}
		posts, err = org.ListPosts(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	rank := func(post string) int {
		if i := slices.Index(posts, post); i >= 0 {
			return i
		}
		return len(posts)
	}
	all := slices.Clone(dir.People())
	slices.SortStableFunc(all, func(a, b govflow.Person) int { return rank(a.Post) - rank(b.Post) })
	p := &people{Units: dir.Units(), names: map[string]string{}}
	for _, x := range all {
		p.names[x.ID] = x.Name
	}
	for _, u := range p.Units {
		g := personGroup{Unit: u.Name}
		for _, x := range all {
			if x.UnitID == u.ID && x.Active {
				g.People = append(g.People, workflow.PersonRef{ID: x.ID, Name: x.Name, Unit: u.Name, Post: x.Post})
			}
		}
		if len(g.People) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	return p, nil
}

// groupPeople groups a picker's people by unit, in the order they come.
func groupPeople(list []workflow.PersonRef) []personGroup {
	var out []personGroup
	for _, p := range list {
		i := slices.IndexFunc(out, func(g personGroup) bool { return g.Unit == p.Unit })
		if i < 0 {
			out = append(out, personGroup{Unit: p.Unit})
			i = len(out) - 1
		}
		out[i].People = append(out[i].People, p)
	}
	return out
}
