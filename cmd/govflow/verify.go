package main

import (
	"context"
	"fmt"
	"io"

	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/workflow"
)

func init() {
	register(command{name: "verify", summary: "校验审计日志的哈希链和流程实例的一致性", run: runVerify})
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := flags("verify", "逐条校验审计日志的 SM3 哈希链，指出第一条被改动、插入或删除的记录；"+
		"再重放每个流程实例的事件记录，与保存的状态和待办列表比对（例如断电或强行停止之后）。都无问题时退出码为 0，否则为 1。", stdout)
	db := dbFlag(fs)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	ctx := context.Background()
	d, code := openDB(ctx, "verify", *db, stderr)
	if d == nil {
		return code
	}
	defer d.Close()
	if n, err := d.Pending(ctx); err != nil || n > 0 {
		fmt.Fprintf(stderr, "govflow verify: 数据库尚未初始化或结构不是最新（请先运行 govflow migrate）\n")
		return 1
	}
	res, err := audit.Verify(ctx, d)
	if err != nil {
		fmt.Fprintf(stderr, "govflow verify: %v\n", err)
		return 1
	}
	if res.Problem != nil {
		fmt.Fprintf(stdout, "审计链被破坏：%s\n", res.Problem.Message)
		return 1
	}
	fmt.Fprintf(stdout, "审计链完整：共 %d 条记录，链头（第 %d 条）SM3 %s\n", res.Records, res.HeadSeq, res.HeadHash)
	return verifyInstances(ctx, d, stdout, stderr)
}

// verifyInstances replays every instance's event log against its stored state and task list.
func verifyInstances(ctx context.Context, d *store.DB, stdout, stderr io.Writer) int {
	const shown = 20
	res, err := workflow.Check(ctx, d, shown)
	if err != nil {
		fmt.Fprintf(stderr, "govflow verify: %s\n", oneLine(err))
		return 1
	}
	if len(res.Problems) == 0 {
		fmt.Fprintf(stdout, "流程实例一致：%d 个实例的事件记录重放后与保存的状态和待办列表相符\n", res.Instances)
		return 0
	}
	fmt.Fprintf(stdout, "流程实例不一致（列出前 %d 个）：\n", len(res.Problems))
	for _, p := range res.Problems {
		fmt.Fprintf(stdout, "  实例 %s：%s\n", p.Instance, p.Problem)
	}
	return 1
}
