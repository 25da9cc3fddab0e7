// Command govflow runs the office platform and its tools. Each subcommand lives in its own file
// and registers itself in init.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// A command is one subcommand. Run gets the arguments after the subcommand's name and returns the exit code:
// 0 success, 1 the work found problems (lint findings, a broken audit chain), 2 bad usage or input.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("govflow: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "govflow: 未知的子命令 %q；运行 govflow help 查看全部子命令\n", args[0])
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "govflow — 办公厅流程与政务服务平台\n\n用法: govflow <子命令> [参数]\n\n子命令:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}
