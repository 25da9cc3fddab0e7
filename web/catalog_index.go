package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/govflow/govflow/catalog"
)

// catalogIndex is the 流程目录 page: the catalog by category, searchable and filtered.
type catalogIndex struct {
	catalogPage
	Query, Category, Owner, State string
	Filtered                      bool
	Owners                        []string
	States                        []catOption
	Counts                        catalog.Counts
	Matched                       int
	More                          bool // more matched than the page shows
	Limit                         int
	Chips                         []catalogChip
	Groups                        []catalogGroup
}

type catOption struct{ Value, Label string }

// catalogChip is a category in the index's category bar, with how many processes match.
type catalogChip struct {
	Name, Anchor, Href string
	Count              int
	Active             bool
}

// catalogGroup is one category's processes.
type catalogGroup struct {
	Name, Anchor string
	Items        []catalog.Summary
}

// catIndexLimit is how many processes the index shows at once; a search narrows larger catalogs.
const catIndexLimit = 1000

func (c *catalogUI) index(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := catalog.Filter{Query: strings.TrimSpace(q.Get("q")), Category: q.Get("category"), Owner: q.Get("owner"),
		State: q.Get("state"), Limit: catIndexLimit}
	page, err := c.svc.List(ctx, f)
	if err != nil {
		return err
	}
	d := &catalogIndex{catalogPage: c.base(r), Query: f.Query, Category: f.Category, Owner: f.Owner, State: f.State,
		Filtered: f.Query != "" || f.Category != "" || f.Owner != "" || f.State != "", Matched: page.Total,
		More: page.Total > len(page.Items), Limit: catIndexLimit}
	if d.Counts, err = c.svc.Count(ctx); err != nil {
		return err
	}
	if d.Owners, err = c.svc.Owners(ctx); err != nil {
		return err
	}
	d.States = []catOption{{catalog.StatePublished, "已发布"}, {catalog.StateDraft, "有草稿待发布"}, {catalog.StateRetired, "已停用"}}
	d.Chips = catalogChips(f, page.Categories)
	d.Groups = catalogGroups(page.Items)
	return c.s.Render(w, r, http.StatusOK, "catalog/index", d)
}

func catalogChips(f catalog.Filter, counts []catalog.CategoryCount) []catalogChip {
	href := func(category string) string {
		v := url.Values{}
		for k, val := range map[string]string{"q": f.Query, "owner": f.Owner, "state": f.State, "category": category} {
			if val != "" {
				v.Set(k, val)
			}
		}
		if len(v) == 0 {
			return "/catalog"
		}
		return "/catalog?" + v.Encode()
	}
	total := 0
	for _, cc := range counts {
		total += cc.Count
	}
	out := []catalogChip{{Name: "全部", Href: href(""), Count: total, Active: f.Category == ""}}
	for _, cc := range counts {
		name := cc.Name
		if name == "" {
			name = "未分类"
		}
		out = append(out, catalogChip{Name: name, Anchor: catAnchor(cc.Name), Href: href(cc.Name), Count: cc.Count,
			Active: f.Category == cc.Name && f.Category != ""})
	}
	return out
}

func catalogGroups(items []catalog.Summary) []catalogGroup {
	var out []catalogGroup
	for _, it := range items {
		if n := len(out); n == 0 || out[n-1].Name != catCategoryName(it.Category) {
			out = append(out, catalogGroup{Name: catCategoryName(it.Category), Anchor: catAnchor(it.Category)})
		}
		g := &out[len(out)-1]
		g.Items = append(g.Items, it)
	}
	return out
}

func catCategoryName(c string) string {
	if c == "" {
		return "未分类"
	}
	return c
}
