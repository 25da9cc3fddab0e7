package process

import (
	"testing"
	"time"

	"github.com/govflow/govflow/calendar"
)

func exprDef() *Definition {
	return &Definition{Fields: []Field{
		{ID: "importance", Name: "重要程度", Type: FieldChoice, Options: []string{"一般", "重要", "重大"}},
		{ID: "amount", Name: "金额", Type: FieldNumber},
		{ID: "co_units", Name: "配合处室", Type: FieldUnits},
		{ID: "meeting", Name: "会议日期", Type: FieldDate},
		{ID: "signed", Name: "已签署", Type: FieldBool},
	}}
}

func TestConditionTypeChecksAgainstFields(t *testing.T) {
	d := exprDef()
	for _, bad := range []string{`importanc == "一般"`, `amount == "x"`, `importance`, `now() > meeting`, `amount +`} {
		if _, err := CompileCondition(d, bad); err == nil {
			t.Errorf("%q compiled, want a type error", bad)
		}
	}
	today := time.Date(2026, 9, 30, 15, 0, 0, 0, calendar.Beijing)
	cases := []struct {
		src  string
		vals Values
		want bool
	}{
		{`importance == "一般"`, Values{}, false},
		{`importance == "一般"`, Values{"importance": "一般"}, true},
		{`amount > 50000 && !signed`, Values{"amount": 60000.0}, true},
		{`"法规处" in co_units`, Values{"co_units": []string{"法规处"}}, true},
		{`"法规处" in co_units`, Values{}, false},
		{`meeting < today`, Values{"meeting": "2026-09-29"}, true},
		{`meeting < today`, Values{"meeting": "2026-09-30"}, false},
	}
	for _, c := range cases {
		cond, err := CompileCondition(d, c.src)
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		got, err := cond.Eval(d, c.vals, today)
		if err != nil || got != c.want {
			t.Errorf("%q on %v = %v, %v; want %v", c.src, c.vals, got, err, c.want)
		}
	}
}

func TestCoerceChecksRulesAndChangesNothingOnError(t *testing.T) {
	max := 4.0
	d := &Definition{Fields: []Field{
		{ID: "title", Name: "标题", Type: FieldText, Required: true, Max: &max},
		{ID: "n", Name: "份数", Type: FieldNumber},
		{ID: "s", Name: "密级", Type: FieldSecrecy},
		{ID: "ok", Name: "同意", Type: FieldBool},
	}}
	ids := []string{"title", "n", "s", "ok"}
	v, probs := d.Coerce(ids, map[string]any{"title": []string{"关于"}, "n": "3", "s": "秘密", "ok": []string{"false", "true"}})
	if probs != nil || v["title"] != "关于" || v["n"] != 3.0 || v["s"] != "秘密" || v["ok"] != true {
		t.Fatalf("got %v %v", v, probs)
	}
	v, probs = d.Coerce(ids, map[string]any{"title": "关于开展检查", "n": "三", "s": "内部"})
	if v != nil || len(probs) != 3 {
		t.Fatalf("want 3 problems and no values, got %v %v", v, probs)
	}
	_, probs = d.Coerce(ids, map[string]any{})
	if len(probs) != 1 || probs[0].Field != "title" {
		t.Fatalf("want title required, got %v", probs)
	}
}
