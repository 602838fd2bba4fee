//! The in-app inbox. Every notification has a unique `dedup_key`, and every
//! insert is `ON CONFLICT DO NOTHING`: producing the same notice twice, from
//! two workers or a retried request, delivers it once.

use crate::{Result, Store, WriteTx};
use kaifang_domain::cases::Status;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub case_number: Option<String>,
    pub title: String,
    pub due_on: Option<String>,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// Who receives a case notice.
pub enum Recipients<'a> {
    /// Active officers and leaders of a division.
    Division(&'a str),
    /// Active officers of a division (not leaders).
    Officers(&'a str),
    /// The enterprise's own accounts.
    Enterprise(&'a str),
}

/// Notifies the recipients of something that is not a case (a campaign's reminders): one
/// notice per user and `key`, whatever runs twice.
pub async fn notify_users(
    tx: &mut WriteTx,
    recipients: Recipients<'_>,
    kind: &str,
    key: &str,
    title: &str,
) -> Result<u64> {
    let (cond, who) = match recipients {
        Recipients::Division(d) => ("u.division = $5 AND u.role IN ('officer', 'leader', 'admin')", d),
        Recipients::Officers(d) => ("u.division = $5 AND u.role IN ('officer', 'admin')", d),
        Recipients::Enterprise(e) => ("u.enterprise_uscc = $5 AND u.role = 'enterprise'", e),
    };
    let sql = format!(
        "INSERT INTO notifications (user_id, dedup_key, kind, title, created_at)
         SELECT u.id, $1 || ':' || $2 || ':' || u.id, $1, $3, $4 FROM users u WHERE u.active = 1 AND {cond}
         ON CONFLICT (dedup_key) DO NOTHING"
    );
    Ok(sqlx::query(&sql)
        .bind(kind.to_string())
        .bind(key.to_string())
        .bind(title.to_string())
        .bind(crate::now_text())
        .bind(who.to_string())
        .execute(tx.conn())
        .await?
        .rows_affected())
}

/// Notifies the recipients of one event on one case. `event` distinguishes
/// repeated events of the same kind (a ledger id, a due date).
pub async fn notify_case(
    tx: &mut WriteTx,
    recipients: Recipients<'_>,
    kind: &str,
    case_id: i64,
    event: &str,
    due_on: Option<&str>,
) -> Result<u64> {
    let (cond, who) = match recipients {
        Recipients::Division(d) => ("u.division = $5 AND u.role IN ('officer', 'leader', 'admin')", d),
        Recipients::Officers(d) => ("u.division = $5 AND u.role IN ('officer', 'admin')", d),
        Recipients::Enterprise(e) => ("u.enterprise_uscc = $5 AND u.role = 'enterprise'", e),
    };
    let sql = format!(
        "INSERT INTO notifications (user_id, dedup_key, kind, case_id, case_number, title, due_on, created_at)
         SELECT u.id, $1 || ':' || c.id || ':' || $2 || ':' || u.id, $1, c.id, c.number, c.title, $3, $4
         FROM cases c, users u WHERE c.id = $6 AND u.active = 1 AND {cond}
         ON CONFLICT (dedup_key) DO NOTHING"
    );
    Ok(sqlx::query(&sql)
        .bind(kind.to_string())
        .bind(event.to_string())
        .bind(due_on.map(String::from))
        .bind(crate::now_text())
        .bind(who.to_string())
        .bind(case_id)
        .execute(tx.conn())
        .await?
        .rows_affected())
}

/// The open, running cases a scan looks at.
fn running(c: &str) -> String {
    format!("{c}.status NOT IN {} AND {c}.status <> 'paused'", Status::FINISHED_SQL)
}

/// Reminds the owner division's officers of open, running cases whose next
/// deadline falls in `[from, to]`. One statement per scan; the unique key
/// (kind, case, deadline, user) makes a repeated reminder a no-op.
pub async fn remind_due_soon(tx: &mut WriteTx, from: &str, to: &str) -> Result<u64> {
    let sql = format!(
        "INSERT INTO notifications (user_id, dedup_key, kind, case_id, case_number, title, due_on, created_at)
         SELECT u.id, 'due_soon:' || c.id || ':' || c.next_due || ':' || u.id, 'due_soon', c.id, c.number,
            c.title, c.next_due, $3
         FROM cases c JOIN users u ON u.division = c.owner_division
         WHERE c.next_due >= $1 AND c.next_due <= $2 AND {}
            AND u.active = 1 AND u.role IN ('officer', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING",
        running("c")
    );
    Ok(sqlx::query(&sql)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(crate::now_text())
        .execute(tx.conn())
        .await?
        .rows_affected())
}

/// Flags the open, running cases whose next deadline is before `today` and
/// not flagged yet: an overdue notice to the owner division's officers and
/// leaders, an `overdue` entry in the ledger, and the flag, in the caller's
/// transaction. Returns (notices, cases flagged).
///
/// The cases come from the open-deadline index `cases_due_open`; a case is
/// flagged for one deadline, kept in the narrow `case_overdue_flags`, so a
/// deadline that moves on is flagged again when it passes in turn.
pub async fn flag_overdue(tx: &mut WriteTx, today: &str) -> Result<(u64, u64)> {
    let now = crate::now_text();
    let pending = format!(
        "c.next_due IS NOT NULL AND c.next_due < $1 AND {} AND NOT EXISTS (SELECT 1 FROM case_overdue_flags f
            WHERE f.case_id = c.id AND f.next_due = c.next_due)",
        running("c")
    );
    let notices = sqlx::query(&format!(
        "INSERT INTO notifications (user_id, dedup_key, kind, case_id, case_number, title, due_on, created_at)
         SELECT u.id, 'overdue:' || c.id || ':' || c.next_due || ':' || u.id, 'overdue', c.id, c.number,
            c.title, c.next_due, $2
         FROM cases c JOIN users u ON u.division = c.owner_division
         WHERE {pending} AND u.active = 1 AND u.role IN ('officer', 'leader', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING"
    ))
    .bind(today.to_string())
    .bind(now.clone())
    .execute(tx.conn())
    .await?
    .rows_affected();
    sqlx::query(&format!(
        "INSERT INTO case_events (case_id, at, on_date, actor_id, actor_name, action, from_status, to_status,
            reason, detail_json)
         SELECT c.id, $2, $1, NULL, 'system', 'overdue', c.status, c.status, NULL,
            '{{\"next_due\":\"' || c.next_due || '\"}}'
         FROM cases c WHERE {pending}"
    ))
    .bind(today.to_string())
    .bind(now)
    .execute(tx.conn())
    .await?;
    let flagged = sqlx::query(&format!(
        "INSERT INTO case_overdue_flags (case_id, next_due)
         SELECT c.id, c.next_due FROM cases c WHERE {pending}
         ON CONFLICT (case_id) DO UPDATE SET next_due = excluded.next_due"
    ))
    .bind(today.to_string())
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok((notices, flagged))
}

/// A user's notifications, newest first, after the id `after`.
pub async fn list(
    store: &Store,
    user_id: i64,
    unread_only: bool,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationRow>> {
    let sql = format!(
        "SELECT id, kind, case_number, title, due_on, created_at, read_at FROM notifications
         WHERE user_id = $1 AND id < $2 {} ORDER BY id DESC LIMIT $3",
        if unread_only { "AND read_at IS NULL" } else { "" }
    );
    Ok(sqlx::query_as(&sql)
        .bind(user_id)
        .bind(after.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(store.pool())
        .await?)
}

pub async fn unread(store: &Store, user_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .fetch_one(store.pool())
            .await?,
    )
}

/// Marks one (or, with `None`, every) notification of the user read.
pub async fn mark_read(store: &Store, user_id: i64, id: Option<i64>) -> Result<u64> {
    let q = match id {
        Some(id) => {
            sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND id = $3 AND read_at IS NULL")
                .bind(user_id)
                .bind(crate::now_text())
                .bind(id)
        }
        None => sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(crate::now_text()),
    };
    Ok(q.execute(store.pool()).await?.rows_affected())
}
