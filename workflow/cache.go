package workflow

import (
	"sync"

	"github.com/govflow/govflow/engine"
)

// inst is an instance as the writers see it at one seq: the state, the compiled definition it runs and the
// copies kept in its row. Values are immutable once built: a command makes new
// ones.
type inst struct {
	st      *engine.State
	c       *engine.Compiled
	title   string
	secrecy int
	due     int64
	remind  int64
	current string
}

// stateCache keeps recently used instances so that a command needs no read and no JSON decoding. It may be
// stale when another server changed an instance: the write's seq check catches that and the command runs
// again on a fresh read.
type stateCache struct {
	mu   sync.Mutex
	max  int
	m    map[string]*inst
	prev map[string]*inst // the previous generation, dropped when the current one fills up
}

func newStateCache(max int) *stateCache {
	return &stateCache{max: max / 2, m: map[string]*inst{}, prev: map[string]*inst{}}
}

func (c *stateCache) get(id string) *inst {
	c.mu.Lock()
	defer c.mu.Unlock()
	if x, ok := c.m[id]; ok {
		return x
	}
	if x, ok := c.prev[id]; ok {
		c.put(id, x)
		return x
	}
	return nil
}

func (c *stateCache) put(id string, x *inst) {
	if len(c.m) >= c.max {
		c.prev, c.m = c.m, make(map[string]*inst, c.max)
	}
	c.m[id] = x
}

func (c *stateCache) remember(xs ...*inst) {
	if len(xs) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, x := range xs {
		if old, ok := c.m[x.st.Instance]; ok && old.st.Seq > x.st.Seq {
			continue
		}
		c.put(x.st.Instance, x)
	}
}

func (c *stateCache) forget(ids ...string) {
	if len(ids) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.m, id)
		delete(c.prev, id)
	}
}
