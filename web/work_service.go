package web

import (
	"context"
	"sync"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendardb"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/workflow"
)

// WorkService is what the work pages (待办, 发起, the task and instance pages) need of the workflow service.
// *workflow.Service implements it.
type WorkService interface {
	Start(ctx context.Context, by govflow.Actor, processID string, form map[string]any, opinion, idemKey string) (*workflow.InstanceView, error)
	Do(ctx context.Context, by govflow.Actor, cmd engine.Command, idemKey string) (*workflow.Outcome, error)
	Inbox(ctx context.Context, person string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error)
	Done(ctx context.Context, person string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error)
	Copies(ctx context.Context, person string, f workflow.TaskFilter) (workflow.Page[workflow.TaskRow], error)
	Started(ctx context.Context, person string, f workflow.TaskFilter) (workflow.Page[workflow.InstanceRow], error)
	Counts(ctx context.Context, person string) (workflow.Counts, error)
	Task(ctx context.Context, viewer govflow.Actor, taskID string) (*workflow.TaskView, error)
	Instance(ctx context.Context, viewer govflow.Actor, id string) (*workflow.InstanceView, error)
	Startable(ctx context.Context, viewer govflow.Actor) ([]catalog.Summary, error)
}

var (
	workMu  sync.Mutex
	workSet = map[*Server]WorkService{}
)

// SetWorkflow gives the server the workflow service its pages use (serve passes the one it runs).
func (s *Server) SetWorkflow(w WorkService) {
	workMu.Lock()
	defer workMu.Unlock()
	workSet[s] = w
}

// Workflow returns the workflow service of the server: the one given by SetWorkflow, else the one the
// workflow package made for this database, else one made now over the stored catalog (without background
// work: timers fire only where Run runs).
func (s *Server) Workflow() (WorkService, error) {
	workMu.Lock()
	defer workMu.Unlock()
	if w := workSet[s]; w != nil {
		return w, nil
	}
	if w := workflow.Of(s.DB()); w != nil {
		workSet[s] = w
		return w, nil
	}
	w, err := workflow.New(s.DB(), catalog.NewService(s.DB(), s.Now), workflow.Options{Now: s.Now, Logger: s.log, Calendar: calendardb.For(s.DB()).Calendar})
	if err != nil {
		return nil, err
	}
	s.log.Warn("workflow service made by the web layer: reminders, escalations and waits fire only where Run runs")
	workSet[s] = w
	return w, nil
}

// Definitions returns the stored catalog, for the start form's definition.
func (s *Server) definitions() *catalog.Service {
	workMu.Lock()
	defer workMu.Unlock()
	if c := catalogSet[s]; c != nil {
		return c
	}
	c := catalog.NewService(s.DB(), s.Now)
	catalogSet[s] = c
	return c
}

var catalogSet = map[*Server]*catalog.Service{}
