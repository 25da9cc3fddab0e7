package workflow

import (
	"fmt"
	"strings"
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
		{"当天: reminded half way in office time", bj(2026, 3, 2, 9, 30), "当天", "", bj(2026, 3, 2, 17, 30), bj(2026, 3, 2, 14, 15), false, false},
		{"2个工作小时 from 17:00: reminded the next morning, not at night", bj(2026, 3, 2, 17, 0), "2个工作小时", "", bj(2026, 3, 3, 10, 30), bj(2026, 3, 3, 9, 30), false, false},
		{"4小时 from Friday 16:00: reminded on Monday, not at the weekend", bj(2026, 3, 6, 16, 0), "4小时", "", bj(2026, 3, 9, 12, 0), bj(2026, 3, 9, 9, 45), false, false},
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

// TestRemindersInOfficeHours: whatever the start and the limit, a reminder falls within office hours of a
// working day.
func TestRemindersInOfficeHours(t *testing.T) {
	d := &deadlines{cal: calendar.Default()}
	office := func(at time.Time) bool {
		return d.cal.WorkingTime(at.Add(-time.Minute), at) > 0 || d.cal.WorkingTime(at, at.Add(time.Minute)) > 0
	}
	for start := bj(2026, 3, 5, 0, 0); start.Before(bj(2026, 3, 10, 0, 0)); start = start.Add(25 * time.Minute) {
		for _, limit := range []string{"即办", "当天", "次日", "1个工作小时", "2个工作小时", "3小时", "2个工作日"} {
			got, err := d.Due(start, limit, "")
			if err != nil {
				t.Fatal(err)
			}
			if !got.Remind.IsZero() && (!office(got.Remind) || !got.Remind.Before(got.At)) {
				t.Errorf("%s from %s: reminded at %s (due %s)", limit, start, got.Remind.In(calendar.Beijing), got.At.In(calendar.Beijing))
			}
		}
	}
}

// TestOrgValues: units are stored by name, a unit id is taken for its unit; people by account, and only
// those at work.
func TestOrgValues(t *testing.T) {
	units := []govflow.Unit{{ID: "bgt", Name: "办公厅"}, {ID: "msc", Name: "秘书处", ParentID: "bgt"}}
	people := []govflow.Person{
		{ID: "sun", Name: "孙磊", UnitID: "msc", Active: true},
		{ID: "old", Name: "退休", UnitID: "msc", Active: false},
	}
	d := newDirectory(org.NewDirectory(units, people, nil))
	for _, c := range []struct {
		typ  process.FieldType
		in   any
		want any
		bad  string
	}{
		{process.FieldUnit, "秘书处", "秘书处", ""},
		{process.FieldUnit, "msc", "秘书处", ""},
		{process.FieldUnit, "综合一处", nil, "没有处室“综合一处”"},
		{process.FieldUnits, []string{"bgt", "秘书处", "msc"}, []string{"办公厅", "秘书处"}, ""},
		{process.FieldPerson, "sun", "sun", ""},
		{process.FieldPerson, "孙磊", nil, "没有人员“孙磊”"},
		{process.FieldPersons, []string{"sun", "old"}, nil, "人员“退休”（old）已停用"},
	} {
		got, msg := d.orgValue(c.typ, c.in)
		if c.bad != "" {
			if !strings.Contains(msg, c.bad) {
				t.Errorf("%s %v: %q, want %q", c.typ, c.in, msg, c.bad)
			}
			continue
		}
		if msg != "" || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s %v: %v %q, want %v", c.typ, c.in, got, msg, c.want)
		}
	}
}

// A suspension outside office hours (Friday evening to Monday morning) moves no deadline; one that covers
// a working day's opening moves it by that day.
func TestExtendCountsOnlyWorkdaysOpenedWhileSuspended(t *testing.T) {
	d := &deadlines{cal: calendar.Default()}
	at := func(day, h, m int) time.Time { return time.Date(2026, 3, day, h, m, 0, 0, calendar.Beijing) }
	due := at(11, 17, 30) // Wednesday
	if got := d.Extend(due, at(6, 18, 0), at(9, 8, 0)); !got.Equal(due) {
		t.Errorf("weekend suspension moved the deadline to %s", got)
	}
	if got := d.Extend(due, at(9, 16, 0), at(10, 10, 0)); !got.Equal(at(12, 17, 30)) {
		t.Errorf("overnight suspension across an opening: %s", got)
	}
}
