package engine

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/govflow/govflow"
)

// FuzzApply feeds arbitrary commands (as the API would decode them) to an instance in the middle of a
// countersign: every one is applied or refused with a person-readable error; none panics, none corrupts.
func FuzzApply(f *testing.F) {
	for _, seed := range []string{
		`{"op":"approve","actor":"tianye","task":"I1-t8"}`,
		`{"op":"reject","actor":"dongqian","task":"I1-t9","opinion":"不同意"}`,
		`{"op":"return","actor":"xiefeng","task":"I1-t10","target":"draft","opinion":"重写"}`,
		`{"op":"add_sign","actor":"tianye","task":"I1-t8","persons":["hebin"],"before":true}`,
		`{"op":"remove_sign","actor":"admin","task":"I1-t8","person":"xiefeng"}`,
		`{"op":"withdraw","actor":"wu","task":"I1-t3"}`,
		`{"op":"transfer","actor":"tianye","task":"I1-t8","person":"gaoya"}`,
		`{"op":"fire_timer","timer":"I1-m8r"}`,
		`{"op":"move","actor":"admin","token":"k2","target":"issue"}`,
		`{"op":"complete","actor":"tianye","task":"I1-t8","form":{"note":["a","b"]}}`,
		`{"op":"start","actor":"wu","instance":"I2"}`,
		`{"op":"suspend","actor":"admin","reason":"x"}`,
		`{"op":"cc","actor":"wu","persons":["wang",""]}`,
		`{"op":"dance"}`,
	} {
		f.Add([]byte(seed))
	}
	h := &harness{t: &testing.T{}}
	c, _ := Compile(review("all", 0, "draft"))
	h.c, h.st, h.now, h.env = c, &State{}, t0, testEnv()
	h.start("wu", nil)
	h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("draft", "wu").ID})
	base, events := h.st, h.events
	f.Fuzz(func(t *testing.T, data []byte) {
		var cmd Command
		if json.Unmarshal(data, &cmd) != nil {
			return
		}
		res, err := Apply(c, base, cmd, t0, testEnv())
		if err != nil {
			var ge *govflow.Error
			if !errors.As(err, &ge) || ge.Code == govflow.EINTERNAL || ge.Message == "" {
				t.Fatalf("%s: %v", data, err)
			}
			return
		}
		checkConsistent(t, res.State, append(append([]Event{}, events...), res.Events...))
	})
}

// FuzzReplay feeds arbitrary event logs to Replay: a bad log is an error, never a panic.
func FuzzReplay(f *testing.F) {
	h := newHarness(&testing.T{}, review("sequential", 0, "draft")).start("wu", nil)
	h.do(Command{Op: OpComplete, Actor: "wu", Task: h.task("draft", "wu").ID})
	good, _ := json.Marshal(h.events)
	f.Add(good)
	f.Add([]byte(`[{"seq":1,"type":"task.completed","task":"x"}]`))
	f.Add([]byte(`[{"seq":1,"type":"instance.started"},{"seq":2,"type":"sign.added","token":"k"}]`))
	f.Add([]byte(`[{"seq":1,"type":"instance.started"},{"seq":2,"type":"step.withdrawn","task":"t"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var events []Event
		if json.Unmarshal(data, &events) != nil {
			return
		}
		st, err := Replay(events)
		if err == nil {
			if _, err := json.Marshal(st); err != nil {
				t.Fatalf("replayed state does not encode: %v", err)
			}
		}
	})
}
