package web

import (
	"net/http"
	"strconv"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/catalog"
)

// catDiffView compares two versions of a process.
type catDiffView struct {
	catalogPage
	Sum      *catalog.Summary
	From, To *catalog.Version
	Diff     *catalog.Diff
	Versions []catalog.VersionInfo
	Groups   []catChangeGroup
}

// catChangeGroup is the changes of one element (the process, a field, a step).
type catChangeGroup struct {
	Where   string
	Changes []catalog.Change
}

func (c *catalogUI) diff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	sum, err := c.svc.Summary(ctx, id)
	if err != nil {
		return err
	}
	to, err := catIntQuery(r, "to", sum.Latest)
	if err != nil {
		return err
	}
	from, err := catIntQuery(r, "from", max(to-1, 1))
	if err != nil {
		return err
	}
	d := &catDiffView{catalogPage: c.base(r), Sum: sum}
	if d.From, err = c.svc.Version(ctx, id, from); err != nil {
		return err
	}
	if d.To, err = c.svc.Version(ctx, id, to); err != nil {
		return err
	}
	if d.Versions, err = c.svc.Versions(ctx, id); err != nil {
		return err
	}
	d.Diff = catalog.Compare(d.From, d.To)
	d.Groups = catGroupChanges(d.Diff.Changes)
	return c.s.Render(w, r, http.StatusOK, "catalog/diff", d)
}

func catIntQuery(r *http.Request, name string, def int) (int, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, govflow.FieldError(name, "参数 %s 应为正整数版本号。", name)
	}
	return n, nil
}

func catGroupChanges(cs []catalog.Change) []catChangeGroup {
	var out []catChangeGroup
	for _, ch := range cs {
		if n := len(out); n > 0 && out[n-1].Where == ch.Where {
			out[n-1].Changes = append(out[n-1].Changes, ch)
			continue
		}
		out = append(out, catChangeGroup{Where: ch.Where, Changes: []catalog.Change{ch}})
	}
	return out
}
