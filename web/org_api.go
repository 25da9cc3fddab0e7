package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/org"
	"github.com/govflow/govflow/store"
)

func init() { RegisterFeature(Feature{Name: "org-api", Routes: orgAPIRoutes}) }

// UnitJSON is a unit in the API.
type UnitJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	ParentID string `json:"parent_id,omitempty"`
	HeadID   string `json:"head_id,omitempty"`
	Sort     int    `json:"sort"`
}

// PersonJSON is a person in the API.
type PersonJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	UnitID    string   `json:"unit_id"`
	UnitName  string   `json:"unit_name"`
	Post      string   `json:"post"`
	Roles     []string `json:"roles"`
	Clearance string   `json:"clearance" doc:"绝密、机密、秘密 或 非密"`
	Oversees  []string `json:"oversees,omitempty" doc:"分管的处室 id"`
	Active    bool     `json:"active"`
}

// MeJSON is the signed-in person and the CSRF token their JSON writes must send in X-CSRF-Token.
type MeJSON struct {
	PersonJSON
	CSRFToken  string `json:"csrf_token"`
	MustChange bool   `json:"must_change_password"`
}

// DelegationJSON is a 代理 period in the API.
type DelegationJSON struct {
	ID       string    `json:"id"`
	PersonID string    `json:"person_id"`
	ActingID string    `json:"acting_id"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to" doc:"不含此刻"`
	Reason   string    `json:"reason"`
}

// NewDelegation is the body of POST /api/v1/delegations.
type NewDelegation struct {
	PersonID string    `json:"person_id" doc:"被代理人账号"`
	ActingID string    `json:"acting_id" doc:"代理人账号"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Reason   string    `json:"reason"`
}

// PeopleQuery filters GET /api/v1/people.
type PeopleQuery struct {
	Paging
	Unit string `query:"unit" json:"-" doc:"只列出该处室的人员"`
}

// IDParam is a path parameter {id}.
type IDParam struct {
	ID string `path:"id" json:"-"`
}

// AuditQuery pages through the audit trail.
type AuditQuery struct {
	Before int64  `query:"before" json:"-" doc:"只返回序号小于该值的记录（向前翻页）"`
	Limit  int    `query:"limit" json:"-" doc:"条数，1–500，默认 50"`
	Actor  string `query:"actor" json:"-"`
	Action string `query:"action" json:"-" doc:"动作前缀，如 auth."`
}

// AuditRecordJSON is one audit record.
type AuditRecordJSON struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Object   string    `json:"object"`
	Detail   string    `json:"detail"`
	IP       string    `json:"ip"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// VerifyJSON is the result of checking the audit chain.
type VerifyJSON struct {
	Intact   bool   `json:"intact"`
	Records  int64  `json:"records"`
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	Kind     string `json:"kind,omitempty" doc:"altered、inserted 或 deleted"`
	Seq      int64  `json:"seq,omitempty" doc:"第一处问题所在的记录序号"`
	Message  string `json:"message"`
}

func orgAPIRoutes(s *Server, rt *Router) {
	const tag = "组织机构"
	API(rt, Op{Method: "GET", Path: "/api/v1/me", Perm: auth.SignedIn, Summary: "当前登录人员", Tag: tag},
		func(r *http.Request, _ struct{}) (MeJSON, error) {
			sess := SessionFrom(r)
			d, err := org.Load(r.Context(), s.cfg.DB)
			if err != nil {
				return MeJSON{}, err
			}
			p, _ := d.Person(sess.User.ID)
			return MeJSON{PersonJSON: personJSON(d, p), CSRFToken: sess.CSRF, MustChange: sess.MustChange}, nil
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/units", Perm: auth.SignedIn, Summary: "列出全部处室", Tag: tag},
		func(r *http.Request, _ struct{}) (List[UnitJSON], error) {
			d, err := org.Load(r.Context(), s.cfg.DB)
			if err != nil {
				return List[UnitJSON]{}, err
			}
			units := d.Units()
			out := List[UnitJSON]{Items: make([]UnitJSON, len(units)), Total: len(units), Limit: len(units)}
			for i, u := range units {
				out.Items[i] = UnitJSON(u)
			}
			return out, nil
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/people", Perm: auth.SignedIn, Summary: "列出人员（分页）", Tag: tag}, s.apiPeople)
	API(rt, Op{Method: "GET", Path: "/api/v1/people/{id}", Perm: auth.SignedIn, Summary: "查看人员", Tag: tag},
		func(r *http.Request, in IDParam) (PersonJSON, error) {
			d, err := org.Load(r.Context(), s.cfg.DB)
			if err != nil {
				return PersonJSON{}, err
			}
			p, ok := d.Person(in.ID)
			if !ok {
				return PersonJSON{}, govflow.Errorf(govflow.ENOTFOUND, "人员“%s”不存在。", in.ID)
			}
			return personJSON(d, p), nil
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/delegations", Perm: auth.SignedIn, Summary: "列出未结束的代理安排", Tag: tag},
		func(r *http.Request, _ struct{}) (List[DelegationJSON], error) {
			var ds []govflow.Delegation
			err := s.cfg.DB.Read(r.Context(), func(tx store.Tx) error {
				var err error
				ds, err = org.ListDelegations(r.Context(), tx, s.Now())
				return err
			})
			out := List[DelegationJSON]{Items: []DelegationJSON{}, Total: len(ds), Limit: len(ds)}
			for _, d := range ds {
				out.Items = append(out.Items, DelegationJSON(d))
			}
			return out, err
		})
	API(rt, Op{Method: "POST", Path: "/api/v1/delegations", Perm: auth.ManageOrg, Summary: "登记代理安排", Tag: tag, Status: http.StatusCreated},
		func(r *http.Request, in NewDelegation) (DelegationJSON, error) {
			d := govflow.Delegation{PersonID: strings.TrimSpace(in.PersonID), ActingID: strings.TrimSpace(in.ActingID),
				From: in.From, To: in.To, Reason: in.Reason}
			id, err := s.org.CreateDelegation(r.Context(), s.ActorFrom(r), d)
			d.ID = id
			return DelegationJSON(d), govflow.RenameFields(err, map[string]string{"person": "person_id", "acting": "acting_id"})
		})
	API(rt, Op{Method: "DELETE", Path: "/api/v1/delegations/{id}", Perm: auth.ManageOrg, Summary: "删除代理安排", Tag: tag},
		func(r *http.Request, in IDParam) (NoContent, error) {
			return NoContent{}, s.org.DeleteDelegation(r.Context(), s.ActorFrom(r), in.ID)
		})
	API(rt, Op{Method: "GET", Path: "/api/v1/audit", Perm: auth.ReadAudit, Summary: "审计记录（新的在前）", Tag: "审计"}, s.apiAudit)
	API(rt, Op{Method: "GET", Path: "/api/v1/audit/verify", Perm: auth.ReadAudit, Summary: "校验审计哈希链", Tag: "审计"},
		func(r *http.Request, _ struct{}) (VerifyJSON, error) {
			res, err := audit.Verify(r.Context(), s.cfg.DB)
			v := VerifyJSON{Intact: res.Problem == nil, Records: res.Records, HeadSeq: res.HeadSeq, HeadHash: res.HeadHash, Message: "审计链完整。"}
			if res.Problem != nil {
				v.Kind, v.Seq, v.Message = res.Problem.Kind, res.Problem.Seq, res.Problem.Message
			}
			return v, err
		})
}

func (s *Server) apiPeople(r *http.Request, q PeopleQuery) (List[PersonJSON], error) {
	d, err := org.Load(r.Context(), s.cfg.DB)
	if err != nil {
		return List[PersonJSON]{}, err
	}
	if q.Unit != "" {
		if _, ok := d.Unit(q.Unit); !ok {
			return List[PersonJSON]{}, govflow.FieldError("unit", "处室“%s”不存在。", q.Unit)
		}
	}
	limit, offset := q.Window()
	out := List[PersonJSON]{Items: []PersonJSON{}, Limit: limit, Offset: offset}
	for _, p := range d.People() {
		if q.Unit != "" && p.UnitID != q.Unit {
			continue
		}
		if out.Total >= offset && len(out.Items) < limit {
			out.Items = append(out.Items, personJSON(d, p))
		}
		out.Total++
	}
	return out, nil
}

func (s *Server) apiAudit(r *http.Request, q AuditQuery) (List[AuditRecordJSON], error) {
	var rs []audit.Record
	err := s.cfg.DB.Read(r.Context(), func(tx store.Tx) error {
		var err error
		rs, err = audit.List(r.Context(), tx, audit.Filter{Before: q.Before, Limit: q.Limit, Actor: q.Actor, Action: q.Action})
		return err
	})
	out := List[AuditRecordJSON]{Items: []AuditRecordJSON{}, Limit: q.Limit}
	for _, x := range rs {
		out.Items = append(out.Items, AuditRecordJSON{Seq: x.Seq, At: x.At, Actor: x.Actor, Action: x.Action, Object: x.Object,
			Detail: x.Detail, IP: x.IP, PrevHash: x.PrevHash, Hash: x.Hash})
	}
	out.Total = len(out.Items)
	return out, err
}

func personJSON(d *org.Directory, p govflow.Person) PersonJSON {
	j := PersonJSON{ID: p.ID, Name: p.Name, UnitID: p.UnitID, Post: p.Post, Roles: []string{}, Clearance: p.Clearance.String(),
		Oversees: p.Oversees, Active: p.Active}
	if u, ok := d.Unit(p.UnitID); ok {
		j.UnitName = u.Name
	}
	for _, r := range p.Roles {
		j.Roles = append(j.Roles, string(r))
	}
	return j
}

// Validate checks a new delegation's body before the service does.
func (n *NewDelegation) Validate() error {
	var fe govflow.FieldErrors
	if strings.TrimSpace(n.PersonID) == "" {
		fe.Add("person_id", "请填写被代理人账号。")
	}
	if strings.TrimSpace(n.ActingID) == "" {
		fe.Add("acting_id", "请填写代理人账号。")
	}
	if n.From.IsZero() {
		fe.Add("from", "请填写开始时间（RFC 3339，如 2026-03-02T09:00:00+08:00）。")
	}
	if n.To.IsZero() {
		fe.Add("to", "请填写结束时间（RFC 3339）。")
	}
	return fe.Err()
}
