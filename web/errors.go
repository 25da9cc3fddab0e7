package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/workflow"
)

// Status maps a govflow error code to its HTTP status. It is the one place where this is decided.
func Status(code string) int {
	switch code {
	case govflow.EINVALID:
		return http.StatusBadRequest
	case govflow.ENOTFOUND:
		return http.StatusNotFound
	case govflow.ECONFLICT:
		return http.StatusConflict
	case govflow.EFORBIDDEN:
		return http.StatusForbidden
	case govflow.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case govflow.ELOCKED:
		return http.StatusLocked
	default:
		return http.StatusInternalServerError
	}
}

func statusOf(err error) int {
	if errors.Is(err, errBodyTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	if errors.Is(err, errUnsupportedMedia) {
		return http.StatusUnsupportedMediaType
	}
	if errors.Is(err, workflow.ErrKeyReused) {
		return http.StatusUnprocessableEntity // the Idempotency-Key header's specification asks for 422
	}
	if errors.Is(err, errMethodNotAllowed) {
		return http.StatusMethodNotAllowed
	}
	return Status(govflow.ErrorCode(err))
}

var titles = map[int]string{
	http.StatusBadRequest:            "请求有误",
	http.StatusUnauthorized:          "请先登录",
	http.StatusForbidden:             "无权限",
	http.StatusNotFound:              "页面不存在",
	http.StatusConflict:              "操作冲突",
	http.StatusRequestEntityTooLarge: "内容过大",
	http.StatusUnsupportedMediaType:  "格式不支持",
	http.StatusMethodNotAllowed:      "请求方法不支持",
	http.StatusUnprocessableEntity:   "填写有误",
	http.StatusLocked:                "账号已锁定",
	http.StatusInternalServerError:   "系统错误",
}

// fail answers an error: problem JSON for the API, an error page for people. Internal errors are logged and
// shown only as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if api {
		writeProblem(w, problemFor(r, status, err))
		return
	}
	if status == http.StatusUnauthorized {
		s.unauthorized(w, r, false)
		return
	}
	s.renderError(w, r, status, govflow.ErrorMessage(err))
}

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemField `json:"errors,omitempty"`
}

// ProblemField names one offending input and why.
type ProblemField struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

func problemFor(r *http.Request, status int, err error) Problem {
	code := govflow.ErrorCode(err)
	p := Problem{Type: "urn:govflow:problem:" + code, Title: titles[status], Status: status,
		Detail: govflow.ErrorMessage(err), Instance: r.URL.Path}
	if p.Title == "" {
		p.Title = http.StatusText(status)
	}
	switch status {
	case http.StatusRequestEntityTooLarge:
		p.Type = "urn:govflow:problem:too_large"
	case http.StatusUnsupportedMediaType:
		p.Type = "urn:govflow:problem:unsupported_media_type"
	case http.StatusMethodNotAllowed:
		p.Type = "urn:govflow:problem:method_not_allowed"
	}
	var fes govflow.FieldErrors
	var fe *govflow.Error
	switch {
	case errors.As(err, &fes):
		for _, e := range fes {
			p.Errors = append(p.Errors, ProblemField{Field: e.Field, Reason: e.Message})
		}
	case errors.As(err, &fe) && fe.Field != "":
		p.Errors = []ProblemField{{Field: fe.Field, Reason: fe.Message}}
	}
	return p
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// FieldMessages turns a validation error into field → message for a form, plus a message for the form as a
// whole (for errors that name no field). ok is false for errors a form cannot show (internal ones).
func FieldMessages(err error) (fields map[string]string, general string, ok bool) {
	code := govflow.ErrorCode(err)
	if code != govflow.EINVALID && code != govflow.ECONFLICT && code != govflow.ENOTFOUND {
		return nil, "", false
	}
	fields = map[string]string{}
	var fes govflow.FieldErrors
	var fe *govflow.Error
	switch {
	case errors.As(err, &fes):
		for _, e := range fes {
			if _, dup := fields[e.Field]; !dup {
				fields[e.Field] = e.Message
			}
		}
		general = "请按提示修改后重新提交。"
	case errors.As(err, &fe) && fe.Field != "":
		fields[fe.Field] = fe.Message
		general = "请按提示修改后重新提交。"
	default:
		general = govflow.ErrorMessage(err)
	}
	return fields, general, true
}

var errMethodNotAllowed = errors.New("method not allowed")

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
