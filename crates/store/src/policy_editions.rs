//! Policy editions loaded by administrators: the uploaded file as text, its
//! status (draft, active, withdrawn) and who decided. Not scoped: policy is
//! national. Rows are never deleted; a newer upload of the same edition id
//! supersedes an older one when activated.

use crate::{Result, Store, WriteTx};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EditionRow {
    pub id: i64,
    pub edition_id: String,
    pub list: String,
    pub effective: String,
    #[serde(skip)]
    pub body: String,
    pub digest: String,
    /// draft, active or withdrawn.
    pub status: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
}

const COLUMNS: &str =
    "id, edition_id, list, effective, body, digest, status, uploaded_by, uploaded_at, decided_by, decided_at";

/// Stores an upload as a draft; returns its row id.
pub async fn insert_draft(
    tx: &mut WriteTx,
    edition_id: &str,
    list: &str,
    effective: &str,
    body: &str,
    digest: &str,
    by: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO policy_editions (edition_id, list, effective, body, digest, status, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7) RETURNING id",
    )
    .bind(edition_id.to_string())
    .bind(list.to_string())
    .bind(effective.to_string())
    .bind(body.to_string())
    .bind(digest.to_string())
    .bind(by.to_string())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?)
}

/// Every upload, newest first.
pub async fn list(store: &Store) -> Result<Vec<EditionRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM policy_editions ORDER BY id DESC"))
            .fetch_all(store.pool())
            .await?,
    )
}

/// The active uploads, oldest first.
pub async fn active(store: &Store) -> Result<Vec<EditionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM policy_editions WHERE status = 'active' ORDER BY id"
    ))
    .fetch_all(store.pool())
    .await?)
}

pub async fn get_in(tx: &mut WriteTx, id: i64) -> Result<Option<EditionRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM policy_editions WHERE id = $1"))
            .bind(id)
            .fetch_optional(tx.conn())
            .await?,
    )
}

/// Sets an upload's status; activating one withdraws the earlier active upload of the same
/// edition id (it is superseded). Returns how many rows were superseded.
pub async fn decide(tx: &mut WriteTx, id: i64, edition_id: &str, status: &str, by: &str) -> Result<u64> {
    let now = crate::now_text();
    let mut superseded = 0;
    if status == "active" {
        superseded = sqlx::query(
            "UPDATE policy_editions SET status = 'withdrawn', decided_by = $3, decided_at = $4
             WHERE edition_id = $1 AND status = 'active' AND id <> $2",
        )
        .bind(edition_id.to_string())
        .bind(id)
        .bind(by.to_string())
        .bind(now.clone())
        .execute(tx.conn())
        .await?
        .rows_affected();
    }
    sqlx::query("UPDATE policy_editions SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1")
        .bind(id)
        .bind(status.to_string())
        .bind(by.to_string())
        .bind(now)
        .execute(tx.conn())
        .await?;
    Ok(superseded)
}

/// Changes whenever an upload is added, activated or withdrawn: for instances to notice.
pub async fn stamp(store: &Store) -> Result<String> {
    let (n, last): (i64, Option<String>) =
        sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT), MAX(decided_at) FROM policy_editions")
            .fetch_one(store.pool())
            .await?;
    Ok(format!("{n}:{}", last.unwrap_or_default()))
}
