package org

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
)

// Service changes the organisation. Every change is validated (bad input changes nothing and says why in
// Chinese) and audited in the same transaction.
type Service struct {
	DB     *store.DB
	Now    func() time.Time
	Params auth.Params // for initial passwords
}

// UnitInput is a unit as a form or request gives it.
type UnitInput struct {
	ID       string
	Name     string
	ParentID string
	HeadID   string
	Sort     int
}

// PersonInput is a person as a form or request gives it.
type PersonInput struct {
	ID        string
	Name      string
	UnitID    string
	Post      string
	Roles     []govflow.Role
	Clearance govflow.Clearance
	Oversees  []string // unit ids; only for 厅领导
	Active    bool
}

var (
	unitIDPattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
	personIDPattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)
)

func checkName(fe *govflow.FieldErrors, field, label, v string, max int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		fe.Add(field, "请填写%s。", label)
	case n > max:
		fe.Add(field, "%s不能超过 %d 个字。", label, max)
	}
}

// CreateUnit adds a unit.
func (s *Service) CreateUnit(ctx context.Context, a govflow.Actor, in UnitInput) error {
	in = trimUnit(in)
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		var fe govflow.FieldErrors
		if !unitIDPattern.MatchString(in.ID) {
			fe.Add("id", "处室代码须以小写字母开头，由小写字母、数字、- 或 _ 组成，不超过 32 位。")
		} else if _, err := GetUnit(ctx, tx, in.ID); err == nil {
			fe.Add("id", "处室代码“%s”已被使用。", in.ID)
		}
		if err := s.checkUnit(ctx, tx, &fe, in); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := InsertUnit(ctx, tx, govflow.Unit(in), now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, entry(a, "org.unit.create", "unit:"+in.ID, fmt.Sprintf("新建处室 %s", in.Name), now))
	})
}

// UpdateUnit changes a unit's name, parent, head and order.
func (s *Service) UpdateUnit(ctx context.Context, a govflow.Actor, in UnitInput) error {
	in = trimUnit(in)
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		old, err := GetUnit(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		var fe govflow.FieldErrors
		if err := s.checkUnit(ctx, tx, &fe, in); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE units SET name = $2, parent_id = $3, head_id = $4, sort = $5, updated_at = $6 WHERE id = $1`,
			in.ID, in.Name, nullable(in.ParentID), in.HeadID, in.Sort, now)
		if err != nil {
			return fmt.Errorf("update unit: %w", err)
		}
		return audit.Append(ctx, tx, entry(a, "org.unit.update", "unit:"+in.ID, diff(
			"名称", old.Name, in.Name, "上级", old.ParentID, in.ParentID, "负责人", old.HeadID, in.HeadID), now))
	})
}

func trimUnit(in UnitInput) UnitInput {
	in.ID, in.Name = strings.TrimSpace(in.ID), strings.TrimSpace(in.Name)
	in.ParentID, in.HeadID = strings.TrimSpace(in.ParentID), strings.TrimSpace(in.HeadID)
	return in
}

func (s *Service) checkUnit(ctx context.Context, tx store.Tx, fe *govflow.FieldErrors, in UnitInput) error {
	checkName(fe, "name", "处室名称", in.Name, 40)
	var other string
	err := tx.QueryRow(ctx, `SELECT id FROM units WHERE name = $1 AND id <> $2`, in.Name, in.ID).Scan(&other)
	if err == nil {
		fe.Add("name", "已有名为“%s”的处室。", in.Name)
	} else if !errors.Is(err, store.ErrNoRows) {
		return err
	}
	if in.ParentID != "" {
		units, err := ListUnits(ctx, tx)
		if err != nil {
			return err
		}
		parent := map[string]string{}
		found := false
		for _, u := range units {
			parent[u.ID] = u.ParentID
			found = found || u.ID == in.ParentID
		}
		if !found {
			fe.Add("parent", "上级处室“%s”不存在。", in.ParentID)
		}
		for p, n := in.ParentID, 0; p != "" && n <= len(units); p, n = parent[p], n+1 {
			if p == in.ID {
				fe.Add("parent", "上级处室不能是本处室或其下级处室。")
				break
			}
		}
	}
	if in.HeadID != "" {
		p, err := GetPerson(ctx, tx, in.HeadID)
		if govflow.ErrorCode(err) == govflow.ENOTFOUND || (err == nil && !p.Active) {
			fe.Add("head", "负责人“%s”不存在或已停用。", in.HeadID)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// InsertUnit writes a unit without validation or audit (for loaders that validate a whole batch).
func InsertUnit(ctx context.Context, tx store.Tx, u govflow.Unit, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO units (id, name, parent_id, head_id, sort, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, u.ID, u.Name, nullable(u.ParentID), u.HeadID, u.Sort, now)
	if store.IsUniqueViolation(err) {
		return govflow.Errorf(govflow.ECONFLICT, "处室“%s”已存在。", u.Name)
	}
	if err != nil {
		return fmt.Errorf("insert unit %s: %w", u.ID, err)
	}
	return nil
}

// SetUnitHead sets the head of a unit without validation or audit.
func SetUnitHead(ctx context.Context, tx store.Tx, unitID, headID string, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE units SET head_id = $2, updated_at = $3 WHERE id = $1`, unitID, headID, now)
	return err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreatePerson adds a person and their account with an initial password they must change at first sign-in.
func (s *Service) CreatePerson(ctx context.Context, a govflow.Actor, in PersonInput, initialPassword string) error {
	in = trimPerson(in)
	var fe govflow.FieldErrors
	if msg := auth.CheckStrength(initialPassword); msg != "" {
		fe.Add("password", "初始密码不合要求：%s。", msg)
	}
	hash := auth.HashPassword(initialPassword, s.Params)
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		if !personIDPattern.MatchString(in.ID) {
			fe.Add("id", "账号须以小写字母开头，由小写字母、数字、点、- 或 _ 组成，2 至 32 位。")
		} else if _, err := GetPerson(ctx, tx, in.ID); err == nil {
			fe.Add("id", "账号“%s”已被使用。", in.ID)
		}
		if err := checkPerson(ctx, tx, &fe, in); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := InsertPerson(ctx, tx, person(in), now); err != nil {
			return err
		}
		if err := auth.SetPassword(ctx, tx, in.ID, hash, true, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, entry(a, "org.person.create", "person:"+in.ID, describe(in), now))
	})
}

// UpdatePerson changes everything about a person but their account id. Deactivating ends their sessions.
func (s *Service) UpdatePerson(ctx context.Context, a govflow.Actor, in PersonInput) error {
	in = trimPerson(in)
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		old, err := GetPerson(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		var fe govflow.FieldErrors
		if err := checkPerson(ctx, tx, &fe, in); err != nil {
			return err
		}
		if in.ID == a.ID && !in.Active {
			fe.Add("active", "不能停用自己的账号。")
		}
		if in.ID == a.ID && old.HasRole(govflow.RoleAdmin) && !slices.Contains(in.Roles, govflow.RoleAdmin) {
			fe.Add("roles", "不能取消自己的系统管理员角色，以免无人可管理系统。")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE people SET name = $2, unit_id = $3, post = $4, clearance = $5, active = $6, updated_at = $7
			WHERE id = $1`, in.ID, in.Name, in.UnitID, in.Post, int(in.Clearance), in.Active, now)
		if err != nil {
			return fmt.Errorf("update person: %w", err)
		}
		if err := replaceLinks(ctx, tx, person(in)); err != nil {
			return err
		}
		if !in.Active {
			if err := auth.EndSessions(ctx, tx, in.ID); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, entry(a, "org.person.update", "person:"+in.ID, "修改为："+describe(in), now))
	})
}

func trimPerson(in PersonInput) PersonInput {
	in.ID, in.Name = strings.ToLower(strings.TrimSpace(in.ID)), strings.TrimSpace(in.Name)
	in.UnitID, in.Post = strings.TrimSpace(in.UnitID), strings.TrimSpace(in.Post)
	return in
}

func checkPerson(ctx context.Context, tx store.Tx, fe *govflow.FieldErrors, in PersonInput) error {
	checkName(fe, "name", "姓名", in.Name, 20)
	if in.UnitID == "" {
		fe.Add("unit", "请选择所在处室。")
	} else if _, err := GetUnit(ctx, tx, in.UnitID); govflow.ErrorCode(err) == govflow.ENOTFOUND {
		fe.Add("unit", "处室“%s”不存在。", in.UnitID)
	} else if err != nil {
		return err
	}
	posts, err := ListPosts(ctx, tx)
	if err != nil {
		return err
	}
	if in.Post == "" {
		fe.Add("post", "请选择岗位。")
	} else if !slices.Contains(posts, in.Post) {
		fe.Add("post", "岗位“%s”不在岗位列表中，请先在“岗位”页面添加。", in.Post)
	}
	if len(in.Roles) == 0 {
		fe.Add("roles", "请至少选择一个系统角色。")
	}
	for _, r := range in.Roles {
		if _, ok := govflow.ParseRole(string(r)); !ok {
			fe.Add("roles", "未知的系统角色“%s”。", r)
		}
	}
	if in.Clearance < govflow.ClearanceNone || in.Clearance > govflow.ClearanceTopSecret {
		fe.Add("clearance", "涉密等级须为 绝密、机密、秘密 或 非密。")
	}
	if len(in.Oversees) > 0 && !slices.Contains(in.Roles, govflow.RoleLeader) {
		fe.Add("oversees", "只有厅领导可以分管处室。")
	}
	for _, u := range in.Oversees {
		if _, err := GetUnit(ctx, tx, u); govflow.ErrorCode(err) == govflow.ENOTFOUND {
			fe.Add("oversees", "分管的处室“%s”不存在。", u)
		} else if err != nil {
			return err
		}
	}
	return nil
}

func person(in PersonInput) govflow.Person {
	return govflow.Person{ID: in.ID, Name: in.Name, UnitID: in.UnitID, Post: in.Post, Roles: in.Roles,
		Clearance: in.Clearance, Oversees: in.Oversees, Active: in.Active}
}

func describe(in PersonInput) string {
	roles := make([]string, len(in.Roles))
	for i, r := range in.Roles {
		roles[i] = string(r)
	}
	d := fmt.Sprintf("%s，处室 %s，岗位 %s，角色 %s，涉密等级 %s", in.Name, in.UnitID, in.Post, strings.Join(roles, "、"), in.Clearance)
	if len(in.Oversees) > 0 {
		d += "，分管 " + strings.Join(in.Oversees, "、")
	}
	if !in.Active {
		d += "，已停用"
	}
	return d
}

// InsertPerson writes a person with roles and 分管, without validation or audit.
func InsertPerson(ctx context.Context, tx store.Tx, p govflow.Person, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO people (id, name, unit_id, post, clearance, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, p.ID, p.Name, p.UnitID, p.Post, int(p.Clearance), p.Active, now)
	if store.IsUniqueViolation(err) {
		return govflow.Errorf(govflow.ECONFLICT, "账号“%s”已被使用。", p.ID)
	}
	if err != nil {
		return fmt.Errorf("insert person %s: %w", p.ID, err)
	}
	return replaceLinks(ctx, tx, p)
}

func replaceLinks(ctx context.Context, tx store.Tx, p govflow.Person) error {
	if _, err := tx.Exec(ctx, `DELETE FROM person_roles WHERE person_id = $1`, p.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM oversight WHERE leader_id = $1`, p.ID); err != nil {
		return err
	}
	for _, r := range uniq(p.Roles) {
		if _, err := tx.Exec(ctx, `INSERT INTO person_roles (person_id, role) VALUES ($1, $2)`, p.ID, string(r)); err != nil {
			return fmt.Errorf("role: %w", err)
		}
	}
	for _, u := range uniq(p.Oversees) {
		if _, err := tx.Exec(ctx, `INSERT INTO oversight (leader_id, unit_id) VALUES ($1, $2)`, p.ID, u); err != nil {
			return fmt.Errorf("oversight: %w", err)
		}
	}
	return nil
}

func uniq[T comparable](in []T) []T {
	var out []T
	for _, x := range in {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// ResetPassword gives a person a new initial password (to be changed at next sign-in), unlocks the account
// and ends their sessions.
func (s *Service) ResetPassword(ctx context.Context, a govflow.Actor, personID, initialPassword string) error {
	if msg := auth.CheckStrength(initialPassword); msg != "" {
		return govflow.FieldError("password", "初始密码不合要求：%s。", msg)
	}
	hash := auth.HashPassword(initialPassword, s.Params)
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		if _, err := GetPerson(ctx, tx, personID); err != nil {
			return err
		}
		if err := auth.SetPassword(ctx, tx, personID, hash, true, now); err != nil {
			return err
		}
		if err := auth.EndSessions(ctx, tx, personID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, entry(a, "auth.password.reset", "account:"+personID, "重置为初始密码", now))
	})
}

// Unlock lifts a lock after failed sign-ins.
func (s *Service) Unlock(ctx context.Context, a govflow.Actor, personID string) error {
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		if _, err := GetPerson(ctx, tx, personID); err != nil {
			return err
		}
		if err := auth.Unlock(ctx, tx, personID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, entry(a, "auth.unlock", "account:"+personID, "解除账号锁定", now))
	})
}

// AddPost adds a post (岗位) to the list.
func (s *Service) AddPost(ctx context.Context, a govflow.Actor, name string) error {
	name = strings.TrimSpace(name)
	var fe govflow.FieldErrors
	checkName(&fe, "name", "岗位名称", name, 20)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM posts`).Scan(&n); err != nil {
			return err
		}
		if err := EnsurePost(ctx, tx, name, n+1); err != nil {
			return err
		}
		return audit.Append(ctx, tx, entry(a, "org.post.create", "post:"+name, "新增岗位 "+name, now))
	})
}

// DeletePost removes a post nobody holds.
func (s *Service) DeletePost(ctx context.Context, a govflow.Actor, name string) error {
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM people WHERE post = $1`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return govflow.Errorf(govflow.ECONFLICT, "还有 %d 人担任“%s”，不能删除该岗位。", n, name)
		}
		k, err := tx.Exec(ctx, `DELETE FROM posts WHERE name = $1`, name)
		if err != nil {
			return err
		}
		if k == 0 {
			return govflow.Errorf(govflow.ENOTFOUND, "岗位“%s”不存在。", name)
		}
		return audit.Append(ctx, tx, entry(a, "org.post.delete", "post:"+name, "删除岗位 "+name, now))
	})
}

// EnsurePost adds a post if it is missing, without audit.
func EnsurePost(ctx context.Context, tx store.Tx, name string, sort int) error {
	_, err := tx.Exec(ctx, `INSERT INTO posts (name, sort) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, sort)
	return err
}

// CreateDelegation records a 代理 period and returns its id.
func (s *Service) CreateDelegation(ctx context.Context, a govflow.Actor, d govflow.Delegation) (string, error) {
	d.ID = store.NewID()
	d.Reason = strings.TrimSpace(d.Reason)
	err := s.write(ctx, func(tx store.Tx, now time.Time) error {
		if err := checkDelegation(ctx, tx, d); err != nil {
			return err
		}
		if err := InsertDelegation(ctx, tx, d, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, entry(a, "org.delegation.create", "delegation:"+d.ID,
			fmt.Sprintf("%s 由 %s 代理，%s 至 %s，事由：%s", d.PersonID, d.ActingID, bj(d.From), bj(d.To), d.Reason), now))
	})
	return d.ID, err
}

func bj(t time.Time) string { return t.In(calendar.Beijing).Format("2006-01-02 15:04") }

func checkDelegation(ctx context.Context, tx store.Tx, d govflow.Delegation) error {
	var fe govflow.FieldErrors
	for _, f := range []struct{ field, id, label string }{{"person", d.PersonID, "被代理人"}, {"acting", d.ActingID, "代理人"}} {
		p, err := GetPerson(ctx, tx, f.id)
		switch {
		case f.id == "":
			fe.Add(f.field, "请选择%s。", f.label)
		case govflow.ErrorCode(err) == govflow.ENOTFOUND || (err == nil && !p.Active):
			fe.Add(f.field, "%s“%s”不存在或已停用。", f.label, f.id)
		case err != nil:
			return err
		}
	}
	if d.PersonID != "" && d.PersonID == d.ActingID {
		fe.Add("acting", "代理人不能是本人。")
	}
	if d.From.IsZero() || d.To.IsZero() {
		fe.Add("from", "请填写代理的起止时间。")
	} else if !d.From.Before(d.To) {
		fe.Add("to", "结束时间须晚于开始时间。")
	}
	checkName(&fe, "reason", "代理事由", d.Reason, 100)
	if err := fe.Err(); err != nil {
		return err
	}
	var clash string
	err := tx.QueryRow(ctx, `SELECT id FROM delegations WHERE person_id = $1 AND from_at < $3 AND to_at > $2`,
		d.PersonID, d.From, d.To).Scan(&clash)
	if err == nil {
		return govflow.Errorf(govflow.ECONFLICT, "该时段内已有 %s 的代理安排，请先删除或调整原安排。", d.PersonID)
	}
	if !errors.Is(err, store.ErrNoRows) {
		return err
	}
	return nil
}

// InsertDelegation writes a 代理 period without validation or audit.
func InsertDelegation(ctx context.Context, tx store.Tx, d govflow.Delegation, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO delegations (id, person_id, acting_id, from_at, to_at, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.ID, d.PersonID, d.ActingID, d.From, d.To, d.Reason, now)
	if err != nil {
		return fmt.Errorf("insert delegation: %w", err)
	}
	return nil
}

// DeleteDelegation removes a 代理 period.
func (s *Service) DeleteDelegation(ctx context.Context, a govflow.Actor, id string) error {
	return s.write(ctx, func(tx store.Tx, now time.Time) error {
		n, err := tx.Exec(ctx, `DELETE FROM delegations WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return govflow.Errorf(govflow.ENOTFOUND, "该代理安排不存在或已删除。")
		}
		return audit.Append(ctx, tx, entry(a, "org.delegation.delete", "delegation:"+id, "删除代理安排", now))
	})
}

func (s *Service) write(ctx context.Context, fn func(tx store.Tx, now time.Time) error) error {
	now := s.Now()
	return s.DB.Write(ctx, func(tx store.Tx) error { return fn(tx, now) })
}

func entry(a govflow.Actor, action, object, detail string, now time.Time) audit.Entry {
	return audit.Entry{Actor: a.ID, Action: action, Object: object, Detail: detail, IP: a.IP, At: now}
}

// diff describes changed fields: label, old, new triples.
func diff(kv ...string) string {
	var parts []string
	for i := 0; i+2 < len(kv); i += 3 {
		if kv[i+1] != kv[i+2] {
			parts = append(parts, fmt.Sprintf("%s：%s → %s", kv[i], kv[i+1], kv[i+2]))
		}
	}
	if len(parts) == 0 {
		return "排序或无实质变化"
	}
	return strings.Join(parts, "；")
}
