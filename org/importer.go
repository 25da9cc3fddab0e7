package org

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/store"
)

// Import limits.
const (
	MaxImportBytes = 5 << 20
	MaxImportRows  = 2000
)

// ImportColumns are the header cells an import file must have (分管处室 is optional).
var ImportColumns = []string{"账号", "姓名", "处室", "岗位", "角色", "涉密等级", "分管处室"}

// RowError is one problem in one row of an import file. Line counts as a spreadsheet does: the header is 1.
type RowError struct {
	Line    int
	Column  string
	Message string
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("第 %d 行：%s", e.Line, e.Message)
	}
	return fmt.Sprintf("第 %d 行“%s”列：%s", e.Line, e.Column, e.Message)
}

// ImportResult says what an import did. Errors lists every problem; when there is any, nothing was written.
type ImportResult struct {
	Rows    int
	Created []string
	Errors  []RowError
}

// ReadTable reads the rows of an uploaded file: .xlsx (first sheet) or .csv (UTF-8, or GB18030 as Excel
// saves it on Chinese Windows). The error is a Chinese message for the person who uploaded it.
func ReadTable(filename string, r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, govflow.FieldError("file", "读取文件失败：%v", err)
	}
	if len(data) > MaxImportBytes {
		return nil, govflow.FieldError("file", "文件超过 %d MB，请分批导入。", MaxImportBytes>>20)
	}
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".xlsx":
		return readXLSX(data)
	case ".csv", ".txt":
		return readCSV(data)
	default:
		return nil, govflow.FieldError("file", "只支持 .xlsx 或 .csv 文件。")
	}
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, govflow.FieldError("file", "文件编码无法识别，请另存为 UTF-8 编码的 CSV。")
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, govflow.FieldError("file", "CSV 格式错误：%v", err)
	}
	return rows, nil
}

func readXLSX(data []byte) (rows [][]string, err error) {
	defer func() {
		if recover() != nil {
			rows, err = nil, govflow.FieldError("file", "Excel 文件已损坏，无法读取。")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, govflow.FieldError("file", "无法打开 Excel 文件，请确认是 .xlsx 格式：%v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, govflow.FieldError("file", "Excel 文件中没有工作表。")
	}
	rows, err = f.GetRows(sheets[0])
	if err != nil {
		return nil, govflow.FieldError("file", "读取工作表“%s”失败：%v", sheets[0], err)
	}
	return rows, nil
}

// Import adds the people in table (a header row, then one person per row) with the given initial password,
// which each must change at first sign-in. Policy: all or nothing. Every row is checked first; if any row is
// wrong, nothing is written and Errors lists every problem, so the file can be fixed and uploaded again.
func (s *Service) Import(ctx context.Context, a govflow.Actor, table [][]string, initialPassword string) (ImportResult, error) {
	if msg := auth.CheckStrength(initialPassword); msg != "" {
		return ImportResult{}, govflow.FieldError("password", "初始密码不合要求：%s。", msg)
	}
	var res ImportResult
	hash := auth.HashPassword(initialPassword, s.Params) // one hash for the batch: all share the initial password
	err := s.write(ctx, func(tx store.Tx, now time.Time) error {
		rows, errs, err := s.checkImport(ctx, tx, table)
		if err != nil {
			return err
		}
		res.Rows, res.Errors = len(rows), errs
		if len(errs) > 0 {
			return errImportRejected
		}
		for _, in := range rows {
			if err := InsertPerson(ctx, tx, person(in), now); err != nil {
				return err
			}
			if err := auth.SetPassword(ctx, tx, in.ID, hash, true, now); err != nil {
				return err
			}
			if err := audit.Append(ctx, tx, entry(a, "org.person.import", "person:"+in.ID, describe(in), now)); err != nil {
				return err
			}
			res.Created = append(res.Created, in.ID)
		}
		return nil
	})
	if err == errImportRejected {
		return res, govflow.Errorf(govflow.EINVALID, "文件中有 %d 处错误，整批未导入。请修改后重新上传。", len(res.Errors))
	}
	return res, err
}

var errImportRejected = govflow.Errorf(govflow.EINVALID, "import rejected")

func (s *Service) checkImport(ctx context.Context, tx store.Tx, table [][]string) ([]PersonInput, []RowError, error) {
	if len(table) == 0 {
		return nil, []RowError{{Line: 1, Message: "文件是空的。"}}, nil
	}
	col := map[string]int{}
	for i, h := range table[0] {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	var errs []RowError
	for _, c := range ImportColumns[:6] {
		if _, ok := col[c]; !ok {
			errs = append(errs, RowError{Line: 1, Message: fmt.Sprintf("表头缺少“%s”列。表头应为：%s。", c, strings.Join(ImportColumns, "、"))})
		}
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	if len(table)-1 > MaxImportRows {
		return nil, []RowError{{Line: 1, Message: fmt.Sprintf("一次最多导入 %d 人，请分批导入。", MaxImportRows)}}, nil
	}
	units, err := ListUnits(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	unitID := map[string]string{}
	for _, u := range units {
		unitID[u.Name] = u.ID
	}
	posts, err := ListPosts(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	existing, err := ListPeople(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	taken := map[string]int{}
	for _, p := range existing {
		taken[p.ID] = 0
	}
	var out []PersonInput
	for i, row := range table[1:] {
		line := i + 2
		cell := func(name string) string {
			if j, ok := col[name]; ok && j < len(row) {
				return strings.TrimSpace(row[j])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		in, rowErrs := parseRow(line, cell, unitID, posts, taken)
		errs = append(errs, rowErrs...)
		out = append(out, in)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Line: 2, Message: "表头下没有人员数据。"})
	}
	return out, errs, nil
}

func parseRow(line int, cell func(string) string, unitID map[string]string, posts []string, taken map[string]int) (PersonInput, []RowError) {
	var errs []RowError
	bad := func(c, format string, args ...any) {
		errs = append(errs, RowError{Line: line, Column: c, Message: fmt.Sprintf(format, args...)})
	}
	in := PersonInput{ID: strings.ToLower(cell("账号")), Name: cell("姓名"), Post: cell("岗位"), Active: true}
	switch first, dup := taken[in.ID]; {
	case in.ID == "":
		bad("账号", "账号不能为空。")
	case !personIDPattern.MatchString(in.ID):
		bad("账号", "账号“%s”不合规：须以小写字母开头，由小写字母、数字、点、- 或 _ 组成，2 至 32 位。", in.ID)
	case dup && first == 0:
		bad("账号", "账号“%s”已存在（导入只新增人员，修改已有人员请在人员页面进行）。", in.ID)
	case dup:
		bad("账号", "账号“%s”与第 %d 行重复。", in.ID, first)
	default:
		taken[in.ID] = line
	}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		bad("姓名", "姓名不能为空。")
	case n > 20:
		bad("姓名", "姓名不能超过 20 个字。")
	}
	if u := cell("处室"); u == "" {
		bad("处室", "处室不能为空。")
	} else if id, ok := unitID[u]; !ok {
		bad("处室", "处室“%s”不存在，请使用系统中已有的处室名称。", u)
	} else {
		in.UnitID = id
	}
	if in.Post == "" {
		bad("岗位", "岗位不能为空。")
	} else if !slices.Contains(posts, in.Post) {
		bad("岗位", "岗位“%s”不在岗位列表中。", in.Post)
	}
	for _, r := range splitList(cell("角色")) {
		role, ok := govflow.ParseRole(r)
		if !ok {
			bad("角色", "未知的角色“%s”；可用角色：%s。", r, roleNames())
			continue
		}
		in.Roles = append(in.Roles, role)
	}
	if len(in.Roles) == 0 && cell("角色") == "" {
		bad("角色", "角色不能为空；可用角色：%s。", roleNames())
	}
	cl := cell("涉密等级")
	if c, ok := govflow.ParseClearance(cl); ok {
		in.Clearance = c
	} else {
		bad("涉密等级", "涉密等级“%s”无效，应为 绝密、机密、秘密 或 非密。", cl)
	}
	for _, u := range splitList(cell("分管处室")) {
		if id, ok := unitID[u]; ok {
			in.Oversees = append(in.Oversees, id)
		} else {
			bad("分管处室", "分管处室“%s”不存在。", u)
		}
	}
	if len(in.Oversees) > 0 && !slices.Contains(in.Roles, govflow.RoleLeader) {
		bad("分管处室", "只有厅领导可以分管处室。")
	}
	return in, errs
}

func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,；; /", r) })
	return uniq(f)
}

func roleNames() string {
	names := make([]string, len(govflow.Roles))
	for i, r := range govflow.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, "、")
}

// ImportTemplateCSV is a sample file offered on the import page.
func ImportTemplateCSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Write(ImportColumns)
	w.Write([]string{"zhangsan", "张三", "秘书处", "科员", "工作人员", "秘密", ""})
	w.Write([]string{"lisi", "李四", "督查室", "督查专员", "督查员、工作人员", "秘密", ""})
	w.Flush()
	return b.Bytes()
}
