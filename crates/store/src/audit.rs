//! Reading and verifying the audit chain. Appending happens in [`crate::WriteTx`].

use crate::scope::{Sql, push_scope};
use crate::write_tx::AuditEntryData;
use crate::{Result, Store};
use kaifang_domain::jurisdiction::Scope;
use serde::Serialize;

/// One stored audit entry.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
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
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    fn data(&self) -> AuditEntryData {
        AuditEntryData {
            seq: self.seq,
            at: self.at.clone(),
            actor_id: self.actor_id,
            actor_name: self.actor_name.clone(),
            ip: self.ip.clone(),
            action: self.action.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id.clone(),
            division: self.division.clone(),
            before_json: self.before_json.clone(),
            after_json: self.after_json.clone(),
        }
    }
}

/// Filters for browsing the audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor: Option<String>,
    /// Inclusive lower bound on `at`, as stored text (a date works: "2026-11-01").
    pub from: Option<String>,
    /// Exclusive upper bound on `at`.
    pub until: Option<String>,
    /// Keyset cursor: only entries older than this sequence number.
    pub before_seq: Option<i64>,
}

const COLUMNS: &str = "seq, at, actor_id, actor_name, ip, action, object_type, object_id, division, \
                       before_json, after_json, prev_hash, hash";

/// Newest first, within the caller's scope.
pub async fn list(store: &Store, scope: &Scope, f: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
    push_scope(&mut sql, scope, "", None);
    if let Some(v) = &f.action {
        sql.push(" AND action = ").bind(v.clone());
    }
    if let Some(v) = &f.object_type {
        sql.push(" AND object_type = ").bind(v.clone());
    }
    if let Some(v) = &f.object_id {
        sql.push(" AND object_id = ").bind(v.clone());
    }
    if let Some(v) = &f.actor {
        sql.push(" AND actor_name = ").bind(v.clone());
    }
    if let Some(v) = &f.from {
        sql.push(" AND at >= ").bind(v.clone());
    }
    if let Some(v) = &f.until {
        sql.push(" AND at < ").bind(v.clone());
    }
    if let Some(v) = f.before_seq {
        sql.push(" AND seq < ").bind(v);
    }
    sql.push(" ORDER BY seq DESC LIMIT ").bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// The change history of one object, oldest first. The caller must already
/// have established that the object is inside its scope.
pub async fn history(store: &Store, object_type: &str, object_id: &str) -> Result<Vec<AuditEntry>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM audit_log WHERE object_type = "));
    sql.bind(object_type.to_string());
    sql.push(" AND object_id = ").bind(object_id.to_string());
    sql.push(" ORDER BY seq");
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// Outcome of a chain verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub entries: i64,
    /// The first entry whose hash or link does not check out, and why.
    pub first_broken: Option<(i64, String)>,
}

/// Recomputes every hash from the first entry on and checks the links and the head.
pub async fn verify(store: &Store) -> Result<Verification> {
    let mut prev = "0".repeat(64);
    let mut expected_seq = 1i64;
    let mut count = 0i64;
    loop {
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM audit_log WHERE seq >= "));
        sql.bind(expected_seq);
        sql.push(" ORDER BY seq LIMIT 5000");
        let batch: Vec<AuditEntry> = sql.fetch_all_as(store.pool()).await?;
        if batch.is_empty() {
            break;
        }
        for e in &batch {
            let broken = |why: &str| Verification {
                entries: count,
                first_broken: Some((e.seq, why.to_string())),
            };
            if e.seq != expected_seq {
                return Ok(Verification {
                    entries: count,
                    first_broken: Some((expected_seq, "entry missing".into())),
                });
            }
            if e.prev_hash != prev {
                return Ok(broken("link to the previous entry does not match"));
            }
            if e.data().hash(&prev) != e.hash {
                return Ok(broken("content does not match its hash"));
            }
            prev = e.hash.clone();
            expected_seq += 1;
            count += 1;
        }
    }
    let (head_seq, head_hash): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await?;
    if head_seq != count || head_hash != prev {
        return Ok(Verification {
            entries: count,
            first_broken: Some((
                count + 1,
                "the chain head does not match the last entry (entries removed at the end?)".into(),
            )),
        });
    }
    Ok(Verification {
        entries: count,
        first_broken: None,
    })
}

/// The sequence number of the newest audit entry: it moves with every audited write, so a
/// figure computed at one value is still right while it has not moved.
pub async fn head_seq(store: &Store) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await?)
}
