//! Interface languages: Simplified Chinese by default, English by a switch
//! (the `lang` cookie). Data stays as entered; only labels are translated.

use axum::http::HeaderMap;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Cookie holding the chosen language.
pub const LANG_COOKIE: &str = "kaifang_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn from_headers(h: &HeaderMap) -> Lang {
        match crate::auth::cookie(h, LANG_COOKIE) {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn is_en(self) -> bool {
        self == Lang::En
    }
}

/// Translator handed to templates: `t.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct T {
    pub lang: Lang,
}

impl T {
    pub fn new(lang: Lang) -> T {
        T { lang }
    }

    /// The label for `key`; the key itself if it is missing (a test catches that).
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        match table().get(key) {
            Some((zh, en)) => {
                if self.lang.is_en() {
                    en
                } else {
                    zh
                }
            }
            None => key,
        }
    }

    /// Picks between a Chinese and an English text given as data.
    pub fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang.is_en() { en } else { zh }
    }

    pub fn is_en(&self) -> bool {
        self.lang.is_en()
    }

    pub fn html_lang(&self) -> &'static str {
        self.lang.code()
    }
}

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| LABELS.iter().map(|(k, zh, en)| (*k, (*zh, *en))).collect())
}

#[cfg(test)]
/// Whether a key has a translation (for the template tidy test).
pub fn has_key(key: &str) -> bool {
    table().contains_key(key)
}

/// Every label: key, Simplified Chinese, English.
pub const LABELS: &[(&str, &str, &str)] = &[
    ("nav.cases", "案件", "Cases"),
    ("nav.dashboard", "督办看板", "Dashboard"),
    ("nav.inbox", "收件箱", "Inbox"),
    ("common.cancel", "取消", "Cancel"),
    ("case.title", "案件台账", "Case ledger"),
    ("case.new", "新建案件", "New case"),
    ("case.export", "导出 Excel", "Export to Excel"),
    ("case.all", "全部", "All"),
    ("case.assignee", "承办人（用户名）", "Responsible officer (username)"),
    ("case.assigned_to_me", "我承办的", "Assigned to me"),
    ("limits.title", "办理时限", "Time limits"),
    (
        "limits.hint",
        "本级及上级设定的诉求、问题清单办理时限（工作日），就近适用；投诉时限由《外商投资企业投诉工作办法》规定，不在此设定。",
        "Time limits (working days) for demands and problem-list items set here and above; the nearest applies. Complaint limits are set by the complaint measures, not here.",
    ),
    ("limits.set_by", "设定单位", "Set by"),
    ("limits.acknowledge", "签收", "Sign for"),
    ("limits.reply", "答复", "Reply"),
    ("limits.resolve", "办结", "Resolve"),
    ("limits.extended", "延期上限", "Extension up to"),
    ("limits.return", "退回期限", "Return within"),
    ("limits.source", "依据", "Source"),
    ("limits.all_categories", "全部类别", "All categories"),
    ("limits.set", "设定本级时限", "Set this division's limits"),
    ("case.mine", "本级承办", "Handled here"),
    ("case.only_overdue", "仅超期", "Overdue only"),
    ("case.none", "没有符合条件的案件", "No cases match"),
    (
        "case.filed",
        "已受理登记，编号见上。可在下方上传附件。",
        "Filed; the number is above. Attach files below.",
    ),
    ("case.saved", "已保存", "Saved"),
    ("case.action", "操作", "Action"),
    ("case.actor", "经办人", "By"),
    ("case.allowed_now", "当前可进行的操作", "Allowed now"),
    (
        "case.attach_after",
        "PDF、图片、Word、Excel、OFD，单个不超过 10 MB；提交后也可在案件页面补充上传。",
        "PDF, images, Word, Excel, OFD; up to 10 MB each. More can be attached on the case page later.",
    ),
    ("case.attachments", "附件", "Attachments"),
    (
        "case.files_confidential",
        "以上附件含商业秘密（仅经办人可见）",
        "These files hold trade secrets (handlers only)",
    ),
    ("case.category", "类别", "Category"),
    ("case.channel", "来源渠道", "Channel"),
    ("case.clock", "时限状态", "Clock"),
    ("case.closed_on", "关闭日期", "Closed on"),
    ("case.comment", "评价", "Comment"),
    (
        "case.complainant",
        "投诉人（外国投资者）",
        "Complainant (foreign investor)",
    ),
    (
        "case.complaint_hint",
        "仅投诉填写。投诉应以书面形式提出；民商事纠纷不属于投诉受理范围（《外商投资企业投诉工作办法》第二条）。",
        "Complaints only. A complaint is made in writing; civil and commercial disputes are outside its scope (Complaint Measures, art. 2).",
    ),
    (
        "case.complaint_limits",
        "时限（工作日）：一次性告知 / 补正 / 受理决定 / 办理",
        "Time limits (working days): notice / supplement / acceptance / handling",
    ),
    ("case.complaint_section", "投诉信息", "Complaint"),
    ("case.complaint_type", "投诉类型", "Complaint type"),
    (
        "case.complaint_type.environment",
        "反映投资环境问题",
        "Investment-environment problem",
    ),
    (
        "case.complaint_type.infringement",
        "行政行为侵犯合法权益",
        "Administrative act infringing rights",
    ),
    (
        "case.confidential",
        "商业秘密与保密信息",
        "Trade secrets and confidential information",
    ),
    (
        "case.confidential_file",
        "含商业秘密（仅承办人员可见）",
        "Contains trade secrets (only those handling the case see it)",
    ),
    (
        "case.confidential_hint",
        "仅承办单位经办人员和本企业可见；上级、其他地区和审计日志均不显示原文。",
        "Seen only by the handling officers and your enterprise; supervisors, other areas and the audit log never see the text.",
    ),
    ("case.confidential_tag", "保密", "Confidential"),
    ("case.deadlines", "时限", "Deadlines"),
    ("case.department", "承办部门", "Department"),
    ("case.description", "详细情况", "Details"),
    ("case.dispatched_on", "交办日期", "Dispatched on"),
    ("case.due.acceptance", "受理决定时限", "Acceptance decision due"),
    ("case.due.acknowledge", "签收时限", "Sign-for due"),
    ("case.due.handling", "办理时限", "Handling due"),
    (
        "case.due.materials",
        "补正材料时限（投诉人）",
        "Materials due (complainant)",
    ),
    ("case.due.notice", "一次性告知时限", "Materials notice due"),
    ("case.due.reply", "答复时限", "Reply due"),
    ("case.due.resolve", "办结时限", "Resolution due"),
    ("case.enterprise_uscc", "企业统一社会信用代码", "Enterprise credit code"),
    ("case.extend_days", "延长工作日数", "Working days to add"),
    ("case.file", "文件", "File"),
    (
        "case.file_hint",
        "PDF、PNG、JPG、DOCX、XLSX、OFD，不超过 10 MB；文件内容须与扩展名一致。",
        "PDF, PNG, JPG, DOCX, XLSX, OFD up to 10 MB; the content must match the extension.",
    ),
    ("case.ground", "理由依据", "Ground"),
    ("case.kind", "类型", "Kind"),
    ("case.ledger", "办理记录", "Case ledger"),
    ("case.materials_requested", "需补正的材料", "Materials requested"),
    ("case.method", "处理方式", "Handling method"),
    ("case.next_due", "下一时限", "Next deadline"),
    ("case.number", "编号", "Number"),
    ("case.on", "日期", "Date"),
    ("case.origin", "来源地", "Arose in"),
    ("case.owner", "承办地", "Handled by"),
    ("case.parent", "归并到问题（编号）", "Group under problem (number)"),
    ("case.party", "企业/投诉人", "Enterprise / complainant"),
    ("case.provisional", "待定", "provisional"),
    (
        "case.provisional_hint",
        "该时限涉及尚未公布节假日安排的年份，按周末推算，公布后可能变化。",
        "This deadline falls in a year whose holiday schedule is not published; it is computed on weekends alone and may change.",
    ),
    ("case.rating", "评分", "Rating"),
    ("case.reason", "理由/说明", "Reason / note"),
    ("case.received_on", "收件日期", "Received on"),
    ("case.resolved_on", "办结日期", "Resolved on"),
    (
        "case.respondent",
        "被投诉人（行政机关）",
        "Respondent (administrative agency)",
    ),
    ("case.result", "处理结果（书面）", "Written result"),
    ("case.size", "大小（字节）", "Size (bytes)"),
    ("case.status", "状态", "Status"),
    ("case.subject", "标题", "Subject"),
    ("case.submit", "提交", "Submit"),
    ("case.take_action", "办理", "Take action"),
    (
        "case.unverified_note",
        "标 * 的依据和处理方式来自第三方摘要，未与《外商投资企业投诉工作办法》原文核对。",
        "Grounds and methods marked * come from a third-party summary and are not verified against the text of the Complaint Measures.",
    ),
    ("case.upload", "上传", "Upload"),
    ("case.uploaded_by", "上传人", "Uploaded by"),
    (
        "case.withheld",
        "含商业秘密，仅承办人员可见",
        "Contains trade secrets; visible to the handling officers only",
    ),
    ("case.kind.demand", "诉求", "Demand"),
    ("case.kind.complaint", "投诉", "Complaint"),
    ("case.kind.problem", "问题清单", "Problem-list item"),
    ("case.status.submitted", "待交办", "Submitted"),
    ("case.status.dispatched", "已交办", "Dispatched"),
    ("case.status.returned", "已退回", "Returned"),
    ("case.status.acknowledged", "已签收", "Acknowledged"),
    ("case.status.replied", "已答复", "Replied"),
    (
        "case.status.paused",
        "暂停（待企业）",
        "Paused (waiting for the enterprise)",
    ),
    (
        "case.status.resolved",
        "已办结待确认",
        "Resolved, awaiting confirmation",
    ),
    ("case.status.closed", "已关闭", "Closed"),
    ("case.status.withdrawn", "已撤回", "Withdrawn"),
    ("case.status.awaiting_materials", "待补正材料", "Awaiting materials"),
    ("case.status.accepted", "已受理", "Accepted"),
    ("case.status.refused", "不予受理", "Refused"),
    ("case.status.terminated", "已终止", "Terminated"),
    ("case.clock.none", "—", "—"),
    ("case.clock.on_time", "正常", "On time"),
    ("case.clock.due_soon", "即将到期", "Due soon"),
    ("case.clock.overdue", "已超期", "Overdue"),
    ("case.clock.paused", "计时暂停", "Paused"),
    ("case.channel.online", "网上", "Online"),
    ("case.channel.visit", "走访/现场", "Visit / on site"),
    ("case.channel.call", "电话", "Call"),
    ("case.channel.meeting", "座谈会", "Meeting"),
    ("case.channel.monitoring", "运行监测", "Monitoring"),
    ("case.channel.project", "项目推进", "Project"),
    ("case.channel.letter", "信函", "Letter"),
    ("case.channel.fax", "传真", "Fax"),
    ("case.channel.email", "电子邮件", "E-mail"),
    ("case.action.file", "登记", "Filed"),
    ("case.action.attach", "上传附件", "Attached a file"),
    ("case.action.overdue", "超期标记", "Flagged overdue"),
    ("case.action.dispatch", "交办", "Dispatch"),
    ("case.action.acknowledge", "签收", "Sign for"),
    ("case.action.return", "退回（交办有误）", "Return (wrongly assigned)"),
    ("case.action.reply", "答复企业", "Reply"),
    ("case.action.pause", "暂停计时", "Pause"),
    ("case.action.resume", "恢复计时", "Resume"),
    ("case.action.extend", "延期", "Extend"),
    ("case.action.resolve", "办结", "Resolve"),
    ("case.action.confirm", "确认并评价", "Confirm and rate"),
    ("case.action.close", "关闭", "Close"),
    ("case.action.escalate", "上报上级", "Escalate"),
    ("case.action.withdraw", "撤回", "Withdraw"),
    ("case.action.reopen", "重新办理", "Reopen"),
    ("case.action.supervise", "督办", "Supervise"),
    (
        "case.action.request_materials",
        "一次性告知补正材料",
        "Request missing materials",
    ),
    ("case.action.supplement", "材料已补正", "Materials complete"),
    ("case.action.accept", "受理", "Accept"),
    ("case.action.refuse", "不予受理", "Refuse"),
    ("case.action.terminate", "终止处理", "Terminate"),
    ("dash.title", "督办看板", "Supervision dashboard"),
    ("dash.total", "合计", "Total"),
    ("dash.open", "在办", "Open"),
    ("dash.on_time_open", "在办未超期", "Open, on time"),
    ("dash.overdue", "超期", "Overdue"),
    ("dash.finished", "已办结", "Finished"),
    ("dash.on_time_rate", "按期办结率", "On-time rate"),
    ("dash.avg_days", "平均办理工作日", "Average working days"),
    ("dash.satisfaction", "满意度（评价数）", "Satisfaction (ratings)"),
    ("dash.by_division", "按地区", "By division"),
    ("dash.by_category", "按类别", "By category"),
    (
        "dash.supervision",
        "督办清单：超期最久的案件",
        "Supervision list: longest overdue",
    ),
    (
        "dash.supervise_hint",
        "打开案件即可发出督办通知。",
        "Open a case to issue a supervision notice.",
    ),
    ("dash.none_overdue", "没有超期案件", "Nothing overdue"),
    ("inbox.title", "收件箱", "Inbox"),
    ("inbox.unread", "条未读", "unread"),
    ("inbox.only_unread", "只看未读", "Unread only"),
    ("inbox.read_all", "全部标为已读", "Mark all read"),
    ("inbox.mark_read", "已读", "Mark read"),
    ("inbox.empty", "没有消息", "No messages"),
    ("inbox.when", "时间", "When"),
    ("inbox.what", "事项", "What"),
    ("inbox.kind.due_soon", "即将到期", "Due soon"),
    ("inbox.kind.overdue", "已超期", "Overdue"),
    ("inbox.kind.supervise", "督办通知", "Supervision notice"),
    ("inbox.kind.dispatch", "新交办", "Dispatched to you"),
    ("inbox.kind.reopen", "重新办理", "Reopened"),
    ("inbox.kind.supplement", "材料已补正", "Materials supplied"),
    ("inbox.kind.escalate", "上报案件", "Escalated to you"),
    ("inbox.kind.file", "企业新提交", "Filed by an enterprise"),
    ("inbox.kind.request_materials", "请补正材料", "Materials requested"),
    ("inbox.kind.resolve", "办理结果", "Result"),
    ("inbox.kind.refuse", "不予受理决定", "Refusal"),
    ("inbox.kind.terminate", "终止处理", "Terminated"),
    ("inbox.kind.reply", "答复", "Reply"),
    ("app.name", "开放·外资服务平台", "Kaifang FDI Service Platform"),
    ("app.short", "开放", "Kaifang"),
    ("nav.home", "工作台", "Workspace"),
    ("nav.enterprises", "外资企业库", "FIE roster"),
    ("nav.reference", "参考数据", "Reference data"),
    ("nav.audit", "审计日志", "Audit log"),
    ("nav.users", "用户管理", "Users"),
    ("nav.tokens", "API 令牌", "API tokens"),
    ("nav.logout", "退出", "Log out"),
    ("nav.password", "修改密码", "Change password"),
    ("password.title", "修改密码", "Change password"),
    (
        "password.hint",
        "新密码至少10位，包含大写字母、小写字母、数字、符号中的三类。修改后所有登录会话结束，请用新密码重新登录。",
        "At least 10 characters from three of: upper case, lower case, digits, symbols. Every session ends after the change; log in again with the new password.",
    ),
    ("password.current", "当前密码", "Current password"),
    ("password.new", "新密码", "New password"),
    ("password.confirm", "再次输入新密码", "New password again"),
    ("nav.login", "登录", "Log in"),
    ("nav.lang", "English", "中文"),
    ("nav.skip", "跳到正文", "Skip to content"),
    ("login.title", "登录", "Log in"),
    ("login.username", "用户名", "Username"),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Log in"),
    (
        "login.hint",
        "使用管理员分配的账号登录。连续多次输错密码将锁定账号。",
        "Use the account your administrator gave you. Repeated wrong passwords lock the account.",
    ),
    ("home.title", "工作台", "Workspace"),
    ("home.welcome", "欢迎", "Welcome"),
    ("home.scope", "管辖范围", "Jurisdiction"),
    ("home.role", "角色", "Role"),
    ("home.operating", "存续企业", "Operating FIEs"),
    ("home.key", "重点企业", "Key enterprises"),
    ("home.deregistered", "已注销", "Deregistered"),
    ("home.recent", "最近更新", "Recently updated"),
    ("home.quick", "常用操作", "Shortcuts"),
    ("role.admin", "管理员", "Administrator"),
    ("role.officer", "业务人员", "Officer"),
    ("role.leader", "领导", "Leader"),
    ("role.enterprise", "企业用户", "Enterprise"),
    ("ent.title", "外资企业库", "FIE roster"),
    ("ent.new", "新增企业", "New enterprise"),
    ("ent.edit", "编辑", "Edit"),
    ("ent.import", "批量导入", "Import"),
    ("ent.export", "导出 Excel", "Export to Excel"),
    ("ent.template", "下载导入模板", "Download import template"),
    ("ent.uscc", "统一社会信用代码", "Credit code"),
    ("ent.name_zh", "企业名称", "Name (Chinese)"),
    ("ent.name_en", "英文名称", "Name (English)"),
    ("ent.name", "企业名称", "Name"),
    ("ent.division", "行政区划", "Division"),
    ("ent.address", "地址", "Address"),
    ("ent.industry", "行业", "Industry"),
    ("ent.zone", "所在园区", "Zone"),
    ("ent.established_on", "成立日期", "Established"),
    ("ent.capital", "注册资本", "Registered capital"),
    ("ent.capital_amount", "注册资本金额", "Registered capital amount"),
    ("ent.capital_currency", "币种", "Currency"),
    (
        "ent.controller_region",
        "实际控制人国别（地区）",
        "Actual controller's country/region",
    ),
    ("ent.investors", "外国投资者", "Foreign investors"),
    ("ent.investor_name", "投资方名称", "Investor name"),
    ("ent.investor_region", "国别（地区）", "Country/region"),
    ("ent.investor_share", "持股比例(%)", "Share (%)"),
    ("ent.source", "来源国别（地区）", "Source country/region"),
    ("ent.status", "状态", "Status"),
    ("ent.status.operating", "存续", "Operating"),
    ("ent.status.deregistered", "已注销", "Deregistered"),
    ("ent.liaison", "服务专员", "Liaison officer"),
    (
        "ent.industry_hint",
        "国民经济行业分类（GB/T 4754-2017，含第1号修改单）四位小类代码，可输入名称检索",
        "4-digit class of GB/T 4754-2017 (with amendment No. 1); type a name to search",
    ),
    ("ent.liaison_name", "服务专员", "Liaison officer"),
    ("ent.liaison_phone", "服务专员电话", "Liaison phone"),
    ("ent.tags", "标签", "Tags"),
    ("ent.is_key", "重点企业", "Key enterprise"),
    (
        "ent.supplier_of",
        "重点供应商（供货企业信用代码）",
        "Key supplier of (credit code)",
    ),
    ("ent.supplier_tag", "重点供应商", "Key supplier"),
    ("ent.history", "变更记录", "Change history"),
    ("ent.deregister", "办理注销", "Deregister"),
    ("ent.deregistered_on", "注销日期", "Deregistered on"),
    (
        "ent.deregister_hint",
        "企业记录不会删除，注销后仍可查询。",
        "Records are never deleted; a deregistered enterprise stays searchable.",
    ),
    ("ent.updated_at", "更新时间", "Updated"),
    ("ent.none", "没有符合条件的企业。", "No enterprise matches."),
    ("ent.count", "条记录", "records"),
    ("ent.suppliers", "重点供应商", "Key suppliers"),
    ("filter.title", "筛选", "Filter"),
    ("filter.q", "关键词（名称或信用代码）", "Search (name or credit code)"),
    ("filter.all", "全部", "All"),
    ("filter.apply", "查询", "Search"),
    ("filter.reset", "重置", "Reset"),
    ("filter.tag.key", "重点企业", "Key enterprises"),
    ("filter.tag.supplier", "重点供应商", "Key suppliers"),
    (
        "filter.industry_hint",
        "门类字母或2/3/4位代码",
        "Section letter or 2/3/4-digit code",
    ),
    ("sort.label", "排序", "Sort"),
    ("sort.newest", "最新录入", "Newest"),
    ("sort.name", "名称", "Name"),
    ("sort.established", "成立日期", "Established"),
    ("sort.updated", "最近更新", "Recently updated"),
    ("page.next", "下一页", "Next page"),
    ("page.first", "第一页", "First page"),
    ("form.save", "保存", "Save"),
    ("form.cancel", "取消", "Cancel"),
    ("form.required", "必填", "required"),
    (
        "form.errors",
        "请修改以下标记的字段。",
        "Please correct the marked fields.",
    ),
    ("form.suggestion", "您是否要填", "Did you mean"),
    ("form.yes", "是", "Yes"),
    ("form.no", "否", "No"),
    ("form.optional", "选填", "optional"),
    ("import.title", "批量导入企业", "Import enterprises"),
    (
        "import.file",
        "选择文件（.xlsx 或 .csv，UTF-8 或 GBK 编码）",
        "File (.xlsx or .csv, UTF-8 or GBK)",
    ),
    ("import.preview", "预检（不写入）", "Check (dry run)"),
    ("import.commit", "确认导入", "Import now"),
    (
        "import.hint",
        "先预检：系统列出每一行、每一列的问题；全部通过后才能导入，导入要么全部成功、要么不做任何改动。已存在的信用代码将更新原记录。",
        "Check first: every problem is listed by row and column. Import is possible only when the file is clean, and it writes all rows or none. Existing credit codes update their records.",
    ),
    ("import.rows", "数据行", "Rows"),
    ("import.created", "新增", "New"),
    ("import.updated", "更新", "Updated"),
    ("import.unchanged", "无变化", "Unchanged"),
    ("import.errors", "问题", "Problems"),
    ("import.row", "行", "Row"),
    ("import.column", "列", "Column"),
    ("import.message", "说明", "Message"),
    (
        "import.ok",
        "检查通过，可以导入。",
        "The file is clean and can be imported.",
    ),
    ("import.done", "导入完成。", "Import complete."),
    (
        "import.failed",
        "文件有问题，未做任何改动。",
        "The file has problems; nothing was changed.",
    ),
    ("audit.title", "审计日志", "Audit log"),
    ("audit.seq", "序号", "No."),
    ("audit.at", "时间 (UTC)", "Time (UTC)"),
    ("audit.actor", "操作人", "Actor"),
    ("audit.ip", "来源地址", "Address"),
    ("audit.action", "操作", "Action"),
    ("audit.object", "对象", "Object"),
    ("audit.changes", "变更内容", "Changes"),
    ("audit.export", "导出", "Export"),
    (
        "audit.hint",
        "审计日志只增不改，每条记录以 SM3 哈希链接前一条；可用 kaifang audit verify 校验。",
        "The audit log is append-only; each entry is linked to the previous one by an SM3 hash. Check it with kaifang audit verify.",
    ),
    ("users.title", "用户管理", "Users"),
    ("users.new", "新建用户", "New user"),
    ("users.username", "用户名", "Username"),
    ("users.display_name", "姓名", "Display name"),
    ("users.role", "角色", "Role"),
    ("users.division", "所属行政区划代码", "Division code"),
    (
        "users.enterprise",
        "企业信用代码（企业账号）",
        "Enterprise credit code (enterprise accounts)",
    ),
    ("users.password", "初始密码", "Initial password"),
    ("users.locked", "已锁定", "Locked"),
    ("users.active", "状态", "Status"),
    ("users.create", "创建", "Create"),
    ("users.created", "用户已创建。", "User created."),
    ("tokens.title", "个人 API 令牌", "Personal API tokens"),
    (
        "tokens.hint",
        "脚本以 Authorization: Bearer 令牌 调用 /api/v1。令牌只显示一次，请妥善保存。",
        "Scripts call /api/v1 with Authorization: Bearer TOKEN. A token is shown once only; keep it safe.",
    ),
    ("tokens.name", "名称", "Name"),
    ("tokens.create", "创建令牌", "Create token"),
    ("tokens.revoke", "吊销", "Revoke"),
    ("tokens.created_at", "创建时间", "Created"),
    ("tokens.revoked_at", "吊销时间", "Revoked"),
    (
        "tokens.new_token",
        "新令牌（只显示这一次）",
        "New token (shown this once)",
    ),
    ("ref.title", "参考数据", "Reference data"),
    ("ref.divisions", "行政区划", "Divisions"),
    ("ref.industries", "国民经济行业分类", "Industry classification"),
    ("ref.regions", "国家和地区", "Countries and regions"),
    ("ref.zones", "开发区与自贸区", "Zones"),
    ("ref.code", "代码", "Code"),
    ("ref.name", "名称", "Name"),
    ("ref.level", "级别", "Level"),
    ("ref.unverified", "未核实", "unverified"),
    ("ref.source", "来源", "Source"),
    (
        "ref.sources_note",
        "数据来源与已知缺口见 data/SOURCES.md；标记为“未核实”的数据在正式使用前需与官方名单核对。",
        "Sources and known gaps are in data/SOURCES.md; data marked 'unverified' must be checked against the official list before use.",
    ),
    ("level.national", "全国", "National"),
    ("level.province", "省级", "Province"),
    ("level.prefecture", "地级", "Prefecture"),
    ("level.county", "县级", "County"),
    ("error.title", "出错了", "Something went wrong"),
    (
        "error.not_found",
        "记录不存在，或不在您的管辖范围内。",
        "Not found, or outside your jurisdiction.",
    ),
    (
        "error.forbidden",
        "您的角色无权执行此操作。",
        "Your role may not do this.",
    ),
    (
        "error.internal",
        "服务器内部错误，已记录。",
        "Internal error; it has been logged.",
    ),
    ("error.back", "返回", "Back"),
    ("action.enterprise_created", "新增企业", "Enterprise created"),
    ("action.enterprise_updated", "修改企业信息", "Enterprise changed"),
    ("action.enterprise_deregistered", "办理注销", "Enterprise deregistered"),
    ("action.enterprises_imported", "批量导入", "Enterprises imported"),
    ("action.enterprises_exported", "导出企业", "Enterprises exported"),
    ("action.enterprises_seeded", "生成测试数据", "Synthetic data seeded"),
    ("action.audit_exported", "导出审计日志", "Audit log exported"),
    ("action.login", "登录", "Login"),
    ("action.login_failed", "登录失败", "Failed login"),
    ("action.logout", "退出", "Logout"),
    ("action.user_created", "新建用户", "User created"),
    ("action.password_set", "设置密码", "Password set"),
    ("action.token_created", "创建 API 令牌", "API token created"),
    ("action.token_revoked", "吊销 API 令牌", "API token revoked"),
    ("common.save", "保存", "Save"),
    ("nav.calendar", "工作日历", "Working days"),
    ("calendar.title", "工作日历", "Working-day calendar"),
    (
        "calendar.hint",
        "按国务院办公厅每年发布的节假日安排计算工作日（含调休上班日）。计算期限时，事件当日不计入。",
        "Working days under the State Council's yearly holiday schedule, make-up working days included. The day of an event does not count.",
    ),
    ("calendar.years", "年份", "Years"),
    ("calendar.saved", "已保存该年度安排。", "The year's schedule is saved."),
    ("calendar.source", "依据", "Source"),
    ("calendar.updated", "更新于", "updated"),
    (
        "calendar.unpublished",
        "该年度的节假日安排尚未录入：本年日期仅按周末推算，依赖本年的期限均为临时结果，安排发布后可能变化。",
        "This year's holiday schedule has not been entered: its dates are computed on weekends alone, and every deadline that depends on it is provisional and may move once the schedule is published.",
    ),
    (
        "calendar.working_days_in_year",
        "全年工作日",
        "Working days in the year",
    ),
    ("calendar.holiday", "放假", "Day off"),
    ("calendar.adjusted", "调休上班", "Make-up working day"),
    ("calendar.weekend", "周末", "Weekend"),
    ("calendar.wd", "个工作日", "working days"),
    ("calendar.add_title", "期限计算", "Deadline"),
    ("calendar.between_title", "工作日计数", "Count working days"),
    ("calendar.from", "起算日（不计入）", "From (not counted)"),
    ("calendar.to", "截止日", "To"),
    ("calendar.days", "工作日数", "Working days"),
    ("calendar.compute", "计算", "Compute"),
    ("calendar.result_date", "到期日", "Due on"),
    ("calendar.result_days", "工作日", "Working days"),
    (
        "calendar.provisional",
        "临时（所涉年度安排未发布）",
        "provisional (a year's schedule is not published)",
    ),
    (
        "calendar.bad_input",
        "请输入 YYYY-MM-DD 格式的日期和 0–3660 之间的工作日数。",
        "Enter dates as YYYY-MM-DD and between 0 and 3660 working days.",
    ),
    (
        "calendar.listed",
        "本年度通知所列日期",
        "Days listed by this year's notice",
    ),
    ("calendar.date", "日期", "Date"),
    ("calendar.kind", "类型", "Kind"),
    ("calendar.name", "节日", "Holiday"),
    (
        "calendar.edit_title",
        "录入或更正年度安排",
        "Enter or correct the schedule of",
    ),
    (
        "calendar.edit_hint",
        "每行一天：日期,holiday（放假）或 workday（调休上班）,中文名称,英文名称。保存后替换该年度全部日期；原安排保留在审计日志中。",
        "One day a line: date,holiday or workday,Chinese name,English name. Saving replaces the whole year; the previous schedule stays in the audit log.",
    ),
    ("calendar.edit_days", "日期清单", "Listed days"),
    (
        "calendar.published",
        "安排完整（已发布）；未勾选时本年日期仍标为临时",
        "Complete (published); unticked, the year's dates stay provisional",
    ),
    ("nav.check", "准入与政策查询", "Investment check"),
    (
        "check.title",
        "外商投资准入与鼓励政策查询",
        "Foreign investment admission and incentive check",
    ),
    (
        "check.hint",
        "描述拟投资的业务（中文，或英文关键词），选择投资地；系统按负面清单、鼓励外商投资产业目录和相关政策作答，每项结论注明所依据的条目、来源标记和推理步骤。",
        "Describe the business (in Chinese, or English keywords) and the place; the answer applies the negative lists, the Encouraged Catalogue and the incentive rules, citing each item it relies on with its provenance mark and every step taken.",
    ),
    ("check.activity", "拟投资业务", "Business activity"),
    (
        "check.division",
        "投资地（区划代码或名称）",
        "Place (division code or name)",
    ),
    (
        "check.industries",
        "行业代码（GB/T 4754，可多个）",
        "Industry codes (GB/T 4754, several allowed)",
    ),
    ("check.date", "日期（默认今天）", "Date (default today)"),
    ("check.foreign_equity", "外资股比 %", "Foreign share %"),
    ("check.largest", "最大外国投资者 %", "Largest foreign investor %"),
    (
        "check.investor_region",
        "投资者国别（代码）",
        "Investor's country (code)",
    ),
    ("check.entity_form", "组织形式", "Legal form"),
    ("check.ftz", "位于自贸试验区片区内", "Inside a pilot FTZ area"),
    ("check.ftz_auto", "不确定", "Not sure"),
    ("check.ftz_yes", "是", "Yes"),
    ("check.ftz_no", "否", "No"),
    ("check.form_company", "公司", "Company"),
    ("check.form_partnership", "合伙企业", "Partnership"),
    ("check.form_individual", "个体工商户", "Individual business"),
    ("check.form_sole", "个人独资企业", "Sole proprietorship"),
    ("check.form_cooperative", "农民专业合作社", "Farmers' co-operative"),
    ("check.submit", "查询", "Check"),
    ("check.not_a_number", "应为数字", "must be a number"),
    ("check.verdict", "结论", "Verdict"),
    ("check.prohibited", "禁止", "Prohibited"),
    ("check.restricted", "限制", "Restricted"),
    ("check.permitted", "允许（清单之外）", "Permitted (outside the list)"),
    ("check.incomplete", "版本不完整", "incomplete edition"),
    (
        "check.measures",
        "适用的特别管理措施",
        "Special administrative measures that apply",
    ),
    ("check.matched_by", "匹配依据", "Matched by"),
    ("check.condition", "条件", "Condition"),
    ("check.result", "结果", "Result"),
    ("check.why", "说明", "Why"),
    ("check.missing", "还需提供", "Still needed"),
    ("check.cond_met", "满足", "met"),
    ("check.cond_not_met", "不满足", "not met"),
    ("check.cond_unknown", "无法判断", "cannot tell"),
    (
        "check.mark_v",
        "V：官方文本原文（经新闻转引）",
        "V: verbatim official text (as quoted)",
    ),
    (
        "check.mark_f",
        "F：与上一版文本片段一致，须核对",
        "F: consistent with a fragment of the previous edition; verify",
    ),
    (
        "check.mark_r",
        "R：重构文本，须以官方文本核对后方可依据",
        "R: reconstructed; verify against the official text before relying on it",
    ),
    ("check.notes", "所依据的说明条款", "Notes (说明) relied on"),
    ("check.encouraged", "鼓励类条目", "Encouraged Catalogue items"),
    (
        "check.no_encouraged",
        "未匹配到鼓励类条目",
        "No encouraged item matched",
    ),
    (
        "check.encouraged_hint",
        "按相关度排列；请确认项目实际属于哪一条目。",
        "Most relevant first; confirm which item the project actually falls under.",
    ),
    ("check.item", "条目", "Item"),
    ("check.section", "门类", "Section"),
    ("check.text", "内容", "Text"),
    ("check.incentives", "可能适用的政策", "Incentives that may apply"),
    ("check.may_apply", "可能适用", "may apply"),
    ("check.not_applicable", "不适用", "does not apply"),
    ("check.basis", "依据", "Basis"),
    ("check.unverified", "依据原文未核实", "basis not verified"),
    ("check.to_confirm", "待确认", "to be confirmed"),
    (
        "check.related",
        "相近但未适用的措施",
        "Similar measures that did not apply",
    ),
    (
        "check.related_hint",
        "文字相近、但未命中关键词或行业代码的措施，供核对。",
        "Measures with similar wording that no keyword or industry code matched; worth a look.",
    ),
    ("check.excepted", "属除外情形", "excepted"),
    ("check.trace", "推理步骤", "How this answer was reached"),
    (
        "check.marks",
        "来源标记：V 原文；F 与片段一致；R 重构。标记为 F 或 R 的条目须以官方文本核对。",
        "Provenance marks: V verbatim; F fragment-consistent; R reconstructed. Check items marked F or R against the official text.",
    ),
    ("roster_check.title", "企业库准入筛查", "Roster screening"),
    (
        "roster_check.hint",
        "辖区内存续的外资企业中，登记行业属于负面清单限制或禁止领域的企业，按措施列出，供核查。",
        "Operating FIEs in your jurisdiction whose registered industry falls in a restricted or prohibited field of the negative list, by measure, for review.",
    ),
    (
        "roster_check.as_of",
        "依据该日施行的全国负面清单：",
        "Against the national negative list in force on",
    ),
    (
        "roster_check.none",
        "辖区内没有登记行业属于清单领域的存续企业。",
        "No operating FIE in your jurisdiction is registered in a listed field.",
    ),
    ("roster_check.firms", "家企业", "FIEs"),
    (
        "roster_check.export",
        "导出 Excel（全部企业）",
        "Export to Excel (every FIE)",
    ),
    (
        "roster_check.classes",
        "涉及行业代码（企业数）",
        "Industry classes (FIEs)",
    ),
    ("roster_check.uscc", "统一社会信用代码", "Credit code"),
    ("roster_check.name", "企业名称", "Name"),
    ("roster_check.division", "行政区划", "Division"),
    ("roster_check.industry", "行业代码", "Industry"),
    (
        "roster_check.more",
        "仅列出前 50 家；完整名单请导出 Excel。",
        "Only the first 50 are listed; the Excel export holds them all.",
    ),
    (
        "roster_check.caveat",
        "筛查仅依据登记的行业代码：同一代码可能对应多项措施，也可能企业实际业务不在清单领域内。这是核查线索，不是结论。",
        "The screening uses registered industry codes only: a class may fall under several measures, and a firm's actual business may lie outside the listed field. It is a lead to review, not a finding.",
    ),
    ("editions.title", "政策版本", "Policy editions"),
    (
        "editions.hint",
        "查询所依据的负面清单和鼓励目录版本：内置版本和管理员载入的版本，各自的施行日期和缺失内容。",
        "The negative lists and catalogue editions the checker relies on: built in, or loaded by an administrator, with their dates and what each lacks.",
    ),
    ("editions.id", "版本", "Edition"),
    ("editions.list", "清单", "List"),
    ("editions.effective", "施行", "In force"),
    ("editions.items", "条目", "items"),
    ("editions.origin", "来源", "Origin"),
    ("editions.status", "状态", "Status"),
    ("editions.completeness", "完整性", "Completeness"),
    ("editions.complete", "完整", "complete"),
    ("editions.activate", "启用", "Activate"),
    ("editions.withdraw", "撤回", "Withdraw"),
    ("editions.preview", "载入预览", "Preview"),
    ("editions.compared_with", "对比版本", "Compared with"),
    (
        "editions.no_change",
        "与对比版本无差异",
        "No difference from the compared edition",
    ),
    ("editions.change", "变化", "Change"),
    ("editions.before", "原", "Before"),
    ("editions.after", "新", "After"),
    ("editions.load", "载入新版本", "Load an edition"),
    (
        "editions.load_hint",
        "选择或粘贴版本文件（TOML，格式见 data/policy/FORMAT.md）。校验通过后保存为草稿并显示差异；启用后自其施行日期起适用。",
        "Choose or paste an edition file (TOML, format in data/policy/FORMAT.md). A valid file is kept as a draft and its difference shown; once activated it applies from its effective date.",
    ),
    ("editions.file", "版本文件", "Edition file"),
    ("editions.validate", "校验并预览", "Validate and preview"),
    ("common.actions", "操作", "Actions"),
    ("common.print", "打印", "Print"),
    ("common.details", "详情", "Details"),
    ("common.none", "无", "None"),
    // Projects (项目): the ledger, the project page and its forms.
    ("nav.projects", "项目", "Projects"),
    ("project.ledger", "项目台账", "Project ledger"),
    ("project.new", "登记项目", "New project"),
    ("project.edit", "修改项目信息", "Edit project"),
    ("project.none", "没有符合条件的项目", "No projects match"),
    ("project.export", "导出台账（Excel）", "Export the ledger (Excel)"),
    ("project.import", "导入台账", "Import a ledger"),
    ("project.dashboard", "项目看板", "Project dashboard"),
    ("project.dash.title", "重大项目看板", "Major-project dashboard"),
    ("project.dash.projects", "项目数", "Projects"),
    (
        "project.dash.contracted_wan",
        "合同外资（万美元）",
        "Contracted FDI (USD 10,000)",
    ),
    (
        "project.dash.utilised_wan",
        "实际使用外资（万美元）",
        "Utilised FDI (USD 10,000)",
    ),
    ("project.dash.stale", "逾期未更新", "Overdue for update"),
    (
        "project.dash.output_per_mu",
        "亩均产出（元/亩·年）",
        "Output per mu (CNY/mu/year)",
    ),
    (
        "project.dash.tax_per_mu",
        "亩均税收（元/亩·年）",
        "Tax per mu (CNY/mu/year)",
    ),
    ("project.dash.by_stage", "按阶段", "By stage"),
    (
        "project.dash.paused_dropped",
        "其中暂停 / 终止",
        "Of which paused / dropped",
    ),
    (
        "project.dash.funnel",
        "推进漏斗（自线索至达产）",
        "Funnel from lead to capacity",
    ),
    ("project.dash.reached", "到达该阶段的项目", "Projects that reached it"),
    (
        "project.dash.avg_days",
        "距上一阶段平均天数",
        "Average days from the previous stage",
    ),
    (
        "project.dash.funnel_hint",
        "按各阶段日期统计：记录了该阶段日期的项目计为到达；平均天数只计两个日期都有的项目。",
        "Counted from the stage dates: a project with the stage's date reached it; average days count projects with both dates.",
    ),
    (
        "project.dash.by_month",
        "实际使用外资（按到资月份，近 24 个月，万美元）",
        "Utilised FDI by month received (last 24 months, USD 10,000)",
    ),
    ("project.dash.by_division", "按地区", "By division"),
    ("project.dash.by_industry", "按行业门类", "By industry section"),
    (
        "project.dash.by_source",
        "按外资来源地（前 15）",
        "By source country or region (top 15)",
    ),
    ("project.dash.land", "亩均效益排行", "Land appraisal ranking"),
    (
        "project.dash.land_hint",
        "按预计年产出除以用地面积排序，前 20 个项目；已终止的项目不计。",
        "Expected annual output divided by land, top 20 projects; dropped projects are left out.",
    ),
    (
        "project.rules.title",
        "项目更新周期",
        "How often projects must be updated",
    ),
    ("project.rules.days", "更新周期（天）", "Period (days)"),
    ("project.rules.source", "依据", "Source"),
    ("project.rules.applies", "本级适用", "Applies here"),
    ("project.rules.set", "设定本级更新周期", "Set this division's period"),
    ("project.import.title", "导入项目台账", "Import a project ledger"),
    (
        "project.import.hint",
        "使用导出的台账格式（.xlsx 或 .csv）。有项目编号的行更新该项目的信息，其余行登记为新项目；台账不能改变项目阶段或实际使用外资。先预检，全部无误后才能导入，有任何问题则不写入。",
        "Use the exported ledger layout (.xlsx or .csv). Rows with a project number update that project; other rows register new projects; a ledger does not move a stage or utilised capital. Check first; nothing is written unless every row is good.",
    ),
    ("project.import.preview", "预检结果", "Preview"),
    ("project.import.action", "处理", "Action"),
    ("project.import.do.create", "新登记", "New"),
    ("project.import.do.update", "更新", "Update"),
    ("project.import.do.unchanged", "无变化", "Unchanged"),
    ("project.my_task_forces", "我参与的工作专班", "My task forces"),
    ("project.only_stale", "仅逾期未更新", "Stale only"),
    ("project.filter.q", "项目名称", "Project name"),
    (
        "project.supervision",
        "督办清单：逾期未更新的项目",
        "Supervision list: projects not updated in time",
    ),
    (
        "project.supervision_hint",
        "以下在跟踪的项目超过更新期限未更新，按逾期时间排列（最多 20 个）。",
        "These tracked projects are overdue for an update, longest overdue first (up to 20).",
    ),
    ("project.number", "项目编号", "Number"),
    ("project.stage", "阶段", "Stage"),
    ("project.lead_official", "包保领导", "Lead official"),
    ("project.last_update", "最近更新", "Last update"),
    ("project.stale", "逾期未更新", "Stale"),
    ("project.source_region", "外资来源地", "Source country or region"),
    ("project.total_usd", "总投资（美元）", "Total investment (USD)"),
    ("project.contracted_usd", "合同外资（美元）", "Contracted FDI (USD)"),
    ("project.utilised_usd", "实际使用外资（美元）", "Utilised FDI (USD)"),
    ("project.open_problems", "未办结问题", "Open problems"),
    ("project.record", "项目信息", "Record"),
    ("project.investors", "外国投资方", "Foreign investors"),
    ("project.total_investment", "总投资", "Total investment"),
    ("project.contracted_fdi", "合同外资", "Contracted FDI"),
    ("project.utilised_fdi", "实际使用外资", "Utilised FDI"),
    ("project.at_rate", "汇率（每美元）", "rate per USD"),
    (
        "project.output_per_mu",
        "亩均产出（元/亩·年）",
        "Output per mu (yuan a year)",
    ),
    ("project.tax_per_mu", "亩均税收（元/亩·年）", "Tax per mu (yuan a year)"),
    ("project.update_due", "更新期限", "Update due by"),
    ("project.created_by", "登记人", "Registered by"),
    ("project.paused_from", "暂停前阶段", "paused in"),
    ("project.since", "自", "since"),
    ("project.dropped_on", "终止日期", "Dropped on"),
    (
        "project.no_moves",
        "已终止的项目不再变更阶段。",
        "A dropped project moves no more.",
    ),
    ("project.move", "变更阶段", "Move to another stage"),
    ("project.move_submit", "确认变更", "Move"),
    ("project.signing_group", "进入签约阶段时填写", "When moving to signed"),
    ("project.allowed_now", "当前可变更为", "Allowed now"),
    (
        "project.move_refused",
        "当前阶段不允许此变更。",
        "The project's stage does not allow this move.",
    ),
    (
        "project.conflict",
        "操作与项目当前状态冲突，请刷新后重试",
        "This conflicts with the project's current state; reload and try again",
    ),
    (
        "project.changed_meanwhile",
        "项目信息已被他人修改。请重新打开编辑页面，再录入您的修改。",
        "The project was changed meanwhile. Open the edit page again and re-enter your changes.",
    ),
    ("project.reload", "重新打开", "Reload"),
    ("project.registered", "登记", "Registered"),
    ("project.history", "阶段变更记录", "Stage history"),
    ("project.from_stage", "原阶段", "From"),
    ("project.to_stage", "新阶段", "To"),
    ("project.by", "经办人", "By"),
    (
        "project.tranches",
        "实际使用外资到资记录",
        "Utilised FDI: tranches received",
    ),
    ("project.total", "合计", "Total"),
    ("project.tranche_status", "状态", "Status"),
    ("project.voided", "已作废", "Voided"),
    ("project.void", "作废", "Void"),
    ("project.add_tranche", "登记到资", "Record a tranche"),
    (
        "project.tranche_after_signing",
        "项目签约后方可登记实际使用外资。",
        "Utilised FDI is recorded once the project is signed.",
    ),
    ("project.task_force", "工作专班", "Task force"),
    ("project.added_on", "加入日期", "Added on"),
    ("project.removed_on", "退出日期", "Left on"),
    ("project.remove", "移出专班", "Remove"),
    (
        "project.remove_confirm",
        "确定将此人移出工作专班？",
        "Remove this member from the task force?",
    ),
    ("project.add_member", "添加专班成员", "Add a member"),
    ("project.service_log", "服务记录", "Service log"),
    ("project.add_log", "添加服务记录", "Add to the log"),
    ("project.approvals", "要素保障", "Factor approvals"),
    ("project.approval_none", "未登记", "Not recorded"),
    ("project.due_on", "办理期限", "Due by"),
    ("project.overdue", "已超期", "Overdue"),
    ("project.problem_case", "问题清单", "Problem case"),
    ("project.set_approval", "登记要素办理情况", "Record an approval"),
    (
        "project.problem_cases",
        "项目问题清单",
        "Problem cases raised from the project",
    ),
    ("project.signing.on_site", "现场签约", "On site"),
    ("project.signing.cloud", "云签约", "Remote (cloud) signing"),
    ("project.sec.basic", "基本信息", "Basic information"),
    ("project.sec.money", "投资额", "Investment"),
    ("project.sec.land", "用地与效益", "Land and expected returns"),
    ("project.sec.source", "来源与重点项目", "Source and key-project listing"),
    ("project.sec.stage", "阶段与关键日期", "Stage and key dates"),
    ("project.f.name", "项目名称", "Project name"),
    ("project.f.description", "项目简介", "Description"),
    ("project.f.division", "所在地", "Division"),
    ("project.f.zone", "所在园区", "Zone"),
    ("project.f.industry", "行业", "Industry"),
    ("project.f.project_type", "项目类型", "Project type"),
    ("project.f.investors", "外国投资方", "Foreign investors"),
    ("project.f.investor_name", "投资方名称", "Investor"),
    ("project.f.investor_region", "国别（地区）", "Country or region"),
    ("project.f.enterprise", "外资企业统一社会信用代码", "FIE credit code"),
    ("project.f.total_amount", "总投资金额", "Total investment amount"),
    ("project.f.total_currency", "总投资币种", "Total investment currency"),
    (
        "project.f.total_rate",
        "总投资折美元汇率",
        "Total investment rate per USD",
    ),
    (
        "project.f.total_rate_on",
        "总投资汇率日期",
        "Total investment rate date",
    ),
    ("project.f.contracted_amount", "合同外资金额", "Contracted FDI amount"),
    (
        "project.f.contracted_currency",
        "合同外资币种",
        "Contracted FDI currency",
    ),
    (
        "project.f.contracted_rate",
        "合同外资折美元汇率",
        "Contracted FDI rate per USD",
    ),
    (
        "project.f.contracted_rate_on",
        "合同外资汇率日期",
        "Contracted FDI rate date",
    ),
    ("project.f.land_mu", "用地（亩）", "Land (mu)"),
    (
        "project.f.expected_output",
        "预计年产出（元）",
        "Expected annual output (yuan)",
    ),
    (
        "project.f.expected_tax",
        "预计年税收（元）",
        "Expected annual tax (yuan)",
    ),
    ("project.f.jobs", "新增就业（人）", "Jobs"),
    ("project.f.lead_source", "线索来源", "Lead source"),
    ("project.f.key_level", "重点项目级别", "Key-project level"),
    ("project.f.key_listed_by", "列入单位", "Listed by"),
    ("project.f.publishable", "可对外发布", "May be published"),
    ("project.f.stage", "登记时所处阶段", "Stage at registration"),
    ("project.f.lead_on", "线索日期", "Lead on"),
    ("project.f.talks_on", "开始洽谈日期", "Talks began on"),
    ("project.f.signed_on", "签约日期", "Signed on"),
    ("project.f.signing_mode", "签约方式", "Signing mode"),
    ("project.f.construction_on", "开工日期", "Construction began on"),
    ("project.f.production_on", "投产日期", "In production on"),
    ("project.f.capacity_on", "达产日期", "At capacity on"),
    ("project.f.to", "变更为", "Move to"),
    ("project.f.on", "日期", "Date"),
    ("project.f.evidence", "依据", "Evidence"),
    ("project.f.received_on", "到资日期", "Received on"),
    ("project.f.amount", "金额", "Amount"),
    ("project.f.currency", "币种", "Currency"),
    ("project.f.rate", "折美元汇率", "Rate per USD"),
    ("project.f.rate_on", "汇率日期", "Rate date"),
    ("project.f.note", "备注", "Note"),
    ("project.f.reason", "作废原因", "Reason"),
    ("project.f.role", "专班角色", "Role"),
    ("project.f.username", "系统账号", "Account"),
    ("project.f.member_name", "姓名", "Name"),
    ("project.f.department", "所在部门", "Department"),
    ("project.f.phone", "联系电话", "Phone"),
    ("project.f.log_kind", "服务方式", "Kind"),
    ("project.f.log_on", "服务日期", "Date"),
    ("project.f.participants", "参加人员", "Participants"),
    ("project.f.outcome", "结果", "Outcome"),
    ("project.f.approval_kind", "要素事项", "Approval"),
    ("project.f.approval_department", "责任部门", "Responsible department"),
    ("project.f.started_on", "申请日期", "Applied on"),
    (
        "project.f.due_days",
        "办理时限（工作日）",
        "Time allowed (working days)",
    ),
    ("project.f.status", "办理状态", "Status"),
    ("project.f.done_on", "完成日期", "Done on"),
    (
        "project.f.documents",
        "文件（批复文号等）",
        "Documents (permit numbers)",
    ),
    ("project.f.approval_note", "说明", "Note"),
    ("project.f.problem", "受阻问题", "What blocks it"),
    ("project.hint.on", "留空为今天", "Empty means today"),
    (
        "project.hint.evidence",
        "合同编号、许可证、会议纪要等；暂停或终止须写明原因和依据",
        "Contract number, permit, minutes; pausing or dropping needs the reason",
    ),
    (
        "project.hint.rate",
        "每 1 美元折合该币种金额；美元为 1",
        "Units of the currency per US dollar; 1 for US dollars",
    ),
    ("project.hint.rate_on", "留空为到资日期", "Empty means the day received"),
    ("project.hint.rate_on_today", "留空为今天", "Empty means today"),
    (
        "project.hint.rate_on_signing",
        "留空为签约日期",
        "Empty means the signing date",
    ),
    (
        "project.hint.username",
        "有系统账号的成员可在“我参与的工作专班”中看到本项目",
        "A member with an account finds the project under \"My task forces\"",
    ),
    (
        "project.hint.due_days",
        "从申请日期起按工作日计算",
        "Counted in working days from the application",
    ),
    (
        "project.hint.problem",
        "状态改为“受阻”时必填，系统将据此建立问题清单案件",
        "Required when it becomes blocked; filed as a problem-list case",
    ),
    (
        "project.hint.approval",
        "每类要素一行；再次登记同一类要素即更新该行，留空的字段保持原值。",
        "One row per kind; recording a kind again updates its row, and empty fields keep their value.",
    ),
    (
        "project.hint.industry",
        "国民经济行业分类小类代码（4 位）",
        "Industry class code (4 digits, GB/T 4754-2017)",
    ),
    (
        "project.hint.enterprise",
        "外资企业设立后填写，须为名录中的企业",
        "Once the FIE exists; as in the roster",
    ),
    (
        "project.hint.investors",
        "第一个为主要投资方，其国别（地区）即外资来源地",
        "The first is the main investor; its country or region is the source",
    ),
    (
        "project.hint.money",
        "金额按所填币种录入，并记录折美元汇率及其日期；签约及以后阶段须填写合同外资。",
        "Amounts in their currency, with the rate to the US dollar and its date; contracted FDI is required from signing on.",
    ),
    ("project.hint.yuan", "人民币元", "Yuan (CNY)"),
    (
        "project.hint.key_listed_by",
        "重点项目填写列入单位的行政区划代码（本级或上级）",
        "For a key project, the division code that listed it (this one or above)",
    ),
    (
        "project.hint.stage_new",
        "登记时所处阶段须填写该阶段及此前各阶段日期（洽谈日期除外）；签约及以后须填写合同外资。",
        "A project is registered with the dates of its stage and those before it (talks may be skipped); from signed on, with contracted FDI.",
    ),
    (
        "project.hint.stage_edit",
        "此处只更正日期；阶段变更请在项目页面进行。",
        "Correct dates here; stage moves are made on the project page.",
    ),
    ("action.project_created", "登记项目", "Project registered"),
    ("action.project_updated", "修改项目信息", "Project changed"),
    ("action.project_stage_changed", "项目阶段变更", "Project stage moved"),
    ("action.project_tranche_recorded", "登记到资", "Tranche recorded"),
    ("action.project_tranche_voided", "作废到资记录", "Tranche voided"),
    ("action.project_member_added", "添加专班成员", "Task-force member added"),
    (
        "action.project_member_removed",
        "移出专班成员",
        "Task-force member removed",
    ),
    ("action.project_service_logged", "添加服务记录", "Service logged"),
    (
        "action.project_approval_recorded",
        "登记要素办理情况",
        "Approval recorded",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_key_is_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in LABELS {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "{k} lacks a translation");
        }
    }

    #[test]
    fn every_key_used_in_a_template_has_a_label() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut missing = vec![];
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("t.t(\"").skip(1) {
                    let key = part.split('"').next().unwrap();
                    if !has_key(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "labels missing: {missing:?}");
    }

    #[test]
    fn no_template_carries_an_inline_style_the_content_security_policy_would_block() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut found = vec![];
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains(" style=\"") || text.contains("<style") {
                    found.push(path.display().to_string());
                }
            }
        }
        assert!(
            found.is_empty(),
            "inline styles (style-src 'self' blocks them): {found:?}"
        );
    }
}
