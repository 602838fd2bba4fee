//! Reading and verifying the audit chain. Appending happens in [`crate::WriteTx`].

use crate::scope::{Sql, push_scope};
use crate::write_tx::AuditEntryData;
use crate::{Result, Store};
use kaifang_domain::jurisdiction::Scope;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

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

/// An entry that recorded many objects at once (see [`crate::BatchAuditEvent`]): its
/// `object_id` is `batch:N`, its after the JSON object `{"objects": [N ids], "after": [N
/// snapshots]}` and its before, when it has one, the JSON array of the N snapshots before.
/// When the after also holds `"fields": [keys]`, each snapshot is the JSON array of its values
/// under those keys, in order.
pub struct Batch<'a> {
    pub objects: Vec<String>,
    fields: Option<Vec<String>>,
    after: Vec<&'a RawValue>,
    before: Option<Vec<&'a RawValue>>,
}

#[derive(serde::Deserialize)]
struct BatchAfter<'a> {
    objects: Vec<String>,
    #[serde(default)]
    fields: Option<Vec<String>>,
    #[serde(borrow)]
    after: Vec<&'a RawValue>,
}

/// How many objects an entry recorded, if it recorded many at once.
pub fn batch_size(object_id: &str) -> Option<usize> {
    object_id.strip_prefix("batch:")?.parse().ok()
}

impl<'a> Batch<'a> {
    /// The parts of a batch entry; none for an entry of one object or one that does not parse.
    pub fn of(e: &'a AuditEntry) -> Option<Batch<'a>> {
        batch_size(&e.object_id)?;
        let after: BatchAfter = serde_json::from_str(e.after_json.as_deref()?).ok()?;
        let before = match e.before_json.as_deref() {
            Some(j) => Some(serde_json::from_str(j).ok()?),
            None => None,
        };
        Some(Batch {
            objects: after.objects,
            fields: after.fields,
            after: after.after,
            before,
        })
    }

    /// Whether the entry's count, ids and snapshots agree.
    fn is_whole(&self, size: usize) -> bool {
        // Verification only needs each row to pair up with the keys, not the object built.
        let keyed = |v: &&RawValue| self.fields.as_ref().is_none_or(|f| paired(f, v).is_some());
        self.objects.len() == size
            && self.after.len() == size
            && self
                .before
                .as_ref()
                .is_none_or(|b| b.len() == size && b.iter().all(keyed))
            && self.after.iter().all(keyed)
    }

    /// The `item`th object's snapshots (before, after) as JSON objects: their exact text, or
    /// for snapshots stored as values, the object of the entry's keys and those values.
    pub fn snapshots(&self, item: usize) -> (Option<String>, Option<String>) {
        let text = |v: &&RawValue| match &self.fields {
            None => Some(v.get().to_string()),
            Some(fields) => keyed(fields, v),
        };
        (
            self.before.as_ref().and_then(|b| b.get(item)).and_then(text),
            self.after.get(item).and_then(text),
        )
    }
}
/// The JSON object of `fields` and the values in the JSON array `values`, each value's text
/// as stored; none if they do not pair up.
fn keyed(fields: &[String], values: &RawValue) -> Option<String> {
    let values = paired(fields, values)?;
    let mut out = String::with_capacity(values.iter().map(|v| v.get().len() + 16).sum());
    for (i, (k, v)) in fields.iter().zip(&values).enumerate() {
        out.push(if i == 0 { '{' } else { ',' });
        out.push_str(&serde_json::to_string(k).ok()?);
        out.push(':');
        out.push_str(v.get());
    }
    out.push('}');
    Some(out)
}

/// The values in the JSON array `values`, if there is one for each of `fields`.
fn paired<'v>(fields: &[String], values: &'v RawValue) -> Option<Vec<&'v RawValue>> {
    let values: Vec<&RawValue> = serde_json::from_str(values.get()).ok()?;
    (values.len() == fields.len()).then_some(values)
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
        // The object's own entries, and the entries that recorded it among many.
        sql.push(" AND (object_id = ").bind(v.clone());
        sql.push(" OR seq IN (SELECT o.seq FROM audit_objects o WHERE o.object_id = ")
            .bind(v.clone());
        sql.push("))");
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

/// The change history of one object, oldest first: its own entries and its part of the entries
/// that recorded many objects at once. The caller must already have established that the
/// object is inside its scope.
pub async fn history(store: &Store, object_type: &str, object_id: &str) -> Result<Vec<AuditEntry>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM audit_log WHERE object_type = "));
    sql.bind(object_type.to_string());
    sql.push(" AND object_id = ").bind(object_id.to_string());
    sql.push(" ORDER BY seq");
    let mut own: Vec<AuditEntry> = sql.fetch_all_as(store.pool()).await?;
    let mut sql = Sql::new(&format!(
        "SELECT o.item, {} FROM audit_objects o JOIN audit_log a ON a.seq = o.seq WHERE o.object_type = ",
        prefixed("a.")
    ));
    sql.bind(object_type.to_string());
    sql.push(" AND o.object_id = ").bind(object_id.to_string());
    sql.push(" ORDER BY o.seq");
    let batched: Vec<BatchedEntry> = sql.fetch_all_as(store.pool()).await?;
    for b in batched {
        let mut e = b.entry;
        let (before, after) = Batch::of(&e).map_or((None, None), |batch| batch.snapshots(b.item as usize));
        e.object_id = object_id.to_string();
        e.before_json = before;
        e.after_json = after;
        own.push(e);
    }
    own.sort_by_key(|e| e.seq);
    Ok(own)
}

#[derive(sqlx::FromRow)]
struct BatchedEntry {
    item: i64,
    #[sqlx(flatten)]
    entry: AuditEntry,
}

fn prefixed(prefix: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{prefix}{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
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
        let listed = objects_listed(store, expected_seq, batch.last().map_or(expected_seq, |e| e.seq)).await?;
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
            if let Some(why) = check_batch(e, listed.get(&e.seq).map(Vec::as_slice).unwrap_or_default()) {
                return Ok(broken(why));
            }
            prev = e.hash.clone();
            expected_seq += 1;
            count += 1;
        }
    }
    let (head_seq, head_hash): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await?;
    let beyond: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_objects WHERE seq > $1")
        .bind(count)
        .fetch_one(store.pool())
        .await?;
    if beyond > 0 {
        return Ok(Verification {
            entries: count,
            first_broken: Some((count + 1, "objects are listed for entries that do not exist".into())),
        });
    }
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

type Listed = (i64, String, String);

/// The objects `audit_objects` lists for the entries `from..=to`, by entry, in order.
async fn objects_listed(store: &Store, from: i64, to: i64) -> Result<HashMap<i64, Vec<Listed>>> {
    let mut sql = Sql::new("SELECT seq, item, object_type, object_id FROM audit_objects WHERE seq >= ");
    sql.bind(from);
    sql.push(" AND seq <= ").bind(to);
    sql.push(" ORDER BY seq, item");
    let rows: Vec<(i64, i64, String, String)> = sql.fetch_all_as(store.pool()).await?;
    let mut by_seq: HashMap<i64, Vec<Listed>> = HashMap::new();
    for (seq, item, t, id) in rows {
        by_seq.entry(seq).or_default().push((item, t, id));
    }
    Ok(by_seq)
}

/// For an entry that recorded many objects: whether its count, ids and snapshots agree and
/// `audit_objects` lists exactly its objects in order. Says what is wrong.
fn check_batch(e: &AuditEntry, listed: &[Listed]) -> Option<&'static str> {
    let Some(size) = batch_size(&e.object_id) else {
        return (!listed.is_empty()).then_some("objects are listed for an entry of one object");
    };
    let Some(batch) = Batch::of(e).filter(|b| b.is_whole(size)) else {
        return Some("the entry's snapshots do not match its objects");
    };
    let index_fits = listed.len() == size
        && listed
            .iter()
            .zip(&batch.objects)
            .enumerate()
            .all(|(i, ((item, t, id), want))| *item == i as i64 && *t == e.object_type && id == want);
    (!index_fits).then_some("the list of the entry's objects (audit_objects) does not match the entry")
}

/// The sequence number of the newest audit entry: it moves with every audited write, so a
/// figure computed at one value is still right while it has not moved.
pub async fn head_seq(store: &Store) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await?)
}

#[cfg(test)]
mod batch_tests {
    use super::*;

    fn entry(after: &str, before: Option<&str>) -> AuditEntry {
        AuditEntry {
            seq: 1,
            at: String::new(),
            actor_id: None,
            actor_name: String::new(),
            ip: String::new(),
            action: "enterprise_updated".into(),
            object_type: "enterprise".into(),
            object_id: "batch:2".into(),
            division: "320102".into(),
            before_json: before.map(str::to_string),
            after_json: Some(after.to_string()),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn snapshots_stored_as_values_come_back_as_objects_under_the_entrys_keys() {
        let e = entry(
            r#"{"objects":["A","B"],"fields":["uscc","n"],"after":[["A",2],["B",{"x":[1]}]]}"#,
            Some(r#"[["A",1],["B",null]]"#),
        );
        let b = Batch::of(&e).unwrap();
        assert!(b.is_whole(2));
        assert_eq!(
            b.snapshots(1),
            (
                Some(r#"{"uscc":"B","n":null}"#.into()),
                Some(r#"{"uscc":"B","n":{"x":[1]}}"#.into())
            )
        );
    }

    #[test]
    fn snapshots_stored_as_objects_come_back_as_they_were_stored() {
        let e = entry(r#"{"objects":["A","B"],"after":[{"uscc":"A"},{"uscc": "B"}]}"#, None);
        let b = Batch::of(&e).unwrap();
        assert!(b.is_whole(2));
        assert_eq!(b.snapshots(1), (None, Some(r#"{"uscc": "B"}"#.into())));
    }

    #[test]
    fn a_row_that_does_not_fit_the_keys_makes_the_entry_not_whole() {
        let e = entry(
            r#"{"objects":["A","B"],"fields":["uscc","n"],"after":[["A",2],["B"]]}"#,
            None,
        );
        assert!(!Batch::of(&e).unwrap().is_whole(2));
    }
}
