package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/lint"
)

// catEditorView is the YAML editor of a process's draft with the linter's findings beside the lines.
type catEditorView struct {
	catalogPage
	Sum        *catalog.Summary
	Version    int // the number the text is saved as
	Revision   int // of the open draft; 0 when saving starts a new draft
	Base       int // the version a new draft starts from
	Source     string
	Lines      int
	Gutter     []catLine
	Findings   []catFinding
	Errors     int
	Warnings   int
	Note       string
	Draft      *catalog.VersionInfo // the saved draft, nil before the first save
	SavedBy    string
	CanPublish bool
	Problem    string // why the last action was refused
	Help       []catStepHelp
}

type catStepHelp struct{ Type, Label, Keys string }

// catLine is a line number of the editor's gutter, marked with the worst finding on the line.
type catLine struct {
	No  int
	Sev string
}

var catStepHelps = []catStepHelp{
	{"task", "办理", "who、limit、inputs、outputs、standard、form、next"},
	{"approval", "审批", "mode（all 会签 / any 或签 / ratio 比例 / sequential 依次）、who、limit、reject、next"},
	{"circulation", "传阅", "who、limit、next：每人只收到一次，不阻塞流转"},
	{"exclusive", "排他网关", "branches: [{when, next, name}]、default"},
	{"parallel", "并行网关", "分支：next: [a, b]；汇聚：多个环节指向它"},
	{"wait", "等待", "wait: 三个工作日，或 until_field: 日期字段"},
	{"auto", "系统动作", "action: assign_doc_number 等"},
	{"call", "调用流程", "process: 流程标识"},
}

func (c *catalogUI) edit(w http.ResponseWriter, r *http.Request) error {
	d, err := c.loadEditor(r)
	if err != nil {
		return err
	}
	return c.s.Render(w, r, http.StatusOK, "catalog/edit", d)
}

// loadEditor opens the open draft, or a new draft from ?from= (default: the version the catalog shows).
func (c *catalogUI) loadEditor(r *http.Request) (*catEditorView, error) {
	ctx := r.Context()
	sum, err := c.svc.Summary(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := &catEditorView{catalogPage: c.base(r), Sum: sum, Help: catStepHelps}
	if sum.Draft > 0 {
		v, err := c.svc.Version(ctx, sum.ID, sum.Draft)
		if err != nil {
			return nil, err
		}
		d.showDraft(v)
		by, err := c.peopleNames(ctx)
		if err != nil {
			return nil, err
		}
		d.SavedBy = catNameOr(by, v.UpdatedBy)
		return d, nil
	}
	from, err := catIntQuery(r, "from", sum.Version)
	if err != nil {
		return nil, err
	}
	base, err := c.svc.Version(ctx, sum.ID, from)
	if err != nil {
		return nil, err
	}
	d.Version, d.Base = sum.Latest+1, from
	src := catalog.SetTopLevel(base.Source, "version", strconv.Itoa(d.Version))
	findings, err := c.svc.Lint(ctx, sum.ID, d.Version, src)
	if err != nil {
		return nil, err
	}
	d.setText(string(src), findings)
	return d, nil
}

func (d *catEditorView) showDraft(v *catalog.Version) {
	info := v.VersionInfo
	d.Draft, d.Version, d.Revision, d.Note = &info, v.Version, v.Revision, v.Note
	d.setText(string(v.Source), v.Findings)
	d.CanPublish = d.Errors == 0
}

func (d *catEditorView) setText(src string, findings []lint.Finding) {
	d.Source = src
	d.Lines = strings.Count(src, "\n") + 1
	d.Findings = catFindings(findings)
	for i := range d.Findings {
		d.Findings[i].Line = min(max(d.Findings[i].Line, 1), d.Lines)
	}
	d.Errors, d.Warnings = lint.Count(findings)
	d.Gutter = make([]catLine, d.Lines)
	for i := range d.Gutter {
		d.Gutter[i].No = i + 1
	}
	for _, f := range d.Findings {
		if g := &d.Gutter[f.Line-1]; g.Sev != string(lint.Error) {
			g.Sev = f.Severity
		}
	}
}

func (c *catalogUI) save(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	rev, _ := strconv.Atoi(r.PostFormValue("revision"))
	src := []byte(strings.ReplaceAll(r.PostFormValue("yaml"), "\r\n", "\n"))
	v, err := c.svc.SaveDraft(ctx, c.s.ActorFrom(r), catalog.Draft{ID: id, Source: src, Note: strings.TrimSpace(r.PostFormValue("note")), Revision: rev})
	if err == nil {
		return c.s.Redirect(w, r, "/catalog/"+id+"/edit", fmt.Sprintf("已保存第 %d 版草稿：%s。", v.Version, catSaveSummary(v)))
	}
	d, lerr := c.loadEditor(r)
	if lerr != nil {
		return err
	}
	// Show what the person wrote, checked, with why it was not saved.
	if findings, ferr := c.svc.Lint(ctx, id, d.Version, src); ferr == nil {
		d.setText(string(src), findings)
	} else {
		d.setText(string(src), nil)
	}
	d.Note, d.Revision, d.CanPublish = r.PostFormValue("note"), rev, false
	return c.refused(w, r, d, err)
}

// refused shows the editor again with the reason an action was refused; errors a form cannot show go to
// the error page.
func (c *catalogUI) refused(w http.ResponseWriter, r *http.Request, d *catEditorView, err error) error {
	if _, _, ok := FieldMessages(err); !ok {
		return err
	}
	d.Problem = govflow.ErrorMessage(err)
	status := http.StatusUnprocessableEntity
	if govflow.ErrorCode(err) == govflow.ECONFLICT {
		status = http.StatusConflict
	}
	return c.s.Render(w, r, status, "catalog/edit", d)
}

func catSaveSummary(v *catalog.Version) string {
	switch {
	case v.Errors > 0:
		return fmt.Sprintf("有 %d 个错误须修改后才能发布", v.Errors)
	case v.Warnings > 0:
		return fmt.Sprintf("检查通过，另有 %d 个警告，可以发布", v.Warnings)
	}
	return "检查通过，可以发布"
}

func (c *catalogUI) publish(w http.ResponseWriter, r *http.Request) error {
	n, err := catVersionParam(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	v, err := c.svc.Publish(r.Context(), c.s.ActorFrom(r), id, n)
	var le *catalog.LintError
	if errors.As(err, &le) {
		d, lerr := c.loadEditor(r)
		if lerr != nil {
			return err
		}
		d.setText(d.Source, le.Findings)
		d.CanPublish = false
		return c.refused(w, r, d, err)
	}
	if err != nil {
		return err
	}
	return c.s.Redirect(w, r, "/catalog/"+id, fmt.Sprintf("已发布《%s》第 %d 版，新发起的事项按此版本办理；正在办理的事项仍按原版本办结。", v.Name, v.Version))
}

func (c *catalogUI) retire(w http.ResponseWriter, r *http.Request) error {
	n, err := catVersionParam(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	before, err := c.svc.Version(r.Context(), id, n)
	if err != nil {
		return err
	}
	v, err := c.svc.Retire(r.Context(), c.s.ActorFrom(r), id, n)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("已停用《%s》第 %d 版：不能再按此版本发起新事项，正在办理的事项不受影响。", v.Name, v.Version)
	if before.State == catalog.StateDraft {
		msg = fmt.Sprintf("已废弃《%s》第 %d 版草稿。", v.Name, v.Version)
	}
	return c.s.Redirect(w, r, "/catalog/"+id, msg)
}
