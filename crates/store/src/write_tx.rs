//! Write transactions that carry their audit entries with them.

use crate::audit_chain::AuditChain;
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
    /// The keys of every snapshot, when the snapshots are JSON arrays of their values in this
    /// order: the entry then stores the keys once instead of once per object (an import's
    /// snapshots were nearly half keys). `None`: each snapshot is a JSON object.
    pub fields: Option<&'static [&'static str]>,
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

/// A transaction that has taken the audit-chain head. Its first statement is a
/// write, so on SQLite it holds the write lock from the start (no upgrade
/// deadlocks) and on PostgreSQL it holds the head row lock: audit entries form
/// one total order.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    seq: i64,
    hash: String,
    dirty: bool,
    foreign_keys_deferred: bool,
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
            foreign_keys_deferred: false,
            backend: store.backend(),
        })
    }

    pub fn backend(&self) -> crate::Backend {
        self.backend
    }

    /// On SQLite, checks foreign keys at commit instead of after each statement, for the rest
    /// of this transaction (bulk writes whose rows refer to rows of a later statement). Set
    /// once: the pragma expires every prepared statement of the connection, so setting it per
    /// batch would recompile each bulk statement every time. PostgreSQL needs nothing.
    pub async fn defer_foreign_keys(&mut self) -> Result<()> {
        if self.backend == crate::Backend::Sqlite && !self.foreign_keys_deferred {
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *self.tx)
                .await?;
            self.foreign_keys_deferred = true;
        }
        Ok(())
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
        let mut chain = self.chain();
        chain.raw(actor, events);
        self.append(chain).await
    }

    /// Appends one entry per batch (see [`BatchAuditEvent`]) and lists each batch's objects.
    pub async fn audit_batch(&mut self, actor: &Actor, events: Vec<BatchAuditEvent>) -> Result<()> {
        let mut chain = self.chain();
        chain.batch(actor, events);
        self.append(chain).await
    }

    /// The audit chain from this transaction's head, to hash entries into away from it.
    pub fn chain(&self) -> AuditChain {
        AuditChain::new(self.backend, self.seq, self.hash.clone())
    }

    /// Writes the entries of `chain` and moves this transaction's head past them. The chain
    /// must start at this transaction's head: one taken before another append is refused.
    pub async fn append(&mut self, chain: AuditChain) -> Result<()> {
        if chain.start.0 != self.seq || chain.start.1 != self.hash {
            return Err(crate::StoreError::Config(format!(
                "audit chain taken at entry {} appended at entry {}",
                chain.start.0, self.seq
            )));
        }
        if chain.statements.is_empty() {
            return Ok(());
        }
        execute_pipelined(&mut self.tx, chain.statements.into_iter()).await?;
        self.seq = chain.seq;
        self.hash = chain.hash;
        self.dirty = true;
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
