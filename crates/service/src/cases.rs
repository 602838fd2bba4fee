//! The case engine: demands and problem-list items filed, dispatched, clocked in
//! working days, escalated up the hierarchy and closed, every move in the case
//! ledger and the audit log.

use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::{WorkCalendar, parse_date};
use kaifang_domain::cases::{self as rules, Action, CaseKind, Status, TimeLimits};
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_store::cases::{self as store_cases, CaseFilter, CaseRow, EventRow, TimeLimitRow};
use kaifang_store::{AuditEvent, Store};
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

/// How a case came in.
pub const CHANNELS: &[&str] = &["online", "visit", "call", "meeting", "monitoring", "project"];

/// A case as received from a form or the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CaseInput {
    /// `demand` or `problem`.
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
}

fn view(cal: &WorkCalendar, c: &CaseRow, today: Date) -> CaseView {
    let status = Status::parse(&c.status).unwrap_or(Status::Submitted);
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
        version: c.version,
        allowed: rules::allowed(status).iter().map(|a| a.as_str().to_string()).collect(),
    }
}

fn err(field: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

fn required(errors: &mut Vec<FieldError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(err(field, "required", "必填", "required"));
    }
}

/// Files a new case.
pub async fn create(store: &Store, cals: &Calendars, p: &Principal, input: &CaseInput) -> ServiceResult<CaseDetail> {
    p.require(matches!(p.role, Role::Officer | Role::Admin | Role::Enterprise))?;
    let today = today_cn();
    let mut errors = Vec::new();
    let kind = CaseKind::parse(input.kind.trim());
    match kind {
        None | Some(CaseKind::Complaint) => errors.push(err(
            "kind",
            "case.kind",
            "类型应为 demand（诉求）或 problem（问题清单）",
            "the kind is demand or problem",
        )),
        Some(CaseKind::Problem) if p.role == Role::Enterprise => errors.push(err(
            "kind",
            "case.kind",
            "企业账号只能提交诉求",
            "an enterprise account files demands",
        )),
        _ => {}
    }
    if !CATEGORIES.iter().any(|c| c.0 == input.category.trim()) {
        errors.push(err(
            "category",
            "case.category",
            "未知的诉求类别",
            format!(
                "unknown category; one of {}",
                CATEGORIES.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    required(&mut errors, "title", &input.title);
    if input.title.chars().count() > 200 {
        errors.push(err("title", "too_long", "标题不超过 200 字", "at most 200 characters"));
    }
    let channel = if p.role == Role::Enterprise {
        "online".to_string()
    } else if input.channel.trim().is_empty() {
        "visit".to_string()
    } else {
        input.channel.trim().to_string()
    };
    if !CHANNELS.contains(&channel.as_str()) {
        errors.push(err(
            "channel",
            "case.channel",
            "未知的来源渠道",
            format!("unknown channel; one of {}", CHANNELS.join(", ")),
        ));
    }
    let received_on = match input.received_on.as_deref().filter(|s| !s.trim().is_empty()) {
        None => Some(today),
        Some(s) => match parse_date(s) {
            Some(d) if d <= today => Some(d),
            Some(_) => {
                errors.push(err(
                    "received_on",
                    "date.future",
                    "日期不能晚于今天",
                    "cannot be in the future",
                ));
                None
            }
            None => {
                errors.push(err(
                    "received_on",
                    "date.format",
                    "日期格式应为 YYYY-MM-DD",
                    "a date is written YYYY-MM-DD",
                ));
                None
            }
        },
    };
    // Whose case: the enterprise's division, or the officer's chosen division.
    let enterprise_code = match p.role {
        Role::Enterprise => p.enterprise.clone(),
        _ => input
            .enterprise
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
    };
    let mut enterprise = None;
    if let Some(code) = &enterprise_code {
        match kaifang_store::enterprises::get(store, &p.scope, code).await? {
            Some(e) => enterprise = Some(e),
            None => errors.push(err(
                "enterprise",
                "enterprise.unknown",
                "管辖范围内没有这家企业",
                "no such enterprise in your jurisdiction",
            )),
        }
    }
    let division = match (&enterprise, &input.division) {
        (Some(e), _) => e.row.division.clone(),
        (None, Some(d)) if !d.trim().is_empty() => d.trim().to_string(),
        _ => p.division.clone(),
    };
    let placement = match crate::placement::of_division("division", &division) {
        Ok(pl) => Some(pl),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if placement.is_some() && p.role != Role::Enterprise && !p.covers_division(&division) {
        errors.push(err(
            "division",
            "division.outside",
            "不在您的管辖范围内",
            "outside your jurisdiction",
        ));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(FieldErrors(errors)));
    }
    let (kind, placement, received_on) = (
        kind.unwrap_or(CaseKind::Demand),
        placement.unwrap_or_default(),
        received_on.unwrap_or(today),
    );
    let mut tx = store.begin_write().await?;
    let parent_id = match input.parent.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(n) => match store_cases::get_in(&mut tx, &p.scope, n).await? {
            Some(parent) if parent.kind == "problem" && parent.parent_id.is_none() => Some(parent.id),
            _ => {
                tx.rollback().await?;
                return Err(err(
                    "parent",
                    "case.parent",
                    "上级问题不存在，或不是可归并的问题清单条目",
                    "no such problem-list item to group under",
                )
                .into());
            }
        },
    };
    let now = kaifang_store::now_text();
    let mut row = CaseRow::default();
    row.kind = kind.as_str().to_string();
    row.category = input.category.trim().to_string();
    row.title = input.title.trim().to_string();
    row.description = input.description.trim().to_string();
    row.channel = channel;
    row.enterprise_id = enterprise.as_ref().map(|e| e.row.id);
    row.parent_id = parent_id;
    row.status = Status::Submitted.as_str().to_string();
    row.origin_division = placement.division.clone();
    row.owner_division = placement.division.clone();
    row.scope_province = placement.province.clone();
    row.scope_prefecture = placement.prefecture.clone();
    row.scope_county = placement.county.clone();
    row.enterprise_uscc = enterprise.as_ref().map(|e| e.row.uscc.clone());
    row.received_on = received_on.to_string();
    row.created_by = p.username.clone();
    row.created_at = now.clone();
    row.updated_at = now;
    let (id, number) = store_cases::insert(&mut tx, &row, kind.number_prefix()).await?;
    row.id = id;
    row.number = number.clone();
    row.version = 1;
    store_cases::append_event(
        &mut tx,
        &EventRow {
            id: 0,
            case_id: id,
            at: String::new(),
            on_date: row.received_on.clone(),
            actor_id: Some(p.user_id),
            actor_name: p.username.clone(),
            action: "file".into(),
            from_status: None,
            to_status: row.status.clone(),
            reason: None,
            detail_json: None,
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "case_filed",
            object_type: "case",
            object_id: &number,
            placement: &row.placement(),
            before: None,
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, cals, p, &number).await
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
    Ok(CaseDetail {
        case: view(&cal, &row, today_cn()),
        ledger,
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
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
    pub limit: Option<i64>,
}

/// The division's case ledger, newest first.
pub async fn list(store: &Store, cals: &Calendars, p: &Principal, q: &CaseQuery) -> ServiceResult<Vec<CaseView>> {
    let today = today_cn();
    let f = CaseFilter {
        kind: q.kind.clone().filter(|s| !s.is_empty()),
        status: q.status.clone().filter(|s| !s.is_empty()),
        category: q.category.clone().filter(|s| !s.is_empty()),
        overdue_before: q.overdue.unwrap_or(false).then(|| today.to_string()),
        owner_division: q.owner.clone().filter(|s| !s.is_empty()),
    };
    let rows = store_cases::list(store, &p.scope, &f, q.after, q.limit.unwrap_or(50).clamp(1, 500)).await?;
    let cal = cals.get(store).await?;
    Ok(rows.iter().map(|r| view(&cal, r, today)).collect())
}

fn conflict(message: impl Into<String>, status: Status) -> ServiceError {
    ServiceError::Conflict {
        message: message.into(),
        allowed: rules::allowed(status).iter().map(|a| a.as_str().to_string()).collect(),
    }
}

/// Who may take an action: the enterprise on its own demands, officers (and
/// admins) of the division handling the case, leaders to supervise.
fn may(p: &Principal, action: Action, owner: &str) -> bool {
    match p.role {
        Role::Enterprise => matches!(
            action,
            Action::Withdraw | Action::Confirm | Action::Reopen | Action::Pause
        ),
        Role::Leader => action == Action::Supervise && p.covers_division(owner),
        Role::Officer | Role::Admin => {
            !matches!(action, Action::Confirm | Action::Supervise) && p.covers_division(owner)
        }
    }
}

/// The owner's chain for time limits, nearest first, ending at the national level.
fn limit_chain(owner: &str) -> Vec<String> {
    let rd = kaifang_refdata::get();
    let mut chain = vec![owner.to_string()];
    for a in rd.ancestors(owner).iter().rev() {
        chain.push(a.code.clone());
    }
    if !chain.iter().any(|c| c == "000000") {
        chain.push("000000".into());
    }
    chain
}

fn text(d: Date) -> Option<String> {
    Some(d.to_string())
}

/// Takes one action on a case.
pub async fn act(
    store: &Store,
    cals: &Calendars,
    p: &Principal,
    number: &str,
    input: &ActionInput,
) -> ServiceResult<CaseDetail> {
    let action = Action::parse(input.action.trim()).ok_or_else(|| {
        ServiceError::from(err(
            "action",
            "case.action",
            "未知的操作",
            format!(
                "unknown action; one of {}",
                Action::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ))
    })?;
    let today = today_cn();
    let on = match input.on.as_deref().filter(|s| !s.trim().is_empty()) {
        None => today,
        Some(s) => match parse_date(s) {
            Some(d) if d <= today => d,
            Some(_) => return Err(err("on", "date.future", "日期不能晚于今天", "cannot be in the future").into()),
            None => {
                return Err(err(
                    "on",
                    "date.format",
                    "日期格式应为 YYYY-MM-DD",
                    "a date is written YYYY-MM-DD",
                )
                .into());
            }
        },
    };
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from);
    if action.needs_reason() && reason.is_none() {
        return Err(err(
            "reason",
            "required",
            "此操作须写明理由",
            "this action needs a written reason",
        )
        .into());
    }
    let cal = cals.get(store).await?;
    let mut tx = store.begin_write().await?;
    let Some(before) = store_cases::get_in(&mut tx, &p.scope, number.trim()).await? else {
        tx.rollback().await?;
        return Err(ServiceError::NotFound);
    };
    let status = Status::parse(&before.status).unwrap_or(Status::Submitted);
    if !may(p, action, &before.owner_division) {
        tx.rollback().await?;
        return Err(ServiceError::Forbidden);
    }
    let Some(mut to) = rules::next(status, action) else {
        tx.rollback().await?;
        return Err(conflict(
            format!(
                "{} is not possible while the case is {}",
                action.as_str(),
                status.as_str()
            ),
            status,
        ));
    };
    if parse_date(&before.received_on).is_some_and(|r| on < r) {
        tx.rollback().await?;
        return Err(err(
            "on",
            "case.before_receipt",
            "日期早于收件日",
            "before the day the case was received",
        )
        .into());
    }
    let mut c = before.clone();
    let mut detail = serde_json::Map::new();
    let refuse = |m: &str| conflict(m.to_string(), status);
    match action {
        Action::Dispatch | Action::Reopen => {
            let department = input
                .department
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .or_else(|| (action == Action::Reopen).then(|| c.department.clone()).flatten());
            let Some(department) = department else {
                tx.rollback().await?;
                return Err(err(
                    "department",
                    "required",
                    "请指定承办部门",
                    "name the responsible department",
                )
                .into());
            };
            if action == Action::Reopen
                && c.closed_on
                    .as_deref()
                    .and_then(parse_date)
                    .is_some_and(|d| (on - d).whole_days() > 30)
            {
                tx.rollback().await?;
                return Err(refuse(
                    "a case can be reopened within 30 days of closing; file a new one",
                ));
            }
            let Some((limits, set)) = limits_for(&mut tx, &c).await? else {
                tx.rollback().await?;
                return Err(refuse("no time limits are set for this kind of case"));
            };
            let d = rules::deadlines(&cal, on, &limits);
            c.department = Some(department);
            c.dispatched_on = text(on);
            c.acknowledge_due = text(d.acknowledge);
            c.reply_due = text(d.reply);
            c.resolve_due = text(d.resolve);
            c.next_due = text(d.acknowledge);
            c.due_provisional = i64::from(d.provisional);
            c.acknowledged_on = None;
            c.replied_on = None;
            c.resolved_on = None;
            c.closed_on = None;
            c.extensions = 0;
            detail.insert("limits".into(), serde_json::to_value(limits).unwrap_or_default());
            detail.insert("limits_set_by".into(), set.division.into());
            detail.insert("limits_source".into(), set.source.into());
        }
        Action::Acknowledge => {
            c.acknowledged_on = text(on);
            c.next_due = c.reply_due.clone();
        }
        Action::Return => {
            let l = limits_for(&mut tx, &c)
                .await?
                .map_or(2, |(l, _)| i64::from(l.return_window));
            let since = c.dispatched_on.as_deref().and_then(parse_date).unwrap_or(on);
            if cal.working_days_between(since, on).days > l {
                tx.rollback().await?;
                return Err(refuse(&format!(
                    "a wrongly assigned case may be returned within {l} working days of dispatch"
                )));
            }
            c.next_due = None;
            c.acknowledge_due = None;
            c.reply_due = None;
            c.resolve_due = None;
        }
        Action::Reply => {
            if c.acknowledged_on.is_none() {
                c.acknowledged_on = text(on);
            }
            c.replied_on = text(on);
            c.next_due = c.resolve_due.clone();
        }
        Action::Pause => {
            if p.role == Role::Enterprise {
                tx.rollback().await?;
                return Err(ServiceError::Forbidden);
            }
            c.paused_from = Some(c.status.clone());
            c.paused_on = text(on);
        }
        Action::Resume => {
            let paused_on = c.paused_on.as_deref().and_then(parse_date).unwrap_or(on);
            let shift = |d: &Option<String>| {
                d.as_deref()
                    .and_then(parse_date)
                    .map(|d| rules::shift_for_pause(&cal, d, paused_on, on).to_string())
            };
            c.acknowledge_due = shift(&c.acknowledge_due);
            c.reply_due = shift(&c.reply_due);
            c.resolve_due = shift(&c.resolve_due);
            c.next_due = shift(&c.next_due);
            to = c
                .paused_from
                .as_deref()
                .and_then(Status::parse)
                .unwrap_or(Status::Acknowledged);
            detail.insert(
                "paused_working_days".into(),
                cal.working_days_between(paused_on, on).days.into(),
            );
            c.paused_from = None;
            c.paused_on = None;
        }
        Action::Extend => {
            let l = limits_for(&mut tx, &c).await?.map_or(30, |(l, _)| l.extended_max);
            if c.extensions > 0 {
                tx.rollback().await?;
                return Err(refuse("the case has been extended already"));
            }
            let since = c.dispatched_on.as_deref().and_then(parse_date).unwrap_or(on);
            let due = cal.add_working_days(since, l);
            if c.next_due == c.resolve_due {
                c.next_due = text(due.date);
            }
            c.resolve_due = text(due.date);
            c.due_provisional = i64::from(c.due_provisional == 1 || due.provisional);
            c.extensions += 1;
        }
        Action::Resolve => {
            c.resolved_on = text(on);
            c.next_due = None;
        }
        Action::Confirm => {
            let Some(r) = input.rating.filter(|r| (1..=5).contains(r)) else {
                tx.rollback().await?;
                return Err(err("rating", "case.rating", "请评分 1–5", "rate the result from 1 to 5").into());
            };
            c.rating = Some(r);
            c.rating_comment = input
                .comment
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from);
            c.closed_on = text(on);
        }
        Action::Close => {
            c.closed_on = text(on);
        }
        Action::Escalate => {
            let rd = kaifang_refdata::get();
            let up = match rd.division(&c.owner_division) {
                Some(d) if d.code == "000000" => None,
                Some(d) => Some(d.parent.clone().unwrap_or_else(|| "000000".into())),
                None => None,
            };
            let Some(up) = up else {
                tx.rollback().await?;
                return Err(refuse("the national level has no level above it"));
            };
            detail.insert("from_division".into(), c.owner_division.clone().into());
            detail.insert("to_division".into(), up.clone().into());
            c.owner_division = up;
            c.department = None;
            c.dispatched_on = None;
            c.acknowledge_due = None;
            c.reply_due = None;
            c.resolve_due = None;
            c.next_due = None;
            c.paused_from = None;
            c.paused_on = None;
        }
        Action::Withdraw => {
            c.next_due = None;
            c.closed_on = text(on);
        }
        Action::Supervise => {}
    }
    if matches!(to, Status::Closed) && store_cases::open_children(&mut tx, c.id).await? > 0 {
        tx.rollback().await?;
        return Err(refuse("a grouped problem cannot close while an item under it is open"));
    }
    c.status = to.as_str().to_string();
    store_cases::update(&mut tx, &c, before.version).await?;
    store_cases::append_event(
        &mut tx,
        &EventRow {
            id: 0,
            case_id: c.id,
            at: String::new(),
            on_date: on.to_string(),
            actor_id: Some(p.user_id),
            actor_name: p.username.clone(),
            action: action.as_str().to_string(),
            from_status: Some(before.status.clone()),
            to_status: c.status.clone(),
            reason: reason.clone(),
            detail_json: (!detail.is_empty()).then(|| serde_json::Value::Object(detail).to_string()),
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: &format!("case_{}", action.as_str()),
            object_type: "case",
            object_id: &c.number,
            placement: &c.placement(),
            before: Some(serde_json::to_value(&before).unwrap_or_default()),
            after: Some(serde_json::to_value(&c).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, cals, p, &c.number).await
}

/// The time limits that apply to a case: those its owner division, or the
/// nearest division above it, sets for its kind and category.
async fn limits_for(tx: &mut kaifang_store::WriteTx, c: &CaseRow) -> ServiceResult<Option<(TimeLimits, TimeLimitRow)>> {
    let row = store_cases::time_limits(tx, &limit_chain(&c.owner_division), &c.kind, &c.category).await?;
    let u = |v: i64| v.clamp(0, 3660) as u32;
    Ok(row.map(|r| {
        (
            TimeLimits {
                acknowledge: u(r.acknowledge_days),
                reply: u(r.reply_days),
                resolve: u(r.resolve_days),
                extended_max: u(r.extended_max_days),
                return_window: u(r.return_window_days),
            },
            r,
        )
    }))
}
