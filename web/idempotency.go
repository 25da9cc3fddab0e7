package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/workflow"
)

// IdempotencyHeader names the header with which a client makes a POST safe to retry: the first answer to a
// key is stored for 24 hours and replayed to every retry with the same key (same person, same operation).
const IdempotencyHeader = "Idempotency-Key"

const (
	idemKeep    = 24 * time.Hour
	idemAbandon = time.Minute // a claim this old whose request never finished may be taken over
)

// idempotent runs next once per key. It claims the key first, so that concurrent retries wait for the first
// answer instead of running the command twice; a failed command releases its claim so that it can be retried.
// in is the decoded request: a retry must carry the same one (and path), else the key is refused.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, in any, next func(w http.ResponseWriter) error) error {
	key := r.Header.Get(IdempotencyHeader)
	u := UserFrom(r)
	if key == "" || u == nil {
		return next(w)
	}
	if len(key) > 200 {
		return govflow.FieldError(IdempotencyHeader, "幂等键不能超过 200 个字符。")
	}
	route := info(r).route
	status, body, replay, err := s.claim(r.Context(), u.ID, key, route, workflow.Fingerprint(r.Method+" "+r.URL.Path, in))
	if err != nil || replay {
		if err == nil {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(status)
			_, err = w.Write([]byte(body))
		}
		return err
	}
	rec := &bufferWriter{header: http.Header{}, status: http.StatusOK}
	if err := next(rec); err != nil {
		s.release(u.ID, key)
		return err
	}
	if rec.status >= 200 && rec.status < 300 {
		if err := s.remember(r.Context(), u.ID, key, rec.status, rec.body.String()); err != nil {
			s.log.Error("idempotency: store answer", "err", err)
		}
	} else {
		s.release(u.ID, key)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, err = w.Write(rec.body.Bytes())
	return err
}

func (s *Server) claim(ctx context.Context, person, key, route, print string) (status int, body string, replay bool, err error) {
	now := s.Now()
	err = s.cfg.DB.Write(ctx, func(tx store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, now.Add(-idemKeep)); err != nil {
			return err
		}
		var got, gotPrint string
		var created time.Time
		err := tx.QueryRow(ctx, `SELECT route, fingerprint, status, body, created_at FROM idempotency_keys WHERE person_id = $1 AND key = $2`,
			person, key).Scan(&got, &gotPrint, &status, &body, &created)
		switch {
		case errors.Is(err, store.ErrNoRows):
		case err != nil:
			return err
		case got != route:
			return govflow.FieldError(IdempotencyHeader, "该幂等键已用于另一项操作（%s），请换一个新的键。", got)
		case gotPrint != "" && gotPrint != print:
			return workflow.ReusedKey()
		case status != 0:
			replay = true
			return nil
		case now.Sub(created) < idemAbandon:
			return govflow.Errorf(govflow.ECONFLICT, "使用同一幂等键的请求正在处理中，请稍后重试。")
		}
		_, err = tx.Exec(ctx, `INSERT INTO idempotency_keys (person_id, key, route, fingerprint, status, body, created_at)
			VALUES ($1, $2, $3, $4, 0, '', $5)
			ON CONFLICT (person_id, key) DO UPDATE SET route = excluded.route, fingerprint = excluded.fingerprint, status = 0,
			body = '', created_at = excluded.created_at`,
			person, key, route, print, now)
		return err
	})
	return status, body, replay, err
}

func (s *Server) remember(ctx context.Context, person, key string, status int, body string) error {
	return s.cfg.DB.Write(context.WithoutCancel(ctx), func(tx store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE idempotency_keys SET status = $3, body = $4 WHERE person_id = $1 AND key = $2`, person, key, status, body)
		return err
	})
}

func (s *Server) release(person, key string) {
	ctx := context.Background()
	err := s.cfg.DB.Write(ctx, func(tx store.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM idempotency_keys WHERE person_id = $1 AND key = $2 AND status = 0`, person, key)
		return err
	})
	if err != nil {
		s.log.Error("idempotency: release", "err", err)
	}
}

type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header         { return b.header }
func (b *bufferWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
