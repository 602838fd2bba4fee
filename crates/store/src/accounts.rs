//! User accounts: creation, lookup, login bookkeeping and lockout.

use crate::scope::{Sql, push_scope};
use crate::{Result, Store, WriteTx};
use kaifang_domain::jurisdiction::{Placement, Scope};
use serde::Serialize;

/// A stored user account.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub enterprise_uscc: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
    pub active: i64,
    pub created_at: String,
}

impl UserRow {
    pub fn placement(&self) -> Placement {
        Placement {
            division: self.division.clone(),
            province: self.scope_province.clone(),
            prefecture: self.scope_prefecture.clone(),
            county: self.scope_county.clone(),
            enterprise: self.enterprise_uscc.clone(),
        }
    }
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.division, \
    u.scope_province, u.scope_prefecture, u.scope_county, u.enterprise_uscc, u.password_hash, \
    u.failed_logins, u.locked_until, u.active, u.created_at";

/// A new account, already validated.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub placement: Placement,
    pub password_hash: String,
}

pub async fn create(tx: &mut WriteTx, u: &NewUser) -> Result<i64> {
    let now = crate::now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, division, scope_province, scope_prefecture,
            scope_county, enterprise_uscc, password_hash, failed_logins, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 1, $10, $10) RETURNING id",
    )
    .bind(&u.username)
    .bind(&u.display_name)
    .bind(&u.role)
    .bind(&u.placement.division)
    .bind(u.placement.province.clone())
    .bind(u.placement.prefecture.clone())
    .bind(u.placement.county.clone())
    .bind(u.placement.enterprise.clone())
    .bind(&u.password_hash)
    .bind(&now)
    .fetch_one(tx.conn())
    .await?;
    Ok(id)
}

pub async fn by_username(store: &Store, username: &str) -> Result<Option<UserRow>> {
    let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = "));
    sql.bind(username.to_string());
    Ok(sql.fetch_optional_as(store.pool()).await?)
}

pub async fn by_id(store: &Store, id: i64) -> Result<Option<UserRow>> {
    let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = "));
    sql.bind(id);
    Ok(sql.fetch_optional_as(store.pool()).await?)
}

/// Accounts inside the caller's scope (enterprise accounts placed at their enterprise's division).
pub async fn list(store: &Store, scope: &Scope) -> Result<Vec<UserRow>> {
    let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users u WHERE 1 = 1"));
    push_scope(&mut sql, scope, "u.", Some("enterprise_uscc"));
    sql.push(" ORDER BY u.division, u.username");
    Ok(sql.fetch_all_as(store.pool()).await?)
}

pub async fn count(store: &Store) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(store.pool())
        .await?)
}

/// Counts a failed login; locks the account until `lock_until` once `max_failures` is reached.
/// Returns the new failure count.
pub async fn record_failure(tx: &mut WriteTx, id: i64, max_failures: i64, lock_until: &str) -> Result<i64> {
    let n: i64 =
        sqlx::query_scalar("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins")
            .bind(id)
            .fetch_one(tx.conn())
            .await?;
    if n >= max_failures {
        sqlx::query("UPDATE users SET locked_until = $2, failed_logins = 0 WHERE id = $1")
            .bind(id)
            .bind(lock_until.to_string())
            .execute(tx.conn())
            .await?;
    }
    Ok(n)
}

pub async fn record_success(tx: &mut WriteTx, id: i64) -> Result<()> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

pub async fn set_password(tx: &mut WriteTx, id: i64, password_hash: &str) -> Result<()> {
    let n = sqlx::query(
        "UPDATE users SET password_hash = $2, updated_at = $3, failed_logins = 0, locked_until = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash.to_string())
    .bind(crate::now_text())
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(crate::StoreError::NotFound);
    }
    Ok(())
}

pub async fn set_active(tx: &mut WriteTx, id: i64, active: bool) -> Result<()> {
    sqlx::query("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(active as i64)
        .bind(crate::now_text())
        .execute(tx.conn())
        .await?;
    Ok(())
}
