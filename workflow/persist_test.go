package workflow

import "testing"

// Notification ids of one process never repeat, however many are made in one millisecond.
func TestNoteIDsAreUniqueAndGrow(t *testing.T) {
	seen := map[int64]bool{}
	prev := int64(0)
	for range 20000 {
		id := newNoteID()
		if id <= prev || seen[id] {
			t.Fatalf("id %d after %d", id, prev)
		}
		seen[id], prev = true, id
	}
}
