package catalog_test

import (
	"slices"
	"testing"

	"github.com/govflow/govflow/engine"
)

// startShipped starts the shipped process id with the start form's samples changed by values.
func startShipped(t *testing.T, id string, values map[string]any) *runner {
	t.Helper()
	r := newRunner(t, loadOffice(t), find(t, shipped(t), id))
	r.begin(values)
	return r
}

// openSteps are the steps whose tasks wait for someone.
func (r *runner) openSteps() []string {
	var out []string
	for _, tk := range r.st.Tasks {
		if tk.Blocking() {
			out = append(out, tk.Step)
		}
	}
	return out
}

// complete does the open task of step with the sample form changed by values.
func (r *runner) complete(step string, values map[string]any) {
	r.t.Helper()
	i := slices.IndexFunc(r.st.Tasks, func(tk engine.Task) bool { return tk.Step == step && tk.Blocking() })
	if i < 0 {
		r.t.Fatalf("no open task at %s; open: %v", step, r.openSteps())
	}
	r.doWith(r.st.Tasks[i], values)
}

func (r *runner) wantOpen(step string) {
	r.t.Helper()
	if got := r.openSteps(); !slices.Equal(got, []string{step}) {
		r.t.Fatalf("open steps %v, want [%s]; result %q", got, step, r.st.Result)
	}
}

func (r *runner) wantEnded(result string) {
	r.t.Helper()
	if !r.st.Finished() || r.st.Result != result {
		r.t.Fatalf("result %q (finished %v), want %q; open %v", r.st.Result, r.st.Finished(), result, r.openSteps())
	}
}

// A topic that fails one of the three conditions goes back to the submitting unit, or to 法规处 for the
// missing front review, instead of being stuck at 材料初审; one that meets them reaches 秘书处审核.
func TestAgendaTopicsFailingAConditionAreRouted(t *testing.T) {
	ready := map[string]any{"materials_complete": true, "overseer_signed": true, "involves_resources": true,
		"consensus": "倾向性意见", "involves_document": true, "legal_reviewed": true}
	with := func(change map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range ready {
			out[k] = v
		}
		for k, v := range change {
			out[k] = v
		}
		return out
	}
	cases := []struct {
		name   string
		change map[string]any
		next   string
	}{
		{"条件齐备", nil, "secretariat_review"},
		{"不涉及人财物和审议文件", map[string]any{"involves_resources": false, "consensus": "", "involves_document": false, "legal_reviewed": false}, "secretariat_review"},
		{"材料不齐", map[string]any{"materials_complete": false}, "supplement"},
		{"分管领导未签署", map[string]any{"overseer_signed": false}, "supplement"},
		{"部门未形成一致意见", map[string]any{"consensus": "未形成一致意见"}, "supplement"},
		{"审议文件未经前置审核", map[string]any{"legal_reviewed": false}, "legal_review"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := startShipped(t, "changweihui-yiti-shenhe", nil)
			r.complete("formal_check", with(c.change))
			r.wantOpen(c.next)
		})
	}
}

func TestAgendaTopicNotCompletedInTimeIsNotListed(t *testing.T) {
	r := startShipped(t, "changweihui-yiti-shenhe", nil)
	r.complete("formal_check", map[string]any{"materials_complete": true, "overseer_signed": false})
	r.complete("supplement", map[string]any{"supplement_items": "请报分管领导签署意见", "supplement_result": "未按期补齐"})
	r.wantEnded("不予上会")
}

func TestAgendaTopicCompletedGoesBackToTheCheck(t *testing.T) {
	r := startShipped(t, "changweihui-yiti-shenhe", nil)
	r.complete("formal_check", map[string]any{"overseer_signed": false})
	r.complete("supplement", map[string]any{"supplement_result": "已补齐"})
	r.wantOpen("formal_check")
	r.complete("formal_check", map[string]any{"overseer_signed": true})
	r.wantOpen("secretariat_review")
	r.toEnd()
	r.wantEnded("列入议程")
}

// The 法规处 front review that finds the document fit lets the topic on to 秘书处审核.
func TestAgendaTopicAfterFrontReview(t *testing.T) {
	r := startShipped(t, "changweihui-yiti-shenhe", nil)
	r.complete("formal_check", map[string]any{"legal_reviewed": false})
	r.complete("legal_review", map[string]any{"legal_reviewed": true, "legal_opinion": "与现行规定衔接，同意上会。"})
	r.wantOpen("secretariat_review")
}

// Review levels follow the draft's importance: 常规 goes straight to the leader it is written for, 一般 adds
// the unit head, 重要 the overseeing leader, 重大 the director — who in the demo office oversees 综合一处
// himself, so that he is not asked twice.
func TestLeaderDraftReviewLevels(t *testing.T) {
	want := map[string][]string{
		"常规": {"leader_read"},
		"一般": {"head_review", "leader_read"},
		"重要": {"head_review", "overseer_review", "leader_read"},
		"重大": {"head_review", "overseer_review", "leader_read"},
	}
	for importance, levels := range want {
		t.Run(importance, func(t *testing.T) {
			r := startShipped(t, "lingdao-wengao", map[string]any{"importance": importance, "leader": "chenzhiqiang"})
			r.toEnd()
			r.wantEnded("已定稿")
			var got []string
			for _, s := range r.done {
				if step, _ := r.def.Step(s); step.Type == "approval" {
					got = append(got, s)
				}
			}
			if !slices.Equal(got, levels) {
				t.Errorf("reviews %v, want %v", got, levels)
			}
			if repeated := r.skippedAsRepeated("director_review"); repeated != (importance == "重大") {
				t.Errorf("主任审定 skipped as a repeated approval: %v", repeated)
			}
		})
	}
}

// A classified document leaves 收文办理 for 机要处 right after 签收; an unclassified one is registered here.
func TestClassifiedIncomingDocumentsGoToTheConfidentialOffice(t *testing.T) {
	for _, secrecy := range []string{"秘密", "机密", "绝密"} {
		t.Run(secrecy, func(t *testing.T) {
			r := startShipped(t, "shouwen-banli", map[string]any{"secrecy": secrecy})
			r.complete("sign", map[string]any{"secrecy": secrecy})
			if len(r.st.Calls) != 1 || r.st.Calls[0].Process != "jiyao-wenjian-chuanyue" {
				t.Fatalf("calls %+v, want 机要文件传阅", r.st.Calls)
			}
			if open := r.openSteps(); len(open) != 0 {
				t.Fatalf("still open in 收文办理: %v", open)
			}
			r.apply(engine.Command{Op: engine.OpChildEnded, Call: r.st.Calls[0].ID, Result: "清退完毕"})
			r.wantEnded("转机要处办理")
		})
	}
	t.Run("非密", func(t *testing.T) {
		r := startShipped(t, "shouwen-banli", map[string]any{"secrecy": "非密"})
		r.complete("sign", map[string]any{"secrecy": "非密"})
		r.wantOpen("register")
		r.toEnd()
		r.wantEnded("办结")
	})
	t.Run("机要处核定为非密", func(t *testing.T) {
		r := startShipped(t, "shouwen-banli", map[string]any{"secrecy": "秘密"})
		r.complete("sign", map[string]any{"secrecy": "秘密"})
		r.apply(engine.Command{Op: engine.OpChildEnded, Call: r.st.Calls[0].ID, Result: "转收文办理",
			Values: map[string]any{"secrecy": "非密"}})
		r.wantOpen("register")
	})
}

// skippedAsRepeated reports whether step was reached and skipped because its approver had already agreed.
func (r *runner) skippedAsRepeated(step string) bool {
	return slices.ContainsFunc(r.events, func(e engine.Event) bool {
		return e.Type == engine.EvSkipped && e.Step == step && e.Person != ""
	})
}
