package process

import (
	"fmt"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/govflow/govflow/calendar"
)

// TodayVar is the variable expressions use for the current date; the engine sets it from the command's time,
// so evaluation stays a pure function of the instance and the clock.
const TodayVar = "today"

// Condition is a compiled, type-checked boolean expression over a definition's fields.
type Condition struct {
	Source  string
	program *vm.Program
}

// CompileCondition compiles src against def's declared fields and requires it to yield a bool.
// Its error message is in Chinese and quotes the expression.
// The error is an *ExprError.
func CompileCondition(def *Definition, src string) (*Condition, error) {
	return compileCondition(def, typeEnv(def), src)
}

// compileCondition compiles src against env, the type environment of def.
func compileCondition(def *Definition, env map[string]any, src string) (c *Condition, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, &ExprError{Source: src, Message: "无法解析"}
		}
	}()
	if strings.TrimSpace(src) == "" {
		return nil, &ExprError{Source: src, Message: "条件是空的，请写出表达式，例如 importance == \"一般\""}
	}
	p, err := expr.Compile(src, expr.Env(env), expr.AsBool(), expr.DisableBuiltin("now"))
	if err != nil {
		return nil, exprError(def, src, err)
	}
	return &Condition{Source: src, program: p}, nil
}

// Eval evaluates the condition on values (as stored in an instance) at the given day.
func (c *Condition) Eval(def *Definition, values map[string]any, today time.Time) (bool, error) {
	out, err := expr.Run(c.program, evalEnv(def, values, today))
	if err != nil {
		return false, fmt.Errorf("计算表达式 %q 出错：%v", c.Source, err)
	}
	b, _ := out.(bool)
	return b, nil
}

// typeEnv maps every field id to a zero value of its expression type, which is what the checker types against.
func typeEnv(def *Definition) map[string]any {
	env := make(map[string]any, len(def.Fields)+1)
	for _, f := range def.Fields {
		env[f.ID] = zeroOf(f.Type)
	}
	env[TodayVar] = time.Time{}
	return env
}

func evalEnv(def *Definition, values map[string]any, today time.Time) map[string]any {
	env := typeEnv(def)
	for _, f := range def.Fields {
		if v, ok := values[f.ID]; ok && v != nil {
			env[f.ID] = exprValue(f.Type, v)
		}
	}
	env[TodayVar] = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	return env
}

func zeroOf(t FieldType) any {
	switch t {
	case FieldNumber:
		return float64(0)
	case FieldBool:
		return false
	case FieldDate:
		return time.Time{}
	case FieldChoices, FieldUnits, FieldPersons, FieldAttachment:
		return []string{}
	default:
		return ""
	}
}

// exprValue turns a stored value into its expression type; a value of the wrong shape becomes the zero value.
func exprValue(t FieldType, v any) any {
	switch t {
	case FieldDate:
		if s, ok := v.(string); ok {
			if d, err := time.ParseInLocation(time.DateOnly, s, calendar.Beijing); err == nil {
				return d
			}
		}
		return time.Time{}
	case FieldChoices, FieldUnits, FieldPersons, FieldAttachment:
		if l, ok := stringList(v); ok {
			return l
		}
		return []string{}
	}
	z := zeroOf(t)
	switch z.(type) {
	case float64:
		if f, ok := toFloat(v); ok {
			return f
		}
	case bool:
		if b, ok := v.(bool); ok {
			return b
		}
	case string:
		if s, ok := v.(string); ok {
			return s
		}
	}
	return z
}
