//! Write transactions that carry their audit entries with them.

use crate::scope::Sql;
use crate::{Result, Store};
use kaifang_domain::jurisdiction::Placement;
use sm3::{Digest, Sm3};
use sqlx::{Any, AnyConnection, Row, Transaction};

/// Who is acting, and from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
    pub ip: String,
}

impl Actor {
    /// The command line or the system itself (migrations, demo loader).
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: name.to_string(),
            ip: "local".to_string(),
        }
    }
}

/// One audited action: what happened to which object, where, before and after.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub placement: &'a Placement,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// An audit event with owned fields and JSON already serialised (bulk paths).
#[derive(Debug, Clone)]
pub struct RawAuditEvent {
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub placement: Placement,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Many objects of one type changed the same way in one place (an import chunk in one
/// division): recorded as one audit entry, laid out as [`crate::audit::Batch`] describes, and
/// each object listed in `audit_objects` with its position, so that the object's history
/// finds it.
#[derive(Debug, Clone)]
pub struct BatchAuditEvent {
    pub action: String,
    pub object_type: String,
    pub placement: Placement,
    pub objects: Vec<String>,
    /// One JSON text per object, or none at all (a creation has no before).
    pub before: Option<Vec<String>>,
    /// One JSON text per object.
    pub after: Vec<String>,
}

/// Runs `statements` one after another on `conn`, building each next statement while the
/// database runs the one before: SQLite runs statements on a thread of its own and PostgreSQL
/// in its own process, so the two overlap. Stops at the first error.
pub async fn execute_pipelined(conn: &mut AnyConnection, mut statements: impl Iterator<Item = Sql>) -> Result<()> {
    let mut next = statements.next();
    while let Some(current) = next {
        let (done, upcoming) = tokio::join!(current.execute(&mut *conn), async { statements.next() });
        done?;
        next = upcoming;
    }
    Ok(())
}

/// The JSON array of JSON texts that are already valid JSON.
fn json_array(items: &[String]) -> String {
    let mut out = String::with_capacity(items.iter().map(|s| s.len() + 1).sum::<usize>() + 2);
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(s);
    }
    out.push(']');
    out
}

/// A transaction that has taken the audit-chain head. Its first statement is a
/// write, so on SQLite it holds the write lock from the start (no upgrade
/// deadlocks) and on PostgreSQL it holds the head row lock: audit entries form
/// one total order.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    seq: i64,
    hash: String,
    dirty: bool,
    backend: crate::Backend,
}

impl std::fmt::Debug for WriteTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteTx").field("seq", &self.seq).finish()
    }
}

impl WriteTx {
    pub(crate) async fn begin(store: &Store) -> Result<WriteTx> {
        let mut tx = store.pool().begin().await?;
        let row = sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *tx)
            .await?;
        Ok(WriteTx {
            tx,
            seq: row.try_get(0)?,
            hash: row.try_get(1)?,
            dirty: false,
            backend: store.backend(),
        })
    }

    pub fn backend(&self) -> crate::Backend {
        self.backend
    }

    /// The connection to run this transaction's statements on.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Appends an audit entry to the chain; returns its sequence number.
    pub async fn audit(&mut self, actor: &Actor, ev: AuditEvent<'_>) -> Result<i64> {
        let entry = AuditEntryData {
            seq: self.seq + 1,
            at: crate::now_text(),
            actor_id: actor.user_id,
            actor_name: actor.name.clone(),
            ip: actor.ip.clone(),
            action: ev.action.to_string(),
            object_type: ev.object_type.to_string(),
            object_id: ev.object_id.to_string(),
            division: ev.placement.division.clone(),
            before_json: ev.before.map(|v| v.to_string()),
            after_json: ev.after.map(|v| v.to_string()),
        };
        let hash = entry.hash(&self.hash);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, ip, action, object_type, object_id,
                division, scope_province, scope_prefecture, scope_county, before_json, after_json,
                prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(entry.seq)
        .bind(&entry.at)
        .bind(entry.actor_id)
        .bind(&entry.actor_name)
        .bind(&entry.ip)
        .bind(&entry.action)
        .bind(&entry.object_type)
        .bind(&entry.object_id)
        .bind(&entry.division)
        .bind(ev.placement.province.clone())
        .bind(ev.placement.prefecture.clone())
        .bind(ev.placement.county.clone())
        .bind(entry.before_json.clone())
        .bind(entry.after_json.clone())
        .bind(&self.hash)
        .bind(&hash)
        .execute(&mut *self.tx)
        .await?;
        self.seq = entry.seq;
        self.hash = hash;
        self.dirty = true;
        Ok(self.seq)
    }

    /// Appends many audit entries with multi-row inserts; same chain as [`WriteTx::audit`].
    pub async fn audit_many(&mut self, actor: &Actor, events: Vec<AuditEvent<'_>>) -> Result<()> {
        let raw = events
            .into_iter()
            .map(|ev| RawAuditEvent {
                action: ev.action.to_string(),
                object_type: ev.object_type.to_string(),
                object_id: ev.object_id.to_string(),
                placement: ev.placement.clone(),
                before: ev.before.map(|v| v.to_string()),
                after: ev.after.map(|v| v.to_string()),
            })
            .collect();
        self.audit_many_raw(actor, raw).await
    }

    /// Appends many audit entries whose before/after are already JSON text (bulk paths).
    pub async fn audit_many_raw(&mut self, actor: &Actor, events: Vec<RawAuditEvent>) -> Result<()> {
        let statements = self.audit_statements(actor, &events);
        execute_pipelined(&mut self.tx, statements.into_iter()).await
    }

    /// The multi-row inserts of `events` into the log; moves the chain on past them.
    fn audit_statements(&mut self, actor: &Actor, events: &[RawAuditEvent]) -> Vec<Sql> {
        let at = crate::now_text();
        let mut statements = Vec::new();
        for chunk in events.chunks(500) {
            let mut sql = Sql::with(
                self.backend,
                &format!(
                    "{} audit_log (seq, at, actor_id, actor_name, ip, action, object_type, object_id,
                    division, scope_province, scope_prefecture, scope_county, before_json, after_json,
                    prev_hash, hash) VALUES ",
                    crate::scope::bulk_insert(self.backend)
                ),
            );
            for (i, ev) in chunk.iter().enumerate() {
                let entry = AuditEntryData {
                    seq: self.seq + 1,
                    at: at.clone(),
                    actor_id: actor.user_id,
                    actor_name: actor.name.clone(),
                    ip: actor.ip.clone(),
                    action: ev.action.clone(),
                    object_type: ev.object_type.clone(),
                    object_id: ev.object_id.clone(),
                    division: ev.placement.division.clone(),
                    before_json: ev.before.clone(),
                    after_json: ev.after.clone(),
                };
                let hash = entry.hash(&self.hash);
                sql.push(if i == 0 { "(" } else { ", (" });
                sql.bind(entry.seq).push(", ");
                sql.bind(entry.at).push(", ");
                sql.bind(entry.actor_id).push(", ");
                sql.bind(entry.actor_name).push(", ");
                sql.bind(entry.ip).push(", ");
                sql.bind(entry.action).push(", ");
                sql.bind(entry.object_type).push(", ");
                sql.bind(entry.object_id).push(", ");
                sql.bind(entry.division).push(", ");
                sql.bind(ev.placement.province.clone()).push(", ");
                sql.bind(ev.placement.prefecture.clone()).push(", ");
                sql.bind(ev.placement.county.clone()).push(", ");
                sql.bind(entry.before_json).push(", ");
                sql.bind(entry.after_json).push(", ");
                sql.bind(self.hash.clone()).push(", ");
                sql.bind(hash.clone()).push(")");
                self.seq += 1;
                self.hash = hash;
            }
            statements.push(sql);
            self.dirty = true;
        }
        statements
    }

    /// Appends one entry per batch (see [`BatchAuditEvent`]) and lists each batch's objects.
    pub async fn audit_batch(&mut self, actor: &Actor, events: Vec<BatchAuditEvent>) -> Result<()> {
        let first_seq = self.seq + 1;
        let mut listed: Vec<(i64, i64, String, String)> = Vec::new();
        let mut raw = Vec::with_capacity(events.len());
        for (k, ev) in events.into_iter().enumerate() {
            let seq = first_seq + k as i64;
            let after = format!(
                "{{\"objects\":{},\"after\":{}}}",
                serde_json::to_string(&ev.objects).unwrap_or_default(),
                json_array(&ev.after)
            );
            let object_id = format!("batch:{}", ev.objects.len());
            for (i, id) in ev.objects.into_iter().enumerate() {
                listed.push((seq, i as i64, ev.object_type.clone(), id));
            }
            raw.push(RawAuditEvent {
                action: ev.action,
                object_type: ev.object_type,
                object_id,
                placement: ev.placement,
                before: ev.before.as_deref().map(json_array),
                after: Some(after),
            });
        }
        let entries = self.audit_statements(actor, &raw);
        let backend = self.backend;
        let lists = listed.chunks(2000).map(|part| {
            let mut sql = Sql::with(
                backend,
                &format!(
                    "{} audit_objects (seq, item, object_type, object_id) VALUES ",
                    crate::scope::bulk_insert(backend)
                ),
            );
            for (i, (seq, item, object_type, object_id)) in part.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" });
                sql.bind(*seq).push(", ");
                sql.bind(*item).push(", ");
                sql.bind(object_type.clone()).push(", ");
                sql.bind(object_id.clone()).push(")");
            }
            sql
        });
        execute_pipelined(&mut self.tx, entries.into_iter().chain(lists)).await?;
        Ok(())
    }

    /// Commits the changes and moves the audit head.
    pub async fn commit(mut self) -> Result<()> {
        if self.dirty {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(self.seq)
                .bind(&self.hash)
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Abandons every change of this transaction.
    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// The hashed content of an audit entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuditEntryData {
    pub seq: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub ip: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub division: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

impl AuditEntryData {
    /// SM3 over the previous hash and every field, each length-prefixed so
    /// that no two different entries serialise alike.
    pub(crate) fn hash(&self, prev_hash: &str) -> String {
        let mut h = Sm3::new();
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        };
        field(prev_hash);
        field(&self.seq.to_string());
        field(&self.at);
        field(&self.actor_id.map(|v| v.to_string()).unwrap_or_default());
        field(&self.actor_name);
        field(&self.ip);
        field(&self.action);
        field(&self.object_type);
        field(&self.object_id);
        field(&self.division);
        field(self.before_json.as_deref().unwrap_or("\u{0}"));
        field(self.after_json.as_deref().unwrap_or("\u{0}"));
        hex::encode(h.finalize())
    }
}
