//! Filing many cases in one write: ids taken ahead so each case's number is
//! written with it, one multi-row statement per chunk for the cases and their
//! first ledger entries. Used where a batch raises many cases at once (alerts
//! of a monitoring batch); one case goes through `cases::insert`.

use crate::cases::{CaseRow, EventRow};
use crate::scope::Sql;
use crate::{Backend, Result, WriteTx};

const CHUNK: usize = 200;

/// Takes `n` fresh ids for `table` inside the write transaction (which holds the write
/// lock on SQLite; the identity sequence hands out unique values on PostgreSQL).
async fn take_ids(tx: &mut WriteTx, table: &str, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match tx.backend() {
        Backend::Postgres => {
            let ids: Vec<(i64,)> = sqlx::query_as(&format!(
                "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
            ))
            .bind(n as i64)
            .fetch_all(tx.conn())
            .await?;
            Ok(ids.into_iter().map(|(id,)| id).collect())
        }
        Backend::Sqlite => {
            // AUTOINCREMENT never reuses a number it handed out: start past both the
            // table's largest id and its sequence.
            let last: i64 = sqlx::query_scalar(&format!(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0))"
            ))
            .fetch_one(tx.conn())
            .await?;
            Ok((1..=n as i64).map(|i| last + i).collect())
        }
    }
}

/// Inserts new cases; each gets its id and its number (`{prefix}-{year}-{division}-{id}`,
/// as `cases::insert` numbers them) and version 1.
pub async fn insert_many(tx: &mut WriteTx, rows: &mut [CaseRow], number_prefix: &str) -> Result<()> {
    let ids = take_ids(tx, "cases", rows.len()).await?;
    for (c, id) in rows.iter_mut().zip(ids) {
        c.id = id;
        c.number = format!(
            "{number_prefix}-{}-{}-{id:06}",
            &c.received_on[..4.min(c.received_on.len())],
            c.origin_division
        );
        c.version = 1;
    }
    for chunk in crate::scope::shaped_chunks(rows, CHUNK) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO cases (id, number, kind, category, title, description, channel, enterprise_id, parent_id,
                status, origin_division, owner_division, scope_province, scope_prefecture, scope_county,
                enterprise_uscc, received_on, due_provisional, extensions, version, created_by, created_at,
                updated_at, complainant, respondent, complaint_type, confidential, acknowledge_due, reply_due,
                next_due) VALUES ",
        );
        for (i, c) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(c.id).push(", ");
            sql.bind(c.number.clone()).push(", ");
            sql.bind(c.kind.clone()).push(", ");
            sql.bind(c.category.clone()).push(", ");
            sql.bind(c.title.clone()).push(", ");
            sql.bind(c.description.clone()).push(", ");
            sql.bind(c.channel.clone()).push(", ");
            sql.bind(c.enterprise_id).push(", ");
            sql.bind(c.parent_id).push(", ");
            sql.bind(c.status.clone()).push(", ");
            sql.bind(c.origin_division.clone()).push(", ");
            sql.bind(c.owner_division.clone()).push(", ");
            sql.bind(c.scope_province.clone()).push(", ");
            sql.bind(c.scope_prefecture.clone()).push(", ");
            sql.bind(c.scope_county.clone()).push(", ");
            sql.bind(c.enterprise_uscc.clone()).push(", ");
            sql.bind(c.received_on.clone()).push(", ");
            sql.bind(c.due_provisional).push(", 0, 1, ");
            sql.bind(c.created_by.clone()).push(", ");
            sql.bind(c.created_at.clone()).push(", ");
            sql.bind(c.updated_at.clone()).push(", ");
            sql.bind(c.complainant.clone()).push(", ");
            sql.bind(c.respondent.clone()).push(", ");
            sql.bind(c.complaint_type.clone()).push(", ");
            sql.bind(c.confidential.clone()).push(", ");
            sql.bind(c.acknowledge_due.clone()).push(", ");
            sql.bind(c.reply_due.clone()).push(", ");
            sql.bind(c.next_due.clone()).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Appends many ledger entries, stamped now.
pub async fn append_events(tx: &mut WriteTx, events: &[EventRow]) -> Result<()> {
    let at = crate::now_text();
    for chunk in crate::scope::shaped_chunks(events, CHUNK * 2) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO case_events (case_id, at, on_date, actor_id, actor_name, action, from_status, to_status,
                reason, detail_json) VALUES ",
        );
        for (i, e) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(e.case_id).push(", ");
            sql.bind(at.clone()).push(", ");
            sql.bind(e.on_date.clone()).push(", ");
            sql.bind(e.actor_id).push(", ");
            sql.bind(e.actor_name.clone()).push(", ");
            sql.bind(e.action.clone()).push(", ");
            sql.bind(e.from_status.clone()).push(", ");
            sql.bind(e.to_status.clone()).push(", ");
            sql.bind(e.reason.clone()).push(", ");
            sql.bind(e.detail_json.clone()).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}
