package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/govflow/govflow/store"
)

// Kinds of break in the chain.
const (
	Altered  = "altered"
	Inserted = "inserted"
	Deleted  = "deleted"
)

// Problem is the first break found: which record, and what happened to it.
type Problem struct {
	Kind    string
	Seq     int64
	Message string // Chinese, for people
}

// Result is the outcome of Verify.
type Result struct {
	Records  int64 // records read
	HeadSeq  int64
	HeadHash string   // publish it elsewhere to anchor the chain
	Problem  *Problem // nil when the chain is intact
}

// Head is the chain-head row: the last record's seq and hash.
type Head struct {
	Seq  int64
	Hash string
}

const batch = 1000

// Verify reads the whole chain in order, in one read transaction, and reports the first break.
func Verify(ctx context.Context, db *store.DB) (Result, error) {
	var res Result
	err := db.Read(ctx, func(tx store.Tx) error {
		var head Head
		err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&head.Seq, &head.Hash)
		if errors.Is(err, store.ErrNoRows) {
			res.Problem = &Problem{Kind: Deleted, Message: "审计链头记录被删除：无法确认最后一条记录"}
			return nil
		}
		if err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		var after int64 = -1 << 62
		next := func() ([]Record, error) {
			rs, err := query(ctx, tx, `SELECT seq, at, actor, action, object, detail, ip, prev_hash, hash
				FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, after, batch)
			if len(rs) > 0 {
				after = rs[len(rs)-1].Seq
			}
			return rs, err
		}
		res, err = check(next, head)
		return err
	})
	return res, err
}

// check walks the records (delivered in seq order by next, an empty batch at the end) against head.
// It looks one record behind and one ahead, which is enough to tell the three kinds of break apart:
//   - a record whose own hash does not match its content was altered;
//   - a record the following one skips over (the next links to the one before) was inserted;
//   - a record whose link points at a vanished hash follows a deletion (a gap in seq), or follows a
//     record that was rewritten with a recomputed hash (no gap);
//   - the head row catches changes at the end of the chain.
func check(next func() ([]Record, error), head Head) (Result, error) {
	res := Result{HeadSeq: head.Seq, HeadHash: head.Hash}
	var buf []Record
	fill := func() error {
		if len(buf) > 1 {
			return nil
		}
		more, err := next()
		buf = append(buf, more...)
		return err
	}
	prevHash, prevPrev := Genesis, ""
	var prevSeq int64
	var last *Record
	for {
		if err := fill(); err != nil {
			return res, err
		}
		if len(buf) == 0 {
			break
		}
		r := buf[0]
		buf = buf[1:]
		res.Records++
		if p := link(r, buf, head, prevHash, prevPrev, prevSeq, last); p != nil {
			res.Problem = p
			return res, nil
		}
		prevPrev, prevHash, prevSeq = prevHash, r.Hash, r.Seq
		last = &r
	}
	res.Problem = tail(last, head)
	return res, nil
}

func link(r Record, ahead []Record, head Head, prevHash, prevPrev string, prevSeq int64, last *Record) *Problem {
	if Hash(r.PrevHash, r.Entry) != r.Hash {
		return problem(Altered, r.Seq)
	}
	if r.PrevHash == prevHash {
		if r.Seq != prevSeq+1 {
			return problem(Altered, r.Seq)
		}
		return nil
	}
	switch {
	case last != nil && r.PrevHash == prevPrev:
		return problem(Inserted, last.Seq)
	case len(ahead) > 0 && ahead[0].PrevHash == prevHash:
		return problem(Inserted, r.Seq)
	case len(ahead) == 0 && head.Seq == prevSeq && head.Hash == prevHash:
		return problem(Inserted, r.Seq) // appended after the head
	case r.Seq > prevSeq+1:
		return problem(Deleted, prevSeq+1)
	case last != nil:
		p := problem(Altered, last.Seq)
		p.Message = fmt.Sprintf("哈希链在第 %d 条与第 %d 条审计记录之间断开：第 %d 条被改写（哈希被重算），或其后的记录被删除后重新编号",
			last.Seq, r.Seq, last.Seq)
		return p
	default:
		return problem(Altered, r.Seq)
	}
}

func tail(last *Record, head Head) *Problem {
	var lastSeq int64
	lastHash := Genesis
	if last != nil {
		lastSeq, lastHash = last.Seq, last.Hash
	}
	switch {
	case head.Seq > lastSeq:
		return problem(Deleted, lastSeq+1)
	case head.Seq < lastSeq:
		return problem(Inserted, head.Seq+1)
	case head.Hash != lastHash:
		return problem(Altered, lastSeq)
	}
	return nil
}

func problem(kind string, seq int64) *Problem {
	var m string
	switch kind {
	case Altered:
		m = fmt.Sprintf("第 %d 条审计记录被改动：其内容与哈希链不符", seq)
	case Inserted:
		m = fmt.Sprintf("第 %d 条审计记录是被插入的：它不在原有的哈希链上", seq)
	default:
		m = fmt.Sprintf("第 %d 条审计记录被删除：哈希链在此处断开", seq)
	}
	return &Problem{Kind: kind, Seq: seq, Message: m}
}
