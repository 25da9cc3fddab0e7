package web_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/web"
)

type calProblem struct {
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field  string `json:"field"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

// problemFields returns field → reason of a problem response with the given status.
func problemFields(t *testing.T, r resp, status int) map[string]string {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("want problem %d, got %d %s", status, r.status, r.body)
	}
	var p calProblem
	decodeJSON(t, r, &p)
	out := map[string]string{}
	for _, e := range p.Errors {
		out[e.Field] += e.Reason + "\n"
	}
	return out
}

func TestCalendarAPIYear(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("sunlei") // any signed-in person may read the calendar
	var y struct {
		Year    int    `json:"year"`
		Known   bool   `json:"known"`
		Source  string `json:"source"`
		Warning string `json:"warning"`
		Notices []struct {
			Number string `json:"number"`
		} `json:"notices"`
		Days []struct {
			Date    string `json:"date"`
			Workday bool   `json:"workday"`
			Name    string `json:"name"`
		} `json:"days"`
	}
	decodeJSON(t, c.api("GET", "/api/v1/calendar/years/2026", ""), &y)
	want := calendar.Default().Exceptions(2026)
	if !y.Known || y.Source != "national" || y.Notices[0].Number != "国办发明电〔2025〕7号" || len(y.Days) != len(want) || y.Warning != "" {
		t.Fatalf("%+v", y)
	}
	for i, d := range want {
		if y.Days[i].Date != d.Date.String() || y.Days[i].Workday != d.Workday || y.Days[i].Name != d.Name {
			t.Errorf("day %d: %+v, want %+v", i, y.Days[i], d)
		}
	}
	y.Days = nil
	r := c.api("GET", "/api/v1/calendar/years/2031", "")
	decodeJSON(t, r, &y)
	if r.status != 200 || y.Known || y.Source != "none" || len(y.Days) != 0 || !strings.Contains(y.Warning, "2031年的放假安排尚未载入") ||
		!strings.Contains(r.body, `"days":[]`) {
		t.Errorf("unknown year: %s", r.body)
	}
	if f := problemFields(t, c.api("GET", "/api/v1/calendar/years/1999", ""), 400); !strings.Contains(f["year"], "2000年至2100年") {
		t.Errorf("bad year: %v", f)
	}
	if f := problemFields(t, c.api("GET", "/api/v1/calendar/years/abc", ""), 400); !strings.Contains(f["year"], "四位年份，如 2026。") {
		t.Errorf("the example of a bad year: %v", f)
	}
	var list struct {
		Items []struct {
			Year   int    `json:"year"`
			Source string `json:"source"`
		} `json:"items"`
		Total int `json:"total"`
	}
	decodeJSON(t, c.api("GET", "/api/v1/calendar/years?limit=2", ""), &list)
	if list.Total != 7 || len(list.Items) != 2 || list.Items[0].Year != 2026 || list.Items[1].Year != 2025 {
		t.Errorf("list: %+v", list)
	}
}

func TestCalendarAPIDue(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("sunlei")
	var d struct {
		Due          string `json:"due"`
		Limit        string `json:"limit"`
		CountFrom    string `json:"count_from"`
		Certain      bool   `json:"certain"`
		UnknownYears []int  `json:"unknown_years"`
		Warning      string `json:"warning"`
	}
	get := func(q url.Values) resp { return c.api("GET", "/api/v1/calendar/due?"+q.Encode(), "") }
	decodeJSON(t, get(url.Values{"from": {"2026-09-30T10:00:00+08:00"}, "limit": {"三个工作日"}}), &d)
	if d.Due != "2026-10-10T17:30:00+08:00" || d.Limit != "3个工作日" || d.CountFrom != "next-day" || !d.Certain || len(d.UnknownYears) != 0 {
		t.Errorf("%+v", d)
	}
	decodeJSON(t, get(url.Values{"from": {"2026-09-30 10:00"}, "limit": {"3个工作日"}, "count_from": {"same-day"}}), &d)
	if d.Due != "2026-10-09T17:30:00+08:00" || d.CountFrom != "same-day" {
		t.Errorf("same-day: %+v", d)
	}
	decodeJSON(t, get(url.Values{"from": {"2026-12-28T02:00:00Z"}, "limit": {"10个工作日"}}), &d)
	if d.Due != "2027-01-11T17:30:00+08:00" || d.Certain || len(d.UnknownYears) != 1 || d.UnknownYears[0] != 2027 || !strings.Contains(d.Warning, "2027") {
		t.Errorf("into an unknown year: %+v", d)
	}
	f := problemFields(t, get(url.Values{"from": {"明天"}, "limit": {"尽快"}, "count_from": {"tomorrow"}}), 400)
	if !strings.Contains(f["from"], "起始时间“明天”无法识别") || !strings.Contains(f["limit"], "具体时限") || f["count_from"] == "" {
		t.Errorf("fields: %v", f)
	}
	if f := problemFields(t, get(url.Values{}), 400); f["from"] == "" || f["limit"] == "" || f["count_from"] != "" {
		t.Errorf("missing: %v", f)
	}
	decodeJSON(t, get(url.Values{"from": {"2026-09-30 10:00"}, "limit": {"十五个工作日内作出决定"}}), &d)
	if d.Limit != "15个工作日" {
		t.Errorf("a limit with its action: %+v", d)
	}
	if f := problemFields(t, get(url.Values{"from": {"2026-09-30 10:00"}, "limit": {"-1天"}}), 400); !strings.Contains(f["limit"], "必须大于零") {
		t.Errorf("negative limit: %v", f)
	}
}

func TestCalendarAPILoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, true)
		staff := e.client()
		staff.signIn("sunlei")
		body := `{"file_name": "2027.yaml", "text": ` + jsonString(calFile2027) + `}`
		if r := staff.api("POST", "/api/v1/calendar/years", body); r.status != http.StatusForbidden ||
			!strings.Contains(r.header.Get("Content-Type"), "problem+json") || !strings.Contains(r.body, "无权限") {
			t.Errorf("staff: %d %s", r.status, r.body)
		}
		if r := staff.api("PUT", "/api/v1/calendar/hours", `{"hours": "08:00-12:00"}`); r.status != http.StatusForbidden {
			t.Errorf("staff hours: %d", r.status)
		}
		admin := e.client()
		admin.signIn("pengfei")
		f := problemFields(t, admin.api("POST", "/api/v1/calendar/years", `{"text": `+jsonString(calBadFile)+`}`), 400)
		if !strings.Contains(f["text"], "第5行：2027-01-04是星期一") || !strings.Contains(f["text"], "第5行：2026-12-26不在2027年内") {
			t.Errorf("bad file: %v", f)
		}
		if f := problemFields(t, admin.api("POST", "/api/v1/calendar/years", `{"txt": "x"}`), 400); f["txt"] == "" {
			t.Errorf("unknown field: %v", f)
		}
		if n := calendarAuditCount(t, db); n != 0 {
			t.Fatalf("refused loads changed something: %d audit records", n)
		}
		r := admin.api("POST", "/api/v1/calendar/years", body)
		var res struct {
			Year struct {
				Year     int    `json:"year"`
				Source   string `json:"source"`
				LoadedBy string `json:"loaded_by"`
				FileName string `json:"file_name"`
				Days     []any  `json:"days"`
				Warning  string `json:"warning"`
			} `json:"year"`
			Warnings []string `json:"warnings"`
		}
		decodeJSON(t, r, &res)
		if r.status != http.StatusCreated || res.Year.Year != 2027 || res.Year.Source != "loaded" || res.Year.LoadedBy != "pengfei" ||
			res.Year.FileName != "2027.yaml" || len(res.Year.Days) != 23 || len(res.Warnings) != 0 || res.Year.Warning != "" {
			t.Fatalf("load: %d %s", r.status, r.body)
		}
		var d struct {
			Due     string `json:"due"`
			Certain bool   `json:"certain"`
		}
		decodeJSON(t, admin.api("GET", "/api/v1/calendar/due?from=2027-02-05T10:00:00%2B08:00&limit=1个工作日", ""), &d)
		if d.Due != "2027-02-14T17:30:00+08:00" || !d.Certain {
			t.Errorf("deadline over the loaded 春节: %+v", d)
		}
		var h struct {
			Hours   string `json:"hours"`
			Default bool   `json:"default"`
			PerDay  string `json:"per_day"`
		}
		decodeJSON(t, admin.api("PUT", "/api/v1/calendar/hours", `{"hours": "08:00-12:00，14:00-17:00"}`), &h)
		if h.Hours != "08:00-12:00,14:00-17:00" || h.Default || h.PerDay != "7h0m0s" {
			t.Errorf("hours: %+v", h)
		}
		if f := problemFields(t, admin.api("PUT", "/api/v1/calendar/hours", `{"hours": "17:00-09:00"}`), 400); f["hours"] == "" {
			t.Errorf("bad hours: %v", f)
		}
		if f := problemFields(t, admin.api("PUT", "/api/v1/calendar/hours", `{"hours": "00:00-24:00"}`), 400); !strings.Contains(f["hours"], "23:59") {
			t.Errorf("hours to 24:00: %v", f)
		}
		r = admin.api("POST", "/api/v1/calendar/years", `{"file_name": "2028.yaml", "text": `+jsonString(calPartial2028)+`}`)
		var partial struct {
			Year struct {
				Warning string `json:"warning"`
			} `json:"year"`
			Warnings []string `json:"warnings"`
		}
		decodeJSON(t, r, &partial)
		if r.status != http.StatusCreated || !strings.Contains(partial.Year.Warning, "与法定节假日不符：未列出春节") ||
			len(partial.Warnings) != 1 || !strings.Contains(partial.Warnings[0], "提示：第1行：未列出春节") {
			t.Errorf("partial year: %d %s", r.status, r.body)
		}
		if r := admin.api("DELETE", "/api/v1/calendar/years/2027", ""); r.status != http.StatusNoContent {
			t.Errorf("delete: %d %s", r.status, r.body)
		}
		if r := admin.api("DELETE", "/api/v1/calendar/years/2027", ""); r.status != http.StatusNotFound {
			t.Errorf("delete again: %d %s", r.status, r.body)
		}
		if n := calendarAuditCount(t, db); n != 4 {
			t.Errorf("audit records: %d", n)
		}
		doc := admin.get("/api/openapi.json").body
		for _, p := range []string{`"/api/v1/calendar/due"`, `"/api/v1/calendar/years/{year}"`, `"/api/v1/calendar/hours"`, "CalendarDueJSON"} {
			if !strings.Contains(doc, p) {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
	})
}

// Whatever the query, the due computation's parameters are read or refused field by field, never a panic.
func FuzzCalendarDueQuery(f *testing.F) {
	f.Add("2026-09-30T10:00:00+08:00", "三个工作日", "")
	f.Add("2026-09-30 10:00", "24h", "same-day")
	f.Add("明天", "尽快", "tomorrow")
	f.Add("", "", "")
	f.Add("2026-02-30", "99999个工作日", "次日起算")
	f.Fuzz(func(t *testing.T, from, limit, countFrom string) {
		q := web.CalendarDueQuery{From: from, Limit: limit, CountFrom: countFrom}
		err := q.Validate()
		if err == nil {
			return
		}
		var fe govflow.FieldErrors
		if !errors.As(err, &fe) || len(fe) == 0 {
			t.Fatalf("not field errors: %v", err)
		}
		for _, e := range fe {
			if (e.Field != "from" && e.Field != "limit" && e.Field != "count_from") || e.Message == "" {
				t.Fatalf("bad field error %+v", e)
			}
		}
	})
}
