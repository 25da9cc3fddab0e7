// Package calendar is govflow's working-day calendar and time-limit arithmetic (工作日历与办理时限). It is pure:
// no I/O, no clock, no randomness; every function takes the instants it needs, and everything is computed in
// Beijing time.
//
// It holds the national holiday arrangements 2020–2026 (data/*.yaml, one file a year citing its State Council
// notice) and builds a Calendar from them plus the years an administrator loads (same file format, see
// README.md). A year without an arrangement is never silently treated as weekends-only: every Deadline that
// reaches into one lists it in Unknown, and Missing lists such years for the admin pages.
//
// ParseLimit reads the limits offices write (三个工作日, 当天, 24h …) and refuses vague ones (尽快, 及时 …).
// Calendar.Due turns a start instant and a limit into a due instant; Calendar.Track follows a running limit
// with pauses (补正, 听证, 检验, 鉴定, 专家评审) and tells 正常 / 临期 / 超期 and how late.
package calendar
