//! Cases and their ledger. Scoped by the placement of the division where the
//! case arose (so a lower level keeps read access after escalating), or by
//! the enterprise for enterprise accounts.

use crate::scope::{Sql, push_scope, push_scope_unindexed};
use crate::{Result, Store, StoreError, WriteTx};
use kaifang_domain::cases::Status;
use kaifang_domain::jurisdiction::{Placement, Scope};
use serde::Serialize;

pub const CASE_COLUMNS: &str = "c.id, c.number, c.kind, c.category, c.title, c.description, c.channel, \
    c.enterprise_id, c.parent_id, c.status, c.paused_from, c.paused_on, c.origin_division, c.owner_division, \
    c.department, c.assignee_id, c.scope_province, c.scope_prefecture, c.scope_county, c.enterprise_uscc, \
    c.received_on, c.dispatched_on, c.acknowledge_due, c.reply_due, c.resolve_due, c.next_due, c.due_provisional, \
    c.acknowledged_on, c.replied_on, c.resolved_on, c.closed_on, c.extensions, c.rating, c.rating_comment, \
    c.version, c.created_by, c.created_at, c.updated_at, c.complainant, c.respondent, c.complaint_type, \
    c.confidential, c.materials_requested, c.materials_due, c.materials_complete_on, c.accepted_on, c.ground, \
    c.outcome_method, c.result, c.days_to_close, \
    (SELECT u.username FROM users u WHERE u.id = c.assignee_id) AS assignee_name, \
    (SELECT pr.number FROM projects pr WHERE pr.id = c.project_id) AS project_number";

#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub channel: String,
    pub enterprise_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub status: String,
    pub paused_from: Option<String>,
    pub paused_on: Option<String>,
    pub origin_division: String,
    pub owner_division: String,
    pub department: Option<String>,
    pub assignee_id: Option<i64>,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub enterprise_uscc: Option<String>,
    pub received_on: String,
    pub dispatched_on: Option<String>,
    pub acknowledge_due: Option<String>,
    pub reply_due: Option<String>,
    pub resolve_due: Option<String>,
    pub next_due: Option<String>,
    pub due_provisional: i64,
    pub acknowledged_on: Option<String>,
    pub replied_on: Option<String>,
    pub resolved_on: Option<String>,
    pub closed_on: Option<String>,
    pub extensions: i64,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub version: i64,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub complainant: Option<String>,
    pub respondent: Option<String>,
    pub complaint_type: Option<String>,
    pub confidential: Option<String>,
    pub materials_requested: Option<String>,
    pub materials_due: Option<String>,
    pub materials_complete_on: Option<String>,
    pub accepted_on: Option<String>,
    pub ground: Option<String>,
    pub outcome_method: Option<String>,
    pub result: Option<String>,
    pub days_to_close: Option<i64>,
    /// The assigned officer's username (read only; written through `assignee_id`).
    pub assignee_name: Option<String>,
    /// The number of the project the case was raised from (read only; written by the project).
    pub project_number: Option<String>,
}

impl CaseRow {
    pub fn placement(&self) -> Placement {
        Placement {
            division: self.origin_division.clone(),
            province: self.scope_province.clone(),
            prefecture: self.scope_prefecture.clone(),
            county: self.scope_county.clone(),
            enterprise: self.enterprise_uscc.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub at: String,
    pub on_date: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub detail_json: Option<String>,
}

/// Inserts a new case, numbered from its id (`crate::cases_bulk`); returns its id and number.
pub async fn insert(tx: &mut WriteTx, c: &CaseRow, number_prefix: &str) -> Result<(i64, String)> {
    let mut rows = [c.clone()];
    crate::cases_bulk::insert_many(tx, &mut rows, number_prefix).await?;
    let [row] = rows;
    Ok((row.id, row.number))
}

/// Writes a case's changed state if its version is still `expected`; the version moves on.
pub async fn update(tx: &mut WriteTx, c: &CaseRow, expected: i64) -> Result<()> {
    let n = sqlx::query(
        "UPDATE cases SET status = $3, paused_from = $4, paused_on = $5, owner_division = $6, department = $7,
            assignee_id = $8, dispatched_on = $9, acknowledge_due = $10, reply_due = $11, resolve_due = $12,
            next_due = $13, due_provisional = $14, acknowledged_on = $15, replied_on = $16, resolved_on = $17,
            closed_on = $18, extensions = $19, rating = $20, rating_comment = $21, updated_at = $22,
            materials_requested = $23, materials_due = $24, materials_complete_on = $25, accepted_on = $26,
            ground = $27, outcome_method = $28, result = $29, days_to_close = $30, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(c.id)
    .bind(expected)
    .bind(c.status.clone())
    .bind(c.paused_from.clone())
    .bind(c.paused_on.clone())
    .bind(c.owner_division.clone())
    .bind(c.department.clone())
    .bind(c.assignee_id)
    .bind(c.dispatched_on.clone())
    .bind(c.acknowledge_due.clone())
    .bind(c.reply_due.clone())
    .bind(c.resolve_due.clone())
    .bind(c.next_due.clone())
    .bind(c.due_provisional)
    .bind(c.acknowledged_on.clone())
    .bind(c.replied_on.clone())
    .bind(c.resolved_on.clone())
    .bind(c.closed_on.clone())
    .bind(c.extensions)
    .bind(c.rating)
    .bind(c.rating_comment.clone())
    .bind(crate::now_text())
    .bind(c.materials_requested.clone())
    .bind(c.materials_due.clone())
    .bind(c.materials_complete_on.clone())
    .bind(c.accepted_on.clone())
    .bind(c.ground.clone())
    .bind(c.outcome_method.clone())
    .bind(c.result.clone())
    .bind(c.days_to_close)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict("the case was changed meanwhile; reload it".into()));
    }
    Ok(())
}

/// Appends a ledger entry.
pub async fn append_event(tx: &mut WriteTx, e: &EventRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_events (case_id, at, on_date, actor_id, actor_name, action, from_status, to_status,
            reason, detail_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.case_id)
    .bind(crate::now_text())
    .bind(e.on_date.clone())
    .bind(e.actor_id)
    .bind(e.actor_name.clone())
    .bind(e.action.clone())
    .bind(e.from_status.clone())
    .bind(e.to_status.clone())
    .bind(e.reason.clone())
    .bind(e.detail_json.clone())
    .execute(tx.conn())
    .await?;
    Ok(())
}

fn by_number(scope: &Scope, number: &str) -> Sql {
    let mut sql = Sql::new(&format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.number = "));
    sql.bind(number.to_string());
    push_scope(&mut sql, scope, "c.", Some("enterprise_uscc"));
    sql
}

/// A case by number, inside the scope.
pub async fn get(store: &Store, scope: &Scope, number: &str) -> Result<Option<CaseRow>> {
    Ok(by_number(scope, number).fetch_optional_as(store.pool()).await?)
}

/// A case by number inside a write transaction, inside the scope.
pub async fn get_in(tx: &mut WriteTx, scope: &Scope, number: &str) -> Result<Option<CaseRow>> {
    Ok(by_number(scope, number).fetch_optional_as(tx.conn()).await?)
}

/// How many children of a case are still open.
pub async fn open_children(tx: &mut WriteTx, id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM cases WHERE parent_id = $1 AND status NOT IN {}",
        kaifang_domain::cases::Status::FINISHED_SQL
    ))
    .bind(id)
    .fetch_one(tx.conn())
    .await?)
}

/// The ledger of a case, oldest first.
pub async fn events(store: &Store, case_id: i64) -> Result<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT id, case_id, at, on_date, actor_id, actor_name, action, from_status, to_status, reason, detail_json
         FROM case_events WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(store.pool())
    .await?)
}

/// One jurisdiction's time limits, in working days, with their source.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TimeLimitRow {
    pub division: String,
    pub category: String,
    pub acknowledge_days: i64,
    pub reply_days: i64,
    pub resolve_days: i64,
    pub extended_max_days: i64,
    pub return_window_days: i64,
    pub source: String,
}

/// Time limits for a kind and category: the most specific of `divisions`
/// (nearest first) that sets them, a category's own row before `*`.
pub async fn time_limits(
    tx: &mut WriteTx,
    divisions: &[String],
    kind: &str,
    category: &str,
) -> Result<Option<TimeLimitRow>> {
    for d in divisions {
        let row: Option<TimeLimitRow> = sqlx::query_as(
            "SELECT division, category, acknowledge_days, reply_days, resolve_days, extended_max_days,
                return_window_days, source
             FROM case_time_limits WHERE division = $1 AND kind = $2 AND category IN ($3, '*')
             ORDER BY CASE WHEN category = '*' THEN 1 ELSE 0 END LIMIT 1",
        )
        .bind(d.clone())
        .bind(kind.to_string())
        .bind(category.to_string())
        .fetch_optional(tx.conn())
        .await?;
        if row.is_some() {
            return Ok(row);
        }
    }
    Ok(None)
}

/// One jurisdiction's complaint time limits, in working days, with their source.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ComplaintLimitRow {
    pub division: String,
    pub notice_days: i64,
    pub supplement_days: i64,
    pub acceptance_days: i64,
    pub handling_days: i64,
    pub source: String,
    pub verified: i64,
}

/// Complaint time limits: those of the first of `divisions` (nearest first) that sets them.
pub async fn complaint_limits(store: &Store, divisions: &[String]) -> Result<Option<ComplaintLimitRow>> {
    let mut conn = store.pool().acquire().await?;
    complaint_limits_in(&mut conn, divisions).await
}

/// [`complaint_limits`] on a connection already held (a write transaction's).
pub async fn complaint_limits_in(
    conn: &mut sqlx::AnyConnection,
    divisions: &[String],
) -> Result<Option<ComplaintLimitRow>> {
    for d in divisions {
        let row: Option<ComplaintLimitRow> = sqlx::query_as(
            "SELECT division, notice_days, supplement_days, acceptance_days, handling_days, source, verified
             FROM complaint_time_limits WHERE division = $1",
        )
        .bind(d.clone())
        .fetch_optional(&mut *conn)
        .await?;
        if row.is_some() {
            return Ok(row);
        }
    }
    Ok(None)
}

/// Filters of the case ledger.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    /// Only open cases whose next deadline is before this date.
    pub overdue_before: Option<String>,
    pub owner_division: Option<String>,
    pub assignee_id: Option<i64>,
}

/// The filter and keyset terms of a ledger query. A status filter on an open
/// status, and the overdue filter, carry the open-case term word for word as
/// the `cases_open*` partial indexes (0008) have it, so SQLite may use them.
fn push_filter(sql: &mut Sql, scope: &Scope, f: &CaseFilter, after: Option<i64>) {
    let open_term = format!(" AND c.status NOT IN {}", Status::FINISHED_SQL);
    push_scope(sql, scope, "c.", Some("enterprise_uscc"));
    if let Some(k) = &f.kind {
        sql.push(" AND c.kind = ").push_lit(k);
    }
    if let Some(s) = &f.status {
        sql.push(" AND c.status = ").push_lit(s);
        if Status::parse(s).is_some_and(Status::is_open) {
            sql.push(&open_term);
        }
    }
    if let Some(c) = &f.category {
        sql.push(" AND c.category = ").push_lit(c);
    }
    if let Some(d) = &f.owner_division {
        sql.push(" AND c.owner_division = ").push_lit(d);
    }
    if let Some(u) = f.assignee_id {
        sql.push(" AND c.assignee_id = ").bind(u);
    }
    if let Some(d) = &f.overdue_before {
        sql.push(" AND c.next_due < ")
            .push_lit(d)
            .push(&open_term)
            .push(" AND c.status <> 'paused'");
    }
    if let Some(a) = after {
        sql.push(" AND c.id < ").bind(a);
    }
}

/// One page of the ledger with every column, newest first, after the id `after` (for exports).
pub async fn list(
    store: &Store,
    scope: &Scope,
    f: &CaseFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let mut sql = Sql::with(
        store.backend(),
        &format!("SELECT {CASE_COLUMNS} FROM cases c WHERE 1 = 1"),
    );
    push_filter(&mut sql, scope, f, after);
    sql.push(" ORDER BY c.id DESC LIMIT ").bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// What a ledger page shows of a case, in this column order.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct CaseSummaryRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub channel: String,
    pub enterprise_uscc: Option<String>,
    pub complainant: Option<String>,
    pub status: String,
    pub origin_division: String,
    pub owner_division: String,
    pub department: Option<String>,
    pub assignee_name: Option<String>,
    pub received_on: String,
    pub next_due: Option<String>,
    pub due_provisional: i64,
    pub resolved_on: Option<String>,
    pub rating: Option<i64>,
}

/// One page of the ledger's summaries, newest first, after the id `after`.
///
/// **Backend-specific SQL** (tested on both): as the roster's list, the page
/// crosses the driver as one text value ([`Sql::page`]) of the summary columns,
/// not as 50 rows of 50 columns each.
pub async fn list_summaries(
    store: &Store,
    scope: &Scope,
    f: &CaseFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<CaseSummaryRow>> {
    let cols = "id, number, kind, category, title, channel, enterprise_uscc, complainant, status, \
                origin_division, owner_division, department, assignee_name, received_on, next_due, \
                due_provisional, resolved_on, rating";
    let mut sql = Sql::page_kept(
        store.backend(),
        cols,
        "SELECT c.id, c.number, c.kind, c.category, c.title, c.channel, c.enterprise_uscc,
            c.complainant, c.status, c.origin_division, c.owner_division, c.department,
            (SELECT u.username FROM users u WHERE u.id = c.assignee_id) AS assignee_name, c.received_on,
            c.next_due, c.due_provisional, c.resolved_on, c.rating
         FROM cases c WHERE 1 = 1",
    );
    push_filter(&mut sql, scope, f, after);
    sql.push(" ORDER BY c.id DESC LIMIT ").push_int(limit);
    let mut rows: Vec<CaseSummaryRow> = sql.fetch_page_shared(store).await?;
    // Neither aggregate promises to keep the subquery's order: restore it.
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    Ok(rows)
}

/// The open cases inside `scope` whose next deadline passed longest ago
/// (the supervision list), oldest first.
pub async fn oldest_overdue(store: &Store, scope: &Scope, today: &str, limit: i64) -> Result<Vec<CaseRow>> {
    let mut sql = Sql::with(
        store.backend(),
        &format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.next_due < "),
    );
    sql.bind(today.to_string()).push(&format!(
        " AND c.status || '' NOT IN {} AND c.status <> 'paused'",
        kaifang_domain::cases::Status::FINISHED_SQL
    ));
    // Driven by `cases_due_open` in deadline order: with the scope index and the open-case term,
    // SQLite chose `cases_open_province` and sorted every open case of the province (65 ms → 5 ms);
    // the status as an expression keeps the `cases_open*` partial indexes out of the choice.
    push_scope_unindexed(&mut sql, scope, "c.", Some("enterprise_uscc"));
    sql.push(" ORDER BY c.next_due, c.id LIMIT ").bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// A time-limit row with its kind.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KindLimitRow {
    pub kind: String,
    #[sqlx(flatten)]
    pub limits: TimeLimitRow,
}

/// Every time-limit row set by one of `divisions`, nearest first.
pub async fn time_limit_rows(store: &Store, divisions: &[String]) -> Result<Vec<KindLimitRow>> {
    let mut out = Vec::new();
    for d in divisions {
        let rows: Vec<KindLimitRow> = sqlx::query_as(
            "SELECT kind, division, category, acknowledge_days, reply_days, resolve_days, extended_max_days,
                return_window_days, source
             FROM case_time_limits WHERE division = $1 ORDER BY kind, category",
        )
        .bind(d.clone())
        .fetch_all(store.pool())
        .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Sets one division's time limits for a kind and category (replacing its own earlier row);
/// returns the row it replaced.
pub async fn set_time_limits(tx: &mut WriteTx, kind: &str, r: &TimeLimitRow) -> Result<Option<TimeLimitRow>> {
    let before: Option<TimeLimitRow> = sqlx::query_as(
        "SELECT division, category, acknowledge_days, reply_days, resolve_days, extended_max_days,
            return_window_days, source
         FROM case_time_limits WHERE division = $1 AND kind = $2 AND category = $3",
    )
    .bind(r.division.clone())
    .bind(kind.to_string())
    .bind(r.category.clone())
    .fetch_optional(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO case_time_limits (division, kind, category, acknowledge_days, reply_days, resolve_days,
            extended_max_days, return_window_days, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (division, kind, category) DO UPDATE SET acknowledge_days = excluded.acknowledge_days,
            reply_days = excluded.reply_days, resolve_days = excluded.resolve_days,
            extended_max_days = excluded.extended_max_days, return_window_days = excluded.return_window_days,
            source = excluded.source",
    )
    .bind(r.division.clone())
    .bind(kind.to_string())
    .bind(r.category.clone())
    .bind(r.acknowledge_days)
    .bind(r.reply_days)
    .bind(r.resolve_days)
    .bind(r.extended_max_days)
    .bind(r.return_window_days)
    .bind(r.source.clone())
    .execute(tx.conn())
    .await?;
    Ok(before)
}
