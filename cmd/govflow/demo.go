package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/store"
)

func init() {
	register(command{name: "demo", summary: "向数据库载入演示机构和演示数据（可重复执行）", run: runDemo})
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := flags("demo", "向数据库载入演示机构（12 个处室、45 人，密码均为 "+demo.Password+"）及各功能的演示数据。已载入的部分不会重复载入。", stdout)
	db := dbFlag(fs)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	ctx := context.Background()
	d, code := openDB(ctx, "demo", *db, stderr)
	if d == nil {
		return code
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		fmt.Fprintf(stderr, "govflow demo: %v\n", err)
		return 1
	}
	ran, err := loadDemo(ctx, d, time.Now())
	if errors.Is(err, demo.ErrOrgNotEmpty) {
		fmt.Fprintln(stderr, "govflow demo: 数据库中已有组织机构，不能再载入演示机构（请使用新的数据库）")
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "govflow demo: %v\n", err)
		return 1
	}
	if len(ran) == 0 {
		fmt.Fprintln(stdout, "演示数据已载入过，没有需要载入的内容。")
		return 0
	}
	fmt.Fprintf(stdout, "已载入演示数据：%s\n", strings.Join(ran, "、"))
	printAccounts(stdout)
	return 0
}

func loadDemo(ctx context.Context, d *store.DB, now time.Time) ([]string, error) {
	return demo.Load(ctx, demo.Env{DB: d, Now: now, Params: auth.DefaultParams})
}

// printAccounts lists the demo accounts by unit, one line per unit.
func printAccounts(w io.Writer) {
	o, err := demo.LoadOffice()
	if err != nil {
		return
	}
	fmt.Fprintf(w, "演示账号（密码均为 %s）：\n", demo.Password)
	for _, u := range o.Units {
		var names []string
		for _, p := range o.People {
			if p.Unit == u.Name {
				names = append(names, fmt.Sprintf("%s（%s，%s）", p.ID, p.Name, strings.Join(append([]string{p.Post}, p.Roles...), "、")))
			}
		}
		fmt.Fprintf(w, "  %s：%s\n", u.Name, strings.Join(names, "，"))
	}
}
