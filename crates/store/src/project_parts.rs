//! What a project owns beside its record: the stage history, tranches of utilised
//! foreign capital, the task force, the service log and the factor approvals.
//! Callers have already found the project inside their scope.

use crate::{Result, Store, StoreError, WriteTx};
use serde::Serialize;

/// One stage change.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct StageEventRow {
    pub id: i64,
    pub project_id: i64,
    pub at: String,
    pub on_date: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub evidence: Option<String>,
    pub detail_json: Option<String>,
}

/// Appends a stage change.
pub async fn append_stage_event(tx: &mut WriteTx, e: &StageEventRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO project_stage_events (project_id, at, on_date, actor_id, actor_name, from_stage, to_stage,
            evidence, detail_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(e.project_id)
    .bind(crate::now_text())
    .bind(e.on_date.clone())
    .bind(e.actor_id)
    .bind(e.actor_name.clone())
    .bind(e.from_stage.clone())
    .bind(e.to_stage.clone())
    .bind(e.evidence.clone())
    .bind(e.detail_json.clone())
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The stage history of a project, oldest first.
pub async fn stage_events(store: &Store, project_id: i64) -> Result<Vec<StageEventRow>> {
    Ok(sqlx::query_as(
        "SELECT id, project_id, at, on_date, actor_id, actor_name, from_stage, to_stage, evidence, detail_json
         FROM project_stage_events WHERE project_id = $1 ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(store.pool())
    .await?)
}

/// One tranche of utilised foreign capital.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct TrancheRow {
    pub id: i64,
    pub project_id: i64,
    pub received_on: String,
    pub amount_minor: i64,
    pub currency: String,
    pub rate: i64,
    pub rate_on: String,
    pub usd_minor: i64,
    pub note: Option<String>,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub voided_at: Option<String>,
    pub voided_by: Option<String>,
    pub void_reason: Option<String>,
}

const TRANCHE_COLUMNS: &str = "id, project_id, received_on, amount_minor, currency, rate, rate_on, usd_minor, note, \
    scope_province, scope_prefecture, scope_county, recorded_by, recorded_at, voided_at, voided_by, void_reason";

/// Records a tranche; returns its id. The caller moves the project's utilised total.
pub async fn insert_tranche(tx: &mut WriteTx, t: &TrancheRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO project_tranches (project_id, received_on, amount_minor, currency, rate, rate_on, usd_minor,
            note, scope_province, scope_prefecture, scope_county, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(t.project_id)
    .bind(t.received_on.clone())
    .bind(t.amount_minor)
    .bind(t.currency.clone())
    .bind(t.rate)
    .bind(t.rate_on.clone())
    .bind(t.usd_minor)
    .bind(t.note.clone())
    .bind(t.scope_province.clone())
    .bind(t.scope_prefecture.clone())
    .bind(t.scope_county.clone())
    .bind(t.recorded_by.clone())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?;
    Ok(id)
}

/// Voids a tranche (kept, with who, when and why); returns the tranche as it was.
/// The caller takes it off the project's utilised total.
pub async fn void_tranche(tx: &mut WriteTx, project_id: i64, id: i64, by: &str, reason: &str) -> Result<TrancheRow> {
    let before: TrancheRow = sqlx::query_as(&format!(
        "SELECT {TRANCHE_COLUMNS} FROM project_tranches WHERE id = $1 AND project_id = $2"
    ))
    .bind(id)
    .bind(project_id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or(StoreError::NotFound)?;
    if before.voided_at.is_some() {
        return Err(StoreError::Conflict("the tranche was already voided".into()));
    }
    sqlx::query("UPDATE project_tranches SET voided_at = $2, voided_by = $3, void_reason = $4 WHERE id = $1")
        .bind(id)
        .bind(crate::now_text())
        .bind(by.to_string())
        .bind(reason.to_string())
        .execute(tx.conn())
        .await?;
    Ok(before)
}

/// Every tranche of a project, voided ones included, by date received.
pub async fn tranches(store: &Store, project_id: i64) -> Result<Vec<TrancheRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {TRANCHE_COLUMNS} FROM project_tranches WHERE project_id = $1 ORDER BY received_on, id"
    ))
    .bind(project_id)
    .fetch_all(store.pool())
    .await?)
}

/// One task-force member.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub project_id: i64,
    pub role: String,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub name: String,
    pub department: String,
    pub phone: Option<String>,
    pub added_by: String,
    pub added_at: String,
    pub removed_by: Option<String>,
    pub removed_at: Option<String>,
}

/// Adds a member; returns the id.
pub async fn add_member(tx: &mut WriteTx, m: &TeamRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO project_team (project_id, role, user_id, name, department, phone, added_by, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(m.project_id)
    .bind(m.role.clone())
    .bind(m.user_id)
    .bind(m.name.clone())
    .bind(m.department.clone())
    .bind(m.phone.clone())
    .bind(m.added_by.clone())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?)
}

/// Marks a member removed (the row stays); returns the member as it was.
pub async fn remove_member(tx: &mut WriteTx, project_id: i64, id: i64, by: &str) -> Result<TeamRow> {
    let before = team_in(tx, project_id)
        .await?
        .into_iter()
        .find(|m| m.id == id && m.removed_at.is_none())
        .ok_or(StoreError::NotFound)?;
    sqlx::query("UPDATE project_team SET removed_by = $2, removed_at = $3 WHERE id = $1")
        .bind(id)
        .bind(by.to_string())
        .bind(crate::now_text())
        .execute(tx.conn())
        .await?;
    Ok(before)
}

const TEAM_SELECT: &str = "SELECT t.id, t.project_id, t.role, t.user_id, \
    (SELECT u.username FROM users u WHERE u.id = t.user_id) AS username, t.name, t.department, t.phone, \
    t.added_by, t.added_at, t.removed_by, t.removed_at FROM project_team t WHERE t.project_id = $1 ORDER BY t.id";

/// The task force, past members included, in the order they joined.
pub async fn team(store: &Store, project_id: i64) -> Result<Vec<TeamRow>> {
    Ok(sqlx::query_as(TEAM_SELECT)
        .bind(project_id)
        .fetch_all(store.pool())
        .await?)
}

/// [`team`] inside a write.
pub async fn team_in(tx: &mut WriteTx, project_id: i64) -> Result<Vec<TeamRow>> {
    Ok(sqlx::query_as(TEAM_SELECT)
        .bind(project_id)
        .fetch_all(tx.conn())
        .await?)
}

/// One service-log entry.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct LogRow {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    pub on_date: String,
    pub participants: String,
    pub outcome: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// Appends a service-log entry; returns its id.
pub async fn append_log(tx: &mut WriteTx, l: &LogRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO project_log (project_id, kind, on_date, participants, outcome, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(l.project_id)
    .bind(l.kind.clone())
    .bind(l.on_date.clone())
    .bind(l.participants.clone())
    .bind(l.outcome.clone())
    .bind(l.recorded_by.clone())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?)
}

/// The most recent service-log entries of a project, newest first.
pub async fn log(store: &Store, project_id: i64, limit: i64) -> Result<Vec<LogRow>> {
    Ok(sqlx::query_as(
        "SELECT id, project_id, kind, on_date, participants, outcome, recorded_by, recorded_at
         FROM project_log WHERE project_id = $1 ORDER BY on_date DESC, id DESC LIMIT $2",
    )
    .bind(project_id)
    .bind(limit)
    .fetch_all(store.pool())
    .await?)
}

/// One factor approval or milestone.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct ApprovalRow {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    pub department: String,
    pub started_on: Option<String>,
    pub due_days: Option<i64>,
    pub due_on: Option<String>,
    pub due_provisional: i64,
    pub status: String,
    pub done_on: Option<String>,
    pub documents: Option<String>,
    pub note: Option<String>,
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: String,
}

const APPROVAL_SELECT: &str = "SELECT a.id, a.project_id, a.kind, a.department, a.started_on, a.due_days, a.due_on, \
    a.due_provisional, a.status, a.done_on, a.documents, a.note, a.case_id, \
    (SELECT c.number FROM cases c WHERE c.id = a.case_id) AS case_number, a.version, a.updated_by, a.updated_at \
    FROM project_approvals a WHERE a.project_id = $1";

/// The approvals of a project, in the order they were first recorded.
pub async fn approvals(store: &Store, project_id: i64) -> Result<Vec<ApprovalRow>> {
    Ok(sqlx::query_as(&format!("{APPROVAL_SELECT} ORDER BY a.id"))
        .bind(project_id)
        .fetch_all(store.pool())
        .await?)
}

/// One approval of a project by kind, inside a write.
pub async fn approval_in(tx: &mut WriteTx, project_id: i64, kind: &str) -> Result<Option<ApprovalRow>> {
    Ok(sqlx::query_as(&format!("{APPROVAL_SELECT} AND a.kind = $2"))
        .bind(project_id)
        .bind(kind.to_string())
        .fetch_optional(tx.conn())
        .await?)
}

/// Inserts or updates an approval (by project and kind), checking the version on update.
pub async fn save_approval(tx: &mut WriteTx, a: &ApprovalRow, expected: Option<i64>) -> Result<()> {
    match expected {
        None => {
            sqlx::query(
                "INSERT INTO project_approvals (project_id, kind, department, started_on, due_days, due_on,
                    due_provisional, status, done_on, documents, note, case_id, version, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14)",
            )
            .bind(a.project_id)
            .bind(a.kind.clone())
            .bind(a.department.clone())
            .bind(a.started_on.clone())
            .bind(a.due_days)
            .bind(a.due_on.clone())
            .bind(a.due_provisional)
            .bind(a.status.clone())
            .bind(a.done_on.clone())
            .bind(a.documents.clone())
            .bind(a.note.clone())
            .bind(a.case_id)
            .bind(a.updated_by.clone())
            .bind(crate::now_text())
            .execute(tx.conn())
            .await?;
        }
        Some(v) => {
            let n = sqlx::query(
                "UPDATE project_approvals SET department = $3, started_on = $4, due_days = $5, due_on = $6,
                    due_provisional = $7, status = $8, done_on = $9, documents = $10, note = $11, case_id = $12,
                    updated_by = $13, updated_at = $14, version = version + 1
                 WHERE id = $1 AND version = $2",
            )
            .bind(a.id)
            .bind(v)
            .bind(a.department.clone())
            .bind(a.started_on.clone())
            .bind(a.due_days)
            .bind(a.due_on.clone())
            .bind(a.due_provisional)
            .bind(a.status.clone())
            .bind(a.done_on.clone())
            .bind(a.documents.clone())
            .bind(a.note.clone())
            .bind(a.case_id)
            .bind(a.updated_by.clone())
            .bind(crate::now_text())
            .execute(tx.conn())
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict(
                    "the approval was changed meanwhile; reload it".into(),
                ));
            }
        }
    }
    Ok(())
}

/// Problem cases raised from a project, newest first: (number, status, title).
pub async fn cases_of(store: &Store, project_id: i64) -> Result<Vec<(String, String, String)>> {
    Ok(
        sqlx::query_as("SELECT number, status, title FROM cases WHERE project_id = $1 ORDER BY id DESC")
            .bind(project_id)
            .fetch_all(store.pool())
            .await?,
    )
}

/// Links a case to the project it was raised from.
pub async fn link_case(tx: &mut WriteTx, case_id: i64, project_id: i64) -> Result<()> {
    sqlx::query("UPDATE cases SET project_id = $2 WHERE id = $1")
        .bind(case_id)
        .bind(project_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// The current task-force members of many projects: (project id, role, name), in joining order.
pub async fn team_of_many(store: &Store, ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = crate::scope::Sql::with(
        store.backend(),
        "SELECT project_id, role, name FROM project_team WHERE removed_at IS NULL AND project_id IN (",
    );
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*id);
    }
    sql.push(") ORDER BY project_id, id");
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// How many problem cases raised from each of many projects are still open: (project id, count).
pub async fn open_problems_of_many(store: &Store, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = crate::scope::Sql::with(
        store.backend(),
        "SELECT project_id, CAST(COUNT(*) AS BIGINT) FROM cases WHERE project_id IN (",
    );
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*id);
    }
    sql.push(&format!(
        ") AND status NOT IN {} GROUP BY project_id",
        kaifang_domain::cases::Status::FINISHED_SQL
    ));
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// Writes service-log entries as multi-row inserts (bulk loads).
pub async fn insert_logs_many(tx: &mut WriteTx, rows: &[LogRow]) -> Result<()> {
    for chunk in crate::scope::shaped_chunks(rows, 500) {
        let mut sql = crate::scope::Sql::with(
            tx.backend(),
            "INSERT INTO project_log (project_id, kind, on_date, participants, outcome, recorded_by, recorded_at) VALUES ",
        );
        for (i, l) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(l.project_id).push(", ");
            sql.bind(l.kind.clone()).push(", ");
            sql.bind(l.on_date.clone()).push(", ");
            sql.bind(l.participants.clone()).push(", ");
            sql.bind(l.outcome.clone()).push(", ");
            sql.bind(l.recorded_by.clone()).push(", ");
            sql.bind(l.recorded_at.clone()).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Writes tranches and task-force members as multi-row inserts (bulk loads).
pub async fn insert_tranches_and_team_many(tx: &mut WriteTx, tranches: &[TrancheRow], team: &[TeamRow]) -> Result<()> {
    for chunk in crate::scope::shaped_chunks(tranches, 300) {
        let mut sql = crate::scope::Sql::with(
            tx.backend(),
            "INSERT INTO project_tranches (project_id, received_on, amount_minor, currency, rate, rate_on, usd_minor,
                note, scope_province, scope_prefecture, scope_county, recorded_by, recorded_at) VALUES ",
        );
        for (i, t) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(t.project_id).push(", ");
            sql.bind(t.received_on.clone()).push(", ");
            sql.bind(t.amount_minor).push(", ");
            sql.bind(t.currency.clone()).push(", ");
            sql.bind(t.rate).push(", ");
            sql.bind(t.rate_on.clone()).push(", ");
            sql.bind(t.usd_minor).push(", ");
            sql.bind(t.note.clone()).push(", ");
            sql.bind(t.scope_province.clone()).push(", ");
            sql.bind(t.scope_prefecture.clone()).push(", ");
            sql.bind(t.scope_county.clone()).push(", ");
            sql.bind(t.recorded_by.clone()).push(", ");
            sql.bind(t.recorded_at.clone()).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    for chunk in crate::scope::shaped_chunks(team, 500) {
        let mut sql = crate::scope::Sql::with(
            tx.backend(),
            "INSERT INTO project_team (project_id, role, user_id, name, department, phone, added_by, added_at) VALUES ",
        );
        for (i, m) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(m.project_id).push(", ");
            sql.bind(m.role.clone()).push(", ");
            sql.bind(m.user_id).push(", ");
            sql.bind(m.name.clone()).push(", ");
            sql.bind(m.department.clone()).push(", ");
            sql.bind(m.phone.clone()).push(", ");
            sql.bind(m.added_by.clone()).push(", ");
            sql.bind(m.added_at.clone()).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}
