// Package catalog holds the office's process catalog: the starting set shipped with govflow (one YAML file
// per process under shipped/<category folder>/<id>.yaml, and their loader), and the living catalog kept in
// the database by Service — every process in versions 1..n (draft → published → retired), checked by the
// linter on every save, compared version against version, imported from and exported to BPMN.
package catalog

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

//go:embed shipped
var shipped embed.FS

// category is one catalog category and the folder its files live in.
type category struct {
	name   string
	folder string
}

// categories in display order: the document and meeting work at the heart of the office first, then the
// work around it, then the service hall and the back office.
var categories = []category{
	{"公文运转", "gongwen-yunzhuan"},
	{"会议服务", "huiyi-fuwu"},
	{"文稿服务", "wengao-fuwu"},
	{"督查督办", "ducha-duban"},
	{"综合协调", "zonghe-xietiao"},
	{"机要保密", "jiyao-baomi"},
	{"信息公开", "xinxi-gongkai"},
	{"政务服务", "zhengwu-fuwu"},
	{"后勤资产", "houqin-zichan"},
}

// Categories returns the shipped catalog's categories in display order.
func Categories() []string {
	out := make([]string, len(categories))
	for i, c := range categories {
		out[i] = c.name
	}
	return out
}

// Folder returns the folder under Files that holds a category's processes, and whether the category is known.
func Folder(categoryName string) (string, bool) {
	for _, c := range categories {
		if c.name == categoryName {
			return c.folder, true
		}
	}
	return "", false
}

// Files returns the shipped definition files; paths are <category folder>/<id>.yaml.
func Files() fs.FS {
	sub, err := fs.Sub(shipped, "shipped")
	if err != nil {
		return shipped // unreachable: "shipped" is a valid, embedded directory
	}
	return sub
}

// Shipped parses every shipped definition and checks that each one can run, sorted by category (in display
// order) and then by id. A definition that fails to parse or check is an error naming its file and line.
func Shipped() ([]*process.Definition, error) {
	files := Files()
	names, err := fs.Glob(files, "*/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list shipped catalog: %w", err)
	}
	var defs []*process.Definition
	var errs []error
	for _, name := range names {
		def, err := load(files, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		defs = append(defs, def)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(defs, compareDefinitions)
	return defs, nil
}

func load(files fs.FS, name string) (*process.Definition, error) {
	data, err := fs.ReadFile(files, name)
	if err != nil {
		return nil, fmt.Errorf("read shipped process %s: %w", name, err)
	}
	def, err := process.Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("parse shipped process %s: %w", name, err)
	}
	if probs := process.Check(def); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.String()
		}
		return nil, fmt.Errorf("check shipped process %s:\n%s", name, strings.Join(msgs, "\n"))
	}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); def.ID != want {
		return nil, fmt.Errorf("shipped process %s: id %q differs from its file name", name, def.ID)
	}
	return def, nil
}

// compareDefinitions orders by category rank (unknown categories last, by name), then by id.
func compareDefinitions(a, b *process.Definition) int {
	return cmp.Or(
		cmp.Compare(categoryRank(a.Category), categoryRank(b.Category)),
		cmp.Compare(a.Category, b.Category),
		cmp.Compare(a.ID, b.ID),
	)
}

func categoryRank(name string) int {
	for i, c := range categories {
		if c.name == name {
			return i
		}
	}
	return len(categories)
}
