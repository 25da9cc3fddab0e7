package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/govflow/govflow/bpmn"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/process"
)

func init() {
	register(command{name: "bpmn", summary: "BPMN 2.0 交换：导入为流程定义、导出供建模工具打开", run: runBPMN})
}

const bpmnUsage = `用法:
  govflow bpmn import 文件.bpmn [-o 输出.yaml]
      把 BPMN 2.0 XML 模型转为 govflow 流程定义（YAML）；不加 -o 时写到标准输出。
      govflow 不能照原样运行的元素逐条列在标准错误输出，转换后请用 govflow lint 检查并补全。
  govflow bpmn export 流程编号|文件.yaml [-o 输出.bpmn]
      把内置流程目录中的流程（按编号）或一个流程定义文件导出为 BPMN 2.0 XML（含泳道图布局），
      可用 bpmn.io、Camunda Modeler 等工具打开；时限、责任单位等 govflow 属性保存在扩展元素中。
`

func runBPMN(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, bpmnUsage)
		return 2
	}
	switch args[0] {
	case "import":
		return bpmnImport(args[1:], stdout, stderr)
	case "export":
		return bpmnExport(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, bpmnUsage)
		return 0
	}
	fmt.Fprintf(stderr, "govflow bpmn: 未知的操作“%s”，可用 import、export；运行 govflow bpmn help 查看用法\n", args[0])
	return 2
}

// oneInput parses "-o FILE" and exactly one other argument, in any order.
func oneInputArg(name string, args []string, stderr io.Writer) (in, out string, ok bool) {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.StringVar(&out, "o", "", "")
	flags, rest := splitOptions(args, map[string]bool{"o": true})
	if err := fl.Parse(flags); err != nil {
		fmt.Fprintf(stderr, "govflow %s: %s；运行 govflow bpmn help 查看用法\n", name, optionErrorText(err))
		return "", "", false
	}
	if len(rest) != 1 {
		fmt.Fprintf(stderr, "govflow %s: 需要且只需要一个输入；运行 govflow bpmn help 查看用法\n", name)
		return "", "", false
	}
	return rest[0], out, true
}

// interleaved separates options (and the values of those in withValue) from the other arguments, so that
// options may follow them; "--" ends the options.
func splitOptions(args []string, withValue map[string]bool) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(rest, args[i+1:]...)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if withValue[name] && !strings.Contains(name, "=") && i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		default:
			rest = append(rest, a)
		}
	}
	return flags, rest
}

// optionError says in Chinese what was wrong with the options.
func optionErrorText(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "没有选项 " + name
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "选项 " + name + " 需要一个值"
	}
	return msg
}

func bpmnImport(args []string, stdout, stderr io.Writer) int {
	in, out, ok := oneInputArg("bpmn import", args, stderr)
	if !ok {
		return 2
	}
	f, err := os.Open(in)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bpmn import: 无法打开 %s：%s\n", in, fileErrorText(err))
		return 2
	}
	defer f.Close()
	def, warns, err := bpmn.Import(f)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bpmn import: %s: %v\n", in, err)
		return 2
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "%s: 警告: %s\n", in, w)
	}
	yml, err := process.Marshal(def)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bpmn import: %s: 无法写出流程定义：%v\n", in, err)
		return 2
	}
	if err := emitOutput(out, yml, stdout); err != nil {
		fmt.Fprintf(stderr, "govflow bpmn import: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "已导入“%s”：%d 个环节，%d 条警告。请运行 govflow lint 检查后再发布。\n", def.Name, len(def.Steps), len(warns))
	return 0
}

func bpmnExport(args []string, stdout, stderr io.Writer) int {
	in, out, ok := oneInputArg("bpmn export", args, stderr)
	if !ok {
		return 2
	}
	def, err := definitionArg(in)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bpmn export: %v\n", err)
		return 2
	}
	xml, err := bpmn.Export(def)
	if err != nil {
		fmt.Fprintf(stderr, "govflow bpmn export: %s: %v\n", in, strings.TrimPrefix(err.Error(), "bpmn: "))
		return 2
	}
	if err := emitOutput(out, xml, stdout); err != nil {
		fmt.Fprintf(stderr, "govflow bpmn export: %v\n", err)
		return 2
	}
	return 0
}

// definitionArg reads a definition file, or finds a shipped process by id.
func definitionArg(arg string) (*process.Definition, error) {
	if _, err := os.Stat(arg); err == nil || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		return readDefinitionFile(arg)
	}
	names, err := fs.Glob(catalog.Files(), "*/"+arg+".yaml")
	if err != nil || len(names) == 0 || strings.ContainsAny(arg, `/\*?[`) {
		return nil, fmt.Errorf("内置流程目录中没有编号为“%s”的流程，也没有这个文件；%s", arg, shippedHint(arg))
	}
	data, err := fs.ReadFile(catalog.Files(), names[0])
	if err != nil {
		return nil, err
	}
	return parseDefinitionData(path.Join("catalog/shipped", names[0]), data)
}

func readDefinitionFile(file string) (*process.Definition, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("无法读取 %s：%s", file, fileErrorText(err))
	}
	return parseDefinitionData(file, data)
}

// parseDefinition reads a definition; its error is the first located problem on one line.
func parseDefinitionData(file string, data []byte) (*process.Definition, error) {
	def, err := process.Parse(file, data)
	var pe *process.ParseError
	if errors.As(err, &pe) && len(pe.Problems) > 0 {
		msg := pe.Problems[0].String()
		if n := len(pe.Problems); n > 1 {
			msg += fmt.Sprintf("（另有 %d 处问题，运行 govflow lint %s 查看）", n-1, file)
		}
		return nil, errors.New(msg)
	}
	return def, err
}

func fileErrorText(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// writeOutput writes data to the named file, or to stdout when the name is empty or "-".
func emitOutput(name string, data []byte, stdout io.Writer) error {
	if name == "" || name == "-" {
		_, err := io.Copy(stdout, bytes.NewReader(data))
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("无法写入 %s：%s", name, fileErrorText(err))
	}
	return nil
}

// shippedHint points to the shipped processes an unknown id may have meant, by name or by spelling, or
// lists them all.
func shippedHint(arg string) string {
	defs, err := catalog.Shipped()
	if err != nil || len(defs) == 0 {
		return "请核对流程编号"
	}
	if near := nearestProcesses(defs, arg); len(near) > 0 {
		return "你要找的可能是：" + strings.Join(near, "、")
	}
	ids := make([]string, len(defs))
	for i, d := range defs {
		ids[i] = d.ID
	}
	return "内置流程的编号有：" + strings.Join(ids, "、")
}

// nearestProcesses are the processes whose name holds arg (or is held in it), else those whose id is a few
// edits away, closest first; each as “id（name）”.
func nearestProcesses(defs []*process.Definition, arg string) []string {
	var byName []string
	best, bestDist := []string(nil), len([]rune(arg))/3+2
	for _, d := range defs {
		label := d.ID + "（" + d.Name + "）"
		if d.Name != "" && (strings.Contains(d.Name, arg) || strings.Contains(arg, d.Name)) {
			byName = append(byName, label)
		}
		switch dist := process.EditDistance(strings.ToLower(arg), d.ID); {
		case dist < bestDist:
			best, bestDist = []string{label}, dist
		case dist == bestDist:
			best = append(best, label)
		}
	}
	if len(byName) > 0 {
		return byName
	}
	if len(best) > 3 {
		return nil
	}
	return best
}
