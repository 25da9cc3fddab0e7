package web

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/workflow"
)

// The workflow's JSON API: start an instance, the lists (待办, 已办, 抄送, 我发起的), counts, a task with the
// operations allowed on it, every operation, an instance with its history, notifications.
//
// Commands (start and the operations) take an Idempotency-Key header that the workflow service records in
// the command's own transaction, so a retried request never acts twice, even across a crash. These routes
// therefore bypass the web layer's idempotency (which stores an answer after the command has committed):
// one key is processed in one place, and both share the idempotency_keys table, so a key used on one
// operation is refused on another.

func init() { RegisterFeature(Feature{Name: "work-api", Routes: workAPIRoutes}) }

const workTag = "流程办理"

// WorkTaskJSON is one task in the API.
type WorkTaskJSON struct {
	ID             string    `json:"id"`
	Instance       string    `json:"instance"`
	Title          string    `json:"title"`
	Process        string    `json:"process"`
	ProcessName    string    `json:"process_name"`
	Step           string    `json:"step"`
	StepName       string    `json:"step_name"`
	Kind           string    `json:"kind" doc:"do 办理、approve 审批、read 传阅、cc 抄送"`
	Unit           string    `json:"unit,omitempty"`
	Assignee       string    `json:"assignee,omitempty" doc:"办理人账号；未认领的公共任务为空"`
	AssigneeName   string    `json:"assignee_name,omitempty"`
	OnBehalfOf     string    `json:"on_behalf_of,omitempty" doc:"代理时被代理人账号"`
	OnBehalfOfName string    `json:"on_behalf_of_name,omitempty"`
	Pool           string    `json:"pool,omitempty" doc:"未认领的公共任务所属的处室岗位，如 秘书处·收发员"`
	State          string    `json:"state" doc:"open、done 或 cancelled"`
	Created        time.Time `json:"created"`
	Due            time.Time `json:"due,omitzero"`
	Completed      time.Time `json:"completed,omitzero"`
	Deadline       string    `json:"deadline,omitempty" doc:"正常、临期 或 超期"`
	LateSeconds    int64     `json:"late_seconds,omitempty"`
	Urges          int       `json:"urges,omitempty"`
	Flags          []string  `json:"flags,omitempty"`
	Outcome        string    `json:"outcome,omitempty" doc:"done、agree、reject、return、read"`
	Read           bool      `json:"read"`
	By             string    `json:"by,omitempty" doc:"抄送人、加签人或退回人的账号"`
	Reason         string    `json:"reason,omitempty"`
}

// WorkInstanceRowJSON is one instance in 我发起的.
type WorkInstanceRowJSON struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Process     string    `json:"process"`
	ProcessName string    `json:"process_name"`
	Status      string    `json:"status" doc:"running、suspended、completed 或 terminated"`
	Result      string    `json:"result,omitempty"`
	Current     string    `json:"current,omitempty" doc:"当前所在环节"`
	Started     time.Time `json:"started"`
	Ended       time.Time `json:"ended,omitzero"`
	Due         time.Time `json:"due,omitzero"`
	Deadline    string    `json:"deadline,omitempty"`
}

// WorkPersonJSON names a person.
type WorkPersonJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit,omitempty"`
	Post string `json:"post,omitempty"`
}

// WorkFieldJSON is a form field with its value.
type WorkFieldJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required,omitempty"`
	Options  []string `json:"options,omitempty"`
	Help     string   `json:"help,omitempty"`
	Value    any      `json:"value,omitempty"`
	Display  string   `json:"display,omitempty"`
	Editable bool     `json:"editable,omitempty"`
}

// WorkHistoryJSON is one line of the 流转记录.
type WorkHistoryJSON struct {
	Time           time.Time       `json:"time"`
	Step           string          `json:"step,omitempty"`
	StepName       string          `json:"step_name,omitempty"`
	Action         string          `json:"action" doc:"发起、办理、同意、不同意、退回、转办 …"`
	Actor          string          `json:"actor,omitempty"`
	ActorName      string          `json:"actor_name,omitempty"`
	OnBehalfOfName string          `json:"on_behalf_of_name,omitempty"`
	Unit           string          `json:"unit,omitempty"`
	Opinion        string          `json:"opinion,omitempty"`
	Changes        []engine.Change `json:"changes,omitempty"`
	Took           string          `json:"took,omitempty" doc:"用时（工作时间）"`
	Limit          string          `json:"limit,omitempty" doc:"环节时限"`
	Late           bool            `json:"late,omitempty"`
}

// WorkOpJSON is an operation offered now, with its Chinese name.
type WorkOpJSON struct {
	Op    string `json:"op"`
	Label string `json:"label"`
}

// WorkInstanceJSON is an instance with its values, open tasks and history.
type WorkInstanceJSON struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Process     string            `json:"process"`
	ProcessName string            `json:"process_name"`
	Version     int               `json:"version"`
	Status      string            `json:"status"`
	Result      string            `json:"result,omitempty"`
	Secrecy     string            `json:"secrecy" doc:"密级"`
	Initiator   WorkPersonJSON    `json:"initiator"`
	Started     time.Time         `json:"started"`
	Ended       time.Time         `json:"ended,omitzero"`
	Due         time.Time         `json:"due,omitzero"`
	Deadline    string            `json:"deadline,omitempty"`
	Parent      string            `json:"parent,omitempty" doc:"调用它的流程实例"`
	Values      []WorkFieldJSON   `json:"values"`
	Open        []WorkTaskJSON    `json:"open"`
	History     []WorkHistoryJSON `json:"history"`
	Current     []string          `json:"current" doc:"当前环节 id（流程图高亮）"`
	Done        []string          `json:"done" doc:"已经过的环节 id"`
	Allowed     []WorkOpJSON      `json:"allowed" doc:"当前登录人对整个实例可做的操作"`
	Held        []WorkHeldJSON    `json:"held,omitempty" doc:"受阻、等待管理员处理的流转分支：以 token 重试（retry）或调度（move）"`
}

// WorkHeldJSON is a branch of the flow held for an administrator.
type WorkHeldJSON struct {
	Token    string    `json:"token" doc:"流转分支，重试、调度时填写"`
	Step     string    `json:"step"`
	StepName string    `json:"step_name"`
	Reason   string    `json:"reason" doc:"受阻原因"`
	Since    time.Time `json:"since"`
}

// WorkReturnTargetJSON is a step a task can be returned to.
type WorkReturnTargetJSON struct {
	Step     string `json:"step"`
	StepName string `json:"step_name"`
	Person   string `json:"person,omitempty"`
}

// WorkTaskViewJSON is a task with its form, the operations allowed now and the pickers' choices.
type WorkTaskViewJSON struct {
	Task          WorkTaskJSON           `json:"task"`
	Instance      WorkInstanceJSON       `json:"instance"`
	Fields        []WorkFieldJSON        `json:"fields" doc:"本环节表单"`
	Allowed       []WorkOpJSON           `json:"allowed"`
	ReturnTargets []WorkReturnTargetJSON `json:"return_targets,omitempty"`
	Removable     []string               `json:"removable,omitempty" doc:"可减签的审批人账号"`
	Candidates    []WorkPersonJSON       `json:"candidates,omitempty" doc:"转办、委派、加签、抄送可选的人员"`
}

// WorkOutcomeJSON says what an operation did.
type WorkOutcomeJSON struct {
	Instance string         `json:"instance"`
	Task     string         `json:"task,omitempty"`
	Message  string         `json:"message"`
	Status   string         `json:"status"`
	Result   string         `json:"result,omitempty"`
	Next     []WorkTaskJSON `json:"next" doc:"本次操作产生的新任务"`
}

// WorkCountsJSON are the navigation badges.
type WorkCountsJSON struct {
	Todo         int `json:"todo"`
	DueSoon      int `json:"due_soon"`
	Overdue      int `json:"overdue"`
	UnreadCopies int `json:"unread_copies"`
}

// WorkStartableJSON is a process the person may start.
type WorkStartableJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Owner    string `json:"owner"`
	Purpose  string `json:"purpose"`
	Limit    string `json:"limit,omitempty"`
	Version  int    `json:"version"`
}

// WorkNotificationJSON is a message to the signed-in person.
type WorkNotificationJSON struct {
	ID       int64     `json:"id"`
	Kind     string    `json:"kind"`
	Instance string    `json:"instance,omitempty"`
	Task     string    `json:"task,omitempty"`
	Text     string    `json:"text"`
	Created  time.Time `json:"created"`
	Read     bool      `json:"read"`
}

// WorkListQuery filters a task or instance list.
type WorkListQuery struct {
	Paging
	Process  string `query:"process" json:"-" doc:"流程 id"`
	Deadline string `query:"deadline" json:"-" doc:"正常、临期 或 超期（也可写 on_time、due_soon、overdue）"`
	Q        string `query:"q" json:"-" doc:"在标题、流程名称、环节名称中搜索"`
}

// WorkStartBody is the body of POST /api/v1/processes/{id}/instances.
type WorkStartBody struct {
	ID      string         `path:"id" json:"-"`
	Form    map[string]any `json:"form" doc:"发起表单：字段 id → 值"`
	Opinion string         `json:"opinion,omitempty"`
}

// WorkOpBody is the body of an operation on a task or an instance; which fields matter depends on op.
type WorkOpBody struct {
	ID      string         `path:"id" json:"-"`
	Op      string         `path:"op" json:"-"`
	Opinion string         `json:"opinion,omitempty" doc:"意见（不同意、退回须填写）"`
	Form    map[string]any `json:"form,omitempty" doc:"本环节表单：字段 id → 值"`
	Target  string         `json:"target,omitempty" doc:"退回、调度：目标环节 id"`
	Person  string         `json:"person,omitempty" doc:"转办、委派、改派、减签：人员账号"`
	Persons []string       `json:"persons,omitempty" doc:"加签、抄送：人员账号"`
	Before  bool           `json:"before,omitempty" doc:"加签：true 为前加签"`
	Reason  string         `json:"reason,omitempty" doc:"挂起、终止、调度、改派的理由；催办的留言"`
	Token   string         `json:"token,omitempty" doc:"调度、重试：流转分支"`
}

// WorkReadBody marks notifications read.
type WorkReadBody struct {
	IDs []int64 `json:"ids" doc:"要标记为已读的通知；为空时全部标记"`
}

// WorkNotificationQuery pages notifications.
type WorkNotificationQuery struct {
	Paging
	Unread bool `query:"unread" json:"-" doc:"只列未读"`
}

var (
	// taskOps are the operations POST /api/v1/tasks/{id}/{op} takes: the task's own and, as the task page
	// offers them, those on its instance (挂起, 恢复, 终止, 重试). A task's allowed list names only these.
	taskOps = []engine.Op{engine.OpOpen, engine.OpClaim, engine.OpRelease, engine.OpSave, engine.OpComplete,
		engine.OpApprove, engine.OpReject, engine.OpReturn, engine.OpWithdraw, engine.OpTransfer, engine.OpDelegate,
		engine.OpAddSign, engine.OpRemoveSign, engine.OpCopy, engine.OpUrge, engine.OpMove, engine.OpReassign,
		engine.OpSuspend, engine.OpResume, engine.OpTerminate, engine.OpRetry}
	instanceOps = []engine.Op{engine.OpCopy, engine.OpSuspend, engine.OpResume, engine.OpTerminate, engine.OpMove,
		engine.OpRetry}
)

func workAPIRoutes(s *Server, rt *Router) {
	list := func(path, summary string, fn func(svc WorkService, r *http.Request, person string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error)) {
		API(rt, Op{Method: "GET", Path: path, Perm: auth.SignedIn, Summary: summary, Tag: workTag},
			func(r *http.Request, q WorkListQuery) (List[WorkTaskJSON], error) {
				svc, err := s.Workflow()
				if err != nil {
					return List[WorkTaskJSON]{}, err
				}
				f, limit, offset, err := q.filter()
				if err != nil {
					return List[WorkTaskJSON]{}, err
				}
				page, err := fn(svc, r, UserFrom(r).ID, f)
				if err != nil {
					return List[WorkTaskJSON]{}, err
				}
				out := List[WorkTaskJSON]{Items: make([]WorkTaskJSON, len(page.Items)), Total: page.Total, Limit: limit, Offset: offset}
				for i, t := range page.Items {
					out.Items[i] = workTaskJSON(t)
				}
				return out, nil
			})
	}
	list("/api/v1/work/inbox", "待办：我的任务和我可认领的公共任务", func(svc WorkService, r *http.Request, p string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error) {
		return svc.Inbox(r.Context(), p, f)
	})
	list("/api/v1/work/done", "已办：我办理过的任务", func(svc WorkService, r *http.Request, p string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error) {
		return svc.Done(r.Context(), p, f)
	})
	list("/api/v1/work/copies", "抄送我的：抄送和传阅，含阅读状态", func(svc WorkService, r *http.Request, p string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error) {
		return svc.Copies(r.Context(), p, f)
	})
	API(rt, Op{Method: "GET", Path: "/api/v1/work/started", Perm: auth.SignedIn, Summary: "我发起的流程", Tag: workTag},
		s.apiStarted)
	API(rt, Op{Method: "GET", Path: "/api/v1/work/counts", Perm: auth.SignedIn, Summary: "待办、临期、超期和未读抄送的数目", Tag: workTag},
		s.apiCounts)
	API(rt, Op{Method: "GET", Path: "/api/v1/work/startable", Perm: auth.SignedIn, Summary: "我可以发起的流程", Tag: workTag},
		s.apiStartable)
	API(rt, Op{Method: "GET", Path: "/api/v1/work/notifications", Perm: auth.SignedIn, Summary: "我的通知", Tag: workTag},
		s.apiNotifications)
	API(rt, Op{Method: "POST", Path: "/api/v1/work/notifications/read", Perm: auth.SignedIn, Summary: "把通知标记为已读", Tag: workTag},
		s.apiMarkRead)
	command(rt, Op{Method: "POST", Path: "/api/v1/processes/{id}/instances", Perm: auth.SignedIn, Status: http.StatusCreated,
		Summary: "发起流程", Tag: workTag, Description: "按发起表单发起已发布流程的一个实例。表单有误时以 problem+json 返回，errors 逐项列出字段（form.字段id）和原因。"},
		s.apiStart)
	API(rt, Op{Method: "GET", Path: "/api/v1/tasks/{id}", Perm: auth.SignedIn, Summary: "任务详情：表单、可做的操作、流转记录", Tag: workTag,
		Description: "只读，不改变任何状态。客户端把任务展示给办理人时，应随后调用 POST /api/v1/tasks/{id}/open（记录查看、传阅和抄送的已阅回执，此后上一环节不能再撤回），与网页打开任务时相同。"},
		s.apiTask)
	command(rt, Op{Method: "POST", Path: "/api/v1/tasks/{id}/{op}", Perm: auth.SignedIn, Summary: "对任务执行一项操作", Tag: workTag,
		Description: "op 为 open 查看、claim 认领、release 放弃认领、save 暂存、complete 办理（传阅为已阅）、approve 同意、reject 不同意、return 退回、withdraw 撤回、transfer 转办、delegate 委派、add_sign 加签、remove_sign 减签、cc 抄送、urge 催办、move 调度、reassign 改派，以及对任务所在流程实例的 suspend 挂起、resume 恢复、terminate 终止、retry 重试（token）。同一任务被他人抢先处理时返回 409（该任务已被处理）。"},
		s.apiTaskOp)
	API(rt, Op{Method: "GET", Path: "/api/v1/instances/{id}", Perm: auth.SignedIn, Summary: "流程实例：表单值、在办任务和流转记录", Tag: workTag},
		s.apiInstance)
	command(rt, Op{Method: "POST", Path: "/api/v1/instances/{id}/{op}", Perm: auth.SignedIn, Summary: "对流程实例执行一项操作", Tag: workTag,
		Description: "op 为 cc 抄送、suspend 挂起、resume 恢复、terminate 终止、move 调度（token、target）、retry 重试（token）。"},
		s.apiInstanceOp)
}

// command registers a workflow command: like API, but the Idempotency-Key header goes to the workflow
// service, which records the answer in the command's own transaction, instead of the web layer's store.
func command[In, Out any](rt *Router, op Op, h func(r *http.Request, in In, key string) (Out, error)) {
	jsonRoute[In, Out](rt, op, func(w http.ResponseWriter, r *http.Request, op Op, in In) error {
		out, err := h(r, in, r.Header.Get(IdempotencyHeader))
		if err != nil {
			return err
		}
		return writeJSON(w, op.Status, out)
	})
}

func (q WorkListQuery) filter() (workflow.TaskFilter, int, int, error) {
	limit, offset := q.Window()
	f := workflow.TaskFilter{Process: q.Process, Query: q.Q, PerPage: limit, Offset: offset}
	switch q.Deadline {
	case "on_time":
		f.Deadline = workflow.OnTime
	case "due_soon":
		f.Deadline = workflow.DueSoon
	case "overdue":
		f.Deadline = workflow.Overdue
	default:
		f.Deadline = q.Deadline
	}
	if limit > 200 {
		return f, 0, 0, govflow.FieldError("limit", "每页最多 200 条")
	}
	return f, limit, offset, nil
}

func (s *Server) apiStarted(r *http.Request, q WorkListQuery) (List[WorkInstanceRowJSON], error) {
	svc, err := s.Workflow()
	if err != nil {
		return List[WorkInstanceRowJSON]{}, err
	}
	f, limit, offset, err := q.filter()
	if err != nil {
		return List[WorkInstanceRowJSON]{}, err
	}
	page, err := svc.Started(r.Context(), UserFrom(r).ID, f)
	if err != nil {
		return List[WorkInstanceRowJSON]{}, err
	}
	out := List[WorkInstanceRowJSON]{Items: make([]WorkInstanceRowJSON, len(page.Items)), Total: page.Total, Limit: limit, Offset: offset}
	for i, x := range page.Items {
		out.Items[i] = WorkInstanceRowJSON{ID: x.ID, Title: x.Title, Process: x.Process, ProcessName: x.ProcessName,
			Status: x.Status, Result: x.Result, Current: x.Current, Started: x.Started, Ended: x.Ended, Due: x.Due,
			Deadline: x.Deadline}
	}
	return out, nil
}

func (s *Server) apiCounts(r *http.Request, _ struct{}) (WorkCountsJSON, error) {
	svc, err := s.Workflow()
	if err != nil {
		return WorkCountsJSON{}, err
	}
	c, err := svc.Counts(r.Context(), UserFrom(r).ID)
	return WorkCountsJSON{Todo: c.Todo, DueSoon: c.DueSoon, Overdue: c.Overdue, UnreadCopies: c.UnreadCopies}, err
}

func (s *Server) apiStartable(r *http.Request, _ struct{}) (List[WorkStartableJSON], error) {
	svc, err := s.Workflow()
	if err != nil {
		return List[WorkStartableJSON]{}, err
	}
	list, err := svc.Startable(r.Context(), s.ActorFrom(r))
	if err != nil {
		return List[WorkStartableJSON]{}, err
	}
	out := List[WorkStartableJSON]{Items: make([]WorkStartableJSON, len(list)), Total: len(list), Limit: len(list)}
	for i, p := range list {
		out.Items[i] = WorkStartableJSON{ID: p.ID, Name: p.Name, Category: p.Category, Owner: p.Owner, Purpose: p.Purpose,
			Limit: p.Limit, Version: p.Published}
	}
	return out, nil
}

// workflowService is the full service, for what the pages' interface does not cover.
func (s *Server) workflowService() (*workflow.Service, error) {
	svc, err := s.Workflow()
	if err != nil {
		return nil, err
	}
	full, ok := svc.(*workflow.Service)
	if !ok {
		return nil, govflow.Errorf(govflow.EINTERNAL, "流程服务不支持该操作")
	}
	return full, nil
}

func (s *Server) apiNotifications(r *http.Request, q WorkNotificationQuery) (List[WorkNotificationJSON], error) {
	svc, err := s.workflowService()
	if err != nil {
		return List[WorkNotificationJSON]{}, err
	}
	limit, offset := q.Window()
	page, err := svc.Notifications(r.Context(), UserFrom(r).ID, q.Unread, offset/limit+1, limit)
	if err != nil {
		return List[WorkNotificationJSON]{}, err
	}
	out := List[WorkNotificationJSON]{Items: make([]WorkNotificationJSON, len(page.Items)), Total: page.Total, Limit: limit,
		Offset: (page.Page - 1) * limit}
	for i, n := range page.Items {
		out.Items[i] = WorkNotificationJSON{ID: n.ID, Kind: n.Kind, Instance: n.Instance, Task: n.Task, Text: n.Text,
			Created: n.Created, Read: n.Read}
	}
	return out, nil
}

func (s *Server) apiMarkRead(r *http.Request, in WorkReadBody) (NoContent, error) {
	svc, err := s.workflowService()
	if err != nil {
		return NoContent{}, err
	}
	return NoContent{}, svc.MarkRead(r.Context(), UserFrom(r).ID, in.IDs)
}

func (s *Server) apiStart(r *http.Request, in WorkStartBody, key string) (WorkInstanceJSON, error) {
	svc, err := s.Workflow()
	if err != nil {
		return WorkInstanceJSON{}, err
	}
	v, err := svc.Start(r.Context(), s.ActorFrom(r), in.ID, in.Form, in.Opinion, key)
	if err != nil {
		return WorkInstanceJSON{}, formField(err)
	}
	return workInstanceJSON(v), nil
}

func (s *Server) apiTask(r *http.Request, in IDParam) (WorkTaskViewJSON, error) {
	svc, err := s.Workflow()
	if err != nil {
		return WorkTaskViewJSON{}, err
	}
	tv, err := svc.Task(r.Context(), s.ActorFrom(r), in.ID)
	if err != nil {
		return WorkTaskViewJSON{}, err
	}
	out := WorkTaskViewJSON{Task: workTaskJSON(tv.Task), Instance: workInstanceJSON(tv.Instance),
		Fields: workFields(tv.Fields), Allowed: workOps(onRoute(tv.Allowed, taskOps)), Removable: tv.Removable}
	for _, t := range tv.ReturnTargets {
		out.ReturnTargets = append(out.ReturnTargets, WorkReturnTargetJSON{Step: t.Step, StepName: t.StepName, Person: t.Person})
	}
	for _, p := range tv.Candidates {
		out.Candidates = append(out.Candidates, WorkPersonJSON(p))
	}
	return out, nil
}

func (s *Server) apiInstance(r *http.Request, in IDParam) (WorkInstanceJSON, error) {
	svc, err := s.Workflow()
	if err != nil {
		return WorkInstanceJSON{}, err
	}
	v, err := svc.Instance(r.Context(), s.ActorFrom(r), in.ID)
	if err != nil {
		return WorkInstanceJSON{}, err
	}
	return workInstanceJSON(v), nil
}

func (s *Server) apiTaskOp(r *http.Request, in WorkOpBody, key string) (WorkOutcomeJSON, error) {
	return s.apiOp(r, in, key, taskOps, engine.Command{Task: in.ID})
}

func (s *Server) apiInstanceOp(r *http.Request, in WorkOpBody, key string) (WorkOutcomeJSON, error) {
	return s.apiOp(r, in, key, instanceOps, engine.Command{Instance: in.ID})
}

func (s *Server) apiOp(r *http.Request, in WorkOpBody, key string, ops []engine.Op, cmd engine.Command) (WorkOutcomeJSON, error) {
	op := engine.Op(in.Op)
	if !slices.Contains(ops, op) {
		names := make([]string, len(ops))
		for i, o := range ops {
			names[i] = string(o)
		}
		return WorkOutcomeJSON{}, govflow.FieldError("op", "不认识的操作“%s”：可用的操作为 %s", clip(in.Op, 40), joinNames(names))
	}
	svc, err := s.Workflow()
	if err != nil {
		return WorkOutcomeJSON{}, err
	}
	cmd.Op, cmd.Opinion, cmd.Form, cmd.Target, cmd.Person = op, in.Opinion, in.Form, in.Target, in.Person
	cmd.Persons, cmd.Before, cmd.Reason, cmd.Token = in.Persons, in.Before, in.Reason, in.Token
	out, err := svc.Do(r.Context(), s.ActorFrom(r), cmd, key)
	if err != nil {
		return WorkOutcomeJSON{}, formField(err)
	}
	res := WorkOutcomeJSON{Instance: out.Instance, Task: out.Task, Message: out.Message, Status: out.Status,
		Result: out.Result, Next: make([]WorkTaskJSON, len(out.Next))}
	for i, t := range out.Next {
		res.Next[i] = workTaskJSON(t)
	}
	return res, nil
}

// onRoute keeps the allowed operations a route takes, so that what the API offers it also accepts.
func onRoute(allowed, route []engine.Op) []engine.Op {
	out := make([]engine.Op, 0, len(allowed))
	for _, op := range allowed {
		if slices.Contains(route, op) {
			out = append(out, op)
		}
	}
	return out
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}

// formField names a form field's problem as the request names it: form.<field id>.
func formField(err error) error {
	var fes govflow.FieldErrors
	var fe *govflow.Error
	switch {
	case errors.As(err, &fes):
		out := make(govflow.FieldErrors, len(fes))
		for i, e := range fes {
			c := *e
			c.Field = "form." + c.Field
			out[i] = &c
		}
		return out
	case errors.As(err, &fe) && fe.Field != "" && govflow.ErrorCode(err) == govflow.EINVALID && isFormField(fe.Field):
		c := *fe
		c.Field = "form." + c.Field
		return &c
	}
	return err
}

// isFormField tells a form field's id from the names of the body's other inputs.
func isFormField(name string) bool {
	switch name {
	case "op", "opinion", "target", "person", "persons", "reason", "token", "instance", "task", IdempotencyHeader:
		return false
	}
	return true
}

func workTaskJSON(t workflow.TaskRow) WorkTaskJSON {
	return WorkTaskJSON{ID: t.ID, Instance: t.Instance, Title: t.Title, Process: t.Process, ProcessName: t.ProcessName,
		Step: t.Step, StepName: t.StepName, Kind: t.Kind, Unit: t.Unit, Assignee: t.Assignee, AssigneeName: t.AssigneeName,
		OnBehalfOf: t.OnBehalfOf, OnBehalfOfName: t.OnBehalfOfName, Pool: t.Pool, State: t.State, Created: t.Created,
		Due: t.Due, Completed: t.Completed, Deadline: t.Deadline, LateSeconds: int64(t.Late / time.Second),
		Urges: t.Urges, Flags: t.Flags, Outcome: t.Outcome, Read: t.Read, By: t.By, Reason: t.Reason}
}

func workInstanceJSON(v *workflow.InstanceView) WorkInstanceJSON {
	out := WorkInstanceJSON{ID: v.ID, Title: v.Title, Process: v.Process, ProcessName: v.ProcessName, Version: v.Version,
		Status: v.Status, Result: v.Result, Secrecy: v.Secrecy, Initiator: WorkPersonJSON(v.Initiator), Started: v.Started,
		Ended: v.Ended, Due: v.Due, Deadline: v.Deadline, Parent: v.Parent, Values: workFields(v.Values),
		Open: make([]WorkTaskJSON, len(v.Open)), History: make([]WorkHistoryJSON, len(v.History)),
		Current: nonNil(v.Current), Done: nonNil(v.Done), Allowed: workOps(onRoute(v.Allowed, instanceOps))}
	for i, t := range v.Open {
		out.Open[i] = workTaskJSON(t)
	}
	for _, h := range v.Held {
		out.Held = append(out.Held, WorkHeldJSON{Token: h.Token, Step: h.Step, StepName: h.StepName, Reason: h.Reason,
			Since: h.Since})
	}
	for i, h := range v.History {
		out.History[i] = WorkHistoryJSON{Time: h.Time, Step: h.Step, StepName: h.StepName, Action: h.Action, Actor: h.Actor,
			ActorName: h.ActorName, OnBehalfOfName: h.OnBehalfOfName, Unit: h.Unit, Opinion: h.Opinion, Changes: h.Changes,
			Took: h.Took, Limit: h.Limit, Late: h.Late}
	}
	return out
}

func workFields(fs []workflow.FieldView) []WorkFieldJSON {
	out := make([]WorkFieldJSON, len(fs))
	for i, f := range fs {
		out[i] = WorkFieldJSON{ID: f.ID, Name: f.Name, Type: string(f.Type), Required: f.Required, Options: f.Options,
			Help: f.Help, Value: f.Value, Display: f.Display, Editable: f.Editable}
	}
	return out
}

func workOps(ops []engine.Op) []WorkOpJSON {
	out := make([]WorkOpJSON, len(ops))
	for i, o := range ops {
		out[i] = WorkOpJSON{Op: string(o), Label: o.Label()}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
