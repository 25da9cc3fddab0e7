package process

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaFiles are the definitions that must satisfy the schema: this package's good ones, the linter's good
// ones and the shipped catalog.
func schemaFiles(t *testing.T) []string {
	files := goodFiles(t)
	for _, dir := range []string{"../lint/testdata/good", "../catalog"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if d != nil && d.IsDir() && d.Name() == "templates" {
				return filepath.SkipDir // placeholders (__ID__) filled in when a new process is made
			}
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				files = append(files, path)
			}
			return nil
		})
	}
	return files
}

func TestDefinitionsSatisfyTheSchema(t *testing.T) {
	s := compiledSchema(t)
	for _, file := range schemaFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s does not satisfy the schema: %v", file, err)
		}
	}
}

func TestSchemaRejectsWhatTheReaderRejects(t *testing.T) {
	s := compiledSchema(t)
	for _, src := range []string{
		`{"id": "a", "name": "n", "category": "c", "owner": "o", "version": 1, "purpose": "p", "steps": [{"id": "s", "type": "start", "nxet": "e"}]}`,
		`{"id": "a", "name": "n", "category": "c", "owner": "o", "version": 0, "purpose": "p", "steps": [{"id": "s", "type": "start"}]}`,
		`{"id": "a", "name": "n", "category": "c", "owner": "o", "version": 1, "purpose": "p", "steps": [{"id": "s", "type": "approval", "who": {"unit": "秘书处", "role": "处室负责人"}}]}`,
		`{"id": "a", "name": "n", "category": "c", "owner": "o", "version": 1, "purpose": "p", "steps": [{"id": "s", "type": "task", "who": {"unit": "x", "unit_field": "y"}}]}`,
		`{"id": "a", "name": "n", "category": "c", "owner": "o", "version": 1, "purpose": "p", "fields": [{"id": "f", "name": "n", "type": "choice"}], "steps": []}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(inst) == nil {
			t.Errorf("schema accepted %s", src)
		}
	}
}

// TestSchemaMatchesTheTypes keeps the schema and the Go types in step: every yaml key of a type is a property
// of its schema object and every property is a key.
func TestSchemaMatchesTheTypes(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	defs := schema["$defs"].(map[string]any)
	objects := map[reflect.Type]map[string]any{
		reflect.TypeFor[Definition]():   schema,
		reflect.TypeFor[Field]():        defs["field"].(map[string]any),
		reflect.TypeFor[Step]():         defs["step"].(map[string]any),
		reflect.TypeFor[Assignee]():     defs["assignee"].(map[string]any),
		reflect.TypeFor[Branch]():       defs["branch"].(map[string]any),
		reflect.TypeFor[Precondition](): defs["precondition"].(map[string]any),
	}
	for typ, obj := range objects {
		props := obj["properties"].(map[string]any)
		var inSchema []string
		for k, p := range props {
			inSchema = append(inSchema, k)
			if m := p.(map[string]any); m["title"] == nil || m["description"] == nil {
				t.Errorf("%s.%s has no title or description", typ.Name(), k)
			}
		}
		slices.Sort(inSchema)
		inGo := infoOf(typ).names()
		slices.Sort(inGo)
		if !slices.Equal(inSchema, inGo) {
			t.Errorf("%s: schema keys %v, Go keys %v", typ.Name(), inSchema, inGo)
		}
		if obj["additionalProperties"] != false {
			t.Errorf("%s: the schema allows unknown keys", typ.Name())
		}
	}
	enums := map[string][]string{"type": toStrings(StepTypes), "mode": Modes}
	stepProps := defs["step"].(map[string]any)["properties"].(map[string]any)
	for key, want := range enums {
		if got := anyStrings(stepProps[key].(map[string]any)["enum"]); !slices.Equal(got, want) {
			t.Errorf("step %s enum %v, want %v", key, got, want)
		}
	}
	fieldType := defs["field"].(map[string]any)["properties"].(map[string]any)["type"].(map[string]any)
	if got := anyStrings(fieldType["enum"]); !slices.Equal(got, toStrings(FieldTypes)) {
		t.Errorf("field type enum %v", got)
	}
}

func toStrings[T ~string](l []T) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return out
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
