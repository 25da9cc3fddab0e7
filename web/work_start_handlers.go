package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/flowchart"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/workflow"
)

// startIndex lists the processes the person may start, by category.
type startIndex struct {
	Query      string
	Categories []startCategory
	Total      int
}

type startCategory struct {
	Name      string
	Processes []catalog.Summary
}

func (s *Server) workStartIndex(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.Workflow()
	if err != nil {
		return err
	}
	list, err := svc.Startable(r.Context(), s.ActorFrom(r))
	if err != nil {
		return err
	}
	d := &startIndex{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	for _, p := range list {
		if d.Query != "" && !strings.Contains(p.Name+p.Purpose+p.Owner+p.Category, d.Query) {
			continue
		}
		i := slices.IndexFunc(d.Categories, func(c startCategory) bool { return c.Name == p.Category })
		if i < 0 {
			d.Categories = append(d.Categories, startCategory{Name: p.Category})
			i = len(d.Categories) - 1
		}
		d.Categories[i].Processes = append(d.Categories[i].Processes, p)
		d.Total++
	}
	order := catalog.Categories()
	rank := func(name string) int {
		if i := slices.Index(order, name); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(d.Categories, func(a, b startCategory) int { return rank(a.Name) - rank(b.Name) })
	return s.workRender(w, r, http.StatusOK, "work/start", d)
}

// startForm is the form that starts one process.
type startForm struct {
	Process *catalog.Summary
	Def     *process.Definition
	Fields  []fieldInput
	Opinion string
	People  *people
	Chart   template.HTML
	Steps   []stepGuide
	Idem    string // the idempotency key: a second submission of the same form starts nothing twice
}

// stepGuide is one step of the process as the start page explains it: who does it within which limit.
type stepGuide struct {
	Name, Who, Limit, Standard string
}

// startable returns the summary of a process the person may start; ENOTFOUND otherwise.
func (s *Server) startable(ctx context.Context, svc WorkService, by govflow.Actor, id string) (*catalog.Summary, error) {
	list, err := svc.Startable(ctx, by)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], nil
		}
	}
	return nil, govflow.Errorf(govflow.ENOTFOUND, "没有可以发起的流程“%s”：流程不存在、尚未发布，或您无权发起。", id)
}

func (s *Server) loadStartForm(r *http.Request) (*startForm, WorkService, error) {
	svc, err := s.Workflow()
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	sum, err := s.startable(ctx, svc, s.ActorFrom(r), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	v, err := s.definitions().Published(ctx, sum.ID)
	if err != nil {
		return nil, nil, err
	}
	d := &startForm{Process: sum, Def: v.Def, Idem: r.PostFormValue("idem")}
	if d.Idem == "" {
		d.Idem = auth.RandomToken()
	}
	if d.People, err = s.loadPeople(ctx); err != nil {
		return nil, nil, err
	}
	svg, err := flowchart.Render(v.Def, flowchart.Options{IDPrefix: "start-chart"})
	if err == nil {
		d.Chart = template.HTML(svg)
	}
	d.Steps = guide(v.Def)
	return d, svc, nil
}

// guide lists the steps people do, in definition order.
func guide(def *process.Definition) []stepGuide {
	var out []stepGuide
	for _, st := range def.Steps {
		if !st.Type.IsHuman() {
			continue
		}
		out = append(out, stepGuide{Name: st.Name, Who: catalog.Who(def, st.Who), Limit: st.Limit, Standard: st.Standard})
	}
	return out
}

func (s *Server) workStartForm(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.loadStartForm(r)
	if err != nil {
		return err
	}
	d.Fields = inputsOf(startFields(d.Def), nil, nil)
	return s.workRender(w, r, http.StatusOK, "work/startform", d)
}

func (s *Server) workStartPost(w http.ResponseWriter, r *http.Request) error {
	d, svc, err := s.loadStartForm(r)
	if err != nil {
		return err
	}
	fields := startFields(d.Def)
	posted := postedFields(r, fields)
	d.Opinion = strings.TrimSpace(r.PostFormValue("opinion"))
	view, err := svc.Start(r.Context(), s.ActorFrom(r), d.Process.ID, formInput(fields, posted), d.Opinion, r.PostFormValue("idem"))
	if err != nil {
		d.Fields = inputsOf(fields, posted, fieldErrors(err))
		return s.workRenderForm(w, r, "work/startform", d, err)
	}
	return s.Redirect(w, r, s.afterStart(r, svc, view), "已发起“"+view.Title+"”。"+nextText(view.Open))
}

// afterStart is where the initiator goes next: a first task they may work on (their own, or a pool they
// belong to), else the instance.
func (s *Server) afterStart(r *http.Request, svc WorkService, v *workflow.InstanceView) string {
	for _, t := range v.Open {
		if t.Kind == engine.KindCopy || t.Kind == engine.KindRead {
			continue
		}
		tv, err := svc.Task(r.Context(), s.ActorFrom(r), t.ID)
		if err == nil && slices.ContainsFunc(tv.Allowed, func(op engine.Op) bool {
			return op == engine.OpClaim || op == engine.OpComplete || op == engine.OpApprove
		}) {
			return "/work/tasks/" + t.ID
		}
	}
	return "/work/instances/" + v.ID
}

// nextText says where the work went.
func nextText(open []workflow.TaskRow) string {
	var to []string
	for _, t := range open {
		if t.Kind == engine.KindCopy || t.Kind == engine.KindRead {
			continue
		}
		who := t.Pool
		if who == "" {
			who = t.AssigneeName
		}
		if s := t.StepName + "（" + who + "）"; !slices.Contains(to, s) {
			to = append(to, s)
		}
	}
	if len(to) == 0 {
		return ""
	}
	return "已送" + strings.Join(to, "、") + "办理。"
}
