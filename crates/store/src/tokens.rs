//! Personal API tokens, stored by hash; shown to their owner once.

use crate::accounts::{USER_COLUMNS, UserRow};
use crate::{Result, Store, StoreError, WriteTx};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

pub async fn create(tx: &mut WriteTx, user_id: i64, name: &str, token_hash: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(name.to_string())
    .bind(token_hash.to_string())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?)
}

/// The active user owning a live token.
pub async fn lookup(store: &Store, token_hash: &str) -> Result<Option<(i64, UserRow)>> {
    let sql = format!(
        "SELECT t.id AS token_id, {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash.to_string())
        .fetch_optional(store.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    use sqlx::{FromRow, Row};
    Ok(Some((row.try_get(0)?, UserRow::from_row(&row)?)))
}

pub async fn list_for_user(store: &Store, user_id: i64) -> Result<Vec<TokenRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens
         WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(store.pool())
    .await?)
}

/// Revokes a token of the given user; NotFound if it is not theirs or already revoked.
pub async fn revoke(tx: &mut WriteTx, user_id: i64, token_id: i64) -> Result<()> {
    let n = sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
        .bind(token_id)
        .bind(user_id)
        .bind(crate::now_text())
        .execute(tx.conn())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Notes that a token was used; callers throttle this.
pub async fn touch(store: &Store, token_id: i64) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
        .bind(token_id)
        .bind(crate::now_text())
        .execute(store.pool())
        .await?;
    Ok(())
}
