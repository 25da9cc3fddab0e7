package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/calendardb"
	"github.com/govflow/govflow/store"
)

func init() {
	register(command{name: "calendar", summary: "工作日历：查看放假安排、推算办理时限、校验和载入年度安排文件", run: runCalendar})
}

const calendarUsage = `用法:
  govflow calendar year 年度 [--json] [--db 地址] [--load 文件]...
      列出该年每个放假日和调休上班日及所属节日；--json 输出与“周一至周五上班”不同的每一天：
      [{"date":"2026-02-14","workday":true,"name":"春节"}, ...]
  govflow calendar due --from 起始时间 --limit 时限 [--count-from next-day|same-day] [--hours 办公时间] [--db 地址] [--load 文件]...
      输出截止时间（RFC 3339，北京时间）。起始时间写作 2026-09-30T10:00:00+08:00 或 "2026-09-30 10:00"（北京时间）；
      时限如 即办、当天、次日、三个工作日、4个工作小时、24小时、10日、2周、1个月；
      --count-from：next-day 自次日起算（默认，行政许可法的算法），same-day 当日起算；
      --hours：办公时间，默认 09:00-12:00,13:30-17:30（给出 --db 时默认用数据库中设置的办公时间）。
      所涉年度尚未载入放假安排时，在标准错误输出提示。
  govflow calendar load 文件 [--db 地址]
      校验年度放假安排文件（YAML 或 JSON，UTF-8 或 GBK；文件名写 - 时读标准输入）并存入数据库，替换该年原有的安排
      （国家安排或此前载入的版本），记入审计日志；正在运行的服务在2秒内生效。文件有错误时逐条列出行号，
      不作任何改动，退出码为 2。
  govflow calendar load --check 文件
      只校验文件并列出其内容，不写数据库；有错误时逐条列出行号，退出码为 1。

year 和 due 给出 --db（或设置了环境变量 GOVFLOW_DB）时，使用该数据库中的日历：管理员载入的年度和本单位的办公时间；
否则只用随程序提供的国家安排。load 的 --db 默认为 GOVFLOW_DB，再默认为 sqlite:govflow.db。
各子命令的 --load 可指定一个或多个年度安排文件，按其覆盖或补充上述安排（仅本次运行有效）。
`

func runCalendar(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, calendarUsage)
		return 2
	}
	switch args[0] {
	case "year":
		return calendarYear(args[1:], stdout, stderr)
	case "due":
		return calendarDue(args[1:], stdout, stderr)
	case "load":
		return calendarLoad(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, calendarUsage)
		return 0
	}
	return calBadUsage(stderr, "", fmt.Sprintf("未知的操作“%s”，可用 year、due、load；运行 govflow calendar help 查看用法", args[0]))
}

func calExtra(arg string) string {
	return fmt.Sprintf("多余的参数“%s”；用法见 govflow calendar help", arg)
}

func calBadUsage(stderr io.Writer, sub, msg string) int {
	name := "govflow calendar"
	if sub != "" {
		name += " " + sub
	}
	fmt.Fprintf(stderr, "%s: %s\n", name, msg)
	return 2
}

// calFiles collects repeated --load flags.
type calFiles []string

func (f *calFiles) String() string     { return strings.Join(*f, ",") }
func (f *calFiles) Set(s string) error { *f = append(*f, s); return nil }

// calParseFlags parses flags written before or after the positional arguments.
func calParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, fmt.Errorf("用法见 govflow calendar help")
			}
			return nil, fmt.Errorf("参数有误：%s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest, args = append(rest, args[0]), args[1:]
	}
}

// calBuild builds the calendar: the national arrangements, the stored ones when snap is not nil, and the
// --load files over both. Explicit hours win over the stored ones.
func calBuild(snap *calendardb.Snapshot, files []string, hours *calendar.OfficeHours) (*calendar.Calendar, error) {
	byYear := map[int]*calendar.Arrangement{}
	h := calendar.DefaultHours()
	if snap != nil {
		for _, a := range snap.Arrangements() {
			byYear[a.Year] = a
		}
		h = snap.Hours.Hours
	}
	for _, f := range files {
		a, _, err := calReadArrangement(f)
		if err != nil {
			return nil, err
		}
		byYear[a.Year] = a
	}
	if hours != nil {
		h = *hours
	}
	loaded := make([]*calendar.Arrangement, 0, len(byYear))
	for _, a := range byYear {
		loaded = append(loaded, a)
	}
	return calendar.New(h, loaded...)
}

// calDBURL is the database year and due read the calendar from: --db, else GOVFLOW_DB, else none.
func calDBURL(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	return os.Getenv("GOVFLOW_DB")
}

// calSnapshot reads the stored calendar; nil without a database. The exit code is -1 when all went well.
func calSnapshot(sub, url string, stderr io.Writer) (*calendardb.Snapshot, int) {
	if url == "" {
		return nil, -1
	}
	ctx := context.Background()
	d, code := openDB(ctx, "calendar "+sub, url, stderr)
	if d == nil {
		return nil, code
	}
	defer d.Close()
	if n, err := d.Pending(ctx); err != nil || n > 0 {
		fmt.Fprintf(stderr, "govflow calendar %s: 数据库 %s 尚未初始化或结构不是最新（请先运行 govflow migrate）\n", sub, d.URL())
		return nil, 1
	}
	var snap *calendardb.Snapshot
	err := d.Read(ctx, func(tx store.Tx) (err error) {
		snap, err = calendardb.ReadSnapshot(ctx, tx)
		return err
	})
	if err != nil {
		fmt.Fprintf(stderr, "govflow calendar %s: %v\n", sub, err)
		return nil, 1
	}
	for _, a := range snap.Alerts(time.Now()) {
		if a.Kind == calendardb.Unreadable {
			fmt.Fprintf(stderr, "govflow calendar %s: 提示：%s\n", sub, a.Problem)
		}
	}
	return snap, -1
}

func calReadArrangement(name string) (*calendar.Arrangement, []calendar.Problem, error) {
	b, err := calFileData(name)
	if err != nil {
		return nil, nil, err
	}
	a, warnings, err := calendardb.ReadFile(b)
	if err != nil {
		return nil, nil, &calFileError{name: name, err: err}
	}
	return a, warnings, nil
}

// calFileData reads a file, or standard input for "-".
func calFileData(name string) ([]byte, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(io.LimitReader(os.Stdin, calendardb.MaxFileBytes+1))
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("无法读取文件 %s：%v", name, calCause(err))
	}
	return b, nil
}

func calCause(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// calFileError is a year file that cannot be used; its message names the file.
type calFileError struct {
	name string
	err  error
}

func (e *calFileError) Error() string {
	msg := e.err.Error()
	if ge := (*govflow.Error)(nil); errors.As(e.err, &ge) {
		msg = ge.Message
	}
	return e.name + "：" + msg
}

func (e *calFileError) Unwrap() error { return e.err }

func calendarYear(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("year", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	dbURL := fs.String("db", "", "")
	var files calFiles
	fs.Var(&files, "load", "")
	pos, err := calParseFlags(fs, args)
	if err != nil {
		return calBadUsage(stderr, "year", err.Error())
	}
	switch {
	case len(pos) == 0:
		return calBadUsage(stderr, "year", "请给出一个年度，如 govflow calendar year 2026")
	case len(pos) > 1:
		return calBadUsage(stderr, "year", calExtra(pos[1]))
	}
	year, err := strconv.Atoi(pos[0])
	if err != nil || year < 1900 || year > 2200 {
		return calBadUsage(stderr, "year", fmt.Sprintf("年度“%s”无效，应为四位年份，如 2026", pos[0]))
	}
	snap, code := calSnapshot("year", calDBURL(*dbURL), stderr)
	if code >= 0 {
		return code
	}
	c, err := calBuild(snap, files, nil)
	if err != nil {
		return calBadUsage(stderr, "year", err.Error())
	}
	if *asJSON {
		err = calWriteJSON(stdout, c.Exceptions(year))
	} else if a, ok := c.Arrangement(year); ok {
		calWriteArrangement(stdout, c, a)
		calWriteSource(stdout, snap, c, year, files)
	}
	if err != nil {
		return calBadUsage(stderr, "year", err.Error())
	}
	if !c.Known(year) {
		fmt.Fprintf(stderr, "govflow calendar year: %d年的放假安排尚未载入，无法列出；已载入的年度：%s\n", year, calYearsText(c.Years()))
		return 1
	}
	return 0
}

func calYearsText(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, "、")
}

type calDayJSON struct {
	Date    string `json:"date"`
	Workday bool   `json:"workday"`
	Name    string `json:"name"`
}

// calWriteJSON writes a JSON array with one day per line.
func calWriteJSON(w io.Writer, days []calendar.Day) error {
	var b strings.Builder
	b.WriteString("[")
	for i, d := range days {
		line, err := json.Marshal(calDayJSON{Date: d.Date.String(), Workday: d.Workday, Name: d.Name})
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		b.Write(line)
	}
	if len(days) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

var calWeekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

func calWriteArrangement(w io.Writer, c *calendar.Calendar, a *calendar.Arrangement) {
	fmt.Fprintf(w, "%d年放假安排\n", a.Year)
	if cite := a.Cite(); cite != "" {
		fmt.Fprintf(w, "依据：%s\n", cite)
	}
	fmt.Fprintln(w)
	off, offWeekdays, work := 0, 0, 0
	for _, d := range a.Days() {
		wd := d.Date.Weekday()
		status := "放假"
		switch {
		case d.Workday:
			status, work = "上班（调休）", work+1
		case wd != time.Saturday && wd != time.Sunday:
			off, offWeekdays = off+1, offWeekdays+1
		default:
			off++
		}
		fmt.Fprintf(w, "%s %s %s %s\n", d.Date, calWeekdays[wd], d.Name, status)
	}
	dec31 := calendar.Date{Year: a.Year - 1, Month: time.December, Day: 31}.Start()
	total := c.WorkdaysBetween(dec31, calendar.Date{Year: a.Year, Month: time.December, Day: 31}.Start())
	fmt.Fprintf(w, "\n共放假%d天（其中周一至周五%d天），调休上班%d天；全年工作日%d天。\n", off, offWeekdays, work, total)
}

func calendarDue(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("due", flag.ContinueOnError)
	from := fs.String("from", "", "")
	limitText := fs.String("limit", "", "")
	countFrom := fs.String("count-from", "next-day", "")
	hoursText := fs.String("hours", "", "")
	dbURL := fs.String("db", "", "")
	var files calFiles
	fs.Var(&files, "load", "")
	pos, err := calParseFlags(fs, args)
	switch {
	case err != nil:
		return calBadUsage(stderr, "due", err.Error())
	case len(pos) > 0:
		return calBadUsage(stderr, "due", calExtra(pos[0]))
	case *from == "" || *limitText == "":
		return calBadUsage(stderr, "due", "须给出 --from 起始时间 和 --limit 时限，如 --from 2026-09-30T10:00:00+08:00 --limit 三个工作日")
	}
	start, err := calParseInstant(*from)
	if err != nil {
		return calBadUsage(stderr, "due", err.Error())
	}
	l, err := calendar.ParseLimit(*limitText)
	if err != nil {
		return calBadUsage(stderr, "due", err.Error())
	}
	cf, err := calendar.ParseCountFrom(*countFrom)
	if err != nil {
		return calBadUsage(stderr, "due", err.Error())
	}
	var hours *calendar.OfficeHours
	if *hoursText != "" {
		h, err := calendar.ParseOfficeHours(*hoursText)
		if err != nil {
			return calBadUsage(stderr, "due", err.Error())
		}
		hours = &h
	}
	snap, code := calSnapshot("due", calDBURL(*dbURL), stderr)
	if code >= 0 {
		return code
	}
	c, err := calBuild(snap, files, hours)
	if err != nil {
		return calBadUsage(stderr, "due", err.Error())
	}
	d := c.Due(start, l, cf)
	fmt.Fprintln(stdout, d.At.Format(time.RFC3339))
	if w := d.Warning(); w != "" {
		fmt.Fprintf(stderr, "govflow calendar due: 提示：%s\n", w)
	}
	return 0
}

// calParseInstant reads RFC 3339, or a Beijing wall time "2026-09-30 10:00[:00]" / "2026-09-30T10:00", or a date.
func calParseInstant(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, calendar.Beijing); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("起始时间“%s”无法识别，应写作 2026-09-30T10:00:00+08:00 或 \"2026-09-30 10:00\"（北京时间）", s)
}

func calendarLoad(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	check := fs.Bool("check", false, "")
	dbURL := fs.String("db", "", "")
	pos, err := calParseFlags(fs, args)
	switch {
	case err != nil:
		return calBadUsage(stderr, "load", err.Error())
	case len(pos) == 0:
		return calBadUsage(stderr, "load", "请给出一个年度安排文件，如 govflow calendar load 2027.yaml（只校验：--check）")
	case len(pos) > 1:
		return calBadUsage(stderr, "load", calExtra(pos[1])+"；每次载入一个文件")
	case *check && *dbURL != "":
		return calBadUsage(stderr, "load", "--check 只校验文件、不写数据库，不能与 --db 同用")
	case *check:
		return calendarCheck(pos[0], stdout, stderr)
	}
	return calendarStore(pos[0], *dbURL, stdout, stderr)
}

// calendarCheck validates a file and shows what it holds.
func calendarCheck(name string, stdout, stderr io.Writer) int {
	a, warnings, err := calReadArrangement(name)
	var ae *calendar.ArrangementError
	switch {
	case errors.As(err, &ae):
		calPrintProblems(stderr, name, ae.Problems)
		return 1
	case err != nil:
		return calBadUsage(stderr, "load", err.Error())
	}
	calPrintProblems(stderr, name, warnings)
	c, err := calendar.New(calendar.DefaultHours(), a)
	if err != nil {
		return calBadUsage(stderr, "load", err.Error())
	}
	calWriteArrangement(stdout, c, a)
	if nat := calendar.Default(); nat.Known(a.Year) {
		fmt.Fprintf(stdout, "说明：%d年已有国家安排，载入后将以本文件为准。\n", a.Year)
	}
	if note := calStatutoryNote(a.Year, warnings); note != "" {
		fmt.Fprintln(stdout, note)
		fmt.Fprintf(stdout, "校验通过：%s 可以载入，但请先核对上述与法定节假日不符之处。\n", name)
		return 0
	}
	fmt.Fprintf(stdout, "校验通过：%s 可以载入。\n", name)
	return 0
}

// calendarStore validates a file and stores it: all of it, with its audit record, or nothing.
func calendarStore(name, url string, stdout, stderr io.Writer) int {
	data, err := calFileData(name)
	if err != nil {
		return calBadUsage(stderr, "load", err.Error())
	}
	a, warnings, err := calendardb.ReadFile(data)
	var ae *calendar.ArrangementError
	switch {
	case errors.As(err, &ae):
		calPrintProblems(stderr, name, ae.Problems)
		return calBadUsage(stderr, "load", fmt.Sprintf("%s 有%d处错误，未载入；数据库未作任何改动", name, calErrors(ae.Problems)))
	case err != nil:
		return calBadUsage(stderr, "load", (&calFileError{name: name, err: err}).Error())
	}
	if url == "" {
		url = calDBURL("")
	}
	if url == "" {
		url = defaultDB
	}
	ctx := context.Background()
	d, code := openDB(ctx, "calendar load", url, stderr)
	if d == nil {
		return code
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		fmt.Fprintf(stderr, "govflow calendar load: %v\n", err)
		return 1
	}
	svc := &calendardb.Service{DB: d, Now: time.Now}
	fileName := filepath.Base(name)
	if name == "-" {
		fileName = ""
	}
	res, err := svc.Load(ctx, govflow.Actor{ID: "cli"}, fileName, data)
	if err != nil {
		fmt.Fprintf(stderr, "govflow calendar load: %s\n", govflow.ErrorMessage(err))
		if govflow.ErrorCode(err) == govflow.EINVALID {
			return 2
		}
		return 1
	}
	calPrintProblems(stderr, name, warnings)
	c, err := calendar.New(calendar.DefaultHours(), a)
	if err == nil {
		calWriteArrangement(stdout, c, a)
	}
	msg := fmt.Sprintf("已将%d年放假安排载入数据库 %s", res.Year, d.URL())
	switch {
	case res.Same:
		msg += "（内容与此前相同）"
	case res.Replaced != "":
		msg += "，替换" + res.Replaced
	}
	fmt.Fprintf(stdout, "%s；正在运行的服务在%d秒内生效。\n", msg, int(calendardb.CheckEvery.Seconds()))
	if note := calStatutoryNote(res.Year, warnings); note != "" {
		fmt.Fprintln(stdout, note)
	}
	return 0
}

func calErrors(ps []calendar.Problem) int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}

// calWriteSource says where a year's arrangement comes from when the calendar was read from a database.
func calWriteSource(w io.Writer, snap *calendardb.Snapshot, c *calendar.Calendar, year int, files []string) {
	if snap == nil || !c.Loaded(year) {
		return
	}
	y, ok := snap.Loaded(year)
	if !ok || y.Arrangement == nil || len(files) > 0 && !calSameText(c, y) {
		fmt.Fprintln(w, "来源：本次 --load 的文件。")
		return
	}
	by := y.LoadedBy
	switch {
	case by == "cli":
		by = "命令行"
	case y.LoadedByName != "":
		by = y.LoadedByName + "（" + y.LoadedBy + "）"
	}
	file := ""
	if y.FileName != "" {
		file = "，文件 " + y.FileName
	}
	fmt.Fprintf(w, "来源：管理员载入，%s 于 %s 载入%s。\n", by, y.LoadedAt.In(calendar.Beijing).Format("2006-01-02 15:04"), file)
}

func calSameText(c *calendar.Calendar, y calendardb.Year) bool {
	a, ok := c.Arrangement(y.Year)
	return ok && string(a.Format()) == y.Text
}

// calStatutoryNote is the line that stands out when a year differs from the statutory holidays; "" when not.
func calStatutoryNote(year int, ps []calendar.Problem) string {
	n := len(calendar.StatutoryProblems(ps))
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("注意：本文件与法定节假日不符（%d处，见标准错误输出的提示）：%d年的办理时限将按本文件推算，"+
		"未列出或少列的放假日按工作日计算。", n, year)
}

func calPrintProblems(w io.Writer, name string, ps []calendar.Problem) {
	for _, p := range ps {
		kind := "错误"
		if p.Warning {
			kind = "提示"
		}
		loc := name
		if p.Line > 0 {
			loc += ":" + strconv.Itoa(p.Line)
		}
		fmt.Fprintf(w, "%s: %s：%s\n", loc, kind, p.Message)
	}
}
