package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/calendardb"
)

// CalendarDayJSON is a date whose status differs from the plain Monday–Friday rule (the shape of
// `govflow calendar year --json`).
type CalendarDayJSON struct {
	Date    string `json:"date" doc:"YYYY-MM-DD"`
	Workday bool   `json:"workday" doc:"true：调休上班日；false：放假日"`
	Name    string `json:"name" doc:"所属节日"`
}

// CalendarNoticeJSON cites the State Council notice an arrangement was written from.
type CalendarNoticeJSON struct {
	Title  string `json:"title"`
	Number string `json:"number,omitempty" doc:"文号"`
	Date   string `json:"date,omitempty"`
	URL    string `json:"url,omitempty"`
}

// CalendarYearJSON is one year of the calendar.
type CalendarYearJSON struct {
	Year     int                  `json:"year"`
	Known    bool                 `json:"known" doc:"该年度是否有放假安排；false 时只能按周末推算"`
	Source   string               `json:"source" doc:"national：国家安排（随程序提供）；loaded：管理员载入；none：尚未载入"`
	Notices  []CalendarNoticeJSON `json:"notices"`
	FileName string               `json:"file_name,omitempty" doc:"载入的文件名（source 为 loaded 时）"`
	LoadedBy string               `json:"loaded_by,omitempty" doc:"载入人账号；cli 为命令行"`
	LoadedAt *time.Time           `json:"loaded_at,omitempty"`
	Days     []CalendarDayJSON    `json:"days" doc:"与“周一至周五上班”不同的每一天，按日期排列"`
	Warning  string               `json:"warning,omitempty" doc:"尚未载入，或载入的安排与法定节假日不符（缺少法定节日或放假天数不足）时的提示"`
}

// CalendarYearParam is the path parameter {year}.
type CalendarYearParam struct {
	Year string `path:"year" json:"-" doc:"四位年份，2000—2100"`
}

// CalendarDueQuery asks for a due instant.
type CalendarDueQuery struct {
	From      string `query:"from" json:"-" doc:"起始时间，RFC 3339（如 2026-09-30T10:00:00+08:00），或北京时间 2026-09-30 10:00"`
	Limit     string `query:"limit" json:"-" doc:"时限，如 三个工作日、当天、24小时、10日、1个月"`
	CountFrom string `query:"count_from" json:"-" doc:"next-day（默认，自次日起算）或 same-day（当日起算）"`

	start time.Time
	limit calendar.Limit
	from  calendar.CountFrom
}

// Validate reads the three parameters, naming each bad one.
func (q *CalendarDueQuery) Validate() error {
	var fe govflow.FieldErrors
	var err error
	if strings.TrimSpace(q.From) == "" {
		fe.Add("from", "请给出起始时间 from，如 2026-09-30T10:00:00+08:00。")
	} else if q.start, err = parseInstant(q.From); err != nil {
		fe.Add("from", "%s", err.Error())
	}
	if q.limit, err = calendar.ParseLimit(q.Limit); err != nil {
		fe.Add("limit", "%s", err.Error())
	}
	if q.from, err = calendar.ParseCountFrom(q.CountFrom); err != nil {
		fe.Add("count_from", "%s", err.Error())
	}
	return fe.Err()
}

// parseInstant reads RFC 3339, or a Beijing wall time "2026-09-30 10:00[:00]", or a date (its midnight).
func parseInstant(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, calendar.Beijing); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("起始时间“%s”无法识别，应写作 2026-09-30T10:00:00+08:00 或 2026-09-30 10:00（北京时间）。", clip(s, 40))
}

// CalendarDueJSON is a computed due instant.
type CalendarDueJSON struct {
	From         time.Time `json:"from"`
	Limit        string    `json:"limit" doc:"时限的规范写法"`
	CountFrom    string    `json:"count_from"`
	Due          time.Time `json:"due" doc:"截止时刻（北京时间）"`
	Certain      bool      `json:"certain" doc:"推算所经年度是否都有放假安排"`
	UnknownYears []int     `json:"unknown_years" doc:"推算所经、尚未载入放假安排的年度；非空时截止时刻只按周末推算，可能不准"`
	Warning      string    `json:"warning,omitempty"`
	Hours        string    `json:"hours" doc:"推算所用的办公时间"`
}

// CalendarLoad is the body of POST /api/v1/calendar/years.
type CalendarLoad struct {
	FileName string `json:"file_name" doc:"文件名，仅作记录，可省略"`
	Text     string `json:"text" doc:"年度放假安排文件的全文（YAML 或 JSON，格式同 govflow calendar load）"`
}

// CalendarLoadJSON tells what a load did.
type CalendarLoadJSON struct {
	Year     CalendarYearJSON `json:"year"`
	Replaced string           `json:"replaced,omitempty" doc:"被替换的安排：国家安排，或此前载入的版本"`
	Same     bool             `json:"same" doc:"内容与此前相同"`
	Warnings []string         `json:"warnings" doc:"提示（不妨碍载入，请核对）"`
}

// CalendarHoursJSON are the office hours.
type CalendarHoursJSON struct {
	Hours   string     `json:"hours" doc:"如 09:00-12:00,13:30-17:30"`
	Default bool       `json:"default" doc:"从未设置，使用默认办公时间"`
	PerDay  string     `json:"per_day" doc:"每个工作日的办公时长，如 7h0m0s"`
	SetBy   string     `json:"set_by,omitempty"`
	SetAt   *time.Time `json:"set_at,omitempty"`
}

// CalendarHoursInput is the body of PUT /api/v1/calendar/hours.
type CalendarHoursInput struct {
	Hours string `json:"hours" doc:"如 08:30-12:00,14:00-18:00"`
}

func calendarAPIRoutes(f *calendarFeature, rt *Router) {
	const tag = "工作日历"
	API(rt, Op{Method: "GET", Path: "/api/v1/calendar/years", Perm: auth.SignedIn, Summary: "列出有放假安排的年度及其来源", Tag: tag},
		func(r *http.Request, in Paging) (List[CalendarYearJSON], error) {
			snap, err := f.src.Snapshot(r.Context())
			if err != nil {
				return List[CalendarYearJSON]{}, err
			}
			years := snap.Calendar.Years()
			limit, offset := in.Window()
			out := List[CalendarYearJSON]{Items: []CalendarYearJSON{}, Total: len(years), Limit: limit, Offset: offset}
			for i := len(years) - 1 - offset; i >= 0 && len(out.Items) < limit; i-- {
				y := yearJSON(snap, years[i])
				y.Days = nil
				out.Items = append(out.Items, y)
			}
			return out, nil
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/calendar/years/{year}", Perm: auth.SignedIn, Summary: "一年的放假日和调休上班日", Tag: tag,
		Description: "days 列出与“周一至周五上班”不同的每一天，与 govflow calendar year --json 相同。尚未载入的年度 known 为 false，days 为空。"},
		func(r *http.Request, in CalendarYearParam) (CalendarYearJSON, error) {
			year, err := calendarYearParam(in.Year, f.today().Year)
			if err != nil {
				return CalendarYearJSON{}, err
			}
			snap, err := f.src.Snapshot(r.Context())
			if err != nil {
				return CalendarYearJSON{}, err
			}
			return yearJSON(snap, year), nil
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/calendar/due", Perm: auth.SignedIn, Summary: "推算截止时间", Tag: tag,
		Description: "按本单位的工作日历和办公时间，由起始时间和时限推算截止时刻。所经年度尚未载入放假安排时 certain 为 false，unknown_years 列出这些年度。"},
		func(r *http.Request, in CalendarDueQuery) (CalendarDueJSON, error) {
			c, err := f.src.Calendar(r.Context())
			if err != nil {
				return CalendarDueJSON{}, err
			}
			d := c.Due(in.start, in.limit, in.from)
			return CalendarDueJSON{From: in.start, Limit: in.limit.String(), CountFrom: in.from.String(),
				Due: d.At.In(calendar.Beijing), Certain: d.Certain(), UnknownYears: append([]int{}, d.Unknown...),
				Warning: d.Warning(), Hours: c.Hours().String()}, nil
		})
	API(rt, Op{Method: "POST", Path: "/api/v1/calendar/years", Perm: permCalendarManage, Summary: "载入或更正一个年度的放假安排", Tag: tag,
		Status: http.StatusCreated, MaxBody: 2*calendardb.MaxFileBytes + 4<<10,
		Description: "文件有错误时不作任何改动，返回 400，errors 逐条列出问题（字段 text，含行号）。载入的年度替换该年的国家安排或此前载入的版本，即时生效。"},
		func(r *http.Request, in CalendarLoad) (CalendarLoadJSON, error) {
			res, err := f.svc.Load(r.Context(), f.s.ActorFrom(r), in.FileName, []byte(in.Text))
			if err != nil {
				return CalendarLoadJSON{}, err
			}
			snap, err := f.src.Snapshot(r.Context())
			if err != nil {
				return CalendarLoadJSON{}, err
			}
			out := CalendarLoadJSON{Year: yearJSON(snap, res.Year), Replaced: res.Replaced, Same: res.Same, Warnings: []string{}}
			for _, p := range res.Problems {
				out.Warnings = append(out.Warnings, p.String())
			}
			return out, nil
		})
	API(rt, Op{Method: "DELETE", Path: "/api/v1/calendar/years/{year}", Perm: permCalendarManage, Summary: "撤销管理员载入的年度（恢复国家安排或不再有安排）", Tag: tag},
		func(r *http.Request, in CalendarYearParam) (NoContent, error) {
			year, err := calendarYearParam(in.Year, f.today().Year)
			if err != nil {
				return NoContent{}, err
			}
			return NoContent{}, f.svc.Remove(r.Context(), f.s.ActorFrom(r), year)
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/calendar/hours", Perm: auth.SignedIn, Summary: "本单位的办公时间", Tag: tag},
		func(r *http.Request, _ struct{}) (CalendarHoursJSON, error) {
			snap, err := f.src.Snapshot(r.Context())
			if err != nil {
				return CalendarHoursJSON{}, err
			}
			return hoursJSON(snap.Hours), nil
		})
	API(rt, Op{Method: "PUT", Path: "/api/v1/calendar/hours", Perm: permCalendarManage, Summary: "设置本单位的办公时间", Tag: tag},
		func(r *http.Request, in CalendarHoursInput) (CalendarHoursJSON, error) {
			if _, err := f.svc.SetHours(r.Context(), f.s.ActorFrom(r), in.Hours); err != nil {
				return CalendarHoursJSON{}, err
			}
			snap, err := f.src.Snapshot(r.Context())
			if err != nil {
				return CalendarHoursJSON{}, err
			}
			return hoursJSON(snap.Hours), nil
		})
}

func yearJSON(snap *calendardb.Snapshot, year int) CalendarYearJSON {
	c := snap.Calendar
	out := CalendarYearJSON{Year: year, Known: c.Known(year), Source: "none", Notices: []CalendarNoticeJSON{}, Days: []CalendarDayJSON{}}
	if a, ok := c.Arrangement(year); ok {
		out.Source = "national"
		for _, n := range a.Notices {
			out.Notices = append(out.Notices, CalendarNoticeJSON(n))
		}
	}
	if y, ok := snap.Loaded(year); ok && y.Arrangement != nil {
		at := y.LoadedAt.In(calendar.Beijing)
		out.Source, out.FileName, out.LoadedBy, out.LoadedAt = "loaded", y.FileName, y.LoadedBy, &at
		out.Warning = statutoryWarning(y.Arrangement)
	}
	for _, d := range c.Exceptions(year) {
		out.Days = append(out.Days, CalendarDayJSON{Date: d.Date.String(), Workday: d.Workday, Name: d.Name})
	}
	if !out.Known {
		out.Warning = fmt.Sprintf("%d年的放假安排尚未载入：该年只能按周末推算，节假日和调休都未计入。", year)
	}
	return out
}

func hoursJSON(h calendardb.Hours) CalendarHoursJSON {
	out := CalendarHoursJSON{Hours: h.Hours.String(), Default: !h.Set, PerDay: h.Hours.PerDay().String(), SetBy: h.SetBy}
	if h.Set {
		at := h.SetAt.In(calendar.Beijing)
		out.SetAt = &at
	}
	return out
}

// statutoryWarning says where a loaded year differs from the statutory holidays; "" where it does not.
func statutoryWarning(a *calendar.Arrangement) string {
	var msgs []string
	for _, p := range calendar.StatutoryProblems(a.Check()) {
		msgs = append(msgs, p.Message)
	}
	if len(msgs) == 0 {
		return ""
	}
	return fmt.Sprintf("%d年载入的放假安排与法定节假日不符：%s", a.Year, strings.Join(msgs, ""))
}
