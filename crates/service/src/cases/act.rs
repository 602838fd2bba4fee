//! Moves on a case: who may take them, what each does to the clocks, the
//! ledger entry and audit entry each leaves.

use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::parse_date;
use kaifang_domain::cases::{self as rules, Action, CaseKind, Status, TimeLimits};
use kaifang_store::cases::{self as store_cases, CaseRow, EventRow, TimeLimitRow};
use kaifang_store::{AuditEvent, Store};

use super::{
    ActionInput, CaseDetail, audit_value, complaints, conflict, err, get, kind_of, limit_chain, status_of, text,
};
use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// Who may take an action: the enterprise on its own cases (withdraw, confirm,
/// reopen, supply materials), officers (and admins) of the division handling
/// the case, leaders to supervise.
fn may(p: &Principal, action: Action, owner: &str) -> bool {
    match p.role {
        Role::Enterprise => matches!(
            action,
            Action::Withdraw | Action::Confirm | Action::Reopen | Action::Supplement
        ),
        Role::Leader => action == Action::Supervise && p.covers_division(owner),
        Role::Officer | Role::Admin => {
            !matches!(action, Action::Confirm | Action::Supervise) && p.covers_division(owner)
        }
    }
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
    let status = status_of(&before);
    let kind = kind_of(&before);
    if !may(p, action, &before.owner_division) {
        tx.rollback().await?;
        return Err(ServiceError::Forbidden);
    }
    let Some(mut to) = rules::next(kind, status, action) else {
        tx.rollback().await?;
        return Err(conflict(
            format!(
                "{} is not possible while the case is {}",
                action.as_str(),
                status.as_str()
            ),
            kind,
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
    let refuse = |m: &str| conflict(m.to_string(), kind, status);
    if kind == CaseKind::Complaint
        && complaints::handles_move(action)
        && let Err(e) = complaints::apply(&mut tx, &cal, action, input, on, &mut c, &mut detail).await
    {
        tx.rollback().await?;
        return Err(e);
    }
    match action {
        _ if kind == CaseKind::Complaint && complaints::handles_move(action) => {}
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
            c.result = input
                .result
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from);
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
        // Complaint moves: handled above; they are not possible on other kinds.
        Action::RequestMaterials | Action::Supplement | Action::Accept | Action::Refuse | Action::Terminate => {}
    }
    if let Some(name) = input.assignee.as_deref().map(str::trim).filter(|s| !s.is_empty())
        && matches!(action, Action::Dispatch | Action::Reopen | Action::Accept)
    {
        match assignee(store, name, &c.owner_division).await? {
            Some(id) => {
                c.assignee_id = Some(id);
                detail.insert("assignee".into(), name.into());
            }
            None => {
                tx.rollback().await?;
                return Err(err(
                    "assignee",
                    "case.assignee",
                    "承办人应为承办单位的在岗业务人员",
                    "the responsible officer is an active officer of the division handling the case",
                )
                .into());
            }
        }
    }
    if action == Action::Escalate {
        c.assignee_id = None;
    }
    if kind == CaseKind::Complaint && action == Action::Escalate {
        // The complaint body above starts its own intake clock on the day it receives the case.
        if let Err(e) = complaints::start_intake_clock_in(&mut tx, &cal, &mut c, on).await {
            tx.rollback().await?;
            return Err(e);
        }
    }
    if matches!(to, Status::Closed) && store_cases::open_children(&mut tx, c.id).await? > 0 {
        tx.rollback().await?;
        return Err(refuse("a grouped problem cannot close while an item under it is open"));
    }
    c.status = to.as_str().to_string();
    if action == Action::Resolve {
        c.days_to_close = parse_date(&c.received_on).map(|r| cal.working_days_between(r, on).days.max(0));
    } else if action == Action::Reopen {
        c.days_to_close = None;
    }
    store_cases::update(&mut tx, &c, before.version).await?;
    kaifang_store::case_stats::apply(&mut tx, &before, -1).await?;
    kaifang_store::case_stats::apply(&mut tx, &c, 1).await?;
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
    notify(&mut tx, action, &c).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: &format!("case_{}", action.as_str()),
            object_type: "case",
            object_id: &c.number,
            placement: &c.placement(),
            before: Some(audit_value(&before)),
            after: Some(audit_value(&c)),
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

/// Delivers a move to the inbox of those who must act on it next.
async fn notify(tx: &mut kaifang_store::WriteTx, action: Action, c: &CaseRow) -> ServiceResult<()> {
    use kaifang_store::inbox::{Recipients, notify_case};
    let owner = c.owner_division.as_str();
    let ent = c.enterprise_uscc.as_deref();
    let (to, due) = match action {
        Action::Dispatch | Action::Reopen | Action::Supplement => {
            (Some(Recipients::Officers(owner)), c.next_due.as_deref())
        }
        Action::Supervise => (Some(Recipients::Officers(owner)), c.next_due.as_deref()),
        Action::Escalate => (Some(Recipients::Division(owner)), None),
        Action::RequestMaterials => (ent.map(Recipients::Enterprise), c.materials_due.as_deref()),
        Action::Resolve | Action::Refuse | Action::Terminate | Action::Reply => (ent.map(Recipients::Enterprise), None),
        _ => (None, None),
    };
    if let Some(to) = to {
        // The case's version after this move makes the notice unique to it.
        let event = (c.version + 1).to_string();
        notify_case(tx, to, action.as_str(), c.id, &event, due).await?;
    }
    Ok(())
}

/// The moves the caller may take on a case now: those its state allows and
/// the caller's role permits (what the detail page offers).
pub fn allowed_for(p: &Principal, c: &super::CaseView) -> Vec<Action> {
    let kind = CaseKind::parse(&c.kind).unwrap_or(CaseKind::Demand);
    let status = Status::parse(&c.status).unwrap_or(Status::Submitted);
    rules::allowed(kind, status)
        .into_iter()
        .filter(|a| may(p, *a, &c.owner_division))
        .filter(|_| p.role != Role::Enterprise || c.enterprise.is_some() && c.enterprise == p.enterprise)
        .collect()
}

/// The id of an active officer (or administrator) of `division` by username.
async fn assignee(store: &Store, username: &str, division: &str) -> ServiceResult<Option<i64>> {
    Ok(kaifang_store::accounts::by_username(store, username)
        .await?
        .filter(|u| u.active == 1 && u.division == division && matches!(u.role.as_str(), "officer" | "admin"))
        .map(|u| u.id))
}
