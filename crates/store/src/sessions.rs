//! Server-side sessions: stored by the hash of their id, ended on logout or idleness.

use crate::accounts::{USER_COLUMNS, UserRow};
use crate::{Result, Store, WriteTx};

/// A live session with its user.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id_hash: String,
    pub csrf_token: String,
    pub last_seen_at: String,
    pub user: UserRow,
}

pub async fn create(tx: &mut WriteTx, id_hash: &str, user_id: i64, csrf: &str, ip: &str) -> Result<()> {
    let now = crate::now_text();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, ip, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id_hash.to_string())
    .bind(user_id)
    .bind(csrf.to_string())
    .bind(ip.to_string())
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The session, if it exists, has not ended, was seen after `idle_cutoff`,
/// and belongs to an active user.
pub async fn lookup(store: &Store, id_hash: &str, idle_cutoff: &str) -> Result<Option<SessionRow>> {
    let sql = format!(
        "SELECT s.id_hash, s.csrf_token, s.last_seen_at, {USER_COLUMNS} FROM sessions s
         JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.ended_at IS NULL AND s.last_seen_at > $2 AND u.active = 1"
    );
    let row = sqlx::query(&sql)
        .bind(id_hash.to_string())
        .bind(idle_cutoff.to_string())
        .fetch_optional(store.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    use sqlx::{FromRow, Row};
    Ok(Some(SessionRow {
        id_hash: row.try_get(0)?,
        csrf_token: row.try_get(1)?,
        last_seen_at: row.try_get(2)?,
        user: UserRow::from_row(&row)?,
    }))
}

/// Records activity; callers do this at most once a minute per session.
pub async fn touch(store: &Store, id_hash: &str) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(id_hash.to_string())
        .bind(crate::now_text())
        .execute(store.pool())
        .await?;
    Ok(())
}

pub async fn end(tx: &mut WriteTx, id_hash: &str) -> Result<()> {
    sqlx::query("UPDATE sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL")
        .bind(id_hash.to_string())
        .bind(crate::now_text())
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Ends every session of a user (password change, deactivation).
pub async fn end_all_for_user(tx: &mut WriteTx, user_id: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
        .bind(user_id)
        .bind(crate::now_text())
        .execute(tx.conn())
        .await?;
    Ok(())
}
