package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/govflow/govflow/auth"
)

// apiDoc is what API records about an operation for the OpenAPI document.
type apiDoc struct {
	op  Op
	in  reflect.Type
	out reflect.Type
}

// OpenAPI builds the OpenAPI 3.1 document of every route registered with API.
func (s *Server) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	g.defs["Problem"] = g.schema(reflect.TypeOf(Problem{}))
	paths := map[string]map[string]any{}
	for _, rt := range s.routes.list() {
		if rt.api == nil {
			continue
		}
		op := rt.api.op
		if paths[op.Path] == nil {
			paths[op.Path] = map[string]any{}
		}
		paths[op.Path][strings.ToLower(op.Method)] = g.operation(rt.api)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "govflow API", "version": s.cfg.Version,
			"description": "办公厅流程与政务服务平台的 JSON 接口。使用登录后的会话 Cookie 认证；写操作须在 X-CSRF-Token 头中携带页面上的安全令牌。错误一律以 RFC 9457 problem+json 返回。"},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": cookieSession},
			},
		},
	}
}

func (g *schemaGen) operation(d *apiDoc) map[string]any {
	op := d.op
	o := map[string]any{"summary": op.Summary, "operationId": operationID(op)}
	if op.Description != "" {
		o["description"] = op.Description
	}
	if op.Tag != "" {
		o["tags"] = []string{op.Tag}
	}
	if op.Perm.IsPublic() {
		o["security"] = []any{}
	} else {
		o["security"] = []any{map[string]any{"session": []string{}}}
		o["x-permission"] = permDoc(op.Perm)
	}
	var params []any
	if d.in.Kind() == reflect.Struct {
		eachParam(d.in, func(f reflect.StructField, _ []int, in, name string) {
			p := map[string]any{"name": name, "in": in, "schema": g.schema(f.Type), "required": in == "path"}
			if doc := f.Tag.Get("doc"); doc != "" {
				p["description"] = doc
			}
			params = append(params, p)
		})
	}
	if op.Method == http.MethodPost {
		params = append(params, map[string]any{"name": IdempotencyHeader, "in": "header", "required": false,
			"schema":      map[string]any{"type": "string", "maxLength": 200},
			"description": "幂等键：带同一键重试时返回第一次的结果，不会重复创建（保留 24 小时）"})
	}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if hasBody(op.Method) {
		o["requestBody"] = map[string]any{"required": true,
			"content": map[string]any{"application/json": map[string]any{"schema": g.schema(d.in)}}}
	}
	responses := map[string]any{}
	ok := map[string]any{"description": http.StatusText(op.Status)}
	if op.Status != http.StatusNoContent {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(d.out)}}
	}
	responses[strconv.Itoa(op.Status)] = ok
	problem := map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}
	codes := []int{400, 401, 403, 500}
	if strings.Contains(op.Path, "{") {
		codes = append(codes, 404)
	}
	if hasBody(op.Method) {
		codes = append(codes, 409, 413, 415)
	}
	slices.Sort(codes)
	for _, c := range codes {
		responses[strconv.Itoa(c)] = map[string]any{"description": titles[c], "content": problem}
	}
	o["responses"] = responses
	return o
}

func permDoc(p auth.Permission) map[string]any {
	m := map[string]any{"name": p.Name(), "title": p.Title()}
	if roles := p.Roles(); len(roles) > 0 {
		m["roles"] = roles
	}
	return m
}

func operationID(op Op) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(op.Method))
	for _, part := range strings.Split(strings.TrimPrefix(op.Path, "/api/v1/"), "/") {
		part = strings.Trim(part, "{}")
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// schemaGen turns Go types into JSON Schema (2020-12, as OpenAPI 3.1 uses). Named struct types become
// components referenced by $ref.
type schemaGen struct{ defs map[string]any }

var (
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage{})
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if t == nil {
		return map[string]any{}
	}
	switch {
	case t == rawType:
		return map[string]any{} // any JSON value
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Pointer:
		s := g.schema(t.Elem())
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		return g.object(t)
	}
	return map[string]any{}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	name := defName(t)
	if name != "" {
		ref := map[string]any{"$ref": "#/components/schemas/" + name}
		if _, done := g.defs[name]; done {
			return ref
		}
		g.defs[name] = map[string]any{} // placeholder against recursion
	}
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	if name == "" {
		return s
	}
	g.defs[name] = s
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && f.Type.Kind() == reflect.Struct && tag == "" {
			g.fields(f.Type, props, required)
			continue
		}
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		s := g.schema(f.Type)
		if doc := f.Tag.Get("doc"); doc != "" {
			s = map[string]any{"allOf": []any{s}, "description": doc}
			if _, isRef := g.schema(f.Type)["$ref"]; !isRef {
				s = g.schema(f.Type)
				s["description"] = doc
			}
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

// defName names a component: the Go type name, with type arguments folded in (List[PersonJSON] → ListPersonJSON).
func defName(t reflect.Type) string {
	n := t.Name()
	if n == "" {
		return ""
	}
	if i := strings.Index(n, "["); i >= 0 {
		args := n[i+1 : len(n)-1]
		var b strings.Builder
		b.WriteString(n[:i])
		for _, a := range strings.Split(args, ",") {
			a = a[strings.LastIndex(a, ".")+1:]
			b.WriteString(a)
		}
		return b.String()
	}
	return n
}
