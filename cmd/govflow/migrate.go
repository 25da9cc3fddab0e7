package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/govflow/govflow/store"
)

func init() {
	register(command{name: "migrate", summary: "把数据库升级到最新结构", run: runMigrate})
}

// defaultDB is where govflow keeps its data unless told otherwise.
const defaultDB = "sqlite:govflow.db"

// flags makes a flag set whose errors are one line on stderr (exit 2), and -h prints usage to stdout.
func flags(name, usage string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "用法: govflow %s [参数]\n\n%s\n\n参数:\n", name, usage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args; it returns -1 to go on, else the exit code.
// Bad usage is one line on stderr: the flag package's own usage print on errors is silenced.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == flag.ErrHelp:
		usage()
		return 0
	case err != nil:
		fmt.Fprintf(stderr, "govflow %s: 参数错误：%v（运行 govflow %s -h 查看用法）\n", fs.Name(), err, fs.Name())
		return 2
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "govflow %s: 多余的参数 %q（运行 govflow %s -h 查看用法）\n", fs.Name(), strings.Join(fs.Args(), " "), fs.Name())
		return 2
	}
	return -1
}

func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("GOVFLOW_DB")
	if def == "" {
		def = defaultDB
	}
	return fs.String("db", def, "数据库地址：sqlite:文件路径，或 postgres://用户@主机:端口/库名（环境变量 GOVFLOW_DB）")
}

// openDB checks the address (exit 2 when it is malformed) and opens the database (exit 1 when that fails).
func openDB(ctx context.Context, name, url string, stderr io.Writer) (*store.DB, int) {
	if _, _, err := store.ParseURL(url); err != nil {
		fmt.Fprintf(stderr, "govflow %s: %v\n", name, err)
		return nil, 2
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		fmt.Fprintf(stderr, "govflow %s: %s\n", name, oneLine(err))
		return nil, 1
	}
	return db, -1
}

func runMigrate(args []string, stdout, stderr io.Writer) int {
	fs := flags("migrate", "把数据库升级到最新结构（可重复执行，已应用的迁移不会重复）。", stdout)
	db := dbFlag(fs)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	ctx := context.Background()
	d, code := openDB(ctx, "migrate", *db, stderr)
	if d == nil {
		return code
	}
	defer d.Close()
	n, err := d.Migrate(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "govflow migrate: %v\n", err)
		return 1
	}
	if n == 0 {
		fmt.Fprintf(stdout, "数据库 %s 已是最新结构。\n", d.URL())
	} else {
		fmt.Fprintf(stdout, "数据库 %s：已应用 %d 个迁移。\n", d.URL(), n)
	}
	return 0
}

// oneLine writes an error (drivers' errors span lines) on one line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
