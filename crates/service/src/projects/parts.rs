//! What a project owns beside its record: tranches of utilised foreign capital
//! (voided, never deleted), the task force, the service log, and the factor
//! approvals, a blocked one filed as a problem case linked both ways.

use kaifang_domain::calendar::parse_date;
use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::projects::{self as rules, Stage};
use kaifang_store::project_parts::{self as store_parts, LogRow, TeamRow, TrancheRow};
use kaifang_store::projects::{self as store_projects, ProjectRow};
use kaifang_store::{AuditEvent, Store, WriteTx};
use serde::Deserialize;

use super::input::{converted, date_field, msg, text};
use super::{ProjectDetail, get, member_of, require_writer, touch};
use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// Opens a write on a project inside the caller's reach.
async fn open(store: &Store, p: &Principal, number: &str) -> ServiceResult<(WriteTx, ProjectRow)> {
    require_writer(p)?;
    let mut tx = store.begin_write().await?;
    let row = store_projects::get_in(&mut tx, &p.scope, member_of(p), number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((tx, row))
}

/// Marks the project updated, writes it and the audit entry, commits.
async fn finish(
    mut tx: WriteTx,
    p: &Principal,
    before: &ProjectRow,
    mut row: ProjectRow,
    action: &str,
    detail: serde_json::Value,
) -> ServiceResult<()> {
    touch(&mut tx, &mut row, today_cn()).await?;
    store_projects::update(&mut tx, before, &row).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action,
            object_type: "project",
            object_id: &row.number,
            placement: &row.placement(),
            before: None,
            after: Some(detail),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One tranche of utilised foreign capital (实际使用外资).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct TrancheInput {
    /// YYYY-MM-DD the money arrived.
    pub received_on: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    /// Units of the currency per US dollar (1 for USD).
    pub rate: Option<String>,
    /// Date of the rate; default the day received.
    pub rate_on: Option<String>,
    pub note: Option<String>,
}

/// Records a tranche; the project must be signed (or later).
pub async fn add_tranche(
    store: &Store,
    p: &Principal,
    number: &str,
    input: &TrancheInput,
) -> ServiceResult<ProjectDetail> {
    let today = today_cn();
    let (mut tx, before) = open(store, p, number).await?;
    let stage = Stage::parse(&before.stage).unwrap_or(Stage::Lead);
    let effective = match stage {
        Stage::Paused => before
            .paused_from
            .as_deref()
            .and_then(Stage::parse)
            .unwrap_or(Stage::Lead),
        s => s,
    };
    if effective.rank() < Stage::Signed.rank() {
        return Err(ServiceError::Conflict {
            message: "utilised foreign capital is recorded once the project is signed".into(),
            allowed: vec!["signed".into()],
        });
    }
    let mut errs = FieldErrors::new();
    let received = match date_field(&mut errs, "received_on", &input.received_on, today) {
        Some(d) => Some(d),
        None if text(&input.received_on).is_none() => {
            errs.push(msg(
                "received_on",
                "required",
                "请填写到资日期",
                "the date received is required",
            ));
            None
        }
        None => None,
    };
    if let (Some(r), Some(s)) = (received, before.signed_on.as_deref().and_then(parse_date))
        && r < s
    {
        errs.push(msg(
            "received_on",
            "date.order",
            format!("到资日期不能早于签约日期 {s}"),
            format!("cannot be before the signing ({s})"),
        ));
    }
    if text(&input.amount).is_none() {
        errs.push(msg("amount", "required", "请填写到资金额", "the amount is required"));
    }
    let rate_on = input.rate_on.clone().or_else(|| received.map(|d| d.to_string()));
    let c = converted(
        &mut errs,
        "tranche",
        &input.amount,
        &input.currency,
        &input.rate,
        &rate_on,
        today,
    );
    // The group's fields are named as this input names them.
    for e in errs.0.iter_mut() {
        if let Some(rest) = e.field.strip_prefix("tranche_") {
            e.field = rest.to_string();
        }
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let (c, received) = (c.expect("validated"), received.expect("validated"));
    let t = TrancheRow {
        project_id: before.id,
        received_on: received.to_string(),
        amount_minor: c.amount.minor(),
        currency: c.amount.currency().as_str().to_string(),
        rate: c.rate.micros(),
        rate_on: c.rate_on.to_string(),
        usd_minor: c.usd.minor(),
        note: text(&input.note),
        scope_province: before.scope_province.clone(),
        scope_prefecture: before.scope_prefecture.clone(),
        scope_county: before.scope_county.clone(),
        recorded_by: p.username.clone(),
        ..Default::default()
    };
    let id = store_parts::insert_tranche(&mut tx, &t).await?;
    kaifang_store::project_stats::apply_tranche(&mut tx, &before, &t.received_on, t.usd_minor).await?;
    let mut row = before.clone();
    row.utilised_usd += t.usd_minor;
    let detail = serde_json::json!({"tranche": id, "received_on": t.received_on, "amount": c.amount.to_decimal_string(),
        "currency": t.currency, "rate": c.rate.to_decimal_string(), "rate_on": t.rate_on, "usd_minor": t.usd_minor,
        "utilised_usd": row.utilised_usd});
    finish(tx, p, &before, row, "project_tranche_recorded", detail).await?;
    get(store, p, number).await
}

/// Why a tranche is voided.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct VoidInput {
    pub reason: Option<String>,
}

/// Voids a wrong tranche: it stays listed, struck out, with who, when and why.
pub async fn void_tranche(
    store: &Store,
    p: &Principal,
    number: &str,
    id: i64,
    input: &VoidInput,
) -> ServiceResult<ProjectDetail> {
    require_writer(p)?;
    let Some(reason) = text(&input.reason) else {
        return Err(msg("reason", "required", "请写明作废原因", "the reason is required").into());
    };
    let (mut tx, before) = open(store, p, number).await?;
    let t = store_parts::void_tranche(&mut tx, before.id, id, &p.username, &reason).await?;
    kaifang_store::project_stats::apply_tranche(&mut tx, &before, &t.received_on, -t.usd_minor).await?;
    let mut row = before.clone();
    row.utilised_usd -= t.usd_minor;
    let detail = serde_json::json!({"tranche": id, "voided": t, "reason": reason, "utilised_usd": row.utilised_usd});
    finish(tx, p, &before, row, "project_tranche_voided", detail).await?;
    get(store, p, number).await
}

/// A task-force member.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct MemberInput {
    /// lead (包保领导), member or contact (the enterprise's contact).
    pub role: Option<String>,
    /// The member's account, when they have one: they then find the project in their workspace.
    pub username: Option<String>,
    /// Default: the account's display name.
    pub name: Option<String>,
    /// The member's department (发改委, 自然资源局, the enterprise…).
    pub department: Option<String>,
    pub phone: Option<String>,
}

/// Adds a task-force member; a new lead official replaces the previous one.
pub async fn add_member(
    store: &Store,
    p: &Principal,
    number: &str,
    input: &MemberInput,
) -> ServiceResult<ProjectDetail> {
    let (mut tx, before) = open(store, p, number).await?;
    let mut errs = FieldErrors::new();
    let role = text(&input.role).unwrap_or_else(|| "member".into());
    if !rules::known(rules::TEAM_ROLES, &role) {
        errs.push(msg(
            "role",
            "role.unknown",
            "角色应为 lead（包保领导）、member（专班成员）或 contact（企业联系人）",
            "the role is lead, member or contact",
        ));
    }
    let mut user = None;
    if let Some(u) = text(&input.username) {
        match kaifang_store::accounts::by_username(store, &u).await? {
            Some(acc) if acc.active == 1 && matches!(acc.role.as_str(), "officer" | "leader" | "admin") => {
                user = Some(acc)
            }
            _ => errs.push(msg(
                "username",
                "user.unknown",
                format!("没有名为 {u} 的在用工作人员账号"),
                format!("no active officer or leader account named {u}"),
            )),
        }
    }
    let name = text(&input.name).or_else(|| user.as_ref().map(|u| u.display_name.clone()));
    if name.is_none() {
        errs.push(msg("name", "required", "请填写姓名", "the name is required"));
    }
    let Some(department) = text(&input.department) else {
        errs.push(msg(
            "department",
            "required",
            "请填写所在部门",
            "the department is required",
        ));
        return Err(ServiceError::Invalid(errs));
    };
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let mut replaced = None;
    if role == "lead" {
        for m in store_parts::team_in(&mut tx, before.id).await? {
            if m.role == "lead" && m.removed_at.is_none() {
                replaced = Some(store_parts::remove_member(&mut tx, before.id, m.id, &p.username).await?);
            }
        }
    }
    let m = TeamRow {
        project_id: before.id,
        role,
        user_id: user.as_ref().map(|u| u.id),
        name: name.expect("validated"),
        department,
        phone: text(&input.phone),
        added_by: p.username.clone(),
        ..Default::default()
    };
    let id = store_parts::add_member(&mut tx, &m).await?;
    let detail = serde_json::json!({"member": id, "role": m.role, "name": m.name, "department": m.department,
        "user": user.map(|u| u.username), "replaced": replaced.map(|r| r.name)});
    finish(tx, p, &before, before.clone(), "project_member_added", detail).await?;
    get(store, p, number).await
}

/// Takes a member off the task force (the membership stays in the history).
pub async fn remove_member(store: &Store, p: &Principal, number: &str, id: i64) -> ServiceResult<ProjectDetail> {
    let (mut tx, before) = open(store, p, number).await?;
    let m = store_parts::remove_member(&mut tx, before.id, id, &p.username).await?;
    let detail = serde_json::json!({"member": id, "removed": m.name, "role": m.role});
    finish(tx, p, &before, before.clone(), "project_member_removed", detail).await?;
    get(store, p, number).await
}

/// A service-log entry.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct LogInput {
    /// visit, meeting, call, online_negotiation, signing or cloud_signing.
    pub kind: Option<String>,
    /// YYYY-MM-DD; default today.
    pub on: Option<String>,
    pub participants: Option<String>,
    pub outcome: Option<String>,
}

/// Records a visit, meeting, call, negotiation or signing with the project.
pub async fn log_service(store: &Store, p: &Principal, number: &str, input: &LogInput) -> ServiceResult<ProjectDetail> {
    let today = today_cn();
    let (mut tx, before) = open(store, p, number).await?;
    let mut errs = FieldErrors::new();
    let kind = text(&input.kind).unwrap_or_default();
    if !rules::known(rules::LOG_KINDS, &kind) {
        errs.push(msg(
            "kind",
            "kind.unknown",
            "类型应为走访、会议、电话、网上洽谈、签约或云签约",
            "the kind is visit, meeting, call, online_negotiation, signing or cloud_signing",
        ));
    }
    let on = date_field(&mut errs, "on", &input.on, today).unwrap_or(today);
    let participants = text(&input.participants);
    if participants.is_none() {
        errs.push(msg(
            "participants",
            "required",
            "请填写参加人员",
            "the participants are required",
        ));
    }
    let outcome = text(&input.outcome);
    match &outcome {
        None => errs.push(msg("outcome", "required", "请填写结果", "the outcome is required")),
        Some(o) if o.chars().count() > 4000 => errs.push(msg(
            "outcome",
            "length",
            "不能超过 4000 个字符",
            "at most 4000 characters",
        )),
        _ => {}
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let l = LogRow {
        project_id: before.id,
        kind,
        on_date: on.to_string(),
        participants: participants.expect("validated"),
        outcome: outcome.expect("validated"),
        recorded_by: p.username.clone(),
        ..Default::default()
    };
    let id = store_parts::append_log(&mut tx, &l).await?;
    let detail = serde_json::json!({"log": id, "kind": l.kind, "on": l.on_date, "participants": l.participants,
        "outcome": l.outcome});
    finish(tx, p, &before, before.clone(), "project_service_logged", detail).await?;
    get(store, p, number).await
}

/// A factor approval or milestone as entered.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ApprovalInput {
    /// The responsible department.
    pub department: Option<String>,
    /// When the application was made, YYYY-MM-DD.
    pub started_on: Option<String>,
    /// Working days allowed from the start (the calendar counts them).
    pub due_days: Option<i64>,
    /// pending, in_progress, approved, blocked or not_needed.
    pub status: Option<String>,
    /// The day it was approved (default today when approved).
    pub done_on: Option<String>,
    /// Documents: permit numbers, file references.
    pub documents: Option<String>,
    pub note: Option<String>,
    /// What blocks it: required when it becomes blocked; filed as a problem case.
    pub problem: Option<String>,
    /// The version the caller saw.
    pub version: Option<i64>,
}

/// Records a factor approval (land, planning, environment, energy,
/// construction_permit, utilities). A newly blocked approval files a problem
/// case in the case engine, linked both ways, in the same transaction.
pub async fn set_approval(
    store: &Store,
    cals: &Calendars,
    p: &Principal,
    number: &str,
    kind: &str,
    input: &ApprovalInput,
) -> ServiceResult<ProjectDetail> {
    let today = today_cn();
    if !rules::known(rules::APPROVAL_KINDS, kind) {
        return Err(msg(
            "kind",
            "approval.unknown",
            "要素类型应为用地、规划、环评、能评、施工许可或水电气接入",
            "the kind is land, planning, environment, energy, construction_permit or utilities",
        )
        .into());
    }
    // The calendar before the write lock: it may be read from the pool (see ARCHITECTURE, 19).
    let cal = cals.get(store).await?;
    let (mut tx, before) = open(store, p, number).await?;
    let existing = store_parts::approval_in(&mut tx, before.id, kind).await?;
    if let (Some(e), Some(v)) = (&existing, input.version)
        && e.version != v
    {
        return Err(ServiceError::Conflict {
            message: "the approval was changed meanwhile; reload it".into(),
            allowed: vec![],
        });
    }
    let mut a = existing.clone().unwrap_or_default();
    a.project_id = before.id;
    a.kind = kind.to_string();
    let mut errs = FieldErrors::new();
    if let Some(d) = text(&input.department) {
        a.department = d;
    }
    if a.department.is_empty() {
        errs.push(msg(
            "department",
            "required",
            "请填写责任部门",
            "the responsible department is required",
        ));
    }
    if input.started_on.is_some() {
        a.started_on = date_field(&mut errs, "started_on", &input.started_on, today).map(|d| d.to_string());
    }
    if let Some(n) = input.due_days {
        if !(1..=720).contains(&n) {
            errs.push(msg(
                "due_days",
                "range",
                "办理时限应为 1–720 个工作日",
                "1 to 720 working days",
            ));
        }
        a.due_days = Some(n);
    }
    let status = text(&input.status).unwrap_or_else(|| {
        if a.status.is_empty() {
            "pending".into()
        } else {
            a.status.clone()
        }
    });
    if !rules::known(rules::APPROVAL_STATUSES, &status) {
        errs.push(msg(
            "status",
            "status.unknown",
            "状态应为 pending、in_progress、approved、blocked 或 not_needed",
            "the status is pending, in_progress, approved, blocked or not_needed",
        ));
    }
    if status == "approved" {
        a.done_on = date_field(&mut errs, "done_on", &input.done_on, today)
            .or(a.done_on.as_deref().and_then(parse_date))
            .or(Some(today))
            .map(|d| d.to_string());
        if let (Some(done), Some(start)) = (&a.done_on, &a.started_on)
            && done < start
        {
            errs.push(msg(
                "done_on",
                "date.order",
                "完成日期不能早于申请日期",
                "cannot be before the start",
            ));
        }
    } else {
        a.done_on = None;
    }
    if input.documents.is_some() {
        a.documents = text(&input.documents);
    }
    if input.note.is_some() {
        a.note = text(&input.note);
    }
    let newly_blocked = status == "blocked" && a.status != "blocked";
    let problem = text(&input.problem);
    if newly_blocked && problem.is_none() {
        errs.push(msg(
            "problem",
            "required",
            "要素受阻须写明问题，系统将据此建立问题清单条目",
            "describe what blocks it; it is filed as a problem-list case",
        ));
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    a.status = status;
    // The due date in working days from the start, by the stored calendar.
    if let (Some(start), Some(n)) = (a.started_on.as_deref().and_then(parse_date), a.due_days) {
        let due = cal.add_working_days(start, u32::try_from(n).unwrap_or(0));
        a.due_on = Some(due.date.to_string());
        a.due_provisional = i64::from(due.provisional);
    } else {
        a.due_on = None;
        a.due_provisional = 0;
    }
    let mut filed = None;
    if newly_blocked {
        let (kind_zh, _) = rules::name_of(rules::APPROVAL_KINDS, kind).unwrap_or(("", ""));
        let case = crate::cases::CaseInput {
            kind: "problem".into(),
            category: rules::case_category_of(kind).into(),
            title: format!("{}：{}受阻", before.name, kind_zh).chars().take(200).collect(),
            description: problem.clone().unwrap_or_default(),
            channel: "project".into(),
            division: Some(before.division.clone()),
            ..Default::default()
        };
        let (case_id, case_number) = crate::cases::create_in(&cal, &mut tx, p, &case).await?;
        store_parts::link_case(&mut tx, case_id, before.id).await?;
        a.case_id = Some(case_id);
        filed = Some(case_number);
    }
    a.updated_by = p.username.clone();
    store_parts::save_approval(&mut tx, &a, existing.as_ref().map(|e| e.version)).await?;
    let detail = serde_json::json!({"approval": kind, "before": existing, "after": a, "case_filed": filed});
    finish(tx, p, &before, before.clone(), "project_approval_recorded", detail).await?;
    get(store, p, number).await
}
