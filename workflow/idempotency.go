package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// Idempotency keys share the web layer's table (idempotency_keys: person, key → route, status, body), so a
// key is never used for two operations, and its 24-hour clean-up covers these records too. Unlike the web
// layer, which stores an answer after its command has committed, the service writes the record in the
// command's own transaction: a retried request never acts twice, even across a crash.

// stored is what a key answers.
type stored struct {
	Instance string   `json:"instance"`
	Outcome  *Outcome `json:"outcome,omitempty"`
}

const (
	selectKey = `SELECT route, status, body FROM idempotency_keys WHERE person_id = $1 AND key = $2`
	insertKey = `INSERT INTO idempotency_keys (person_id, key, route, status, body, created_at) VALUES ($1, $2, $3, 200, $4, $5)`
)

// replay answers a key already used, outside any transaction (a cheap check before the work).
func (s *Service) replay(ctx context.Context, person, key, route string) (*stored, error) {
	var st *stored
	err := s.db.Read(ctx, func(tx store.Tx) error {
		var err error
		st, err = s.lookupKey(route, tx.QueryRow(ctx, selectKey, person, key).Scan)
		return err
	})
	return st, err
}

// replayTx is replay inside the command's transaction, where it is decisive.
func (s *Service) replayTx(ctx context.Context, tx store.Tx, person, key, route string) (*stored, error) {
	return s.lookupKey(route, func(dest ...any) error {
		return s.sql.queryRow(ctx, tx, selectKey, []any{person, key}, dest...)
	})
}

func (s *Service) lookupKey(route string, scan func(dest ...any) error) (*stored, error) {
	var got, body string
	var status int
	err := scan(&got, &status, &body)
	switch {
	case errors.Is(err, store.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, internal("read idempotency key", err)
	case got != route:
		return nil, govflow.FieldError("Idempotency-Key", "该幂等键已用于另一项操作，请换一个新的键。")
	case status == 0:
		return nil, govflow.Errorf(govflow.ECONFLICT, "使用同一幂等键的请求正在处理中，请稍后重试。")
	}
	st := &stored{}
	if err := json.Unmarshal([]byte(body), st); err != nil {
		return nil, internal("decode idempotency record", err)
	}
	return st, nil
}

// remember records the key's answer in the command's transaction. A concurrent request with the same key
// on another connection makes the insert fail; the command then runs again and finds the record.
func (s *Service) remember(ctx context.Context, tx store.Tx, person, key, route string, st *stored, now time.Time) error {
	body, err := json.Marshal(st)
	if err != nil {
		return internal("encode idempotency record", err)
	}
	if err := s.sql.exec(ctx, tx, insertKey, person, key, route, string(body), ms(now)); err != nil {
		if store.IsUniqueViolation(err) {
			return errStale
		}
		return internal("record idempotency key", err)
	}
	return nil
}
