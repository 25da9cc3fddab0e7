// Package audit is govflow's append-only audit trail. Each record carries the SM3 hash (国密, GB/T 32905) of
// the previous record's hash and its own canonical content, so that editing, inserting or deleting any record
// breaks the chain where it happened; Verify finds the first break.
package audit

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/govflow/govflow/store"
)

// Genesis is the previous hash of the first record.
var Genesis = strings.Repeat("0", 64)

// Entry is what happened: who did what to which object, when, from which address.
type Entry struct {
	Actor  string    // person id; "system" for the server itself, "cli" for the command line
	Action string    // dotted verb, e.g. "org.person.update", "auth.signin.fail"
	Object string    // what it happened to, e.g. "person:zhaomin"
	Detail string    // a short readable description or JSON of the change
	IP     string    // the client address, empty when none
	At     time.Time // from the caller's clock
}

// Record is a stored entry with its place in the chain.
type Record struct {
	Seq int64
	Entry
	PrevHash string
	Hash     string
}

// Hash is SM3(prev || canonical content), in hex.
func Hash(prev string, e Entry) string {
	h := sm3.New()
	h.Write([]byte(prev))
	h.Write(canonical(e))
	return hex.EncodeToString(h.Sum(nil))
}

// canonical is the content that is hashed: a JSON array of the fields in fixed order, times in UTC ms.
func canonical(e Entry) []byte {
	b, _ := json.Marshal([]any{store.Millis(e.At), e.Actor, e.Action, e.Object, e.Detail, e.IP})
	return b
}

// Append records e inside tx. Every write path calls it in the transaction of the write it records, so the
// record exists if and only if the write commits. The chain head is locked only at commit time (a
// BeforeCommit hook), which keeps the serialised section short when several servers share PostgreSQL.
func Append(ctx context.Context, tx store.Tx, e Entry) error {
	if e.Action == "" || e.At.IsZero() {
		return fmt.Errorf("audit: entry needs an action and a time: %+v", e)
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	tx.BeforeCommit(func(ctx context.Context) error { return appendNow(ctx, tx, e) })
	return nil
}

func appendNow(ctx context.Context, tx store.Tx, e Entry) error {
	q := `SELECT seq, hash FROM audit_head WHERE id = 1`
	if tx.Dialect() == store.Postgres {
		q += ` FOR UPDATE`
	}
	var seq int64
	var prev string
	if err := tx.QueryRow(ctx, q).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	r := Record{Seq: seq + 1, Entry: e, PrevHash: prev}
	r.Hash = Hash(prev, e)
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor, action, object, detail, ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.Seq, r.At, r.Actor, r.Action, r.Object, r.Detail, r.IP, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, r.Seq, r.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// Filter narrows List. Zero fields match everything.
type Filter struct {
	Before int64 // only records with seq < Before (paging backwards); 0 for the newest
	Actor  string
	Action string // prefix, e.g. "auth."
	Object string
	Limit  int // default 50, at most 500
}

// List returns records newest first.
func List(ctx context.Context, tx store.Tx, f Filter) ([]Record, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT seq, at, actor, action, object, detail, ip, prev_hash, hash FROM audit_log WHERE 1 = 1`
	var a []any
	add := func(cond string, v any) {
		a = append(a, v)
		q += fmt.Sprintf(" AND "+cond, len(a))
	}
	if f.Before > 0 {
		add("seq < $%d", f.Before)
	}
	if f.Actor != "" {
		add("actor = $%d", f.Actor)
	}
	if f.Action != "" {
		add("action LIKE $%d", f.Action+"%")
	}
	if f.Object != "" {
		add("object = $%d", f.Object)
	}
	a = append(a, f.Limit)
	q += fmt.Sprintf(" ORDER BY seq DESC LIMIT $%d", len(a))
	return query(ctx, tx, q, a...)
}

func query(ctx context.Context, tx store.Tx, q string, a ...any) ([]Record, error) {
	rows, err := tx.Query(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("audit list: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		if err := rows.Scan(&r.Seq, &r.At, &r.Actor, &r.Action, &r.Object, &r.Detail, &r.IP, &r.PrevHash, &r.Hash); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
