package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
)

// Inconsistency is an instance whose stored rows disagree with its event log.
type Inconsistency struct {
	Instance, Problem string
}

// CheckResult is what Check found.
type CheckResult struct {
	Instances int
	Problems  []Inconsistency
}

// checkPage is how many instances Check reads per transaction.
const checkPage = 500

// Check replays every instance's event log and compares the result with the stored state, and the state's
// open tasks with the task list people work from. After a crash or a restore it shows that nothing was
// half-written; it stops collecting after max problems (0: all).
func Check(ctx context.Context, db *store.DB, max int) (CheckResult, error) {
	var res CheckResult
	after := ""
	for {
		var page []string
		err := db.Read(ctx, func(tx store.Tx) error {
			var err error
			page, err = checkBatch(ctx, tx, after, &res, max)
			return err
		})
		if err != nil {
			return res, err
		}
		if len(page) < checkPage || (max > 0 && len(res.Problems) >= max) {
			return res, nil
		}
		after = page[len(page)-1]
	}
}

func checkBatch(ctx context.Context, tx store.Tx, after string, res *CheckResult, max int) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT id, seq, state FROM wf_instances WHERE id > $1 ORDER BY id LIMIT $2`, after, checkPage)
	if err != nil {
		return nil, err
	}
	type stored struct {
		id, state string
		seq       int64
	}
	var batch []stored
	for rows.Next() {
		var s stored
		if err := rows.Scan(&s.id, &s.seq, &s.state); err != nil {
			rows.Close()
			return nil, err
		}
		batch = append(batch, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]string, len(batch))
	for i, s := range batch {
		ids[i] = s.id
		res.Instances++
		problem, err := checkInstance(ctx, tx, s.id, s.seq, s.state)
		if err != nil {
			return nil, err
		}
		if problem != "" && (max <= 0 || len(res.Problems) < max) {
			res.Problems = append(res.Problems, Inconsistency{Instance: s.id, Problem: problem})
		}
	}
	return ids, nil
}

// checkInstance says what is wrong with one instance ("" when nothing is).
func checkInstance(ctx context.Context, tx store.Tx, id string, seq int64, state string) (string, error) {
	var events []engine.Event
	if err := readEvents(ctx, tx, id, math.MaxInt64, &events); err != nil {
		return "", err
	}
	if n := int64(len(events)); n != seq {
		return fmt.Sprintf("状态记到第 %d 步，事件记录却有 %d 条", seq, n), nil
	}
	replayed, err := engine.Replay(events)
	if err != nil {
		return "事件记录无法重放：" + err.Error(), nil
	}
	want, err := json.Marshal(replayed)
	if err != nil {
		return "", err
	}
	var st engine.State
	if err := json.Unmarshal([]byte(state), &st); err != nil {
		return "状态无法读取：" + err.Error(), nil
	}
	got, _ := json.Marshal(&st)
	if !bytes.Equal(got, want) {
		return "保存的状态与事件记录重放的结果不同", nil
	}
	return checkOpenTasks(ctx, tx, id, &st)
}

func checkOpenTasks(ctx context.Context, tx store.Tx, id string, st *engine.State) (string, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM wf_tasks WHERE instance = $1 AND state = $2 ORDER BY id`, id, int64(taskOpen))
	if err != nil {
		return "", err
	}
	var listed []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return "", err
		}
		listed = append(listed, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	var open []string
	for _, t := range st.OpenTasks() {
		open = append(open, t.ID)
	}
	slices.Sort(open)
	if !slices.Equal(open, listed) {
		return fmt.Sprintf("待办列表与状态不符：状态中的待办 %v，列表中的 %v", open, listed), nil
	}
	return "", nil
}
