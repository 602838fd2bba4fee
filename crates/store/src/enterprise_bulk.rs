//! Bulk enterprise writes (imports): creates and updates in the caller's transaction, with
//! multi-row statements, audited as one entry per action and division (each record's snapshots
//! inside it, each record findable by its history).

use crate::enterprises::{self, EnterpriseWrite};
use crate::{Actor, BatchAuditEvent, Result, WriteTx};
use std::collections::HashMap;

/// One enterprise write with its audit snapshots (JSON text made by the caller: each a JSON
/// array of the values under the keys given to [`write`]).
#[derive(Debug, Clone)]
pub enum BulkOp {
    Create {
        write: EnterpriseWrite,
        after: String,
    },
    /// Replaces the record `id` if it is still at `version`.
    Update {
        id: i64,
        version: i64,
        write: EnterpriseWrite,
        before: String,
        after: String,
    },
}

/// Writes `ops` stamped `now`, audited per action and division, inside `tx`; `fields` are the
/// keys of the ops' snapshots, stored once per audit entry.
pub async fn write(
    tx: &mut WriteTx,
    actor: &Actor,
    ops: Vec<BulkOp>,
    fields: &'static [&'static str],
    now: &str,
) -> Result<()> {
    let mut creates = Vec::new();
    let mut batches: Vec<BatchAuditEvent> = Vec::new();
    let mut batch_of: HashMap<(bool, String), usize> = HashMap::new();
    for op in ops {
        let (write, before, after) = match op {
            BulkOp::Create { write, after } => (write, None, after),
            BulkOp::Update {
                id,
                version,
                write,
                before,
                after,
            } => {
                enterprises::update(tx, id, version, &write).await?;
                (write, Some(before), after)
            }
        };
        let update = before.is_some();
        let k = *batch_of
            .entry((update, write.placement.division.clone()))
            .or_insert_with(|| {
                batches.push(BatchAuditEvent {
                    action: if update {
                        "enterprise_updated"
                    } else {
                        "enterprise_created"
                    }
                    .into(),
                    object_type: "enterprise".into(),
                    placement: write.placement.clone(),
                    objects: vec![],
                    fields: Some(fields),
                    before: update.then(Vec::new),
                    after: vec![],
                });
                batches.len() - 1
            });
        let b = &mut batches[k];
        b.objects.push(write.uscc.clone());
        if let (Some(list), Some(before)) = (b.before.as_mut(), before) {
            list.push(before);
        }
        b.after.push(after);
        if !update {
            creates.push(write);
        }
    }
    // The entries are hashed into the chain on another thread while the rows are written.
    let mut chain = tx.chain();
    let actor = actor.clone();
    let hashing = tokio::task::spawn_blocking(move || {
        chain.batch(&actor, batches);
        chain
    });
    enterprises::insert_many(tx, creates, now).await?;
    let chain = hashing
        .await
        .map_err(|e| crate::StoreError::Config(format!("audit hashing failed: {e}")))?;
    tx.append(chain).await
}
