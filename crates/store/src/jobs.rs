//! The durable job table. Claiming is one conditional `UPDATE … RETURNING`:
//! a job is taken only if it is pending and due, or running under a lease that
//! has run out. On PostgreSQL a second worker's UPDATE waits for the row lock
//! and then re-checks the condition on the new row version, finding it taken;
//! on SQLite writes are serialised. Either way, one worker at a time.

use crate::{Result, Store};

/// A job a worker has claimed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub job_key: String,
    pub payload: Option<String>,
    pub attempts: i64,
}

const DUE: &str = "((state = 'pending' AND run_at <= $2) OR (state = 'running' AND locked_until < $2))";

/// Claims the most overdue due job for `worker` until `lease_until`.
pub async fn claim(store: &Store, worker: &str, now: &str, lease_until: &str) -> Result<Option<ClaimedJob>> {
    let sql = format!(
        "UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $3, attempts = attempts + 1,
            updated_at = $2
         WHERE id = (SELECT id FROM jobs WHERE {DUE} ORDER BY run_at, id LIMIT 1) AND {DUE}
         RETURNING id, kind, job_key, payload, attempts"
    );
    Ok(sqlx::query_as(&sql)
        .bind(worker.to_string())
        .bind(now.to_string())
        .bind(lease_until.to_string())
        .fetch_optional(store.pool())
        .await?)
}

/// Puts a claimed recurring job back to wait until `run_at`, with its new
/// payload. Returns false if the lease was lost meanwhile (another worker
/// took the job over), in which case nothing changes.
pub async fn reschedule(store: &Store, id: i64, worker: &str, run_at: &str, payload: Option<&str>) -> Result<bool> {
    let n = sqlx::query(
        "UPDATE jobs SET state = 'pending', run_at = $3, payload = $4, locked_by = NULL, locked_until = NULL,
            last_error = NULL, updated_at = $5
         WHERE id = $1 AND locked_by = $2 AND state = 'running'",
    )
    .bind(id)
    .bind(worker.to_string())
    .bind(run_at.to_string())
    .bind(payload.map(String::from))
    .bind(crate::now_text())
    .execute(store.pool())
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Records a failure; the job is retried at `retry_at`.
pub async fn fail(store: &Store, id: i64, worker: &str, error: &str, retry_at: &str) -> Result<()> {
    sqlx::query(
        "UPDATE jobs SET state = 'pending', run_at = $3, last_error = $4, locked_by = NULL, locked_until = NULL,
            updated_at = $5
         WHERE id = $1 AND locked_by = $2",
    )
    .bind(id)
    .bind(worker.to_string())
    .bind(retry_at.to_string())
    .bind(error.chars().take(2000).collect::<String>())
    .bind(crate::now_text())
    .execute(store.pool())
    .await?;
    Ok(())
}

/// One job's bookkeeping, for the admin view and tests.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct JobRow {
    pub kind: String,
    pub job_key: String,
    pub payload: Option<String>,
    pub run_at: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub updated_at: String,
}

pub async fn list(store: &Store) -> Result<Vec<JobRow>> {
    Ok(sqlx::query_as(
        "SELECT kind, job_key, payload, run_at, state, attempts, last_error, updated_at FROM jobs ORDER BY id",
    )
    .fetch_all(store.pool())
    .await?)
}
