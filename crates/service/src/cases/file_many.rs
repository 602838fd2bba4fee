//! Filing many problem-list cases in one write, as the system raises them (the
//! alerts of a monitoring batch). The enterprises are already known and inside
//! the filer's scope, so a form's checks are not repeated; each case still gets
//! its number, its first ledger entry, its place in the case figures and its
//! own audit entry, exactly as a case filed by hand.

use kaifang_domain::accounts::Role;
use kaifang_domain::cases::{CaseKind, Status};
use kaifang_domain::field_error::FieldErrors;
use kaifang_store::cases::{CaseRow, EventRow};
use kaifang_store::{RawAuditEvent, WriteTx, case_stats, cases_bulk};

use super::{CATEGORIES, audit_value};
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// One problem to file against an enterprise.
#[derive(Debug, Clone)]
pub(crate) struct ProblemFiling {
    pub category: &'static str,
    pub title: String,
    pub description: String,
    pub channel: &'static str,
    pub enterprise_id: i64,
    pub uscc: String,
    /// The enterprise's division: the case's division of origin.
    pub division: String,
}

/// Files the problems inside the caller's write transaction; returns (id, number) per
/// filing, in order.
pub(crate) async fn file_problems_in(
    tx: &mut WriteTx,
    p: &Principal,
    filings: Vec<ProblemFiling>,
) -> ServiceResult<Vec<(i64, String)>> {
    p.require(matches!(p.role, Role::Officer | Role::Admin))?;
    if filings.is_empty() {
        return Ok(Vec::new());
    }
    let today = today_cn().to_string();
    let now = kaifang_store::now_text();
    let mut rows = Vec::with_capacity(filings.len());
    for f in filings {
        debug_assert!(CATEGORIES.iter().any(|c| c.0 == f.category));
        let placement = crate::placement::of_division("division", &f.division)
            .map_err(|e| ServiceError::Invalid(FieldErrors(vec![e])))?;
        if !p.covers_division(&placement.division) {
            return Err(ServiceError::Forbidden);
        }
        let row = CaseRow {
            kind: CaseKind::Problem.as_str().to_string(),
            category: f.category.to_string(),
            title: f.title.chars().take(200).collect(),
            description: f.description,
            channel: f.channel.to_string(),
            enterprise_id: Some(f.enterprise_id),
            enterprise_uscc: Some(f.uscc),
            status: Status::Submitted.as_str().to_string(),
            origin_division: placement.division.clone(),
            owner_division: placement.division,
            scope_province: placement.province,
            scope_prefecture: placement.prefecture,
            scope_county: placement.county,
            received_on: today.clone(),
            created_by: p.username.clone(),
            created_at: now.clone(),
            updated_at: now.clone(),
            ..CaseRow::default()
        };
        rows.push(row);
    }
    cases_bulk::insert_many(tx, &mut rows, CaseKind::Problem.number_prefix()).await?;
    case_stats::apply_many(tx, &rows.iter().collect::<Vec<_>>(), 1).await?;
    let events: Vec<EventRow> = rows
        .iter()
        .map(|row| EventRow {
            id: 0,
            case_id: row.id,
            at: String::new(),
            on_date: row.received_on.clone(),
            actor_id: (p.user_id > 0).then_some(p.user_id),
            actor_name: p.username.clone(),
            action: "file".into(),
            from_status: None,
            to_status: row.status.clone(),
            reason: None,
            detail_json: None,
        })
        .collect();
    cases_bulk::append_events(tx, &events).await?;
    let audits = rows
        .iter()
        .map(|row| RawAuditEvent {
            action: "case_filed".into(),
            object_type: "case".into(),
            object_id: row.number.clone(),
            placement: row.placement(),
            before: None,
            after: Some(audit_value(row).to_string()),
        })
        .collect();
    tx.audit_many_raw(&p.actor(), audits).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.number)).collect())
}
