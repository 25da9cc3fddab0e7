package workflow

import (
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/process"
)

func bj(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Beijing)
}

// TestDeadlines: office limits count the day work arrives; the reminder is the start of 临期; years without
// an arrangement are flagged; a suspension moves deadlines by the working days it took.
func TestDeadlines(t *testing.T) {
	d := &deadlines{cal: calendar.Default()}
	for _, c := range []struct {
		name                 string
		start                time.Time
		limit, from          string
		due, remind          time.Time
		unknown, wantRefusal bool
	}{
		{"2个工作日 from Monday morning, same day counts", bj(2026, 3, 2, 9, 30), "2个工作日", "", bj(2026, 3, 3, 17, 30), bj(2026, 3, 3, 9, 0), false, false},
		{"next-day counting", bj(2026, 3, 2, 9, 30), "2个工作日", process.CountNextDay, bj(2026, 3, 4, 17, 30), bj(2026, 3, 4, 9, 0), false, false},
		{"当天: reminded half way", bj(2026, 3, 2, 9, 30), "当天", "", bj(2026, 3, 2, 17, 30), bj(2026, 3, 2, 13, 30), false, false},
		{"over the National Day holiday", bj(2026, 9, 30, 10, 0), "3个工作日", "", bj(2026, 10, 9, 17, 30), bj(2026, 10, 9, 9, 0), false, false},
		{"into a year without an arrangement", bj(2026, 12, 30, 10, 0), "5个工作日", "", time.Time{}, time.Time{}, true, false},
		{"a vague limit", bj(2026, 3, 2, 9, 30), "尽快", "", time.Time{}, time.Time{}, false, true},
	} {
		got, err := d.Due(c.start, c.limit, c.from)
		if c.wantRefusal {
			if err == nil {
				t.Errorf("%s: accepted", c.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Unknown != c.unknown {
			t.Errorf("%s: unknown = %v", c.name, got.Unknown)
		}
		if c.unknown {
			continue
		}
		if !got.At.Equal(c.due) || !got.Remind.Equal(c.remind) {
			t.Errorf("%s: due %s remind %s, want %s and %s", c.name, got.At.In(calendar.Beijing), got.Remind.In(calendar.Beijing), c.due, c.remind)
		}
	}
	// Suspended from Monday 10:00 to Wednesday 10:00: two working days later.
	if got := d.Extend(bj(2026, 3, 4, 17, 30), bj(2026, 3, 2, 10, 0), bj(2026, 3, 4, 10, 0)); !got.Equal(bj(2026, 3, 6, 17, 30)) {
		t.Errorf("extend over two days: %s", got.In(calendar.Beijing))
	}
	// Suspended for an hour within a day: an hour of office time.
	if got := d.Extend(bj(2026, 3, 4, 17, 30), bj(2026, 3, 2, 10, 0), bj(2026, 3, 2, 11, 0)); !got.Equal(bj(2026, 3, 4, 18, 30)) {
		t.Errorf("extend by an hour: %s", got.In(calendar.Beijing))
	}
}

// TestDirectory: the engine names units by name; the organisation keys them by id.
func TestDirectory(t *testing.T) {
	units := []govflow.Unit{{ID: "bgt", Name: "办公厅", HeadID: "boss"}, {ID: "msc", Name: "秘书处", ParentID: "bgt", HeadID: "liu"}}
	people := []govflow.Person{
		{ID: "boss", Name: "王主任", UnitID: "bgt", Post: "主任", Roles: []govflow.Role{govflow.RoleLeader}, Oversees: []string{"msc"}, Active: true},
		{ID: "liu", Name: "刘处长", UnitID: "msc", Post: "处长", Roles: []govflow.Role{govflow.RoleUnitHead}, Active: true},
		{ID: "sun", Name: "孙磊", UnitID: "msc", Post: "收发员", Roles: []govflow.Role{govflow.RoleStaff}, Active: true},
		{ID: "zhou", Name: "周静", UnitID: "msc", Post: "收发员", Roles: []govflow.Role{govflow.RoleStaff}, Active: true},
		{ID: "old", Name: "退休", UnitID: "msc", Post: "收发员", Active: false},
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	dels := []govflow.Delegation{{ID: "d", PersonID: "liu", ActingID: "boss", From: from, To: from.AddDate(0, 0, 7)}}
	d := newDirectory(org.NewDirectory(units, people, dels))
	if p, ok := d.Person("sun"); !ok || p.Unit != "秘书处" || p.Roles[0] != "工作人员" {
		t.Fatalf("person: %+v", p)
	}
	if ps := d.ByPost("秘书处", "收发员"); len(ps) != 2 || ps[0].ID != "sun" || ps[1].ID != "zhou" {
		t.Fatalf("by post: %+v", ps)
	}
	if h, ok := d.Head("秘书处"); !ok || h.ID != "liu" {
		t.Fatalf("head: %+v", h)
	}
	if o, ok := d.Overseer("秘书处"); !ok || o.ID != "boss" {
		t.Fatalf("overseer: %+v", o)
	}
	if a, ok := d.Acting("liu", from.Add(time.Hour)); !ok || a.ID != "boss" {
		t.Fatalf("acting: %+v", a)
	}
	if _, ok := d.Acting("liu", from.AddDate(0, 0, 8)); ok {
		t.Fatal("acting after the period")
	}
	if ps := d.ByRole("无此处", "工作人员"); len(ps) != 0 {
		t.Fatalf("unknown unit: %+v", ps)
	}
}
