//! Files attached to a case. Stored in the database with their SM3 digest;
//! never deleted. Reads go through the case, so its scope applies.

use crate::{Result, Store, WriteTx};
use serde::Serialize;

/// An attachment without its content.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub case_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sm3: String,
    pub confidential: i64,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A new attachment.
pub struct NewAttachment<'a> {
    pub case_id: i64,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub sm3: &'a str,
    pub confidential: bool,
    pub uploaded_by: &'a str,
}

/// Stores an attachment; returns its id.
pub async fn insert(tx: &mut WriteTx, a: &NewAttachment<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO case_attachments (case_id, filename, content_type, size, sm3, content, confidential,
            uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(a.case_id)
    .bind(a.filename.to_string())
    .bind(a.content_type.to_string())
    .bind(a.content.len() as i64)
    .bind(a.sm3.to_string())
    .bind(a.content.to_vec())
    .bind(i64::from(a.confidential))
    .bind(a.uploaded_by.to_string())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?)
}

/// A case's attachments, oldest first, without content.
pub async fn list(store: &Store, case_id: i64) -> Result<Vec<AttachmentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, case_id, filename, content_type, size, sm3, confidential, uploaded_by, uploaded_at
         FROM case_attachments WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(store.pool())
    .await?)
}

/// One attachment of a case with its content.
pub async fn content(store: &Store, case_id: i64, id: i64) -> Result<Option<(AttachmentRow, Vec<u8>)>> {
    let row: Option<AttachmentRow> = sqlx::query_as(
        "SELECT id, case_id, filename, content_type, size, sm3, confidential, uploaded_by, uploaded_at
         FROM case_attachments WHERE case_id = $1 AND id = $2",
    )
    .bind(case_id)
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let bytes: Vec<u8> = sqlx::query_scalar("SELECT content FROM case_attachments WHERE id = $1")
        .bind(id)
        .fetch_one(store.pool())
        .await?;
    Ok(Some((row, bytes)))
}
