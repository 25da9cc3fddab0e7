package bpmn

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, def := range testDefs(t) {
		t.Run(def.ID, func(t *testing.T) {
			out, err := Export(def)
			if err != nil {
				t.Fatal(err)
			}
			back, warns, err := Import(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range warns {
				t.Errorf("warning: %s", w)
			}
			want := *def
			stripPositions(&want)
			stripPositions(back)
			if !reflect.DeepEqual(&want, back) {
				a, _ := json.MarshalIndent(want, "", " ")
				b, _ := json.MarshalIndent(back, "", " ")
				t.Errorf("round trip differs:\nwant %s\ngot  %s", a, b)
			}
		})
	}
}
