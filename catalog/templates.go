package catalog

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

//go:embed templates/*.yaml
var templateFiles embed.FS

// Template is a starting text for a new process.
type Template struct {
	Key     string // banli, shenpi, huiqian
	Name    string
	Summary string
	file    string
}

var templates = []Template{
	{"banli", "登记办理", "登记 → 办理 → 处室审核 → 办结：一个处室内部办结的日常事项。", "1-banli.yaml"},
	{"shenpi", "逐级审批", "起草 → 处室负责人审核 → 分管领导审定：视重要程度压减审核环节，一般事项不报分管领导。", "2-shenpi.yaml"},
	{"huiqian", "多处室会签", "起草 → 相关处室同时会签 → 处室负责人审定：涉及其他处室职责的事项。", "3-huiqian.yaml"},
}

// Templates lists the starting texts a new process can be made from.
func Templates() []Template { return templates }

// TemplateByKey returns a template by its key.
func TemplateByKey(key string) (Template, bool) {
	for _, t := range templates {
		if t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}

// Text returns the template filled in with the new process's id, name, category and owner unit.
func (t Template) Text(id, name, category, owner string) ([]byte, error) {
	b, err := templateFiles.ReadFile("templates/" + t.file)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", t.Key, err)
	}
	r := strings.NewReplacer("__ID__", scalar(id), "__NAME__", scalar(name), "__CATEGORY__", scalar(category),
		"__OWNER__", scalar(owner))
	return []byte(r.Replace(string(b))), nil
}

// plainScalar matches text that YAML reads as itself without quotes, inside flow mappings too.
var plainScalar = regexp.MustCompile(`^[^\s:#{}\[\],&*!|>'"%@` + "`" + `\-?][^:#{}\[\],]*$`)

// scalar writes a one-line value for YAML: as it is when that reads back the same, else double-quoted.
func scalar(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if plainScalar.MatchString(s) && !strings.HasSuffix(s, " ") && !reserved(s) {
		return s
	}
	b, _ := json.Marshal(s) // a JSON string is a YAML double-quoted scalar
	return string(b)
}

func reserved(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return true
	}
	return false
}

var keyName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// SetTopLevel rewrites the value of a top-level key written on one line (`version: 3`), leaving every
// other byte alone; the text is unchanged when the key is absent or holds a block. Editors use it to
// number a new draft and to give a copied process its own id and name.
func SetTopLevel(src []byte, key, value string) []byte {
	if !keyName.MatchString(key) {
		return src
	}
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `:[ \t]*([^\n]*)$`)
	loc := re.FindSubmatchIndex(src)
	if loc == nil {
		return src
	}
	old := strings.TrimSpace(string(src[loc[2]:loc[3]]))
	if old == "" || strings.HasPrefix(old, "|") || strings.HasPrefix(old, ">") {
		return src
	}
	out := make([]byte, 0, len(src)+len(value))
	out = append(out, src[:loc[0]]...)
	out = append(out, key+": "+scalar(value)...)
	return append(out, src[loc[1]:]...)
}
