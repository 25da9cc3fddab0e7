package web

import (
	"time"

	"github.com/govflow/govflow/engine"
)

type form = map[string]any

// stories are the demo office's last weeks. at(n, "hh:mm") is working day n back; acts that would fall after
// the load instant are left for people to do.
func (w *workDemo) stories() []*story {
	var out []*story
	for _, group := range [][]*story{w.receiving(), w.sending(), w.supervision(), w.disclosure(), w.assets(),
		w.writing(), w.confidential(), w.others()} {
		out = append(out, group...)
	}
	return out
}

// incoming is the start form of a 收文办理.
func (w *workDemo) incoming(title, from, number, kind, urgency string, copies float64, n int) form {
	return form{"title": title, "from_org": from, "from_number": number, "doc_type": kind, "secrecy": "非密",
		"urgency": urgency, "copies": copies, "received_date": w.day(n)}
}

func (w *workDemo) receiving() []*story {
	return []*story{
		{key: "sw-fanghuo", process: "shouwen-banli", by: "sunlei", at: w.at(15, "09:10"),
			form: w.incoming("关于做好2026年春季森林防火工作的通知", "省林业和草原局", "省林发〔2026〕8号", "通知", "加急", 2, 15),
			acts: []act{
				do(w.at(15, "09:25"), "sign", "sunlei", "原件两份，封套完好，已签收。", nil),
				do(w.at(15, "10:05"), "register", "zhoujing", "已登记，收文编号按序生成。", nil),
				do(w.at(15, "15:20"), "review", "wuhao", "拟请综合二处牵头研究落实，报李明华副主任阅示。", form{
					"review_result": "符合规定", "doc_nature": "办件", "propose_opinion": "拟请综合二处牵头研究落实，报李明华副主任阅示。",
					"need_instruction": true, "undertaker": "综合二处", "readers": []string{"wangjianguo"},
					"handle_deadline": w.day(10), "need_reply": true}),
				{at: w.at(15, "15:30"), by: "sunlei", op: engine.OpCopy, persons: []string{"zhaomin"}, opinion: "请赵处长阅知。"},
				do(w.at(14, "10:00"), "instruct", "liminghua", "请综合二处会同有关处室抓好落实，按期反馈。", form{"instruction": "请综合二处会同有关处室抓好落实，按期反馈。"}),
				do(w.at(12, "16:30"), "handle", "machao", "已办结。", form{"handle_status": "已办结", "handle_result": "已制定本厅春季防火工作方案，明确值守和巡查责任，方案已报省林草局。"}),
				read(w.at(11, "09:00"), "circulate", "wangjianguo"),
				do(w.at(11, "14:00"), "reply", "machao", "已书面答复省林草局。", nil),
			}},
		{key: "sw-fazhi", process: "shouwen-banli", by: "zhoujing", at: w.at(12, "08:50"),
			form: w.incoming("关于报送2025年度法治政府建设情况报告的通知", "省司法厅", "省司发〔2026〕5号", "通知", "普通", 1, 12),
			acts: []act{
				do(w.at(12, "09:00"), "sign", "zhoujing", "已签收。", nil),
				do(w.at(12, "09:40"), "register", "zhoujing", "已登记。", nil),
				do(w.at(12, "14:00"), "review", "wuhao", "拟请法规处办理。", form{"review_result": "符合规定", "doc_nature": "办件",
					"propose_opinion": "拟请法规处办理。", "need_instruction": false, "undertaker": "法规处",
					"readers": []string{"liminghua"}, "handle_deadline": w.day(7), "need_reply": false}),
				do(w.at(5, "10:00"), "handle", "xiefeng", "正在办理。", form{"handle_status": "正在办理",
					"handle_result": "初稿已形成，正在征求各处室意见，预计3个工作日内报出。"}),
				do(w.at(5, "15:00"), "urge", "wuhao", "已向法规处发出催办单，登记催办情况。", nil),
				do(w.at(3, "11:00"), "handle", "xiefeng", "已办结。", form{"handle_status": "已办结", "handle_result": "报告已按要求报送省司法厅。"}),
				read(w.at(2, "09:30"), "circulate", "liminghua"),
			}},
		{key: "sw-xiaoneng", process: "shouwen-banli", by: "sunlei", at: w.at(3, "09:15"),
			form: w.incoming("关于开展2026年度全省政务服务效能评估的通知", "省政务服务管理局", "省政管发〔2026〕3号", "通知", "加急", 1, 3),
			acts: []act{
				do(w.at(3, "09:30"), "sign", "sunlei", "已签收。", nil),
				do(w.at(3, "10:10"), "register", "zhoujing", "已登记。", nil),
				do(w.away("08:30"), "review", "wuhao", "拟请综合一处牵头办理，需答复来文单位。", form{"review_result": "符合规定",
					"doc_nature": "办件", "propose_opinion": "拟请综合一处牵头办理。", "need_instruction": false,
					"undertaker": "综合一处", "readers": []string{"wangjianguo"}, "handle_deadline": w.day(-3), "need_reply": true}),
				urge(w.ago(3*time.Hour), "handle", "linxiao", "sunlei", "请抓紧办理，省政管局要求本周内报送。"),
				urge(w.ago(time.Hour), "handle", "linxiao", "wuhao", "请于今日下班前反馈办理进度。"),
			}},
		{key: "sw-guifan", process: "shouwen-banli", by: "zhoujing", at: w.at(3, "10:30"),
			form: w.incoming("关于进一步规范公文办理工作的通知", "省委办公厅", "省委办发〔2026〕11号", "通知", "普通", 3, 3),
			acts: []act{
				do(w.at(3, "10:40"), "sign", "zhoujing", "已签收，三份。", nil),
				do(w.at(3, "11:00"), "register", "zhoujing", "已登记。", nil),
			}},
		{key: "sw-xunqi", process: "shouwen-banli", by: "sunlei", at: w.at(1, "16:40"),
			form: w.incoming("省应急管理厅关于做好汛期值班值守工作的函", "省应急管理厅", "省应急函〔2026〕14号", "函", "特急", 1, 1)},
		{key: "sw-peixun", process: "shouwen-banli", by: "sunlei", at: w.at(0, "08:35"),
			form: w.incoming("关于举办全省机关公文写作培训班的通知", "省委组织部", "省组通〔2026〕6号", "通知", "普通", 1, 0)},
		{key: "sw-tongji", process: "shouwen-banli", by: "zhoujing", at: w.at(0, "08:45"),
			form: w.incoming("关于报送一季度统计数据的通知", "省统计局", "省统字〔2026〕9号", "通知", "加急", 1, 0),
			acts: []act{
				do(w.at(0, "08:50"), "sign", "zhoujing", "已签收。", nil),
				claim(w.at(0, "08:55"), "register", "zhoujing"),
			}},
		{key: "sw-guize", process: "shouwen-banli", by: "sunlei", at: w.at(2, "14:00"),
			form: w.incoming("关于征求《省政府工作规则（修订稿）》意见的函", "省司法厅", "省司函〔2026〕9号", "函", "普通", 1, 2),
			acts: []act{
				do(w.at(2, "14:10"), "sign", "sunlei", "已签收。", nil),
				do(w.at(2, "14:40"), "register", "zhoujing", "已登记。", nil),
				{at: w.at(1, "09:30"), step: "review", by: "wuhao", op: engine.OpReturn, target: "register",
					opinion: "来文字号登记有误（原件为省司函〔2026〕19号），请核对原件后重新登记。"},
			}},
		{key: "sw-yaodian", process: "shouwen-banli", by: "zhoujing", at: w.at(4, "09:00"),
			form: w.incoming("国务院办公厅关于印发2026年政务公开工作要点的通知", "国务院办公厅", "国办发〔2026〕7号", "通知", "普通", 2, 4),
			acts: []act{
				do(w.at(4, "09:10"), "sign", "zhoujing", "已签收。", nil),
				do(w.at(4, "09:30"), "register", "sunlei", "已登记。", nil),
				do(w.at(4, "11:00"), "review", "wuhao", "阅件，请各位领导阅知。", form{"review_result": "符合规定", "doc_nature": "阅件",
					"propose_opinion": "请各位领导阅知。", "need_instruction": false,
					"readers": []string{"wangjianguo", "zhangli", "liminghua"}, "need_reply": false}),
				read(w.at(3, "10:00"), "circulate", "zhangli"),
			}},
		{key: "sw-tuiwen", process: "shouwen-banli", by: "sunlei", at: w.at(9, "10:00"),
			form: w.incoming("关于申请召开全省物流发展座谈会的请示", "某市商务局", "某商务〔2026〕2号", "请示", "普通", 1, 9),
			acts: []act{
				do(w.at(9, "10:15"), "sign", "sunlei", "已签收。", nil),
				do(w.at(9, "10:50"), "register", "sunlei", "已登记。", nil),
				do(w.at(9, "15:00"), "review", "wuhao", "不符合行文规则，予以退文。", form{"review_result": "退回来文单位",
					"return_reason": "市级部门不得越级向省政府办公厅请示，应由该市人民政府报送。", "doc_nature": "办件"}),
				do(w.at(9, "16:00"), "return_doc", "wuhao", "已出具退文通知单。", nil),
			}},
		{key: "sw-zhiban", process: "shouwen-banli", by: "sunlei", at: w.at(2, "10:20"),
			form: w.incoming("关于做好清明节期间值班工作的通知", "省委办公厅", "省委办电〔2026〕21号", "通知", "加急", 1, 2),
			acts: []act{
				do(w.at(2, "10:30"), "sign", "sunlei", "已签收。", nil),
				do(w.at(2, "11:00"), "register", "zhoujing", "已登记。", nil),
				do(w.at(2, "15:00"), "review", "wuhao", "拟请秘书处安排值班。", form{"review_result": "符合规定", "doc_nature": "办件",
					"propose_opinion": "拟请秘书处统筹安排节日值班。", "need_instruction": false, "undertaker": "秘书处",
					"readers": []string{"wangjianguo"}, "handle_deadline": w.day(-2), "need_reply": false}),
			}},
	}
}

// outgoing is the drafter's form of a 发文办理.
func outgoing(title, kind, importance string, co []string, legal bool, note string) form {
	f := form{"title": title, "doc_type": kind, "doc_word": "省政办发", "importance": importance, "secrecy": "非密",
		"urgency": "普通", "main_to": "各市州人民政府办公室，省直各部门办公室", "involves_regulation": legal,
		"body": []string{title + ".docx"}, "drafting_note": note}
	if len(co) > 0 {
		f["co_units"] = co
	}
	return f
}

func (w *workDemo) sending() []*story {
	return []*story{
		{key: "fw-xinxi", process: "fawen-banli", by: "luona", at: w.at(3, "09:30"),
			form: form{"title": "关于印发《省政府办公厅2026年政务信息工作要点》的通知", "draft_unit": "综合二处"},
			acts: []act{
				do(w.at(2, "16:00"), "draft", "luona", "文稿已起草，请审核。", outgoing("关于印发《省政府办公厅2026年政务信息工作要点》的通知",
					"通知", "一般", nil, false, "依据国办2026年政务信息工作要求起草。")),
			}},
		{key: "fw-zhiban", process: "fawen-banli", by: "hebin", at: w.at(6, "10:00"),
			form: form{"title": "关于进一步加强全省政务值班工作的意见", "draft_unit": "综合一处"},
			acts: []act{
				do(w.at(5, "17:00"), "draft", "hebin", "请审核。", outgoing("关于进一步加强全省政务值班工作的意见", "意见", "重要",
					[]string{"综合二处", "行政处"}, true, "涉及值班经费保障，须行政处会签；含规范性内容，送法规处审核。")),
				agree(w.at(4, "10:00"), "unit_review", "huangwei", "同意，送会签和法规审核。"),
				agree(w.at(3, "15:00"), "countersign", "machao", "同意。"),
				{at: w.at(3, "15:10"), by: "hebin", op: engine.OpCopy, persons: []string{"gaoya"}, opinion: "请了解会签进展。"},
				urge(w.at(1, "10:00"), "countersign", "yeqing", "hebin", "会签意见请于今日反馈。"),
			}},
		{key: "fw-qingming", process: "fawen-banli", by: "zhengshuang", at: w.at(9, "09:00"),
			form: form{"title": "关于做好2026年清明节期间值班和安全工作的通知", "draft_unit": "秘书处"},
			acts: []act{
				do(w.at(9, "15:00"), "draft", "zhengshuang", "请审核。", outgoing("关于做好2026年清明节期间值班和安全工作的通知",
					"通知", "重要", nil, false, "按往年惯例起草。")),
				agree(w.at(8, "10:00"), "unit_review", "liuyang", "同意。"),
				agree(w.at(8, "15:00"), "secretariat_review", "liuyang", "核稿无误。"),
				agree(w.at(7, "09:30"), "sign_director", "wangjianguo", "同意印发。"),
				do(w.at(7, "11:00"), "recheck", "wuhao", "复核无误。", form{"substantive_change": false, "copies": float64(120),
					"distribution": "各市州人民政府办公室，省直各部门"}),
				{at: w.at(7, "14:00"), step: "typeset", child: "gongwen-yinzhi", by: "wuhao", op: engine.OpComplete, opinion: "已按GB/T 9704排版。"},
				{at: w.at(7, "16:00"), step: "proofread", child: "gongwen-yinzhi", by: "zhengshuang", op: engine.OpComplete,
					opinion: "校对无误。", form: form{"proof_ok": true}},
				{at: w.at(6, "10:00"), step: "print_plain", child: "gongwen-yinzhi", by: "fengtao", op: engine.OpComplete, opinion: "已印制120份。"},
				{at: w.at(6, "11:00"), step: "seal", child: "gongwen-yinzhi", by: "wuhao", op: engine.OpComplete, opinion: "已用印。"},
				do(w.at(6, "14:00"), "issue", "sunlei", "已按分送范围分发。", nil),
			}},
		{key: "fw-tongbao", process: "fawen-banli", by: "gaoya", at: w.at(4, "09:00"),
			form: form{"title": "关于2026年第一季度全省重点工作推进情况的通报", "draft_unit": "综合一处"},
			acts: []act{
				do(w.at(4, "16:00"), "draft", "gaoya", "请审核。", outgoing("关于2026年第一季度全省重点工作推进情况的通报",
					"通报", "一般", nil, false, "数据截至3月底。")),
				disagree(w.at(3, "11:00"), "unit_review", "huangwei", "数据需与省统计局最新口径核对，第三部分措施要具体到责任单位，请修改后重新报送。"),
			}},
		{key: "fw-fenban", process: "fawen-banli", by: "sunlei", at: w.at(3, "09:00"),
			form: form{"title": "关于调整办公厅收文分办流程的通知", "draft_unit": "秘书处"},
			acts: []act{
				do(w.at(3, "15:00"), "draft", "sunlei", "请审核。", outgoing("关于调整办公厅收文分办流程的通知", "通知", "一般", nil, false, "按流程优化方案起草。")),
				agree(w.at(2, "09:30"), "unit_review", "liuyang", "同意。"),
				{at: w.at(2, "10:00"), step: "secretariat_review", by: "liuyang", op: engine.OpDelegate, person: "zhaomin",
					opinion: "请赵敏同志先行核稿，提出意见后交我。"},
			}},
		{key: "yz-hanjian", process: "gongwen-yinzhi", by: "wuhao", at: w.at(1, "09:00"),
			form: form{"title": "关于商请协助开展政务服务满意度调查的函", "doc_number": "省政办函〔2026〕21号", "secrecy": "非密",
				"urgency": "普通", "copies": float64(60)},
			acts: []act{
				do(w.at(1, "10:30"), "typeset", "wuhao", "已排版。", nil),
				do(w.at(1, "15:00"), "proofread", "zhengshuang", "校对无误。", form{"proof_ok": true}),
			}},
	}
}

// matter is the start form of a 督办催办.
func (w *workDemo) matter(text, lead string, co []string, due int, supervisor, cadence string) form {
	f := form{"matter": text, "lead_unit": lead, "deadline": w.day(due), "supervisor": supervisor, "cadence": cadence}
	if len(co) > 0 {
		f["co_units"] = co
	}
	return f
}

func (w *workDemo) supervision() []*story {
	return []*story{
		{key: "db-yingshang", process: "duban-cuiban", by: "tanghui", at: w.at(12, "10:00"),
			form: w.matter("落实省政府第12次常务会议议定事项：制定本厅优化营商环境的具体措施。", "综合二处", []string{"行政处"}, -8, "tanghui", "周督办"),
			acts: []act{
				do(w.at(8, "16:00"), "report", "machao", "按期报送进展。", form{"status": "正在办理",
					"progress": "已起草具体措施初稿，正在征求行政处意见，下周报送定稿。"}),
			}},
		{key: "db-gongkai", process: "duban-cuiban", by: "hanbing", at: w.at(10, "09:30"),
			form: w.matter("整合政府网站政务公开栏目，统一信息发布标准。", "政务公开办", []string{"信息中心"}, -5, "hanbing", "月督办"),
			acts: []act{
				do(w.at(4, "15:00"), "report", "caiming", "已办结，请审核。", form{"status": "已办结",
					"progress": "栏目已由28个整合为12个，发布标准已印发。", "evidence": []string{"栏目整合方案.pdf"}}),
			}},
		{key: "db-huiyishi", process: "duban-cuiban", by: "caoyang", at: w.at(20, "10:00"),
			form: w.matter("上线会议室预约系统，实现会议室统一调度。", "会务处", nil, 10, "caoyang", "周督办"),
			acts: []act{
				do(w.at(15, "11:00"), "report", "pandong", "已办结。", form{"status": "已办结",
					"progress": "预约系统已上线运行，覆盖全部9间会议室。", "evidence": []string{"系统上线通知.pdf"}}),
				agree(w.at(14, "10:00"), "review", "songtao", "经实地核查，系统运行正常，同意办结。"),
			}},
		{key: "db-gongche", process: "duban-cuiban", by: "tanghui", at: w.at(9, "09:00"),
			form: w.matter("修订公务用车管理制度，规范用车审批和登记。", "行政处", nil, -10, "tanghui", "周督办"),
			acts: []act{
				do(w.at(6, "16:00"), "report", "yeqing", "已办结。", form{"status": "已办结", "progress": "制度修订稿已印发。"}),
				disagree(w.at(4, "10:00"), "review", "songtao", "修订稿尚未经厅务会审议，不能视为办结，请补充审议情况后重新报送。"),
			}},
		{key: "db-jifang", process: "duban-cuiban", by: "hanbing", at: w.at(8, "14:00"),
			form: w.matter("完成机房供电改造，消除单路供电隐患。", "信息中心", nil, -3, "hanbing", "周督办"),
			acts: []act{
				do(w.at(4, "11:00"), "report", "pengfei", "已办结。", form{"status": "已办结",
					"progress": "双路供电已接入并完成切换演练。", "evidence": []string{"切换演练记录.pdf"}}),
			}},
		{key: "lx-pishi", process: "ducha-lixiang", by: "tanghui", at: w.at(1, "11:00"),
			form: form{"matter": "王建国同志批示：请督查室牵头，对全省12345热线工单办理情况开展专项督查。", "source": "领导批示",
				"source_ref": "批示件2026-15号", "instructing_leader": "wangjianguo"}},
	}
}

func (w *workDemo) disclosure() []*story {
	apply := func(who, kind, content, channel string, n int) form {
		return form{"applicant": who, "applicant_type": kind, "contact": "0351-6021388", "content": content,
			"channel": channel, "received_date": w.day(n)}
	}
	return []*story{
		{key: "gk-jiedai", process: "yishenqing-gongkai", by: "yujie", at: w.at(4, "09:30"),
			form: apply("张某某", "公民", "本厅2025年度公务接待费支出情况。", "互联网", 4),
			acts: []act{
				do(w.at(4, "10:00"), "register", "yujie", "已登记，已出具登记回执。", nil),
				do(w.at(4, "15:00"), "review", "yujie", "内容明确，转行政处。", form{"content_clear": true, "undertaker": "行政处"}),
			}},
		{key: "gk-fuyi", process: "yishenqing-gongkai", by: "dujuan", at: w.at(18, "10:00"),
			form: apply("李某", "公民", "本厅2025年度办理行政复议案件的数量和结果。", "当面提交", 18),
			acts: []act{
				do(w.at(18, "10:10"), "register", "dujuan", "已登记，当场出具回执。", nil),
				do(w.at(17, "09:30"), "review", "dujuan", "转法规处。", form{"content_clear": true, "undertaker": "法规处"}),
				do(w.at(12, "16:00"), "handle", "xiefeng", "部分公开。", form{"reply_type": "部分公开", "need_extension": false}),
				do(w.at(11, "15:00"), "draft_reply", "dujuan", "答复书已拟。", form{"reply_doc": []string{"政府信息公开申请答复书.docx"}}),
				agree(w.at(10, "10:00"), "legal_review", "tianye", "不予公开部分理由和依据充分，救济途径告知完整。"),
				agree(w.at(9, "09:30"), "sign", "zhangli", "同意。"),
				do(w.at(8, "10:00"), "deliver", "dujuan", "已挂号邮寄。", nil),
			}},
		{key: "gk-buzheng", process: "yishenqing-gongkai", by: "dujuan", at: w.at(3, "09:00"),
			form: apply("某科技有限公司", "法人", "关于数据资源管理的相关文件。", "邮寄", 3),
			acts: []act{
				do(w.at(3, "09:20"), "register", "dujuan", "已登记。", nil),
				do(w.at(2, "10:00"), "review", "dujuan", "申请内容不明确，需补正。", form{"content_clear": false}),
				do(w.at(2, "15:00"), "correction", "dujuan", "已一次性告知补正。", form{"correction_items": "请明确所申请文件的名称、文号或便于查询的其他特征性描述。"}),
			}},
		{key: "gk-zhuanlan", process: "yishenqing-gongkai", by: "yujie", at: w.at(6, "09:00"),
			form: apply("王某", "公民", "政府信息公开专栏2025年更新记录。", "互联网", 6),
			acts: []act{
				do(w.at(6, "09:30"), "register", "yujie", "已登记。", nil),
				do(w.at(5, "10:00"), "review", "yujie", "由本办办理。", form{"content_clear": true, "undertaker": "政务公开办"}),
			}},
	}
}

func (w *workDemo) assets() []*story {
	take := func(name, class string, qty, amount float64, unit, use string) form {
		return form{"asset_name": name, "asset_class": class, "quantity": qty, "amount": amount, "use_unit": unit, "use_purpose": use}
	}
	return []*story{
		{key: "zc-zhi", process: "zichan-lingyong", by: "gaoya", at: w.at(1, "15:00"),
			form: take("A4复印纸", "低值易耗品", 10, 300, "综合一处", "日常办公")},
		{key: "zc-diannao", process: "zichan-lingyong", by: "liangyu", at: w.at(1, "10:00"),
			form: take("便携式计算机", "信息化设备", 2, 15800, "综合二处", "新进人员办公")},
		{key: "zc-duka", process: "zichan-lingyong", by: "dingyi", at: w.at(7, "09:30"),
			form: take("身份证阅读器", "办公设备", 3, 2400, "政务服务中心", "窗口受理"),
			acts: []act{do(w.at(7, "11:00"), "handle", "chenggang", "已当场发放。", form{"asset_no": "ZC-2026-0031至0033"})}},
		{key: "zc-wenjiangui", process: "zichan-lingyong", by: "luona", at: w.at(11, "09:00"),
			form: take("文件柜", "办公家具", 2, 1800, "综合二处", "档案存放"),
			acts: []act{do(w.at(9, "15:00"), "handle", "chenggang", "库存不足，到货后发放。", form{"asset_no": "ZC-2026-0012、0013"})}},
		{key: "bx-chailv", process: "jingfei-baoxiao", by: "luona", at: w.at(3, "10:00"),
			form: form{"claim_unit": "综合二处", "expense_kind": "差旅费", "amount": float64(3860), "budget_item": "综合二处差旅费",
				"description": "赴北京参加全国政务信息工作培训，往返机票及住宿。", "invoices": []string{"机票行程单.pdf", "住宿发票.pdf"}},
			acts: []act{agree(w.at(2, "09:40"), "review", "machao", "情况属实，同意报销。")}},
	}
}

func (w *workDemo) writing() []*story {
	speech := func(title, kind, leader, importance, occasion string, due int) form {
		return form{"title": title, "kind": kind, "leader": leader, "importance": importance, "occasion": occasion, "due_date": w.day(due)}
	}
	return []*story{
		{key: "wg-huiyi", process: "lingdao-wengao", by: "hebin", at: w.at(5, "09:00"),
			form: speech("在全省办公厅系统工作会议上的讲话", "讲话稿", "wangjianguo", "重大", "全省办公厅系统工作会议", -4),
			acts: []act{
				do(w.at(5, "11:00"), "assign", "huangwei", "由何斌执笔，周四前交初稿。", form{"drafter": "hebin"}),
				do(w.at(2, "16:30"), "draft", "hebin", "初稿已完成。", form{"manuscript": []string{"讲话稿（送审稿）.docx"}}),
				agree(w.at(2, "17:20"), "head_review", "huangwei", "结构清晰，同意送审。"),
			}},
		{key: "wg-zhici", process: "lingdao-wengao", by: "gaoya", at: w.at(16, "09:00"),
			form: speech("在政务公开培训班开班式上的致辞", "致辞", "liminghua", "一般", "全省政务公开培训班开班式", 10),
			acts: []act{
				do(w.at(16, "10:00"), "assign", "huangwei", "由高雅执笔。", form{"drafter": "gaoya"}),
				do(w.at(14, "16:00"), "draft", "gaoya", "初稿已完成。", form{"manuscript": []string{"致辞.docx"}}),
				agree(w.at(13, "10:00"), "head_review", "huangwei", "同意。"),
				agree(w.at(12, "15:00"), "leader_read", "liminghua", "第二段再精炼一些。"),
				do(w.at(12, "17:00"), "finalize", "gaoya", "已按领导意见定稿，大字本已送。", nil),
			}},
		{key: "wg-huibao", process: "lingdao-wengao", by: "gaoya", at: w.at(4, "09:00"),
			form: speech("关于政务服务改革进展情况的汇报", "汇报材料", "chenzhiqiang", "重要", "向省政府主要领导汇报", -2),
			acts: []act{
				do(w.at(4, "10:00"), "assign", "huangwei", "由高雅执笔。", form{"drafter": "gaoya"}),
				do(w.at(3, "16:00"), "draft", "gaoya", "初稿已完成。", form{"manuscript": []string{"汇报材料.docx"}}),
				agree(w.at(3, "17:00"), "head_review", "huangwei", "同意。"),
				agree(w.at(2, "10:00"), "overseer_review", "wangjianguo", "同意，请陈志强同志审阅。"),
			}},
		{key: "xx-yijianshi", process: "zhengwu-xinxi", by: "luona", at: w.at(2, "09:00"),
			form: form{"title": "某市推行“一件事一次办”成效明显", "source": "市州报送", "kind": "每日要情", "importance": "重要"},
			acts: []act{
				do(w.at(2, "11:00"), "edit", "luona", "已编辑核实。", form{"content": "某市将47个高频事项整合为“一件事”，办理时限平均压缩62%。", "verified": true}),
				agree(w.at(1, "10:00"), "head_review", "machao", "同意报送。"),
			}},
		{key: "xx-yuqing", process: "zhengwu-xinxi", by: "liangyu", at: w.at(1, "14:00"),
			form: form{"title": "关于近期网络反映办事排长队问题的情况", "source": "媒体和网络舆情", "kind": "专报", "importance": "一般"}},
		{key: "jy-tingwu", process: "huiyi-jiyao", by: "hebin", at: w.at(1, "16:00"),
			form: form{"meeting_name": "2026年第3次厅务会议", "meeting_date": w.day(1), "host": "wangjianguo",
				"title": "2026年第3次厅务会议纪要", "secrecy": "非密", "record": []string{"会议记录.docx"}}},
	}
}

func (w *workDemo) confidential() []*story {
	doc := func(title, from, number, secrecy string) form {
		return form{"title": title, "from_org": from, "from_number": number, "secrecy": secrecy, "urgency": "加急"}
	}
	return []*story{
		{key: "jy-lianghui", process: "jiyao-wenjian-chuanyue", by: "dengjie", at: w.at(3, "09:00"),
			form: doc("关于做好全国两会期间安全保卫工作的通知", "省委办公厅", "省委办密〔2026〕4号", "机密"),
			acts: []act{
				do(w.at(3, "09:10"), "sign", "dengjie", "封套完好，已签收。", form{"copy_no": "000031", "copies": float64(1), "secrecy": "机密"}),
				do(w.at(3, "09:40"), "register", "dengjie", "已登记。", form{"secrecy_term": "10年"}),
				do(w.at(3, "11:00"), "set_scope", "xuwen", "按文件规定范围传阅。", form{"readers": []string{"wangjianguo", "liminghua"},
					"reading_units": []string{"综合二处"}}),
				read(w.at(2, "10:00"), "circulate", "liminghua"),
				read(w.at(2, "15:00"), "circulate", "machao"),
			}},
		{key: "jy-feimi", process: "jiyao-wenjian-chuanyue", by: "xiaoran", at: w.at(8, "09:00"),
			form: doc("关于开展政务信息资源普查的通知", "省大数据局", "省数据发〔2026〕2号", "非密"),
			acts: []act{
				do(w.at(8, "09:10"), "sign", "xiaoran", "已签收。", form{"copy_no": "—", "copies": float64(1), "secrecy": "非密"}),
				do(w.at(8, "10:00"), "transfer", "xiaoran", "非涉密文件，已移交秘书处收发员。", nil),
			}},
		{key: "jy-baomi", process: "jiyao-wenjian-chuanyue", by: "xiaoran", at: w.at(2, "15:00"),
			form: doc("关于开展2026年度保密检查的通知", "省保密局", "省保发〔2026〕3号", "秘密"),
			acts: []act{
				do(w.at(2, "15:10"), "sign", "xiaoran", "已签收。", form{"copy_no": "000112", "copies": float64(1), "secrecy": "秘密"}),
				do(w.at(2, "15:40"), "register", "xiaoran", "已登记。", form{"secrecy_term": "5年"}),
			}},
		{key: "jy-dianbao", process: "jiyao-wenjian-chuanyue", by: "dengjie", at: w.at(1, "16:30"),
			form: doc("关于加强重要时段值守工作的明电", "省委办公厅", "省委办明电〔2026〕8号", "秘密")},
	}
}

func (w *workDemo) others() []*story {
	return []*story{
		{key: "hy-gongkai", process: "huiyi-choubei", by: "yuanfang", at: w.at(2, "10:00"),
			form: form{"meeting_name": "2026年全省政务公开工作推进会", "meeting_kind": "专题会议", "meeting_date": w.day(-5),
				"venue": "省政府3号楼第一会议室", "attendees": float64(120), "secrecy": "非密", "need_video": true},
			acts: []act{do(w.at(1, "11:00"), "make_plan", "jianglin", "会议方案已拟定。", form{"plan": []string{"会议方案.docx"}})}},
		{key: "hy-xinfang", process: "huiyi-choubei", by: "jianglin", at: w.at(1, "15:30"),
			form: form{"meeting_name": "全省信访工作联席会议", "meeting_kind": "专题会议", "meeting_date": w.day(-8),
				"venue": "省政府1号楼第二会议室", "attendees": float64(60), "secrecy": "非密", "need_video": false}},
		{key: "hy-peixun", process: "huiyi-jihua-baopi", by: "liangyu", at: w.at(2, "09:30"),
			form: form{"meeting_name": "全省政务信息工作培训会", "host_unit": "综合二处", "meeting_date": w.day(-10),
				"days": float64(1), "attendees": float64(80), "budget": float64(24000), "use_video": false,
				"plan": []string{"培训会计划.docx"}},
			acts: []act{agree(w.at(1, "10:30"), "unit_review", "machao", "同意。")}},
		{key: "sp-gongkai", process: "shipin-huiyi-baozhang", by: "yuanfang", at: w.at(2, "11:00"),
			form: form{"meeting_name": "2026年全省政务公开工作推进会", "meeting_date": w.day(-5), "venue": "省政府3号楼第一会议室",
				"sites": float64(16), "secrecy": "非密", "need_recording": true}},
		{key: "xk-yiyao", process: "xingzheng-xuke-banli", by: "shenhao", at: w.at(4, "10:00"),
			form: form{"item_name": "药品经营许可证核发", "item_code": "11140000MB1234567X-XK-012", "applicant": "某医药连锁有限公司",
				"applicant_code": "91140100MA0K1234X5", "contact": "0351-7123456", "materials": []string{"申请书.pdf", "营业执照.pdf"}},
			acts: []act{
				do(w.at(4, "10:20"), "intake", "shenhao", "材料齐全，予以受理。", form{"intake_result": "齐全且符合法定形式", "receipt_no": "XK2026-0315"}),
				do(w.at(3, "16:00"), "review", "jianghua", "建议准予许可。", form{"need_site_check": false, "review_opinion": "材料齐全，符合法定条件，建议准予许可。"}),
			}},
		{key: "xk-canyin", process: "xingzheng-xuke-banli", by: "dingyi", at: w.at(2, "09:40"),
			form: form{"item_name": "食品经营许可", "item_code": "11140000MB1234567X-XK-031", "applicant": "某餐饮管理有限公司",
				"applicant_code": "91140105MA0L5678Y2", "contact": "0351-7654321", "materials": []string{"申请书.pdf"}},
			acts: []act{do(w.at(2, "10:00"), "intake", "dingyi", "予以受理。", form{"intake_result": "齐全且符合法定形式", "receipt_no": "XK2026-0331"})}},
		{key: "xk-guanggao", process: "xingzheng-xuke-banli", by: "renjia", at: w.at(1, "16:00"),
			form: form{"item_name": "户外广告设施设置审批", "item_code": "11140000MB1234567X-XK-047", "applicant": "某传媒有限公司",
				"applicant_code": "91140106MA0M9012T8", "contact": "0351-7000123", "materials": []string{"申请书.pdf", "设计图.pdf"}}},
		{key: "cp-paotui", process: "haochaping-zhenggai", by: "renjia", at: w.at(1, "10:00"),
			form: form{"case_no": "XK2026-0288", "rating": "不满意", "rater": "王先生", "rater_contact": "139****2210",
				"complaint": "窗口两次告知需补交的材料不一致，跑了两趟。"}},
		{key: "yt-zhengce", process: "changweihui-yiti-shenhe", by: "zhengshuang", at: w.at(1, "09:30"),
			form: form{"topic": "关于《省政府重大行政决策程序规定（修订草案）》的议题", "proposer": "省司法厅", "reporter": "省司法厅厅长",
				"materials": []string{"汇报材料.docx", "修订草案.docx"}, "meeting_date": w.day(-6)}},
	}
}
