package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// The lists read the task projection only, through indexes made for them: open tasks by assignee (a
// partial index as small as the open work), pools by candidate, done tasks by who did them, copies by
// recipient, instances by initiator. Every list leaves out instances above the person's clearance.

const (
	defaultPerPage = 20
	maxPerPage     = 200
)

// where builds the filter part of a list query. Its arguments follow the ones the caller bound first.
type where struct {
	sql  strings.Builder
	args []any
}

func (w *where) add(cond string, vals ...any) {
	for _, v := range vals {
		w.args = append(w.args, v)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.sql.WriteString(" AND " + cond)
}

func (w *where) bind(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (f *TaskFilter) window() (limit, offset int) {
	if f.PerPage <= 0 {
		f.PerPage = defaultPerPage
	}
	f.PerPage = min(f.PerPage, maxPerPage)
	if f.Offset > 0 {
		f.Page = f.Offset/f.PerPage + 1
		return f.PerPage, f.Offset
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	return f.PerPage, (f.Page - 1) * f.PerPage
}

func (f *TaskFilter) check() error {
	var fe govflow.FieldErrors
	switch f.Deadline {
	case "", OnTime, DueSoon, Overdue:
	default:
		fe.Add("deadline", "期限状态应为 正常、临期 或 超期")
	}
	if len([]rune(f.Query)) > 100 {
		fe.Add("q", "搜索词不能超过 100 个字")
	}
	if len(f.Process) > 64 {
		fe.Add("process", "流程编号不能超过 64 个字符")
	}
	return fe.Err()
}

// filters adds the filter's conditions on a task list (alias t) or instance list (alias i).
func (f *TaskFilter) filters(w *where, alias string, now time.Time, open bool) {
	if f.Process != "" {
		w.add(alias+".process = ?", f.Process)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(q) + "%"
		name := alias + ".step_name"
		if alias == "i" {
			name = alias + ".current"
		}
		w.add(fmt.Sprintf(`(%[1]s.title LIKE ? ESCAPE '\' OR %[1]s.process_name LIKE ? ESCAPE '\' OR %[2]s LIKE ? ESCAPE '\')`,
			alias, name), like, like, like)
	}
	n := ms(now)
	switch {
	case f.Deadline == Overdue && open:
		w.add(alias+".due_at > 0 AND "+alias+".due_at < ?", n)
	case f.Deadline == DueSoon && open:
		w.add(alias+".due_at >= ? AND "+alias+".remind_at > 0 AND "+alias+".remind_at <= ?", n, n)
	case f.Deadline == OnTime && open:
		w.add("("+alias+".due_at = 0 OR ("+alias+".due_at >= ? AND ("+alias+".remind_at = 0 OR "+alias+".remind_at > ?)))", n, n)
	case f.Deadline == Overdue:
		w.add(alias + ".due_at > 0 AND " + alias + ".completed_at > " + alias + ".due_at")
	case f.Deadline == OnTime:
		w.add("(" + alias + ".due_at = 0 OR " + alias + ".completed_at <= " + alias + ".due_at)")
	case f.Deadline == DueSoon:
		w.add("1 = 0")
	}
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// inboxFrom is the person's open work: their own tasks and the unclaimed pools they may claim.
func inboxFrom(person string) string {
	return `(SELECT ` + taskCols + ` FROM wf_tasks t WHERE t.assignee = ` + person + ` AND t.state = 0 AND t.kind IN ('do', 'approve')
		UNION ALL
		SELECT ` + taskCols + ` FROM wf_task_pool p JOIN wf_tasks t ON t.id = p.task_id
		WHERE p.person_id = ` + person + ` AND t.state = 0 AND t.assignee = '')`
}

func (s *Service) clearance(ctx context.Context, person string) int {
	dir, err := s.directory(ctx)
	if err != nil {
		return 0
	}
	if p, ok := dir.d.Person(person); ok {
		return int(p.Clearance)
	}
	return 0
}

func (s *Service) inbox(ctx context.Context, person string, f TaskFilter) (Page[TaskRow], error) {
	if err := f.check(); err != nil {
		return Page[TaskRow]{}, err
	}
	now := s.now()
	w := &where{args: []any{person, int64(s.clearance(ctx, person))}}
	f.filters(w, "t", now, true)
	return s.taskPage(ctx, inboxFrom("$1")+` t WHERE t.secrecy <= $2`+w.sql.String(),
		` ORDER BY CASE WHEN t.due_at = 0 THEN 1 ELSE 0 END, t.due_at, t.created_at, t.id`, w, &f, now)
}

func (s *Service) done(ctx context.Context, person string, f TaskFilter) (Page[TaskRow], error) {
	if err := f.check(); err != nil {
		return Page[TaskRow]{}, err
	}
	now := s.now()
	w := &where{args: []any{person, int64(s.clearance(ctx, person))}}
	f.filters(w, "t", now, false)
	return s.taskPage(ctx, `wf_tasks t WHERE t.done_by = $1 AND t.state = 1 AND t.kind IN ('do', 'approve')
		AND t.secrecy <= $2`+w.sql.String(), ` ORDER BY t.completed_at DESC, t.id`, w, &f, now)
}

func (s *Service) copies(ctx context.Context, person string, f TaskFilter) (Page[TaskRow], error) {
	if err := f.check(); err != nil {
		return Page[TaskRow]{}, err
	}
	now := s.now()
	w := &where{args: []any{person, int64(s.clearance(ctx, person))}}
	f.Deadline = ""
	f.filters(w, "t", now, true)
	return s.taskPage(ctx, `wf_tasks t WHERE t.assignee = $1 AND t.kind IN ('cc', 'read') AND t.state <> 2
		AND t.secrecy <= $2`+w.sql.String(),
		` ORDER BY CASE WHEN t.opened_at = 0 AND t.state = 0 THEN 0 ELSE 1 END, t.created_at DESC, t.id`, w, &f, now)
}

// taskPage reads one page of tasks FROM from (a table or subquery with its conditions) in order, and the
// total: counted only when the page does not tell it (a first page that is not full holds everything).
func (s *Service) taskPage(ctx context.Context, from, order string, w *where, f *TaskFilter, now time.Time) (Page[TaskRow], error) {
	limit, offset := f.window()
	countArgs := slices.Clone(w.args)
	q := `SELECT ` + taskCols + ` FROM ` + from + order + ` LIMIT ` + w.bind(int64(limit)) + ` OFFSET ` + w.bind(int64(offset))
	dir, err := s.directory(ctx)
	if err != nil {
		return Page[TaskRow]{}, err
	}
	page := Page[TaskRow]{Page: f.Page, PerPage: f.PerPage, Items: []TaskRow{}}
	err = s.db.Read(ctx, func(tx store.Tx) error {
		rows, err := tx.Query(ctx, q, w.args...)
		if err != nil {
			return err
		}
		if page.Items, err = scanTasks(rows, dir, now, page.Items); err != nil {
			return err
		}
		if offset == 0 && len(page.Items) < limit {
			page.Total = len(page.Items)
			return nil
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM `+from, countArgs...).Scan(&page.Total)
	})
	if err != nil {
		return page, internal("list tasks", err)
	}
	return page, nil
}

func (s *Service) started(ctx context.Context, person string, f TaskFilter) (Page[InstanceRow], error) {
	if err := f.check(); err != nil {
		return Page[InstanceRow]{}, err
	}
	now := s.now()
	w := &where{args: []any{person, int64(s.clearance(ctx, person))}}
	f.filters(w, "i", now, true)
	if f.Deadline != "" {
		w.add("i.status IN ('running', 'suspended')")
	}
	limit, offset := f.window()
	from := `wf_instances i WHERE i.initiator = $1 AND i.parent = '' AND i.secrecy <= $2` + w.sql.String()
	countArgs := slices.Clone(w.args)
	q := `SELECT i.id, i.title, i.process, i.process_name, i.status, i.result, i.current, i.started_at, i.ended_at,
		i.due_at, i.remind_at FROM ` + from + ` ORDER BY i.started_at DESC, i.id LIMIT ` + w.bind(int64(limit)) +
		` OFFSET ` + w.bind(int64(offset))
	page := Page[InstanceRow]{Page: f.Page, PerPage: f.PerPage, Items: []InstanceRow{}}
	err := s.db.Read(ctx, func(tx store.Tx) error {
		rows, err := tx.Query(ctx, q, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r InstanceRow
			var started, ended, due, remind int64
			if err := rows.Scan(&r.ID, &r.Title, &r.Process, &r.ProcessName, &r.Status, &r.Result, &r.Current,
				&started, &ended, &due, &remind); err != nil {
				return err
			}
			r.Started, r.Ended, r.Due = store.Time(started), store.Time(ended), store.Time(due)
			if r.Ended.IsZero() {
				r.Deadline, _ = deadlineOf(r.Due, store.Time(remind), now)
			} else {
				r.Deadline, _ = closedLate(r.Due, r.Ended)
			}
			page.Items = append(page.Items, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if offset == 0 && len(page.Items) < limit {
			page.Total = len(page.Items)
			return nil
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM `+from, countArgs...).Scan(&page.Total)
	})
	if err != nil {
		return page, internal("list instances", err)
	}
	return page, nil
}

func (s *Service) counts(ctx context.Context, person string) (Counts, error) {
	var c Counts
	n := ms(s.now())
	clear := int64(s.clearance(ctx, person))
	err := s.db.Read(ctx, func(tx store.Tx) error {
		err := tx.QueryRow(ctx, `SELECT count(*),
			coalesce(sum(CASE WHEN t.due_at >= $2 AND t.remind_at > 0 AND t.remind_at <= $2 THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN t.due_at > 0 AND t.due_at < $2 THEN 1 ELSE 0 END), 0)
			FROM `+inboxFrom("$1")+` t WHERE t.secrecy <= $3`, person, n, clear).Scan(&c.Todo, &c.DueSoon, &c.Overdue)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM wf_tasks t WHERE t.assignee = $1 AND t.state = 0
			AND t.kind IN ('cc', 'read') AND t.opened_at = 0 AND t.secrecy <= $2`, person, clear).Scan(&c.UnreadCopies)
	})
	if err != nil {
		return c, internal("count tasks", err)
	}
	return c, nil
}

func (s *Service) notifications(ctx context.Context, person string, unreadOnly bool, page, perPage int) (Page[Notification], error) {
	f := TaskFilter{Page: page, PerPage: perPage}
	limit, offset := f.window()
	out := Page[Notification]{Page: f.Page, PerPage: f.PerPage, Items: []Notification{}}
	cond := ""
	if unreadOnly {
		cond = " AND read_at = 0"
	}
	err := s.db.Read(ctx, func(tx store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM wf_notifications WHERE person_id = $1`+cond, person).Scan(&out.Total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, kind, instance, task, text, created_at, read_at FROM wf_notifications
			WHERE person_id = $1`+cond+` ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`, person, int64(limit), int64(offset))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n Notification
			var created, read int64
			if err := rows.Scan(&n.ID, &n.Kind, &n.Instance, &n.Task, &n.Text, &created, &read); err != nil {
				return err
			}
			n.Created, n.Read = store.Time(created), read != 0
			out.Items = append(out.Items, n)
		}
		return rows.Err()
	})
	if err != nil {
		return out, internal("list notifications", err)
	}
	return out, nil
}

func (s *Service) markRead(ctx context.Context, person string, ids []int64) error {
	if len(ids) > 500 {
		return govflow.FieldError("ids", "一次最多标记 500 条")
	}
	now := ms(s.now())
	return s.db.Write(ctx, func(tx store.Tx) error {
		if len(ids) == 0 {
			_, err := tx.Exec(ctx, `UPDATE wf_notifications SET read_at = $2 WHERE person_id = $1 AND read_at = 0`, person, now)
			return err
		}
		w := &where{args: []any{person, now}}
		marks := make([]string, len(ids))
		for i, id := range ids {
			marks[i] = w.bind(id)
		}
		_, err := tx.Exec(ctx, `UPDATE wf_notifications SET read_at = $2 WHERE person_id = $1 AND read_at = 0 AND id IN (`+
			strings.Join(marks, ", ")+`)`, w.args...)
		return err
	})
}
