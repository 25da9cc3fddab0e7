package flowchart

import (
	"strings"

	"github.com/govflow/govflow/process"
)

// legendItems are the symbols a legend explains, each drawn as Render draws it.
var legendItems = []struct {
	step    process.Step
	caption string
}{
	{process.Step{ID: "l1", Type: process.StepStart}, "开始"},
	{process.Step{ID: "l2", Type: process.StepEnd}, "结束"},
	{process.Step{ID: "l3", Name: "办理环节", Type: process.StepTask, Who: []process.Assignee{{Post: "岗位"}}, Limit: "时限"}, "办理：岗位与时限"},
	{process.Step{ID: "l4", Name: "审批环节", Type: process.StepApproval, Mode: process.ModeAny, Who: []process.Assignee{{Post: "审批人"}}}, "审批：或签、会签、依次"},
	{process.Step{ID: "l5", Name: "传阅环节", Type: process.StepCirculation, Who: []process.Assignee{{Post: "阅件人"}}}, "传阅：逐人阅知，不阻塞办理"},
	{process.Step{ID: "l6", Name: "视情办理", Type: process.StepTask, SkipIf: "true", Who: []process.Assignee{{Post: "岗位"}}}, "虚线框：符合条件时跳过"},
	{process.Step{ID: "l7", Type: process.StepExclusive}, "排他网关：按条件择一办理"},
	{process.Step{ID: "l8", Type: process.StepParallel}, "并行网关：分头办理，汇齐后继续"},
	{process.Step{ID: "l9", Name: "等待", Type: process.StepWait, Wait: "时长"}, "等待：到期或到日后继续"},
	{process.Step{ID: "l10", Name: "系统环节", Type: process.StepAuto}, "自动：由系统完成"},
	{process.Step{ID: "l11", Name: "调用流程", Type: process.StepCall, Process: "其他流程"}, "调用：办理另一项流程"},
}

// Legend draws the symbols of the flowcharts with what each means, for a handbook's or a page's key.
func Legend() []byte {
	const cols, cellW, cellH, capGap = 4, 200.0, 118.0, 10.0
	def := &process.Definition{ID: "legend", Name: "图例"}
	for _, it := range legendItems {
		def.Steps = append(def.Steps, it.step)
	}
	cs := describe(def, Options{})
	rows := (len(legendItems) + 2 + cols - 1) / cols
	d := &Diagram{Width: cols * cellW, Height: float64(rows) * cellH}
	var b strings.Builder
	c := newCanvas(&b, def, d, cs, Options{IDPrefix: "gf-legend-"})
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" role="img" aria-label="流程图图例">`,
		f(d.Width), f(d.Height), f(d.Width), f(d.Height), FontFamily)
	c.defs()
	cell := func(i int) (cx, top float64) { return float64(i%cols)*cellW + cellW/2, float64(i/cols) * cellH }
	caption := func(cx, y float64, text string) {
		c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="%s">%s</text>`, f(cx), f(y), inkMeta, esc(text))
	}
	for i, it := range legendItems {
		cx, top := cell(i)
		s := &def.Steps[i]
		sz := cs[s].size
		n := &Node{Step: s, Shape: ShapeOf(s.Type), Box: Rect{cx - sz.W/2, top + 12 + (70-sz.H)/2, sz.W, sz.H}}
		c.node(n)
		caption(cx, top+12+70+capGap+12, it.caption)
	}
	for k, e := range []struct {
		kind    EdgeKind
		label   string
		caption string
	}{{EdgeNext, "", "办理顺序"}, {EdgeReject, "不同意", "不同意：退回重办"}} {
		cx, top := cell(len(legendItems) + k)
		y := top + 12 + 35
		c.edge(&Edge{From: "a", To: "b", Kind: e.kind, Points: []Point{{cx - 60, y}, {cx + 60, y}}})
		if e.label != "" {
			c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="%s">%s</text>`, f(cx), f(y-6), backColor, e.label)
		}
		caption(cx, top+12+70+capGap+12, e.caption)
	}
	c.printf(`</svg>`)
	return []byte(b.String())
}
