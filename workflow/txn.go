package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
)

// errStale means an instance changed since the command read it (another command, or another server): the
// command runs again on a fresh read.
var errStale = errors.New("workflow: instance changed meanwhile")

// maxFollowUps bounds the chain of immediate requests one command may cause (actions, children, parents).
const maxFollowUps = 200

// change is what one command does to one instance: from old (nil for an instance it creates) to cur, with
// the events and notifications on the way.
type change struct {
	id     string
	old    *inst
	c      *engine.Compiled
	cur    *engine.State
	events []engine.Event
	notes  []engine.Notification
	extra  []noteRow // notifications of the notify action
	enc    *encoded  // rows prepared outside the writer, valid while cur is encFor
	encFor *engine.State
}

// txn is one command inside a writer's transaction: the instances it touches and the requests it carries
// out until none is left.
type txn struct {
	s       *Service
	ctx     context.Context
	tx      store.Tx
	now     time.Time
	env     engine.Env
	changes map[string]*change
	order   []string
	steps   int
}

func (s *Service) newTxn(ctx context.Context, tx store.Tx, now time.Time, env engine.Env) *txn {
	return &txn{s: s, ctx: ctx, tx: tx, now: now, env: env, changes: map[string]*change{}}
}

func (x *txn) add(ch *change) {
	x.changes[ch.id] = ch
	x.order = append(x.order, ch.id)
}

// get returns the change of an instance, reading it when the command has not touched it yet.
func (x *txn) get(id string) (*change, error) {
	if ch, ok := x.changes[id]; ok {
		return ch, nil
	}
	in, err := x.s.loadTx(x.ctx, x.tx, id)
	if err != nil {
		return nil, err
	}
	ch := &change{id: id, old: in, c: in.c, cur: in.st}
	x.add(ch)
	return ch, nil
}

// apply runs a service command on an instance inside the transaction.
func (x *txn) apply(id string, cmd engine.Command) error {
	ch, err := x.get(id)
	if err != nil {
		return err
	}
	res, err := engine.Apply(ch.c, ch.cur, cmd, x.now, x.env)
	if err != nil {
		return err
	}
	take(ch, res)
	return x.follow(ch, res)
}

// follow carries out the immediate requests of a result already taken into its change: actions, child
// starts and stops, and the report of a child's end to its parent. Timers and projections follow from the net
// change when the command is written.
func (x *txn) follow(ch *change, res *engine.Result) error {
	if x.steps++; x.steps > maxFollowUps {
		return internal("follow-ups of "+ch.id, errors.New("too many immediate requests"))
	}
	for _, a := range res.Actions {
		values, failed, err := x.perform(ch, a)
		if err != nil {
			return err
		}
		err = x.apply(ch.id, engine.Command{Op: engine.OpActionDone, Action: a.ID, Values: values, Failed: failed})
		if err != nil {
			return err
		}
	}
	for _, cs := range res.Start {
		if err := x.startChild(cs); err != nil {
			return err
		}
	}
	for _, id := range res.Stop {
		err := x.apply(id, engine.Command{Op: engine.OpTerminate, Reason: "调用它的流程已不再等待该子流程"})
		if err != nil && govflow.ErrorCode(err) == govflow.EINTERNAL {
			return err
		}
	}
	if e := res.Ended; e != nil {
		err := x.apply(e.Parent, engine.Command{Op: engine.OpChildEnded, Call: e.Call, Result: e.Result, Values: e.Values})
		if err != nil {
			return fmt.Errorf("report the end of %s to %s: %w", ch.id, e.Parent, err)
		}
	}
	return nil
}

// startChild starts a called process as a child instance in the same transaction, with the parent's values
// for the fields of its start form.
func (x *txn) startChild(cs engine.ChildStart) error {
	c, err := x.s.progs.published(x.ctx, cs.Process)
	if err != nil {
		return err
	}
	form := map[string]any{}
	if st := c.Def.Start(); st != nil {
		for _, f := range st.Form {
			if v, ok := cs.Values[f]; ok {
				form[f] = v
			}
		}
	}
	cmd := engine.Command{Op: engine.OpStart, Actor: cs.Initiator, Instance: cs.Instance, Form: form,
		Parent: cs.Parent, ParentCall: cs.Call}
	res, err := engine.Apply(c, nil, cmd, x.now, x.env)
	if err != nil {
		return govflow.Errorf(govflow.ErrorCode(err), "无法启动子流程《%s》：%s", c.Def.Name, govflow.ErrorMessage(err))
	}
	ch := &change{id: cs.Instance, c: c}
	x.add(ch)
	take(ch, res)
	return x.follow(ch, res)
}

// flush writes every change: instance rows (checking seq), events, tasks, timers, notifications.
func (x *txn) flush(wk *work) error {
	for _, id := range x.order {
		ch := x.changes[id]
		wk.touched = append(wk.touched, id)
		if ch.old != nil && ch.cur == ch.old.st {
			continue
		}
		in, err := x.s.write(x.ctx, x.tx, ch, x.now, x.env, wk)
		if err != nil {
			return err
		}
		wk.cached = append(wk.cached, in)
	}
	return nil
}
