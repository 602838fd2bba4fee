//! Audit entries hashed into the chain ahead of being written: the statements that append them,
//! built away from the transaction (a bulk write hashes its entries on another thread while its
//! rows are written) and then run by [`crate::WriteTx::append`].

use crate::scope::{Sql, bulk_insert, shaped_chunks, shaped_sizes};
use crate::write_tx::AuditEntryData;
use crate::{Actor, BatchAuditEvent, RawAuditEvent};

/// Entries per multi-row INSERT into the log (16 values each).
const ENTRIES: usize = 256;
/// Objects per multi-row INSERT into `audit_objects` (4 values each, under SQLite's 32,766): an
/// import chunk's 10,000 records in two statements.
const OBJECTS: usize = 5_000;

/// The audit chain from a transaction's head onwards: each entry added is hashed after the one
/// before and turned into the statements that store it.
#[derive(Debug)]
pub struct AuditChain {
    pub(crate) backend: crate::Backend,
    /// The head this chain starts from (the transaction's when it was taken).
    pub(crate) start: (i64, String),
    pub(crate) seq: i64,
    pub(crate) hash: String,
    pub(crate) statements: Vec<Sql>,
}

impl AuditChain {
    pub(crate) fn new(backend: crate::Backend, seq: i64, hash: String) -> AuditChain {
        AuditChain {
            backend,
            start: (seq, hash.clone()),
            seq,
            hash,
            statements: vec![],
        }
    }

    /// Adds entries whose before and after are already JSON text.
    pub fn raw(&mut self, actor: &Actor, events: Vec<RawAuditEvent>) {
        let at = crate::now_text();
        let sizes = shaped_sizes(events.len(), ENTRIES);
        let mut events = events.into_iter();
        for n in sizes {
            let mut sql = Sql::with(
                self.backend,
                &format!(
                    "{} audit_log (seq, at, actor_id, actor_name, ip, action, object_type, object_id,
                    division, scope_province, scope_prefecture, scope_county, before_json, after_json,
                    prev_hash, hash) VALUES ",
                    bulk_insert(self.backend)
                ),
            );
            for (i, ev) in events.by_ref().take(n).enumerate() {
                let entry = AuditEntryData {
                    seq: self.seq + 1,
                    at: at.clone(),
                    actor_id: actor.user_id,
                    actor_name: actor.name.clone(),
                    ip: actor.ip.clone(),
                    action: ev.action,
                    object_type: ev.object_type,
                    object_id: ev.object_id,
                    division: ev.placement.division,
                    before_json: ev.before,
                    after_json: ev.after,
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
                sql.bind(ev.placement.province).push(", ");
                sql.bind(ev.placement.prefecture).push(", ");
                sql.bind(ev.placement.county).push(", ");
                sql.bind(entry.before_json).push(", ");
                sql.bind(entry.after_json).push(", ");
                sql.bind(std::mem::take(&mut self.hash)).push(", ");
                sql.bind(hash.clone()).push(")");
                self.seq = entry.seq;
                self.hash = hash;
            }
            self.statements.push(sql);
        }
    }

    /// Adds one entry per batch (see [`BatchAuditEvent`]) and lists each batch's objects.
    pub fn batch(&mut self, actor: &Actor, events: Vec<BatchAuditEvent>) {
        let first_seq = self.seq + 1;
        let mut listed: Vec<(i64, i64, String, String)> = Vec::new();
        let mut raw = Vec::with_capacity(events.len());
        for (k, ev) in events.into_iter().enumerate() {
            let seq = first_seq + k as i64;
            let fields = ev
                .fields
                .map(|f| format!(",\"fields\":{}", serde_json::to_string(f).unwrap_or_default()))
                .unwrap_or_default();
            let after = format!(
                "{{\"objects\":{}{fields},\"after\":{}}}",
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
        self.raw(actor, raw);
        let backend = self.backend;
        for part in shaped_chunks(&listed, OBJECTS) {
            let mut sql = Sql::with(
                backend,
                &format!(
                    "{} audit_objects (seq, item, object_type, object_id) VALUES ",
                    bulk_insert(backend)
                ),
            );
            for (i, (seq, item, object_type, object_id)) in part.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" });
                sql.bind(*seq).push(", ");
                sql.bind(*item).push(", ");
                sql.bind(object_type.clone()).push(", ");
                sql.bind(object_id.clone()).push(")");
            }
            self.statements.push(sql);
        }
    }
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
