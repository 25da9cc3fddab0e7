package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
)

// Op describes an API operation. Its request and response shapes come from the handler's types, so the
// OpenAPI document is generated from what the code really accepts and returns.
type Op struct {
	Method      string // GET, POST, PUT, PATCH, DELETE
	Path        string // "/api/v1/people/{id}"
	Perm        auth.Permission
	Summary     string // Chinese, one line
	Description string
	Tag         string // groups operations in the document, e.g. "组织机构"
	Status      int    // success status; default 200
	MaxBody     int64  // default 1 MiB
}

// NoContent as a response type answers 204 with no body.
type NoContent struct{}

// List is the shape of every list response: a page of items and where it is.
type List[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// Paging is embedded in request types of list operations: ?limit=&offset= (limit 1–500, default 50).
type Paging struct {
	Limit  int `query:"limit" json:"-" doc:"每页条数，1–500，默认 50"`
	Offset int `query:"offset" json:"-" doc:"跳过的条数"`
}

// Window returns the effective limit and offset.
func (p Paging) Window() (limit, offset int) {
	limit = p.Limit
	if limit <= 0 {
		limit = 50
	}
	return min(limit, 500), max(p.Offset, 0)
}

// Validator is implemented by request types that check themselves after decoding; return
// govflow.FieldErrors so that every bad field is named.
type Validator interface{ Validate() error }

var errUnsupportedMedia = errors.New("unsupported media type")

// API registers a JSON operation. In is decoded from the path ({id} → field tagged path:"id"), the query
// (fields tagged query:"name") and, for POST/PUT/PATCH, the JSON body (unknown fields are refused); Out is
// encoded as JSON. Errors become RFC 9457 problem JSON.
//
//	web.API(rt, web.Op{Method: "GET", Path: "/api/v1/units", Perm: auth.SignedIn, Summary: "列出处室", Tag: "组织机构"},
//		func(r *http.Request, in struct{}) (web.List[UnitJSON], error) { … })
func API[In, Out any](rt *Router, op Op, h func(r *http.Request, in In) (Out, error)) {
	apiRoute(rt, op, h, nil)
}

// refusal writes the answer to an error it recognises (handled) in its own form.
type refusal func(w http.ResponseWriter, r *http.Request, err error) (handled bool, werr error)

// apiRoute is API with an optional refusal writer. A POST goes through the idempotency store.
func apiRoute[In, Out any](rt *Router, op Op, h func(r *http.Request, in In) (Out, error), refuse refusal) {
	jsonRoute[In, Out](rt, op, func(w http.ResponseWriter, r *http.Request, op Op, in In) error {
		run := func(w http.ResponseWriter) error {
			out, err := h(r, in)
			if err != nil {
				if refuse != nil {
					if handled, werr := refuse(w, r, err); handled {
						return werr
					}
				}
				return err
			}
			return writeJSON(w, op.Status, out)
		}
		if op.Method == http.MethodPost {
			return rt.s.idempotent(w, r, in, run)
		}
		return run(w)
	})
}

// jsonRoute registers a JSON operation: it documents In and Out, decodes and validates In, and hands it to
// serve with the op's final status (200 unless given; 204 for NoContent).
func jsonRoute[In, Out any](rt *Router, op Op, serve func(w http.ResponseWriter, r *http.Request, op Op, in In) error) {
	if op.Status == 0 {
		op.Status = http.StatusOK
	}
	var in In
	var out Out
	if _, ok := any(out).(NoContent); ok {
		op.Status = http.StatusNoContent
	}
	doc := &apiDoc{op: op, in: reflect.TypeOf(in), out: reflect.TypeOf(out)}
	rt.Handle(Route{Pattern: op.Method + " " + op.Path, Perm: op.Perm, MaxBody: op.MaxBody, api: doc,
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			var in In
			if err := decode(r, &in, hasBody(op.Method)); err != nil {
				return err
			}
			if v, ok := any(&in).(Validator); ok {
				if err := v.Validate(); err != nil {
					return err
				}
			}
			return serve(w, r, op, in)
		}})
}

func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return nil
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func decode(r *http.Request, dst any, body bool) error {
	if body {
		if err := decodeBody(r, dst); err != nil {
			return err
		}
	}
	var fe govflow.FieldErrors
	v := reflect.ValueOf(dst).Elem()
	if v.Kind() != reflect.Struct {
		return nil
	}
	eachParam(v.Type(), func(f reflect.StructField, idx []int, in, name string) {
		raw := ""
		if in == "path" {
			raw = r.PathValue(name)
		} else {
			raw = r.URL.Query().Get(name)
		}
		if raw == "" {
			return
		}
		if err := setParam(v.FieldByIndex(idx), raw); err != nil {
			fe.Add(name, "参数 %s 的值“%s”无效：%s", name, clip(raw, 40), err)
		}
	})
	return fe.Err()
}

func decodeBody(r *http.Request, dst any) error {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return &govflow.Error{Code: govflow.EINVALID, Message: "请求体须为 JSON（Content-Type: application/json）。", Err: errUnsupportedMedia}
	}
	body, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge(tooBig.Limit)
	} else if err != nil {
		return govflow.Errorf(govflow.EINVALID, "请求体读取失败：%v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &timeErr):
		name := badTimeField(reflect.TypeOf(dst).Elem(), body)
		return govflow.FieldError(name, "字段 %s 的时间“%s”格式不对：应写作 RFC 3339，如 2026-12-10T09:00:00+08:00。", name, clip(timeErr.Value, 40))
	case errors.As(err, &typeErr):
		return govflow.FieldError(typeErr.Field, "字段 %s 的类型不对：应为 %s。", typeErr.Field, jsonKind(typeErr.Type))
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return govflow.Errorf(govflow.EINVALID, "请求体不是有效的 JSON：%v", err)
	case errors.Is(err, io.EOF):
		return govflow.Errorf(govflow.EINVALID, "请求体为空，应为 JSON 对象。")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return govflow.FieldError(name, "不认识的字段 %s。", name)
	default:
		return govflow.Errorf(govflow.EINVALID, "请求体无法解析：%v", err)
	}
}

// badTimeField names the top-level time field of t whose value in body does not parse (encoding/json does
// not say which field a time came from).
func badTimeField(t reflect.Type, body []byte) string {
	var raw map[string]json.RawMessage
	if t.Kind() != reflect.Struct || json.Unmarshal(body, &raw) != nil {
		return ""
	}
	timeType := reflect.TypeOf(time.Time{})
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type != timeType && f.Type != reflect.PointerTo(timeType) {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		var v time.Time
		if b, ok := raw[name]; ok && json.Unmarshal(b, &v) != nil {
			return name
		}
	}
	return ""
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "true 或 false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		return "数组"
	}
	return "对象"
}

// eachParam visits fields tagged path:"…" or query:"…", including those of embedded structs.
func eachParam(t reflect.Type, fn func(f reflect.StructField, idx []int, in, name string)) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			eachParam(f.Type, func(ff reflect.StructField, idx []int, in, name string) {
				fn(ff, append([]int{i}, idx...), in, name)
			})
			continue
		}
		if n := f.Tag.Get("path"); n != "" {
			fn(f, []int{i}, "path", n)
		} else if n := f.Tag.Get("query"); n != "" {
			fn(f, []int{i}, "query", n)
		}
	}
}

func setParam(v reflect.Value, raw string) error {
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("应为非负整数")
		}
		v.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("应为 true 或 false")
		}
		v.SetBool(b)
	default:
		return fmt.Errorf("不支持的参数类型")
	}
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
