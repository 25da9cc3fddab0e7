package web

import "sync"

// The interface is written in Chinese; English is a translation table keyed by the Chinese text. A text with
// no entry stays Chinese. Features add their entries from init: RegisterMessages(map[string]string{…}).
var (
	msgMu   sync.RWMutex
	english = map[string]string{}
)

// RegisterMessages adds English translations (Chinese text → English).
func RegisterMessages(m map[string]string) {
	msgMu.Lock()
	defer msgMu.Unlock()
	for k, v := range m {
		english[k] = v
	}
}

func lookupEnglish(s string) (string, bool) {
	msgMu.RLock()
	defer msgMu.RUnlock()
	e, ok := english[s]
	return e, ok
}

func init() {
	RegisterMessages(map[string]string{
		"待办": "Inbox", "公文": "Documents", "督办": "Supervision", "政务服务": "Public services",
		"流程目录": "Processes", "统计": "Statistics", "管理": "Administration",
		"登录": "Sign in", "退出": "Sign out", "账号": "Account", "密码": "Password",
		"请输入账号和密码登录":     "Enter your account and password",
		"账号或密码错误，请重新输入。": "Wrong account or password. Please try again.",
		"修改密码": "Change password", "当前密码": "Current password", "新密码": "New password",
		"再次输入新密码": "Repeat the new password", "保存": "Save", "取消": "Cancel",
		"建设中": "Under construction", "即将提供": "Coming soon",
		"暂无待办事项": "Nothing to do", "您目前没有需要办理的事项。新的事项到达时会显示在这里。": "You have no open tasks. New tasks will appear here.",
		"无权限": "Access denied", "页面不存在": "Page not found", "系统错误": "Server error",
		"返回首页": "Back to the inbox", "English": "English", "中文": "中文",
		"组织机构": "Organisation", "人员": "People", "处室": "Units", "岗位": "Posts", "代理": "Delegations",
		"批量导入": "Import", "审计日志": "Audit log", "姓名": "Name", "角色": "Roles", "涉密等级": "Clearance",
		"分管": "Oversees", "负责人": "Head", "上级处室": "Parent unit", "状态": "Status", "操作": "Actions",
		"新建": "New", "编辑": "Edit", "删除": "Delete", "启用": "Active", "停用": "Inactive",
		"您好": "Hello", "欢迎使用": "Welcome to", "演示模式": "Demo mode",
		"请先修改初始密码": "Please change your initial password",
	})
}
