//! Monitoring responses: the current answer of each enterprise per period, every earlier
//! revision, one-time answer links, alerts and the record of reminders.

use crate::scope::{Sql, push_scope};
use crate::{Result, Store, WriteTx};
use kaifang_domain::jurisdiction::Scope;
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct ResponseRow {
    pub id: i64,
    pub campaign_id: i64,
    pub period: String,
    pub enterprise_id: i64,
    pub enterprise_uscc: String,
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub indicator_version: i64,
    /// The answers as a JSON object (indicator code → number in hundredths, bool or text).
    pub answers: String,
    pub channel: String,
    pub submitted_by: String,
    pub submitted_at: String,
    pub revision: i64,
}

const RESPONSE_COLUMNS: &str = "r.id, r.campaign_id, r.period, r.enterprise_id, r.enterprise_uscc, r.division, \
    r.scope_province, r.scope_prefecture, r.scope_county, r.indicator_version, r.answers, r.channel, \
    r.submitted_by, r.submitted_at, r.revision";

/// The current responses of these enterprises to a campaign's period. Crosses the driver as one
/// text value ([`Sql::page`], backend-specific): a batch reads thousands of these.
pub async fn for_enterprises<'e, E>(
    e: E,
    backend: crate::Backend,
    campaign_id: i64,
    period: &str,
    ids: &[i64],
) -> Result<Vec<ResponseRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::page(
        backend,
        &RESPONSE_COLUMNS.replace("r.", ""),
        &format!("SELECT {RESPONSE_COLUMNS} FROM campaign_responses r WHERE r.campaign_id = "),
    );
    sql.bind(campaign_id).push(" AND r.period = ").bind(period.to_string());
    sql.push(" AND r.enterprise_id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*id);
    }
    sql.push(")");
    sql.fetch_page(e).await
}

/// The current responses of these enterprises to period `a` and, if given, period `b` of a
/// campaign, read side by side: `a` on the write transaction, `b` on a spare connection of the
/// pool when one is free. The transaction holds the audit head, so no writer commits between
/// the two reads and both see the same state; with no spare connection (writers queued behind
/// this one hold them all), `b` is read on the transaction after `a`.
pub async fn for_enterprises_in_two(
    tx: &mut WriteTx,
    store: &Store,
    campaign_id: i64,
    a: &str,
    b: Option<&str>,
    ids: &[i64],
) -> Result<(Vec<ResponseRow>, Vec<ResponseRow>)> {
    let backend = tx.backend();
    let (mut in_a, mut in_b) = (Vec::new(), Vec::new());
    let mut spare = match b {
        Some(_) => store.pool().try_acquire(),
        None => None,
    };
    for chunk in ids.chunks(500) {
        match (b, spare.as_mut()) {
            (Some(b), Some(conn)) => {
                let (x, y) = tokio::try_join!(
                    for_enterprises(tx.conn(), backend, campaign_id, a, chunk),
                    for_enterprises(&mut **conn, backend, campaign_id, b, chunk),
                )?;
                in_a.extend(x);
                in_b.extend(y);
            }
            (b, _) => {
                in_a.extend(for_enterprises(tx.conn(), backend, campaign_id, a, chunk).await?);
                if let Some(b) = b {
                    in_b.extend(for_enterprises(tx.conn(), backend, campaign_id, b, chunk).await?);
                }
            }
        }
    }
    Ok((in_a, in_b))
}

const INSERT_COLUMNS: &str = "campaign_id, period, enterprise_id, enterprise_uscc, division, scope_province, \
    scope_prefecture, scope_county, indicator_version, answers, channel, submitted_by, submitted_at, revision";

fn bind_values(sql: &mut Sql, r: &ResponseRow) {
    sql.push("(");
    sql.bind(r.campaign_id).push(", ");
    sql.bind(r.period.clone()).push(", ");
    sql.bind(r.enterprise_id).push(", ");
    sql.bind(r.enterprise_uscc.clone()).push(", ");
    sql.bind(r.division.clone()).push(", ");
    sql.bind(r.scope_province.clone()).push(", ");
    sql.bind(r.scope_prefecture.clone()).push(", ");
    sql.bind(r.scope_county.clone()).push(", ");
    sql.bind(r.indicator_version).push(", ");
    sql.bind(r.answers.clone()).push(", ");
    sql.bind(r.channel.clone()).push(", ");
    sql.bind(r.submitted_by.clone()).push(", ");
    sql.bind(r.submitted_at.clone()).push(", ");
    sql.bind(r.revision).push(")");
}

/// Inserts first answers (many rows per statement).
pub async fn insert_many(tx: &mut WriteTx, rows: &[ResponseRow]) -> Result<()> {
    for chunk in crate::scope::shaped_chunks(rows, 500) {
        let mut sql = Sql::with(
            tx.backend(),
            &format!("INSERT INTO campaign_responses ({INSERT_COLUMNS}) VALUES "),
        );
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            bind_values(&mut sql, r);
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Replaces many responses with their corrections (pairs of the current row and its
/// replacement), keeping the replaced ones as revisions: one statement per 500 rows for each
/// table. A row changed meanwhile fails the whole batch.
pub async fn correct_many(tx: &mut WriteTx, pairs: &[(ResponseRow, ResponseRow)]) -> Result<()> {
    for chunk in crate::scope::shaped_chunks(pairs, 500) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO campaign_response_revisions (response_id, revision, indicator_version, answers, channel, \
             submitted_by, submitted_at) VALUES ",
        );
        for (i, (old, _)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(old.id).push(", ");
            sql.bind(old.revision).push(", ");
            sql.bind(old.indicator_version).push(", ");
            sql.bind(old.answers.clone()).push(", ");
            sql.bind(old.channel.clone()).push(", ");
            sql.bind(old.submitted_by.clone()).push(", ");
            sql.bind(old.submitted_at.clone()).push(")");
        }
        sql.execute(tx.conn()).await?;
        // UPDATE … FROM a VALUES list (SQLite 3.33+, PostgreSQL): one statement for the chunk.
        let mut sql = Sql::with(
            tx.backend(),
            "WITH v (id, revision, indicator_version, answers, channel, submitted_by, submitted_at) AS (VALUES ",
        );
        for (i, (old, new)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(old.id).push(", ");
            sql.bind(old.revision).push(", ");
            sql.bind(new.indicator_version).push(", ");
            sql.bind(new.answers.clone()).push(", ");
            sql.bind(new.channel.clone()).push(", ");
            sql.bind(new.submitted_by.clone()).push(", ");
            sql.bind(new.submitted_at.clone()).push(")");
        }
        sql.push(
            ") UPDATE campaign_responses SET indicator_version = v.indicator_version, answers = v.answers, \
             channel = v.channel, submitted_by = v.submitted_by, submitted_at = v.submitted_at, \
             revision = campaign_responses.revision + 1 FROM v \
             WHERE campaign_responses.id = v.id AND campaign_responses.revision = v.revision",
        );
        if sql.execute(tx.conn()).await? != chunk.len() as u64 {
            return Err(crate::StoreError::Conflict("a response was changed meanwhile".into()));
        }
    }
    Ok(())
}

/// An earlier revision of a response.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RevisionRow {
    pub revision: i64,
    pub indicator_version: i64,
    pub answers: String,
    pub channel: String,
    pub submitted_by: String,
    pub submitted_at: String,
}

pub async fn revisions(store: &Store, response_id: i64) -> Result<Vec<RevisionRow>> {
    Ok(sqlx::query_as(
        "SELECT revision, indicator_version, answers, channel, submitted_by, submitted_at \
         FROM campaign_response_revisions WHERE response_id = $1 ORDER BY revision",
    )
    .bind(response_id)
    .fetch_all(store.pool())
    .await?)
}

/// A one-time answer link as stored (its token only as a digest).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub campaign_id: i64,
    pub period: String,
    pub enterprise_id: i64,
    pub expires_at: String,
    pub used_at: Option<String>,
}

pub async fn insert_link(
    tx: &mut WriteTx,
    digest: &str,
    campaign_id: i64,
    period: &str,
    enterprise_id: i64,
    expires_at: &str,
    by: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO campaign_links (digest, campaign_id, period, enterprise_id, expires_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(digest.to_string())
    .bind(campaign_id)
    .bind(period.to_string())
    .bind(enterprise_id)
    .bind(expires_at.to_string())
    .bind(by.to_string())
    .bind(crate::now_text())
    .fetch_one(tx.conn())
    .await?)
}

pub async fn link_by_digest<'e, E>(e: E, digest: &str) -> Result<Option<LinkRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT id, campaign_id, period, enterprise_id, expires_at, used_at FROM campaign_links WHERE digest = $1",
    )
    .bind(digest.to_string())
    .fetch_optional(e)
    .await?)
}

/// Marks a link used; false when it already was (a concurrent use).
pub async fn consume_link(tx: &mut WriteTx, id: i64) -> Result<bool> {
    let n = sqlx::query("UPDATE campaign_links SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(crate::now_text())
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// A breach of an alert rule and the case it opened.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct AlertRow {
    pub id: i64,
    pub campaign_id: i64,
    pub period: String,
    pub enterprise_id: i64,
    pub rule: String,
    pub value: i64,
    pub previous: Option<i64>,
    pub case_id: Option<i64>,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub created_at: String,
}

/// Records breaches, except those whose rule already fired for the enterprise and period;
/// returns (period, enterprise id, rule, alert id) of the ones recorded now.
pub async fn insert_alerts(tx: &mut WriteTx, alerts: &[AlertRow]) -> Result<Vec<(String, i64, String, i64)>> {
    let now = crate::now_text();
    let mut added = Vec::new();
    for chunk in crate::scope::shaped_chunks(alerts, 500) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO campaign_alerts (campaign_id, period, enterprise_id, rule, value, previous, scope_province, \
             scope_prefecture, scope_county, created_at) VALUES ",
        );
        for (i, a) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(a.campaign_id).push(", ");
            sql.bind(a.period.clone()).push(", ");
            sql.bind(a.enterprise_id).push(", ");
            sql.bind(a.rule.clone()).push(", ");
            sql.bind(a.value).push(", ");
            sql.bind(a.previous).push(", ");
            sql.bind(a.scope_province.clone()).push(", ");
            sql.bind(a.scope_prefecture.clone()).push(", ");
            sql.bind(a.scope_county.clone()).push(", ");
            sql.bind(now.clone()).push(")");
        }
        sql.push(
            " ON CONFLICT (campaign_id, period, enterprise_id, rule) DO NOTHING RETURNING period, enterprise_id, rule, id",
        );
        added.extend(sql.fetch_all_as::<(String, i64, String, i64), _>(tx.conn()).await?);
    }
    Ok(added)
}

/// Links alerts to the cases they opened: (alert id, case id) pairs.
pub async fn set_alert_cases(tx: &mut WriteTx, links: &[(i64, i64)]) -> Result<()> {
    for chunk in crate::scope::shaped_chunks(links, 500) {
        let mut sql = Sql::with(tx.backend(), "WITH v (id, case_id) AS (VALUES ");
        for (i, (alert, case)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*alert).push(", ");
            sql.bind(*case).push(")");
        }
        sql.push(") UPDATE campaign_alerts SET case_id = v.case_id FROM v WHERE campaign_alerts.id = v.id");
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// An alert with the enterprise and case it concerns, for lists.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AlertListRow {
    pub id: i64,
    pub period: String,
    pub rule: String,
    pub value: i64,
    pub previous: Option<i64>,
    pub uscc: String,
    pub name_zh: String,
    pub case_number: Option<String>,
    pub case_status: Option<String>,
    pub created_at: String,
}

/// Alerts of a campaign's period inside `scope`, newest first.
pub async fn alerts(
    store: &Store,
    campaign_id: i64,
    period: &str,
    scope: &Scope,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AlertListRow>> {
    let mut sql = Sql::new(
        "SELECT a.id, a.period, a.rule, a.value, a.previous, e.uscc, e.name_zh, c.number AS case_number, \
         c.status AS case_status, a.created_at FROM campaign_alerts a JOIN enterprises e ON e.id = a.enterprise_id \
         LEFT JOIN cases c ON c.id = a.case_id WHERE a.campaign_id = ",
    );
    sql.bind(campaign_id).push(" AND a.period = ").bind(period.to_string());
    match scope {
        Scope::Enterprise { uscc } => {
            sql.push(" AND e.uscc = ").bind(uscc.clone());
        }
        other => push_scope(&mut sql, other, "a.", None),
    }
    if let Some(b) = before {
        sql.push(" AND a.id < ").bind(b);
    }
    sql.push(" ORDER BY a.id DESC LIMIT ").bind(limit);
    Ok(sql.fetch_all_as_planned(store.pool()).await?)
}

/// One round of reminders, as recorded.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReminderRow {
    pub id: i64,
    pub period: String,
    pub kind: String,
    pub division: String,
    pub enterprises: i64,
    pub notices: i64,
    pub created_by: String,
    pub created_at: String,
}

pub async fn insert_reminder(tx: &mut WriteTx, campaign_id: i64, r: &ReminderRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO campaign_reminders (campaign_id, period, kind, division, enterprises, notices, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(campaign_id)
    .bind(r.period.clone())
    .bind(r.kind.clone())
    .bind(r.division.clone())
    .bind(r.enterprises)
    .bind(r.notices)
    .bind(r.created_by.clone())
    .bind(crate::now_text())
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn reminders(store: &Store, campaign_id: i64, period: &str) -> Result<Vec<ReminderRow>> {
    Ok(sqlx::query_as(
        "SELECT id, period, kind, division, enterprises, notices, created_by, created_at FROM campaign_reminders \
         WHERE campaign_id = $1 AND period = $2 ORDER BY id DESC LIMIT 100",
    )
    .bind(campaign_id)
    .bind(period.to_string())
    .fetch_all(store.pool())
    .await?)
}

/// A response with what the aggregates need of its enterprise (a county's live figures).
#[derive(Debug, Clone, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct AnalysisRow {
    pub enterprise_id: i64,
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub industry_section: String,
    pub source_region: Option<String>,
    pub indicator_version: i64,
    pub answers: String,
}

/// Every response of a period inside `scope`, with its enterprise's industry and source (as one
/// text value, [`Sql::page`]).
pub async fn for_analysis(store: &Store, campaign_id: i64, period: &str, scope: &Scope) -> Result<Vec<AnalysisRow>> {
    // Driven by the targets of the scope (indexed by campaign and placement), each answer then
    // found by its unique key: the answers table has no index by placement.
    let mut sql = Sql::page(
        store.backend(),
        "enterprise_id, division, scope_province, scope_prefecture, scope_county, industry_section, source_region, \
         indicator_version, answers",
        "SELECT r.enterprise_id, r.division, r.scope_province, r.scope_prefecture, r.scope_county, \
         e.industry_section, COALESCE(e.controller_region, e.main_region) AS source_region, r.indicator_version, \
         r.answers FROM campaign_targets t JOIN campaign_responses r ON r.campaign_id = t.campaign_id AND \
         r.enterprise_id = t.enterprise_id AND r.period = ",
    );
    sql.bind(period.to_string());
    sql.push(" JOIN enterprises e ON e.id = r.enterprise_id WHERE t.campaign_id = ")
        .bind(campaign_id);
    push_scope(&mut sql, scope, "t.", None);
    sql.push(" LIMIT 200000");
    sql.fetch_page_shared(store).await
}
