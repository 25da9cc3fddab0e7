package calendardb_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/calendardb"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

// A test arrangement for 2027 (not the official one: the notice is made up).
var file2027 = readTestYear("../calendar/testdata/test-2027.yaml")

// A correction of 2026 that moves 国庆节: 10-08 becomes a day off, 10-10 an ordinary Saturday.
const file2026 = `year: 2026
notices: [{title: 测试用更正通知, number: 测试〔2026〕2号, date: 2026-09-01}]
holidays:
  - name: 国庆节
    off: 2026-10-01/2026-10-08
    work: [2026-09-20]
`

var (
	t0    = time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC) // Friday 10:00 in Beijing
	admin = govflow.Actor{ID: "pengfei", IP: "10.0.0.8"}
)

func service(db *store.DB) *calendardb.Service {
	return &calendardb.Service{DB: db, Now: func() time.Time { return t0 }}
}

func snapshot(t *testing.T, db *store.DB) *calendardb.Snapshot {
	t.Helper()
	var s *calendardb.Snapshot
	err := db.Read(context.Background(), func(tx store.Tx) (err error) {
		s, err = calendardb.ReadSnapshot(context.Background(), tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func calendarAudit(t *testing.T, db *store.DB) []audit.Record {
	t.Helper()
	var rs []audit.Record
	err := db.Read(context.Background(), func(tx store.Tx) (err error) {
		rs, err = audit.List(context.Background(), tx, audit.Filter{Action: "calendar."})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := audit.Verify(context.Background(), db); err != nil || res.Problem != nil {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	return rs
}

func TestLoadStoresTheYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if c := snapshot(t, db).Calendar; c.Known(2027) {
			t.Fatal("2027 known before any load")
		}
		res, err := service(db).Load(ctx, admin, `C:\Users\彭飞\Desktop\2027.yaml`, []byte(file2027))
		if err != nil {
			t.Fatal(err)
		}
		if res.Year != 2027 || res.Replaced != "" || res.Same || len(res.Problems) != 0 {
			t.Errorf("result %+v", res)
		}
		s := snapshot(t, db)
		y, ok := s.Loaded(2027)
		if !ok || y.FileName != "2027.yaml" || y.LoadedBy != "pengfei" || !y.LoadedAt.Equal(t0) || y.Problem != "" {
			t.Fatalf("stored %+v", y)
		}
		a, _, _ := calendar.ParseArrangement([]byte(file2027))
		if y.Text != string(a.Format()) {
			t.Errorf("stored text is not the canonical form:\n%s", y.Text)
		}
		c := s.Calendar
		feb20 := calendar.Date{Year: 2027, Month: 2, Day: 20}
		if !c.Known(2027) || !c.Loaded(2027) || !c.IsWorkday(feb20) || c.IsWorkday(calendar.Date{Year: 2027, Month: 2, Day: 8}) {
			t.Error("the loaded year is not in the calendar")
		}
		rs := calendarAudit(t, db)
		if len(rs) != 1 || rs[0].Action != "calendar.year.load" || rs[0].Object != "calendar:2027" || rs[0].Actor != "pengfei" ||
			rs[0].IP != "10.0.0.8" || !strings.Contains(rs[0].Detail, "文件 2027.yaml") || !strings.Contains(rs[0].Detail, "SM3") {
			t.Errorf("audit %+v", rs)
		}
	})
}

func TestLoadOverridesAndRemoveRestores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		oct8 := calendar.Date{Year: 2026, Month: 10, Day: 8}
		oct10 := calendar.Date{Year: 2026, Month: 10, Day: 10}
		if c := snapshot(t, db).Calendar; !c.IsWorkday(oct8) || !c.IsWorkday(oct10) {
			t.Fatal("national 2026: 10-08 and the make-up Saturday 10-10 are working days")
		}
		svc := service(db)
		res, err := svc.Load(ctx, admin, "2026-更正.yaml", []byte(file2026))
		if err != nil || res.Replaced != "国家安排" {
			t.Fatalf("%+v %v", res, err)
		}
		if len(res.Problems) != 1 || !res.Problems[0].Statutory || !strings.Contains(res.Problems[0].Message, "未列出元旦、春节") {
			t.Errorf("a correction of one holiday loads, with a warning that it drops the others: %v", res.Problems)
		}
		c := snapshot(t, db).Calendar
		if c.IsWorkday(oct8) || c.IsWorkday(oct10) || !c.Loaded(2026) {
			t.Error("the loaded 2026 does not replace the national one")
		}
		if !c.IsWorkday(calendar.Date{Year: 2026, Month: 2, Day: 16}) {
			t.Error("a loaded year replaces the national one as a whole: its file leaves out 春节")
		}
		res, err = svc.Load(ctx, admin, "", []byte(file2026))
		if err != nil || !res.Same || !strings.Contains(res.Replaced, "pengfei 于 2026-11-20 10:00 载入的版本") {
			t.Fatalf("second load %+v %v", res, err)
		}
		if y, _ := snapshot(t, db).Loaded(2026); y.FileName != "" {
			t.Errorf("pasted text keeps no file name: %q", y.FileName)
		}
		if err := svc.Remove(ctx, admin, 2026); err != nil {
			t.Fatal(err)
		}
		c = snapshot(t, db).Calendar
		if !c.IsWorkday(oct8) || !c.IsWorkday(oct10) || c.Loaded(2026) {
			t.Error("removing the load does not restore the national 2026")
		}
		before := snapshot(t, db).Version
		err = svc.Remove(ctx, admin, 2026)
		if govflow.ErrorCode(err) != govflow.ENOTFOUND || snapshot(t, db).Version != before {
			t.Errorf("removing a year that is not loaded: %v", err)
		}
		rs := calendarAudit(t, db)
		if len(rs) != 3 || rs[0].Action != "calendar.year.remove" || !strings.Contains(rs[0].Detail, "恢复使用国家安排") ||
			!strings.Contains(rs[2].Detail, "与法定节假日不符1处") {
			t.Errorf("audit %+v", rs)
		}
	})
}

func TestInvalidFileChangesNothing(t *testing.T) {
	bad := "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    work: [2027-01-04, 2026-12-26]\n"
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(db)
		if _, err := svc.Load(ctx, admin, "2027.yaml", []byte(file2027)); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, db)
		for name, data := range map[string]string{"errors": bad, "empty": " \n", "binary": "PK\x03\x04\x00\x00", "yaml": "year: ["} {
			res, err := svc.Load(ctx, admin, "2027.yaml", []byte(data))
			var fe govflow.FieldErrors
			var e *govflow.Error
			if govflow.ErrorCode(err) != govflow.EINVALID || !errors.As(err, &e) || e.Field != "text" {
				t.Errorf("%s: %v", name, err)
			}
			if name == "errors" && (!errors.As(err, &fe) || len(fe) != 4 || len(res.Problems) != 4 ||
				res.Problems[0].Line != 1 || !res.Problems[0].Warning || !strings.HasPrefix(fe[0].Message, "第5行：") ||
				!strings.HasPrefix(fe[2].Message, "提示：第1行：") || !strings.Contains(fe[3].Message, "未列出春节")) {
				t.Errorf("findings %+v %v", res.Problems, err)
			}
		}
		after := snapshot(t, db)
		if after.Version != before.Version || after.Years[0].Text != before.Years[0].Text || len(calendarAudit(t, db)) != 1 {
			t.Error("a refused file changed something")
		}
	})
}

func TestOfficeHours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if h := snapshot(t, db).Hours; h.Set || h.Hours.String() != calendar.DefaultHours().String() {
			t.Fatalf("default %+v", h)
		}
		svc := service(db)
		h, err := svc.SetHours(ctx, admin, "8:30-12:00，14:00-18:00")
		if err != nil || h.String() != "08:30-12:00,14:00-18:00" {
			t.Fatalf("%v %v", h, err)
		}
		s := snapshot(t, db)
		if !s.Hours.Set || s.Hours.SetBy != "pengfei" || s.Calendar.Hours().String() != "08:30-12:00,14:00-18:00" {
			t.Errorf("stored %+v", s.Hours)
		}
		due := s.Calendar.Due(time.Date(2026, 11, 20, 10, 0, 0, 0, calendar.Beijing), calendar.Limit{Unit: calendar.Today}, calendar.FromNextDay)
		if got := due.At.Format("15:04"); got != "18:00" {
			t.Errorf("当天 ends at the office's close: %s", got)
		}
		for _, bad := range []string{"", "9-5", "12:00-09:00"} {
			_, err := svc.SetHours(ctx, admin, bad)
			var e *govflow.Error
			if !errors.As(err, &e) || e.Field != "hours" || e.Code != govflow.EINVALID {
				t.Errorf("%q: %v", bad, err)
			}
		}
		if v := snapshot(t, db).Version; v != s.Version {
			t.Errorf("refused hours changed the version %d → %d", s.Version, v)
		}
		rs := calendarAudit(t, db)
		if len(rs) != 1 || rs[0].Action != "calendar.hours.set" || !strings.Contains(rs[0].Detail, "09:00-12:00,13:30-17:30（默认） → 08:30-12:00,14:00-18:00") {
			t.Errorf("audit %+v", rs)
		}
	})
}

// Another server sharing the database sees a load once its check interval has passed; the server that made
// it sees it at once.
func TestSourcePicksUpChangesFromOtherServers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		other, err := store.Open(ctx, db.URL())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		now := time.Unix(0, 0)
		here := calendardb.NewSource(db, 2*time.Second, func() time.Time { return now })
		there := calendardb.NewSource(other, 2*time.Second, func() time.Time { return now })
		for _, src := range []*calendardb.Source{here, there} {
			if c, err := src.Calendar(ctx); err != nil || c.Known(2027) {
				t.Fatalf("before: %v", err)
			}
		}
		if _, err := service(other).Load(ctx, admin, "2027.yaml", []byte(file2027)); err != nil {
			t.Fatal(err)
		}
		if c, _ := there.Calendar(ctx); !c.Known(2027) {
			t.Error("the server that loaded the year does not see it at once")
		}
		now = now.Add(1999 * time.Millisecond)
		if c, _ := here.Calendar(ctx); c.Known(2027) {
			t.Error("checked the database before the interval passed")
		}
		now = now.Add(time.Millisecond)
		if c, _ := here.Calendar(ctx); !c.Known(2027) {
			t.Error("another server's load not picked up after the interval")
		}
		err = db.Read(ctx, func(tx store.Tx) error {
			c, err := here.CalendarTx(ctx, tx)
			if err == nil && !c.Known(2027) {
				t.Error("CalendarTx")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestSourceKeepsTheLastCalendarWhenTheDatabaseFails(t *testing.T) {
	db := storetest.SQLite(t)
	now := time.Unix(0, 0)
	src := calendardb.NewSource(db, time.Second, func() time.Time { return now })
	ctx := context.Background()
	if _, err := src.Calendar(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	now = now.Add(time.Hour)
	if c, err := src.Calendar(ctx); err != nil || c == nil {
		t.Errorf("after the database went away: %v", err)
	}
	if _, err := calendardb.NewSource(db, 0, nil).Calendar(ctx); err == nil {
		t.Error("a Source that never built a calendar must fail")
	}
}

func TestCurrentIsSharedAndSeesLoadsAtOnce(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if calendardb.For(db) != calendardb.For(db) {
		t.Fatal("For returns different Sources")
	}
	c, err := calendardb.Current(ctx, db)
	if err != nil || c.Known(2027) {
		t.Fatal(err)
	}
	if _, err := service(db).Load(ctx, admin, "2027.yaml", []byte(file2027)); err != nil {
		t.Fatal(err)
	}
	if c, _ := calendardb.Current(ctx, db); !c.Known(2027) {
		t.Error("Current does not see a load made in this process")
	}
}

func TestUnreadableStoredYearIsLeftOutAndReported(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO calendar_years (year, text, file_name, loaded_by, loaded_at) VALUES (2028, 'year: 2028', '', 'cli', 1)`)
			if err == nil {
				_, err = tx.Exec(ctx, `UPDATE calendar_state SET hours = 'nonsense', version = version + 1 WHERE id = 1`)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s := snapshot(t, db)
		y, _ := s.Loaded(2028)
		if s.Calendar.Known(2028) || y.Problem == "" || s.Hours.Problem == "" || s.Calendar.Hours().String() != calendar.DefaultHours().String() {
			t.Fatalf("%+v %+v", y, s.Hours)
		}
		alerts := s.Alerts(t0)
		if len(alerts) != 3 || alerts[0].Kind != calendardb.MissingNext || alerts[1].Kind != calendardb.Unreadable || alerts[1].Year != 2028 {
			t.Errorf("alerts %+v", alerts)
		}
	})
}

func TestAlerts(t *testing.T) {
	s := &calendardb.Snapshot{Calendar: calendar.Default()}
	bj := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, calendar.Beijing) }
	tests := []struct {
		name string
		now  time.Time
		want []calendardb.Alert
	}{
		{"October: next year not due yet", bj(2026, 10, 31, 23), nil},
		{"November: next year is due", bj(2026, 11, 1, 0), []calendardb.Alert{{Year: 2027, Kind: calendardb.MissingNext}}},
		{"new year's night in Beijing", time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), []calendardb.Alert{{Year: 2027, Kind: calendardb.MissingCurrent}}},
		{"a year with nothing, in December", bj(2030, 12, 1, 9), []calendardb.Alert{{Year: 2030, Kind: calendardb.MissingCurrent}, {Year: 2031, Kind: calendardb.MissingNext}}},
		{"a shipped year in spring", bj(2025, 3, 1, 9), nil},
	}
	for _, tt := range tests {
		got := s.Alerts(tt.now)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %+v", tt.name, got)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %+v", tt.name, got)
			}
		}
	}
}

// Concurrent loads of different years all land, each with its own version and audit record.
func TestConcurrentLoads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(db)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for _, y := range []string{"2027", "2028", "2029", "2030"} {
			wg.Go(func() {
				_, err := svc.Load(ctx, admin, y+".yaml", []byte("year: "+y+"\nholidays: [{name: 元旦, off: "+y+"-01-01}]\n"))
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		s := snapshot(t, db)
		if s.Version != 4 || len(s.Years) != 4 || len(calendarAudit(t, db)) != 4 {
			t.Errorf("version %d, %d years, audit %d", s.Version, len(s.Years), len(calendarAudit(t, db)))
		}
	})
}

// readTestYear reads the made-up 2027 arrangement (every statutory day) the calendar tests share.
func readTestYear(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
