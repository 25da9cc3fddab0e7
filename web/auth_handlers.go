package web

import (
	"net/http"
	"strings"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/auth"
)

func init() { RegisterFeature(Feature{Name: "auth", Routes: authRoutes}) }

func authRoutes(s *Server, rt *Router) {
	rt.Page("GET /login", auth.Public, s.loginPage)
	rt.Page("POST /login", auth.Public, s.login)
	rt.Handle(Route{Pattern: "POST /logout", Perm: auth.SignedIn, AllowMustChange: true, Handler: s.logout})
	rt.Handle(Route{Pattern: "GET /password", Perm: auth.SignedIn, AllowMustChange: true, Handler: s.passwordPage})
	rt.Handle(Route{Pattern: "POST /password", Perm: auth.SignedIn, AllowMustChange: true, Handler: s.changePassword})
}

type loginData struct {
	Login    string
	Next     string
	DemoMode bool
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = ""
	}
	if UserFrom(r) != nil {
		http.Redirect(w, r, "/todo", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "auth/login", &Page{Section: "-", Data: loginData{Next: next, DemoMode: s.cfg.DemoMode}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	d := loginData{Login: strings.TrimSpace(r.PostFormValue("login")), Next: r.PostFormValue("next"), DemoMode: s.cfg.DemoMode}
	if !localPath(d.Next) {
		d.Next = ""
	}
	if d.Login == "" || r.PostFormValue("password") == "" {
		return s.render(w, r, http.StatusUnprocessableEntity, "auth/login", &Page{Section: "-", Data: d, Error: "请输入账号和密码。"})
	}
	token, sess, err := s.auth.SignIn(r.Context(), d.Login, r.PostFormValue("password"), s.Client(r))
	if err != nil {
		code := govflow.ErrorCode(err)
		if code != govflow.EUNAUTHORIZED && code != govflow.ELOCKED {
			return err
		}
		return s.render(w, r, Status(code), "auth/login", &Page{Section: "-", Data: d, Error: govflow.ErrorMessage(err)})
	}
	s.SetCookie(w, r, cookieSession, token, 0)
	s.clearCookie(w, r, cookieCSRF)
	switch {
	case sess.MustChange:
		http.Redirect(w, r, "/password", http.StatusSeeOther)
	case d.Next != "":
		http.Redirect(w, r, d.Next, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/todo", http.StatusSeeOther)
	}
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if tok, _ := r.Context().Value(keyToken).(string); tok != "" {
		if err := s.auth.SignOut(r.Context(), tok, s.Client(r)); err != nil {
			return err
		}
	}
	s.clearCookie(w, r, cookieSession)
	return s.Redirect(w, r, "/login", "您已安全退出。")
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "auth/password", &Page{Section: "-", Data: SessionFrom(r)})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	sess := SessionFrom(r)
	cur, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again")
	var err error
	if next != again {
		err = govflow.FieldError("again", "两次输入的新密码不一致。")
	} else {
		tok, _ := r.Context().Value(keyToken).(string)
		err = s.auth.ChangePassword(r.Context(), sess.User.ID, cur, next, tok, s.Client(r))
	}
	if err != nil {
		fields, general, ok := FieldMessages(err)
		if !ok {
			return err
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "auth/password", &Page{Section: "-", Data: sess, Errors: fields, Error: general})
	}
	return s.Redirect(w, r, "/todo", "密码已修改。")
}
