package calendar

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// sharedDir holds an independent public copy of the national arrangements, present in CI.
const sharedDir = "../../shared/data/holidays-cn"

type sharedYear struct {
	Year int `json:"year"`
	Days []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay bool   `json:"isOffDay"`
	} `json:"days"`
}

// TestAgreesWithSharedCopy compares the working-day status of every date of every national year, and the
// holiday name of every date both list, with the independent copy.
func TestAgreesWithSharedCopy(t *testing.T) {
	if _, err := os.Stat(sharedDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the independent copy of the holiday data (%s) is absent; nothing to compare with", sharedDir)
	}
	theirs := map[Date]Day{}
	for _, a := range National() {
		b, err := os.ReadFile(filepath.Join(sharedDir, strconv.Itoa(a.Year)+".json"))
		if err != nil {
			t.Errorf("%d: %v", a.Year, err)
			continue
		}
		var y sharedYear
		if err := json.Unmarshal(b, &y); err != nil {
			t.Fatalf("%d.json: %v", a.Year, err)
		}
		for _, d := range y.Days {
			date, err := ParseDate(d.Date)
			if err != nil {
				t.Fatalf("%d.json: %v", a.Year, err)
			}
			theirs[date] = Day{Date: date, Workday: !d.IsOffDay, Name: d.Name}
		}
	}
	c := Default()
	for _, a := range National() {
		for x := yearStart(a.Year); x < yearStart(a.Year+1); x++ {
			date := x.date()
			ours := c.Day(date)
			other, listed := theirs[date]
			if !listed {
				other = Day{Workday: !x.weekend()}
			}
			if ours.Workday != other.Workday {
				t.Errorf("%s: ours workday=%v (%s), the shared copy workday=%v (%s)",
					date, ours.Workday, ours.Name, other.Workday, other.Name)
			}
			if listed && ours.Name != "" && ours.Name != other.Name {
				t.Errorf("%s: name %q here, %q in the shared copy", date, ours.Name, other.Name)
			}
		}
	}
}
