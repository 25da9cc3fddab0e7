package calendardb

import (
	"context"
	"fmt"
	"time"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
)

// Year is a year an administrator loaded.
type Year struct {
	Year         int
	Arrangement  *calendar.Arrangement // nil when Problem is set
	Text         string                // the stored canonical text
	FileName     string                // "" when the text was pasted
	LoadedBy     string                // person id, or "cli" for the command line
	LoadedByName string                // the person's name; "" when not a person
	LoadedAt     time.Time
	// Problem is set when the stored text no longer passes the checks (a newer govflow may check more):
	// the year is then left out of the calendar, and the admin pages say so.
	Problem string
}

// Hours are the office hours in force.
type Hours struct {
	Hours     calendar.OfficeHours
	Set       bool // false: never set, the default hours apply
	SetBy     string
	SetByName string
	SetAt     time.Time
	Problem   string // the stored setting no longer reads; the default hours apply
}

// Snapshot is the calendar at one version of the database, with where each part came from.
// Treat it as read-only: Sources share it between requests.
type Snapshot struct {
	Version  int64
	Calendar *calendar.Calendar
	Years    []Year // loaded years, ascending, unreadable ones included
	Hours    Hours
}

// Loaded returns the loaded year, if there is one.
func (s *Snapshot) Loaded(year int) (Year, bool) {
	for _, y := range s.Years {
		if y.Year == year {
			return y, true
		}
	}
	return Year{}, false
}

// Arrangements returns the loaded arrangements that are in force (unreadable ones left out).
func (s *Snapshot) Arrangements() []*calendar.Arrangement {
	var out []*calendar.Arrangement
	for _, y := range s.Years {
		if y.Arrangement != nil {
			out = append(out, y.Arrangement)
		}
	}
	return out
}

// ReadSnapshot reads the stored calendar in tx and builds it.
func ReadSnapshot(ctx context.Context, tx store.Tx) (*Snapshot, error) {
	s := &Snapshot{}
	var hours string
	err := tx.QueryRow(ctx, `SELECT c.version, c.hours, c.hours_by, COALESCE(p.name, ''), c.hours_at
		FROM calendar_state c LEFT JOIN people p ON p.id = c.hours_by WHERE c.id = 1`).
		Scan(&s.Version, &hours, &s.Hours.SetBy, &s.Hours.SetByName, &s.Hours.SetAt)
	if err != nil {
		return nil, fmt.Errorf("read calendar state: %w", err)
	}
	s.Hours.Hours, s.Hours.Set = calendar.DefaultHours(), hours != ""
	if s.Hours.Set {
		h, err := calendar.ParseOfficeHours(hours)
		if err != nil {
			s.Hours.Problem = fmt.Sprintf("保存的办公时间“%s”无法读取（%v），现按默认办公时间计算，请重新设置。", hours, err)
		} else {
			s.Hours.Hours = h
		}
	}
	if s.Years, err = readYears(ctx, tx); err != nil {
		return nil, err
	}
	if s.Calendar, err = calendar.New(s.Hours.Hours, s.Arrangements()...); err != nil {
		return nil, fmt.Errorf("build calendar: %w", err)
	}
	return s, nil
}

func readYears(ctx context.Context, tx store.Tx) ([]Year, error) {
	rows, err := tx.Query(ctx, `SELECT y.year, y.text, y.file_name, y.loaded_by, COALESCE(p.name, ''), y.loaded_at
		FROM calendar_years y LEFT JOIN people p ON p.id = y.loaded_by ORDER BY y.year`)
	if err != nil {
		return nil, fmt.Errorf("read calendar years: %w", err)
	}
	defer rows.Close()
	var out []Year
	for rows.Next() {
		var y Year
		if err := rows.Scan(&y.Year, &y.Text, &y.FileName, &y.LoadedBy, &y.LoadedByName, &y.LoadedAt); err != nil {
			return nil, fmt.Errorf("read calendar years: %w", err)
		}
		a, _, err := calendar.ParseArrangement([]byte(y.Text))
		switch {
		case err != nil:
			y.Problem = fmt.Sprintf("已载入的%d年放假安排不能通过现行校验（%v），暂不使用，请重新载入。", y.Year, err)
		case a.Year != y.Year:
			y.Problem = fmt.Sprintf("已载入的%d年放假安排写的是%d年，暂不使用，请重新载入。", y.Year, a.Year)
		default:
			y.Arrangement = a
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

func readVersion(ctx context.Context, tx store.Tx) (int64, error) {
	var v int64
	if err := tx.QueryRow(ctx, `SELECT version FROM calendar_state WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read calendar version: %w", err)
	}
	return v, nil
}
