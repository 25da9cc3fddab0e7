// Package govflow holds the domain vocabulary every layer shares: error codes and the organisation.
package govflow

import (
	"errors"
	"fmt"
)

// Error codes. Each layer maps them: HTTP status, problem type, CLI exit code.
const (
	EINVALID      = "invalid"      // bad input; the message says which field and why
	ENOTFOUND     = "not_found"    // no such thing
	ECONFLICT     = "conflict"     // someone else changed it first, or it already exists
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed
	EUNAUTHORIZED = "unauthorized" // not signed in
	ELOCKED       = "locked"       // account locked after repeated failed sign-ins
	EINTERNAL     = "internal"     // a bug or an outage; details are logged, not shown
)

// Error is an error a person can act on. Message is in Chinese and says what to do;
// Field names the offending input where there is one.
type Error struct {
	Code    string
	Message string
	Field   string
	Err     error // the cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID *Error naming the field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the person-readable message of err; internal errors get a generic one.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "系统内部错误，请稍后重试；如持续出现请联系系统管理员。"
	}
}
