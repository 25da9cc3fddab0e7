package process

import (
	_ "embed"
	"slices"
)

//go:embed definition.schema.json
var schemaJSON []byte

// SchemaID is the schema's $id.
const SchemaID = "urn:govflow:schema:process-definition"

// Schema returns the JSON Schema (2020-12) of the definition format, with Chinese titles and descriptions
// so that editors complete and explain the keys. The web serves it at /api/v1/schema/definition.json.
func Schema() []byte { return slices.Clone(schemaJSON) }
