package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func calendarCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runCalendar(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCalendarYearJSON(t *testing.T) {
	code, out, errOut := calendarCLI("year", "2026", "--json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var days []struct {
		Date    string `json:"date"`
		Workday bool   `json:"workday"`
		Name    string `json:"name"`
	}
	if err := json.Unmarshal([]byte(out), &days); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	found := false
	for _, d := range days {
		if d.Date == "2026-02-14" {
			found = d.Workday && d.Name == "春节"
		}
		if d.Date == "2026-02-15" || d.Date == "2026-01-03" {
			t.Errorf("%s is a weekend day off: its status does not differ from the weekday rule", d.Date)
		}
	}
	if !found || len(days) != 25 {
		t.Errorf("got %d days, 2026-02-14 as a 春节 working day: %v", len(days), found)
	}
}

func TestCalendarYearText(t *testing.T) {
	code, out, _ := calendarCLI("year", "2025")
	if code != 0 || !strings.Contains(out, "国办发明电〔2024〕12号") || !strings.Contains(out, "2025-01-28 星期二 春节 放假") ||
		!strings.Contains(out, "2025-02-08 星期六 春节 上班（调休）") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, _, errOut := calendarCLI("year", "2031")
	if code != 1 || !strings.Contains(errOut, "2031年的放假安排尚未载入") {
		t.Errorf("unknown year: exit %d %q", code, errOut)
	}
}

func TestCalendarDue(t *testing.T) {
	code, out, errOut := calendarCLI("due", "--from", "2026-09-30T10:00:00+08:00", "--limit", "三个工作日")
	if code != 0 || out != "2026-10-10T17:30:00+08:00\n" || errOut != "" {
		t.Errorf("exit %d, %q, %q", code, out, errOut)
	}
	code, out, _ = calendarCLI("due", "--from", "2026-09-30 10:00", "--limit", "3个工作日", "--count-from", "same-day")
	if code != 0 || out != "2026-10-09T17:30:00+08:00\n" {
		t.Errorf("same-day: exit %d, %q", code, out)
	}
	code, out, errOut = calendarCLI("due", "--from", "2026-12-28T10:00:00+08:00", "--limit", "10个工作日")
	if code != 0 || out != "2027-01-11T17:30:00+08:00\n" || !strings.Contains(errOut, "2027年的放假安排尚未载入") {
		t.Errorf("unknown year: exit %d, %q, %q", code, out, errOut)
	}
}

func TestCalendarBadInput(t *testing.T) {
	tests := [][]string{
		{},
		{"week"},
		{"year"},
		{"year", "二〇二六"},
		{"year", "2026", "--xml"},
		{"year", "2026", "extra"},
		{"load", "a.yaml", "b.yaml"},
		{"due", "--limit", "3个工作日"},
		{"due", "--from", "明天", "--limit", "3个工作日"},
		{"due", "--from", "2026-09-30T10:00:00+08:00", "--limit", "尽快"},
		{"due", "--from", "2026-09-30T10:00:00+08:00", "--limit", "3个工作日", "--count-from", "tomorrow"},
		{"due", "--from", "2026-09-30T10:00:00+08:00", "--limit", "3个工作日", "--hours", "9-5"},
		{"due", "--from", "2026-09-30T10:00:00+08:00", "--limit", "3个工作日", "--load", "no-such-file.yaml"},
		{"load", "x.yaml"},
		{"load", "--check"},
		{"load", "--check", "no-such-file.yaml"},
	}
	for _, args := range tests {
		code, out, errOut := calendarCLI(args...)
		if code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q", args, code, out)
		}
		if len(args) > 0 && strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: want one line on stderr, got %q", args, errOut)
		}
	}
	_, _, errOut := calendarCLI("due", "--from", "2026-09-30T10:00:00+08:00", "--limit", "尽快")
	if !strings.Contains(errOut, "具体时限") {
		t.Errorf("vague limit message: %q", errOut)
	}
	if _, _, errOut := calendarCLI("year", "2026", "extra"); !strings.Contains(errOut, "多余的参数“extra”") {
		t.Errorf("extra argument: %q", errOut)
	}
	if _, _, errOut := calendarCLI("due", "--from", "2026-09-30 10:00", "--limit", "-1天"); !strings.Contains(errOut, "必须大于零") {
		t.Errorf("negative limit: %q", errOut)
	}
	if _, _, errOut := calendarCLI("due", "--from", "2026-09-30 10:00", "--limit", "1个工作日", "--hours", "00:00-24:00"); !strings.Contains(errOut, "23:59") {
		t.Errorf("office hours to 24:00: %q", errOut)
	}
}

func TestCalendarLoadCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "2027.yaml")
	calWriteFile(t, good, calTest2027)
	code, out, errOut := calendarCLI("load", "--check", good)
	if code != 0 || !strings.Contains(out, "2027-01-01 星期五 元旦 放假") || !strings.Contains(out, "校验通过："+good+" 可以载入。") || errOut != "" {
		t.Errorf("good file: exit %d\n%s\n%s", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.yaml")
	calWriteFile(t, bad, "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    work: [2027-01-04, 2026-12-26]\n")
	code, out, errOut = calendarCLI("load", "--check", bad)
	if code != 1 || out != "" || !strings.Contains(errOut, bad+":5: 错误：2027-01-04是星期一") || !strings.Contains(errOut, "不在2027年内") {
		t.Errorf("bad file: exit %d\n%s\n%s", code, out, errOut)
	}
}

func calWriteFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// calTest2027 is a made-up arrangement that gives every statutory day.
var calTest2027 = readTestYear("../../calendar/testdata/test-2027.yaml")

// A year that lists only 元旦 loads, but stands out: every other statutory holiday would count as working days.
func TestCalendarLoadPartialYear(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "2028.yaml")
	calWriteFile(t, file, "year: 2028\nnotices: [{title: 测试用通知}]\nholidays:\n  - name: 元旦\n    off: 2028-01-01/2028-01-03\n")
	const note = "注意：本文件与法定节假日不符（1处"
	code, out, errOut := calendarCLI("load", "--check", file)
	if code != 0 || !strings.Contains(errOut, file+":1: 提示：未列出春节、清明节、劳动节、端午节、中秋节、国庆节") ||
		!strings.Contains(out, note) || !strings.Contains(out, "可以载入，但请先核对") {
		t.Errorf("check: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = calendarCLI("load", file, "--db", "sqlite:"+filepath.Join(dir, "g.db"))
	if code != 0 || !strings.Contains(out, "已将2028年放假安排载入数据库") || !strings.Contains(out, note) ||
		!strings.Contains(errOut, "提示：未列出春节") {
		t.Errorf("load: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestCalendarLoadIntoTheDatabase(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	file := filepath.Join(dir, "2027.yaml")
	calWriteFile(t, file, calTest2027)
	bad := filepath.Join(dir, "bad.yaml")
	calWriteFile(t, bad, "year: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n    work: [2027-01-04, 2026-12-26]\n")

	code, out, errOut := calendarCLI("load", bad, "--db", db)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 2 || out != "" || !strings.Contains(errOut, bad+":5: 错误：2027-01-04是星期一") ||
		!strings.Contains(lines[len(lines)-1], "有2处错误，未载入；数据库未作任何改动") {
		t.Fatalf("bad file: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "g.db")); err == nil {
		t.Error("a refused file created the database")
	}
	code, out, errOut = calendarCLI("load", file, "--db", db)
	if code != 0 || !strings.Contains(out, "已将2027年放假安排载入数据库") || !strings.Contains(out, "2027-02-20 星期六 春节 上班（调休）") || errOut != "" {
		t.Fatalf("load: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = calendarCLI("year", "2027", "--db", db)
	if code != 0 || !strings.Contains(out, "2027-02-14 星期日 春节 上班（调休）") || !strings.Contains(out, "来源：管理员载入，命令行 于") ||
		!strings.Contains(out, "文件 2027.yaml") {
		t.Errorf("year from the database: exit %d\n%s", code, out)
	}
	if code, _, errOut := calendarCLI("year", "2027"); code != 1 || !strings.Contains(errOut, "尚未载入") {
		t.Errorf("without --db the stored year is not used: exit %d %s", code, errOut)
	}
	code, out, errOut = calendarCLI("due", "--from", "2027-02-05T10:00:00+08:00", "--limit", "1个工作日", "--db", db)
	if code != 0 || out != "2027-02-14T17:30:00+08:00\n" || errOut != "" {
		t.Errorf("due from the database: exit %d %q %q", code, out, errOut)
	}
	t.Setenv("GOVFLOW_DB", db)
	if code, out, _ := calendarCLI("year", "2027", "--json"); code != 0 || !strings.Contains(out, `{"date":"2027-02-20","workday":true,"name":"春节"}`) {
		t.Errorf("GOVFLOW_DB: exit %d %s", code, out)
	}
	code, out, _ = calendarCLI("load", file)
	if code != 0 || !strings.Contains(out, "内容与此前相同") {
		t.Errorf("load again through GOVFLOW_DB: exit %d %s", code, out)
	}
	if code, out, _ := runCmd("verify", "--db", db); code != 0 || !strings.Contains(out, "共 2 条记录") {
		t.Errorf("audit: exit %d %s", code, out)
	}
}

func TestCalendarDatabaseErrors(t *testing.T) {
	dir := t.TempDir()
	empty := "sqlite:" + filepath.Join(dir, "empty.db")
	good := filepath.Join(dir, "2027.yaml")
	calWriteFile(t, good, calTest2027)
	if code, _, errOut := calendarCLI("due", "--from", "2026-09-30 10:00", "--limit", "当天", "--db", empty); code != 1 || !strings.Contains(errOut, "govflow migrate") {
		t.Errorf("unmigrated database: exit %d %q", code, errOut)
	}
	for _, args := range [][]string{
		{"year", "2026", "--db", "mysql://x"},
		{"load", "--check", "x.yaml", "--db", empty},
		{"load", good, "--db", "nonsense"},
	} {
		code, out, errOut := calendarCLI(args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d %q %q", args, code, out, errOut)
		}
	}
}

// readTestYear reads the made-up 2027 arrangement (every statutory day) the calendar tests share.
func readTestYear(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
