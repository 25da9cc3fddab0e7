package demo

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/govflow/govflow/auth"
	"github.com/govflow/govflow/store"
)

// Password is the one password of every demo account. Outside demo mode it must be changed at first sign-in.
const Password = "demo2026"

// Env is what a loader gets.
type Env struct {
	DB       *store.DB
	Now      time.Time   // the load instant; relative demo dates count from its day (Beijing time)
	Params   auth.Params // for password hashes
	Password string      // the demo password (Password unless a test sets another)
}

// A Loader puts one feature's demo data into the database. Loaders run in ascending Order; each runs once
// per database (its completion is recorded in settings as "demo.<Name>"), and must itself be safe to run
// again after a crash between its work and that record (check before inserting, or insert ON CONFLICT DO
// NOTHING). Run may open its own transactions with env.DB.Write.
type Loader struct {
	Name  string // stable, e.g. "office", "catalog"
	Order int    // office is 0; catalog 200, workflow instances 300 …
	Run   func(ctx context.Context, env Env) error
}

var (
	mu      sync.Mutex
	loaders []Loader
)

// Register adds a loader. Call it from init in a file of package demo (demo/catalog.go) or of the feature.
func Register(l Loader) {
	mu.Lock()
	defer mu.Unlock()
	for _, x := range loaders {
		if x.Name == l.Name {
			panic("demo: loader registered twice: " + l.Name)
		}
	}
	loaders = append(loaders, l)
	slices.SortStableFunc(loaders, func(a, b Loader) int { return a.Order - b.Order })
}

// Loaders lists the registered loaders in run order.
func Loaders() []Loader {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(loaders)
}

// Load runs every loader that has not run on this database yet and returns the names it ran.
func Load(ctx context.Context, env Env) ([]string, error) {
	if env.Password == "" {
		env.Password = Password
	}
	var ran []string
	for _, l := range Loaders() {
		key := "demo." + l.Name
		var done bool
		err := env.DB.Read(ctx, func(tx store.Tx) error {
			var err error
			_, done, err = store.Setting(ctx, tx, key)
			return err
		})
		if err != nil {
			return ran, err
		}
		if done {
			continue
		}
		if err := l.Run(ctx, env); err != nil {
			return ran, fmt.Errorf("demo %s: %w", l.Name, err)
		}
		err = env.DB.Write(ctx, func(tx store.Tx) error {
			return store.SetSetting(ctx, tx, key, env.Now.UTC().Format(time.RFC3339))
		})
		if err != nil {
			return ran, err
		}
		ran = append(ran, l.Name)
	}
	return ran, nil
}
