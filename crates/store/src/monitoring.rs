//! Monitoring campaigns (运行监测): the record, its versions of indicators, its scoped reads
//! and its frozen target population.
//!
//! A campaign is read by officers of its owner division and of every division below it (they
//! chase their own enterprises), by the levels above the owner (through the placement
//! columns), and by enterprise accounts that are in its target population.

use crate::scope::{Sql, push_scope};
use crate::{Result, Store, StoreError, WriteTx};
use kaifang_domain::jurisdiction::Scope;
use serde::Serialize;

/// Who reads campaigns: the jurisdiction, and the chain of divisions from the reader's own
/// up to national (campaigns owned anywhere on it reach the reader).
#[derive(Debug, Clone)]
pub struct CampaignAccess {
    pub scope: Scope,
    pub chain: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct CampaignRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub description: String,
    pub template: Option<String>,
    pub owner_division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub period_kind: String,
    pub opens_on: String,
    pub closes_on: String,
    pub coverage_target_bp: i64,
    pub population: String,
    pub indicator_version: i64,
    pub status: String,
    pub targets: i64,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

pub const CAMPAIGN_COLUMNS: &str = "c.id, c.number, c.title, c.description, c.template, c.owner_division, \
    c.scope_province, c.scope_prefecture, c.scope_county, c.period_kind, c.opens_on, c.closes_on, \
    c.coverage_target_bp, c.population, c.indicator_version, c.status, c.targets, c.created_by, c.created_at, \
    c.updated_at, c.version";

/// Appends the campaign read condition for `access`.
pub fn push_campaign_scope(sql: &mut Sql, access: &CampaignAccess) {
    match &access.scope {
        Scope::National => {}
        Scope::Division { .. } => {
            sql.push(" AND ((1 = 1");
            push_scope(sql, &access.scope, "c.", None);
            sql.push(") OR c.owner_division IN (");
            for (i, d) in access.chain.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(d.clone());
            }
            if access.chain.is_empty() {
                sql.push("''");
            }
            sql.push("))");
        }
        Scope::Enterprise { uscc } => {
            sql.push(
                " AND c.status <> 'draft' AND EXISTS (SELECT 1 FROM campaign_targets t JOIN enterprises e \
                 ON e.id = t.enterprise_id WHERE t.campaign_id = c.id AND e.uscc = ",
            )
            .bind(uscc.clone())
            .push(")");
        }
    }
}

fn by_number(access: &CampaignAccess, number: &str) -> Sql {
    let mut sql = Sql::new(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.number = "));
    sql.bind(number.to_string());
    push_campaign_scope(&mut sql, access);
    sql
}

/// A campaign by number, if `access` reads it.
pub async fn get(store: &Store, access: &CampaignAccess, number: &str) -> Result<Option<CampaignRow>> {
    Ok(by_number(access, number).fetch_optional_as(store.pool()).await?)
}

/// [`get`] inside a write transaction.
pub async fn get_in(tx: &mut WriteTx, access: &CampaignAccess, number: &str) -> Result<Option<CampaignRow>> {
    Ok(by_number(access, number).fetch_optional_as(tx.conn()).await?)
}

/// Campaigns `access` reads, newest first, after the id `after`.
pub async fn list(
    store: &Store,
    access: &CampaignAccess,
    status: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<CampaignRow>> {
    let mut sql = Sql::new(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE 1 = 1"));
    push_campaign_scope(&mut sql, access);
    if let Some(s) = status {
        sql.push(" AND c.status = ").bind(s.to_string());
    }
    if let Some(a) = after {
        sql.push(" AND c.id < ").bind(a);
    }
    sql.push(" ORDER BY c.id DESC LIMIT ").bind(limit);
    Ok(sql.fetch_all_as_planned(store.pool()).await?)
}

const WRITE_COLUMNS: [&str; 19] = [
    "number",
    "title",
    "description",
    "template",
    "owner_division",
    "scope_province",
    "scope_prefecture",
    "scope_county",
    "period_kind",
    "opens_on",
    "closes_on",
    "coverage_target_bp",
    "population",
    "indicator_version",
    "status",
    "targets",
    "created_by",
    "created_at",
    "updated_at",
];

fn bind_row(sql: &mut Sql, c: &CampaignRow) {
    sql.bind(c.number.clone()).push(", ");
    sql.bind(c.title.clone()).push(", ");
    sql.bind(c.description.clone()).push(", ");
    sql.bind(c.template.clone()).push(", ");
    sql.bind(c.owner_division.clone()).push(", ");
    sql.bind(c.scope_province.clone()).push(", ");
    sql.bind(c.scope_prefecture.clone()).push(", ");
    sql.bind(c.scope_county.clone()).push(", ");
    sql.bind(c.period_kind.clone()).push(", ");
    sql.bind(c.opens_on.clone()).push(", ");
    sql.bind(c.closes_on.clone()).push(", ");
    sql.bind(c.coverage_target_bp).push(", ");
    sql.bind(c.population.clone()).push(", ");
    sql.bind(c.indicator_version).push(", ");
    sql.bind(c.status.clone()).push(", ");
    sql.bind(c.targets).push(", ");
    sql.bind(c.created_by.clone()).push(", ");
    sql.bind(c.created_at.clone()).push(", ");
    sql.bind(c.updated_at.clone());
}

/// Inserts a campaign and gives it its number (`{prefix}-{id:06}`); returns id and number.
pub async fn insert(tx: &mut WriteTx, c: &CampaignRow, prefix: &str) -> Result<(i64, String)> {
    let mut row = c.clone();
    row.number = format!("{prefix}-pending-{}", crate::now_text());
    let mut sql = Sql::new(&format!(
        "INSERT INTO campaigns ({}, version) VALUES (",
        WRITE_COLUMNS.join(", ")
    ));
    bind_row(&mut sql, &row);
    sql.push(", 1) RETURNING id");
    let id = sql.fetch_scalar_i64(tx.conn()).await?;
    let number = format!("{prefix}-{id:06}");
    sqlx::query("UPDATE campaigns SET number = $1 WHERE id = $2")
        .bind(number.clone())
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok((id, number))
}

/// Writes a changed campaign if it is still at `expected_version`.
pub async fn update(tx: &mut WriteTx, c: &CampaignRow, expected_version: i64) -> Result<()> {
    let mut sql = Sql::new(&format!(
        "UPDATE campaigns SET ({}, version) = (",
        WRITE_COLUMNS.join(", ")
    ));
    bind_row(&mut sql, c);
    sql.push(", version + 1) WHERE id = ").bind(c.id);
    sql.push(" AND version = ").bind(expected_version);
    if sql.execute(tx.conn()).await? == 0 {
        return Err(StoreError::Conflict(
            "the campaign was changed meanwhile; reload it".into(),
        ));
    }
    Ok(())
}

/// One version of a campaign's indicators and alert rules, as stored (JSON).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub indicators: String,
    pub rules: String,
    pub created_by: String,
    pub created_at: String,
}

pub async fn insert_version(tx: &mut WriteTx, campaign_id: i64, v: &VersionRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO campaign_versions (campaign_id, version, indicators, rules, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(campaign_id)
    .bind(v.version)
    .bind(v.indicators.clone())
    .bind(v.rules.clone())
    .bind(v.created_by.clone())
    .bind(v.created_at.clone())
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Every version of a campaign's indicators, oldest first.
pub async fn versions(store: &Store, campaign_id: i64) -> Result<Vec<VersionRow>> {
    versions_on(store.pool(), campaign_id).await
}

/// [`versions`] read inside a write transaction, on its connection: a writer holding the
/// audit head must not wait for a second connection that writers queued behind it hold.
pub async fn versions_in(tx: &mut crate::WriteTx, campaign_id: i64) -> Result<Vec<VersionRow>> {
    versions_on(tx.conn(), campaign_id).await
}

async fn versions_on<'e, E>(e: E, campaign_id: i64) -> Result<Vec<VersionRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT version, indicators, rules, created_by, created_at FROM campaign_versions \
         WHERE campaign_id = $1 ORDER BY version",
    )
    .bind(campaign_id)
    .fetch_all(e)
    .await?)
}

/// The population filter of a campaign, over the roster.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Population {
    /// Industry codes in `[from, to)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry_range: Option<(String, String)>,
    /// Only key enterprises (重点企业).
    #[serde(default)]
    pub key_only: bool,
    /// Only the key suppliers of this leading FIE (its credit code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppliers_of: Option<String>,
    /// Only enterprises whose controller's (or main investor's) region is this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_region: Option<String>,
}

fn push_population(sql: &mut Sql, owner: &Scope, p: &Population) {
    sql.push(" FROM enterprises e WHERE e.status = 'operating'");
    push_scope(sql, owner, "e.", None);
    if let Some((from, to)) = &p.industry_range {
        sql.push(" AND e.industry >= ")
            .bind(from.clone())
            .push(" AND e.industry < ")
            .bind(to.clone());
    }
    if p.key_only {
        sql.push(" AND e.is_key = 1");
    }
    if let Some(s) = &p.suppliers_of {
        sql.push(" AND e.supplier_of = ").bind(s.clone());
    }
    if let Some(r) = &p.source_region {
        sql.push(" AND COALESCE(e.controller_region, e.main_region) = ")
            .bind(r.clone());
    }
}

/// How many operating enterprises of the roster the filter selects inside `owner`.
pub async fn count_population(store: &Store, owner: &Scope, p: &Population) -> Result<i64> {
    let mut sql = Sql::new("SELECT COUNT(*)");
    push_population(&mut sql, owner, p);
    Ok(sql.fetch_scalar_i64(store.pool()).await?)
}

/// Adds to the campaign's targets every enterprise the filter selects that is not one yet,
/// and recomputes the target counts per division; returns the number of targets.
pub async fn freeze_targets(tx: &mut WriteTx, campaign_id: i64, owner: &Scope, p: &Population) -> Result<i64> {
    let mut sql = Sql::new(
        "INSERT INTO campaign_targets (campaign_id, enterprise_id, division, scope_province, scope_prefecture, \
         scope_county) SELECT ",
    );
    sql.bind(campaign_id)
        .push(", e.id, e.division, e.scope_province, e.scope_prefecture, e.scope_county");
    push_population(&mut sql, owner, p);
    sql.push(" AND NOT EXISTS (SELECT 1 FROM campaign_targets x WHERE x.campaign_id = ")
        .bind(campaign_id)
        .push(" AND x.enterprise_id = e.id)");
    sql.execute(tx.conn()).await?;
    sqlx::query("DELETE FROM campaign_target_counts WHERE campaign_id = $1")
        .bind(campaign_id)
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "INSERT INTO campaign_target_counts (campaign_id, division, scope_province, scope_prefecture, scope_county, \
         targets) SELECT campaign_id, division, MIN(scope_province), MIN(scope_prefecture), MIN(scope_county), \
         COUNT(*) FROM campaign_targets WHERE campaign_id = $1 GROUP BY campaign_id, division",
    )
    .bind(campaign_id)
    .execute(tx.conn())
    .await?;
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(targets), 0) AS BIGINT) FROM campaign_target_counts WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_one(tx.conn())
    .await?;
    sqlx::query("UPDATE campaigns SET targets = $1 WHERE id = $2")
        .bind(n)
        .bind(campaign_id)
        .execute(tx.conn())
        .await?;
    Ok(n)
}

/// What the store knows of a target enterprise when an answer arrives.
#[derive(Debug, Clone, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct TargetRow {
    pub enterprise_id: i64,
    pub uscc: String,
    pub name_zh: String,
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub industry_section: String,
    pub source_region: Option<String>,
    pub supplier_of: Option<String>,
    pub liaison_name: Option<String>,
    pub liaison_phone: Option<String>,
}

/// The jurisdiction condition on a campaign's targets (`t`, joined with enterprises `e`).
fn push_target_scope(sql: &mut Sql, scope: &Scope) {
    match scope {
        Scope::Enterprise { uscc } => {
            sql.push(" AND e.uscc = ").bind_keyed(uscc);
        }
        other => push_scope(sql, other, "t.", None),
    }
}

const TARGET_NAMES: &str = "enterprise_id, uscc, name_zh, division, scope_province, scope_prefecture, scope_county, \
    industry_section, source_region, supplier_of, liaison_name, liaison_phone";

/// [`TARGET_SELECT`] as one text value ([`Sql::page`], backend-specific).
fn target_page(backend: crate::Backend) -> Sql {
    Sql::page(backend, TARGET_NAMES, TARGET_SELECT)
}

const TARGET_SELECT: &str = "SELECT e.id AS enterprise_id, e.uscc, e.name_zh, t.division, t.scope_province, \
    t.scope_prefecture, t.scope_county, e.industry_section, COALESCE(e.controller_region, e.main_region) AS \
    source_region, e.supplier_of, e.liaison_name, e.liaison_phone FROM campaign_targets t JOIN enterprises e ON \
    e.id = t.enterprise_id WHERE t.campaign_id = ";

/// Target enterprises of a campaign by credit code, inside `scope` (missing ones are left out).
pub async fn targets_by_uscc<'e, E>(
    e: E,
    backend: crate::Backend,
    campaign_id: i64,
    scope: &Scope,
    usccs: &[String],
) -> Result<Vec<TargetRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if usccs.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = target_page(backend);
    sql.bind(campaign_id);
    push_target_scope(&mut sql, scope);
    // Driven by the credit codes (their unique index), then the target's key: written as a
    // subquery because SQLite, given the join, walked the campaign's million targets instead.
    sql.push(" AND t.enterprise_id IN (SELECT x.id FROM enterprises x WHERE x.uscc IN (");
    for (i, u) in usccs.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(u.clone());
    }
    sql.push("))");
    sql.fetch_page(e).await
}

/// Target enterprises placed in `division` that have not answered `period`, in enterprise order
/// after `after`.
pub async fn unanswered_in(
    store: &Store,
    campaign_id: i64,
    period: &str,
    division: &str,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<TargetRow>> {
    let mut sql = Sql::new(TARGET_SELECT);
    sql.bind(campaign_id)
        .push(" AND t.division = ")
        .bind(division.to_string());
    sql.push(" AND NOT EXISTS (SELECT 1 FROM campaign_responses r WHERE r.campaign_id = t.campaign_id AND r.period = ")
        .bind(period.to_string())
        .push(" AND r.enterprise_id = t.enterprise_id)");
    if let Some(a) = after {
        sql.push(" AND t.enterprise_id > ").bind(a);
    }
    sql.push(" ORDER BY t.enterprise_id LIMIT ").bind(limit);
    Ok(sql.fetch_all_as_planned(store.pool()).await?)
}

/// Records that a period was reported complete, with the coverage it had.
pub async fn report_period(
    tx: &mut WriteTx,
    campaign_id: i64,
    period: &str,
    by: &str,
    answered: i64,
    targets: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO campaign_periods (campaign_id, period, reported_at, reported_by, answered, targets) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (campaign_id, period) DO UPDATE SET \
         reported_at = excluded.reported_at, reported_by = excluded.reported_by, answered = excluded.answered, \
         targets = excluded.targets",
    )
    .bind(campaign_id)
    .bind(period.to_string())
    .bind(crate::now_text())
    .bind(by.to_string())
    .bind(answered)
    .bind(targets)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The periods of a campaign reported complete: period, when, by whom, answered, targets.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReportedRow {
    pub period: String,
    pub reported_at: Option<String>,
    pub reported_by: Option<String>,
    pub answered: Option<i64>,
    pub targets: Option<i64>,
}

pub async fn reported(store: &Store, campaign_id: i64) -> Result<Vec<ReportedRow>> {
    Ok(sqlx::query_as(
        "SELECT period, reported_at, reported_by, answered, targets FROM campaign_periods WHERE campaign_id = $1 \
         ORDER BY period",
    )
    .bind(campaign_id)
    .fetch_all(store.pool())
    .await?)
}

/// One target enterprise of a campaign by its id (one-time links).
pub async fn target_by_id<'e, E>(e: E, campaign_id: i64, enterprise_id: i64) -> Result<Option<TargetRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut sql = Sql::new(TARGET_SELECT);
    sql.bind(campaign_id)
        .push(" AND t.enterprise_id = ")
        .bind(enterprise_id);
    Ok(sql.fetch_optional_as(e).await?)
}

/// A campaign's number by id (links name campaigns by id).
pub async fn number_of(store: &Store, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT number FROM campaigns WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await?)
}

/// Target enterprises of a campaign inside `scope`, in enterprise order after `after`.
pub async fn targets_page(
    store: &Store,
    campaign_id: i64,
    scope: &Scope,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<TargetRow>> {
    let mut sql = Sql::page_kept(store.backend(), TARGET_NAMES, TARGET_SELECT);
    sql.push_int(campaign_id);
    push_target_scope(&mut sql, scope);
    if let Some(a) = after {
        sql.push(" AND t.enterprise_id > ").bind(a);
    }
    sql.push(" ORDER BY t.enterprise_id LIMIT ").push_int(limit);
    let mut rows: Vec<TargetRow> = sql.fetch_page_shared(store).await?;
    rows.sort_by_key(|r| r.enterprise_id);
    Ok(rows)
}
