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
func (p *instancePage) Urgeable(t workflow.TaskRow) bool {
	return p.Can(string(engine.OpUrge)) && t.Assignee != p.Me && t.Kind != engine.KindCopy && t.Kind != engine.KindRead
}

// ErrorAt reports whether the refusal belongs at a place of the page: an operation's own form while it is
// offered, else "top".
func (p *instancePage) ErrorAt(where string) bool {
	if p.Failed == "" {
		return false
	}
	if slices.Contains(instancePanels, p.Failed) && p.Can(string(p.Failed)) {
		return where == string(p.Failed)
	}
	return where == "top"
}

// instancePanels have their own forms on the instance page.
var instancePanels = []engine.Op{engine.OpCopy, engine.OpSuspend, engine.OpTerminate}

// Acts reports whether any operation is offered.
func (p *instancePage) Acts() bool { return len(p.V.Allowed) > 0 }

func (s *Server) instancePage(r *http.Request, v *workflow.InstanceView) (*instancePage, error) {
	d := &instancePage{V: v, Me: UserFrom(r).ID, Posted: url.Values{}, Idem: auth.RandomToken()}
	var err error
	if d.People, err = s.loadPeople(r.Context()); err != nil {
		return nil, err
	}
	d.Values = readOnly(v.Values, nil)
	d.Chart = s.chart(r, v, "instance-chart")
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
	case engine.OpSuspend, engine.OpResume, engine.OpTerminate:
	default:
		return cmd, govflow.Errorf(govflow.EINVALID, "不支持的操作“%s”。请刷新页面后重试。", op)
	}
	return cmd, nil
}
