//! The case engine: demands, complaints and problem-list items filed,
//! dispatched or accepted, clocked in working days, escalated up the hierarchy
//! and closed, every move in the case ledger and the audit log.
//!
//! `create` files a case, `act` takes a move, `complaints` holds what only the
//! complaint measures ask, `attachments` the files of a case.

mod act;
mod attachments;
mod complaints;
mod create;
mod dashboard;
mod export;
mod file_many;
mod ledger;
mod limits;

pub use act::{act, allowed_for};
pub use attachments::{AttachmentView, MAX_ATTACHMENT_BYTES, add_attachment, attachment, validate_file};
pub use complaints::{ComplaintRules, complaint_rules};
pub use create::create;
pub(crate) use create::create_in;
pub use dashboard::{Dashboard, DashboardCache, DashboardRow, dashboard};
pub use export::ledger_xlsx;
pub(crate) use file_many::{ProblemFiling, file_problems_in};
pub use ledger::{CaseSummary, list};
pub use limits::{TimeLimitInput, TimeLimitView, set_time_limit, time_limits};

use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::{WorkCalendar, parse_date};
use kaifang_domain::cases::{self as rules, CaseKind, Status};
use kaifang_domain::field_error::{FieldError, Message};
use kaifang_store::Store;
use kaifang_store::cases::{self as store_cases, CaseFilter, CaseRow};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// Demand categories (诉求类别), with their names.
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    ("land", "用地", "Land"),
    ("labour", "用工", "Labour"),
    ("finance", "融资", "Finance"),
    ("logistics", "物流", "Logistics"),
    ("approvals", "审批", "Approvals"),
    ("energy", "能源", "Energy"),
    ("environment", "环保", "Environment"),
    ("entry_exit", "人员出入境", "Entry and exit of staff"),
    ("policy", "政策兑现", "Policy delivery"),
    ("ip", "知识产权", "Intellectual property"),
    (
        "fair_treatment",
        "公平参与政府采购和标准制定",
        "Fair treatment in procurement and standards",
    ),
    ("other", "其他", "Other"),
];

/// The Chinese and English names of a case kind.
pub fn kind_name(kind: &str) -> Option<(&'static str, &'static str)> {
    match kind {
        "demand" => Some(("诉求", "Demands")),
        "complaint" => Some(("投诉", "Complaints")),
        "problem" => Some(("问题清单", "Problem list")),
        _ => None,
    }
}

/// How a case came in. Complaints come in writing: online, on site (visit), by letter, fax or e-mail.
pub const CHANNELS: &[&str] = &[
    "online",
    "visit",
    "call",
    "meeting",
    "monitoring",
    "project",
    "letter",
    "fax",
    "email",
];

/// A case as received from a form or the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CaseInput {
    /// `demand`, `complaint` or `problem`.
    pub kind: String,
    pub category: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// online, visit, call, meeting, monitoring, project. Enterprise accounts: always online.
    #[serde(default)]
    pub channel: String,
    /// The enterprise's credit code (officers; an enterprise account files for itself).
    #[serde(default)]
    pub enterprise: Option<String>,
    /// The division the case belongs to when no enterprise is named (officers; default: their own).
    #[serde(default)]
    pub division: Option<String>,
    /// A common problem this item is grouped under (its case number).
    #[serde(default)]
    pub parent: Option<String>,
    /// `YYYY-MM-DD`, for cases recorded after the fact; default today.
    #[serde(default)]
    pub received_on: Option<String>,
    /// Complaints: `infringement` (an administrative act infringes rights) or `environment`
    /// (a problem of the investment environment).
    #[serde(default)]
    pub complaint_type: Option<String>,
    /// Complaints: the administrative agency complained of (required for infringement).
    #[serde(default)]
    pub respondent: Option<String>,
    /// Complaints by a foreign investor not in the roster: who complains.
    #[serde(default)]
    pub complainant: Option<String>,
    /// Trade secrets, confidential business information or private facts: shown only to those
    /// handling the case.
    #[serde(default)]
    pub confidential: Option<String>,
}

/// One move on a case.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ActionInput {
    pub action: String,
    #[serde(default)]
    pub reason: Option<String>,
    /// The responsible department (dispatch).
    #[serde(default)]
    pub department: Option<String>,
    /// 1–5 (confirm).
    #[serde(default)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub comment: Option<String>,
    /// `YYYY-MM-DD` the move happened, when recorded later; default today.
    #[serde(default)]
    pub on: Option<String>,
    /// Complaints: the missing materials (codes of the measures' list) the one notice names.
    #[serde(default)]
    pub items: Vec<String>,
    /// Complaints: the refusal or termination ground (a code of the measures' list).
    #[serde(default)]
    pub ground: Option<String>,
    /// Complaints: how the complaint was handled (resolve).
    #[serde(default)]
    pub method: Option<String>,
    /// The written result given to the enterprise (resolve; required for complaints).
    #[serde(default)]
    pub result: Option<String>,
    /// Complaints: working days an extension adds (the measures set no figure).
    #[serde(default)]
    pub days: Option<i64>,
    /// The responsible officer's username (dispatch, accept, reopen): an active officer of the
    /// division handling the case.
    #[serde(default)]
    pub assignee: Option<String>,
}

/// The one notice listing missing materials.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MaterialsNotice {
    pub items: Vec<String>,
    pub note: Option<String>,
}

/// A case with its clock as lists and the detail page show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseView {
    pub number: String,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub channel: String,
    pub enterprise: Option<String>,
    pub status: String,
    /// on_time, due_soon, overdue, paused or none.
    pub clock: String,
    pub origin_division: String,
    pub owner_division: String,
    pub department: Option<String>,
    /// The responsible officer's username.
    pub assignee: Option<String>,
    pub received_on: String,
    pub dispatched_on: Option<String>,
    pub acknowledge_due: Option<String>,
    pub reply_due: Option<String>,
    pub resolve_due: Option<String>,
    pub next_due: Option<String>,
    /// A deadline depends on a year without a published holiday schedule.
    pub due_provisional: bool,
    pub resolved_on: Option<String>,
    pub closed_on: Option<String>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub result: Option<String>,
    pub complaint_type: Option<String>,
    pub respondent: Option<String>,
    pub complainant: Option<String>,
    /// Trade-secret material; `None` with `confidential_withheld` for those not handling the case.
    pub confidential: Option<String>,
    pub confidential_withheld: bool,
    pub materials_requested: Option<MaterialsNotice>,
    /// The complainant's deadline to supplement.
    pub materials_due: Option<String>,
    pub materials_complete_on: Option<String>,
    pub accepted_on: Option<String>,
    /// Refusal or termination ground.
    pub ground: Option<String>,
    pub outcome_method: Option<String>,
    /// The project the case was raised from (a blocked factor approval).
    pub project: Option<String>,
    pub version: i64,
    /// What may be done next, by status.
    pub allowed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LedgerEntry {
    pub at: String,
    pub on: String,
    pub actor: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    #[schema(value_type = Object)]
    pub detail: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub case: CaseView,
    pub ledger: Vec<LedgerEntry>,
    /// Attachments the caller may see (confidential ones only for those handling the case).
    pub attachments: Vec<AttachmentView>,
}

pub(crate) fn kind_of(c: &CaseRow) -> CaseKind {
    CaseKind::parse(&c.kind).unwrap_or(CaseKind::Demand)
}

pub(crate) fn status_of(c: &CaseRow) -> Status {
    Status::parse(&c.status).unwrap_or(Status::Submitted)
}

/// Whether the caller handles the case (and so sees its trade-secret material):
/// officers and admins of the division that owns it now, and the complaining
/// enterprise itself. Leaders and other levels supervise; they do not handle.
pub(crate) fn handles(p: &Principal, c: &CaseRow) -> bool {
    match p.role {
        Role::Enterprise => p.enterprise.is_some() && p.enterprise == c.enterprise_uscc,
        Role::Officer | Role::Admin => p.division == c.owner_division,
        Role::Leader => false,
    }
}

/// A row as the audit log keeps it: confidential text replaced by its digest.
pub(crate) fn audit_value(c: &CaseRow) -> serde_json::Value {
    let mut v = serde_json::to_value(c).unwrap_or_default();
    if let Some(text) = &c.confidential {
        v["confidential"] = format!("[withheld; sm3 {}]", crate::digest_hex(text.as_bytes())).into();
    }
    v
}

fn view(cal: &WorkCalendar, c: &CaseRow, today: Date, handler: bool) -> CaseView {
    let status = status_of(c);
    let next_due = c.next_due.as_deref().and_then(parse_date);
    CaseView {
        number: c.number.clone(),
        kind: c.kind.clone(),
        category: c.category.clone(),
        title: c.title.clone(),
        description: c.description.clone(),
        channel: c.channel.clone(),
        enterprise: c.enterprise_uscc.clone(),
        status: c.status.clone(),
        clock: rules::clock_state(cal, status, next_due, today).as_str().to_string(),
        origin_division: c.origin_division.clone(),
        owner_division: c.owner_division.clone(),
        department: c.department.clone(),
        assignee: c.assignee_name.clone(),
        received_on: c.received_on.clone(),
        dispatched_on: c.dispatched_on.clone(),
        acknowledge_due: c.acknowledge_due.clone(),
        reply_due: c.reply_due.clone(),
        resolve_due: c.resolve_due.clone(),
        next_due: c.next_due.clone(),
        due_provisional: c.due_provisional == 1,
        resolved_on: c.resolved_on.clone(),
        closed_on: c.closed_on.clone(),
        rating: c.rating,
        rating_comment: c.rating_comment.clone(),
        result: c.result.clone(),
        complaint_type: c.complaint_type.clone(),
        respondent: c.respondent.clone(),
        complainant: c.complainant.clone(),
        confidential: if handler { c.confidential.clone() } else { None },
        confidential_withheld: !handler && c.confidential.is_some(),
        materials_requested: c
            .materials_requested
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok()),
        materials_due: c.materials_due.clone(),
        materials_complete_on: c.materials_complete_on.clone(),
        accepted_on: c.accepted_on.clone(),
        ground: c.ground.clone(),
        outcome_method: c.outcome_method.clone(),
        project: c.project_number.clone(),
        version: c.version,
        allowed: rules::allowed(kind_of(c), status)
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
    }
}

pub(crate) fn err(field: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

pub(crate) fn required(errors: &mut Vec<FieldError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(err(field, "required", "必填", "required"));
    }
}

/// One case with its ledger, inside the caller's scope.
pub async fn get(store: &Store, cals: &Calendars, p: &Principal, number: &str) -> ServiceResult<CaseDetail> {
    let row = store_cases::get(store, &p.scope, number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let cal = cals.get(store).await?;
    let ledger = store_cases::events(store, row.id)
        .await?
        .into_iter()
        .map(|e| LedgerEntry {
            at: e.at,
            on: e.on_date,
            actor: e.actor_name,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            reason: e.reason,
            detail: e.detail_json.and_then(|j| serde_json::from_str(&j).ok()),
        })
        .collect();
    let handler = handles(p, &row);
    let attachments = kaifang_store::case_attachments::list(store, row.id)
        .await?
        .into_iter()
        .filter(|a| handler || a.confidential == 0)
        .map(AttachmentView::from)
        .collect();
    Ok(CaseDetail {
        case: view(&cal, &row, today_cn(), handler),
        ledger,
        attachments,
    })
}

/// Query of the case ledger.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    /// Only open cases past their next deadline.
    pub overdue: Option<bool>,
    /// Cases handled by this division now.
    pub owner: Option<String>,
    /// `me`: the cases assigned to the caller.
    pub assignee: Option<String>,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
    pub limit: Option<i64>,
}

/// The store filter a ledger query asks for.
pub(crate) fn filter_of(q: &CaseQuery, today: Date, p: &Principal) -> CaseFilter {
    CaseFilter {
        kind: q.kind.clone().filter(|s| !s.is_empty()),
        status: q.status.clone().filter(|s| !s.is_empty()),
        category: q.category.clone().filter(|s| !s.is_empty()),
        overdue_before: q.overdue.unwrap_or(false).then(|| today.to_string()),
        owner_division: q.owner.clone().filter(|s| !s.is_empty()),
        assignee_id: (q.assignee.as_deref() == Some("me")).then_some(p.user_id),
    }
}

pub(crate) fn conflict(message: impl Into<String>, kind: CaseKind, status: Status) -> ServiceError {
    ServiceError::Conflict {
        message: message.into(),
        allowed: rules::allowed(kind, status)
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
    }
}

/// The owner's chain for time limits, nearest first, ending at the national level.
pub(crate) fn limit_chain(owner: &str) -> Vec<String> {
    crate::placement::chain_to_national(owner)
}

pub(crate) fn text(d: Date) -> Option<String> {
    Some(d.to_string())
}
