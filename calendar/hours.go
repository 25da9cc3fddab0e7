package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Period is one stretch of office hours, as offsets from midnight Beijing time.
type Period struct {
	Start, End time.Duration
}

// OfficeHours are the stretches of a working day in which work is done. Limits in working hours count them,
// and every due instant falls inside them.
type OfficeHours struct {
	Periods []Period
}

// DefaultHours are 09:00–12:00 and 13:30–17:30, seven hours a day.
func DefaultHours() OfficeHours {
	return OfficeHours{Periods: []Period{
		{9 * time.Hour, 12 * time.Hour},
		{13*time.Hour + 30*time.Minute, 17*time.Hour + 30*time.Minute},
	}}
}

// ParseOfficeHours reads "09:00-12:00,13:30-17:30" (full-width punctuation, 、 and ～ accepted).
func ParseOfficeHours(s string) (OfficeHours, error) {
	r := strings.NewReplacer("，", ",", "、", ",", ";", ",", "；", ",", "～", "-", "~", "-", "–", "-", "—", "-", "：", ":", " ", "")
	var h OfficeHours
	for part := range strings.SplitSeq(r.Replace(s), ",") {
		if part == "" {
			continue
		}
		from, to, ok := strings.Cut(part, "-")
		a, errA := parseClock(from)
		b, errB := parseClock(to)
		if !ok || errA != nil || errB != nil {
			return OfficeHours{}, fmt.Errorf("办公时间“%s”无法识别，应写作“09:00-12:00,13:30-17:30”", s)
		}
		h.Periods = append(h.Periods, Period{a, b})
	}
	if err := h.Validate(); err != nil {
		return OfficeHours{}, err
	}
	return h, nil
}

func parseClock(s string) (time.Duration, error) {
	if s == "24:00" {
		return 24 * time.Hour, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		t, err = time.Parse("15:04:05", s)
	}
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second, nil
}

// Validate requires at least one period, each of positive length, in order, not overlapping, within the day.
// Periods end by 23:59:59: a limit in days falls due at the close, which must be on the day it counts.
func (h OfficeHours) Validate() error {
	if len(h.Periods) == 0 {
		return fmt.Errorf("办公时间至少要有一个时段")
	}
	prev := time.Duration(0)
	for i, p := range h.Periods {
		if p.End >= 24*time.Hour {
			return fmt.Errorf("办公时段%s无效：最晚到23:59结束（如 00:00-23:59）；到24:00结束会使截止时间落到次日零点", p)
		}
		if p.Start < 0 || p.End <= p.Start {
			return fmt.Errorf("办公时段%s无效：结束时间须晚于开始时间，且都在当天之内", p)
		}
		if i > 0 && p.Start < prev {
			return fmt.Errorf("办公时段%s与前一时段重叠或顺序颠倒", p)
		}
		prev = p.End
	}
	return nil
}

// PerDay is the office time of one working day.
func (h OfficeHours) PerDay() time.Duration {
	var sum time.Duration
	for _, p := range h.Periods {
		sum += p.End - p.Start
	}
	return sum
}

func (p Period) String() string { return clock(p.Start) + "-" + clock(p.End) }

func (h OfficeHours) String() string {
	parts := make([]string, len(h.Periods))
	for i, p := range h.Periods {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

func clock(d time.Duration) string {
	s := fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
	if sec := d % time.Minute; sec != 0 {
		s += fmt.Sprintf(":%02d", int(sec/time.Second))
	}
	return s
}

// within returns the office time in [0, tod) of one working day.
func (h OfficeHours) within(tod time.Duration) time.Duration {
	var sum time.Duration
	for _, p := range h.Periods {
		if tod <= p.Start {
			break
		}
		sum += min(tod, p.End) - p.Start
	}
	return sum
}

// instant returns the earliest time of day by which amount of office time has passed (0 < amount <= PerDay).
func (h OfficeHours) instant(amount time.Duration) time.Duration {
	for _, p := range h.Periods {
		if n := p.End - p.Start; amount <= n {
			return p.Start + amount
		} else {
			amount -= n
		}
	}
	return h.close()
}

func (h OfficeHours) open() time.Duration  { return h.Periods[0].Start }
func (h OfficeHours) close() time.Duration { return h.Periods[len(h.Periods)-1].End }

// inside reports whether tod lies in a period, ends included.
func (h OfficeHours) inside(tod time.Duration) bool {
	for _, p := range h.Periods {
		if tod >= p.Start && tod <= p.End {
			return true
		}
	}
	return false
}

// nextEnd returns the end of the first period that ends after tod, and false when the day's last period is over.
func (h OfficeHours) nextEnd(tod time.Duration) (time.Duration, bool) {
	for _, p := range h.Periods {
		if tod < p.End {
			return p.End, true
		}
	}
	return 0, false
}
