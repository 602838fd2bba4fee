//! The case ledger as a list: one summary per case with its clock, newest
//! first, filtered and paged by id. The detail (`get`) carries the rest.

use kaifang_domain::calendar::{WorkCalendar, parse_date};
use kaifang_domain::cases::{self as rules, Status};
use kaifang_store::Store;
use kaifang_store::cases::{self as store_cases, CaseRow, CaseSummaryRow};
use serde::Serialize;
use time::Date;

use super::{CaseQuery, filter_of};
use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceResult};

/// A case as the ledger lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    /// The keyset cursor: pass the last one as `after` for the next page.
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub channel: String,
    pub enterprise: Option<String>,
    pub complainant: Option<String>,
    pub status: String,
    /// on_time, due_soon, overdue, paused or none.
    pub clock: String,
    pub origin_division: String,
    pub owner_division: String,
    pub department: Option<String>,
    /// The responsible officer's username.
    pub assignee: Option<String>,
    pub received_on: String,
    pub next_due: Option<String>,
    /// The deadline depends on a year without a published holiday schedule.
    pub due_provisional: bool,
    pub resolved_on: Option<String>,
    pub rating: Option<i64>,
}

/// The cases inside the caller's jurisdiction that match the query, newest first.
pub async fn list(store: &Store, cals: &Calendars, p: &Principal, q: &CaseQuery) -> ServiceResult<Vec<CaseSummary>> {
    let today = today_cn();
    let f = filter_of(q, today, p);
    let rows = store_cases::list_summaries(store, &p.scope, &f, q.after, q.limit.unwrap_or(50).clamp(1, 500)).await?;
    let cal = cals.get(store).await?;
    Ok(rows.into_iter().map(|c| summary(&cal, c, today)).collect())
}

pub(crate) fn summary(cal: &WorkCalendar, c: CaseSummaryRow, today: Date) -> CaseSummary {
    let status = Status::parse(&c.status).unwrap_or(Status::Submitted);
    let due = c.next_due.as_deref().and_then(parse_date);
    CaseSummary {
        clock: rules::clock_state(cal, status, due, today).as_str().to_string(),
        id: c.id,
        number: c.number,
        kind: c.kind,
        category: c.category,
        title: c.title,
        channel: c.channel,
        enterprise: c.enterprise_uscc,
        complainant: c.complainant,
        status: c.status,
        origin_division: c.origin_division,
        owner_division: c.owner_division,
        department: c.department,
        assignee: c.assignee_name,
        received_on: c.received_on,
        next_due: c.next_due,
        due_provisional: c.due_provisional == 1,
        resolved_on: c.resolved_on,
        rating: c.rating,
    }
}

/// The summary columns of a full row (for lists read with every column).
pub(crate) fn summary_row(c: &CaseRow) -> CaseSummaryRow {
    CaseSummaryRow {
        id: c.id,
        number: c.number.clone(),
        kind: c.kind.clone(),
        category: c.category.clone(),
        title: c.title.clone(),
        channel: c.channel.clone(),
        enterprise_uscc: c.enterprise_uscc.clone(),
        complainant: c.complainant.clone(),
        status: c.status.clone(),
        origin_division: c.origin_division.clone(),
        owner_division: c.owner_division.clone(),
        department: c.department.clone(),
        assignee_name: c.assignee_name.clone(),
        received_on: c.received_on.clone(),
        next_due: c.next_due.clone(),
        due_provisional: c.due_provisional,
        resolved_on: c.resolved_on.clone(),
        rating: c.rating,
    }
}
