package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/govflow/govflow/process"
)

// vagueOwners are the words seed 002 retired: "以前的‘有关处室’也变成了具体的各个处室".
var vagueOwners = []string{"有关处室", "相关处室", "有关部门", "相关部门", "各有关单位", "有关单位", "相关单位", "各处室",
	"各单位", "各部门", "相关人员", "有关人员", "有关领导", "相关领导", "责任处室", "责任部门", "主管部门", "职能部门",
	"有关方面", "相关方面", "等处室", "等单位"}

// ownerRules: the owner and every assignee name a concrete unit, post and role the organisation has.
func ownerRules(l *linter) {
	d := l.def
	if !l.vague(d.Owner, d.PosOf("owner"), "牵头单位") && d.Owner != "" {
		l.unit(d.Owner, d.PosOf("owner"))
	}
	for i := range d.Steps {
		for j := range d.Steps[i].Who {
			l.assignee(&d.Steps[i], &d.Steps[i].Who[j])
		}
	}
}

func (l *linter) assignee(s *process.Step, a *process.Assignee) {
	unitVague := l.vague(a.Unit, a.PosOf("unit"), "办理处室")
	postVague := l.vague(a.Post, a.PosOf("post"), "岗位")
	roleVague := l.vague(a.Role, a.PosOf("role"), "角色")
	if a.Unit != "" && !unitVague {
		l.unit(a.Unit, a.PosOf("unit"))
	}
	if a.Post != "" && !postVague {
		l.post(a, unitVague)
	}
	if a.Role != "" && !roleVague {
		l.role(a.Role, a.PosOf("role"))
	}
}

// vague reports (and flags) text that names no one, unless it names a unit of the directory.
func (l *linter) vague(text string, pos process.Pos, what string) bool {
	i := slices.IndexFunc(vagueOwners, func(w string) bool { return strings.Contains(text, w) })
	if i < 0 || l.namesUnit(text) {
		return false
	}
	fix := "请写出具体的处室名称，如“秘书处”；涉及几个处室时，每个处室写一条 who 规则"
	switch what {
	case "岗位":
		fix = "请写出具体的岗位，如“收发员”“科员”"
	case "角色":
		fix = "请写出具体的角色，如“处室负责人”“分管领导”"
	}
	l.add(pos, RuleVagueOwner, "%s“%s”含糊（“%s”）：%s", what, text, vagueOwners[i], fix)
	return true
}

func (l *linter) namesUnit(text string) bool {
	if l.opts.Directory == nil {
		return false
	}
	return slices.ContainsFunc(l.opts.Directory.Units(), func(u string) bool { return u != "" && strings.Contains(text, u) })
}

func (l *linter) unit(name string, pos process.Pos) {
	dir := l.opts.Directory
	if dir == nil || slices.Contains(dir.Units(), name) {
		return
	}
	l.add(pos, RuleUnknownUnit, "组织机构中没有处室“%s”%s", name, suggestion(name, dir.Units(), "处室"))
}

func (l *linter) post(a *process.Assignee, unitUnknown bool) {
	dir := l.opts.Directory
	if dir == nil {
		return
	}
	if !slices.Contains(dir.Posts(), a.Post) {
		l.add(a.PosOf("post"), RuleUnknownPost, "组织机构中没有岗位“%s”%s", a.Post, suggestion(a.Post, dir.Posts(), "岗位"))
		return
	}
	if a.Unit != "" && !unitUnknown && slices.Contains(dir.Units(), a.Unit) && !slices.Contains(dir.UnitPosts(a.Unit), a.Post) {
		l.add(a.PosOf("post"), RuleUnstaffedPost, "%s目前没有人担任“%s”岗位，任务将无人认领：请核对岗位（%s现有：%s），或在组织机构中配备人员",
			a.Unit, a.Post, a.Unit, strings.Join(dir.UnitPosts(a.Unit), "、"))
	}
}

func (l *linter) role(name string, pos process.Pos) {
	dir := l.opts.Directory
	if dir == nil || slices.Contains(relativeRoles, name) || slices.Contains(dir.Roles(), name) {
		return
	}
	all := append(slices.Clone(dir.Roles()), relativeRoles...)
	l.add(pos, RuleUnknownRole, "没有角色“%s”%s", name, suggestion(name, all, "角色"))
}

// suggestion proposes the closest known name, or lists them all when there are few.
func suggestion(name string, known []string, what string) string {
	if len(known) > 500 {
		return ""
	}
	best, bestDist := "", max(1, len([]rune(name))/2)+1
	for _, k := range known {
		if d := process.EditDistance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("，是否想写“%s”？", best)
	}
	if len(known) <= 24 {
		return fmt.Sprintf("；现有%s：%s", what, strings.Join(known, "、"))
	}
	return ""
}
