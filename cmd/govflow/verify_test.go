package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govflow/govflow/store"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBadUsageIsOneLineAndExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--addr", "nonsense"},
		{"serve", "--addr", ":99999"},
		{"serve", "--db", "mysql://x"},
		{"serve", "--log", "xml"},
		{"serve", "--nope"},
		{"migrate", "--db", "govflow.db"},
		{"verify", "extra"},
		{"demo", "--db", "sqlite:"},
		{"version", "-x"},
	} {
		code, _, stderr := runCmd(args...)
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, out, _ := runCmd("serve", "-h"); code != 0 || !strings.Contains(out, "--addr") && !strings.Contains(out, "-addr") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestMigrateDemoVerify(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "g.db")
	if code, out, errs := runCmd("verify", "--db", db); code != 1 || !strings.Contains(errs, "govflow migrate") {
		t.Fatalf("verify before migrate: %d %q %q", code, out, errs)
	}
	if code, out, _ := runCmd("migrate", "--db", db); code != 0 || !strings.Contains(out, "已应用") {
		t.Fatalf("migrate: %d %q", code, out)
	}
	if code, out, _ := runCmd("migrate", "--db", db); code != 0 || !strings.Contains(out, "已是最新") {
		t.Fatalf("migrate again: %d %q", code, out)
	}
	if code, out, _ := runCmd("demo", "--db", db); code != 0 || !strings.Contains(out, "wangjianguo") {
		t.Fatalf("demo: %d %q", code, out)
	}
	if code, out, _ := runCmd("demo", "--db", db); code != 0 || !strings.Contains(out, "没有需要载入") {
		t.Fatalf("demo again: %d %q", code, out)
	}
	code, out, _ := runCmd("verify", "--db", db)
	if code != 0 || !strings.Contains(out, "审计链完整") || !strings.Contains(out, "流程实例一致") {
		t.Fatalf("verify: %d %q", code, out)
	}
	ctx := context.Background()
	d, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	err = d.Write(ctx, func(tx store.Tx) error {
		if err := store.LiftAppendOnly(ctx, tx, d.Dialect()); err != nil { // as someone with schema rights could
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE audit_log SET detail = '改过' WHERE seq = 1`)
		return err
	})
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd("verify", "--db", db)
	if code != 1 || !strings.Contains(out, "第 1 条审计记录被改动") {
		t.Fatalf("verify after edit: %d %q", code, out)
	}
	if code, out, _ := runCmd("version"); code != 0 || !strings.HasPrefix(out, "govflow ") {
		t.Fatalf("version: %d %q", code, out)
	}
}
