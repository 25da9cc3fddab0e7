package workflow

import (
	"errors"
	"maps"
	"slices"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

// The engine takes a unit or person field's value on trust: a name it cannot find sends the work to a
// fallback (the owner unit's head) and a person it cannot find is left out of the step. So the service checks
// those fields against the organisation before the engine sees them, and names units as the engine does (by
// name; a unit id is accepted and replaced by its name).

// orgForm checks the unit and person fields cmd's form fills. It returns the command with its units named,
// and one field error per field that names someone or something the organisation does not have.
func orgForm(c *engine.Compiled, st *engine.State, cmd engine.Command, env engine.Env) (engine.Command, govflow.FieldErrors) {
	dir, ok := env.Directory.(*directory)
	if !ok || len(cmd.Form) == 0 {
		return cmd, nil
	}
	ids, _, _ := formOf(c, st, cmd)
	var probs govflow.FieldErrors
	var form map[string]any
	for _, id := range ids {
		in, given := cmd.Form[id]
		f, known := c.Def.Field(id)
		if !given || !known || !orgField(f.Type) {
			continue
		}
		v, bad := c.Def.Coerce([]string{id}, map[string]any{id: in})
		if len(bad) > 0 || v[id] == nil {
			continue // the engine reports what is wrong with its shape
		}
		named, msg := dir.orgValue(f.Type, v[id])
		if msg != "" {
			probs = append(probs, &govflow.Error{Code: govflow.EINVALID, Field: id,
				Message: process.FieldProblem{Field: id, Name: f.Name, Message: msg}.Error()})
			continue
		}
		if form == nil {
			form = maps.Clone(cmd.Form)
		}
		form[id] = named
	}
	if form != nil {
		cmd.Form = form
	}
	return cmd, probs
}

func orgField(t process.FieldType) bool {
	switch t {
	case process.FieldUnit, process.FieldUnits, process.FieldPerson, process.FieldPersons:
		return true
	}
	return false
}

// orgValue names a coerced value's units as stored, or says which entry the organisation does not have.
func (x *directory) orgValue(t process.FieldType, v any) (any, string) {
	check := x.personOK
	if t == process.FieldUnit || t == process.FieldUnits {
		check = x.unitName
	}
	if s, ok := v.(string); ok {
		return check(s)
	}
	list, _ := v.([]string)
	out := make([]string, 0, len(list))
	for _, s := range list {
		n, msg := check(s)
		if msg != "" {
			return nil, msg
		}
		if n := n.(string); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, ""
}

// unitName is the unit's name, given its name or its id.
func (x *directory) unitName(s string) (any, string) {
	if _, ok := x.d.UnitByName(s); ok {
		return s, ""
	}
	if u, ok := x.d.Unit(s); ok {
		return u.Name, ""
	}
	return nil, "没有处室“" + s + "”，请从处室列表中选择（填写处室名称）"
}

func (x *directory) personOK(s string) (any, string) {
	p, ok := x.d.Person(s)
	switch {
	case !ok:
		return nil, "没有人员“" + s + "”，请从人员列表中选择（填写人员账号）"
	case !p.Active:
		return nil, "人员“" + p.Name + "”（" + s + "）已停用，请另选"
	}
	return s, ""
}

// withOrgProblems adds the organisation's problems to the engine's refusal of a form, in the form's field
// order. A refusal that is not about the form (该任务已被处理, no permission) is answered alone.
func withOrgProblems(c *engine.Compiled, st *engine.State, cmd engine.Command, err error, org govflow.FieldErrors) error {
	if len(org) == 0 {
		return err
	}
	if err == nil {
		return org
	}
	var all govflow.FieldErrors
	var one *govflow.Error
	switch {
	case errors.As(err, &all):
		all = slices.Clone(all)
	case errors.As(err, &one) && one.Code == govflow.EINVALID && one.Field != "":
		if _, ok := c.Def.Field(one.Field); !ok {
			return err
		}
		all = govflow.FieldErrors{one}
	default:
		return err
	}
	for _, e := range org {
		if !slices.ContainsFunc(all, func(x *govflow.Error) bool { return x.Field == e.Field }) {
			all = append(all, e)
		}
	}
	ids, _, _ := formOf(c, st, cmd)
	slices.SortStableFunc(all, func(a, b *govflow.Error) int { return slices.Index(ids, a.Field) - slices.Index(ids, b.Field) })
	return all
}
