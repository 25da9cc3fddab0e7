package govflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/govflow/govflow"
)

func TestClearanceOrder(t *testing.T) {
	for _, name := range []string{"绝密", "机密", "秘密", "非密"} {
		c, ok := govflow.ParseClearance(name)
		if !ok || c.String() != name {
			t.Errorf("%s: %v %v", name, c, ok)
		}
	}
	if _, ok := govflow.ParseClearance("内部"); ok {
		t.Error("unknown clearance accepted")
	}
	if !govflow.ClearanceTopSecret.Permits(govflow.ClearanceConfidential) || govflow.ClearanceSecret.Permits(govflow.ClearanceConfidential) ||
		!govflow.ClearanceNone.Permits(govflow.ClearanceNone) {
		t.Error("order")
	}
	if govflow.Clearance(9).String() != "未知" {
		t.Error("out of range")
	}
}

func TestRoles(t *testing.T) {
	if r, ok := govflow.ParseRole("督查员"); !ok || r != govflow.RoleSupervisor {
		t.Error("parse")
	}
	p := govflow.Person{Roles: []govflow.Role{govflow.RoleStaff}}
	if !p.HasRole(govflow.RoleStaff) || p.HasRole(govflow.RoleAdmin) {
		t.Error("HasRole")
	}
}

func TestDelegationCoversHalfOpenPeriod(t *testing.T) {
	from := time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC)
	d := govflow.Delegation{From: from, To: from.Add(48 * time.Hour)}
	for at, want := range map[time.Duration]bool{-time.Second: false, 0: true, 47 * time.Hour: true, 48 * time.Hour: false} {
		if d.Covers(from.Add(at)) != want {
			t.Errorf("%v: want %v", at, want)
		}
	}
}

func TestFieldErrors(t *testing.T) {
	var fe govflow.FieldErrors
	if fe.Err() != nil {
		t.Fatal("empty list is an error")
	}
	fe.Add("name", "请填写姓名。")
	fe.Add("unit", "请选择处室。")
	err := fe.Err()
	if govflow.ErrorCode(err) != govflow.EINVALID || govflow.ErrorMessage(err) != "请填写姓名。" {
		t.Fatalf("%v", err)
	}
	var e *govflow.Error
	if !errors.As(err, &e) || e.Field != "name" {
		t.Fatal("errors.As")
	}
}
