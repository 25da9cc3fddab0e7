package workflow

import (
	"errors"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

// formProblems turns the engine's refusal of a form (it names the first bad field) into every problem of
// the form, one field error each, so that a page or the API can show them all at once. Other errors pass.
// applyForm applies cmd after checking its unit and person fields against the organisation; a refusal
// names every bad field, the engine's and the organisation's, in the form's order.
func applyForm(c *engine.Compiled, st *engine.State, cmd engine.Command, now time.Time, env engine.Env) (*engine.Result, error) {
	checked, bad := orgForm(c, st, cmd, env)
	res, err := engine.Apply(c, st, checked, now, env)
	if err != nil {
		err = formProblems(c, st, checked, err)
	}
	if err = withOrgProblems(c, st, checked, err, bad); err != nil {
		return nil, err
	}
	return res, nil
}

func formProblems(c *engine.Compiled, st *engine.State, cmd engine.Command, err error) error {
	var fe *govflow.Error
	if !errors.As(err, &fe) || fe.Code != govflow.EINVALID || fe.Field == "" {
		return err
	}
	if _, ok := c.Def.Field(fe.Field); !ok {
		return err
	}
	ids, base, partial := formOf(c, st, cmd)
	if ids == nil {
		return err
	}
	merged := map[string]any{}
	use := ids[:0:0]
	for _, id := range ids {
		if v, ok := cmd.Form[id]; ok {
			merged[id] = v
		} else if partial {
			continue
		} else if v, ok := base[id]; ok {
			merged[id] = v
		}
		use = append(use, id)
	}
	_, probs := c.Def.Coerce(use, merged)
	if len(probs) == 0 {
		return err
	}
	var out govflow.FieldErrors
	for _, p := range probs {
		out = append(out, &govflow.Error{Code: govflow.EINVALID, Field: p.Field, Message: p.Error()})
	}
	return out
}

// formOf says which fields a command's form fills, what counts as already filled, and whether the fields
// left out are simply unchanged (暂存, 不同意, 委派办毕) rather than required.
func formOf(c *engine.Compiled, st *engine.State, cmd engine.Command) (ids []string, base process.Values, partial bool) {
	if cmd.Op == engine.OpStart {
		start := c.Def.Start()
		if start == nil {
			return nil, nil, false
		}
		defaults := map[string]any{}
		for _, f := range c.Def.Fields {
			if f.Default != nil {
				defaults[f.ID] = f.Default
			}
		}
		return start.Form, c.Def.Normalize(defaults), false
	}
	if st == nil {
		return nil, nil, false
	}
	t, ok := st.Task(cmd.Task)
	if !ok {
		return nil, nil, false
	}
	step, ok := c.Step(t.Step)
	if !ok {
		return nil, nil, false
	}
	switch {
	case cmd.Op == engine.OpSave, cmd.Op == engine.OpReject, cmd.Op == engine.OpComplete && t.DelegatedBy != "":
		partial = true
	case cmd.Op == engine.OpComplete, cmd.Op == engine.OpApprove:
	default:
		return nil, nil, false
	}
	return step.Form, st.Values, partial
}
