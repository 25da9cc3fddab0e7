package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/govflow/govflow/store/storetest"
	"github.com/govflow/govflow/web"
)

func decodeJSON(t *testing.T, r resp, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("%d %s: %v", r.status, r.body, err)
	}
}

func TestAPI(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")

	var me web.MeJSON
	decodeJSON(t, c.api("GET", "/api/v1/me", ""), &me)
	if me.Name != "彭飞" || me.CSRFToken != c.tok || me.UnitName != "信息中心" {
		t.Fatalf("me: %+v", me)
	}
	var people web.List[web.PersonJSON]
	decodeJSON(t, c.api("GET", "/api/v1/people?unit=msc&limit=2&offset=1", ""), &people)
	if people.Total != 7 || len(people.Items) != 2 || people.Offset != 1 {
		t.Fatalf("people: %+v", people)
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		fields             []string
	}{
		{"GET", "/api/v1/people/nobody", "", 404, nil},
		{"GET", "/api/v1/people?limit=x", "", 400, []string{"limit"}},
		{"GET", "/api/v1/people?unit=none", "", 400, []string{"unit"}},
		{"GET", "/api/v1/nothing", "", 404, nil},
		{"PUT", "/api/v1/units", `{}`, 405, nil},
		{"POST", "/api/v1/delegations", `{"person_id": `, 400, nil},
		{"POST", "/api/v1/delegations", `{"person": "x"}`, 400, []string{"person"}},
		{"POST", "/api/v1/delegations", `{"person_id": 5}`, 400, []string{"person_id"}},
		{"POST", "/api/v1/delegations", `{}`, 400, []string{"person_id", "acting_id", "from", "to"}},
		{"POST", "/api/v1/delegations", `{"person_id": "machao", "acting_id": "ghost", "from": "2026-03-02T00:00:00+08:00", "to": "2026-03-03T00:00:00+08:00", "reason": "出差"}`, 400, []string{"acting_id"}},
		{"POST", "/api/v1/delegations", `{"person_id": "machao", "acting_id": "luona", "from": "2026-12-10", "to": "2026-03-03T00:00:00+08:00", "reason": "出差"}`, 400, []string{"from"}},
		{"POST", "/api/v1/delegations", `{"person_id": "machao", "acting_id": "machao", "from": "2026-03-03T00:00:00+08:00", "to": "2026-03-02T00:00:00+08:00", "reason": ""}`,
			400, []string{"acting_id", "to", "reason"}},
		{"POST", "/api/v1/delegations", `{"person_id": "huangwei", "acting_id": "hebin", "from": "2026-03-02T00:00:00+08:00", "to": "2026-03-03T00:00:00+08:00", "reason": "开会"}`, 409, nil},
		{"POST", "/api/v1/delegations", `{"reason": "` + strings.Repeat("长", 1<<19) + `"}`, 413, nil},
	} {
		r := c.api(tc.method, tc.path, tc.body)
		var p web.Problem
		decodeJSON(t, r, &p)
		if r.status != tc.status || p.Status != tc.status || !strings.HasPrefix(p.Type, "urn:govflow:problem:") || p.Title == "" || p.Detail == "" ||
			r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s: %d %+v", tc.method, tc.path, r.status, p)
			continue
		}
		var got []string
		for _, f := range p.Errors {
			got = append(got, f.Field)
			if f.Reason == "" {
				t.Errorf("%s: field %s without reason", tc.path, f.Field)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%s %s %s: fields %v, want %v", tc.method, tc.path, tc.body[:min(len(tc.body), 30)], got, tc.fields)
		}
	}
	// Wrong media type.
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/delegations", strings.NewReader("person_id=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", c.tok)
	if r := c.do(req); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("form body: %d", r.status)
	}
	// A valid command creates, and DELETE removes.
	r := c.api("POST", "/api/v1/delegations", `{"person_id": "machao", "acting_id": "luona", "from": "2026-03-02T00:00:00+08:00", "to": "2026-03-04T00:00:00+08:00", "reason": "出差"}`)
	var d web.DelegationJSON
	decodeJSON(t, r, &d)
	if r.status != http.StatusCreated || d.ID == "" || d.ActingID != "luona" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if r := c.api("DELETE", "/api/v1/delegations/"+d.ID, ""); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	var v web.VerifyJSON
	decodeJSON(t, c.api("GET", "/api/v1/audit/verify", ""), &v)
	if !v.Intact || v.Records < 3 {
		t.Fatalf("verify: %+v", v)
	}
}

func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	c := e.client()
	c.signIn("pengfei")
	body := `{"person_id": "machao", "acting_id": "luona", "from": "2026-03-02T00:00:00+08:00", "to": "2026-03-04T00:00:00+08:00", "reason": "出差"}`
	send := func(path, key, body string) resp {
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.tok)
		req.Header.Set("Idempotency-Key", key)
		return c.do(req)
	}
	first := send("/api/v1/delegations", "k-1", body)
	again := send("/api/v1/delegations", "k-1", body)
	if first.status != 201 || again.status != 201 || first.body != again.body || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %d %q %q", first.status, again.status, first.body, again.body)
	}
	// The same key with another request is refused, not answered with the first request's result.
	other := strings.Replace(body, "出差", "学习", 1)
	if r := send("/api/v1/delegations", "k-1", other); r.status != 422 || !strings.Contains(r.body, "幂等键已用于另一个请求") ||
		!strings.Contains(r.body, `"field":"Idempotency-Key"`) {
		t.Fatalf("key reused for another request: %d %s", r.status, r.body)
	}
	if n := countRows(t, e.db, `SELECT COUNT(*) FROM delegations WHERE person_id = 'machao'`); n != 1 {
		t.Fatalf("%d delegations created", n)
	}
	// A failed command does not use up its key.
	if r := send("/api/v1/delegations", "k-2", `{}`); r.status != 400 {
		t.Fatalf("bad body: %d", r.status)
	}
	ok := strings.Replace(body, "machao", "xiefeng", 1)
	if r := send("/api/v1/delegations", "k-2", ok); r.status != 201 {
		t.Fatalf("retry after failure: %d %s", r.status, r.body)
	}
	if n := countRows(t, e.db, `SELECT COUNT(*) FROM idempotency_keys WHERE status = 0`); n != 0 {
		t.Fatalf("%d dangling claims", n)
	}
}

func FuzzAPIBody(f *testing.F) {
	f.Add(`{"person_id": "machao", "acting_id": "luona", "from": "2026-03-02T00:00:00+08:00", "to": "2026-03-04T00:00:00+08:00", "reason": "出差"}`)
	f.Add(`{"from": "yesterday"}`)
	f.Add(`[]`)
	e := newEnv(f, storetest.SQLite(f), true)
	c := e.client()
	c.signIn("pengfei")
	f.Fuzz(func(t *testing.T, body string) {
		e.t = t
		r := c.api("POST", "/api/v1/delegations", body)
		if r.status >= 500 {
			t.Fatalf("%q: %d %s", body, r.status, r.body)
		}
	})
}

func TestOpenAPIDocumentsEveryAPIRoute(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t), true)
	r := e.client().get("/api/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
		Comp    struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	decodeJSON(t, r, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("version %q", doc.OpenAPI)
	}
	n := 0
	for _, rt := range e.srv.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		n++
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not documented", rt.Pattern)
		}
	}
	if n < 5 {
		t.Fatalf("only %d API routes", n)
	}
	for _, name := range []string{"Problem", "PersonJSON", "ListPersonJSON", "NewDelegation"} {
		if _, ok := doc.Comp.Schemas[name]; !ok {
			t.Errorf("schema %s missing", name)
		}
	}
	op := string(doc.Paths["/api/v1/delegations"]["post"])
	for _, want := range []string{`"requestBody"`, `"201"`, `"409"`, `"x-permission"`, `"org.manage"`} {
		if !strings.Contains(op, want) {
			t.Errorf("POST /api/v1/delegations lacks %s", want)
		}
	}
}
