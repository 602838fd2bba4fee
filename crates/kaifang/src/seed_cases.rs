//! Deterministic synthetic cases for the case-engine benchmarks: demands
//! (about 70%), problem-list items (20%) and FIE complaints (10%) filed by
//! enterprises of an already seeded roster, so cases fall where enterprises
//! are, received between 2024-01-01 and today.
//!
//! Each case is walked through its life with the stored working-day calendar
//! and the national time limits the database holds (demands and problems:
//! acknowledge, reply and resolve after dispatch; complaints: the materials
//! notice and acceptance after receipt, handling after acceptance), then cut
//! at today. So old cases are finished (mostly closed and rated), recent ones
//! open, and a share stays stuck at a stage and so overdue; a few are paused,
//! returned or withdrawn. The shares below are chosen for a realistic *shape*
//! of load, not taken from statistics. The same seed and the same roster give
//! the same cases on the same day.

use kaifang_domain::calendar::WorkCalendar;
use kaifang_domain::cases::{Status, TimeLimits};
use kaifang_refdata::ComplaintRuleKind;
use kaifang_store::cases::CaseRow;
use kaifang_store::scope::Sql;
use kaifang_store::{Store, WriteTx};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::Date;

/// Where an enterprise is: its division and the placement columns scoped reads use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub division: String,
    pub province: Option<String>,
    pub prefecture: Option<String>,
    pub county: Option<String>,
    /// The division above, where an escalated case goes (`000000` above a province).
    pub parent: String,
}

/// The operating enterprises of the roster, compactly: a case picks one at random,
/// so cases are spread in proportion to where enterprises are.
#[derive(Debug, Default)]
pub struct Roster {
    /// (enterprise id, index into `places`, offset of the credit code in `codes`).
    enterprises: Vec<(i64, u32, u32)>,
    places: Vec<Place>,
    /// Every credit code, 18 characters each.
    codes: String,
}

const USCC_LEN: usize = 18;

impl Roster {
    /// Adds one enterprise (id, credit code, division and placement columns).
    pub fn push(
        &mut self,
        id: i64,
        uscc: &str,
        division: &str,
        province: Option<String>,
        prefecture: Option<String>,
        county: Option<String>,
    ) {
        if uscc.len() != USCC_LEN {
            return;
        }
        let place = match self.places.iter().rposition(|p| p.division == division) {
            Some(i) => i,
            None => {
                let parent = kaifang_refdata::get()
                    .division(division)
                    .and_then(|d| d.parent.clone())
                    .unwrap_or_else(|| "000000".into());
                self.places.push(Place {
                    division: division.to_string(),
                    province,
                    prefecture,
                    county,
                    parent,
                });
                self.places.len() - 1
            }
        };
        self.enterprises.push((id, place as u32, self.codes.len() as u32));
        self.codes.push_str(uscc);
    }

    /// Reads the operating enterprises of the roster, a page of ids at a time.
    pub async fn load(store: &Store) -> anyhow::Result<Roster> {
        let mut roster = Roster::default();
        let mut index: std::collections::HashMap<String, u32> = Default::default();
        let mut after = 0i64;
        loop {
            let mut sql = Sql::with(
                store.backend(),
                "SELECT id, uscc, division, scope_province, scope_prefecture, scope_county FROM enterprises
                 WHERE status = 'operating' AND id > ",
            );
            sql.bind(after).push(" ORDER BY id LIMIT ").bind(100_000i64);
            type Row = (i64, String, String, Option<String>, Option<String>, Option<String>);
            let rows: Vec<Row> = sql.fetch_all_as(store.pool()).await?;
            let Some(last) = rows.last() else { break };
            after = last.0;
            for (id, uscc, division, province, prefecture, county) in rows {
                // One lookup per enterprise instead of `push`'s linear search.
                let place = match index.get(&division) {
                    Some(i) => *i,
                    None => {
                        roster.push(id, &uscc, &division, province, prefecture, county);
                        index.insert(division, (roster.places.len() - 1) as u32);
                        continue;
                    }
                };
                if uscc.len() == USCC_LEN {
                    roster.enterprises.push((id, place, roster.codes.len() as u32));
                    roster.codes.push_str(&uscc);
                }
            }
        }
        Ok(roster)
    }

    pub fn len(&self) -> usize {
        self.enterprises.len()
    }

    pub fn is_empty(&self) -> bool {
        self.enterprises.is_empty()
    }

    pub(crate) fn pick(&self, rng: &mut StdRng) -> (i64, &Place, &str) {
        let (id, place, at) = self.enterprises[rng.gen_range(0..self.enterprises.len())];
        let at = at as usize;
        (id, &self.places[place as usize], &self.codes[at..at + USCC_LEN])
    }
}

/// The complaint measures' limits in working days (`complaint_time_limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintLimits {
    pub notice: u32,
    pub supplement: u32,
    pub acceptance: u32,
    pub handling: u32,
}

/// The national time limits the seeded cases are clocked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub demand: TimeLimits,
    pub problem: TimeLimits,
    pub complaint: ComplaintLimits,
}

impl Limits {
    /// The national rows of `case_time_limits` and `complaint_time_limits`.
    pub async fn load(store: &Store) -> anyhow::Result<Limits> {
        let national = vec!["000000".to_string()];
        let mut tx = store.begin_write().await?;
        let demand = case_limits(&mut tx, &national, "demand").await;
        let problem = case_limits(&mut tx, &national, "problem").await;
        tx.rollback().await?;
        let (demand, problem) = (demand?, problem?);
        let c = kaifang_store::cases::complaint_limits(store, &national)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no national complaint time limits"))?;
        let u = |v: i64| v.clamp(0, 3660) as u32;
        Ok(Limits {
            demand,
            problem,
            complaint: ComplaintLimits {
                notice: u(c.notice_days),
                supplement: u(c.supplement_days),
                acceptance: u(c.acceptance_days),
                handling: u(c.handling_days),
            },
        })
    }
}

async fn case_limits(tx: &mut WriteTx, national: &[String], kind: &str) -> anyhow::Result<TimeLimits> {
    let r = kaifang_store::cases::time_limits(tx, national, kind, "*")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no national time limits for {kind}"))?;
    let u = |v: i64| v.clamp(0, 3660) as u32;
    Ok(TimeLimits {
        acknowledge: u(r.acknowledge_days),
        reply: u(r.reply_days),
        resolve: u(r.resolve_days),
        extended_max: u(r.extended_max_days),
        return_window: u(r.return_window_days),
    })
}

/// What a case is about, per category: title snippets and the department it goes to.
const TOPICS: &[(&str, &[&str], &str)] = &[
    (
        "land",
        &[
            "扩建厂房用地指标落实",
            "不动产权证办理进度",
            "工业用地容积率调整",
            "项目用地规划许可",
        ],
        "自然资源和规划局",
    ),
    (
        "labour",
        &[
            "技术工人招聘困难",
            "外籍员工社保缴纳",
            "季节性用工缺口",
            "职业技能培训补贴",
        ],
        "人力资源和社会保障局",
    ),
    (
        "finance",
        &["流动资金贷款续贷", "跨境人民币结算", "外债登记额度", "出口信用保险费率"],
        "地方金融管理局",
    ),
    (
        "logistics",
        &["集装箱通关时效", "危险品运输许可", "园区物流通道拥堵", "冷链仓储配套"],
        "交通运输局",
    ),
    (
        "approvals",
        &["增资备案办理", "环评审批时限", "施工许可证办理", "经营范围变更登记"],
        "行政审批局",
    ),
    (
        "energy",
        &["生产用电扩容", "天然气供应价格", "分布式光伏并网", "蒸汽管网接入"],
        "发展和改革局",
    ),
    (
        "environment",
        &["排污许可证续期", "危废处置渠道", "VOCs治理改造补助", "环保督察整改标准"],
        "生态环境局",
    ),
    (
        "entry_exit",
        &[
            "外籍高管签证延期",
            "来华技术人员邀请函",
            "外国人工作许可办理",
            "港澳人员通行便利",
        ],
        "公安局出入境管理大队",
    ),
    (
        "policy",
        &["外资奖励资金兑现", "研发费用补助拨付", "稳外资政策申报", "总部企业认定"],
        "商务局",
    ),
    (
        "ip",
        &["商标被抢注", "专利侵权线索", "展会知识产权保护", "商业秘密保护"],
        "市场监督管理局（知识产权局）",
    ),
    (
        "fair_treatment",
        &["政府采购资格限制", "参与标准制定", "招投标中的差别待遇", "地方标准准入"],
        "财政局",
    ),
    (
        "other",
        &["子女入学咨询", "园区配套设施", "企业注销流程", "营商环境意见建议"],
        "商务局",
    ),
];

const REQUESTS: &[&str] = &[
    "希望相关部门协调解决",
    "请求尽快答复办理时限",
    "希望明确政策口径",
    "请求给予指导和支持",
    "希望安排专人对接",
];

const RESPONDENTS: &[&str] = &[
    "区市场监督管理局",
    "区住房和城乡建设局",
    "区自然资源局",
    "区生态环境局",
    "区税务局",
    "区人民政府",
    "开发区管理委员会",
];

const COMPLAINANTS: &[&str] = &[
    "Harbour Crest Holdings Ltd.",
    "Sakura Precision K.K.",
    "Rhein Industrie GmbH",
    "Lion City Ventures Pte. Ltd.",
    "Maple Leaf Capital Inc.",
];

fn channel(rng: &mut StdRng, kind: &str) -> &'static str {
    let options: &[(&str, u32)] = match kind {
        "complaint" => &[("online", 50), ("letter", 20), ("visit", 15), ("email", 10), ("fax", 5)],
        "problem" => &[("monitoring", 40), ("project", 30), ("visit", 30)],
        _ => &[("online", 45), ("visit", 20), ("call", 20), ("meeting", 15)],
    };
    let total: u32 = options.iter().map(|o| o.1).sum();
    let mut x = rng.gen_range(0..total);
    for (c, w) in options {
        if x < *w {
            return c;
        }
        x -= w;
    }
    options[0].0
}

fn rating(rng: &mut StdRng) -> i64 {
    match rng.gen_range(0..100) {
        0..55 => 5,
        55..83 => 4,
        83..93 => 3,
        93..97 => 2,
        _ => 1,
    }
}

fn stamp(d: Date, rng: &mut StdRng) -> String {
    format!(
        "{d}T{:02}:{:02}:{:02}.{:06}Z",
        rng.gen_range(0..10),
        rng.gen_range(0..60),
        rng.gen_range(0..60),
        rng.gen_range(0..1_000_000)
    )
}

fn text(d: Date) -> Option<String> {
    Some(d.to_string())
}

/// Generator state for one seeding run.
pub struct CaseSeeder<'a> {
    rng: StdRng,
    roster: &'a Roster,
    cal: &'a WorkCalendar,
    limits: Limits,
    today: Date,
    first: Date,
    days: i64,
}

impl<'a> CaseSeeder<'a> {
    /// Cases received from 2024-01-01 to `today`.
    pub fn new(seed: u64, roster: &'a Roster, cal: &'a WorkCalendar, limits: Limits, today: Date) -> Self {
        let first = kaifang_domain::calendar::parse_date("2024-01-01").unwrap_or(today);
        let first = first.min(today);
        CaseSeeder {
            // A stream of its own: the same --seed gives other numbers than the roster's.
            rng: StdRng::seed_from_u64(seed ^ 0xCA5E_5EED),
            roster,
            cal,
            limits,
            today,
            first,
            days: (today - first).whole_days(),
        }
    }

    fn add(&self, d: Date, n: u32) -> (Date, bool) {
        let r = self.cal.add_working_days(d, n);
        (r.date, r.provisional)
    }

    fn working_days(&self, from: Date, to: Date) -> i64 {
        self.cal.working_days_between(from, to).days.max(0)
    }

    /// The case with id `id` (its number is made from it).
    pub fn case(&mut self, id: i64) -> CaseRow {
        let (enterprise_id, place, uscc) = self.roster.pick(&mut self.rng);
        let place = place.clone();
        let uscc = uscc.to_string();
        let rng = &mut self.rng;
        let kind = match rng.gen_range(0..100) {
            0..70 => "demand",
            70..90 => "problem",
            _ => "complaint",
        };
        let (category, snippets, department) = TOPICS[rng.gen_range(0..TOPICS.len())];
        let snippet = snippets[rng.gen_range(0..snippets.len())];
        let received = self.first + time::Duration::days(rng.gen_range(0..=self.days));
        let mut c = CaseRow {
            id,
            kind: kind.into(),
            category: category.into(),
            channel: channel(rng, kind).into(),
            status: Status::Submitted.as_str().into(),
            origin_division: place.division.clone(),
            // A few cases were escalated to the level above before they were handled.
            owner_division: if rng.gen_bool(0.03) {
                place.parent.clone()
            } else {
                place.division.clone()
            },
            scope_province: place.province.clone(),
            scope_prefecture: place.prefecture.clone(),
            scope_county: place.county.clone(),
            received_on: received.to_string(),
            version: 1,
            created_by: "seed".into(),
            created_at: stamp(received, rng),
            ..Default::default()
        };
        // Demands and complaints come from an enterprise; problem-list items often from monitoring.
        let with_enterprise = match kind {
            "problem" => rng.gen_bool(0.6),
            "complaint" => rng.gen_bool(0.9),
            _ => true,
        };
        if with_enterprise {
            c.enterprise_id = Some(enterprise_id);
            c.enterprise_uscc = Some(uscc);
        }
        let request = REQUESTS[rng.gen_range(0..REQUESTS.len())];
        if kind == "complaint" {
            let infringement = rng.gen_bool(0.4);
            let respondent = RESPONDENTS[rng.gen_range(0..RESPONDENTS.len())];
            c.complaint_type = Some(if infringement { "infringement" } else { "environment" }.into());
            c.respondent = (infringement || rng.gen_bool(0.5)).then(|| respondent.to_string());
            if !with_enterprise {
                c.complainant = Some(COMPLAINANTS[rng.gen_range(0..COMPLAINANTS.len())].into());
            }
            if rng.gen_bool(0.05) {
                c.confidential = Some(format!(
                    "涉及商业秘密：{snippet}相关的技术方案与报价，仅限承办人员查阅。"
                ));
            }
            c.title = format!("关于{}{snippet}问题的投诉", c.respondent.as_deref().unwrap_or(""));
            c.description = format!(
                "投诉人称，{}在{snippet}事项中{}，影响企业正常经营，{request}，并依法维护企业合法权益。",
                c.respondent.as_deref().unwrap_or("有关部门"),
                if infringement {
                    "作出的行政行为缺乏依据"
                } else {
                    "长期未予解决"
                }
            );
        } else {
            c.title = format!("{snippet}{}", if kind == "problem" { "问题" } else { "的诉求" });
            c.description = format!(
                "企业反映：近期在{snippet}方面遇到困难，已多次与有关单位沟通未果，{request}。联系人已留电话，可随时联系。"
            );
        }
        if kind == "complaint" {
            self.complaint_life(&mut c, received);
        } else {
            let limits = if kind == "demand" {
                self.limits.demand
            } else {
                self.limits.problem
            };
            self.demand_life(&mut c, received, limits, department);
        }
        c.number = format!(
            "{}-{}-{}-{id:06}",
            match kind {
                "complaint" => "TS",
                "problem" => "WT",
                _ => "SQ",
            },
            received.year(),
            c.origin_division
        );
        c
    }

    /// A demand or problem-list item: dispatched, acknowledged, replied,
    /// resolved and confirmed at dates drawn from its limits, cut at today.
    fn demand_life(&mut self, c: &mut CaseRow, received: Date, l: TimeLimits, department: &str) {
        let today = self.today;
        let rng = &mut self.rng;
        let mut last = received;
        // Cases received in the last two days may wait for dispatch.
        if (today - received).whole_days() <= 2 && rng.gen_bool(0.5) {
            c.updated_at = c.created_at.clone();
            return;
        }
        let lag = match rng.gen_range(0..100) {
            0..60 => 0,
            60..95 => 1,
            _ => 2,
        };
        // Fates: 0 normal, 1 stuck at a stage (so overdue once its deadline passes),
        // 2 paused, 3 withdrawn, 4 returned as wrongly assigned.
        let fate = match rng.gen_range(0..1000) {
            0..25 => 1,
            25..33 => 2,
            33..63 => 3,
            63..66 => 4,
            _ => 0,
        };
        let stuck_at = rng.gen_range(0..3); // 0 dispatched, 1 acknowledged, 2 replied
        let t_ack = if rng.gen_bool(0.95) {
            rng.gen_range(0..=l.acknowledge)
        } else {
            l.acknowledge + rng.gen_range(1..=2)
        };
        let t_reply = (t_ack + rng.gen_range(0..=l.reply)).max(t_ack);
        let late = rng.gen_bool(0.12);
        let t_resolve = if late {
            rng.gen_range(l.resolve + 1..=l.extended_max.max(l.resolve + 1))
        } else {
            rng.gen_range(t_reply.max(2)..=l.resolve.max(t_reply.max(2)))
        };
        let extended = late && rng.gen_bool(0.6);
        let t_extend = rng.gen_range(l.resolve.saturating_sub(5)..=l.resolve.saturating_sub(1));
        let confirm_lag = rng.gen_range(0..=10u32);
        let confirmed = rng.gen_bool(0.88);
        let withdraw_after = rng.gen_range(0..=t_resolve);
        let pause_after = rng.gen_range(t_ack.max(1)..=t_resolve.max(t_ack.max(1)));
        let comment = rng.gen_bool(0.2);
        let rate = rating(rng);

        let (dispatched, p0) = self.add(received, lag);
        if dispatched > today {
            c.updated_at = c.created_at.clone();
            return;
        }
        let (ack_due, p1) = self.add(dispatched, l.acknowledge);
        let (reply_due, p2) = self.add(dispatched, l.reply);
        let (resolve_due, p3) = self.add(dispatched, l.resolve);
        c.department = Some(department.to_string());
        c.status = Status::Dispatched.as_str().into();
        c.dispatched_on = text(dispatched);
        c.acknowledge_due = text(ack_due);
        c.reply_due = text(reply_due);
        c.resolve_due = text(resolve_due);
        c.next_due = text(ack_due);
        c.due_provisional = i64::from(p0 || p1 || p2 || p3);
        c.version += 1;
        last = last.max(dispatched);
        let at = |n: u32| self.cal.add_working_days(dispatched, n).date;
        let reached = |d: Date| d <= today;
        let finish = |c: &mut CaseRow, last: Date, rng: &mut StdRng| {
            c.updated_at = stamp(last, rng);
        };
        if fate == 4 && reached(at(1)) && (today - dispatched).whole_days() < 20 {
            c.status = Status::Returned.as_str().into();
            c.acknowledge_due = None;
            c.reply_due = None;
            c.resolve_due = None;
            c.next_due = None;
            c.version += 1;
            finish(c, at(1), &mut self.rng);
            return;
        }
        // The moves in order, each with its day; a fate cuts the list.
        let steps: [(u32, Status); 3] = [
            (t_ack, Status::Acknowledged),
            (t_reply, Status::Replied),
            (t_resolve, Status::Resolved),
        ];
        for (i, (t, status)) in steps.iter().enumerate() {
            if fate == 1 && i >= stuck_at {
                break;
            }
            if fate == 3 && *t > withdraw_after {
                let on = at(withdraw_after);
                if reached(on) {
                    c.status = Status::Withdrawn.as_str().into();
                    c.next_due = None;
                    c.closed_on = text(on);
                    c.version += 1;
                    last = on;
                }
                finish(c, last, &mut self.rng);
                return;
            }
            if fate == 2 && *t > pause_after && matches!(c.status.as_str(), "acknowledged" | "replied") {
                let on = at(pause_after);
                if reached(on) {
                    c.paused_from = Some(c.status.clone());
                    c.paused_on = text(on);
                    c.status = Status::Paused.as_str().into();
                    c.version += 1;
                    last = on;
                }
                finish(c, last, &mut self.rng);
                return;
            }
            if extended && *status == Status::Resolved && reached(at(t_extend)) {
                let (due, p) = self.add(dispatched, l.extended_max);
                c.resolve_due = text(due);
                if c.status == "replied" {
                    c.next_due = text(due);
                }
                c.extensions = 1;
                c.due_provisional |= i64::from(p);
                c.version += 1;
                last = at(t_extend);
            }
            let on = at(*t);
            if !reached(on) {
                break;
            }
            c.status = status.as_str().into();
            c.version += 1;
            last = on;
            match status {
                Status::Acknowledged => {
                    c.acknowledged_on = text(on);
                    c.next_due = c.reply_due.clone();
                }
                Status::Replied => {
                    if c.acknowledged_on.is_none() {
                        c.acknowledged_on = text(on);
                    }
                    c.replied_on = text(on);
                    c.next_due = c.resolve_due.clone();
                }
                _ => {
                    c.resolved_on = text(on);
                    c.next_due = None;
                    c.result = Some(format!("已协调{}办理，问题已解决并书面答复企业。", department));
                    c.days_to_close = Some(self.working_days(received, on));
                    // The enterprise confirms and rates, or the officer closes after ten working days.
                    let (close_on, _) = self.add(on, if confirmed { confirm_lag } else { 10 });
                    if reached(close_on) {
                        c.status = Status::Closed.as_str().into();
                        c.closed_on = text(close_on);
                        c.version += 1;
                        last = close_on;
                        if confirmed {
                            c.rating = Some(rate);
                            c.rating_comment = comment.then(|| "办理及时，满意。".to_string());
                        }
                    }
                }
            }
        }
        finish(c, last, &mut self.rng);
    }

    /// A complaint: intake clock, sometimes the one materials notice and the
    /// supplement, acceptance or refusal, handling, resolution or termination.
    fn complaint_life(&mut self, c: &mut CaseRow, received: Date) {
        let today = self.today;
        let l = self.limits.complaint;
        let rd = kaifang_refdata::get();
        let pick = |rng: &mut StdRng, kind: ComplaintRuleKind, skip: &str| -> Option<String> {
            let codes: Vec<&str> = rd
                .complaint_rules(kind)
                .map(|r| r.code.as_str())
                .filter(|c| *c != skip)
                .collect();
            (!codes.is_empty()).then(|| codes[rng.gen_range(0..codes.len())].to_string())
        };
        let rng = &mut self.rng;
        // Draw everything first, so the stream does not depend on today.
        let stuck_intake = rng.gen_bool(0.01);
        let request = rng.gen_bool(0.3);
        let t_request = rng.gen_range(1..=l.notice.max(1));
        let supplied = rng.gen_bool(0.85);
        let t_supply = if rng.gen_bool(0.9) {
            rng.gen_range(1..=l.supplement.max(1))
        } else {
            l.supplement + rng.gen_range(1..=5)
        };
        let refused = rng.gen_bool(0.08);
        let t_decide = if rng.gen_bool(0.95) {
            rng.gen_range(1..=l.acceptance.max(1))
        } else {
            l.acceptance + rng.gen_range(1..=5)
        };
        let outcome = rng.gen_range(0..100); // <5 terminated, <8 stuck, rest resolved
        let t_terminate = rng.gen_range(5..=l.handling.max(6) - 1);
        let extended = rng.gen_bool(0.1);
        let t_extend = rng.gen_range(l.handling.saturating_sub(10)..=l.handling.saturating_sub(1));
        let extend_by = rng.gen_range(10..=30u32);
        let t_resolve = if extended {
            rng.gen_range(l.handling..=l.handling + extend_by)
        } else {
            rng.gen_range(10.min(l.handling)..=l.handling)
        };
        let confirm_lag = rng.gen_range(0..=10u32);
        let confirmed = rng.gen_bool(0.85);
        let rate = rating(rng);
        let refusal = pick(rng, ComplaintRuleKind::RefusalGround, "materials_not_supplied");
        let termination = pick(rng, ComplaintRuleKind::TerminationGround, "");
        let method = pick(rng, ComplaintRuleKind::HandlingMethod, "");
        let materials: Vec<String> = rd
            .complaint_rules(ComplaintRuleKind::Material)
            .filter(|_| rng.gen_bool(0.4))
            .map(|r| r.code.clone())
            .collect();
        let seed_stamp: u64 = rng.r#gen();

        let mut rng = StdRng::seed_from_u64(seed_stamp);
        let (notice_due, p0) = self.add(received, l.notice);
        let (accept_due, p1) = self.add(received, l.acceptance);
        c.acknowledge_due = text(notice_due);
        c.reply_due = text(accept_due);
        c.next_due = text(notice_due.min(accept_due));
        c.due_provisional = i64::from(p0 || p1);
        let mut last = received;
        let reached = |d: Date| d <= today;
        let done = |c: &mut CaseRow, last: Date, rng: &mut StdRng| c.updated_at = stamp(last, rng);
        if stuck_intake {
            return done(c, last, &mut rng);
        }
        let mut base = received;
        if request {
            let (on, _) = self.add(received, t_request);
            if !reached(on) {
                return done(c, last, &mut rng);
            }
            let (due, p) = self.add(on, l.supplement);
            c.status = Status::AwaitingMaterials.as_str().into();
            let items = if materials.is_empty() {
                vec!["evidence".to_string()]
            } else {
                materials
            };
            c.materials_requested = Some(serde_json::json!({"items": items, "note": null}).to_string());
            c.materials_due = text(due);
            c.next_due = text(due);
            c.due_provisional |= i64::from(p);
            c.version += 1;
            last = on;
            if supplied {
                let (sup, _) = self.add(on, t_supply);
                if !reached(sup) {
                    return done(c, last, &mut rng);
                }
                let (due, p) = self.add(sup, l.acceptance);
                c.status = Status::Submitted.as_str().into();
                c.materials_complete_on = text(sup);
                c.reply_due = text(due);
                c.next_due = text(due);
                c.due_provisional |= i64::from(p);
                c.version += 1;
                last = sup;
                base = sup;
            } else {
                let (on, _) = self.add(due, 1 + t_supply % 5);
                if reached(on) {
                    c.status = Status::Refused.as_str().into();
                    c.ground = Some("materials_not_supplied".into());
                    c.result = Some("投诉人未在期限内补正材料，不予受理。".into());
                    c.closed_on = text(on);
                    c.next_due = None;
                    c.version += 1;
                    last = on;
                }
                return done(c, last, &mut rng);
            }
        }
        let (decided, _) = self.add(base, t_decide);
        if !reached(decided) {
            return done(c, last, &mut rng);
        }
        last = decided;
        c.version += 1;
        if refused {
            c.status = Status::Refused.as_str().into();
            c.ground = refusal;
            c.result = Some("经审查，该投诉不属于本机构受理范围，已书面告知投诉人。".into());
            c.closed_on = text(decided);
            c.next_due = None;
            return done(c, last, &mut rng);
        }
        let (handling_due, p) = self.add(decided, l.handling);
        c.status = Status::Accepted.as_str().into();
        c.accepted_on = text(decided);
        c.department = Some("外商投资企业投诉工作机构".into());
        c.resolve_due = text(handling_due);
        c.next_due = text(handling_due);
        c.due_provisional |= i64::from(p);
        if outcome < 5 {
            let (on, _) = self.add(decided, t_terminate);
            if reached(on) {
                c.status = Status::Terminated.as_str().into();
                c.ground = termination;
                c.result = Some("投诉人不再配合处理，终止处理。".into());
                c.closed_on = text(on);
                c.next_due = None;
                c.version += 1;
                last = on;
            }
            return done(c, last, &mut rng);
        }
        if outcome < 8 {
            return done(c, last, &mut rng);
        }
        if extended {
            let (on, _) = self.add(decided, t_extend);
            if reached(on) {
                let (due, p) = self.add(handling_due, extend_by);
                c.resolve_due = text(due);
                c.next_due = text(due);
                c.extensions = 1;
                c.due_provisional |= i64::from(p);
                c.version += 1;
                last = on;
            }
        }
        let (resolved, _) = self.add(decided, t_resolve);
        if !reached(resolved) {
            return done(c, last, &mut rng);
        }
        c.status = Status::Resolved.as_str().into();
        c.resolved_on = text(resolved);
        c.outcome_method = method;
        c.result = Some("经协调，被投诉单位已纠正有关做法，处理结果已书面告知投诉人。".into());
        c.next_due = None;
        c.days_to_close = Some(self.working_days(received, resolved));
        c.version += 1;
        last = resolved;
        let (close_on, _) = self.add(resolved, if confirmed { confirm_lag } else { 10 });
        if reached(close_on) {
            c.status = Status::Closed.as_str().into();
            c.closed_on = text(close_on);
            c.version += 1;
            last = close_on;
            if confirmed {
                c.rating = Some(rate);
            }
        }
        done(c, last, &mut rng)
    }

    /// The next `n` cases, ids from `first_id`.
    pub fn batch(&mut self, first_id: i64, n: usize) -> Vec<CaseRow> {
        (0..n as i64).map(|i| self.case(first_id + i)).collect()
    }
}

/// Rows per INSERT statement: 48 values each, under SQLite's 32,766 bound values.
const ROWS_PER_STATEMENT: usize = 300;

/// Writes cases with their ids and numbers as given, plus one `file` entry per
/// case in the ledger, as multi-row INSERTs (`?` placeholders on SQLite).
pub async fn insert_cases(tx: &mut WriteTx, cases: &[CaseRow]) -> anyhow::Result<()> {
    for chunk in cases.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO cases (id, number, kind, category, title, description, channel, enterprise_id, status,
                paused_from, paused_on, origin_division, owner_division, department, scope_province,
                scope_prefecture, scope_county, enterprise_uscc, received_on, dispatched_on, acknowledge_due,
                reply_due, resolve_due, next_due, due_provisional, acknowledged_on, replied_on, resolved_on,
                closed_on, extensions, rating, rating_comment, version, created_by, created_at, updated_at,
                complainant, respondent, complaint_type, confidential, materials_requested, materials_due,
                materials_complete_on, accepted_on, ground, outcome_method, result, days_to_close) VALUES ",
        );
        for (i, c) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(c.id).push(", ");
            sql.bind(c.number.clone()).push(", ");
            sql.bind(c.kind.clone()).push(", ");
            sql.bind(c.category.clone()).push(", ");
            sql.bind(c.title.clone()).push(", ");
            sql.bind(c.description.clone()).push(", ");
            sql.bind(c.channel.clone()).push(", ");
            sql.bind(c.enterprise_id).push(", ");
            sql.bind(c.status.clone()).push(", ");
            sql.bind(c.paused_from.clone()).push(", ");
            sql.bind(c.paused_on.clone()).push(", ");
            sql.bind(c.origin_division.clone()).push(", ");
            sql.bind(c.owner_division.clone()).push(", ");
            sql.bind(c.department.clone()).push(", ");
            sql.bind(c.scope_province.clone()).push(", ");
            sql.bind(c.scope_prefecture.clone()).push(", ");
            sql.bind(c.scope_county.clone()).push(", ");
            sql.bind(c.enterprise_uscc.clone()).push(", ");
            sql.bind(c.received_on.clone()).push(", ");
            sql.bind(c.dispatched_on.clone()).push(", ");
            sql.bind(c.acknowledge_due.clone()).push(", ");
            sql.bind(c.reply_due.clone()).push(", ");
            sql.bind(c.resolve_due.clone()).push(", ");
            sql.bind(c.next_due.clone()).push(", ");
            sql.bind(c.due_provisional).push(", ");
            sql.bind(c.acknowledged_on.clone()).push(", ");
            sql.bind(c.replied_on.clone()).push(", ");
            sql.bind(c.resolved_on.clone()).push(", ");
            sql.bind(c.closed_on.clone()).push(", ");
            sql.bind(c.extensions).push(", ");
            sql.bind(c.rating).push(", ");
            sql.bind(c.rating_comment.clone()).push(", ");
            sql.bind(c.version).push(", ");
            sql.bind(c.created_by.clone()).push(", ");
            sql.bind(c.created_at.clone()).push(", ");
            sql.bind(c.updated_at.clone()).push(", ");
            sql.bind(c.complainant.clone()).push(", ");
            sql.bind(c.respondent.clone()).push(", ");
            sql.bind(c.complaint_type.clone()).push(", ");
            sql.bind(c.confidential.clone()).push(", ");
            sql.bind(c.materials_requested.clone()).push(", ");
            sql.bind(c.materials_due.clone()).push(", ");
            sql.bind(c.materials_complete_on.clone()).push(", ");
            sql.bind(c.accepted_on.clone()).push(", ");
            sql.bind(c.ground.clone()).push(", ");
            sql.bind(c.outcome_method.clone()).push(", ");
            sql.bind(c.result.clone()).push(", ");
            sql.bind(c.days_to_close).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    // The first ledger entry of each case, as filing writes it.
    for chunk in cases.chunks(ROWS_PER_STATEMENT * 3) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO case_events (case_id, at, on_date, actor_id, actor_name, action, from_status, to_status)
             VALUES ",
        );
        for (i, c) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(c.id).push(", ");
            sql.bind(c.created_at.clone()).push(", ");
            sql.bind(c.received_on.clone());
            sql.push(", NULL, 'seed', 'file', NULL, 'submitted')");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// The id the next seeded case gets.
pub async fn next_id(tx: &mut WriteTx, table: &str) -> anyhow::Result<i64> {
    let sql = Sql::with(
        tx.backend(),
        &format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}"),
    );
    Ok(sql.fetch_scalar_i64(tx.conn()).await? + 1)
}

/// After explicit ids: moves PostgreSQL's identity sequence of `table` past them, so
/// rows written later get fresh ids (SQLite's AUTOINCREMENT follows the largest id by itself).
pub async fn sync_id_sequence(tx: &mut WriteTx, table: &str) -> anyhow::Result<()> {
    if tx.backend() == kaifang_store::Backend::Postgres {
        // Backend-specific: PostgreSQL's sequence functions.
        Sql::new(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        let mut r = Roster::default();
        for (i, division) in ["320102", "320583", "440305", "110105"].iter().enumerate() {
            let p = kaifang_service::placement::of_division("d", division).unwrap();
            for n in 0..50u64 {
                let id = (i as i64) * 100 + n as i64 + 1;
                r.push(
                    id,
                    &crate::seed::seeded_uscc(id as u64, division),
                    division,
                    p.province.clone(),
                    p.prefecture.clone(),
                    p.county.clone(),
                );
            }
        }
        r
    }

    fn limits() -> Limits {
        let t = TimeLimits {
            acknowledge: 1,
            reply: 3,
            resolve: 15,
            extended_max: 30,
            return_window: 2,
        };
        Limits {
            demand: t,
            problem: t,
            complaint: ComplaintLimits {
                notice: 7,
                supplement: 15,
                acceptance: 7,
                handling: 60,
            },
        }
    }

    fn today() -> Date {
        kaifang_domain::calendar::parse_date("2026-11-20").unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_cases_with_unique_numbers() {
        let (r, cal) = (roster(), WorkCalendar::weekends_only());
        let a = CaseSeeder::new(7, &r, &cal, limits(), today()).batch(1, 2_000);
        let b = CaseSeeder::new(7, &r, &cal, limits(), today()).batch(1, 2_000);
        let key = |c: &CaseRow| {
            format!(
                "{} {} {:?} {:?} {:?}",
                c.number, c.status, c.next_due, c.rating, c.updated_at
            )
        };
        assert_eq!(
            a.iter().map(key).collect::<Vec<_>>(),
            b.iter().map(key).collect::<Vec<_>>()
        );
        let mut numbers: Vec<&str> = a.iter().map(|c| c.number.as_str()).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), a.len());
        assert!(a[41].number.ends_with("-000042"), "{}", a[41].number);
    }

    #[test]
    fn cases_have_a_realistic_shape() {
        let (r, cal) = (roster(), WorkCalendar::weekends_only());
        let today = today();
        let cases = CaseSeeder::new(1, &r, &cal, limits(), today).batch(1, 20_000);
        let share = |f: &dyn Fn(&CaseRow) -> bool| cases.iter().filter(|c| f(c)).count() as f64 / cases.len() as f64;
        let demand = share(&|c| c.kind == "demand");
        let complaint = share(&|c| c.kind == "complaint");
        assert!((0.66..0.74).contains(&demand), "{demand}");
        assert!((0.08..0.12).contains(&complaint), "{complaint}");
        let closed = share(&|c| c.status == "closed");
        assert!(closed > 0.8, "{closed}");
        let t = today.to_string();
        let open = |c: &CaseRow| Status::parse(&c.status).is_some_and(|s| s.is_open());
        let overdue = share(&|c| open(c) && c.status != "paused" && c.next_due.as_deref().is_some_and(|d| *d < *t));
        assert!((0.005..0.05).contains(&overdue), "{overdue}");
        assert!(share(&|c| c.status == "paused") > 0.0);
        assert!(share(&|c| open(c) && c.next_due.as_deref().is_some_and(|d| *d >= *t)) > 0.0);
        for c in &cases {
            assert!(
                c.received_on.as_str() >= "2024-01-01" && c.received_on <= t,
                "{}",
                c.received_on
            );
            assert!(crate::seed_cases::TOPICS.iter().any(|x| x.0 == c.category));
            assert!(kaifang_service::cases::CATEGORIES.iter().any(|x| x.0 == c.category));
            assert_eq!(c.rating.is_some(), c.rating.is_some() && c.status == "closed");
            if !open(c) || c.status == "resolved" {
                assert_eq!(c.next_due, None, "{}: {}", c.number, c.status);
            }
            if let Some(r) = c.rating {
                assert!((1..=5).contains(&r));
            }
            let prefix = &c.number[..2];
            assert_eq!(
                prefix,
                match c.kind.as_str() {
                    "demand" => "SQ",
                    "problem" => "WT",
                    _ => "TS",
                }
            );
        }
    }
}
