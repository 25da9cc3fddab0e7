package govflow

import (
	"errors"
	"strings"
)

// FieldErrors is several field errors at once, for a form or request with more than one bad field.
// ErrorCode and ErrorMessage see its first error; the web layer shows them all.
type FieldErrors []*Error

func (fe FieldErrors) Error() string {
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.As find the individual *Error values.
func (fe FieldErrors) Unwrap() []error {
	out := make([]error, len(fe))
	for i, e := range fe {
		out[i] = e
	}
	return out
}

// Add appends a field error.
func (fe *FieldErrors) Add(field, format string, args ...any) {
	*fe = append(*fe, FieldError(field, format, args...))
}

// Err returns nil when there are no errors, else the list.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// RenameFields returns err with its field names mapped (a form's names to an API's, say); other errors
// are returned as they are.
func RenameFields(err error, names map[string]string) error {
	var fe FieldErrors
	var one *Error
	switch {
	case errors.As(err, &fe):
		out := make(FieldErrors, len(fe))
		for i, e := range fe {
			out[i] = renamed(e, names)
		}
		return out
	case errors.As(err, &one) && one.Field != "":
		return renamed(one, names)
	}
	return err
}

func renamed(e *Error, names map[string]string) *Error {
	if n, ok := names[e.Field]; ok {
		c := *e
		c.Field = n
		return &c
	}
	return e
}
