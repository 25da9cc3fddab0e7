package catalog

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/store"
)

// Filter narrows List. Zero fields match everything.
type Filter struct {
	// Query holds words that must all appear in the name, id, category, purpose, basis, owner, step names or
	// the units, posts and roles steps name.
	Query    string
	Category string
	Owner    string
	// State: StatePublished lists processes with a published version, StateDraft those with an open draft,
	// StateRetired those with neither.
	State         string
	Limit, Offset int // Limit 0 means 50; at most 1000
}

// Page is one page of List with the counts per category of everything the filter matches but its category.
type Page struct {
	Items      []Summary
	Total      int
	Categories []CategoryCount
}

// CategoryCount is how many processes of a category match.
type CategoryCount struct {
	Name  string
	Count int
}

// MaxQuery bounds the search words, in characters.
const MaxQuery = 100

// List returns the processes matching f in the catalog's order: category, then id.
func (s *Service) List(ctx context.Context, f Filter) (*Page, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	limit := cmp.Or(f.Limit, 50)
	where, args := f.where(true)
	page := &Page{}
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM catalog_processes`+where, args...).Scan(&page.Total); err != nil {
			return err
		}
		q := fmt.Sprintf(`SELECT %s FROM catalog_processes%s ORDER BY %s, category, id LIMIT %d OFFSET %d`,
			summaryCols, where, categoryOrder(), limit, max(f.Offset, 0))
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sm Summary
			if err := scanSummary(rows, &sm); err != nil {
				return err
			}
			page.Items = append(page.Items, sm)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		page.Categories, err = categoryCounts(ctx, tx, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list catalog: %w", err)
	}
	return page, nil
}

func (f Filter) check() error {
	var fe govflow.FieldErrors
	if utf8.RuneCountInString(f.Query) > MaxQuery {
		fe.Add("q", "搜索词不能超过 %d 个字。", MaxQuery)
	}
	if f.State != "" && !slices.Contains(States, f.State) {
		fe.Add("state", "状态“%s”无效：应为 draft（有草稿）、published（已发布）或 retired（已停用）。", f.State)
	}
	if f.Limit < 0 || f.Limit > 1000 {
		fe.Add("limit", "每页条数应为 1–1000。")
	}
	if f.Offset < 0 {
		fe.Add("offset", "offset 不能为负数。")
	}
	return fe.Err()
}

// where builds the filter's condition; withCategory false leaves the category out (for the counts).
func (f Filter) where(withCategory bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	for _, w := range strings.Fields(strings.ToLower(f.Query)) {
		add(`search LIKE ? ESCAPE '\'`, "%"+escapeLike(w)+"%")
	}
	if withCategory && f.Category != "" {
		add(`category = ?`, f.Category)
	}
	if f.Owner != "" {
		add(`owner = ?`, f.Owner)
	}
	switch f.State {
	case StatePublished:
		conds = append(conds, `published > 0`)
	case StateDraft:
		conds = append(conds, `draft > 0`)
	case StateRetired:
		conds = append(conds, `published = 0 AND draft = 0`)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// categoryOrder sorts the catalog's own categories first, in their display order.
func categoryOrder() string {
	var b strings.Builder
	b.WriteString("CASE category")
	for i, c := range categories {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", c.name, i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(categories))
	return b.String()
}

func categoryCounts(ctx context.Context, tx store.Tx, f Filter) ([]CategoryCount, error) {
	where, args := f.where(false)
	rows, err := tx.Query(ctx, `SELECT category, COUNT(*) FROM catalog_processes`+where+` GROUP BY category`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CategoryCount
	for rows.Next() {
		var c CategoryCount
		if err := rows.Scan(&c.Name, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b CategoryCount) int {
		return cmp.Or(cmp.Compare(categoryRank(a.Name), categoryRank(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	return out, rows.Err()
}

// Owners lists the units that own processes, by name.
func (s *Service) Owners(ctx context.Context) ([]string, error) {
	var out []string
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT DISTINCT owner FROM catalog_processes WHERE owner <> '' ORDER BY owner`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o string
			if err := rows.Scan(&o); err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, err
}

// Names maps every process id in the catalog to its name (for links between processes).
func (s *Service) Names(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, name FROM catalog_processes`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			out[id] = name
		}
		return rows.Err()
	})
	return out, err
}

func sortSummaries(list []Summary) {
	slices.SortFunc(list, func(a, b Summary) int {
		return cmp.Or(cmp.Compare(categoryRank(a.Category), categoryRank(b.Category)), cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.ID, b.ID))
	})
}

// Counts is how many processes and categories the catalog holds, how many processes are published and how many have an
// open draft.
type Counts struct{ Processes, Categories, Published, Drafts int }

// Count returns the catalog's counts.
func (s *Service) Count(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT category), COALESCE(SUM(CASE WHEN published > 0 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN draft > 0 THEN 1 ELSE 0 END), 0) FROM catalog_processes`).Scan(&c.Processes, &c.Categories,
			&c.Published, &c.Drafts)
	})
	return c, err
}
