//! Bulk enterprise writes (imports): creates and updates, each with its own audit
//! entry on the one hash chain, in the caller's transaction, with multi-row statements.

use crate::enterprises::{self, EnterpriseWrite};
use crate::{Actor, RawAuditEvent, Result, WriteTx};

/// One enterprise write with its audit snapshots (JSON text, made by the caller).
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

/// Writes `ops` stamped `now`, each with its audit entry, inside `tx`.
pub async fn write(tx: &mut WriteTx, actor: &Actor, ops: Vec<BulkOp>, now: &str) -> Result<()> {
    let mut creates = Vec::new();
    let mut events = Vec::new();
    for op in ops {
        match op {
            BulkOp::Create { write, after } => {
                events.push(event("enterprise_created", &write, None, after));
                creates.push(write);
            }
            BulkOp::Update {
                id,
                version,
                write,
                before,
                after,
            } => {
                enterprises::update(tx, id, version, &write).await?;
                events.push(event("enterprise_updated", &write, Some(before), after));
            }
        }
    }
    enterprises::insert_many(tx, &creates, now).await?;
    tx.audit_many_raw(actor, events).await
}

fn event(action: &str, w: &EnterpriseWrite, before: Option<String>, after: String) -> RawAuditEvent {
    RawAuditEvent {
        action: action.into(),
        object_type: "enterprise".into(),
        object_id: w.uscc.clone(),
        placement: w.placement.clone(),
        before,
        after: Some(after),
    }
}
