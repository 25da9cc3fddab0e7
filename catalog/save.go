package catalog

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// MaxNote bounds a version's change note, in characters.
const MaxNote = 500

// Draft is a text to save as a draft.
type Draft struct {
	// ID is the process the draft belongs to; empty creates a new process with the id the text declares.
	ID     string
	Source []byte
	// Note says what changed (修改说明); empty keeps the open draft's note.
	Note string
	// Revision is the revision of the open draft this save replaces, as read before editing; 0 starts a new
	// draft (there must be none open). A stale revision is a conflict, so that nobody overwrites unseen work.
	Revision int
}

// SaveDraft checks and lints a text and stores it as the process's open draft: it replaces the open draft,
// or starts a new version numbered after the latest. A text with lint errors is saved (work in progress)
// with its findings; only publishing needs it clean. A new process needs a text that reads, with a free id.
func (s *Service) SaveDraft(ctx context.Context, actor govflow.Actor, d Draft) (*Version, error) {
	if err := checkDraft(d); err != nil {
		return nil, err
	}
	id, err := draftID(d)
	if err != nil {
		return nil, err
	}
	var env *checkEnv
	if err := s.DB.Read(ctx, func(tx store.Tx) error {
		env, err = loadCheckEnv(ctx, tx)
		return err
	}); err != nil {
		return nil, err
	}
	def, findings := s.lintText(env, id, d.Source)
	if d.ID == "" && def == nil {
		return nil, unreadable(findings)
	}
	var out *Version
	err = s.DB.Write(ctx, func(tx store.Tx) error {
		out, err = s.storeDraft(ctx, tx, actor, d, id, def, findings)
		return err
	})
	return out, err
}

func checkDraft(d Draft) error {
	if err := checkText(d.Source); err != nil {
		return err
	}
	if utf8.RuneCountInString(d.Note) > MaxNote {
		return govflow.FieldError("note", "修改说明不能超过 %d 个字。", MaxNote)
	}
	if d.Revision < 0 {
		return govflow.FieldError("revision", "revision 不能为负数。")
	}
	return nil
}

// draftID is the process a draft belongs to: the one named, whose id the text must keep, or for a new
// process the well-formed id the text declares.
func draftID(d Draft) (string, error) {
	def, err := process.Parse(fileName(d.ID), d.Source)
	if d.ID != "" {
		if err == nil && def.ID != d.ID {
			return "", govflow.FieldError("yaml", "流程标识 id 应为 %s（现为“%s”）：已有流程的标识不能修改。要另建流程，请使用“新建流程”。",
				d.ID, def.ID)
		}
		return d.ID, nil
	}
	if err != nil {
		return "", nil // the caller reports the text's findings
	}
	if !process.ValidProcessID(def.ID) {
		return "", govflow.FieldError("yaml", "流程标识 id“%s”不合规范：只能用小写字母、数字和“-”，不超过 64 个字符，如 fawen-banli。", def.ID)
	}
	return def.ID, nil
}

// storeDraft writes the draft inside the transaction, against the process row it locks.
func (s *Service) storeDraft(ctx context.Context, tx store.Tx, actor govflow.Actor, d Draft, id string,
	def *process.Definition, findings []lint.Finding) (*Version, error) {
	now := s.Now()
	created := false
	if d.ID == "" {
		ok, err := insertProcess(ctx, tx, id, factsOf(def), actor.ID, now)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, govflow.FieldError("yaml", "流程标识 %s 已被目录中的另一个流程使用，请换一个标识；要修改该流程，请打开它再编辑。", id)
		}
		created = true
	}
	sm, err := getSummary(ctx, tx, id, true)
	if err != nil {
		return nil, err
	}
	v := &Version{VersionInfo: VersionInfo{ID: id, State: StateDraft, Note: d.Note, UpdatedBy: actor.ID, UpdatedAt: now},
		Source: d.Source, Def: def}
	if sm.Draft > 0 {
		err = replaceDraft(ctx, tx, sm, d, v)
	} else {
		err = newDraft(sm, d, v)
	}
	if err != nil {
		return nil, err
	}
	v.Findings = withVersion(findings, def, id, v.Version)
	v.Errors, v.Warnings = lint.Count(v.Findings)
	f := factsFromSummary(sm)
	if def != nil {
		f = factsOf(def)
	}
	v.Name, v.Category, v.Owner, v.Purpose = f.name, f.category, f.owner, f.purpose
	if err := writeDraft(ctx, tx, v, created || sm.Draft == 0); err != nil {
		return nil, err
	}
	p := pointers{published: sm.Published, draft: v.Version, latest: max(sm.Latest, v.Version)}
	var shownFacts *facts
	if p.shown() == v.Version {
		shownFacts = &f
	}
	if err := updateProcess(ctx, tx, id, p, shownFacts, sm.PublishedAt, actor.ID, now); err != nil {
		return nil, err
	}
	if def != nil {
		if c, err := process.Compile(def); err == nil {
			v.Compiled = c
		}
	}
	return v, audit.Append(ctx, tx, audit.Entry{Actor: actor.ID, Action: "catalog.draft.save", Object: object(id, v.Version),
		Detail: fmt.Sprintf("保存《%s》第 %d 版草稿：%s", v.Name, v.Version, countText(v.Errors, v.Warnings)), IP: actor.IP, At: now})
}

// replaceDraft prepares v to replace the open draft, which must be at the revision the editor read.
func replaceDraft(ctx context.Context, tx store.Tx, sm *Summary, d Draft, v *Version) error {
	cur, err := getInfo(ctx, tx, sm.ID, sm.Draft)
	if err != nil {
		return err
	}
	switch {
	case d.Revision == 0:
		return govflow.Errorf(govflow.ECONFLICT, "流程 %s 已有第 %d 版草稿（%s 最后保存），请打开该草稿继续修改，不要另起草稿。",
			sm.ID, sm.Draft, cur.UpdatedBy)
	case d.Revision != cur.Revision:
		return govflow.Errorf(govflow.ECONFLICT, "第 %d 版草稿已被 %s 修改过（您编辑的是第 %d 次保存的内容，现已保存 %d 次）。请先复制您的修改，重新打开草稿后再保存。",
			sm.Draft, cur.UpdatedBy, d.Revision, cur.Revision)
	}
	v.VersionInfo = VersionInfo{ID: cur.ID, Version: cur.Version, State: StateDraft, Revision: cur.Revision + 1,
		Note: v.Note, CreatedBy: cur.CreatedBy, CreatedAt: cur.CreatedAt, UpdatedBy: v.UpdatedBy, UpdatedAt: v.UpdatedAt}
	if v.Note == "" {
		v.Note = cur.Note
	}
	return nil
}

// newDraft prepares v as the next version; a save that meant to replace a draft finds it gone.
func newDraft(sm *Summary, d Draft, v *Version) error {
	if d.Revision != 0 {
		return govflow.Errorf(govflow.ECONFLICT, "您修改的草稿已被发布或废弃。请复制您的修改，在流程的当前版本上重新编辑。")
	}
	v.Version, v.Revision = sm.Latest+1, 1
	v.CreatedBy, v.CreatedAt = v.UpdatedBy, v.UpdatedAt
	return nil
}

// writeDraft inserts a new draft or overwrites the open one at its previous revision.
func writeDraft(ctx context.Context, tx store.Tx, v *Version, insert bool) error {
	if insert {
		return insertVersion(ctx, tx, v, v.Source)
	}
	n, err := tx.Exec(ctx, `UPDATE catalog_versions SET source = $3, findings = $4, errors = $5, warnings = $6, name = $7,
		category = $8, owner = $9, purpose = $10, note = $11, revision = $12, updated_by = $13, updated_at = $14
		WHERE process_id = $1 AND version = $2 AND state = 'draft' AND revision = $15`,
		v.ID, v.Version, string(v.Source), encodeFindings(v.Findings), v.Errors, v.Warnings, v.Name, v.Category, v.Owner,
		v.Purpose, v.Note, v.Revision, v.UpdatedBy, v.UpdatedAt, v.Revision-1)
	if err != nil {
		return fmt.Errorf("update draft %s version %d: %w", v.ID, v.Version, err)
	}
	if n != 1 {
		return govflow.Errorf(govflow.ECONFLICT, "第 %d 版草稿刚被他人修改或发布，请重新打开后再保存。", v.Version)
	}
	return nil
}

func object(id string, version int) string { return fmt.Sprintf("process:%s/v%d", id, version) }

// countText says how many errors and warnings there are, in Chinese.
func countText(errors, warnings int) string {
	var parts []string
	if errors > 0 {
		parts = append(parts, fmt.Sprintf("%d 个错误", errors))
	}
	if warnings > 0 {
		parts = append(parts, fmt.Sprintf("%d 个警告", warnings))
	}
	if len(parts) == 0 {
		return "检查通过"
	}
	return strings.Join(parts, "，")
}
