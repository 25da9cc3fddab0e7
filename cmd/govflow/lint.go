package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/process"
)

func init() {
	register(command{name: "lint", summary: "检查流程定义（时限、责任单位、控制流、审批层级 …）", run: runLint})
}

// lintConfig is what the command line asks of the linter.
type lintConfig struct {
	asJSON, noOrg, rules bool
	maxApprovals         int
	maxStates            int
	paths                []string
}

func runLint(args []string, stdout, stderr io.Writer) int {
	cfg, code := parseLintFlags(args, stdout, stderr)
	if cfg == nil {
		return code
	}
	if cfg.rules {
		printRules(stdout)
		return 0
	}
	files, err := lintInputs(cfg.paths)
	if err != nil {
		fmt.Fprintln(stderr, "govflow lint:", err)
		return 2
	}
	opts, err := cfg.options()
	if err != nil {
		fmt.Fprintln(stderr, "govflow lint:", err)
		return 2
	}
	findings := lint.Files(files, opts)
	write := writeLintText
	if cfg.asJSON {
		write = writeLintJSON
	}
	if err := write(stdout, files, findings); err != nil {
		fmt.Fprintln(stderr, "govflow lint:", err)
		return 2
	}
	if lint.HasErrors(findings) {
		return 1
	}
	return 0
}

// parseLintFlags reads the options; a nil config means stop with the returned exit code.
func parseLintFlags(args []string, stdout, stderr io.Writer) (*lintConfig, int) {
	cfg := &lintConfig{}
	fl := flag.NewFlagSet("lint", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.BoolVar(&cfg.asJSON, "json", false, "以 JSON 输出检查结果")
	fl.IntVar(&cfg.maxApprovals, "max-approvals", lint.DefaultMaxApprovalLevels, "允许连续审批的最多层级（环节最少）")
	fl.IntVar(&cfg.maxStates, "max-states", lint.DefaultMaxStates, "检查控制流时最多探索的状态数")
	fl.BoolVar(&cfg.noOrg, "no-org", false, "不按演示组织机构核对处室、岗位和角色")
	fl.BoolVar(&cfg.rules, "rules", false, "列出全部检查规则")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "用法: govflow lint [选项] [文件或目录 …]\n\n不指定文件时检查随 govflow 提供的流程目录。发现错误时退出码为 1，只有警告时为 0。\n\n选项:")
			fl.VisitAll(func(f *flag.Flag) {
				def := ""
				if f.DefValue != "false" {
					def = "（默认 " + f.DefValue + "）"
				}
				fmt.Fprintf(stdout, "  -%-15s %s%s\n", f.Name, f.Usage, def)
			})
			return nil, 0
		}
		fmt.Fprintf(stderr, "govflow lint: %s；运行 govflow lint -h 查看用法\n", flagError(err))
		return nil, 2
	}
	if cfg.maxApprovals < 1 || cfg.maxStates < 1 {
		fmt.Fprintln(stderr, "govflow lint: -max-approvals 和 -max-states 应为正整数")
		return nil, 2
	}
	cfg.paths = fl.Args()
	return cfg, 0
}

// options builds the linter's options: the demo organisation, and the shipped processes as the catalog
// that files linted on their own refer to.
func (cfg *lintConfig) options() (lint.Options, error) {
	opts := lint.Options{MaxApprovalLevels: cfg.maxApprovals, MaxStates: cfg.maxStates, Actions: engine.ActionNames()}
	if len(cfg.paths) > 0 {
		opts.Processes = shippedIDs()
	}
	if !cfg.noOrg {
		dir, err := lint.DemoDirectory()
		if err != nil {
			return opts, fmt.Errorf("读取组织机构失败：%w", err)
		}
		opts.Directory = dir
	}
	return opts, nil
}

// flagError says in Chinese what was wrong with the options.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "没有选项 " + name
	}
	if strings.HasPrefix(msg, "invalid value") {
		return "选项的值无效（" + msg + "）"
	}
	return msg
}

// lintInputs reads the named files and the definition files under the named directories.
func lintInputs(paths []string) ([]lint.File, error) {
	if len(paths) == 0 {
		return shippedCatalog()
	}
	var out []lint.File
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("找不到 %s：请检查路径", p)
		}
		if !info.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("无法读取 %s：%v", p, err)
			}
			out = append(out, lint.File{Name: p, Data: data})
			continue
		}
		files, err := lint.ReadFS(os.DirFS(p), ".", filepath.ToSlash(p))
		if err != nil {
			return nil, fmt.Errorf("无法读取目录 %s：%v", p, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("目录 %s 中没有流程定义文件（.yaml 或 .yml）", p)
		}
		out = append(out, files...)
	}
	return out, nil
}

// shippedCatalog returns the catalog shipped with govflow, named as in the source tree.
func shippedCatalog() ([]lint.File, error) {
	files, err := lint.ReadFS(catalog.Files(), ".", "catalog/shipped")
	if err != nil {
		return nil, fmt.Errorf("无法读取内置流程目录：%v", err)
	}
	return files, nil
}

// shippedIDs are the ids of the shipped processes, which files linted on their own may call or relate to.
func shippedIDs() []string {
	files, err := shippedCatalog()
	if err != nil {
		return nil
	}
	ids := []string{}
	for _, f := range files {
		if def, err := process.Parse(f.Name, f.Data); err == nil {
			ids = append(ids, def.ID)
		}
	}
	return ids
}

func writeLintText(w io.Writer, files []lint.File, findings []lint.Finding) error {
	for _, f := range findings {
		if _, err := fmt.Fprintln(w, f.String()); err != nil {
			return err
		}
	}
	errs, warns := lint.Count(findings)
	var err error
	switch {
	case errs+warns == 0:
		_, err = fmt.Fprintf(w, "检查了 %d 个流程定义文件，未发现问题。\n", len(files))
	default:
		_, err = fmt.Fprintf(w, "检查了 %d 个流程定义文件：%d 个错误，%d 个警告。\n", len(files), errs, warns)
	}
	return err
}

func writeLintJSON(w io.Writer, files []lint.File, findings []lint.Finding) error {
	errs, warns := lint.Count(findings)
	if findings == nil {
		findings = []lint.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Files    int            `json:"files"`
		Errors   int            `json:"errors"`
		Warnings int            `json:"warnings"`
		Findings []lint.Finding `json:"findings"`
	}{len(files), errs, warns, findings})
}

func printRules(w io.Writer) {
	for _, r := range lint.Rules {
		fmt.Fprintf(w, "%-20s %s  %s\n", r.ID, r.Severity.Label(), r.Summary)
	}
}
