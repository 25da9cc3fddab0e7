package workflow

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
)

func (s *Service) start(ctx context.Context, by govflow.Actor, processID string, form map[string]any, opinion, key string) (*InstanceView, error) {
	if by.ID == "" {
		return nil, govflow.Errorf(govflow.EUNAUTHORIZED, "请先登录")
	}
	if len(key) > 200 {
		return nil, govflow.FieldError("Idempotency-Key", "幂等键不能超过 200 个字符。")
	}
	c, err := s.progs.published(ctx, processID)
	if err != nil {
		return nil, err
	}
	dir, err := s.directory(ctx)
	if err != nil {
		return nil, err
	}
	if !mayStart(c, dir, by.ID) {
		return nil, govflow.Errorf(govflow.EFORBIDDEN, "您不在可以发起《%s》的范围内", c.Def.Name)
	}
	id := s.opts.NewID()
	cmd := engine.Command{Op: engine.OpStart, Actor: by.ID, Instance: id, Form: form, Opinion: opinion}
	d, err := s.exec(ctx, &command{by: by, cmd: cmd, id: id, key: key, route: "workflow:start:" + processID,
		prepare: func(_ context.Context, _ bool, env engine.Env, now time.Time) (*change, *engine.Result, error) {
			res, err := applyForm(c, nil, cmd, now, env)
			if err != nil {
				return nil, nil, err
			}
			return &change{id: id, c: c}, res, nil
		}})
	if err != nil {
		return nil, err
	}
	if d.replay != nil {
		id = d.replay.Instance
	}
	return s.instance(ctx, by, id)
}

func (s *Service) do(ctx context.Context, by govflow.Actor, cmd engine.Command, key string) (*Outcome, error) {
	switch {
	case by.ID == "":
		return nil, govflow.Errorf(govflow.EUNAUTHORIZED, "请先登录")
	case cmd.Op.System():
		return nil, govflow.FieldError("op", "操作“%s”由系统执行，不能手工提交", cmd.Op)
	case cmd.Op == engine.OpStart:
		return nil, govflow.FieldError("op", "发起流程请使用发起接口")
	case len(key) > 200:
		return nil, govflow.FieldError("Idempotency-Key", "幂等键不能超过 200 个字符。")
	}
	cmd.Actor = by.ID
	cmd.Parent, cmd.ParentCall, cmd.Timer, cmd.Action, cmd.Call, cmd.Values, cmd.Result, cmd.Failed = "", "", "", "", "", nil, "", ""
	id, err := instanceOf(cmd)
	if err != nil {
		return nil, err
	}
	cmd.Instance = ""
	target := cmd.Task
	if target == "" {
		target = id
	}
	d, err := s.exec(ctx, &command{by: by, cmd: cmd, id: id, key: key, route: "workflow:" + string(cmd.Op) + ":" + target,
		prepare: s.prepareOn(id, cmd)})
	if err != nil {
		return nil, err
	}
	if d.replay != nil {
		if d.replay.Outcome != nil {
			return d.replay.Outcome, nil
		}
		return &Outcome{Instance: d.replay.Instance, Task: cmd.Task, Message: "该请求已处理"}, nil
	}
	return d.outcome, nil
}

// mayStart applies the start step's who rules (unit with post or role); a start step without rules lets
// anyone start.
func mayStart(c *engine.Compiled, dir *directory, person string) bool {
	st := c.Def.Start()
	if st == nil || len(st.Who) == 0 {
		return true
	}
	p, ok := dir.Person(person)
	if !ok {
		return false
	}
	for _, w := range st.Who {
		switch {
		case w.Unit == "":
			return true // rules decided at run time (fields, initiator) do not restrict starting
		case w.Post != "" && w.Unit == p.Unit && w.Post == p.Post:
			return true
		case w.Role == process.RoleUnitHead:
			if h, ok := dir.Head(w.Unit); ok && h.ID == person {
				return true
			}
		case w.Role == process.RoleOverseer:
			if h, ok := dir.Overseer(w.Unit); ok && h.ID == person {
				return true
			}
		case w.Role != "" && w.Unit == p.Unit && slices.Contains(p.Roles, w.Role):
			return true
		}
	}
	return false
}

// outcome tells what a command did: the tasks it created and a Chinese sentence.
func (s *Service) outcome(c *command, ch *change, env engine.Env) *Outcome {
	out := &Outcome{Instance: ch.id, Task: c.cmd.Task, Status: ch.cur.Status, Result: ch.cur.Result}
	var to []string
	for i := range ch.events {
		e := &ch.events[i]
		if e.Type != engine.EvCreated || e.NewTask == nil || !e.NewTask.Blocking() {
			continue
		}
		row := rowOfTask(e.NewTask, ch.id, ch.c.Def, titleOf(ch.c.Def, ch.cur.Values), env.Directory, e.Time)
		out.Next = append(out.Next, row)
		who := row.AssigneeName
		if row.Assignee == "" {
			who = row.Pool
		}
		if who != "" && !slices.Contains(to, who) {
			to = append(to, who)
		}
	}
	msg := doneText(c.cmd, ch, env.Directory)
	switch {
	case ch.cur.Finished() && (ch.old == nil || !ch.old.st.Finished()):
		msg += "，流程已" + statusText(ch.cur.Status) + "（" + ch.cur.Result + "）"
	case len(to) > 0:
		msg += "，已提交至 " + strings.Join(to, "、")
	}
	out.Message = msg
	return out
}

func doneText(cmd engine.Command, ch *change, dir engine.Directory) string {
	name := func(id string) string {
		if p, ok := dir.Person(id); ok {
			return p.Name
		}
		return id
	}
	switch cmd.Op {
	case engine.OpStart:
		return "已发起《" + titleOf(ch.c.Def, ch.cur.Values) + "》"
	case engine.OpComplete:
		return "已办理"
	case engine.OpApprove:
		return "已同意"
	case engine.OpReject:
		return "已提交不同意意见"
	case engine.OpReturn:
		return "已退回至" + ch.c.StepName(cmd.Target)
	case engine.OpMove:
		return "已调度至" + ch.c.StepName(cmd.Target)
	case engine.OpTransfer, engine.OpReassign, engine.OpDelegate, engine.OpRemoveSign:
		return "已" + cmd.Op.Label() + "：" + name(cmd.Person)
	case engine.OpAddSign, engine.OpCopy:
		names := make([]string, len(cmd.Persons))
		for i, p := range cmd.Persons {
			names[i] = name(p)
		}
		return "已" + cmd.Op.Label() + "：" + strings.Join(names, "、")
	case engine.OpSuspend, engine.OpResume, engine.OpTerminate:
		return "流程已" + cmd.Op.Label()
	}
	return "已" + cmd.Op.Label()
}

func statusText(status string) string {
	switch status {
	case engine.StatusCompleted:
		return "办结"
	case engine.StatusTerminated:
		return "终止"
	case engine.StatusSuspended:
		return "挂起"
	}
	return "在办"
}
