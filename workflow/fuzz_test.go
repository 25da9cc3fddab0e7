package workflow

import (
	"strings"
	"testing"
	"time"

	"github.com/govflow/govflow/engine"
)

// FuzzInstanceOf: any task id a request carries either names an instance that prefixes it or is refused;
// it never panics.
func FuzzInstanceOf(f *testing.F) {
	for _, s := range []string{"01a2-t3", "01a2-c5-t7", "-t3", "t", "", "abc", "x-t", "a-t-t9", "中文-t1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, task string) {
		id, err := instanceOf(engine.Command{Task: task})
		if err == nil && (id == "" || !strings.HasPrefix(task, id+"-t")) {
			t.Fatalf("%q → %q", task, id)
		}
	})
}

// FuzzTaskFilter: list filters from a request are checked and paged without panics or negative windows.
func FuzzTaskFilter(f *testing.F) {
	f.Add("shouwen-banli", "超期", "请示", 1, 20, 0)
	f.Add("", "很急", "%_\\", -5, 100000, -3)
	f.Fuzz(func(t *testing.T, process, deadline, query string, page, perPage, offset int) {
		tf := TaskFilter{Process: process, Deadline: deadline, Query: query, Page: page, PerPage: perPage, Offset: offset}
		if tf.check() != nil {
			return
		}
		limit, off := tf.window()
		if limit < 1 || limit > maxPerPage || off < 0 || tf.Page < 1 {
			t.Fatalf("%+v → limit %d offset %d", tf, limit, off)
		}
		w := &where{}
		tf.filters(w, "t", time.Now(), true)
	})
}

func TestMinuteOf(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want time.Time
	}{
		{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 2, 9, 0, 0, 1, time.UTC), time.Date(2026, 3, 2, 9, 1, 0, 0, time.UTC)},
		{time.Date(2026, 3, 2, 9, 0, 59, 0, time.UTC), time.Date(2026, 3, 2, 9, 1, 0, 0, time.UTC)},
	} {
		if got := minuteOf(c.in); got != c.want.Unix() {
			t.Errorf("minuteOf(%s) = %s, want %s", c.in, time.Unix(got, 0).UTC(), c.want)
		}
	}
}
