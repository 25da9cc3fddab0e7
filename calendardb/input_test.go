package calendardb_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/calendardb"
)

func TestReadFileEncodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(file2027))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"utf-8":     []byte(file2027),
		"utf-8 BOM": append([]byte("\xef\xbb\xbf"), file2027...),
		"gbk":       gbk,
		"crlf":      []byte(strings.ReplaceAll(file2027, "\n", "\r\n")),
	} {
		a, warnings, err := calendardb.ReadFile(data)
		if err != nil || len(warnings) != 0 || a.Year != 2027 || a.Holidays[1].Name != "春节" || a.Notices[0].Title != "测试用通知" {
			t.Errorf("%s: %+v %v %v", name, a, warnings, err)
		}
	}
}

func TestReadFileRefusals(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "文件是空的"},
		{"blank", []byte(" \r\n\t"), "文件是空的"},
		{"too large", bytes.Repeat([]byte("# 注释\n"), calendardb.MaxFileBytes/5), "文件过大"},
		{"excel", []byte("PK\x03\x04\x14\x00\x06\x00"), "不是文本文件"},
		{"not text", []byte{0xff, 0xfe, 0xfd, 0x80, 0x81}, "编码无法识别"},
	}
	for _, tt := range tests {
		_, _, err := calendardb.ReadFile(tt.data)
		var e *govflow.Error
		if !errors.As(err, &e) || e.Field != "text" || !strings.Contains(e.Message, tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	_, _, err := calendardb.ReadFile([]byte("year: 2027\nholidays: []\n"))
	var ae *calendar.ArrangementError
	if !errors.As(err, &ae) || ae.Problems[0].Line != 1 {
		t.Errorf("checks: %v", err)
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"2027.yaml": "2027.yaml",
		`C:\Users\彭飞\Desktop\2027年放假安排.yaml`: "2027年放假安排.yaml",
		"/tmp/x/2027.json":       "2027.json",
		"  a\x00b\nc.yaml ":      "abc.yaml",
		"":                       "",
		"/":                      "",
		strings.Repeat("长", 300): strings.Repeat("长", 100),
	} {
		if got := calendardb.CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever the bytes, ReadFile answers an arrangement or an error without panicking, and an arrangement it
// accepts reads back the same from its canonical text (which is what gets stored).
func FuzzReadFile(f *testing.F) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(file2027))
	for _, seed := range [][]byte{[]byte(file2027), []byte(file2026), gbk, nil, []byte("\xef\xbb\xbfyear: 2027"),
		[]byte(`{"year": 2027, "holidays": [{"name": "元旦", "off": ["2027-01-01"]}]}`), []byte("PK\x03\x04"), {0xff, 0xfe}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, _, err := calendardb.ReadFile(data)
		if (a == nil) == (err == nil) {
			t.Fatalf("arrangement %v and error %v", a, err)
		}
		if err != nil {
			var ae *calendar.ArrangementError
			if govflow.ErrorCode(err) != govflow.EINVALID && !(errors.As(err, &ae) && len(ae.Problems) > 0) {
				t.Fatalf("an error that names no finding: %v", err)
			}
			return
		}
		back, _, err := calendardb.ReadFile(a.Format())
		if err != nil || !bytes.Equal(back.Format(), a.Format()) {
			t.Fatalf("canonical text does not read back: %v\n%s", err, a.Format())
		}
	})
}
