package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/demo"
	"github.com/govflow/govflow/lint"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

var (
	ctx   = context.Background()
	t0    = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	admin = govflow.Actor{ID: "zhaomin", IP: "10.0.0.7"}
)

// clock is a test clock that moves one minute per reading, so that every change has its own instant.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// withOffice loads only the demo office (not the catalog) and returns a service on db.
func withOffice(t *testing.T, db *store.DB) *catalog.Service {
	t.Helper()
	for _, l := range demo.Loaders() {
		if l.Name == "office" {
			if err := l.Run(ctx, demo.Env{DB: db, Now: t0, Params: auth.TestParams, Password: demo.Password}); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := &clock{t: t0}
	return catalog.NewService(db, c.now)
}

// text is a small process written by hand; limit and version vary it.
func text(version int, limit string) []byte {
	return []byte(fmt.Sprintf(`# 测试用的流程：注释和空行都要原样保存
id: ceshi
name: 测试流程
category: 综合协调
owner: 秘书处
version: %d
purpose: 用于测试的流程。
limit:   五个工作日

fields:
  - {id: title, name: 标题, type: text, required: true}
steps:
  - {id: start, type: start, form: [title], next: handle}
  - id: handle
    name: 办理
    type: task
    who: {unit: 秘书处, post: 收发员}
    limit: %s
    standard: 当天登记，按要求办结。
    next: end
  - {id: end, type: end, result: 办结}
`, version, limit))
}

func auditActions(t *testing.T, db *store.DB) []string {
	t.Helper()
	res, err := audit.Verify(ctx, db)
	if err != nil || res.Problem != nil {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	var out []string
	err = db.Read(ctx, func(tx store.Tx) error {
		recs, err := audit.List(ctx, tx, audit.Filter{Action: "catalog.", Limit: 500})
		for i := len(recs) - 1; i >= 0; i-- {
			out = append(out, recs[i].Action+" "+recs[i].Object)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func code(err error) string { return govflow.ErrorCode(err) }

func TestSaveDraftKeepsTheTextAndPublishRetiresThePrevious(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		src := text(1, "两个工作日")
		v1, err := s.SaveDraft(ctx, admin, catalog.Draft{Source: src, Note: "初稿"})
		if err != nil {
			t.Fatal(err)
		}
		if v1.ID != "ceshi" || v1.Version != 1 || v1.State != catalog.StateDraft || v1.Revision != 1 || v1.Errors != 0 {
			t.Fatalf("first draft: %+v %v", v1.VersionInfo, v1.Findings)
		}
		if _, err := s.Published(ctx, "ceshi"); code(err) != govflow.ENOTFOUND {
			t.Fatalf("published before publishing: %v", err)
		}
		p1, err := s.Publish(ctx, admin, "ceshi", 1)
		if err != nil {
			t.Fatal(err)
		}
		if p1.State != catalog.StatePublished || p1.PublishedBy != "zhaomin" || p1.PublishedAt.IsZero() || p1.Compiled == nil {
			t.Fatalf("published: %+v", p1.VersionInfo)
		}
		v2, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(2, "三个工作日")})
		if err != nil || v2.Version != 2 || v2.State != catalog.StateDraft {
			t.Fatalf("second draft: %+v %v", v2, err)
		}
		if got, err := s.Published(ctx, "ceshi"); err != nil || got.Version != 1 {
			t.Fatalf("a draft changed what is published: %+v %v", got, err)
		}
		if _, err := s.Publish(ctx, admin, "ceshi", 2); err != nil {
			t.Fatal(err)
		}
		pub, err := s.Published(ctx, "ceshi")
		if err != nil || pub.Version != 2 || pub.Def.Steps[1].Limit != "三个工作日" || pub.Compiled == nil {
			t.Fatalf("published after the second: %+v %v", pub, err)
		}
		old, err := s.Version(ctx, "ceshi", 1)
		if err != nil || old.State != catalog.StateRetired || old.RetiredAt.IsZero() || old.Compiled == nil {
			t.Fatalf("the first version after the second was published: %+v %v", old.VersionInfo, err)
		}
		if string(old.Source) != string(src) {
			t.Fatalf("stored text changed:\n%s", old.Source)
		}
		list, err := s.ListPublished(ctx)
		if err != nil || len(list) != 1 || list[0].Version != 2 || list[0].Published != 2 || list[0].Draft != 0 {
			t.Fatalf("ListPublished: %+v %v", list, err)
		}
		want := []string{"catalog.draft.save process:ceshi/v1", "catalog.publish process:ceshi/v1",
			"catalog.draft.save process:ceshi/v2", "catalog.publish process:ceshi/v2"}
		if got := auditActions(t, db); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("audit:\n%s", strings.Join(got, "\n"))
		}
	})
}

func TestPublishedVersionsAreImmutable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		mustSave(t, s, catalog.Draft{Source: text(1, "两个工作日")})
		mustPublish(t, s, 1)
		// Saving again does not touch version 1: it starts version 2.
		v2, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(2, "一个工作日"), Revision: 1})
		if code(err) != govflow.ECONFLICT || v2 != nil {
			t.Fatalf("saving over the published version with its revision: %v", err)
		}
		mustSave(t, s, catalog.Draft{ID: "ceshi", Source: text(2, "一个工作日")})
		v1, _ := s.Version(ctx, "ceshi", 1)
		if string(v1.Source) != string(text(1, "两个工作日")) || v1.Revision != 1 {
			t.Fatalf("published text changed: %s", v1.Source)
		}
		for _, op := range []func() error{
			func() error { _, err := s.Publish(ctx, admin, "ceshi", 1); return err },
			func() error { _, err := s.Publish(ctx, admin, "ceshi", 7); return err },
		} {
			if err := op(); err == nil {
				t.Fatal("publishing a published or missing version succeeded")
			}
		}
		if _, err := s.Retire(ctx, admin, "ceshi", 1); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Retire(ctx, admin, "ceshi", 1); code(err) != govflow.ECONFLICT {
			t.Fatalf("retiring twice: %v", err)
		}
		if _, err := s.Published(ctx, "ceshi"); code(err) != govflow.ENOTFOUND {
			t.Fatalf("published after retiring: %v", err)
		}
	})
}

func TestLintErrorsBlockPublishingAndChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		mustSave(t, s, catalog.Draft{Source: text(1, "两个工作日")})
		mustPublish(t, s, 1)
		bad, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(2, "尽快")})
		if err != nil {
			t.Fatalf("a draft with lint errors must be saved: %v", err)
		}
		if bad.Errors == 0 || !hasFinding(bad.Findings, "vague-limit", 18) {
			t.Fatalf("findings: %v", bad.Findings)
		}
		before := auditActions(t, db)
		_, err = s.Publish(ctx, admin, "ceshi", 2)
		var le *catalog.LintError
		if !errors.As(err, &le) || code(err) != govflow.EINVALID || !hasFinding(le.Findings, "vague-limit", 18) {
			t.Fatalf("publish with errors: %v", err)
		}
		if got := auditActions(t, db); len(got) != len(before) {
			t.Fatalf("a refused publication was audited: %v", got[len(before):])
		}
		if pub, _ := s.Published(ctx, "ceshi"); pub.Version != 1 {
			t.Fatalf("published is now %d", pub.Version)
		}
		if v2, _ := s.Version(ctx, "ceshi", 2); v2.State != catalog.StateDraft {
			t.Fatalf("draft state %s", v2.State)
		}
		// A wrong version number is an error too, at the version line.
		wrong, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(9, "两个工作日"), Revision: 1})
		if err != nil || !hasFinding(wrong.Findings, catalog.RuleVersionNumber, 6) {
			t.Fatalf("version number: %v %v", wrong.Findings, err)
		}
		fixed, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(2, "两个工作日"), Revision: 2})
		if err != nil || fixed.Errors != 0 || fixed.Revision != 3 {
			t.Fatalf("fixed: %+v %v %v", fixed.VersionInfo, fixed.Findings, err)
		}
		mustPublish(t, s, 2)
	})
}

func hasFinding(fs []lint.Finding, rule string, line int) bool {
	for _, f := range fs {
		if f.Rule == rule && f.Line == line {
			return true
		}
	}
	return false
}

func mustSave(t *testing.T, s *catalog.Service, d catalog.Draft) *catalog.Version {
	t.Helper()
	v, err := s.SaveDraft(ctx, admin, d)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustPublish(t *testing.T, s *catalog.Service, version int) {
	t.Helper()
	if _, err := s.Publish(ctx, admin, "ceshi", version); err != nil {
		t.Fatal(err)
	}
}

func TestDraftsAreProtectedFromLostUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		mustSave(t, s, catalog.Draft{Source: text(1, "两个工作日")})
		// Two editors read revision 1; the first save wins, the second is told.
		if _, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(1, "一个工作日"), Revision: 1}); err != nil {
			t.Fatal(err)
		}
		_, err := s.SaveDraft(ctx, govflow.Actor{ID: "liuyang"}, catalog.Draft{ID: "ceshi", Source: text(1, "三个工作日"), Revision: 1})
		if code(err) != govflow.ECONFLICT || !strings.Contains(govflow.ErrorMessage(err), "已被 zhaomin 修改过") {
			t.Fatalf("stale revision: %v", err)
		}
		// Starting a second draft while one is open is refused too.
		if _, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: text(2, "一个工作日")}); code(err) != govflow.ECONFLICT {
			t.Fatalf("second draft: %v", err)
		}
		// Another process may not take the id, and the id of a process cannot change.
		if _, err := s.SaveDraft(ctx, admin, catalog.Draft{Source: text(1, "一个工作日")}); code(err) != govflow.EINVALID {
			t.Fatalf("new process with a taken id: %v", err)
		}
		renamed := strings.Replace(string(text(1, "一个工作日")), "id: ceshi", "id: other", 1)
		if _, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: []byte(renamed), Revision: 2}); code(err) != govflow.EINVALID {
			t.Fatalf("changed id: %v", err)
		}
		v, _ := s.Version(ctx, "ceshi", 1)
		if v.Revision != 2 || !strings.Contains(string(v.Source), "一个工作日") {
			t.Fatalf("draft after refused saves: rev %d", v.Revision)
		}
	})
}

func TestBadTextsAreRefusedOrKeptAsWorkInProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		broken := []byte("id: ceshi\nname: [测试\n")
		_, err := s.SaveDraft(ctx, admin, catalog.Draft{Source: broken})
		var le *catalog.LintError
		if !errors.As(err, &le) || len(le.Findings) == 0 || le.Findings[0].Line == 0 {
			t.Fatalf("new process from an unreadable text: %v", err)
		}
		for _, src := range [][]byte{nil, []byte("  \n"), []byte("id: x\x00"), {0xff, 0xfe}, make([]byte, 2<<20)} {
			if _, err := s.SaveDraft(ctx, admin, catalog.Draft{Source: src}); code(err) != govflow.EINVALID {
				t.Fatalf("bad text %q…: %v", src[:min(len(src), 8)], err)
			}
		}
		mustSave(t, s, catalog.Draft{Source: text(1, "两个工作日")})
		// An existing process's draft is saved even when it does not read: nobody loses work.
		wip, err := s.SaveDraft(ctx, admin, catalog.Draft{ID: "ceshi", Source: broken, Revision: 1})
		if err != nil || wip.Def != nil || wip.Errors == 0 || wip.Name != "测试流程" {
			t.Fatalf("unreadable draft: %+v %v", wip, err)
		}
		if _, err := s.Publish(ctx, admin, "ceshi", 1); !errors.As(err, &le) {
			t.Fatalf("publishing an unreadable draft: %v", err)
		}
		var n int
		_ = db.Read(ctx, func(tx store.Tx) error {
			return tx.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_processes`).Scan(&n)
		})
		if n != 1 {
			t.Fatalf("%d processes", n)
		}
	})
}

func TestRetiringADraftAbandonsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		mustSave(t, s, catalog.Draft{Source: text(1, "两个工作日")})
		mustPublish(t, s, 1)
		mustSave(t, s, catalog.Draft{ID: "ceshi", Source: text(2, "尽快")})
		if _, err := s.Retire(ctx, admin, "ceshi", 2); err != nil {
			t.Fatal(err)
		}
		v3 := mustSave(t, s, catalog.Draft{ID: "ceshi", Source: text(3, "一个工作日")})
		if v3.Version != 3 {
			t.Fatalf("numbering after an abandoned draft: %d", v3.Version)
		}
		vs, err := s.Versions(ctx, "ceshi")
		if err != nil || len(vs) != 3 || vs[0].Version != 3 || vs[1].State != catalog.StateRetired || vs[2].State != catalog.StatePublished {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		got := auditActions(t, db)
		if got[3] != "catalog.draft.abandon process:ceshi/v2" {
			t.Fatalf("audit: %v", got)
		}
	})
}

// Several editors save and publish the same process at once: versions are numbered 1..n without gaps or
// duplicates, each is published once, and in the end exactly one is published.
func TestVersionNumbersUnderConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := withOffice(t, db)
		mustSave(t, s, catalog.Draft{Source: text(1, "两个工作日")})
		mustPublish(t, s, 1)
		const editors, rounds = 4, 3
		var wg sync.WaitGroup
		errs := make(chan error, editors)
		for e := range editors {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range rounds {
					if err := saveAndPublish(s, govflow.Actor{ID: fmt.Sprintf("editor%d", e)}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		vs, err := s.Versions(ctx, "ceshi")
		if err != nil {
			t.Fatal(err)
		}
		n := editors*rounds + 1
		if len(vs) != n {
			t.Fatalf("%d versions, want %d", len(vs), n)
		}
		for i, v := range vs {
			want := catalog.StateRetired
			if i == 0 {
				want = catalog.StatePublished
			}
			if v.Version != n-i || v.State != want || v.PublishedAt.IsZero() {
				t.Fatalf("version %d: %+v", n-i, v)
			}
		}
	})
}

// saveAndPublish starts a draft (retrying while another editor's is open), fixes its version number when
// another editor took the one it expected, and publishes it.
func saveAndPublish(s *catalog.Service, actor govflow.Actor) error {
	for {
		sm, err := s.Summary(ctx, "ceshi")
		if err != nil {
			return err
		}
		v, err := s.SaveDraft(ctx, actor, catalog.Draft{ID: "ceshi", Source: text(sm.Latest+1, "两个工作日")})
		if code(err) == govflow.ECONFLICT {
			continue
		}
		if err != nil {
			return err
		}
		if v.Errors > 0 {
			if v, err = s.SaveDraft(ctx, actor, catalog.Draft{ID: "ceshi", Source: text(v.Version, "两个工作日"), Revision: v.Revision}); err != nil {
				return err
			}
		}
		_, err = s.Publish(ctx, actor, "ceshi", v.Version)
		return err
	}
}

func TestShippedCatalogImportsOnceAsPublishedVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(ctx, demo.Env{DB: db, Now: t0, Params: auth.TestParams}); err != nil {
			t.Fatal(err)
		}
		s := catalog.NewService(db, func() time.Time { return t0 })
		defs, err := catalog.Shipped()
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.ListPublished(ctx)
		if err != nil || len(list) != len(defs) {
			t.Fatalf("published %d of %d shipped: %v", len(list), len(defs), err)
		}
		for i, d := range defs {
			if list[i].ID != d.ID || list[i].Version != 1 {
				t.Fatalf("entry %d: %+v, want %s", i, list[i], d.ID)
			}
		}
		v, err := s.Published(ctx, "fawen-banli")
		if err != nil || v.Version != 1 || v.CreatedBy != catalog.SystemActor || v.Compiled == nil || v.Errors != 0 {
			t.Fatalf("fawen-banli: %+v %v %v", v.VersionInfo, v.Findings, err)
		}
		want, _ := fs.ReadFile(catalog.Files(), "gongwen-yunzhuan/fawen-banli.yaml")
		if string(v.Source) != string(want) {
			t.Fatal("the shipped text was not kept byte for byte")
		}
		added, err := s.ImportShipped(ctx, govflow.Actor{ID: catalog.SystemActor})
		if err != nil || len(added) != 0 {
			t.Fatalf("second import added %v: %v", added, err)
		}
		if n := len(auditActions(t, db)); n != len(defs) {
			t.Fatalf("%d audit records for %d processes", n, len(defs))
		}
	})
}

func TestListFiltersAndCounts(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(ctx, demo.Env{DB: db, Now: t0, Params: auth.TestParams}); err != nil {
		t.Fatal(err)
	}
	s := catalog.NewService(db, func() time.Time { return t0 })
	all, err := s.List(ctx, catalog.Filter{Limit: 1000})
	if err != nil || all.Total < 30 || len(all.Items) != all.Total || len(all.Categories) < 6 {
		t.Fatalf("all: %d items, %d categories: %v", all.Total, len(all.Categories), err)
	}
	if all.Categories[0].Name != "公文运转" || all.Items[0].Category != "公文运转" {
		t.Fatalf("order: %+v", all.Categories[0])
	}
	for _, tc := range []struct {
		f    catalog.Filter
		want string
	}{
		{catalog.Filter{Query: "发文"}, "fawen-banli"},
		{catalog.Filter{Query: "复核 秘书处"}, "fawen-banli"}, // a step name and the owner
		{catalog.Filter{Query: "没有这样的流程"}, ""},
		{catalog.Filter{Query: "100%_"}, ""},
		{catalog.Filter{Owner: "机要处", Category: "机要保密"}, "jiyao-wenjian-chuanyue"},
	} {
		p, err := s.List(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		found := tc.want == ""
		for _, it := range p.Items {
			found = found || it.ID == tc.want
		}
		if !found || (tc.want == "" && p.Total != 0) {
			t.Errorf("%+v: %d items, want %q", tc.f, p.Total, tc.want)
		}
	}
	page, _ := s.List(ctx, catalog.Filter{Limit: 5, Offset: 5})
	if len(page.Items) != 5 || page.Items[0].ID != all.Items[5].ID || page.Total != all.Total {
		t.Fatalf("paging: %+v", page)
	}
	if p, _ := s.List(ctx, catalog.Filter{State: catalog.StateDraft}); p.Total != 0 {
		t.Fatalf("drafts: %d", p.Total)
	}
	if _, err := s.List(ctx, catalog.Filter{State: "x", Limit: -1}); code(err) != govflow.EINVALID {
		t.Fatalf("bad filter: %v", err)
	}
}
