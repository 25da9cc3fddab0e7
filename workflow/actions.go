package workflow

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/process"
	"github.com/govflow/govflow/store"
)

// The system actions auto steps name. Four are carried out here, in the command's transaction; the others
// fail with a reason, which holds the token for an administrator (重试 once the action exists, or 调度).

// Settings the actions read (the settings table).
const (
	SettingDocWord     = "workflow.doc_word"       // 机关代字 when the process has no doc_word field, e.g. 省政办发
	SettingFonds       = "workflow.archive.fonds"  // 全宗号, e.g. Z109
	SettingUnitCodes   = "workflow.archive.units"  // JSON {"处室名": "机构代码"} for units whose id is not a code
	SettingRetentionOf = "workflow.archive.period" // JSON {"process id": "Y|D30|D10"}: 保管期限 without a retention field
	defaultFonds       = "Z001"
	defaultPeriod      = "D30"
)

// perform carries out one action and says what it set or why it failed. An error fails the whole command.
func (x *txn) perform(ch *change, a engine.Action) (map[string]any, string, error) {
	switch a.Name {
	case "assign_doc_number":
		return x.assignDocNumber(ch)
	case "notify":
		return x.notify(ch, a)
	case "archive":
		return x.archive(ch)
	case "publish":
		return x.publish(ch)
	}
	what := engine.Actions[a.Name]
	if what == "" {
		what = a.Name
	}
	return nil, fmt.Sprintf("本系统尚未提供“%s”（%s）这项自动处理，流程暂停在“%s”，请管理员人工处理后重试或调度", what, a.Name,
		ch.c.StepName(a.Step)), nil
}

func (x *txn) setting(key string) (string, error) {
	if err := x.s.sql.flush(x.ctx, x.tx); err != nil {
		return "", err
	}
	v, _, err := store.Setting(x.ctx, x.tx, key)
	if err != nil {
		return "", internal("read setting "+key, err)
	}
	return strings.TrimSpace(v), nil
}

func text(v process.Values, id string) string {
	s, _ := v[id].(string)
	return strings.TrimSpace(s)
}

// assignDocNumber gives the document its 发文字号, e.g. 省政办发〔2026〕3号: the 机关代字 from the doc_word field
// (else the office's setting), the full year in 〔〕, and the next number of a per-(代字, year) counter,
// unpadded. The counter advances in this transaction, so numbers have no gaps and no duplicates. A document
// numbered before (the step entered again after a return) keeps its number.
func (x *txn) assignDocNumber(ch *change) (map[string]any, string, error) {
	v := ch.cur.Values
	if n := text(v, "doc_number"); n != "" {
		var got string
		err := x.s.sql.queryRow(x.ctx, x.tx, `SELECT instance FROM wf_doc_numbers WHERE number = $1`, []any{n}, &got)
		if err == nil && got == ch.id {
			return map[string]any{"doc_number": n}, "", nil
		}
	}
	code := text(v, "doc_word")
	if code == "" {
		var err error
		if code, err = x.setting(SettingDocWord); err != nil {
			return nil, "", err
		}
	}
	if code == "" {
		return nil, "未确定机关代字：请在表单中填写“机关代字”，或由管理员设置本机关的机关代字（" + SettingDocWord + "）", nil
	}
	year := calendar.DateOf(x.now).Year
	var seq int64
	err := x.s.sql.queryRow(x.ctx, x.tx, `INSERT INTO wf_doc_counters (agency_code, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (agency_code, year) DO UPDATE SET last = wf_doc_counters.last + 1 RETURNING last`,
		[]any{code, int64(year)}, &seq)
	if err != nil {
		return nil, "", internal("advance document counter", err)
	}
	number := fmt.Sprintf("%s〔%d〕%d号", code, year, seq)
	err = x.s.sql.exec(x.ctx, x.tx, `INSERT INTO wf_doc_numbers (number, agency_code, year, seq, instance, title, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, number, code, int64(year), seq, ch.id, titleOf(ch.c.Def, v), ms(x.now))
	if err != nil {
		return nil, "", internal("record document number", err)
	}
	return map[string]any{"doc_number": number}, "", nil
}

// notify tells the people the instance names: the initiator, the people in its person fields and the heads
// of the units in its unit fields, with the step's name and what it sends out.
func (x *txn) notify(ch *change, a engine.Action) (map[string]any, string, error) {
	def, v := ch.c.Def, ch.cur.Values
	to := []string{ch.cur.Initiator}
	add := func(id string) {
		if id != "" && !slices.Contains(to, id) {
			to = append(to, id)
		}
	}
	for _, f := range def.Fields {
		switch f.Type {
		case process.FieldPerson:
			add(text(v, f.ID))
		case process.FieldPersons:
			list, _ := v[f.ID].([]string)
			for _, p := range list {
				add(p)
			}
		case process.FieldUnit, process.FieldUnits:
			units, _ := v[f.ID].([]string)
			if u := text(v, f.ID); u != "" {
				units = []string{u}
			}
			for _, u := range units {
				if h, ok := x.env.Directory.Head(u); ok {
					add(h.ID)
				}
			}
		}
	}
	msg := ch.c.StepName(a.Step) + "：《" + titleOf(def, v) + "》"
	if st, ok := ch.c.Step(a.Step); ok && len(st.Outputs) > 0 {
		msg += "（" + strings.Join(st.Outputs, "、") + "）"
	}
	for _, p := range to {
		ch.extra = append(ch.extra, noteRow{person: p, kind: "notice", instance: ch.id, text: msg})
	}
	return nil, "", nil
}

var periods = map[string]string{"永久": "Y", "定期30年": "D30", "定期10年": "D10", "Y": "Y", "D30": "D30", "D10": "D10"}

// archive files the instance as one 件 (DA/T 22-2015) and gives it its 档号:
// 全宗号-门类代码·年度-保管期限-机构代码-件号, e.g. Z109-WS·2026-Y-BGS-0001, the 件号 four digits and without gaps
// per fonds, class, year, period and unit. A batch (a process with an item_count field) takes as many
// consecutive 件号. An instance filed before keeps its number.
func (x *txn) archive(ch *change) (map[string]any, string, error) {
	def, v := ch.c.Def, ch.cur.Values
	var existing string
	err := x.s.sql.queryRow(x.ctx, x.tx, `SELECT archive_no FROM wf_archive WHERE instance = $1`, []any{ch.id}, &existing)
	if err == nil {
		return map[string]any{"archive_no": existing}, "", nil
	}
	if !errors.Is(err, store.ErrNoRows) {
		return nil, "", internal("read archive", err)
	}
	fonds, err := x.setting(SettingFonds)
	if err != nil {
		return nil, "", err
	}
	if fonds == "" {
		fonds = defaultFonds
	}
	period, err := x.period(def, v)
	if err != nil {
		return nil, "", err
	}
	unit, code, err := x.unitCode(def, v)
	if err != nil || code == "" {
		return nil, fmt.Sprintf("处室“%s”没有机构代码，请管理员在归档设置（%s）中填写", unit, SettingUnitCodes), err
	}
	year := calendar.DateOf(x.now).Year
	if n, ok := v["archive_year"].(float64); ok && n >= 1900 && n <= 9999 {
		year = int(n)
	}
	items := int64(1)
	if n, ok := v["item_count"].(float64); ok && n >= 1 {
		items = int64(n)
	}
	var last int64
	err = x.s.sql.queryRow(x.ctx, x.tx, `INSERT INTO wf_archive_counters (fonds, class, year, period, unit_code, last)
		VALUES ($1, 'WS', $2, $3, $4, $5) ON CONFLICT (fonds, class, year, period, unit_code)
		DO UPDATE SET last = wf_archive_counters.last + $5 RETURNING last`,
		[]any{fonds, int64(year), period, code, items}, &last)
	if err != nil {
		return nil, "", internal("advance archive counter", err)
	}
	first := last - items + 1
	if last > 9999 {
		return nil, fmt.Sprintf("%d年度%s保管期限%s的件号已超过9999，请管理员核对分类", year, code, period), nil
	}
	no := fmt.Sprintf("%s-WS·%d-%s-%s-%04d", fonds, year, period, code, first)
	shown := no
	if items > 1 {
		shown = fmt.Sprintf("%s至%04d", no, last)
	}
	err = x.s.sql.exec(x.ctx, x.tx, `INSERT INTO wf_archive (archive_no, fonds, class, year, period, unit_code, item,
		items, instance, title, doc_number, secrecy, archived_at) VALUES ($1, $2, 'WS', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		no, fonds, int64(year), period, code, first, items, ch.id, titleOf(def, v), text(v, "doc_number"),
		int64(secrecyOf(def, v)), ms(x.now))
	if err != nil {
		return nil, "", internal("record archive", err)
	}
	return map[string]any{"archive_no": shown}, "", nil
}

// period is the 保管期限: the retention field (the longest of several), the process's setting, or D30.
func (x *txn) period(def *process.Definition, v process.Values) (string, error) {
	var chosen []string
	switch r := v["retention"].(type) {
	case string:
		chosen = []string{r}
	case []string:
		chosen = r
	}
	for _, p := range []string{"Y", "D30", "D10"} {
		for _, c := range chosen {
			if periods[c] == p {
				return p, nil
			}
		}
	}
	raw, err := x.setting(SettingRetentionOf)
	if err != nil || raw == "" {
		return defaultPeriod, err
	}
	var m map[string]string
	if json.Unmarshal([]byte(raw), &m) == nil && periods[m[def.ID]] != "" {
		return periods[m[def.ID]], nil
	}
	return defaultPeriod, nil
}

// unitCode is the 机构代码 of the unit that files the document: the first unit field filled in, else the
// process's owner. A unit whose id is a short Latin code (msc, bgt …) uses it in capitals; others need the
// setting.
func (x *txn) unitCode(def *process.Definition, v process.Values) (unit, code string, err error) {
	unit = def.Owner
	for _, f := range def.Fields {
		if f.Type == process.FieldUnit && text(v, f.ID) != "" {
			unit = text(v, f.ID)
			break
		}
	}
	if raw, err := x.setting(SettingUnitCodes); err != nil {
		return unit, "", err
	} else if raw != "" {
		var m map[string]string
		if json.Unmarshal([]byte(raw), &m) == nil && m[unit] != "" {
			return unit, m[unit], nil
		}
	}
	dir, ok := x.env.Directory.(*directory)
	if !ok {
		return unit, "", nil
	}
	u, ok := dir.d.UnitByName(unit)
	if !ok || !latinCode(u.ID) {
		return unit, "", nil
	}
	return unit, strings.ToUpper(u.ID), nil
}

func latinCode(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// publish records what the public portal shows (政务公开): title, number, unit and the fields people read
// (text, choices, dates, numbers). Classified instances are never published.
func (x *txn) publish(ch *change) (map[string]any, string, error) {
	def, v := ch.c.Def, ch.cur.Values
	if secrecyOf(def, v) > 0 {
		return nil, "涉密事项不得公开发布，请核对密级后由管理员处理", nil
	}
	body := map[string]any{}
	for _, f := range def.Fields {
		switch f.Type {
		case process.FieldText, process.FieldTextarea, process.FieldChoice, process.FieldChoices, process.FieldDate,
			process.FieldNumber, process.FieldUnit, process.FieldUnits:
			if val, ok := v[f.ID]; ok {
				body[f.Name] = val
			}
		}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, "", internal("encode disclosure", err)
	}
	err = x.s.sql.exec(x.ctx, x.tx, `INSERT INTO wf_disclosures (id, instance, process, title, doc_number, unit, body, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, store.NewID(), ch.id, def.ID, titleOf(def, v), text(v, "doc_number"),
		def.Owner, string(b), ms(x.now))
	if err != nil {
		return nil, "", internal("record disclosure", err)
	}
	return nil, "", nil
}
