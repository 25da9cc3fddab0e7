package process

// Compiled is a checked definition with every condition compiled: what the engine runs.
type Compiled struct {
	Def   *Definition
	steps []*CompiledStep
	byID  map[string]*CompiledStep
	start *CompiledStep
}

// CompiledStep is one step with its compiled conditions and the steps leading into it.
type CompiledStep struct {
	*Step
	SkipCond     *Condition   // nil when the step has no skip_if
	RequireConds []*Condition // one per Step.Require
	BranchConds  []*Condition // one per Step.Branches
	// Incoming lists the distinct steps with an arrow into this one; a parallel join waits for a token from
	// each of them.
	Incoming []string
}

// Compile checks def and compiles its conditions. On any problem the error is a *CheckError and nothing is
// returned. The definition must not change afterwards.
func Compile(def *Definition) (*Compiled, error) {
	c := newChecker(def).run()
	if len(c.probs) > 0 {
		return nil, &CheckError{Problems: c.probs}
	}
	out := &Compiled{Def: def, byID: make(map[string]*CompiledStep, len(def.Steps))}
	incoming := incomingAll(def)
	for i := range def.Steps {
		s := &def.Steps[i]
		cs := &CompiledStep{Step: s, SkipCond: c.skipIf[i], RequireConds: c.require[i], BranchConds: c.branches[i],
			Incoming: incoming[s.ID]}
		out.steps = append(out.steps, cs)
		out.byID[s.ID] = cs
		if s.Type == StepStart {
			out.start = cs
		}
	}
	return out, nil
}

// incomingAll returns, for every step id, the distinct steps leading to it in step order.
func incomingAll(def *Definition) map[string][]string {
	out := map[string][]string{}
	for i := range def.Steps {
		from := def.Steps[i].ID
		for _, to := range def.Steps[i].Targets() {
			if l := out[to]; len(l) == 0 || l[len(l)-1] != from {
				out[to] = append(l, from)
			}
		}
	}
	return out
}

// Load parses and compiles one definition file; the error is a *ParseError or a *CheckError.
func Load(filename string, data []byte) (*Compiled, error) {
	def, err := Parse(filename, data)
	if err != nil {
		return nil, err
	}
	return Compile(def)
}

// Step returns the step with the given id.
func (c *Compiled) Step(id string) (*CompiledStep, bool) {
	s, ok := c.byID[id]
	return s, ok
}

// Start returns the start step.
func (c *Compiled) Start() *CompiledStep { return c.start }

// Steps returns the steps in definition order.
func (c *Compiled) Steps() []*CompiledStep { return c.steps }
