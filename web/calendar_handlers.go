package web

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/calendardb"
)

func init() {
	RegisterFeature(Feature{Name: "calendar", Routes: calendarRoutes})
	RegisterAdminTab(AdminTab{Path: "/admin/calendar", Title: "工作日历", Perm: permCalendarRead})
}

var (
	permCalendarRead   = auth.NewPermission("calendar.read", "查看工作日历及其来源", govflow.RoleAdmin, govflow.RoleProcessAdmin)
	permCalendarManage = auth.NewPermission("calendar.manage", "载入年度放假安排、设置办公时间", govflow.RoleAdmin)
)

// calendarFeature serves the working-day calendar: the admin page and the API.
type calendarFeature struct {
	s   *Server
	src *calendardb.Source
	svc *calendardb.Service
}

func calendarRoutes(s *Server, rt *Router) {
	f := &calendarFeature{s: s, src: calendardb.For(s.DB()), svc: &calendardb.Service{DB: s.DB(), Now: s.Now}}
	rt.Page("GET /admin/calendar", permCalendarRead, f.page)
	rt.Page("GET /admin/calendar/{year}/file", permCalendarRead, f.download)
	rt.Handle(Route{Pattern: "POST /admin/calendar/load", Perm: permCalendarManage, Handler: f.load,
		MaxBody: 2*calendardb.MaxFileBytes + 64<<10})
	rt.Page("POST /admin/calendar/{year}/remove", permCalendarManage, f.remove)
	rt.Page("POST /admin/calendar/hours", permCalendarManage, f.hours)
	rt.Banner(f.banners)
	calendarAPIRoutes(f, rt)
}

// calendarPage is what templates/calendar/index.html shows.
type calendarPage struct {
	Year, Prev, Next int
	SampleYear       int   // the year the load form's example is for: the shown one when it lacks an arrangement
	Years            []int // the year chooser's options
	Today            calendar.Date
	Known            bool
	Source           string // national, loaded or none
	Loaded           calendardb.Year
	Arrangement      *calendar.Arrangement
	Warnings         []calendar.Problem // what the checks say about a loaded year
	Statutory        []calendar.Problem // of those, where it differs from the statutory holidays: shown at the top
	National         bool               // govflow ships this year
	Months           []calMonth
	Holidays         []calHoliday
	Exceptions       []calendar.Day
	Stats            calStats
	Hours            calendardb.Hours
	HoursText        string
	DefaultHours     string
	Form             calendarForm
	CanManage        bool
	CanAdmin         bool // sees the organisation pages' sub-navigation
	Unreadable       string
}

// calendarForm is the load form as it was submitted, with its findings.
type calendarForm struct {
	Text, FileName string
	Tried          bool
	Problems       []calendar.Problem
	Message        string // a refusal that is not about a line (empty, too large, not text)
}

// Errors counts the findings that stopped the load.
func (f calendarForm) Errors() int {
	n := 0
	for _, p := range f.Problems {
		if !p.Warning {
			n++
		}
	}
	return n
}

// WeekdayOf names a date's weekday in the page's language.
func (*calendarPage) WeekdayOf(p *Page, d calendar.Date) string {
	return p.T(weekdayNames[d.Weekday()])
}

// HolidayName is a holiday's name in the page's language.
func (*calendarPage) HolidayName(p *Page, name string) string { return holidayName(p, name) }

// PerDay says how long the office is open each working day: 7小时, 7小时30分.
func (c *calendarPage) PerDay(p *Page) string {
	d := c.Hours.Hours.PerDay()
	h, m := int(d.Hours()), int(d.Minutes())%60
	if m == 0 {
		return p.T("%d小时", h)
	}
	return p.T("%d小时%d分", h, m)
}

func (f *calendarFeature) page(w http.ResponseWriter, r *http.Request) error {
	year, err := calendarYearParam(r.URL.Query().Get("year"), f.today().Year)
	if err != nil {
		return err
	}
	p, err := f.view(r, year)
	if err != nil {
		return err
	}
	return f.s.Render(w, r, http.StatusOK, "calendar/index", p)
}

func calendarYearParam(s string, def int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	y, err := strconv.Atoi(strings.TrimSuffix(s, "年"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, govflow.FieldError("year", "年度“%s”无效：应为2000年至2100年之间的四位年份，如 %d。", clip(s, 20), def)
	}
	return y, nil
}

func (f *calendarFeature) today() calendar.Date { return calendar.DateOf(f.s.Now()) }

func (f *calendarFeature) view(r *http.Request, year int) (*calendarPage, error) {
	snap, err := f.src.Snapshot(r.Context())
	if err != nil {
		return nil, err
	}
	c, today, u := snap.Calendar, f.today(), UserFrom(r)
	p := &calendarPage{Year: year, Prev: year - 1, Next: year + 1, Today: today, Known: c.Known(year),
		National: calendar.Default().Known(year), Months: yearGrid(c, year, today), Exceptions: c.Exceptions(year),
		Stats: yearStats(c, year), Hours: snap.Hours, HoursText: snap.Hours.Hours.String(),
		DefaultHours: calendar.DefaultHours().String(), CanManage: permCalendarManage.Allows(u), CanAdmin: auth.ManageOrg.Allows(u)}
	p.Years = calendarYears(c.Years(), today.Year, year)
	p.SampleYear = year + 1
	if !p.Known {
		p.SampleYear = year
	}
	p.Source = "none"
	if a, ok := c.Arrangement(year); ok {
		p.Arrangement, p.Holidays, p.Source = a, holidays(a), "national"
	}
	if y, ok := snap.Loaded(year); ok {
		p.Loaded, p.Unreadable = y, y.Problem
		if y.Arrangement != nil {
			p.Source = "loaded"
			for _, pr := range y.Arrangement.Check() {
				switch {
				case pr.Statutory:
					p.Statutory = append(p.Statutory, pr)
				case pr.Warning:
					p.Warnings = append(p.Warnings, pr)
				}
			}
		}
	}
	return p, nil
}

// calendarYears are the chooser's years: every year with an arrangement, last year to next year, and the shown one.
func calendarYears(known []int, current, shown int) []int {
	lo, hi := min(current-1, shown), max(current+1, shown)
	if len(known) > 0 {
		lo, hi = min(lo, known[0]), max(hi, known[len(known)-1])
	}
	var out []int
	for y := hi; y >= lo; y-- {
		out = append(out, y)
	}
	return out
}

func (f *calendarFeature) load(w http.ResponseWriter, r *http.Request) error {
	form, data, err := readCalendarForm(r)
	// A refused file is shown beside the year the administrator was looking at.
	shown, _ := calendarYearParam(r.PostFormValue("year"), f.today().Year)
	if err == nil {
		var res calendardb.LoadResult
		res, err = f.svc.Load(r.Context(), f.s.ActorFrom(r), form.FileName, data)
		if err == nil {
			return f.s.Redirect(w, r, fmt.Sprintf("/admin/calendar?year=%d", res.Year), loadFlash(res))
		}
		form.Problems = res.Problems
	}
	if govflow.ErrorCode(err) != govflow.EINVALID {
		return err
	}
	form.Tried = true
	slices.SortStableFunc(form.Problems, func(a, b calendar.Problem) int { return cmp.Compare(b2i(a.Warning), b2i(b.Warning)) })
	if len(form.Problems) == 0 {
		form.Message = govflow.ErrorMessage(err)
	}
	p, verr := f.view(r, shown)
	if verr != nil {
		return verr
	}
	p.Form = form
	return f.s.render(w, r, http.StatusUnprocessableEntity, "calendar/index",
		&Page{Data: p, Error: "年度放假安排文件未载入：请按所列问题修改后重新提交。"})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// readCalendarForm takes the uploaded file, or else the pasted text.
func readCalendarForm(r *http.Request) (calendarForm, []byte, error) {
	form := calendarForm{Text: r.PostFormValue("text")}
	file, h, err := r.FormFile("file")
	switch {
	case err == nil:
		defer file.Close()
		form.FileName = calendardb.CleanFileName(h.Filename)
		data, err := io.ReadAll(io.LimitReader(file, calendardb.MaxFileBytes+1))
		if err != nil {
			return form, nil, fmt.Errorf("read upload: %w", err)
		}
		if len(data) > 0 || strings.TrimSpace(form.Text) == "" {
			return form, data, nil
		}
	case errors.As(err, new(*http.MaxBytesError)):
		var mbe *http.MaxBytesError
		errors.As(err, &mbe)
		return form, nil, errTooLarge(mbe.Limit)
	case !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart):
		return form, nil, govflow.FieldError("file", "上传的文件无法读取，请重新选择后提交。")
	}
	form.FileName = ""
	return form, []byte(form.Text), nil
}

func loadFlash(res calendardb.LoadResult) string {
	s := fmt.Sprintf("已载入%d年放假安排，即时生效", res.Year)
	switch {
	case res.Same:
		s += "（内容与此前相同）"
	case res.Replaced != "":
		s += "（替换" + res.Replaced + "）"
	}
	s += "。"
	statutory := len(calendar.StatutoryProblems(res.Problems))
	others := len(res.Problems) - statutory
	switch {
	case statutory > 0 && others > 0:
		s += fmt.Sprintf("注意：该文件与法定节假日不符，详见页面上方的提示，请核对；另有%d条提示，请在下方“来源”中核对。", others)
	case statutory > 0:
		s += "注意：该文件与法定节假日不符，详见页面上方的提示，请核对。"
	case others > 0:
		s += fmt.Sprintf("有%d条提示，请在下方“来源”中核对。", others)
	}
	return s
}

func (f *calendarFeature) remove(w http.ResponseWriter, r *http.Request) error {
	year, err := calendarYearParam(r.PathValue("year"), f.today().Year)
	if err != nil {
		return err
	}
	if err := f.svc.Remove(r.Context(), f.s.ActorFrom(r), year); err != nil {
		return err
	}
	msg := fmt.Sprintf("已撤销%d年载入的放假安排，恢复使用国家安排。", year)
	if !calendar.Default().Known(year) {
		msg = fmt.Sprintf("已撤销%d年载入的放假安排；该年度现在没有放假安排。", year)
	}
	return f.s.Redirect(w, r, fmt.Sprintf("/admin/calendar?year=%d", year), msg)
}

func (f *calendarFeature) hours(w http.ResponseWriter, r *http.Request) error {
	text := r.PostFormValue("hours")
	h, err := f.svc.SetHours(r.Context(), f.s.ActorFrom(r), text)
	if err == nil {
		return f.s.Redirect(w, r, "/admin/calendar#hours", "办公时间已设为 "+h.String()+"，即时生效。")
	}
	year, _ := calendarYearParam(r.PostFormValue("year"), f.today().Year)
	p, verr := f.view(r, year)
	if verr != nil {
		return verr
	}
	p.HoursText = text
	return f.s.RenderForm(w, r, "calendar/index", p, err)
}

// download serves the year's file: its arrangement in the canonical format, or for a year without one a
// form to fill in from the State Council's notice.
func (f *calendarFeature) download(w http.ResponseWriter, r *http.Request) error {
	year, err := calendarYearParam(r.PathValue("year"), f.today().Year)
	if err != nil {
		return err
	}
	c, err := f.src.Calendar(r.Context())
	if err != nil {
		return err
	}
	body := []byte(blankYearFile(year))
	if a, ok := c.Arrangement(year); ok {
		body = a.Format()
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%d.yaml"`, year))
	_, err = w.Write(body)
	return err
}

func blankYearFile(year int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d年放假安排：请按国务院办公厅的通知填写日期后载入（管理 → 工作日历）。\n", year)
	b.WriteString("# 放假日（off）写单个日期、“起/止”区间或二者的列表；调休上班日（work）只能是周六、周日，没有就删去该行。\n")
	fmt.Fprintf(&b, "year: %d\nnotices:\n  - title: 国务院办公厅关于%d年部分节假日安排的通知\n    number: 国办发明电〔%d〕X号\n    date: %d-11-XX\nholidays:\n",
		year, year, year-1, year-1)
	for _, name := range []string{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"} {
		fmt.Fprintf(&b, "  - name: %s\n    off: %d-MM-DD/%d-MM-DD\n    work: [%d-MM-DD]\n", name, year, year, year)
	}
	return b.String()
}

// banners warn whoever can act: a current year without an arrangement on every page, next year's missing
// arrangement (from November) and unreadable stored data on the admin pages. Viewers of the calendar page
// are told too.
func (f *calendarFeature) banners(r *http.Request, u *auth.User) []Banner {
	manage := permCalendarManage.Allows(u)
	onCalendar := strings.HasPrefix(r.URL.Path, "/admin/calendar")
	onAdmin := r.URL.Path == "/admin" || strings.HasPrefix(r.URL.Path, "/admin/")
	if !manage && !(onCalendar && permCalendarRead.Allows(u)) {
		return nil
	}
	snap, err := f.src.Snapshot(r.Context())
	if err != nil {
		f.s.log.Error("calendar banners", "err", err)
		return nil
	}
	shown := 0 // the calendar page warns about the year it shows by itself
	if onCalendar {
		shown, _ = calendarYearParam(r.FormValue("year"), f.today().Year)
	}
	var out []Banner
	for _, a := range snap.Alerts(f.s.Now()) {
		if a.Year == shown && a.Kind != calendardb.Unreadable {
			continue
		}
		b := Banner{Level: "warn", Args: []any{a.Year, a.Year}}
		if manage {
			b.Link, b.LinkText = fmt.Sprintf("/admin/calendar?year=%d#load", a.Year), "载入放假安排"
		}
		switch {
		case a.Kind == calendardb.MissingCurrent:
			b.Level, b.Message = "error", "本年度（%d年）的放假安排尚未载入：所有办理时限只能按周末推算，节假日和调休都未计入。请尽快载入国务院办公厅公布的%d年放假安排。"
		case a.Kind == calendardb.MissingNext && (onAdmin || onCalendar):
			b.Message = "%d年的放假安排尚未载入。国务院办公厅通常在11月公布下一年度的放假安排，公布后请及时载入；在此之前，截止日期落在%d年的办理时限只能按周末推算。"
		case a.Kind == calendardb.Unreadable && (onAdmin || onCalendar):
			b.Level, b.Message, b.Args = "error", "%s", []any{a.Problem}
			if a.Year == 0 && manage {
				b.Link = "/admin/calendar#hours"
			}
		default:
			continue
		}
		out = append(out, b)
	}
	return out
}
