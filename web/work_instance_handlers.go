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
	"github.com/govflow/govflow/workflow"
)

// instancePage is the page of one instance for its initiator and other viewers.
type instancePage struct {
	V      *workflow.InstanceView
	Me     string
	Values []workflow.FieldView
	Chart  template.HTML
	People *people
	Steps  []stepOption // 调度 targets for a held branch
	Failed engine.Op
	Posted url.Values
	Idem   string
}

// Can reports whether the instance-level operation is offered.
func (p *instancePage) Can(op string) bool { return slices.Contains(p.V.Allowed, engine.Op(op)) }

// Open reports whether the form of an operation is shown open (it was refused).
func (p *instancePage) Open(op string) bool { return string(p.Failed) == op }

// Kept is a value typed into the refused operation's form.
func (p *instancePage) Kept(name string) string { return p.Posted.Get(name) }

// KeptList is a list typed into the refused operation's form.
func (p *instancePage) KeptList(name string) []string { return p.Posted[name] }

// Urgeable reports whether the viewer may urge the open task (催办 is for other people's blocking work).
func (p *instancePage) Urgeable(t workflow.TaskRow) bool { return slices.Contains(p.V.Urgeable, t.ID) }

// ErrorAt reports whether the refusal belongs at a place of the page: an operation's own form while it is
// offered, "held" for 重试 and 调度 of a branch still held, else "top".
func (p *instancePage) ErrorAt(where string) bool {
	switch {
	case p.Failed == "":
		return false
	case slices.Contains(instancePanels, p.Failed) && p.Can(string(p.Failed)):
		return where == string(p.Failed)
	case slices.Contains(heldOps, p.Failed) && p.heldToken(p.Posted.Get("token")):
		return where == "held"
	}
	return where == "top"
}

// instancePanels have their own forms on the instance page.
var instancePanels = []engine.Op{engine.OpCopy, engine.OpSuspend, engine.OpTerminate}

// heldOps act on a held branch of the flow.
var heldOps = []engine.Op{engine.OpRetry, engine.OpMove}

// cardOps are the operations the operations card offers.
var cardOps = []engine.Op{engine.OpResume, engine.OpCopy, engine.OpSuspend, engine.OpTerminate}

// Acts reports whether the operations card has anything to offer.
func (p *instancePage) Acts() bool {
	return slices.ContainsFunc(cardOps, func(op engine.Op) bool { return p.Can(string(op)) })
}

// Refused reports whether op on the held branch token was refused: its form is shown open with what was typed.
func (p *instancePage) Refused(op, token string) bool {
	return string(p.Failed) == op && p.Posted.Get("token") == token
}

func (p *instancePage) heldToken(token string) bool {
	return slices.ContainsFunc(p.V.Held, func(h workflow.HeldToken) bool { return h.Token == token })
}

func (s *Server) instancePage(r *http.Request, v *workflow.InstanceView) (*instancePage, error) {
	d := &instancePage{V: v, Me: UserFrom(r).ID, Posted: url.Values{}, Idem: auth.RandomToken()}
	var err error
	if d.People, err = s.loadPeople(r.Context()); err != nil {
		return nil, err
	}
	d.Values = readOnly(v.Values, nil)
	d.Chart = s.chart(r, v, "instance-chart")
	if len(v.Held) > 0 {
		d.Steps = moveTargets(v.Def)
	}
	return d, nil
}

func (s *Server) workInstance(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.Workflow()
	if err != nil {
		return err
	}
	v, err := svc.Instance(r.Context(), s.ActorFrom(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	d, err := s.instancePage(r, v)
	if err != nil {
		return err
	}
	return s.workRender(w, r, http.StatusOK, "work/instance", d)
}

func (s *Server) workInstancePost(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.Workflow()
	if err != nil {
		return err
	}
	ctx, by, id := r.Context(), s.ActorFrom(r), r.PathValue("id")
	v, err := svc.Instance(ctx, by, id)
	if err != nil {
		return err
	}
	cmd, err := instanceCommand(r, id)
	if err == nil {
		var out *workflow.Outcome
		if out, err = svc.Do(ctx, by, cmd, r.PostFormValue("idem")); err == nil {
			return s.Redirect(w, r, "/work/instances/"+id, outcomeText(cmd, out))
		}
	}
	if fresh, ferr := svc.Instance(ctx, by, id); ferr == nil {
		v = fresh
	}
	d, derr := s.instancePage(r, v)
	if derr != nil {
		return derr
	}
	d.Failed, d.Posted = cmd.Op, r.PostForm
	if i := r.PostFormValue("idem"); i != "" {
		d.Idem = i
	}
	return s.workRenderForm(w, r, "work/instance", d, err)
}

// instanceCommand reads an operation posted on the instance page.
func instanceCommand(r *http.Request, id string) (engine.Command, error) {
	op := engine.Op(r.PostFormValue("op"))
	cmd := engine.Command{Op: op, Instance: id, Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	switch op {
	case engine.OpCopy:
		cmd.Persons, cmd.Opinion = trimAll(r.PostForm["persons"]), cmd.Reason
		if len(cmd.Persons) == 0 {
			return cmd, govflow.FieldError("persons", "请至少选择一人。")
		}
	case engine.OpRetry:
		cmd.Token = r.PostFormValue("token")
	case engine.OpMove:
		cmd.Token, cmd.Target = r.PostFormValue("token"), r.PostFormValue("target")
		if cmd.Target == "" {
			return cmd, govflow.FieldError("target", "请选择调度到哪个环节。")
		}
	case engine.OpSuspend, engine.OpResume, engine.OpTerminate:
	default:
		return cmd, govflow.Errorf(govflow.EINVALID, "不支持的操作“%s”。请刷新页面后重试。", op)
	}
	return cmd, nil
}
