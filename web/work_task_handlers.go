package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/workflow"
)

// phrases are the common opinions offered beside the opinion box.
var phrases = []string{"同意。", "请按程序办理。", "已阅。"}

// taskPage is everything the task page shows.
type taskPage struct {
	V          *workflow.TaskView
	Me         string
	Fields     []fieldInput         // this step's form
	Values     []workflow.FieldView // the instance's other values, read-only
	Opinion    string
	Phrases    []string
	Chart      template.HTML
	Candidates []personGroup
	Removable  []workflow.PersonRef
	People     *people
	Steps      []stepOption // 调度 targets
	Failed     engine.Op    // the refused operation: its form is shown open with the message
	Posted     url.Values   // what was typed into the refused operation's form
	Idem       string
}

type stepOption struct{ ID, Name string }

// Can reports whether the operation is offered here and now.
func (p *taskPage) Can(op string) bool { return slices.Contains(p.V.Allowed, engine.Op(op)) }

// Open reports whether the form of an operation is shown open (it was refused).
func (p *taskPage) Open(op string) bool { return string(p.Failed) == op }

// Kept is a value typed into the refused operation's form.
func (p *taskPage) Kept(name string) string { return p.Posted.Get(name) }

// KeptList is a list typed into the refused operation's form.
func (p *taskPage) KeptList(name string) []string { return p.Posted[name] }

// CompleteLabel names the completing button for this kind of task.
func (p *taskPage) CompleteLabel() string {
	switch {
	case p.V.Task.Kind == engine.KindRead:
		return "已阅"
	case p.Delegated():
		return "办毕交回"
	}
	return "办理"
}

// Delegated reports whether the viewer works on the task for its holder (委派): they can only hand it back.
// An approval that may be completed rather than decided is one.
func (p *taskPage) Delegated() bool {
	return p.V.Task.Reason == "委派" || (p.V.Task.Kind == engine.KindApprove && p.Can(string(engine.OpComplete)))
}

// Main reports whether the main form (fields, opinion, decision buttons) is shown.
func (p *taskPage) Main() bool {
	return p.Can("complete") || p.Can("approve") || p.Can("reject") || p.Can("save")
}

func (s *Server) workTask(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.Workflow()
	if err != nil {
		return err
	}
	ctx, by, id := r.Context(), s.ActorFrom(r), r.PathValue("id")
	v, err := svc.Task(ctx, by, id)
	if err != nil {
		return err
	}
	if slices.Contains(v.Allowed, engine.OpOpen) {
		// The first opening is the read receipt; it also ends the previous actor's chance to 撤回.
		if _, err := svc.Do(ctx, by, engine.Command{Op: engine.OpOpen, Task: id}, ""); err != nil {
			s.log.Warn("record task opened", "task", id, "err", err)
		} else if v, err = svc.Task(ctx, by, id); err != nil {
			return err
		}
	}
	d, err := s.taskPage(r, v)
	if err != nil {
		return err
	}
	d.Fields = inputsOf(editable(v.Fields), nil, nil)
	return s.workRender(w, r, http.StatusOK, "work/task", d)
}

func editable(fs []workflow.FieldView) []workflow.FieldView {
	var out []workflow.FieldView
	for _, f := range fs {
		if f.Editable {
			out = append(out, f)
		}
	}
	return out
}

// taskPage builds the page's data around a view.
func (s *Server) taskPage(r *http.Request, v *workflow.TaskView) (*taskPage, error) {
	d := &taskPage{V: v, Me: UserFrom(r).ID, Phrases: phrases, Idem: auth.RandomToken(), Posted: url.Values{}}
	var err error
	if d.People, err = s.loadPeople(r.Context()); err != nil {
		return nil, err
	}
	d.Candidates = groupPeople(v.Candidates)
	for _, id := range v.Removable {
		d.Removable = append(d.Removable, workflow.PersonRef{ID: id, Name: d.People.Name(id)})
	}
	if v.Instance != nil {
		d.Values = readOnly(v.Instance.Values, editable(v.Fields))
		d.Chart = s.chart(r, v.Instance, "task-chart")
		d.Steps = moveTargets(v.Instance.Def)
	}
	return d, nil
}

// moveTargets are the steps 调度 offers: the steps people do, and the ends.
func moveTargets(def *process.Definition) []stepOption {
	if def == nil {
		return nil
	}
	var out []stepOption
	for _, st := range def.Steps {
		if st.Type.IsHuman() || st.Type == process.StepEnd {
			out = append(out, stepOption{ID: st.ID, Name: stepName(&st)})
		}
	}
	return out
}

func stepName(st *process.Step) string {
	if st.Name != "" {
		return st.Name
	}
	if st.Type == process.StepEnd {
		return "结束（" + st.Result + "）"
	}
	return st.ID
}

// readOnly lists the instance's filled values that are not edited on this page.
func readOnly(values, edited []workflow.FieldView) []workflow.FieldView {
	var out []workflow.FieldView
	for _, f := range values {
		if f.Display == "" || slices.ContainsFunc(edited, func(e workflow.FieldView) bool { return e.ID == f.ID }) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// chart draws the instance's flowchart with the steps in progress highlighted and the done ones ticked.
func (s *Server) chart(r *http.Request, v *workflow.InstanceView, prefix string) template.HTML {
	if v.Def == nil {
		return ""
	}
	names := map[string]string{}
	if list, err := s.definitions().ListPublished(r.Context()); err == nil {
		for _, p := range list {
			names[p.ID] = p.Name
		}
	}
	svg, err := flowchart.Render(v.Def, flowchart.Options{Current: v.Current, Done: v.Done, IDPrefix: prefix,
		ProcessName: func(id string) string { return names[id] }})
	if err != nil {
		s.log.Warn("flowchart", "instance", v.ID, "err", err)
		return ""
	}
	return template.HTML(svg)
}

func (s *Server) workTaskPost(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.Workflow()
	if err != nil {
		return err
	}
	ctx, by, id := r.Context(), s.ActorFrom(r), r.PathValue("id")
	v, err := svc.Task(ctx, by, id)
	if err != nil {
		return err
	}
	fields := editable(v.Fields)
	posted := postedFields(r, fields)
	cmd, err := taskCommand(r, v, formInput(fields, posted))
	if err == nil {
		var out *workflow.Outcome
		if out, err = svc.Do(ctx, by, cmd, r.PostFormValue("idem")); err == nil {
			to := afterTask(cmd, out, by.ID)
			if back := r.PostFormValue("back"); localPath(back) {
				to = back
			}
			return s.Redirect(w, r, to, outcomeText(cmd, out))
		}
	}
	if fresh, ferr := svc.Task(ctx, by, id); ferr == nil {
		v = fresh
	}
	d, derr := s.taskPage(r, v)
	if derr != nil {
		return derr
	}
	d.Failed, d.Opinion, d.Posted = cmd.Op, strings.TrimSpace(r.PostFormValue("opinion")), r.PostForm
	d.Fields = inputsOf(editable(v.Fields), posted, fieldErrors(err))
	if i := r.PostFormValue("idem"); i != "" {
		d.Idem = i
	}
	return s.workRenderForm(w, r, "work/task", d, err)
}

// taskCommand reads the operation a task page posted.
func taskCommand(r *http.Request, v *workflow.TaskView, form map[string]any) (engine.Command, error) {
	op := engine.Op(r.PostFormValue("op"))
	cmd := engine.Command{Op: op, Task: v.Task.ID, Instance: v.Task.Instance,
		Opinion: strings.TrimSpace(r.PostFormValue("opinion"))}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	switch op {
	case engine.OpComplete, engine.OpApprove, engine.OpReject, engine.OpSave:
		cmd.Form = form
	case engine.OpReturn, engine.OpMove:
		cmd.Target, cmd.Reason = r.PostFormValue("target"), reason
		if cmd.Target == "" {
			return cmd, govflow.FieldError("target", "请选择%s到哪个环节。", op.Label())
		}
	case engine.OpTransfer, engine.OpDelegate, engine.OpReassign, engine.OpRemoveSign:
		cmd.Person, cmd.Reason = r.PostFormValue("person"), reason
		if cmd.Person == "" {
			return cmd, govflow.FieldError("person", "请选择%s给谁。", op.Label())
		}
	case engine.OpAddSign, engine.OpCopy:
		cmd.Persons = trimAll(r.PostForm["persons"])
		cmd.Before = r.PostFormValue("position") == "before"
		if len(cmd.Persons) == 0 {
			return cmd, govflow.FieldError("persons", "请至少选择一人。")
		}
	case engine.OpUrge, engine.OpSuspend, engine.OpTerminate:
		cmd.Reason = reason
	case engine.OpClaim, engine.OpRelease, engine.OpWithdraw, engine.OpResume, engine.OpRetry:
	default:
		return cmd, govflow.Errorf(govflow.EINVALID, "不支持的操作“%s”。请刷新页面后重试。", op)
	}
	if op == engine.OpCopy {
		cmd.Opinion = reason
	}
	return cmd, nil
}

// stays lists the operations after which the person stays on the task page.
var stays = []engine.Op{engine.OpClaim, engine.OpSave, engine.OpUrge, engine.OpCopy, engine.OpAddSign,
	engine.OpRemoveSign, engine.OpSuspend, engine.OpResume, engine.OpRetry}

// afterTask is where the person goes after an operation: their own next task when it created one, back to
// the task when the work is still there, else the inbox.
func afterTask(cmd engine.Command, out *workflow.Outcome, me string) string {
	for _, t := range out.Next {
		if t.Assignee == me && t.Kind != engine.KindCopy {
			return "/work/tasks/" + t.ID
		}
	}
	if slices.Contains(stays, cmd.Op) {
		return "/work/tasks/" + cmd.Task
	}
	return "/todo"
}

// outcomeText is the message shown after an operation.
func outcomeText(cmd engine.Command, out *workflow.Outcome) string {
	done := "已" + cmd.Op.Label() + "。"
	if cmd.Op == engine.OpComplete || cmd.Op == engine.OpApprove {
		done = "已提交。"
	}
	return strings.TrimSpace(done + out.Message)
}

// mainOps are posted by the main form (fields, opinion and the decision buttons).
var mainOps = []engine.Op{engine.OpComplete, engine.OpApprove, engine.OpReject, engine.OpSave}

// panelOps have their own small form on the page (a picker, a reason).
var panelOps = []engine.Op{engine.OpReturn, engine.OpTransfer, engine.OpDelegate, engine.OpAddSign,
	engine.OpRemoveSign, engine.OpCopy, engine.OpUrge, engine.OpSuspend, engine.OpTerminate, engine.OpReassign,
	engine.OpMove}

// ErrorAt reports whether the refusal belongs at a place of the page: "main" (the main form), an
// operation's own form, or "top" (operations that are a single button).
func (p *taskPage) ErrorAt(where string) bool {
	if p.Failed == "" {
		return false
	}
	switch {
	case slices.Contains(mainOps, p.Failed) && p.Main():
		return where == "main"
	case slices.Contains(p.Panels(), p.Failed):
		return where == string(p.Failed)
	}
	return where == "top" // also when the operation's place is no longer on the page
}

// Step is the task's step in the definition (nil when unknown).
func (p *taskPage) Step() *process.Step {
	if p.V.Instance == nil || p.V.Instance.Def == nil {
		return nil
	}
	st, _ := p.V.Instance.Def.Step(p.V.Task.Step)
	return st
}

// Panels lists the operations with their own forms that are offered, in page order.
func (p *taskPage) Panels() []engine.Op {
	var out []engine.Op
	for _, op := range p.V.Allowed {
		if slices.Contains(panelOps, op) {
			out = append(out, op)
		}
	}
	return out
}
