package web

import (
	"slices"
	"sync"
)

// Feature is one part of the application: a function that registers its routes. Each feature lives in its
// own files (catalog_handlers.go, templates/catalog/…) and registers itself:
//
//	func init() { RegisterFeature(Feature{Name: "catalog", Routes: catalogRoutes}) }
//	func catalogRoutes(s *Server, rt *Router) { rt.Page("GET /catalog", perm, s.catalogList) … }
type Feature struct {
	Name   string
	Routes func(s *Server, rt *Router)
}

var (
	featureMu sync.Mutex
	featureL  []Feature
)

// RegisterFeature adds a feature. Names must be unique.
func RegisterFeature(f Feature) {
	featureMu.Lock()
	defer featureMu.Unlock()
	for _, x := range featureL {
		if x.Name == f.Name {
			panic("web: feature registered twice: " + f.Name)
		}
	}
	featureL = append(featureL, f)
}

func features() []Feature {
	featureMu.Lock()
	defer featureMu.Unlock()
	out := slices.Clone(featureL)
	slices.SortFunc(out, func(a, b Feature) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out
}
