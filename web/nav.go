package web

import (
	"net/http"
	"sync"

	"github.com/govflow/govflow/auth"
)

// Section is one entry of the main navigation.
type Section struct {
	Key     string // also the template folder of its pages
	Title   string
	Path    string
	Summary string // what the section will hold: shown on its 建设中 page until a feature serves it
	// Visible decides whether the user sees the entry; nil means every signed-in person.
	Visible func(u *auth.User) bool
}

var sections = []Section{
	{Key: "todo", Title: "待办", Path: "/todo", Summary: "需要您办理、审批、会签、传阅的事项，按期限排序，临期和超期醒目提示。"},
	{Key: "docs", Title: "公文", Path: "/docs", Summary: "收文登记、拟制、审核、签发、发文办理和整理归档：15 种文种、完整的公文要素、发文字号和 GB/T 9704 版式。"},
	{Key: "supervision", Title: "督办", Path: "/supervision", Summary: "领导批示、会议议定事项和重要文件的立项、交办、定期报告、催办、审核办结和绩效考核，台账可导入导出 Excel。"},
	{Key: "services", Title: "政务服务", Path: "/services", Summary: "事项目录与办事指南、一窗受理、并联审批、容缺受理、告知承诺、办件进度查询和好差评。"},
	{Key: "catalog", Title: "流程目录", Path: "/catalog", Summary: "全部工作流程的目录：每个流程的步骤、承办处室与岗位、时限和完成标准，流程图、规范检查和流程手册。"},
	{Key: "stats", Title: "统计", Path: "/stats", Summary: "办理时长、按时办结率、瓶颈环节、各处室工作量、流程符合度与满意度，一目了然的图表。"},
	{Key: "admin", Title: "管理", Path: "/admin", Summary: "组织机构、人员与账号、代理安排、批量导入和审计日志。",
		Visible: func(u *auth.User) bool {
			return auth.ManageOrg.Allows(u) || auth.ReadAudit.Allows(u) || len(allowedAdminTabs(u)) > 0
		}},
}

// Sections lists the main navigation in order.
func Sections() []Section { return sections }

// NavItem is a navigation entry as the layout shows it.
type NavItem struct {
	Section
	Active bool
	NavBadge
}

// NavBadge is the badge beside an entry: a number (0 shows none) and, when something is late, an alert
// colour and a title that says what.
type NavBadge struct {
	Count int
	Alert string // e.g. "3 件超期"; empty when nothing is late
}

// NavCount returns the badge of a section for a user (e.g. open tasks in 待办).
type NavCount func(s *Server, r *http.Request, u *auth.User) (NavBadge, error)

var (
	countMu sync.Mutex
	counts  = map[string]NavCount{}
)

// RegisterNavCount sets the badge function of a section (by Key). Call it from a feature's init.
func RegisterNavCount(section string, fn NavCount) {
	countMu.Lock()
	defer countMu.Unlock()
	counts[section] = fn
}

func (s *Server) nav(r *http.Request, u *auth.User, active string) []NavItem {
	countMu.Lock()
	fns := make(map[string]NavCount, len(counts))
	for k, v := range counts {
		fns[k] = v
	}
	countMu.Unlock()
	var out []NavItem
	for _, sec := range sections {
		if sec.Visible != nil && !sec.Visible(u) {
			continue
		}
		item := NavItem{Section: sec, Active: sec.Key == active}
		if fn := fns[sec.Key]; fn != nil {
			b, err := fn(s, r, u)
			if err != nil {
				s.log.Error("nav count", "section", sec.Key, "err", err)
			}
			item.NavBadge = b
		}
		out = append(out, item)
	}
	return out
}
