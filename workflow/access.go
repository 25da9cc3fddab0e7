package workflow

import (
	"context"
	"slices"

	"github.com/govflow/govflow"
)

// The read rule. A viewer sees an instance when their clearance is at least the instance's 密级 AND they are
// a participant (its initiator, someone who holds or held a task, a reading task or a copy of it, or acted
// on it), an administrator (系统管理员, 流程管理员), or a 厅领导 or 督查员. Otherwise the instance does not exist for
// them (ENOTFOUND: its existence is not revealed). The lists apply the clearance part in SQL; a person's
// lists hold only their own work, so participation holds there by construction.

var overseeing = []govflow.Role{govflow.RoleAdmin, govflow.RoleProcessAdmin, govflow.RoleLeader, govflow.RoleSupervisor}

func (s *Service) mayRead(ctx context.Context, viewer govflow.Actor, rec *record) error {
	hidden := govflow.Errorf(govflow.ENOTFOUND, "未找到该流程实例")
	dir, err := s.directory(ctx)
	if err != nil {
		return err
	}
	p, ok := dir.d.Person(viewer.ID)
	if !ok || !p.Clearance.Permits(govflow.Clearance(rec.in.secrecy)) {
		return hidden
	}
	if slices.ContainsFunc(overseeing, p.HasRole) || participant(viewer.ID, rec) {
		return nil
	}
	return hidden
}

func participant(id string, rec *record) bool {
	st := rec.in.st
	if st.Initiator == id {
		return true
	}
	for _, t := range rec.tasks {
		if t.Assignee == id || t.OnBehalfOf == id {
			return true
		}
	}
	for _, t := range st.Tasks {
		if t.MayHold(id) {
			return true
		}
	}
	for _, e := range rec.events {
		if e.Actor == id || e.OnBehalfOf == id {
			return true
		}
	}
	return false
}
