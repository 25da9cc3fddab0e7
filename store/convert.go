package store

import (
	"time"
)

// args converts the Go values repositories pass into the portable stored forms:
// bool → 0/1, time.Time → unix milliseconds (UTC; the zero time → 0).
func args(in []any) []any {
	var out []any
	for i, a := range in {
		var v any
		switch x := a.(type) {
		case bool:
			v = boolInt(x)
		case time.Time:
			v = Millis(x)
		case *time.Time:
			if x != nil {
				v = Millis(*x)
			}
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), in...)
		}
		out[i] = v
	}
	if out == nil {
		return in
	}
	return out
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Millis is how a time is stored: unix milliseconds, 0 for the zero time.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time turns stored milliseconds back into a time (UTC); 0 gives the zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// scanner wraps Scan so that *bool and *time.Time destinations read the stored INTEGER forms.
func scanWith(scan func(dest ...any) error, dest []any) error {
	type fix struct {
		i  int
		v  int64
		fn func(int64)
	}
	var fixes []fix
	d := dest
	for i, x := range dest {
		switch p := x.(type) {
		case *bool:
			fixes = append(fixes, fix{i: i, fn: func(v int64) { *p = v != 0 }})
		case *time.Time:
			fixes = append(fixes, fix{i: i, fn: func(v int64) { *p = Time(v) }})
		default:
			continue
		}
		if len(fixes) == 1 {
			d = append([]any(nil), dest...)
		}
	}
	if len(fixes) == 0 {
		return scan(dest...)
	}
	for k := range fixes {
		d[fixes[k].i] = &fixes[k].v
	}
	if err := scan(d...); err != nil {
		return err
	}
	for _, f := range fixes {
		f.fn(f.v)
	}
	return nil
}
