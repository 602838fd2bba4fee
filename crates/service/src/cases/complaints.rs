//! What only FIE complaints ask (外商投资企业投诉工作办法, MOFCOM Order 2020
//! No. 3): intake with the complaint's type and respondent, the one notice
//! listing missing materials, the complainant's time to supplement, the
//! acceptance decision, handling within its limit, refusal and termination on
//! the measures' grounds, the written result.
//!
//! The figures are data (`complaint_time_limits`) and the lists are data
//! (`data/complaint_rules.csv`); both carry their source and say when it is
//! unverified, and the API hands that on.

use kaifang_domain::calendar::WorkCalendar;
use kaifang_domain::cases::Action;
use kaifang_domain::field_error::FieldError;
use kaifang_refdata::{ComplaintRule, ComplaintRuleKind};
use kaifang_store::cases::{self as store_cases, CaseRow, ComplaintLimitRow};
use kaifang_store::{Store, WriteTx};
use serde::Serialize;
use time::Date;

use super::{ActionInput, CaseInput, MaterialsNotice, err, limit_chain, text};
use crate::{ServiceError, ServiceResult};

/// The complaint types of art. 2.
pub const COMPLAINT_TYPES: &[&str] = &["infringement", "environment"];

/// Channels a complaint may come by: in writing, on site, by letter, fax, e-mail or online (art. 10, summary).
const COMPLAINT_CHANNELS: &[&str] = &["online", "visit", "letter", "fax", "email"];

/// Checks what only a complaint's intake asks.
pub(super) fn validate_intake(errors: &mut Vec<FieldError>, input: &CaseInput, channel: &str, has_enterprise: bool) {
    let t = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").to_string();
    let kind = t(&input.complaint_type);
    if !COMPLAINT_TYPES.contains(&kind.as_str()) {
        errors.push(err(
            "complaint_type",
            "complaint.type",
            "投诉类型应为 infringement（行政行为侵权）或 environment（投资环境问题）",
            "the complaint type is infringement (an administrative act) or environment (the investment environment)",
        ));
    }
    if kind == "infringement" && t(&input.respondent).is_empty() {
        errors.push(err(
            "respondent",
            "required",
            "请写明被投诉的行政机关",
            "name the administrative agency complained of",
        ));
    }
    if !has_enterprise && t(&input.complainant).is_empty() {
        errors.push(err(
            "complainant",
            "required",
            "请选择投诉企业，或写明投诉的外国投资者",
            "name the enterprise, or the foreign investor who complains",
        ));
    }
    if !COMPLAINT_CHANNELS.contains(&channel) {
        errors.push(err(
            "channel",
            "complaint.channel",
            "投诉应以书面形式提出：网上、现场、信函、传真或电子邮件",
            format!("a complaint comes in writing: one of {}", COMPLAINT_CHANNELS.join(", ")),
        ));
    }
    for (field, v) in [("respondent", &input.respondent), ("complainant", &input.complainant)] {
        if t(v).chars().count() > 200 {
            errors.push(err(field, "too_long", "不超过 200 字", "at most 200 characters"));
        }
    }
}

fn days(v: i64) -> u32 {
    v.clamp(0, 3660) as u32
}

async fn limits(tx: &mut WriteTx, owner: &str) -> ServiceResult<ComplaintLimitRow> {
    store_cases::complaint_limits_in(tx.conn(), &limit_chain(owner))
        .await?
        .ok_or_else(|| ServiceError::Conflict {
            message: "no complaint time limits are set".into(),
            allowed: vec![],
        })
}

/// Sets the intake clock of a complaint received on `on`: the notice of
/// missing materials and the acceptance decision are both due a number of
/// working days after receipt.
pub(super) async fn start_intake_clock_in(
    tx: &mut WriteTx,
    cal: &WorkCalendar,
    c: &mut CaseRow,
    on: Date,
) -> ServiceResult<()> {
    let l = limits(tx, &c.owner_division).await?;
    let notice = cal.add_working_days(on, days(l.notice_days));
    let accept = cal.add_working_days(on, days(l.acceptance_days));
    c.acknowledge_due = text(notice.date);
    c.reply_due = text(accept.date);
    c.next_due = text(notice.date.min(accept.date));
    c.resolve_due = None;
    c.due_provisional = i64::from(notice.provisional || accept.provisional);
    Ok(())
}

/// The moves whose effect on a complaint differs from a demand's.
pub(super) fn handles_move(a: Action) -> bool {
    matches!(
        a,
        Action::RequestMaterials
            | Action::Supplement
            | Action::Accept
            | Action::Refuse
            | Action::Terminate
            | Action::Extend
            | Action::Resolve
            | Action::Reopen
    )
}

fn rule<'a>(kind: ComplaintRuleKind, field: &str, code: Option<&str>) -> ServiceResult<&'a ComplaintRule> {
    let rd = kaifang_refdata::get();
    let code = code.map(str::trim).unwrap_or("");
    rd.complaint_rule(kind, code).ok_or_else(|| {
        let codes: Vec<&str> = rd.complaint_rules(kind).map(|r| r.code.as_str()).collect();
        err(
            field,
            "complaint.code",
            format!("应为以下之一：{}", codes.join("、")),
            format!("one of {}", codes.join(", ")),
        )
        .into()
    })
}

fn written(input: &Option<String>) -> Option<String> {
    input
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// Applies a complaint move to the row; the caller has checked that the
/// state allows it and writes the row, the ledger and the audit entry.
pub(super) async fn apply(
    tx: &mut WriteTx,
    cal: &WorkCalendar,
    action: Action,
    input: &ActionInput,
    on: Date,
    c: &mut CaseRow,
    detail: &mut serde_json::Map<String, serde_json::Value>,
) -> ServiceResult<()> {
    let l = limits(tx, &c.owner_division).await?;
    let refuse = |m: &str| ServiceError::Conflict {
        message: m.to_string(),
        allowed: vec![],
    };
    detail.insert("limits_source".into(), l.source.clone().into());
    detail.insert("limits_verified".into(), (l.verified == 1).into());
    match action {
        Action::RequestMaterials => {
            if c.materials_requested.is_some() {
                return Err(refuse("the one notice of missing materials has gone out already"));
            }
            let mut items = Vec::new();
            for (i, code) in input.items.iter().enumerate() {
                let r = rule(ComplaintRuleKind::Material, &format!("items[{i}]"), Some(code))?;
                if !items.contains(&r.code) {
                    items.push(r.code.clone());
                }
            }
            let note = written(&input.reason);
            if items.is_empty() && note.is_none() {
                return Err(err(
                    "items",
                    "required",
                    "一次性告知须列明全部缺少的材料",
                    "the notice lists everything missing",
                )
                .into());
            }
            let due = cal.add_working_days(on, days(l.supplement_days));
            let notice = MaterialsNotice { items, note };
            c.materials_requested = Some(serde_json::to_string(&notice).unwrap_or_default());
            c.materials_due = text(due.date);
            c.next_due = text(due.date);
            c.due_provisional = i64::from(c.due_provisional == 1 || due.provisional);
            detail.insert("materials_due".into(), due.date.to_string().into());
        }
        Action::Supplement => {
            let due = cal.add_working_days(on, days(l.acceptance_days));
            c.materials_complete_on = text(on);
            c.reply_due = text(due.date);
            c.next_due = text(due.date);
            c.due_provisional = i64::from(c.due_provisional == 1 || due.provisional);
            if c.materials_due.as_deref().is_some_and(|d| d < on.to_string().as_str()) {
                detail.insert("late".into(), true.into());
            }
        }
        Action::Accept | Action::Reopen => {
            let due = cal.add_working_days(on, days(l.handling_days));
            if action == Action::Accept {
                c.accepted_on = text(on);
            } else if c
                .closed_on
                .as_deref()
                .and_then(kaifang_domain::calendar::parse_date)
                .is_some_and(|d| (on - d).whole_days() > 30)
            {
                return Err(refuse(
                    "a case can be reopened within 30 days of closing; file a new one",
                ));
            }
            if let Some(d) = written(&input.department) {
                c.department = Some(d);
            }
            c.resolve_due = text(due.date);
            c.next_due = text(due.date);
            c.resolved_on = None;
            c.closed_on = None;
            c.due_provisional = i64::from(c.due_provisional == 1 || due.provisional);
            detail.insert("handling_due".into(), due.date.to_string().into());
        }
        Action::Refuse | Action::Terminate => {
            let kind = if action == Action::Refuse {
                ComplaintRuleKind::RefusalGround
            } else {
                ComplaintRuleKind::TerminationGround
            };
            let r = rule(kind, "ground", input.ground.as_deref())?;
            c.ground = Some(r.code.clone());
            c.result = written(&input.reason);
            c.closed_on = text(on);
            c.next_due = None;
            detail.insert("ground_source".into(), r.source.clone().into());
            detail.insert("ground_verified".into(), r.verified.into());
        }
        Action::Extend => {
            let n = input
                .days
                .filter(|d| (1..=i64::from(days(l.handling_days))).contains(d));
            let Some(n) = n else {
                return Err(err(
                    "days",
                    "complaint.extension",
                    format!("延长的工作日数应为 1–{}", l.handling_days),
                    format!("extend by 1 to {} working days", l.handling_days),
                )
                .into());
            };
            let from = c
                .resolve_due
                .as_deref()
                .and_then(kaifang_domain::calendar::parse_date)
                .unwrap_or(on);
            let due = cal.add_working_days(from, n as u32);
            c.resolve_due = text(due.date);
            c.next_due = text(due.date);
            c.extensions += 1;
            c.due_provisional = i64::from(c.due_provisional == 1 || due.provisional);
            detail.insert("days".into(), n.into());
        }
        Action::Resolve => {
            let m = rule(ComplaintRuleKind::HandlingMethod, "method", input.method.as_deref())?;
            let Some(result) = written(&input.result) else {
                return Err(err(
                    "result",
                    "required",
                    "投诉处理结果应书面告知投诉人",
                    "the result goes to the complainant in writing",
                )
                .into());
            };
            c.outcome_method = Some(m.code.clone());
            c.result = Some(result);
            c.resolved_on = text(on);
            c.next_due = None;
        }
        _ => {}
    }
    Ok(())
}

/// The complaint measures' figures and lists that apply in a division, with
/// their sources, as the filing form and the API show them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplaintRules {
    /// The division whose figures apply (the nearest that sets them).
    pub set_by: String,
    pub notice_days: i64,
    pub supplement_days: i64,
    pub acceptance_days: i64,
    pub handling_days: i64,
    pub source: String,
    pub verified: bool,
    #[schema(value_type = Vec<Object>)]
    pub materials: Vec<ComplaintRule>,
    #[schema(value_type = Vec<Object>)]
    pub refusal_grounds: Vec<ComplaintRule>,
    #[schema(value_type = Vec<Object>)]
    pub termination_grounds: Vec<ComplaintRule>,
    #[schema(value_type = Vec<Object>)]
    pub handling_methods: Vec<ComplaintRule>,
}

/// The complaint rules that apply in `division`.
pub async fn complaint_rules(store: &Store, division: &str) -> ServiceResult<ComplaintRules> {
    let l = store_cases::complaint_limits(store, &limit_chain(division))
        .await?
        .ok_or(ServiceError::NotFound)?;
    let rd = kaifang_refdata::get();
    let list = |k| rd.complaint_rules(k).cloned().collect::<Vec<_>>();
    Ok(ComplaintRules {
        set_by: l.division,
        notice_days: l.notice_days,
        supplement_days: l.supplement_days,
        acceptance_days: l.acceptance_days,
        handling_days: l.handling_days,
        source: l.source,
        verified: l.verified == 1,
        materials: list(ComplaintRuleKind::Material),
        refusal_grounds: list(ComplaintRuleKind::RefusalGround),
        termination_grounds: list(ComplaintRuleKind::TerminationGround),
        handling_methods: list(ComplaintRuleKind::HandlingMethod),
    })
}
