package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/catalog"
	"github.com/govflow/govflow/handbook"
	"github.com/govflow/govflow/process"
)

// catHandbookCache keeps the last handbook made, keyed by the published versions and the day: making it
// draws every flowchart, and it only changes when something is published or retired.
type catHandbookCache struct {
	mu   sync.Mutex
	key  string
	html []byte
}

// catHandbookView is the handbook's page: what it holds and where to open or download it.
type catHandbookView struct {
	catalogPage
	Groups     []catalogGroup
	Processes  int
	Categories int
	Edition    string
}

func (c *catalogUI) handbookPage(w http.ResponseWriter, r *http.Request) error {
	list, err := c.svc.ListPublished(r.Context())
	if err != nil {
		return err
	}
	d := &catHandbookView{catalogPage: c.base(r), Groups: catalogGroups(list), Processes: len(list),
		Edition: fmt.Sprintf("%d年版", c.s.Now().In(calendar.Beijing).Year())}
	d.Categories = len(d.Groups)
	return c.s.Render(w, r, http.StatusOK, "catalog/handbook", d)
}

func (c *catalogUI) handbookFile(w http.ResponseWriter, r *http.Request) error {
	html, err := c.handbook(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("download") != "" {
		name := fmt.Sprintf("工作流程手册-%s.html", c.s.Now().In(calendar.Beijing).Format("20060102"))
		w.Header().Set("Content-Disposition", `attachment; filename="handbook.html"; filename*=UTF-8''`+url.PathEscape(name))
	}
	_, err = w.Write(html)
	return err
}

// handbook makes the handbook of the published catalog, or returns the one made for the same versions today.
func (c *catalogUI) handbook(ctx context.Context) ([]byte, error) {
	list, err := c.svc.ListPublished(ctx)
	if err != nil {
		return nil, err
	}
	now := c.s.Now()
	var key strings.Builder
	key.WriteString(now.In(calendar.Beijing).Format("2006-01-02"))
	for _, sm := range list {
		fmt.Fprintf(&key, "|%s@%d", sm.ID, sm.Published)
	}
	c.book.mu.Lock()
	defer c.book.mu.Unlock()
	if c.book.key == key.String() {
		return c.book.html, nil
	}
	defs := make([]*process.Definition, 0, len(list))
	for _, sm := range list {
		v, err := c.svc.Version(ctx, sm.ID, sm.Published)
		if err != nil {
			return nil, err
		}
		if v.Def != nil {
			defs = append(defs, v.Def)
		}
	}
	html, err := handbook.Render(defs, handbook.Options{Office: c.s.officeName(ctx), Date: now.In(calendar.Beijing),
		Categories: catalog.Categories()})
	if err != nil {
		return nil, fmt.Errorf("make handbook: %w", err)
	}
	c.book.key, c.book.html = key.String(), html
	return html, nil
}
