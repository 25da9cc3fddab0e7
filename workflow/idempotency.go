package workflow

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
)

// Idempotency keys share the web layer's table (idempotency_keys: person, key → route, status, body), so a
// key is never used for two operations, and its 24-hour clean-up covers these records too. Unlike the web
// layer, which stores an answer after its command has committed, the service writes the record in the
// command's own transaction: a retried request never acts twice, even across a crash. The record keeps the
// request's fingerprint, so that a key sent again with a different request is refused rather than answered
// with the first request's result.

// ErrKeyReused is wrapped in the refusal of an idempotency key that already answered a different request
// (another operation, or the same one with other inputs). HTTP answers it 422.
var ErrKeyReused = errors.New("idempotency key used for a different request")

// stored is what a key answers.
type stored struct {
	Instance string   `json:"instance"`
	Outcome  *Outcome `json:"outcome,omitempty"`
}

const (
	selectKey = `SELECT route, status, body, fingerprint FROM idempotency_keys WHERE person_id = $1 AND key = $2`
	insertKey = `INSERT INTO idempotency_keys (person_id, key, route, status, body, created_at, fingerprint)
		VALUES ($1, $2, $3, 200, $4, $5, $6)`
)

// fingerprint is the SM3 digest of what a command asks for: the operation and its target (route), who asks,
// the form, the opinion and every other input. A start's new instance id is not part of the request.
func fingerprint(route string, cmd engine.Command) string {
	cmd.Instance = ""
	return Fingerprint(route, cmd)
}

// Fingerprint is the SM3 digest of a request's parts as JSON, kept with its idempotency key (the web layer's
// keys too): the same key with another fingerprint is refused with ReusedKey.
func Fingerprint(parts ...any) string {
	b, err := json.Marshal(parts)
	if err != nil {
		return ""
	}
	sum := sm3.Sum(b)
	return hex.EncodeToString(sum[:])
}

// ReusedKey is the refusal of an idempotency key sent again with a different request.
func ReusedKey() error {
	return keyReused("幂等键已用于另一个请求：同一幂等键只能重发内容完全相同的请求，新的请求请换一个新的键。")
}

// replay answers a key already used, outside any transaction (a cheap check before the work).
func (s *Service) replay(ctx context.Context, c *command) (*stored, error) {
	var st *stored
	err := s.db.Read(ctx, func(tx store.Tx) error {
		var err error
		st, err = lookupKey(c, tx.QueryRow(ctx, selectKey, c.by.ID, c.key).Scan)
		return err
	})
	return st, err
}

// replayTx is replay inside the command's transaction, where it is decisive.
func (s *Service) replayTx(ctx context.Context, tx store.Tx, c *command) (*stored, error) {
	return lookupKey(c, func(dest ...any) error {
		return s.sql.queryRow(ctx, tx, selectKey, []any{c.by.ID, c.key}, dest...)
	})
}

func lookupKey(c *command, scan func(dest ...any) error) (*stored, error) {
	var route, body, fp string
	var status int
	err := scan(&route, &status, &body, &fp)
	switch {
	case errors.Is(err, store.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, internal("read idempotency key", err)
	case route != c.route:
		return nil, keyReused("该幂等键已用于另一项操作，请换一个新的键。")
	case fp != "" && c.fp != "" && fp != c.fp:
		return nil, ReusedKey()
	case status == 0:
		return nil, govflow.Errorf(govflow.ECONFLICT, "使用同一幂等键的请求正在处理中，请稍后重试。")
	}
	st := &stored{}
	if err := json.Unmarshal([]byte(body), st); err != nil {
		return nil, internal("decode idempotency record", err)
	}
	return st, nil
}

func keyReused(msg string) error {
	return &govflow.Error{Code: govflow.EINVALID, Field: "Idempotency-Key", Message: msg, Err: ErrKeyReused}
}

// remember records the key's answer in the command's transaction. A concurrent request with the same key
// on another connection makes the insert fail; the command then runs again and finds the record.
func (s *Service) remember(ctx context.Context, tx store.Tx, c *command, st *stored, now time.Time) error {
	body, err := json.Marshal(st)
	if err != nil {
		return internal("encode idempotency record", err)
	}
	if err := s.sql.exec(ctx, tx, insertKey, c.by.ID, c.key, c.route, string(body), ms(now), c.fp); err != nil {
		if store.IsUniqueViolation(err) {
			return errStale
		}
		return internal("record idempotency key", err)
	}
	return nil
}
