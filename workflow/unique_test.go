package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/engine"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

// 一文一单: a second 机要文件传阅 of the same incoming document is refused with the first one named; another
// document starts; terminating the first frees its document.
func TestOneDocumentOneCirculation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		doc := func(title, number string) map[string]any {
			return map[string]any{"title": title, "from_org": "国务院办公厅", "from_number": number, "secrecy": "机密", "urgency": "普通"}
		}
		first := f.start("dengjie", "jiyao-wenjian-chuanyue", doc("关于某项工作的通知", "国办发〔2026〕8号"))
		_, err := f.svc.Start(ctx, actor("xiaoran"), "jiyao-wenjian-chuanyue", doc("关于某项工作的通知（第二份）", "国办发〔2026〕8号"), "", "")
		if govflow.ErrorCode(err) != govflow.EINVALID || !strings.Contains(govflow.ErrorMessage(err), "一文一单") ||
			!strings.Contains(govflow.ErrorMessage(err), "关于某项工作的通知") {
			t.Fatalf("the same document again: %v", err)
		}
		if e := new(*govflow.Error); !errors.As(err, e) || (*e).Field != "from_org" {
			t.Errorf("the refusal does not name from_org: %#v", err)
		}
		if n := f.count(`SELECT count(*) FROM wf_instances WHERE process = 'jiyao-wenjian-chuanyue'`); n != 1 {
			t.Fatalf("%d instances after the refusal", n)
		}
		f.start("xiaoran", "jiyao-wenjian-chuanyue", doc("关于另一项工作的通知", "国办发〔2026〕9号"))
		f.do("dengjie", engine.Command{Op: engine.OpTerminate, Instance: first.ID, Reason: "登记有误，重新登记"})
		f.start("xiaoran", "jiyao-wenjian-chuanyue", doc("关于某项工作的通知", "国办发〔2026〕8号"))
	})
}
