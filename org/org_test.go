package org_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

var now = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 Beijing

func loadDemoB(t testing.TB, db *store.DB) *org.Service { return loadDemo(t, db) }

func loadDemo(t testing.TB, db *store.DB) *org.Service {
	t.Helper()
	if _, err := demo.Load(context.Background(), demo.Env{DB: db, Now: now, Params: auth.TestParams}); err != nil {
		t.Fatal(err)
	}
	return &org.Service{DB: db, Now: func() time.Time { return now }, Params: auth.TestParams}
}

var admin = govflow.Actor{ID: "pengfei", IP: "10.0.0.1"}

func TestDirectoryFromDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		d, err := org.Load(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(ps []govflow.Person) string {
			var s []string
			for _, p := range ps {
				s = append(s, p.ID)
			}
			return strings.Join(s, ",")
		}
		if got := ids(d.ByPost("msc", "收发员")); got != "sunlei,zhoujing" {
			t.Errorf("收发员 of 秘书处: %s", got)
		}
		if got := ids(d.ByRole("dcs", govflow.RoleSupervisor)); got != "caoyang,hanbing,songtao,tanghui" {
			t.Errorf("督查员 of 督查室: %s", got)
		}
		if p, ok := d.Head("zh1"); !ok || p.Name != "黄伟" {
			t.Errorf("head of 综合一处: %v", p)
		}
		if p, ok := d.Overseer("zh1"); !ok || p.ID != "wangjianguo" {
			t.Errorf("overseer of 综合一处: %v", p)
		}
		if p, ok := d.Overseer("xxzx"); !ok || p.ID != "chenzhiqiang" {
			t.Errorf("overseer of 信息中心: %v", p)
		}
		if _, ok := d.Overseer("bgt"); ok {
			t.Error("the top unit has an overseer")
		}
		if u, ok := d.UnitByName("政务服务中心"); !ok || u.ID != "fwzx" || u.ParentID != "bgt" {
			t.Errorf("unit by name: %v", u)
		}
		if p, ok := d.Acting("huangwei", now); !ok || p.ID != "linxiao" {
			t.Errorf("acting for huangwei now: %v %v", p, ok)
		}
		if _, ok := d.Acting("huangwei", now.AddDate(0, 0, 6)); ok {
			t.Error("delegation still in force after its end")
		}
		if _, ok := d.Acting("liuyang", now); ok {
			t.Error("acting person for someone present")
		}
		if p, _ := d.Person("wangjianguo"); p.Clearance != govflow.ClearanceTopSecret || len(p.Oversees) != 3 {
			t.Errorf("person: %+v", p)
		}
		if len(d.Units()) != 12 || len(d.People()) != 45 || len(d.Children("bgt")) != 11 {
			t.Errorf("sizes: %d units, %d people", len(d.Units()), len(d.People()))
		}
		// Loading again changes nothing.
		ran, err := demo.Load(context.Background(), demo.Env{DB: db, Now: now, Params: auth.TestParams})
		if err != nil || len(ran) != 0 {
			t.Fatalf("second load ran %v: %v", ran, err)
		}
	})
}

func TestActingChainAndCycle(t *testing.T) {
	at := func(d int) time.Time { return now.AddDate(0, 0, d) }
	people := []govflow.Person{{ID: "a", Active: true}, {ID: "b", Active: true}, {ID: "c", Active: true}}
	d := org.NewDirectory(nil, people, []govflow.Delegation{
		{PersonID: "a", ActingID: "b", From: at(0), To: at(5)},
		{PersonID: "b", ActingID: "c", From: at(2), To: at(3)},
		{PersonID: "c", ActingID: "a", From: at(2), To: at(3)},
	})
	if p, _ := d.Acting("a", at(1)); p.ID != "b" {
		t.Errorf("day 1: %v", p)
	}
	if p, _ := d.Acting("a", at(2)); p.ID != "c" {
		t.Errorf("day 2 (b away too): %v", p)
	}
	if _, ok := d.Acting("a", at(5)); ok {
		t.Error("end is exclusive")
	}
}

func TestServiceValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := loadDemo(t, db)
		ctx := context.Background()
		err := s.UpdateUnit(ctx, admin, org.UnitInput{ID: "bgt", Name: "办公厅", ParentID: "msc"})
		if govflow.ErrorCode(err) != govflow.EINVALID || !strings.Contains(govflow.ErrorMessage(err), "下级") {
			t.Errorf("cycle: %v", err)
		}
		err = s.CreateUnit(ctx, admin, org.UnitInput{ID: "Bad ID", Name: "秘书处"})
		var fe govflow.FieldErrors
		if !asFieldErrors(err, &fe) || len(fe) != 2 {
			t.Errorf("bad id and duplicate name: %v", err)
		}
		if err := s.CreateUnit(ctx, admin, org.UnitInput{ID: "yjs", Name: "研究室", ParentID: "bgt"}); err != nil {
			t.Fatal(err)
		}
		in := org.PersonInput{ID: "zhangsan", Name: "张三", UnitID: "yjs", Post: "科员", Roles: []govflow.Role{govflow.RoleStaff},
			Clearance: govflow.ClearanceSecret, Active: true}
		bad := in
		bad.Post, bad.Oversees = "研究员", []string{"msc"}
		if err := s.CreatePerson(ctx, admin, bad, "init2026x"); !asFieldErrors(err, &fe) || len(fe) != 2 {
			t.Errorf("bad post and oversight by non-leader: %v", err)
		}
		if err := s.CreatePerson(ctx, admin, in, "weak"); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Errorf("weak initial password: %v", err)
		}
		if err := s.CreatePerson(ctx, admin, in, "init2026x"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreatePerson(ctx, admin, in, "init2026x"); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Errorf("duplicate account: %v", err)
		}
		self := org.PersonInput{ID: "pengfei", Name: "彭飞", UnitID: "xxzx", Post: "主任", Roles: []govflow.Role{govflow.RoleUnitHead},
			Clearance: govflow.ClearanceConfidential, Active: true}
		if err := s.UpdatePerson(ctx, admin, self); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Errorf("admin removed own admin role: %v", err)
		}
		d := govflow.Delegation{PersonID: "huangwei", ActingID: "hebin", From: now, To: now.Add(time.Hour), Reason: "开会"}
		if _, err := s.CreateDelegation(ctx, admin, d); govflow.ErrorCode(err) != govflow.ECONFLICT {
			t.Errorf("overlapping delegation: %v", err)
		}
		d.PersonID = "machao"
		id, err := s.CreateDelegation(ctx, admin, d)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDelegation(ctx, admin, id); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDelegation(ctx, admin, id); govflow.ErrorCode(err) != govflow.ENOTFOUND {
			t.Errorf("second delete: %v", err)
		}
		if err := s.DeletePost(ctx, admin, "科员"); govflow.ErrorCode(err) != govflow.ECONFLICT {
			t.Errorf("delete post in use: %v", err)
		}
		res, err := audit.Verify(ctx, db)
		if err != nil || res.Problem != nil || res.Records < 5 {
			t.Fatalf("audit: %+v %v", res, err)
		}
	})
}

func asFieldErrors(err error, fe *govflow.FieldErrors) bool {
	x, ok := err.(govflow.FieldErrors)
	*fe = x
	return ok
}

func count(t *testing.T, db *store.DB) int {
	var n int
	err := db.Read(context.Background(), func(tx store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT COUNT(*) FROM people`).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

const goodCSV = "账号,姓名,处室,岗位,角色,涉密等级\nzhangsan,张三,秘书处,科员,工作人员,秘密\nlisi,李四,督查室,督查专员,督查员、工作人员,非密\n"

func TestImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := loadDemo(t, db)
		ctx := context.Background()
		bad := goodCSV + "sunlei,孙磊,秘书处,科员,工作人员,秘密\nwangwu,王五,综合三处,处长,处长,内部\nlisi,李四,秘书处,科员,工作人员,秘密\n"
		table, err := org.ReadTable("people.csv", strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(ctx, admin, table, "init2026x")
		if govflow.ErrorCode(err) != govflow.EINVALID {
			t.Fatalf("bad file accepted: %v", err)
		}
		want := []string{"第 4 行“账号”列", "第 5 行“处室”列", "第 5 行“角色”列", "第 5 行“涉密等级”列", "第 6 行“账号”列：账号“lisi”与第 3 行重复"}
		if len(res.Errors) != len(want) {
			t.Fatalf("errors: %v", res.Errors)
		}
		for i, w := range want {
			if !strings.HasPrefix(res.Errors[i].String(), w) {
				t.Errorf("error %d: %s, want %s…", i, res.Errors[i], w)
			}
		}
		if n := count(t, db); n != 45 {
			t.Fatalf("rejected import wrote: %d people", n)
		}
		table, _ = org.ReadTable("people.csv", strings.NewReader(goodCSV))
		res, err = s.Import(ctx, admin, table, "init2026x")
		if err != nil || len(res.Created) != 2 {
			t.Fatalf("good import: %+v %v", res, err)
		}
		if n := count(t, db); n != 47 {
			t.Fatalf("people after import: %d", n)
		}
		a := auth.New(db, func() time.Time { return now })
		a.Params = auth.TestParams
		if _, sess, err := a.SignIn(ctx, "lisi", "init2026x", auth.Client{}); err != nil || !sess.MustChange || len(sess.User.Roles) != 2 {
			t.Fatalf("imported account: %+v %v", sess, err)
		}
	})
}

func TestReadTableFormats(t *testing.T) {
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(goodCSV))
	f := excelize.NewFile()
	for i, row := range [][]string{{"账号", "姓名", "处室", "岗位", "角色", "涉密等级"}, {"zhangsan", "张三", "秘书处", "科员", "工作人员", "秘密"}} {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	var xlsx bytes.Buffer
	if err := f.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		rows int
	}{
		{"utf8.csv", []byte(goodCSV), 3},
		{"bom.csv", append([]byte("\ufeff"), goodCSV...), 3},
		{"gbk.csv", gbk, 3},
		{"people.xlsx", xlsx.Bytes(), 2},
	} {
		rows, err := org.ReadTable(tc.name, bytes.NewReader(tc.data))
		if err != nil || len(rows) != tc.rows || rows[1][1] != "张三" {
			t.Errorf("%s: %v %v", tc.name, rows, err)
		}
	}
	for name, data := range map[string]string{"x.pdf": "%PDF", "x.xlsx": "not a zip", "x.csv": "a,\"b\nc"} {
		if _, err := org.ReadTable(name, strings.NewReader(data)); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzReadTable(f *testing.F) {
	f.Add("a.csv", []byte(goodCSV))
	f.Add("a.xlsx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		org.ReadTable(name, bytes.NewReader(data))
	})
}
