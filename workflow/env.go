package workflow

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// deadlines is engine.Deadlines over one calendar. Office processes count the day work arrives
// (count_from empty means same-day, docs/definition-format.md); parsed limits are memoised.
type deadlines struct {
	cal    *calendar.Calendar
	limits sync.Map // string → calendar.Limit or error
}

func (d *deadlines) limit(s string) (calendar.Limit, error) {
	if v, ok := d.limits.Load(s); ok {
		if err, bad := v.(error); bad {
			return calendar.Limit{}, err
		}
		return v.(calendar.Limit), nil
	}
	l, err := calendar.ParseLimit(s)
	if err != nil {
		d.limits.Store(s, err)
		return l, err
	}
	d.limits.Store(s, l)
	return l, nil
}

func (d *deadlines) Due(start time.Time, limit, countFrom string) (engine.Deadline, error) {
	l, err := d.limit(limit)
	if err != nil {
		return engine.Deadline{}, err
	}
	from := calendar.FromSameDay
	if countFrom == process.CountNextDay {
		from = calendar.FromNextDay
	}
	due := d.cal.Due(start, l, from)
	if due.At.IsZero() {
		return engine.Deadline{}, nil
	}
	return engine.Deadline{At: due.At, Remind: d.remind(start, due.At), Unknown: !due.Certain()}, nil
}

// remind is when a task becomes 临期 (calendar.DefaultSoon: one working day of office time left): the opening
// of office hours on the due day when the limit spans more than a day; for shorter limits, half way in office
// time, so that a reminder never falls at night or on a day off.
func (d *deadlines) remind(start, due time.Time) time.Time {
	h := d.cal.Hours()
	span := d.cal.WorkingTime(start, due)
	if span <= 0 {
		return time.Time{}
	}
	if span > h.PerDay() && len(h.Periods) > 0 {
		day := calendar.DateOf(due)
		open := day.Start().Add(h.Periods[0].Start)
		if open.After(start) && open.Before(due) {
			return open
		}
	}
	return addWorking(d.cal, start, due, span/2).Truncate(time.Minute)
}

// addWorking returns the earliest instant, in whole minutes from start and no later than end, by which amount
// of office time has passed (the calendar adds office time only in whole hours, as N个工作小时). Office time
// only grows with the clock, so a binary search over the minutes finds it.
func addWorking(cal *calendar.Calendar, start, end time.Time, amount time.Duration) time.Time {
	lo, hi := 0, int(end.Sub(start)/time.Minute)+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if cal.WorkingTime(start, start.Add(time.Duration(mid)*time.Minute)) >= amount {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return start.Add(time.Duration(lo) * time.Minute)
}

// Extend shifts t by a suspension: by the working days it covered (counted as calendar.Track counts pauses),
// keeping the time of day; a suspension within one day shifts t by the office time it took.
func (d *deadlines) Extend(t, from, to time.Time) time.Time {
	if t.IsZero() || !to.After(from) {
		return t
	}
	if n := d.cal.PausedWorkdays(from, to); n > 0 {
		day := calendar.DateOf(t)
		offset := t.In(calendar.Beijing).Sub(day.Start())
		return d.cal.AddWorkdays(day, n).Start().Add(offset).UTC()
	}
	return t.Add(d.cal.WorkingTime(from, to))
}

// directory is engine.Directory over an org snapshot. The engine names units by name; the organisation
// keys them by id.
type directory struct {
	d      *org.Directory
	people map[string]engine.Person
	lists  sync.Map // [3]string{kind, unit, post|role} → []engine.Person
}

func newDirectory(d *org.Directory) *directory {
	out := &directory{d: d, people: map[string]engine.Person{}}
	for _, p := range d.People() {
		out.people[p.ID] = out.convert(p)
	}
	return out
}

func (x *directory) convert(p govflow.Person) engine.Person {
	ep := engine.Person{ID: p.ID, Name: p.Name, Post: p.Post, Roles: make([]string, len(p.Roles))}
	if u, ok := x.d.Unit(p.UnitID); ok {
		ep.Unit = u.Name
	}
	for i, r := range p.Roles {
		ep.Roles[i] = string(r)
	}
	return ep
}

func (x *directory) Person(id string) (engine.Person, bool) {
	p, ok := x.people[id]
	return p, ok
}

func (x *directory) list(kind, unit, what string, find func(id string) []govflow.Person) []engine.Person {
	key := [3]string{kind, unit, what}
	if v, ok := x.lists.Load(key); ok {
		return v.([]engine.Person)
	}
	var out []engine.Person
	if u, ok := x.d.UnitByName(unit); ok {
		for _, p := range find(u.ID) {
			out = append(out, x.people[p.ID])
		}
	}
	x.lists.Store(key, out)
	return out
}

func (x *directory) ByPost(unit, post string) []engine.Person {
	return x.list("post", unit, post, func(id string) []govflow.Person { return x.d.ByPost(id, post) })
}

func (x *directory) ByRole(unit, role string) []engine.Person {
	return x.list("role", unit, role, func(id string) []govflow.Person { return x.d.ByRole(id, govflow.Role(role)) })
}

func (x *directory) unitPerson(unit string, find func(id string) (govflow.Person, bool)) (engine.Person, bool) {
	u, ok := x.d.UnitByName(unit)
	if !ok {
		return engine.Person{}, false
	}
	p, ok := find(u.ID)
	if !ok {
		return engine.Person{}, false
	}
	return x.people[p.ID], true
}

func (x *directory) Head(unit string) (engine.Person, bool) { return x.unitPerson(unit, x.d.Head) }

func (x *directory) Overseer(unit string) (engine.Person, bool) {
	return x.unitPerson(unit, x.d.Overseer)
}

func (x *directory) Acting(person string, at time.Time) (engine.Person, bool) {
	p, ok := x.d.Acting(person, at)
	if !ok {
		return engine.Person{}, false
	}
	return x.people[p.ID], true
}

// orgSource keeps a snapshot of the database's organisation and rebuilds it when a cheap fingerprint query
// (counts and latest change times of the organisation's tables) says it changed, at most every `every`.
type orgSource struct {
	db    *store.DB
	every time.Duration
	mu    sync.Mutex
	cur   atomic.Pointer[orgSnap]
}

type orgSnap struct {
	dir     *directory
	print   [8]int64
	checked time.Time
}

const orgPrint = `SELECT (SELECT count(*) FROM units), (SELECT coalesce(max(updated_at), 0) FROM units),
	(SELECT count(*) FROM people), (SELECT CAST(coalesce(sum(updated_at), 0) AS BIGINT) FROM people),
	(SELECT count(*) FROM person_roles), (SELECT count(*) FROM oversight),
	(SELECT count(*) FROM delegations), (SELECT CAST(coalesce(sum(created_at), 0) AS BIGINT) FROM delegations)`

func (o *orgSource) get(ctx context.Context) (*directory, error) {
	now := time.Now()
	if c := o.cur.Load(); c != nil && now.Sub(c.checked) < o.every {
		return c.dir, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if c := o.cur.Load(); c != nil && now.Sub(c.checked) < o.every {
		return c.dir, nil
	}
	var print [8]int64
	var d *org.Directory
	err := o.db.Read(ctx, func(tx store.Tx) error {
		p := &print
		if err := tx.QueryRow(ctx, orgPrint).Scan(&p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7]); err != nil {
			return err
		}
		if c := o.cur.Load(); c != nil && c.print == print {
			return nil
		}
		var err error
		d, err = org.LoadTx(ctx, tx)
		return err
	})
	if err != nil {
		if c := o.cur.Load(); c != nil {
			return c.dir, nil // keep working with the last snapshot; ask again after the interval
		}
		return nil, err
	}
	next := &orgSnap{print: print, checked: now}
	if d != nil {
		next.dir = newDirectory(d)
	} else {
		next.dir = o.cur.Load().dir
	}
	o.cur.Store(next)
	return next.dir, nil
}
