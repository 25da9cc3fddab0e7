package calendardb

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
)

// Service changes the stored calendar. Each change is one transaction with its audit record and raises
// the calendar version, so that every Source picks it up.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// LoadResult tells what a load did, or why it did nothing.
type LoadResult struct {
	Year     int
	Problems []calendar.Problem // after a load its warnings; when the file was refused every finding
	Replaced string             // what the loaded year replaced, in Chinese: "国家安排" or the earlier load; "" when the year had none
	Same     bool               // the text is the same as the one in force before
}

// Load stores a year file (see ReadFile), replacing the year's national arrangement or earlier load. A file
// with errors changes nothing: the error is an EINVALID govflow.FieldErrors naming the field "text", one
// entry per finding, and LoadResult.Problems holds the findings with their lines.
func (s *Service) Load(ctx context.Context, a govflow.Actor, fileName string, data []byte) (LoadResult, error) {
	arr, warnings, err := ReadFile(data)
	var ae *calendar.ArrangementError
	switch {
	case errors.As(err, &ae):
		return LoadResult{Problems: ae.Problems}, findingsError(ae.Problems)
	case err != nil:
		return LoadResult{}, err
	}
	res := LoadResult{Year: arr.Year, Problems: warnings}
	fileName = CleanFileName(fileName)
	text := string(arr.Format())
	err = s.write(ctx, func(tx store.Tx, now time.Time) error {
		version, err := bump(ctx, tx)
		if err != nil {
			return err
		}
		prev, err := previous(ctx, tx, arr.Year)
		if err != nil {
			return err
		}
		res.Replaced, res.Same = describePrevious(arr.Year, prev), prev != nil && prev.Text == text
		_, err = tx.Exec(ctx, `INSERT INTO calendar_years (year, text, file_name, loaded_by, loaded_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO UPDATE SET text = excluded.text,
			file_name = excluded.file_name, loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at`,
			arr.Year, text, fileName, a.ID, now)
		if err != nil {
			return fmt.Errorf("store calendar year %d: %w", arr.Year, err)
		}
		return audit.Append(ctx, tx, entry(a, "calendar.year.load", yearObject(arr.Year),
			loadDetail(arr, fileName, res, text, version), now))
	})
	if err != nil {
		return LoadResult{}, err
	}
	changed(s.DB)
	return res, nil
}

// Remove deletes a loaded year: the national arrangement of the year applies again, or none.
func (s *Service) Remove(ctx context.Context, a govflow.Actor, year int) error {
	err := s.write(ctx, func(tx store.Tx, now time.Time) error {
		if _, err := bump(ctx, tx); err != nil {
			return err
		}
		prev, err := previous(ctx, tx, year)
		if err != nil {
			return err
		}
		if prev == nil {
			return govflow.Errorf(govflow.ENOTFOUND, "%d年没有管理员载入的放假安排，无须撤销。", year)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_years WHERE year = $1`, year); err != nil {
			return fmt.Errorf("remove calendar year %d: %w", year, err)
		}
		after := "该年度不再有放假安排"
		if isNational(year) {
			after = "恢复使用国家安排"
		}
		return audit.Append(ctx, tx, entry(a, "calendar.year.remove", yearObject(year),
			fmt.Sprintf("撤销%d年载入的放假安排（%s 于 %s 载入），%s", year, prev.LoadedBy, stamp(prev.LoadedAt), after), now))
	})
	if err == nil {
		changed(s.DB)
	}
	return err
}

// SetHours sets the office hours, written as "09:00-12:00,13:30-17:30". Bad input is an EINVALID error
// naming the field "hours".
func (s *Service) SetHours(ctx context.Context, a govflow.Actor, text string) (calendar.OfficeHours, error) {
	if strings.TrimSpace(text) == "" {
		return calendar.OfficeHours{}, govflow.FieldError("hours", "请填写办公时间，如“09:00-12:00,13:30-17:30”。")
	}
	h, err := calendar.ParseOfficeHours(text)
	if err != nil {
		return calendar.OfficeHours{}, govflow.FieldError("hours", "%s", hoursMessage(err))
	}
	err = s.write(ctx, func(tx store.Tx, now time.Time) error {
		if _, err := bump(ctx, tx); err != nil {
			return err
		}
		var old string
		if err := tx.QueryRow(ctx, `SELECT hours FROM calendar_state WHERE id = 1`).Scan(&old); err != nil {
			return fmt.Errorf("read office hours: %w", err)
		}
		if old == "" {
			old = calendar.DefaultHours().String() + "（默认）"
		}
		if _, err := tx.Exec(ctx, `UPDATE calendar_state SET hours = $1, hours_by = $2, hours_at = $3 WHERE id = 1`,
			h.String(), a.ID, now); err != nil {
			return fmt.Errorf("store office hours: %w", err)
		}
		return audit.Append(ctx, tx, entry(a, "calendar.hours.set", "calendar:hours",
			fmt.Sprintf("办公时间：%s → %s", old, h.String()), now))
	})
	if err != nil {
		return calendar.OfficeHours{}, err
	}
	changed(s.DB)
	return h, nil
}

func hoursMessage(err error) string {
	msg := err.Error()
	if !strings.HasSuffix(msg, "。") {
		msg += "。"
	}
	return msg
}

func (s *Service) write(ctx context.Context, fn func(tx store.Tx, now time.Time) error) error {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	return s.DB.Write(ctx, func(tx store.Tx) error { return fn(tx, now) })
}

// bump raises the calendar version. It comes first in every change: on PostgreSQL the row lock it takes
// orders concurrent changes, so each one reads what the one before it wrote.
func bump(ctx context.Context, tx store.Tx) (int64, error) {
	var v int64
	if err := tx.QueryRow(ctx, `UPDATE calendar_state SET version = version + 1 WHERE id = 1 RETURNING version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("raise calendar version: %w", err)
	}
	return v, nil
}

func previous(ctx context.Context, tx store.Tx, year int) (*Year, error) {
	y := Year{Year: year}
	err := tx.QueryRow(ctx, `SELECT text, file_name, loaded_by, loaded_at FROM calendar_years WHERE year = $1`, year).
		Scan(&y.Text, &y.FileName, &y.LoadedBy, &y.LoadedAt)
	if errors.Is(err, store.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read calendar year %d: %w", year, err)
	}
	return &y, nil
}

func describePrevious(year int, prev *Year) string {
	switch {
	case prev != nil:
		return fmt.Sprintf("%s 于 %s 载入的版本", prev.LoadedBy, stamp(prev.LoadedAt))
	case isNational(year):
		return "国家安排"
	}
	return ""
}

func loadDetail(a *calendar.Arrangement, fileName string, res LoadResult, text string, version int64) string {
	src := "粘贴的文本"
	if fileName != "" {
		src = "文件 " + fileName
	}
	var names []string
	for _, h := range a.Holidays {
		names = append(names, h.Name)
	}
	d := fmt.Sprintf("载入%d年放假安排（%s）：%s", a.Year, src, strings.Join(names, "、"))
	if res.Replaced != "" {
		d += "；替换" + res.Replaced
	}
	if res.Same {
		d += "（内容相同）"
	}
	if n := len(calendar.StatutoryProblems(res.Problems)); n > 0 {
		d += fmt.Sprintf("；与法定节假日不符%d处（已提示，仍载入）", n)
	}
	sum := sm3.Sum([]byte(text))
	return d + fmt.Sprintf("；日历版本 %d；规范文本 SM3 %s", version, hex.EncodeToString(sum[:]))
}

// findingsError lists the errors first, so that the error's message (its first entry) names one.
func findingsError(ps []calendar.Problem) error {
	var fe govflow.FieldErrors
	for _, warning := range []bool{false, true} {
		for _, p := range ps {
			if p.Warning == warning {
				fe.Add("text", "%s", p.String())
			}
		}
	}
	return fe
}

func entry(a govflow.Actor, action, object, detail string, now time.Time) audit.Entry {
	return audit.Entry{Actor: a.ID, Action: action, Object: object, Detail: detail, IP: a.IP, At: now}
}

func yearObject(year int) string { return fmt.Sprintf("calendar:%d", year) }

func stamp(t time.Time) string { return t.In(calendar.Beijing).Format("2006-01-02 15:04") }

// isNational reports whether govflow ships the year's arrangement.
func isNational(year int) bool { return calendar.Default().Known(year) }
