package web

import (
	"net/http"

	"github.com/govflow/govflow"
	"net/url"
	"strconv"
	"strings"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/workflow"
)

func init() { RegisterFeature(Feature{Name: "work", Routes: workRoutes}) }

func workRoutes(s *Server, rt *Router) {
	rt.Page("GET /todo", auth.SignedIn, s.workList("todo"))
	rt.Page("GET /todo/done", auth.SignedIn, s.workList("done"))
	rt.Page("GET /todo/copies", auth.SignedIn, s.workList("copies"))
	rt.Page("GET /todo/started", auth.SignedIn, s.workList("started"))
	rt.Page("GET /work/start", auth.SignedIn, s.workStartIndex)
	rt.Page("GET /work/start/{id}", auth.SignedIn, s.workStartForm)
	rt.Handle(Route{Pattern: "POST /work/start/{id}", Perm: auth.SignedIn, Handler: s.workStartPost, MaxBody: maxUpload})
	rt.Page("GET /work/tasks/{id}", auth.SignedIn, s.workTask)
	rt.Handle(Route{Pattern: "POST /work/tasks/{id}", Perm: auth.SignedIn, Handler: s.workTaskPost, MaxBody: maxUpload})
	rt.Page("GET /work/instances/{id}", auth.SignedIn, s.workInstance)
	rt.Page("POST /work/instances/{id}", auth.SignedIn, s.workInstancePost)
}

// workRender renders a work page: it belongs to the 待办 section.
func (s *Server) workRender(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return s.render(w, r, status, name, &Page{Section: "todo", Data: data})
}

// workRenderForm renders a work page again after a refusal: field messages beside the fields, the
// refusal's message on top.
func (s *Server) workRenderForm(w http.ResponseWriter, r *http.Request, name string, data any, err error) error {
	fields, general, ok := FieldMessages(err)
	status := http.StatusUnprocessableEntity
	switch govflow.ErrorCode(err) {
	case govflow.ECONFLICT:
		status = http.StatusConflict
	case govflow.ENOTFOUND:
		status = http.StatusNotFound
	case govflow.EFORBIDDEN: // not theirs to do: said on the page they were on
		status, general, ok = http.StatusForbidden, govflow.ErrorMessage(err), true
	}
	if !ok {
		return err
	}
	return s.render(w, r, status, name, &Page{Section: "todo", Data: data, Errors: fields, Error: general})
}

// maxUpload bounds a form with attachments.
const maxUpload = 20 << 20

// workTab is one tab of the 待办 page.
type workTab struct {
	Key, Title, Path string
	Count            int
	Alert            bool // the count needs attention (overdue work)
}

// workListPage is what the 待办 tabs show.
type workListPage struct {
	Tab       string
	Tabs      []workTab
	Filter    workflow.TaskFilter
	Processes []catalog.Summary
	Counts    workflow.Counts
	Tasks     workflow.Page[workflow.TaskRow]
	Instances workflow.Page[workflow.InstanceRow]
	Pager     pager
	People    *people // names of who sent the copies
}

func listFilter(r *http.Request) workflow.TaskFilter {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	f := workflow.TaskFilter{Process: q.Get("process"), Query: strings.TrimSpace(q.Get("q")), Page: max(page, 1), PerPage: 20}
	switch d := q.Get("deadline"); d {
	case "正常", "临期", "超期":
		f.Deadline = d
	}
	return f
}

func (s *Server) workList(tab string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		svc, err := s.Workflow()
		if err != nil {
			return err
		}
		ctx, me := r.Context(), UserFrom(r).ID
		d := &workListPage{Tab: tab, Filter: listFilter(r)}
		if d.Counts, err = svc.Counts(ctx, me); err != nil {
			return err
		}
		var total int
		switch tab {
		case "todo":
			d.Tasks, err = svc.Inbox(ctx, me, d.Filter)
			total = d.Tasks.Total
		case "done":
			d.Tasks, err = svc.Done(ctx, me, d.Filter)
			total = d.Tasks.Total
		case "copies":
			if d.People, err = s.loadPeople(ctx); err != nil {
				return err
			}
			d.Tasks, err = svc.Copies(ctx, me, d.Filter)
			total = d.Tasks.Total
		case "started":
			d.Instances, err = svc.Started(ctx, me, d.Filter)
			total = d.Instances.Total
		}
		if err != nil {
			return err
		}
		d.Tabs = []workTab{
			{Key: "todo", Title: "待办", Path: "/todo", Count: d.Counts.Todo, Alert: d.Counts.Overdue > 0},
			{Key: "done", Title: "已办", Path: "/todo/done"},
			{Key: "copies", Title: "抄送我的", Path: "/todo/copies", Count: d.Counts.UnreadCopies},
			{Key: "started", Title: "我发起的", Path: "/todo/started"},
		}
		if d.Processes, err = s.definitions().ListPublished(ctx); err != nil {
			return err
		}
		d.Pager = newPager(r.URL, d.Filter.Page, d.Filter.PerPage, total)
		return s.workRender(w, r, http.StatusOK, "work/list", d)
	}
}

// pager is the paging bar of a list.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
	Links              []pageLink
}

type pageLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool // an ellipsis instead of a number
}

func newPager(u *url.URL, page, per, total int) pager {
	pages := max((total+per-1)/per, 1)
	p := pager{Page: page, Pages: pages, Total: total}
	href := func(n int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		return u.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = href(page - 1)
	}
	if page < pages {
		p.Next = href(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-2 || n > page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{N: n, Href: href(n), Current: n == page})
		last = n
	}
	return p
}

// Query is the filter as query parameters, for links that keep it (the deadline chips).
func (d *workListPage) Query(deadline string) string {
	q := url.Values{}
	if d.Filter.Process != "" {
		q.Set("process", d.Filter.Process)
	}
	if d.Filter.Query != "" {
		q.Set("q", d.Filter.Query)
	}
	if deadline != "" {
		q.Set("deadline", deadline)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Filtered reports whether any filter is set (the empty state says so).
func (d *workListPage) Filtered() bool {
	return d.Filter.Process != "" || d.Filter.Query != "" || d.Filter.Deadline != ""
}
