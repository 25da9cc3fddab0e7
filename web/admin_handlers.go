package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
)

func init() { RegisterFeature(Feature{Name: "admin", Routes: adminRoutes}) }

func adminRoutes(s *Server, rt *Router) {
	rt.Page("GET /admin", auth.SignedIn, s.adminIndex)
	rt.Page("GET /admin/units", auth.ManageOrg, s.adminUnits)
	rt.Page("POST /admin/units", auth.ManageOrg, s.adminUnitCreate)
	rt.Page("GET /admin/units/{id}", auth.ManageOrg, s.adminUnit)
	rt.Page("POST /admin/units/{id}", auth.ManageOrg, s.adminUnitUpdate)
	rt.Page("GET /admin/people", auth.ManageOrg, s.adminPeople)
	rt.Page("GET /admin/people/new", auth.ManageOrg, s.adminPersonNew)
	rt.Page("POST /admin/people", auth.ManageOrg, s.adminPersonCreate)
	rt.Page("GET /admin/people/{id}", auth.ManageOrg, s.adminPerson)
	rt.Page("POST /admin/people/{id}", auth.ManageOrg, s.adminPersonUpdate)
	rt.Page("POST /admin/people/{id}/reset", auth.ManageOrg, s.adminPersonReset)
	rt.Page("POST /admin/people/{id}/unlock", auth.ManageOrg, s.adminPersonUnlock)
	rt.Page("GET /admin/posts", auth.ManageOrg, s.adminPosts)
	rt.Page("POST /admin/posts", auth.ManageOrg, s.adminPostCreate)
	rt.Page("POST /admin/posts/delete", auth.ManageOrg, s.adminPostDelete)
	rt.Page("GET /admin/delegations", auth.ManageOrg, s.adminDelegations)
	rt.Page("POST /admin/delegations", auth.ManageOrg, s.adminDelegationCreate)
	rt.Page("POST /admin/delegations/{id}/delete", auth.ManageOrg, s.adminDelegationDelete)
}

// orgData is what the organisation pages show: the whole directory plus account states.
type orgData struct {
	Dir        *org.Directory
	Posts      []string
	Roles      []govflow.Role
	Clearances []govflow.Clearance
	Accounts   map[string]auth.AccountState
}

func (s *Server) loadOrg(ctx context.Context) (*orgData, error) {
	d := &orgData{Roles: govflow.Roles, Clearances: govflow.Clearances, Accounts: map[string]auth.AccountState{}}
	err := s.cfg.DB.Read(ctx, func(tx store.Tx) error {
		var err error
		if d.Dir, err = org.LoadTx(ctx, tx); err != nil {
			return err
		}
		if d.Posts, err = org.ListPosts(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT person_id, must_change, locked_until, failed_count FROM accounts`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			a := auth.AccountState{Exists: true}
			if err := rows.Scan(&id, &a.MustChange, &a.LockedUntil, &a.Failures); err != nil {
				return err
			}
			d.Accounts[id] = a
		}
		return rows.Err()
	})
	return d, err
}

// UnitName returns a unit's name for templates.
func (d *orgData) UnitName(id string) string {
	if u, ok := d.Dir.Unit(id); ok {
		return u.Name
	}
	return id
}

// PersonName returns a person's name for templates.
func (d *orgData) PersonName(id string) string {
	if p, ok := d.Dir.Person(id); ok {
		return p.Name
	}
	return id
}

// OverseerName is the name of the leader in charge of a unit (分管领导), "" when none.
func (d *orgData) OverseerName(unitID string) string {
	if p, ok := d.Dir.Overseer(unitID); ok {
		return p.Name
	}
	return ""
}

// Count is the number of people in a unit.
func (d *orgData) Count(unitID string) int {
	n := 0
	for _, p := range d.Dir.People() {
		if p.UnitID == unitID {
			n++
		}
	}
	return n
}

// Depth is how deep a unit sits in the tree (0 for the top), for indenting.
func (d *orgData) Depth(id string) int {
	n := 0
	for u, ok := d.Dir.Unit(id); ok && u.ParentID != "" && n < 20; u, ok = d.Dir.Unit(u.ParentID) {
		n++
	}
	return n
}

// Locked reports whether an account is locked at now.
func (d *orgData) Locked(id string, now time.Time) bool {
	return now.Before(d.Accounts[id].LockedUntil)
}

// Leaders are the active people with the 厅领导 role.
func (d *orgData) Leaders() []govflow.Person {
	var out []govflow.Person
	for _, p := range d.Dir.People() {
		if p.Active && p.HasRole(govflow.RoleLeader) {
			out = append(out, p)
		}
	}
	return out
}

// ActiveDelegations are the 代理 periods not yet over at now.
func (d *orgData) ActiveDelegations(now time.Time) []govflow.Delegation {
	var out []govflow.Delegation
	for _, p := range d.Dir.People() {
		for _, x := range d.Dir.Delegations(p.ID) {
			if x.To.After(now) {
				out = append(out, x)
			}
		}
	}
	return out
}

// adminIndex is the organisation overview for those who manage it; anyone else who administers part of
// govflow (a 流程管理员 reads the calendar) goes to their first tab, and the rest are refused.
func (s *Server) adminIndex(w http.ResponseWriter, r *http.Request) error {
	u := UserFrom(r)
	if !auth.ManageOrg.Allows(u) {
		tabs := allowedAdminTabs(u)
		if len(tabs) == 0 {
			return errForbidden
		}
		http.Redirect(w, r, tabs[0].Path, http.StatusSeeOther)
		return nil
	}
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "admin/index", d)
}

func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request) error {
	return s.unitsPage(w, r, org.UnitInput{}, nil)
}

type unitsPage struct {
	*orgData
	Form org.UnitInput
}

func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request, form org.UnitInput, err error) error {
	d, lerr := s.loadOrg(r.Context())
	if lerr != nil {
		return lerr
	}
	data := unitsPage{d, form}
	if err != nil {
		return s.RenderForm(w, r, "admin/units", data, err)
	}
	return s.Render(w, r, http.StatusOK, "admin/units", data)
}

func unitForm(r *http.Request) org.UnitInput {
	sort, _ := strconv.Atoi(r.PostFormValue("sort"))
	return org.UnitInput{ID: r.PostFormValue("id"), Name: r.PostFormValue("name"), ParentID: r.PostFormValue("parent"),
		HeadID: r.PostFormValue("head"), Sort: sort}
}

func (s *Server) adminUnitCreate(w http.ResponseWriter, r *http.Request) error {
	in := unitForm(r)
	if err := s.org.CreateUnit(r.Context(), s.ActorFrom(r), in); err != nil {
		return s.unitsPage(w, r, in, err)
	}
	return s.Redirect(w, r, "/admin/units", "已新建处室“"+strings.TrimSpace(in.Name)+"”。")
}

func (s *Server) adminUnit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	u, ok := d.Dir.Unit(r.PathValue("id"))
	if !ok {
		return govflow.Errorf(govflow.ENOTFOUND, "处室不存在。")
	}
	return s.Render(w, r, http.StatusOK, "admin/unit", unitsPage{d, org.UnitInput(u)})
}

func (s *Server) adminUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	in := unitForm(r)
	in.ID = r.PathValue("id")
	if err := s.org.UpdateUnit(r.Context(), s.ActorFrom(r), in); err != nil {
		d, lerr := s.loadOrg(r.Context())
		if lerr != nil {
			return lerr
		}
		return s.RenderForm(w, r, "admin/unit", unitsPage{d, in}, err)
	}
	return s.Redirect(w, r, "/admin/units", "已保存处室“"+strings.TrimSpace(in.Name)+"”。")
}

type peoplePage struct {
	*orgData
	Unit   string
	Query  string
	People []govflow.Person
}

func (s *Server) adminPeople(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	p := peoplePage{orgData: d, Unit: r.URL.Query().Get("unit"), Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	people := d.Dir.People()
	rank := func(post string) int {
		if i := slices.Index(d.Posts, post); i >= 0 {
			return i
		}
		return len(d.Posts)
	}
	slices.SortStableFunc(people, func(a, b govflow.Person) int { return rank(a.Post) - rank(b.Post) })
	for _, u := range d.Dir.Units() {
		for _, x := range people {
			if x.UnitID != u.ID || (p.Unit != "" && x.UnitID != p.Unit) {
				continue
			}
			if p.Query != "" && !strings.Contains(x.Name, p.Query) && !strings.Contains(x.ID, p.Query) && !strings.Contains(x.Post, p.Query) {
				continue
			}
			p.People = append(p.People, x)
		}
	}
	return s.Render(w, r, http.StatusOK, "admin/people", p)
}

type personPage struct {
	*orgData
	New     bool
	Form    org.PersonInput
	Account auth.AccountState
}

func (s *Server) adminPersonNew(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	form := org.PersonInput{Active: true, Roles: []govflow.Role{govflow.RoleStaff}, UnitID: r.URL.Query().Get("unit")}
	return s.Render(w, r, http.StatusOK, "admin/person", personPage{orgData: d, New: true, Form: form})
}

func personForm(r *http.Request) org.PersonInput {
	in := org.PersonInput{ID: r.PostFormValue("id"), Name: r.PostFormValue("name"), UnitID: r.PostFormValue("unit"),
		Post: r.PostFormValue("post"), Active: r.PostFormValue("active") == "1", Oversees: r.PostForm["oversees"]}
	for _, x := range r.PostForm["roles"] {
		in.Roles = append(in.Roles, govflow.Role(x))
	}
	c, ok := govflow.ParseClearance(r.PostFormValue("clearance"))
	if !ok {
		c = -1
	}
	in.Clearance = c
	return in
}

func (s *Server) adminPersonCreate(w http.ResponseWriter, r *http.Request) error {
	in := personForm(r)
	in.Active = true
	if err := s.org.CreatePerson(r.Context(), s.ActorFrom(r), in, r.PostFormValue("password")); err != nil {
		d, lerr := s.loadOrg(r.Context())
		if lerr != nil {
			return lerr
		}
		return s.RenderForm(w, r, "admin/person", personPage{orgData: d, New: true, Form: in}, err)
	}
	return s.Redirect(w, r, "/admin/people?unit="+in.UnitID, "已新增人员“"+strings.TrimSpace(in.Name)+"”，首次登录须修改初始密码。")
}

func (s *Server) adminPerson(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	p, ok := d.Dir.Person(r.PathValue("id"))
	if !ok {
		return govflow.Errorf(govflow.ENOTFOUND, "人员不存在。")
	}
	form := org.PersonInput{ID: p.ID, Name: p.Name, UnitID: p.UnitID, Post: p.Post, Roles: p.Roles, Clearance: p.Clearance,
		Oversees: p.Oversees, Active: p.Active}
	return s.Render(w, r, http.StatusOK, "admin/person", personPage{orgData: d, Form: form, Account: d.Accounts[p.ID]})
}

func (s *Server) adminPersonUpdate(w http.ResponseWriter, r *http.Request) error {
	in := personForm(r)
	in.ID = r.PathValue("id")
	if err := s.org.UpdatePerson(r.Context(), s.ActorFrom(r), in); err != nil {
		d, lerr := s.loadOrg(r.Context())
		if lerr != nil {
			return lerr
		}
		return s.RenderForm(w, r, "admin/person", personPage{orgData: d, Form: in, Account: d.Accounts[in.ID]}, err)
	}
	return s.Redirect(w, r, "/admin/people/"+in.ID, "已保存。")
}

func (s *Server) adminPersonReset(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.org.ResetPassword(r.Context(), s.ActorFrom(r), id, r.PostFormValue("password")); err != nil {
		if govflow.ErrorCode(err) != govflow.EINVALID {
			return err
		}
		return s.Redirect(w, r, "/admin/people/"+id, "未重置："+govflow.ErrorMessage(err))
	}
	return s.Redirect(w, r, "/admin/people/"+id, "已重置为新的初始密码，该人员下次登录时须修改。")
}

func (s *Server) adminPersonUnlock(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.org.Unlock(r.Context(), s.ActorFrom(r), id); err != nil {
		return err
	}
	return s.Redirect(w, r, "/admin/people/"+id, "已解除锁定。")
}

func (s *Server) adminPosts(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "admin/posts", d)
}

func (s *Server) adminPostCreate(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if err := s.org.AddPost(r.Context(), s.ActorFrom(r), name); err != nil {
		d, lerr := s.loadOrg(r.Context())
		if lerr != nil {
			return lerr
		}
		return s.RenderForm(w, r, "admin/posts", d, err)
	}
	return s.Redirect(w, r, "/admin/posts", "已新增岗位“"+name+"”。")
}

func (s *Server) adminPostDelete(w http.ResponseWriter, r *http.Request) error {
	name := r.PostFormValue("name")
	if err := s.org.DeletePost(r.Context(), s.ActorFrom(r), name); err != nil {
		if govflow.ErrorCode(err) == govflow.EINTERNAL {
			return err
		}
		return s.Redirect(w, r, "/admin/posts", govflow.ErrorMessage(err))
	}
	return s.Redirect(w, r, "/admin/posts", "已删除岗位“"+name+"”。")
}

type delegationsPage struct {
	*orgData
	Form delegationForm
}

type delegationForm struct {
	Person, Acting, From, To, Reason string
}

func (s *Server) adminDelegations(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOrg(r.Context())
	if err != nil {
		return err
	}
	today := s.Now().In(calendar.Beijing).Format("2006-01-02")
	return s.Render(w, r, http.StatusOK, "admin/delegations", delegationsPage{d, delegationForm{From: today, To: today}})
}

// parseDay reads a yyyy-mm-dd date as midnight in Beijing.
func parseDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), calendar.Beijing)
	return t, err == nil
}

func (s *Server) adminDelegationCreate(w http.ResponseWriter, r *http.Request) error {
	f := delegationForm{Person: r.PostFormValue("person"), Acting: r.PostFormValue("acting"), From: r.PostFormValue("from"),
		To: r.PostFormValue("to"), Reason: r.PostFormValue("reason")}
	var fe govflow.FieldErrors
	from, ok1 := parseDay(f.From)
	to, ok2 := parseDay(f.To)
	if !ok1 {
		fe.Add("from", "请填写开始日期。")
	}
	if !ok2 {
		fe.Add("to", "请填写结束日期。")
	}
	err := fe.Err()
	if err == nil {
		_, err = s.org.CreateDelegation(r.Context(), s.ActorFrom(r), govflow.Delegation{PersonID: f.Person, ActingID: f.Acting,
			From: from, To: to.AddDate(0, 0, 1), Reason: f.Reason})
	}
	if err != nil {
		d, lerr := s.loadOrg(r.Context())
		if lerr != nil {
			return lerr
		}
		return s.RenderForm(w, r, "admin/delegations", delegationsPage{d, f}, err)
	}
	return s.Redirect(w, r, "/admin/delegations", "已登记代理安排。")
}

func (s *Server) adminDelegationDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.org.DeleteDelegation(r.Context(), s.ActorFrom(r), r.PathValue("id")); err != nil {
		return err
	}
	return s.Redirect(w, r, "/admin/delegations", "已删除代理安排。")
}
