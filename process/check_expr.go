package process

// conditions compiles every skip_if, require check and branch condition against the fields.
func (c *checker) conditions() {
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		if s.SkipIf != "" {
			c.skipIf[i] = c.compile(s.SkipIf, s.PosOf("skip_if"))
		}
		c.require[i] = make([]*Condition, len(s.Require))
		for j := range s.Require {
			p := &s.Require[j]
			c.require[i][j] = c.compile(p.Check, p.PosOf("check"))
		}
		c.branches[i] = make([]*Condition, len(s.Branches))
		for j := range s.Branches {
			b := &s.Branches[j]
			c.branches[i][j] = c.compile(b.When, b.PosOf("when"))
		}
	}
}

func (c *checker) compile(src string, pos Pos) *Condition {
	cond, err := compileCondition(c.def, c.env, src)
	if err != nil {
		c.add(pos, RuleExpression, "%s", err.Error())
		return nil
	}
	return cond
}
