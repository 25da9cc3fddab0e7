package workflow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
)

const selectInst = `SELECT process, version, seq, state, title, secrecy, due_at, remind_at, current
	FROM wf_instances WHERE id = $1`

// load returns an instance: from the cache unless fresh, else read from the database.
func (s *Service) load(ctx context.Context, id string, fresh bool) (*inst, error) {
	if !fresh {
		if x := s.cache.get(id); x != nil {
			return x, nil
		}
	}
	var x *inst
	err := s.db.Read(ctx, func(tx store.Tx) error {
		var err error
		x, err = s.scanInst(ctx, id, tx.QueryRow(ctx, selectInst, id).Scan)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.cache.remember(x)
	return x, nil
}

// loadTx reads an instance inside a writer's transaction (cache first).
func (s *Service) loadTx(ctx context.Context, tx store.Tx, id string) (*inst, error) {
	if x := s.cache.get(id); x != nil {
		return x, nil
	}
	return s.scanInst(ctx, id, func(dest ...any) error {
		return s.sql.queryRow(ctx, tx, selectInst, []any{id}, dest...)
	})
}

func (s *Service) scanInst(ctx context.Context, id string, scan func(dest ...any) error) (*inst, error) {
	var process, state string
	var version int
	var seq int64
	x := &inst{}
	err := scan(&process, &version, &seq, &state, &x.title, &x.secrecy, &x.due, &x.remind, &x.current)
	if errors.Is(err, store.ErrNoRows) {
		return nil, govflow.Errorf(govflow.ENOTFOUND, "未找到该流程实例")
	}
	if err != nil {
		return nil, internal("read instance "+id, err)
	}
	x.st = &engine.State{}
	if err := json.Unmarshal([]byte(state), x.st); err != nil {
		return nil, internal("decode instance "+id, err)
	}
	if x.st.Seq != seq {
		return nil, internal("instance "+id, errors.New("stored seq and state disagree"))
	}
	if x.c, err = s.progs.version(ctx, process, version); err != nil {
		return nil, err
	}
	return x, nil
}

// instanceOf finds the instance a command is about: tasks are <instance>-t<seq>, timers <instance>-m<seq>…,
// actions <instance>-a<seq>, calls <instance>-c<seq> (and a child's own id is its call's id).
func instanceOf(cmd engine.Command) (string, error) {
	if cmd.Task != "" {
		if i := strings.LastIndex(cmd.Task, "-t"); i > 0 {
			return cmd.Task[:i], nil
		}
		return "", govflow.Errorf(govflow.ENOTFOUND, "未找到该任务")
	}
	if cmd.Instance != "" {
		return cmd.Instance, nil
	}
	return "", govflow.FieldError("instance", "请指明任务或流程实例")
}

// rootOf is the top instance of a family: children's ids extend their parent's.
func rootOf(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}

// newInstanceID makes instance ids that sort by creation time (12 hex digits of milliseconds, then 12 random
// ones): an instance's rows, its tasks (<id>-t<seq>) and its events then land next to each other in the
// indexes, which keeps a commit's pages few.
func newInstanceID() string {
	var b [12]byte
	ms := uint64(time.Now().UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}
