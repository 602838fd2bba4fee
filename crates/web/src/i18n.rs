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
    ("common.actions", "操作", "Actions"),
    ("common.print", "打印", "Print"),
    ("common.details", "详情", "Details"),
    ("common.none", "无", "None"),
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
}
