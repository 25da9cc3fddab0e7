package workflow

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// maxAttempts bounds how often a command runs again because its instance changed meanwhile.
const maxAttempts = 10

// errBusy: the instance kept changing under the command; nothing was done and the command may be sent again.
var errBusy = govflow.Errorf(govflow.ECONFLICT, "该流程正被他人同时处理，请稍后重试")

// command is one command as the service runs it.
type command struct {
	by    govflow.Actor // ID "" for the service's own commands
	cmd   engine.Command
	id    string // the instance
	key   string // idempotency key ("" for none)
	route string // what the key was used for
	fp    string // the request's fingerprint, kept with the key (exec sets it)
	// prepare applies the command outside the writer: the change and the engine's result.
	prepare func(ctx context.Context, fresh bool, env engine.Env, now time.Time) (*change, *engine.Result, error)
	// claim runs first inside the transaction; its error abandons the command (a timer fired elsewhere).
	claim func(ctx context.Context, tx store.Tx) error
}

// done is what a committed command hands back.
type done struct {
	outcome *Outcome
	replay  *stored // set when an earlier request with the same key answered
}

// exec runs a command: prepare and encode outside the writer, then in one savepoint of a group commit the
// idempotency check, the writes, the follow-up requests, the audit record and the idempotency record.
func (s *Service) exec(ctx context.Context, c *command) (*done, error) {
	if c.key != "" {
		c.fp = fingerprint(c.route, c.cmd)
		if st, err := s.replay(ctx, c); err != nil || st != nil {
			return &done{replay: st}, err
		}
	}
	for attempt := 0; attempt < s.attempts; attempt++ {
		env, err := s.env(ctx)
		if err != nil {
			return nil, err
		}
		now := s.now()
		ch, res, err := c.prepare(ctx, attempt > 0, env, now)
		if err == nil {
			err = s.clearFor(c.by.ID, ch, res, env)
		}
		if err != nil {
			if c.key != "" {
				// A request with the same key may have committed while this one waited: answer it.
				if st, rerr := s.replay(ctx, c); rerr == nil && st != nil {
					return &done{replay: st}, nil
				}
			}
			return nil, err
		}
		take(ch, res)
		if !hasFollowUps(res) {
			if ch.enc, err = encode(ch, env); err != nil {
				return nil, internal("encode "+ch.id, err)
			}
			ch.encFor = ch.cur
		}
		v, err := s.submit(ctx, ch.id, func(ctx context.Context, tx store.Tx, wk *work) error {
			return s.commit(ctx, tx, wk, c, ch, res, env, now)
		})
		if errors.Is(err, errStale) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return v.(*done), nil
	}
	return nil, errBusy
}

// commit is the part of a command that runs inside the writer's transaction.
func (s *Service) commit(ctx context.Context, tx store.Tx, wk *work, c *command, ch *change, res *engine.Result,
	env engine.Env, now time.Time) error {
	if c.key != "" {
		st, err := s.replayTx(ctx, tx, c)
		if err != nil {
			return err
		}
		if st != nil {
			wk.v = &done{replay: st}
			return nil
		}
	}
	if c.claim != nil {
		if err := c.claim(ctx, tx); err != nil {
			return err
		}
	}
	ch = ch.fresh()
	x := s.newTxn(ctx, tx, now, env)
	x.add(ch)
	if err := x.follow(ch, res); err != nil {
		wk.touched = append(wk.touched, x.order...)
		return err
	}
	if err := x.flush(wk); err != nil {
		return err
	}
	out := s.outcome(c, ch, env)
	if err := audit.Append(ctx, tx, auditEntry(c, ch, now)); err != nil {
		return internal("audit", err)
	}
	if c.key != "" {
		if err := s.remember(ctx, tx, c, &stored{Instance: ch.id, Outcome: out}, now); err != nil {
			return err
		}
	}
	wk.v = &done{outcome: out}
	return nil
}

// fresh copies a change for one run inside a writer: a batch that rolls back runs its commands again.
func (ch *change) fresh() *change {
	c := *ch
	c.events, c.notes, c.extra = slices.Clip(ch.events), slices.Clip(ch.notes), slices.Clip(ch.extra)
	return &c
}

// clearFor refuses a person's command that would classify the instance above their own clearance: they
// could not see it afterwards.
func (s *Service) clearFor(person string, ch *change, res *engine.Result, env engine.Env) error {
	if person == "" {
		return nil
	}
	level := secrecyOf(ch.c.Def, res.State.Values)
	if level == 0 || (ch.old != nil && level <= ch.old.secrecy) {
		return nil
	}
	dir, ok := env.Directory.(*directory)
	if !ok {
		return nil
	}
	p, _ := dir.d.Person(person)
	if p.Clearance.Permits(govflow.Clearance(level)) {
		return nil
	}
	for _, f := range ch.c.Def.Fields {
		if f.Type == process.FieldSecrecy {
			return govflow.FieldError(f.ID, "您的涉密等级为%s，不能把事项定为%s", p.Clearance, process.SecrecyLevels[level])
		}
	}
	return nil
}

// take moves a result into its change.
func take(ch *change, res *engine.Result) {
	ch.cur = res.State
	ch.events = append(ch.events, res.Events...)
	ch.notes = append(ch.notes, res.Notify...)
}

func hasFollowUps(res *engine.Result) bool {
	return len(res.Actions) > 0 || len(res.Start) > 0 || len(res.Stop) > 0 || res.Ended != nil
}

// prepareOn applies cmd to an existing instance. A refusal computed on a cached state is checked against
// the database first: when the instance changed meanwhile the command runs again on the fresh state.
func (s *Service) prepareOn(id string, cmd engine.Command) func(context.Context, bool, engine.Env, time.Time) (*change, *engine.Result, error) {
	return func(ctx context.Context, fresh bool, env engine.Env, now time.Time) (*change, *engine.Result, error) {
		for {
			in, err := s.load(ctx, id, fresh)
			if err != nil {
				return nil, nil, err
			}
			res, err := applyForm(in.c, in.st, cmd, now, env)
			if err != nil {
				if !fresh && govflow.ErrorCode(err) != govflow.EINTERNAL && s.changed(ctx, id, in.st.Seq) {
					fresh = true
					continue
				}
				return nil, nil, err
			}
			return &change{id: id, old: in, c: in.c, cur: in.st}, res, nil
		}
	}
}

// changed reports whether the stored instance has moved past seq.
func (s *Service) changed(ctx context.Context, id string, seq int64) bool {
	var got int64
	err := s.db.Read(ctx, func(tx store.Tx) error {
		return tx.QueryRow(ctx, `SELECT seq FROM wf_instances WHERE id = $1`, id).Scan(&got)
	})
	if err != nil {
		return false
	}
	if got != seq {
		s.cache.forget(id)
		return true
	}
	return false
}

func auditEntry(c *command, ch *change, now time.Time) audit.Entry {
	actor := c.by.ID
	if actor == "" {
		actor = "system"
	}
	object := "instance:" + ch.id
	if c.cmd.Task != "" {
		object = "task:" + c.cmd.Task
	}
	detail := c.cmd.Op.Label() + "《" + titleOf(ch.c.Def, ch.cur.Values) + "》"
	if t := c.cmd.Timer; t != "" {
		detail += " 定时 " + t
	}
	if c.cmd.Opinion != "" {
		detail += "，意见：" + clip(c.cmd.Opinion, 200)
	}
	if c.cmd.Reason != "" {
		detail += "，理由：" + clip(c.cmd.Reason, 200)
	}
	return audit.Entry{Actor: actor, Action: "workflow." + string(c.cmd.Op), Object: object, Detail: detail,
		IP: c.by.IP, At: now}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
