package flowchart

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/govflow/govflow/process"
)

// element is a parsed SVG element with its attributes and direct text.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG checks that b is well-formed XML and returns its elements in document order.
func parseSVG(t *testing.T, b []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []element
	var stack []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			el := element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				el.attrs[a.Name.Local] = a.Value
			}
			out = append(out, el)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(tok)
			}
		}
	}
	return out
}

func render(t *testing.T, def *process.Definition, opt Options) []element {
	t.Helper()
	b, err := Render(def, opt)
	if err != nil {
		t.Fatal(err)
	}
	return parseSVG(t, b)
}

func TestRenderStructure(t *testing.T) {
	for _, def := range testDefs(t) {
		t.Run(def.ID, func(t *testing.T) {
			els := render(t, def, Options{})
			root := els[0]
			if root.name != "svg" || root.attrs["viewBox"] == "" || !strings.Contains(root.attrs["font-family"], "Noto Sans CJK SC") ||
				!strings.Contains(root.attrs["font-family"], "Microsoft YaHei") || !strings.Contains(root.attrs["font-family"], "PingFang SC") {
				t.Fatalf("root element %+v", root)
			}
			ids, refs := map[string]bool{}, []string{}
			steps, edges, texts := map[string]int{}, 0, ""
			for _, el := range els {
				switch {
				case el.name == "script" || el.name == "image" || el.name == "foreignObject" || el.name == "style" && strings.Contains(el.text, "@import"):
					t.Errorf("not self-contained: <%s>", el.name)
				case el.name == "g" && el.attrs["data-step"] != "":
					steps[el.attrs["data-step"]]++
				case el.name == "path" && el.attrs["data-from"] != "":
					edges++
					refs = append(refs, el.attrs["marker-end"])
				case el.name == "text":
					texts += el.text + "\n"
				}
				if id := el.attrs["id"]; id != "" {
					if ids[id] {
						t.Errorf("duplicate id %q", id)
					}
					ids[id] = true
					if !strings.HasPrefix(id, "gf-"+def.ID+"-") {
						t.Errorf("id %q lacks the chart's prefix", id)
					}
				}
			}
			for _, r := range refs {
				if id := strings.TrimSuffix(strings.TrimPrefix(r, "url(#"), ")"); !ids[id] {
					t.Errorf("marker %q is not defined", r)
				}
			}
			for i, s := range def.Steps {
				if first, _ := def.Step(s.ID); first != &def.Steps[i] {
					continue // a duplicate id: only the first is drawn
				}
				if steps[s.ID] != 1 {
					t.Errorf("step %s drawn %d times", s.ID, steps[s.ID])
				}
				if first := []rune(s.Name); len(first) > 0 && !strings.Contains(texts, string(first[:1])) {
					t.Errorf("name of step %s missing from the text", s.ID)
				}
			}
			if edges != countEdges(def) {
				t.Errorf("%d edges drawn, want %d", edges, countEdges(def))
			}
		})
	}
}

func kindsDef(t *testing.T) *process.Definition {
	for _, d := range testDefs(t) {
		if d.ID == "kinds" {
			return d
		}
	}
	t.Fatal("testdata/kinds.yaml missing")
	return nil
}

func TestRenderShapesByKind(t *testing.T) {
	def := kindsDef(t)
	els := render(t, def, Options{ProcessName: func(id string) string { return map[string]string{"gongwen-yinzhi": "公文印制"}[id] }})
	text := map[string]string{}
	cur := ""
	for _, el := range els {
		if el.name == "g" && el.attrs["data-step"] != "" {
			cur = el.attrs["data-step"]
		}
		if el.name == "text" || el.name == "title" {
			text[cur] += el.text + "|"
		}
	}
	for _, c := range []struct{ step, want string }{
		{"head", "或签"}, {"legal", "会签"}, {"leader", "依次"}, {"finance", "≥60%"}, {"read", "传阅"},
		{"draft", "五个工作日"}, {"draft", "科员"}, {"hold", "等待至会议日期"}, {"number", "系统自动"},
		{"print", "调用：公文印制"}, {"start", "开始"}, {"end", "结束"}, {"end", "办结"},
		{"legal", "满足时跳过"}, {"leader", "前置条件：事项名称未填写的，不得报送审签。"},
		{"draft", "完成标准：要素齐全，数据核实无误。"}, {"handle", "处室负责人"},
	} {
		if !strings.Contains(text[c.step], c.want) {
			t.Errorf("step %s: text %q lacks %q", c.step, text[c.step], c.want)
		}
	}
	labels := map[string]bool{}
	for _, el := range els {
		if el.name == "g" && el.attrs["data-label-for"] != "" {
			labels[el.attrs["data-label-for"]] = true
		}
	}
	for _, want := range []string{"route>split", "route>head", "route>merge", "head>draft", "legal>draft"} {
		if !labels[want] {
			t.Errorf("no label on edge %s (have %v)", want, labels)
		}
	}
}

func TestRenderLanes(t *testing.T) {
	def := kindsDef(t)
	var lanes []string
	for _, el := range render(t, def, Options{}) {
		if el.name == "text" && el.attrs["data-lane"] != "" {
			lanes = append(lanes, el.text)
		}
	}
	want := []string{"综合一处", "法规处", "行政处", "承办处室", LeaderLane, "传阅领导"}
	for _, w := range want {
		found := false
		for _, l := range lanes {
			found = found || l == w
		}
		if !found {
			t.Errorf("lanes %v lack %q", lanes, w)
		}
	}
	if len(lanes) != len(want) {
		t.Errorf("lanes %v, want %d", lanes, len(want))
	}
}

func TestRenderOptions(t *testing.T) {
	def := kindsDef(t)
	els := render(t, def, Options{
		Current:  []string{"leader"},
		Done:     []string{"start", "draft", "route"},
		Link:     func(id string) string { return "/steps/" + id + "?a=1&b=2" },
		IDPrefix: "chart 7:",
	})
	state, links := map[string]string{}, map[string]bool{}
	for _, el := range els {
		if el.name == "g" && el.attrs["data-step"] != "" {
			state[el.attrs["data-step"]] = el.attrs["data-state"]
		}
		if el.name == "a" {
			links[el.attrs["href"]] = true
		}
		if id := el.attrs["id"]; id != "" && !strings.HasPrefix(id, "chart_7_") {
			t.Errorf("id %q ignores IDPrefix", id)
		}
	}
	want := map[string]string{"leader": "current", "draft": "done", "route": "done", "start": "done", "read": ""}
	for id, s := range want {
		if state[id] != s {
			t.Errorf("step %s state %q, want %q", id, state[id], s)
		}
	}
	if len(links) != len(def.Steps) || !links["/steps/draft?a=1&b=2"] {
		t.Errorf("links %v", links)
	}
}

func TestRenderEscapes(t *testing.T) {
	def := &process.Definition{ID: "x", Name: `<b>"甲" & '乙'</b>`, Steps: []process.Step{
		{ID: "s", Type: process.StepStart, Next: []string{"t"}},
		{ID: "t", Name: "a<b>&c\x01", Type: process.StepTask, Limit: "<当天>", Next: []string{"e"}},
		{ID: "e", Type: process.StepEnd, Result: "&"},
	}}
	b, err := Render(def, Options{})
	if err != nil {
		t.Fatal(err)
	}
	parseSVG(t, b)
	if bytes.Contains(b, []byte("<b>")) || bytes.Contains(b, []byte{1}) {
		t.Error("markup in names is not escaped")
	}
}

func TestRenderNil(t *testing.T) {
	if _, err := Render(nil, Options{}); err == nil {
		t.Error("no error for a nil definition")
	}
	b, err := Render(&process.Definition{ID: "empty"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	parseSVG(t, b)
}

func BenchmarkRender(b *testing.B) {
	defs := testDefs(b)
	for b.Loop() {
		for _, def := range defs {
			if _, err := Render(def, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestRenderPages(t *testing.T) {
	for _, def := range testDefs(t) {
		cs := describe(def, Options{})
		d := Layout(def, func(s *process.Step) Size { return cs[s].size })
		const first, rest = 300.0, 520.0
		cuts := Cuts(d, first, rest)
		if cuts[0] != 0 || cuts[len(cuts)-1] != d.Height {
			t.Fatalf("%s: cuts %v do not span 0..%g", def.ID, cuts, d.Height)
		}
		for i := 0; i+1 < len(cuts); i++ {
			limit := rest
			if i == 0 {
				limit = first
			}
			if h := cuts[i+1] - cuts[i]; h <= 0 || h > limit+0.01 {
				t.Errorf("%s: piece %d is %g tall, limit %g", def.ID, i, h, limit)
			}
		}
		for _, y := range cuts[1 : len(cuts)-1] {
			for k := range d.Nodes {
				if b := d.Nodes[k].Box; y > b.Y && y < b.Bottom() {
					t.Errorf("%s: cut at %g goes through step %s", def.ID, y, d.Nodes[k].Step.ID)
				}
			}
		}
		pieces, err := RenderPages(def, Options{}, first, rest)
		if err != nil || len(pieces) != len(cuts)-1 {
			t.Fatalf("%s: %d pieces for %d cuts, %v", def.ID, len(pieces), len(cuts), err)
		}
		ids := map[string]bool{}
		for _, p := range pieces {
			for _, el := range parseSVG(t, p) {
				if id := el.attrs["id"]; id != "" {
					if ids[id] {
						t.Errorf("%s: id %q in two pieces", def.ID, id)
					}
					ids[id] = true
				}
			}
		}
	}
}

func TestLegend(t *testing.T) {
	els := parseSVG(t, Legend())
	var texts []string
	for _, el := range els {
		if el.name == "text" {
			texts = append(texts, el.text)
		}
	}
	joined := strings.Join(texts, "|")
	for _, want := range []string{"开始", "结束", "或签", "传阅", "排他网关", "并行网关", "等待", "自动", "调用", "不同意", "跳过"} {
		if !strings.Contains(joined, want) {
			t.Errorf("legend lacks %q", want)
		}
	}
}
