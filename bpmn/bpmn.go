// Package bpmn converts between govflow's process definitions and BPMN 2.0 XML, the interchange format of
// process modelling tools (bpmn.io, Camunda Modeler and others). Import reads any BPMN 2.0 model and maps
// what govflow can run, listing everything else as warnings; Export writes a model with a swimlane diagram
// and keeps govflow's own attributes (time limits, owners, who does each step, forms, completion standards,
// skip and precondition rules) in an extension namespace, so that Import(Export(def)) gives def back.
package bpmn

import "fmt"

// Namespaces of BPMN 2.0 and of govflow's extension elements.
const (
	NSModel   = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	NSDI      = "http://www.omg.org/spec/BPMN/20100524/DI"
	NSDC      = "http://www.omg.org/spec/DD/20100524/DC"
	NSDDI     = "http://www.omg.org/spec/DD/20100524/DI"
	NSXSI     = "http://www.w3.org/2001/XMLSchema-instance"
	NSGovflow = "urn:govflow:bpmn:1.0"
)

// ExprLanguage marks condition expressions written in govflow's expression language.
const ExprLanguage = "https://expr-lang.org"

// Warning is something in an imported model that govflow does not run as written, and what Import did
// with it.
type Warning struct {
	Line, Column int    // where the element starts in the file
	Element      string // the BPMN id of the element, when it has one
	Message      string // in Chinese: what was found and how it was imported
}

func (w Warning) String() string {
	loc := ""
	if w.Line > 0 {
		loc = fmt.Sprintf("第 %d 行第 %d 列：", w.Line, w.Column)
	}
	return loc + w.Message
}
