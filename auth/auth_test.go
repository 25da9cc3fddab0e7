package auth_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/store"
	"github.com/govflow/govflow/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	h := auth.HashPassword("demo2026", auth.TestParams)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("format: %s", h)
	}
	if !auth.CheckPassword(h, "demo2026") || auth.CheckPassword(h, "demo2027") {
		t.Fatal("check")
	}
	if h == auth.HashPassword("demo2026", auth.TestParams) {
		t.Fatal("salt not random")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA",
		"$argon2id$v=19$m=64,t=0,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=64,t=1,p=1$!!$AAAAAAAAAAAAAAAAAAAAAA"} {
		if auth.CheckPassword(bad, "") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	f.Add(auth.HashPassword("x1234567", auth.TestParams), "x1234567")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if strings.Contains(hash, "m=") && !strings.Contains(hash, "m=64,") {
			return // keep the fuzzer from asking for gigabytes
		}
		auth.CheckPassword(hash, pw)
	})
}

func TestStrength(t *testing.T) {
	for pw, ok := range map[string]bool{"demo2026": true, "short1": false, "abcdefgh": false, "12345678": false, "长密码长密码长密码1": true} {
		if (auth.CheckStrength(pw) == "") != ok {
			t.Errorf("%q: %q", pw, auth.CheckStrength(pw))
		}
	}
}

func TestPermissions(t *testing.T) {
	admin := &auth.User{ID: "a", Roles: []govflow.Role{govflow.RoleAdmin}}
	staff := &auth.User{ID: "s", Roles: []govflow.Role{govflow.RoleStaff}}
	for _, tc := range []struct {
		p    auth.Permission
		u    *auth.User
		want bool
	}{
		{auth.Public, nil, true},
		{auth.SignedIn, nil, false},
		{auth.SignedIn, staff, true},
		{auth.ManageOrg, staff, false},
		{auth.ManageOrg, admin, true},
		{auth.ManageOrg, nil, false},
		{auth.Permission{}, admin, false},
	} {
		if got := tc.p.Allows(tc.u); got != tc.want {
			t.Errorf("%s allows %v = %v", tc.p.Name(), tc.u, got)
		}
	}
	if !(auth.Permission{}).IsZero() || auth.ManageOrg.IsZero() {
		t.Fatal("IsZero")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("duplicate permission accepted")
		}
	}()
	auth.NewPermission("org.manage", "again", govflow.RoleAdmin)
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T, db *store.DB, c *clock) *auth.Service {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO units (id, name, created_at, updated_at) VALUES ('u', '秘书处', 0, 0)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO people (id, name, unit_id, post, created_at, updated_at) VALUES ('sunlei', '孙磊', 'u', '收发员', 0, 0)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO person_roles (person_id, role) VALUES ('sunlei', '工作人员')`); err != nil {
			return err
		}
		return auth.SetPassword(ctx, tx, "sunlei", auth.HashPassword("demo2026", auth.TestParams), true, c.t)
	})
	if err != nil {
		t.Fatal(err)
	}
	s := auth.New(db, c.now)
	s.Params = auth.TestParams
	s.Slow = func(context.Context, int) {}
	return s
}

func TestSignInLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
		s := setup(t, db, c)
		cl := auth.Client{IP: "10.1.1.1"}
		for i := 1; i <= 4; i++ {
			if _, _, err := s.SignIn(ctx, "sunlei", "wrong", cl); govflow.ErrorCode(err) != govflow.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		_, _, err := s.SignIn(ctx, "sunlei", "wrong", cl)
		if govflow.ErrorCode(err) != govflow.ELOCKED || !strings.Contains(govflow.ErrorMessage(err), "2026-03-02 09:15") {
			t.Fatalf("fifth failure: %v", err)
		}
		// Locked: even the right password is refused, until the lock ends.
		if _, _, err := s.SignIn(ctx, "sunlei", "demo2026", cl); govflow.ErrorCode(err) != govflow.ELOCKED {
			t.Fatalf("locked account signed in: %v", err)
		}
		c.t = c.t.Add(15 * time.Minute)
		token, sess, err := s.SignIn(ctx, "sunlei", "demo2026", cl)
		if err != nil || sess.User.Name != "孙磊" || !sess.MustChange || sess.User.UnitName != "秘书处" {
			t.Fatalf("sign in after lock: %+v %v", sess, err)
		}
		got, err := s.Lookup(ctx, token)
		if err != nil || got.CSRF != sess.CSRF || got.User.ID != "sunlei" {
			t.Fatalf("lookup: %+v %v", got, err)
		}
		if _, err := s.Lookup(ctx, token+"x"); govflow.ErrorCode(err) != govflow.EUNAUTHORIZED {
			t.Fatalf("forged token: %v", err)
		}
		// Unknown accounts fail the same way.
		if _, _, err := s.SignIn(ctx, "nobody", "x", cl); govflow.ErrorCode(err) != govflow.EUNAUTHORIZED {
			t.Fatal(err)
		}
		// Changing the password clears must-change; the session stays.
		if err := s.ChangePassword(ctx, "sunlei", "wrong", "newpass2026", token, cl); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := s.ChangePassword(ctx, "sunlei", "demo2026", "short", token, cl); govflow.ErrorCode(err) != govflow.EINVALID {
			t.Fatalf("weak password: %v", err)
		}
		if err := s.ChangePassword(ctx, "sunlei", "demo2026", "newpass2026", token, cl); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Lookup(ctx, token); err != nil || got.MustChange {
			t.Fatalf("after change: %+v %v", got, err)
		}
		// Sessions expire when idle.
		c.t = c.t.Add(9 * time.Hour)
		if _, err := s.Lookup(ctx, token); govflow.ErrorCode(err) != govflow.EUNAUTHORIZED {
			t.Fatalf("idle session still valid: %v", err)
		}
		if err := s.SignOut(ctx, token, cl); err != nil {
			t.Fatal(err)
		}
		res, err := audit.Verify(ctx, db)
		if err != nil || res.Problem != nil || res.Records < 8 {
			t.Fatalf("audit: %+v %v", res, err)
		}
	})
}

func TestSessionSurvivesNewService(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	c := &clock{time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	token, _, err := setup(t, db, c).SignIn(ctx, "sunlei", "demo2026", auth.Client{})
	if err != nil {
		t.Fatal(err)
	}
	other := auth.New(db, c.now) // a second server, or the same one after a restart
	if _, err := other.Lookup(ctx, token); err != nil {
		t.Fatal(err)
	}
	other.DemoMode = true
	if s, _ := other.Lookup(ctx, token); s.MustChange {
		t.Fatal("demo mode forces a password change")
	}
}

// Guesses sent at once meet the lock like guesses sent one by one: at most MaxFailures passwords are
// checked, and the rest are told the account is locked.
func TestConcurrentGuessesMeetTheLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := setup(t, db, &clock{time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)})
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := svc.SignIn(context.Background(), "sunlei", "wrong-guess", auth.Client{IP: "198.51.100.7"})
				mu.Lock()
				codes[govflow.ErrorCode(err)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[govflow.EUNAUTHORIZED] != svc.MaxFailures-1 || codes[govflow.ELOCKED] != 12-svc.MaxFailures+1 {
			t.Fatalf("answers %v", codes)
		}
	})
}

// A name that is no account locks like a real one, so the answers do not tell which names exist.
func TestUnknownNameLocksLikeAnAccount(t *testing.T) {
	svc := setup(t, storetest.SQLite(t), &clock{time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)})
	var last error
	for range svc.MaxFailures {
		_, _, last = svc.SignIn(context.Background(), "nosuchperson", "guess", auth.Client{IP: "198.51.100.7"})
	}
	if govflow.ErrorCode(last) != govflow.ELOCKED {
		t.Fatalf("after %d failures: %v", svc.MaxFailures, last)
	}
}
