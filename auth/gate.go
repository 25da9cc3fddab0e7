package auth

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// gate serialises the sign-ins of one account name within this process, so that guesses sent at once
// still meet the lock the last allowed failure sets; it bounds the password checks running at once (each
// takes 64 MiB); and it counts failures of names that are no account, so that those lock like real ones
// and the answers do not tell which names exist.
type gate struct {
	checks chan struct{}

	mu     sync.Mutex
	turns  map[string]*turn
	ghosts map[string]ghost
}

type turn struct {
	sync.Mutex
	waiting int
}

type ghost struct {
	failures    int
	lockedUntil time.Time
}

const maxGhosts = 10000

func newGate() *gate {
	return &gate{checks: make(chan struct{}, max(2, runtime.GOMAXPROCS(0))), turns: map[string]*turn{}, ghosts: map[string]ghost{}}
}

// hold takes the account name's turn; call the returned function to give it back.
func (g *gate) hold(login string) func() {
	g.mu.Lock()
	t := g.turns[login]
	if t == nil {
		t = &turn{}
		g.turns[login] = t
	}
	t.waiting++
	g.mu.Unlock()
	t.Lock()
	return func() {
		t.Unlock()
		g.mu.Lock()
		if t.waiting--; t.waiting == 0 {
			delete(g.turns, login)
		}
		g.mu.Unlock()
	}
}

// check runs a password check when a slot is free.
func (g *gate) check(ctx context.Context, fn func() bool) (bool, error) {
	select {
	case g.checks <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-g.checks }()
	return fn(), nil
}

// ghostLocked says until when a name that is no account is locked.
func (g *gate) ghostLocked(login string, now time.Time) (time.Time, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	gh := g.ghosts[login]
	return gh.lockedUntil, now.Before(gh.lockedUntil)
}

// ghostFailed counts a failure of a name that is no account; it returns the count and the lock it set.
func (g *gate) ghostFailed(login string, now time.Time, maxFailures int, lockFor time.Duration) (int, time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.ghosts) >= maxGhosts {
		clear(g.ghosts)
	}
	gh := g.ghosts[login]
	gh.failures++
	if gh.failures >= maxFailures {
		gh = ghost{lockedUntil: now.Add(lockFor)}
		g.ghosts[login] = gh
		return maxFailures, gh.lockedUntil
	}
	g.ghosts[login] = gh
	return gh.failures, time.Time{}
}
