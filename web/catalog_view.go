package web

import (
	"context"
	"fmt"
	"html/template"
	"strings"

	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
)

// catStepRow is one line of a process's step table (环节 / 责任单位 / 岗位 / 时限 / 输入 / 输出 / 完成标准).
type catStepRow struct {
	No                        int
	ID, Name, Kind, KindClass string
	Who                       []catWho
	Limit                     string
	Inputs, Outputs           []string
	Standard                  string
	Mode                      string // how an approval decides
	Skip                      string // when the step is skipped, in plain Chinese
	Requires                  []catRequire
	Flow                      string // where it leads
	Call                      string // the id of a called process, for a link
	CallName                  string
	Form                      []string // names of the fields filled in here
}

type catWho struct{ Unit, Post string }

type catRequire struct{ Check, Message string }

// catFieldRow is one field of the process's form.
type catFieldRow struct {
	ID, Name, Type, Rule, Help, Default string
	Required                            bool
	Steps                               []string // where it is filled in
}

// catStepRows lists the steps people or the system do, numbered, with their rules in plain Chinese.
func catStepRows(def *process.Definition, names map[string]string) []catStepRow {
	var out []catStepRow
	for i := range def.Steps {
		s := &def.Steps[i]
		if !catListed(s.Type) {
			continue
		}
		row := catStepRow{No: len(out) + 1, ID: s.ID, Name: catalog.StepLabel(s), Kind: s.Type.Label(), KindClass: string(s.Type),
			Limit: s.Limit, Inputs: s.Inputs, Outputs: s.Outputs, Standard: s.Standard, Skip: catalog.SkipText(def, s),
			Flow: catalog.FlowText(def, s), Form: catFieldNames(def, s.Form)}
		row.Who = catWhoCells(def, s, names)
		if s.Type == process.StepApproval {
			row.Mode = catalog.ModeText(s)
		}
		if s.Type == process.StepCall {
			row.Call, row.CallName = s.Process, catNameOr(names, s.Process)
		}
		if s.Type == process.StepWait && row.Limit == "" {
			row.Limit = catWaitLimit(def, s)
		}
		for _, p := range s.Require {
			row.Requires = append(row.Requires, catRequire{Check: catalog.Condition(def, p.Check), Message: p.Message})
		}
		out = append(out, row)
	}
	return out
}

func catListed(t process.StepType) bool {
	switch t {
	case process.StepStart, process.StepEnd, process.StepExclusive, process.StepParallel:
		return false
	}
	return true
}

func catWhoCells(def *process.Definition, s *process.Step, names map[string]string) []catWho {
	switch s.Type {
	case process.StepAuto:
		label := engine.Actions[s.Action]
		if label == "" {
			label = s.Action
		}
		return []catWho{{Unit: "系统自动", Post: label}}
	case process.StepCall:
		return []catWho{{Unit: "—", Post: "按《" + catNameOr(names, s.Process) + "》办理"}}
	case process.StepWait:
		return []catWho{{Unit: "系统计时", Post: "—"}}
	}
	out := make([]catWho, 0, len(s.Who))
	for _, a := range s.Who {
		unit, post := catalog.Assignee(def, a)
		out = append(out, catWho{Unit: unit, Post: post})
	}
	return out
}

func catWaitLimit(def *process.Definition, s *process.Step) string {
	if s.Wait != "" {
		return "等待" + s.Wait
	}
	if f, ok := def.Field(s.UntilField); ok {
		return "至" + f.Name
	}
	return ""
}

func catFieldNames(def *process.Definition, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if f, ok := def.Field(id); ok && f.Name != "" {
			out[i] = f.Name
		}
	}
	return out
}

func catNameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// catFieldRows lists the form's fields with their rules and the steps that fill them in.
func catFieldRows(def *process.Definition) []catFieldRow {
	out := make([]catFieldRow, 0, len(def.Fields))
	for i := range def.Fields {
		f := &def.Fields[i]
		row := catFieldRow{ID: f.ID, Name: f.Name, Type: catalog.FieldTypeLabel(f.Type), Required: f.Required, Help: f.Help,
			Rule: catFieldRule(f), Default: catalog.ValueText(f.Default)}
		for j := range def.Steps {
			s := &def.Steps[j]
			for _, id := range s.Form {
				if id == f.ID {
					name := catalog.StepLabel(s)
					if s.Type == process.StepStart {
						name = "发起"
					}
					row.Steps = append(row.Steps, name)
				}
			}
		}
		out = append(out, row)
	}
	return out
}

func catFieldRule(f *process.Field) string {
	var parts []string
	if len(f.Options) > 0 {
		parts = append(parts, "可选："+strings.Join(f.Options, "、"))
	}
	unit := "字"
	if f.Type == process.FieldNumber {
		unit = ""
	}
	switch {
	case f.Min != nil && f.Max != nil:
		parts = append(parts, fmt.Sprintf("%g–%g%s", *f.Min, *f.Max, unit))
	case f.Min != nil:
		parts = append(parts, fmt.Sprintf("不少于 %g%s", *f.Min, unit))
	case f.Max != nil:
		parts = append(parts, fmt.Sprintf("不超过 %g%s", *f.Max, unit))
	}
	if f.Pattern != "" {
		parts = append(parts, "格式："+f.Pattern)
	}
	return strings.Join(parts, "；")
}

// chart is a rendered flowchart with its natural size, for the zoomable viewer.
type catChart struct {
	SVG           template.HTML
	Width, Height float64
	Err           string
}

type catChartKey struct {
	id      string
	version int
}

// chartOf draws a version's flowchart; published and retired versions never change, so theirs is cached.
func (c *catalogUI) chartOf(v *catalog.Version, names map[string]string) catChart {
	if v.Def == nil {
		return catChart{Err: "流程定义无法读取，修正草稿中的错误后即可显示流程图。"}
	}
	key := catChartKey{v.ID, v.Version}
	if v.State != catalog.StateDraft {
		if ch, ok := c.charts.Load(key); ok {
			return ch.(catChart)
		}
	}
	opt := flowchart.Options{IDPrefix: "chart-" + v.ID, ProcessName: func(id string) string { return names[id] },
		Link: func(step string) string { return "#step-" + step }}
	svg, err := flowchart.Render(v.Def, opt)
	if err != nil {
		return catChart{Err: "流程图无法绘制：" + err.Error()}
	}
	ch := catChart{SVG: template.HTML(svg)}
	fmt.Sscanf(catSVGSize(string(svg)), "%g %g", &ch.Width, &ch.Height)
	if v.State != catalog.StateDraft {
		c.charts.Store(key, ch)
	}
	return ch
}

// catSVGSize reads the width and height attributes of the root element.
func catSVGSize(svg string) string {
	head, _, _ := strings.Cut(svg, ">")
	attr := func(name string) string {
		_, rest, ok := strings.Cut(head, " "+name+`="`)
		if !ok {
			return "0"
		}
		v, _, _ := strings.Cut(rest, `"`)
		return v
	}
	return attr("width") + " " + attr("height")
}

// peopleNames maps person ids to names for "who did it" columns; the system and unknown ids stay as they are.
func (c *catalogUI) peopleNames(ctx context.Context) (map[string]string, error) {
	dir, err := org.Load(ctx, c.svc.DB)
	if err != nil {
		return nil, err
	}
	out := map[string]string{catalog.SystemActor: "系统"}
	for _, p := range dir.People() {
		out[p.ID] = p.Name
	}
	return out, nil
}
