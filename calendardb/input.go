package calendardb

import (
	"bytes"
	"errors"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/calendar"
)

// MaxFileBytes caps a year file. A year's arrangement is about one kilobyte.
const MaxFileBytes = 64 << 10

// maxNameRunes caps the stored file name.
const maxNameRunes = 100

// ReadFile decodes and checks a year file as an administrator gives it: UTF-8 (a byte-order mark is
// ignored) or GBK/GB18030 as Windows editors save it, YAML or JSON. It returns the arrangement and its
// warnings, or nil and every finding with an error: an *calendar.ArrangementError for a file with errors,
// an EINVALID *govflow.Error for one that is empty, too large or not text.
func ReadFile(data []byte) (*calendar.Arrangement, []calendar.Problem, error) {
	text, err := decode(data)
	if err != nil {
		return nil, nil, err
	}
	return calendar.ParseArrangement(text)
}

var errNotText = errors.New("not text")

func decode(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, fileError("文件是空的。请上传或粘贴年度放假安排文件（YAML 或 JSON），格式见本页说明。")
	case len(data) > MaxFileBytes:
		return nil, fileError("文件过大：年度放假安排文件通常只有 1—2 KB，不能超过 %d KB。请确认选对了文件。", MaxFileBytes>>10)
	case bytes.IndexByte(data, 0) >= 0:
		return nil, fileError("这不是文本文件（可能选成了 Word、Excel 或图片）。年度放假安排文件应为 YAML 或 JSON 文本，如 2027.yaml。")
	case utf8.Valid(data):
		return data, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, fileError("文件编码无法识别：请以 UTF-8（或 GBK）编码保存后重新上传。")
	}
	return out, nil
}

func fileError(format string, args ...any) error {
	e := govflow.FieldError("text", format, args...)
	e.Err = errNotText
	return e
}

// CleanFileName keeps the base name of an uploaded file (browsers on Windows may send a whole path), without
// control characters, at most 100 characters.
func CleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if r := []rune(name); len(r) > maxNameRunes {
		name = string(r[:maxNameRunes])
	}
	return name
}
