package calendar

import (
	"embed"
	"fmt"
	"slices"
	"sync"
)

// The national arrangements, one file a year, each written from the State Council's notice it cites.
//
//go:embed data/*.yaml
var nationalFiles embed.FS

var national = sync.OnceValues(loadNational)

func loadNational() (map[int]*Arrangement, error) {
	entries, err := nationalFiles.ReadDir("data")
	if err != nil {
		return nil, err
	}
	out := map[int]*Arrangement{}
	for _, e := range entries {
		b, err := nationalFiles.ReadFile("data/" + e.Name())
		if err != nil {
			return nil, err
		}
		a, warnings, err := ParseArrangement(b)
		if err == nil && len(warnings) > 0 {
			err = &ArrangementError{Problems: warnings}
		}
		if err != nil {
			return nil, fmt.Errorf("national arrangement %s: %w", e.Name(), err)
		}
		out[a.Year] = a
	}
	return out, nil
}

// National returns the arrangements govflow ships (2020 through 2026), in year order.
func National() []*Arrangement {
	m := mustNational()
	years := make([]int, 0, len(m))
	for y := range m {
		years = append(years, y)
	}
	slices.Sort(years)
	out := make([]*Arrangement, len(years))
	for i, y := range years {
		out[i] = m[y].clone()
	}
	return out
}

func mustNational() map[int]*Arrangement {
	m, err := national()
	if err != nil {
		panic("calendar: embedded data is broken: " + err.Error()) // the tests guard the shipped files
	}
	return m
}
