package demo

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/store/storetest"
)

func TestLoadersRunOnceInOrder(t *testing.T) {
	var order []string
	Register(Loader{Name: "test-late", Order: 900, Run: func(context.Context, Env) error { order = append(order, "late"); return nil }})
	Register(Loader{Name: "test-early", Order: 100, Run: func(context.Context, Env) error { order = append(order, "early"); return nil }})
	db := storetest.SQLite(t)
	env := Env{DB: db, Now: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Params: auth.TestParams}
	ran, err := Load(context.Background(), env)
	if err != nil || len(ran) != 3 || ran[0] != "office" || ran[1] != "test-early" || ran[2] != "test-late" {
		t.Fatalf("first load: %v %v", ran, err)
	}
	if ran, err := Load(context.Background(), env); err != nil || len(ran) != 0 || len(order) != 2 {
		t.Fatalf("second load: %v %v %v", ran, err, order)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("duplicate loader accepted")
		}
	}()
	Register(Loader{Name: "office"})
}

func TestOfficeRefusesAnExistingOrganisation(t *testing.T) {
	db := storetest.SQLite(t)
	env := Env{DB: db, Now: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Params: auth.TestParams, Password: Password}
	if err := loadOffice(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	if err := loadOffice(context.Background(), env); !errors.Is(err, ErrOrgNotEmpty) {
		t.Fatalf("second office load: %v", err)
	}
}
