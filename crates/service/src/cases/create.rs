//! Filing a case: validation of what the form or API sends, the intake clock
//! of complaints, the first ledger entry.

use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::parse_date;
use kaifang_domain::cases::{CaseKind, Status};
use kaifang_domain::field_error::FieldErrors;
use kaifang_store::cases::{self as store_cases, CaseRow, EventRow};
use kaifang_store::{AuditEvent, Store, WriteTx};

use super::{CATEGORIES, CHANNELS, CaseDetail, CaseInput, audit_value, complaints, err, get, required};
use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};
use kaifang_domain::calendar::WorkCalendar;

/// Files a new case.
pub async fn create(store: &Store, cals: &Calendars, p: &Principal, input: &CaseInput) -> ServiceResult<CaseDetail> {
    // The calendar before the write lock: it may be read from the pool (see ARCHITECTURE, 19).
    let cal = cals.get(store).await?;
    let mut tx = store.begin_write().await?;
    let (_, number) = create_in(&cal, &mut tx, p, input).await?;
    tx.commit().await?;
    get(store, cals, p, &number).await
}

/// Files a new case inside the caller's write transaction (a case raised from a
/// project is filed with the project's change); returns its id and number.
pub(crate) async fn create_in(
    cal: &WorkCalendar,
    tx: &mut WriteTx,
    p: &Principal,
    input: &CaseInput,
) -> ServiceResult<(i64, String)> {
    p.require(matches!(p.role, Role::Officer | Role::Admin | Role::Enterprise))?;
    let today = today_cn();
    let mut errors = Vec::new();
    let kind = CaseKind::parse(input.kind.trim());
    match kind {
        None => errors.push(err(
            "kind",
            "case.kind",
            "类型应为 demand（诉求）、complaint（投诉）或 problem（问题清单）",
            "the kind is demand, complaint or problem",
        )),
        Some(CaseKind::Problem) if p.role == Role::Enterprise => errors.push(err(
            "kind",
            "case.kind",
            "企业账号可提交诉求和投诉",
            "an enterprise account files demands and complaints",
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
        // On the transaction's connection: a writer must not wait for a second one.
        match kaifang_store::enterprises::get_in(tx.conn(), Some(&p.scope), code).await? {
            Some(e) => enterprise = Some(e),
            None => errors.push(err(
                "enterprise",
                "enterprise.unknown",
                "管辖范围内没有这家企业",
                "no such enterprise in your jurisdiction",
            )),
        }
    }
    if kind == Some(CaseKind::Complaint) {
        complaints::validate_intake(&mut errors, input, &channel, enterprise.is_some());
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
    let parent_id = match input.parent.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(n) => match store_cases::get_in(tx, &p.scope, n).await? {
            Some(parent) if parent.kind == "problem" && parent.parent_id.is_none() => Some(parent.id),
            _ => {
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
    let opt = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    row.confidential = opt(&input.confidential);
    if kind == CaseKind::Complaint {
        row.complaint_type = opt(&input.complaint_type);
        row.respondent = opt(&input.respondent);
        row.complainant = opt(&input.complainant);
        complaints::start_intake_clock_in(tx, cal, &mut row, received_on).await?;
    }
    row.created_by = p.username.clone();
    row.created_at = now.clone();
    row.updated_at = now;
    let (id, number) = store_cases::insert(tx, &row, kind.number_prefix()).await?;
    row.id = id;
    row.number = number.clone();
    row.version = 1;
    kaifang_store::case_stats::apply(tx, &row, 1).await?;
    store_cases::append_event(
        tx,
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
    if p.role == Role::Enterprise {
        kaifang_store::inbox::notify_case(
            tx,
            kaifang_store::inbox::Recipients::Officers(&row.owner_division),
            "file",
            id,
            "1",
            row.next_due.as_deref(),
        )
        .await?;
    }
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "case_filed",
            object_type: "case",
            object_id: &number,
            placement: &row.placement(),
            before: None,
            after: Some(audit_value(&row)),
        },
    )
    .await?;
    Ok((id, number))
}
