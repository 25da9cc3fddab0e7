package calendardb

import (
	"time"

	"github.com/govflow/govflow/calendar"
)

// Alert is something about the calendar that administrators must act on.
type Alert struct {
	Year    int
	Kind    AlertKind
	Problem string // for Unreadable: why, in Chinese
}

// AlertKind says what is wrong.
type AlertKind int

const (
	// MissingCurrent: the current year has no arrangement; every deadline is worked out from weekends alone.
	MissingCurrent AlertKind = iota + 1
	// MissingNext: from November on, next year has none yet (the State Council usually publishes in
	// November, and deadlines begin to reach into the new year).
	MissingNext
	// Unreadable: a stored year or the stored office hours no longer read and are not used.
	Unreadable
)

// NoticeMonth is the month from which a missing next year is reported.
const NoticeMonth = time.November

// Alerts lists what the admin pages must warn about at now.
func (s *Snapshot) Alerts(now time.Time) []Alert {
	var out []Alert
	year, month := calendar.DateOf(now).Year, calendar.DateOf(now).Month
	if !s.Calendar.Known(year) {
		out = append(out, Alert{Year: year, Kind: MissingCurrent})
	}
	if month >= NoticeMonth && !s.Calendar.Known(year+1) {
		out = append(out, Alert{Year: year + 1, Kind: MissingNext})
	}
	for _, y := range s.Years {
		if y.Problem != "" {
			out = append(out, Alert{Year: y.Year, Kind: Unreadable, Problem: y.Problem})
		}
	}
	if s.Hours.Problem != "" {
		out = append(out, Alert{Kind: Unreadable, Problem: s.Hours.Problem})
	}
	return out
}
