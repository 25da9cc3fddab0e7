package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/audit"
	"github.com/govflow/govflow/calendar"
	"github.com/govflow/govflow/store"
)

// Service signs people in and out. Set DB and Now; the rest have working defaults (see New).
type Service struct {
	DB          *store.DB
	Now         func() time.Time
	Params      Params        // for new hashes
	IdleTimeout time.Duration // a session ends after this long without use
	MaxAge      time.Duration // and in any case this long after sign-in
	MaxFailures int           // consecutive wrong passwords before the account locks
	LockFor     time.Duration // how long it stays locked
	// Slow is called after a failed attempt with the consecutive failure count; the default sleeps a little
	// longer each time (capped), so guessing is slow even before the lock. Tests replace it.
	Slow func(ctx context.Context, failures int)
	// DemoMode skips the forced change of initial passwords, so the demo accounts work as printed.
	DemoMode bool

	dummyOnce sync.Once
	dummyHash string
	gateOnce  sync.Once
	gateV     *gate
}

func (s *Service) gate() *gate {
	s.gateOnce.Do(func() { s.gateV = newGate() })
	return s.gateV
}

func (s *Service) dummy() string {
	s.dummyOnce.Do(func() { s.dummyHash = HashPassword("govflow-dummy-password", s.Params) })
	return s.dummyHash
}

// New returns a Service with the documented defaults: argon2id DefaultParams, 8 h idle / 7 d absolute
// sessions, lock for 15 minutes after 5 failures.
func New(db *store.DB, now func() time.Time) *Service {
	return &Service{DB: db, Now: now, Params: DefaultParams, IdleTimeout: 8 * time.Hour, MaxAge: 7 * 24 * time.Hour,
		MaxFailures: 5, LockFor: 15 * time.Minute, Slow: sleepSlow}
}

func sleepSlow(ctx context.Context, failures int) {
	d := min(time.Duration(failures)*400*time.Millisecond, 2*time.Second)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Session is a signed-in browser.
type Session struct {
	User       *User
	CSRF       string // the token every form and JSON write of this session must carry
	MustChange bool   // the password is an initial one and must be changed before anything else
	ExpiresAt  time.Time
}

// Client identifies where a request came from, for the audit trail.
type Client struct {
	IP        string
	UserAgent string
}

// SignIn checks a password and opens a session. It returns the token for the cookie.
// Errors: EUNAUTHORIZED (wrong name or password), ELOCKED (too many failures; the message says until when).
func (s *Service) SignIn(ctx context.Context, login, password string, c Client) (string, *Session, error) {
	login = strings.TrimSpace(login)
	g := s.gate()
	defer g.hold(login)()
	now := s.Now()
	var hash string
	var lockedUntil time.Time
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		return tx.QueryRow(ctx, `SELECT a.password_hash, a.locked_until FROM accounts a JOIN people p ON p.id = a.person_id
			WHERE a.person_id = $1 AND p.active = 1`, login).Scan(&hash, &lockedUntil)
	})
	if errors.Is(err, store.ErrNoRows) {
		return "", nil, s.failUnknown(ctx, login, password, c, now)
	}
	if err != nil {
		return "", nil, fmt.Errorf("sign in: %w", err)
	}
	if now.Before(lockedUntil) {
		return "", nil, lockedError(lockedUntil)
	}
	ok, err := g.check(ctx, func() bool { return CheckPassword(hash, password) })
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return "", nil, s.fail(ctx, login, c, now)
	}
	return s.open(ctx, login, c, now)
}

// failUnknown answers a name that is no account exactly as a wrong password (the same check cost, the
// same lock after MaxFailures), so that answers do not tell which accounts exist.
func (s *Service) failUnknown(ctx context.Context, login, password string, c Client, now time.Time) error {
	g := s.gate()
	if until, locked := g.ghostLocked(login, now); locked {
		return lockedError(until)
	}
	if _, err := g.check(ctx, func() bool { return CheckPassword(s.dummy(), password) }); err != nil {
		return err
	}
	s.record(ctx, audit.Entry{Actor: "anonymous", Action: "auth.signin.fail", Object: "account:" + clip(login, 64),
		Detail: "账号不存在", IP: c.IP, At: now})
	failures, until := g.ghostFailed(login, now, s.MaxFailures, s.LockFor)
	s.Slow(ctx, failures)
	if !until.IsZero() {
		return lockedError(until)
	}
	return wrongPassword()
}

func wrongPassword() error {
	return govflow.Errorf(govflow.EUNAUTHORIZED, "账号或密码错误，请重新输入。")
}

func lockedError(until time.Time) error {
	return govflow.Errorf(govflow.ELOCKED, "密码连续输错次数过多，账号已锁定至 %s（北京时间）。请届时再试，或请系统管理员解锁。",
		until.In(calendar.Beijing).Format("2006-01-02 15:04"))
}

func (s *Service) fail(ctx context.Context, login string, c Client, now time.Time) error {
	var failures int
	var locked bool
	err := s.DB.Write(ctx, func(tx store.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE accounts SET failed_count = failed_count + 1, last_failed_at = $2
			WHERE person_id = $1 RETURNING failed_count`, login, now).Scan(&failures)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("密码错误（连续第 %d 次）", failures)
		if failures >= s.MaxFailures {
			locked = true
			detail += "，账号锁定至 " + now.Add(s.LockFor).In(calendar.Beijing).Format("2006-01-02 15:04")
			if _, err := tx.Exec(ctx, `UPDATE accounts SET failed_count = 0, locked_until = $2 WHERE person_id = $1`,
				login, now.Add(s.LockFor)); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: login, Action: "auth.signin.fail", Object: "account:" + login,
			Detail: detail, IP: c.IP, At: now})
	})
	if err != nil {
		return fmt.Errorf("record failed sign-in: %w", err)
	}
	s.Slow(ctx, failures)
	if locked {
		return lockedError(now.Add(s.LockFor))
	}
	return wrongPassword()
}

func (s *Service) open(ctx context.Context, login string, c Client, now time.Time) (string, *Session, error) {
	token, csrf := randomToken(), randomToken()
	sess := &Session{CSRF: csrf, ExpiresAt: now.Add(min(s.IdleTimeout, s.MaxAge))}
	err := s.DB.Write(ctx, func(tx store.Tx) error {
		var must bool
		if err := tx.QueryRow(ctx, `UPDATE accounts SET failed_count = 0, locked_until = 0 WHERE person_id = $1
			RETURNING must_change`, login).Scan(&must); err != nil {
			return err
		}
		sess.MustChange = must && !s.DemoMode
		u, err := LoadUser(ctx, tx, login)
		if err != nil {
			return err
		}
		sess.User = u
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE person_id = $1 AND expires_at <= $2`, login, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO sessions (token_hash, person_id, csrf, created_at, last_seen_at, expires_at, ip, user_agent)
			VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`, tokenHash(token), login, csrf, now, sess.ExpiresAt, c.IP, clip(c.UserAgent, 256))
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: login, Action: "auth.signin", Object: "account:" + login,
			Detail: "登录成功", IP: c.IP, At: now})
	})
	if err != nil {
		return "", nil, fmt.Errorf("open session: %w", err)
	}
	return token, sess, nil
}

// Lookup returns the session for a cookie token; EUNAUTHORIZED when it is unknown or expired. It extends an
// idle session (writing at most once a minute per session).
func (s *Service) Lookup(ctx context.Context, token string) (*Session, error) {
	if token == "" || len(token) > 100 {
		return nil, govflow.Errorf(govflow.EUNAUTHORIZED, "请先登录。")
	}
	now := s.Now()
	h := tokenHash(token)
	var person string
	var sess Session
	var created, seen time.Time
	var must bool
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		err := tx.QueryRow(ctx, `SELECT s.person_id, s.csrf, s.created_at, s.last_seen_at, s.expires_at, a.must_change
			FROM sessions s JOIN accounts a ON a.person_id = s.person_id WHERE s.token_hash = $1`, h).
			Scan(&person, &sess.CSRF, &created, &seen, &sess.ExpiresAt, &must)
		if err != nil {
			return err
		}
		if !now.Before(sess.ExpiresAt) {
			return store.ErrNoRows
		}
		sess.User, err = LoadUser(ctx, tx, person)
		return err
	})
	if errors.Is(err, store.ErrNoRows) || govflow.ErrorCode(err) == govflow.ENOTFOUND {
		return nil, govflow.Errorf(govflow.EUNAUTHORIZED, "登录已过期，请重新登录。")
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	sess.MustChange = must && !s.DemoMode
	if now.Sub(seen) >= time.Minute {
		exp := now.Add(s.IdleTimeout)
		if hard := created.Add(s.MaxAge); hard.Before(exp) {
			exp = hard
		}
		err := s.DB.Write(ctx, func(tx store.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1`, h, now, exp)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
		sess.ExpiresAt = exp
	}
	return &sess, nil
}

// SignOut ends the session of token.
func (s *Service) SignOut(ctx context.Context, token string, c Client) error {
	now := s.Now()
	return s.DB.Write(ctx, func(tx store.Tx) error {
		var person string
		err := tx.QueryRow(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING person_id`, tokenHash(token)).Scan(&person)
		if errors.Is(err, store.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: person, Action: "auth.signout", Object: "account:" + person,
			Detail: "退出登录", IP: c.IP, At: now})
	})
}

// ChangePassword replaces a person's own password after checking the current one. Other sessions of the
// person are ended; the one identified by keepToken stays.
func (s *Service) ChangePassword(ctx context.Context, personID, current, next, keepToken string, c Client) error {
	var hash string
	err := s.DB.Read(ctx, func(tx store.Tx) error {
		return tx.QueryRow(ctx, `SELECT password_hash FROM accounts WHERE person_id = $1`, personID).Scan(&hash)
	})
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if !CheckPassword(hash, current) {
		return govflow.FieldError("current", "当前密码不正确。")
	}
	if msg := CheckStrength(next); msg != "" {
		return govflow.FieldError("new", "%s。", msg)
	}
	if next == current {
		return govflow.FieldError("new", "新密码不能与当前密码相同。")
	}
	newHash := HashPassword(next, s.Params)
	now := s.Now()
	return s.DB.Write(ctx, func(tx store.Tx) error {
		if err := SetPassword(ctx, tx, personID, newHash, false, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE person_id = $1 AND token_hash <> $2`, personID, tokenHash(keepToken)); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: personID, Action: "auth.password.change", Object: "account:" + personID,
			Detail: "修改了自己的密码", IP: c.IP, At: now})
	})
}

// SetPassword creates or replaces the account of personID with an already hashed password. Initial passwords
// (set by an administrator, an import or the demo) pass mustChange = true. The caller audits.
func SetPassword(ctx context.Context, tx store.Tx, personID, hash string, mustChange bool, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO accounts (person_id, password_hash, must_change, password_changed_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash, must_change = excluded.must_change,
			password_changed_at = excluded.password_changed_at, failed_count = 0, locked_until = 0`,
		personID, hash, mustChange, now)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", personID, err)
	}
	return nil
}

// Unlock clears a lock and the failure count. The caller audits.
func Unlock(ctx context.Context, tx store.Tx, personID string) error {
	_, err := tx.Exec(ctx, `UPDATE accounts SET failed_count = 0, locked_until = 0 WHERE person_id = $1`, personID)
	return err
}

// EndSessions signs a person out everywhere (after a reset or deactivation). The caller audits.
func EndSessions(ctx context.Context, tx store.Tx, personID string) error {
	_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID)
	return err
}

// AccountState is what an administrator sees of an account.
type AccountState struct {
	Exists      bool
	MustChange  bool
	LockedUntil time.Time
	Failures    int
}

// Account reads the state of personID's account.
func Account(ctx context.Context, tx store.Tx, personID string) (AccountState, error) {
	var a AccountState
	err := tx.QueryRow(ctx, `SELECT must_change, locked_until, failed_count FROM accounts WHERE person_id = $1`, personID).
		Scan(&a.MustChange, &a.LockedUntil, &a.Failures)
	if errors.Is(err, store.ErrNoRows) {
		return a, nil
	}
	a.Exists = err == nil
	return a, err
}

// record appends an audit entry in a transaction of its own (for events with no other write).
func (s *Service) record(ctx context.Context, e audit.Entry) {
	_ = s.DB.Write(ctx, func(tx store.Tx) error { return audit.Append(ctx, tx, e) })
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is what the database keeps of a session token: its SM3 hash.
func tokenHash(token string) string {
	h := sm3.Sum([]byte(token))
	return hex.EncodeToString(h[:])
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// RandomToken returns 32 random bytes, URL-safe base64 (for CSRF cookies of anonymous visitors).
func RandomToken() string { return randomToken() }
