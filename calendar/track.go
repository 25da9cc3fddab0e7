package calendar

import (
	"fmt"
	"slices"
	"time"
)

// Reasons a clock stops (行政许可法第四十五条; 补正 and 容缺 materials). Other reasons are accepted as written.
const (
	PauseCorrection = "补正"
	PauseHearing    = "听证"
	PauseTender     = "招标"
	PauseAuction    = "拍卖"
	PauseInspection = "检验"
	PauseTesting    = "检测"
	PauseQuarantine = "检疫"
	PauseAppraisal  = "鉴定"
	PauseExperts    = "专家评审"
)

// Pause is an interval in which a limit does not run. To is zero while the clock is still stopped.
type Pause struct {
	Reason string
	From   time.Time
	To     time.Time
	Note   string
}

// SoonRule says when a running limit is 临期 (due soon): when the office time left is at most Workdays working
// days, or at most Share of the limit's whole span of office time. A zero field is not used; the zero rule is
// DefaultSoon.
type SoonRule struct {
	Workdays int
	Share    float64
}

// DefaultSoon: 临期 on the last working day.
var DefaultSoon = SoonRule{Workdays: 1}

// Clock is a running time limit: its start, its limit, how days are counted, and the pauses so far.
type Clock struct {
	Start  time.Time
	Limit  Limit
	From   CountFrom
	Pauses []Pause
	Soon   SoonRule
}

// Status of a running limit.
type Status uint8

const (
	OnTime  Status = iota // 正常
	DueSoon               // 临期
	Overdue               // 超期
)

func (s Status) String() string { return [...]string{"正常", "临期", "超期"}[s] }

// Lateness is how far past its due instant a limit is.
type Lateness struct {
	Workdays int           // working days after the due date, up to and including today
	WorkTime time.Duration // office time since the due instant
	Elapsed  time.Duration // clock time since the due instant
	Due      time.Time     // the due instant passed
}

// String says it in Chinese, e.g. "超期2个工作日（已过截止时间2天3小时）"; while no office time has passed since the
// due instant, "已超期（截止于3月6日 周五 17:30，至今非工作时间）".
func (l Lateness) String() string {
	switch {
	case l.Elapsed <= 0:
		return ""
	case l.WorkTime <= 0:
		if l.Due.IsZero() {
			return "已超期（至今非工作时间）"
		}
		return "已超期（截止于" + dueText(l.Due) + "，至今非工作时间）"
	case l.Workdays == 0:
		return "超期" + span(l.WorkTime) + "（工作时间）（已过截止时间" + span(l.Elapsed) + "）"
	}
	return fmt.Sprintf("超期%d个工作日（已过截止时间%s）", l.Workdays, span(l.Elapsed))
}

// dueText writes a due instant as 3月6日 周五 17:30, Beijing time.
func dueText(t time.Time) string {
	d, tod := split(t)
	x := d.date()
	return fmt.Sprintf("%d月%d日 周%s %s", int(x.Month), x.Day, weekdayShort[x.Weekday()], clock(tod.Truncate(time.Minute)))
}

var weekdayShort = [...]string{"日", "一", "二", "三", "四", "五", "六"}

func span(d time.Duration) string {
	days, h, m := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	s := ""
	if days > 0 {
		s += fmt.Sprintf("%d天", days)
	}
	if h > 0 {
		s += fmt.Sprintf("%d小时", h)
	}
	if m > 0 || s == "" {
		s += fmt.Sprintf("%d分钟", m)
	}
	return s
}

// Progress is where a running limit stands at an instant.
type Progress struct {
	Due       Deadline
	Status    Status
	Paused    bool          // a pause is still open
	PausedFor time.Duration // office time excluded by pauses so far
	Remaining time.Duration // office time from now to the due instant; 0 once overdue
	Late      Lateness      // zero unless overdue
}

// Track works out a running limit at now. Paused intervals do not count, in the limit's own unit: for limits in
// working days each pause adds the working days whose office hours opened while it lasted (PausedWorkdays);
// for calendar days the days whose opening time it covered, likewise; for hours the clock time; for working
// hours and 即办 the office time. A pause that covers no office time, such as Friday evening to Monday before
// opening, adds nothing to a limit in working days or working hours. An open pause counts up to now. A pause
// that begins after the (extended) due instant changes nothing: the limit was already overdue. Pauses must lie between the start and now, in order, without overlapping.
func (c *Calendar) Track(k Clock, now time.Time) (Progress, error) {
	if k.Limit.IsZero() {
		return Progress{}, fmt.Errorf("未设办理时限，无法计时")
	}
	ps, open, err := pauses(k, now)
	if err != nil {
		return Progress{}, err
	}
	at, first := c.pausedDue(k, ps)
	last, _ := split(at)
	p := Progress{Due: Deadline{At: at, Unknown: c.unknown(first, last)}, Paused: open}
	for _, x := range ps {
		p.PausedFor += c.WorkingTime(x.From, x.To)
	}
	c.judge(&p, k, now)
	return p, nil
}

func (c *Calendar) judge(p *Progress, k Clock, now time.Time) {
	at := p.Due.At
	if now.After(at) {
		p.Status = Overdue
		p.Late = Lateness{Workdays: c.WorkdaysBetween(at, now), WorkTime: c.WorkingTime(at, now), Elapsed: now.Sub(at), Due: at}
		return
	}
	p.Remaining = c.WorkingTime(now, at)
	rule := k.Soon
	if rule == (SoonRule{}) {
		rule = DefaultSoon
	}
	whole := c.WorkingTime(k.Start, at) - p.PausedFor
	switch {
	case rule.Workdays > 0 && p.Remaining <= time.Duration(rule.Workdays)*c.perDay:
		p.Status = DueSoon
	case rule.Share > 0 && float64(p.Remaining) <= rule.Share*float64(whole):
		p.Status = DueSoon
	}
}

// pauses checks the pauses and returns them in order, an open one closed at now.
func pauses(k Clock, now time.Time) ([]Pause, bool, error) {
	ps := slices.Clone(k.Pauses)
	slices.SortStableFunc(ps, func(a, b Pause) int { return a.From.Compare(b.From) })
	open := false
	for i := range ps {
		p := &ps[i]
		switch {
		case p.Reason == "":
			return nil, false, fmt.Errorf("暂停计时须注明原因（如补正、听证、检验、鉴定、专家评审）")
		case p.From.Before(k.Start):
			return nil, false, fmt.Errorf("%s暂停的开始时间早于计时起点", p.Reason)
		case p.From.After(now):
			return nil, false, fmt.Errorf("%s暂停的开始时间晚于当前时间", p.Reason)
		case p.To.IsZero() && i != len(ps)-1:
			return nil, false, fmt.Errorf("%s暂停尚未结束，之后不能再有暂停", p.Reason)
		case p.To.IsZero():
			p.To, open = now, true
		case p.To.Before(p.From):
			return nil, false, fmt.Errorf("%s暂停的结束时间早于开始时间", p.Reason)
		case p.To.After(now):
			return nil, false, fmt.Errorf("%s暂停的结束时间晚于当前时间", p.Reason)
		}
		if i > 0 && p.From.Before(ps[i-1].To) {
			return nil, false, fmt.Errorf("%s暂停与前一次暂停时间重叠", p.Reason)
		}
	}
	return ps, open, nil
}

// pausedDue extends the due instant by each pause in turn.
func (c *Calendar) pausedDue(k Clock, ps []Pause) (time.Time, day) {
	at, first := c.due(k.Start, k.Limit, k.From)
	switch k.Limit.Unit {
	case Today, NextDay, Workdays:
		e := c.lastWorkday(k.Start, k.Limit, k.From)
		for _, p := range ps {
			if !p.From.After(c.closeOf(e)) {
				e = c.addWorkdays(e, c.PausedWorkdays(p.From, p.To))
			}
		}
		return c.closeOf(e), first
	case Days, Weeks, Months:
		raw := c.lastCalendarDay(k.Start, k.Limit, k.From)
		for _, p := range ps {
			if !p.From.After(c.closeOf(c.rollForward(raw))) {
				raw += day(c.opened(p.To, false) - c.opened(p.From, false))
			}
		}
		return c.closeOf(c.rollForward(raw)), first
	case Hours:
		raw := k.Start.Add(time.Duration(k.Limit.N) * time.Hour)
		for _, p := range ps {
			if !p.From.After(c.settle(raw)) {
				raw = raw.Add(p.To.Sub(p.From))
			}
		}
		return c.settle(raw), first
	}
	for _, p := range ps { // 即办, working hours
		if !p.From.After(at) {
			at = c.addOffice(at, c.WorkingTime(p.From, p.To))
		}
	}
	return at, first
}

// PausedWorkdays is how many working days a pause from..to takes out of a limit in working days: those whose
// office hours opened while it lasted. The day a pause begins after opening was partly used and the day it
// ends after opening is lost, as when a limit starts (期间开始的当日不计入); a pause that covers no office time
// takes none.
func (c *Calendar) PausedWorkdays(from, to time.Time) int {
	return max(0, c.opened(to, true)-c.opened(from, true))
}

// opened counts the days whose office hours opened before t, from an arbitrary origin: working days only, or
// every day, each taken to open when office hours do.
func (c *Calendar) opened(t time.Time, workdays bool) int {
	d, tod := split(t)
	began := tod > c.hours.open()
	if !workdays {
		if began {
			return int(d) + 1
		}
		return int(d)
	}
	n := c.w(d)
	if began && c.isWork(d) {
		n++
	}
	return n
}
