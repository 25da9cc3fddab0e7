// Package demo holds the demo office: its organisation and the data a newcomer clicks through.
package demo

import (
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"
)

//go:embed office.yaml
var officeYAML []byte

// Office is the demo organisation as written in office.yaml.
type Office struct {
	Name        string       `yaml:"name"`
	Units       []Unit       `yaml:"units"`
	Posts       []string     `yaml:"posts"`
	People      []Person     `yaml:"people"`
	Delegations []Delegation `yaml:"delegations"`
}

// Unit is one unit (处室) of the office tree.
type Unit struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Parent string `yaml:"parent"`
	Head   string `yaml:"head"` // person id
}

// Person is one member of staff.
type Person struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name"`
	Unit      string   `yaml:"unit"` // unit name
	Post      string   `yaml:"post"`
	Roles     []string `yaml:"roles"`
	Clearance string   `yaml:"clearance"`
	Oversees  []string `yaml:"oversees"` // unit names, for 厅领导
}

// Delegation is a 代理 period, in days relative to the day the demo is loaded.
type Delegation struct {
	Person   string `yaml:"person"`
	Acting   string `yaml:"acting"`
	FromDays int    `yaml:"from_days"`
	ToDays   int    `yaml:"to_days"`
	Reason   string `yaml:"reason"`
}

// LoadOffice parses the embedded demo organisation.
func LoadOffice() (*Office, error) {
	var o Office
	if err := yaml.Unmarshal(officeYAML, &o); err != nil {
		return nil, fmt.Errorf("demo office: %w", err)
	}
	return &o, nil
}
