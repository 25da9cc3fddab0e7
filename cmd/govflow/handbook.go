package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/handbook"
	"github.com/govflow/govflow/process"
)

func init() {
	register(command{name: "handbook", summary: "生成流程手册（A4 版式的 HTML 或 PDF）", run: runHandbook})
}

const handbookUsage = `用法: govflow handbook -o 手册.html|手册.pdf [选项] [流程定义文件或目录 …]

不指定文件时收录随 govflow 提供的流程目录。输出文件名以 .pdf 结尾时生成 PDF（需要 Chromium 浏览器），
否则生成一个自带样式和流程图的 HTML 文件，可直接用浏览器打开或打印（A4）。

选项:
  -o 文件          输出文件（必填）
  -office 名称     封面和页眉上的单位名称（默认：演示组织机构的名称）
  -title 标题      手册标题（默认：工作流程手册）
  -edition 版次    版次，如 2026年版（默认：按日期的年份）
  -date 日期       封面日期，如 2026-11-01（默认：今天）
  -chrome 路径     生成 PDF 所用的 Chromium 或 Chrome 程序（默认：在 PATH 中查找）
`

type handbookConfig struct {
	out, office, title, edition, date, chrome string
	paths                                     []string
}

func runHandbook(args []string, stdout, stderr io.Writer) int {
	cfg, code := parseHandbookFlags(args, stdout, stderr)
	if cfg == nil {
		return code
	}
	opt, err := cfg.options()
	if err != nil {
		fmt.Fprintln(stderr, "govflow handbook:", err)
		return 2
	}
	defs, err := handbookDefinitions(cfg.paths)
	if err != nil {
		fmt.Fprintln(stderr, "govflow handbook:", err)
		return 2
	}
	if !strings.EqualFold(filepath.Ext(cfg.out), ".pdf") {
		html, err := handbook.Render(defs, opt)
		if err == nil {
			err = emitOutput(cfg.out, html, stdout)
		}
		if err != nil {
			fmt.Fprintln(stderr, "govflow handbook:", err)
			return 2
		}
		fmt.Fprintf(stderr, "已生成 %s：收录流程 %d 项。\n", cfg.out, len(defs))
		return 0
	}
	chrome, err := findChrome(cfg.chrome)
	if err != nil {
		fmt.Fprintln(stderr, "govflow handbook:", err)
		return 2
	}
	pdf, pages, err := handbookPDF(defs, opt, chrome)
	if err == nil {
		err = emitOutput(cfg.out, pdf, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "govflow handbook:", err)
		return 2
	}
	fmt.Fprintf(stderr, "已生成 %s：收录流程 %d 项，共 %d 页。\n", cfg.out, len(defs), pages)
	return 0
}

func parseHandbookFlags(args []string, stdout, stderr io.Writer) (*handbookConfig, int) {
	cfg := &handbookConfig{}
	fl := flag.NewFlagSet("handbook", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	for name, p := range map[string]*string{"o": &cfg.out, "office": &cfg.office, "title": &cfg.title,
		"edition": &cfg.edition, "date": &cfg.date, "chrome": &cfg.chrome} {
		fl.StringVar(p, name, "", "")
	}
	valued := map[string]bool{"o": true, "office": true, "title": true, "edition": true, "date": true, "chrome": true}
	flags, rest := splitOptions(args, valued)
	if err := fl.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, handbookUsage)
			return nil, 0
		}
		fmt.Fprintf(stderr, "govflow handbook: %s；运行 govflow handbook -h 查看用法\n", optionErrorText(err))
		return nil, 2
	}
	if cfg.out == "" {
		fmt.Fprintln(stderr, "govflow handbook: 请用 -o 指定输出文件（.html 或 .pdf）；运行 govflow handbook -h 查看用法")
		return nil, 2
	}
	cfg.paths = rest
	return cfg, 0
}

// options fills in the office's name from the demo organisation and the date from today (Beijing time).
func (cfg *handbookConfig) options() (handbook.Options, error) {
	opt := handbook.Options{Office: cfg.office, Title: cfg.title, Edition: cfg.edition, Categories: catalog.Categories()}
	if opt.Office == "" {
		office, err := demo.LoadOffice()
		if err != nil {
			return opt, fmt.Errorf("读取组织机构失败：%v", err)
		}
		opt.Office = office.Name
	}
	opt.Date = time.Now().In(calendar.Beijing)
	if cfg.date != "" {
		d, err := time.ParseInLocation("2006-01-02", cfg.date, calendar.Beijing)
		if err != nil {
			return opt, fmt.Errorf("日期“%s”无法识别：请写作 2026-11-01", cfg.date)
		}
		opt.Date = d
	}
	return opt, nil
}

// handbookDefinitions reads the named files and the definitions under the named directories, or the
// shipped catalog when none are named.
func handbookDefinitions(paths []string) ([]*process.Definition, error) {
	if len(paths) == 0 {
		defs, err := catalog.Shipped()
		if err != nil {
			return nil, fmt.Errorf("内置流程目录有误：%v", err)
		}
		return defs, nil
	}
	var defs []*process.Definition
	for _, p := range paths {
		files, err := definitionFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			def, err := readDefinitionFile(f)
			if err != nil {
				return nil, err
			}
			defs = append(defs, def)
		}
	}
	return defs, nil
}

func definitionFiles(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("找不到 %s：%s", p, fileErrorText(err))
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("无法读取目录 %s：%s", p, fileErrorText(err))
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("目录 %s 中没有流程定义文件（.yaml 或 .yml）", p)
	}
	sort.Strings(files)
	return files, nil
}

// findChrome returns the browser to print with: the one named, or the first found on PATH.
func findChrome(named string) (string, error) {
	if named != "" {
		p, err := exec.LookPath(named)
		if err != nil {
			return "", fmt.Errorf("找不到浏览器程序 %s：请检查 -chrome 给出的路径", named)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("生成 PDF 需要 Chromium 浏览器，本机没有找到：请安装（Debian/Ubuntu：apt-get install -y chromium fonts-noto-cjk），" +
		"或用 -chrome 指定 Chromium/Chrome 程序的路径；也可以先生成 .html，再用浏览器打印为 PDF")
}

// handbookPDF prints the handbook twice: the first printing tells on which page each process starts, the
// second prints those page numbers in the contents.
func handbookPDF(defs []*process.Definition, opt handbook.Options, chrome string) ([]byte, int, error) {
	html, err := handbook.Render(defs, opt)
	if err != nil {
		return nil, 0, err
	}
	pdf, err := printPDF(html, chrome)
	if err != nil {
		return nil, 0, err
	}
	if pages := handbook.PageNumbers(pdf); len(pages) > 0 {
		opt.Pages = pages
		if html, err = handbook.Render(defs, opt); err == nil {
			if again, err := printPDF(html, chrome); err == nil {
				pdf = again
			}
		}
	}
	return pdf, handbook.PageCount(pdf), nil
}

// printPDF has a headless browser print an HTML document on A4 paper, with backgrounds and a PDF outline.
func printPDF(html []byte, chrome string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "govflow-handbook-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "handbook.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(filepath.Join(dir, "profile")))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTime()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		return nil, fmt.Errorf("浏览器无法打开手册：%v", err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(),
		chromedp.PDFPreferCSSPageSize(), chromedp.PDFOutlineAndTagged()))
	if err != nil {
		return nil, fmt.Errorf("浏览器打印 PDF 失败：%v", err)
	}
	return pdf, nil
}
