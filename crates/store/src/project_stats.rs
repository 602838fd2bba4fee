//! Aggregates of the project pipeline for dashboards: by stage, division, industry
//! and source country, utilised capital by month, the funnel with the days spent
//! per stage, and the land appraisal ranking. Every query is scoped.

use crate::scope::{Sql, push_scope};
use crate::{Backend, Result, Store};
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use serde::Serialize;

/// Counts and sums of one group.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct GroupRow {
    pub key: Option<String>,
    pub projects: i64,
    pub total_usd: i64,
    pub contracted_usd: i64,
    pub utilised_usd: i64,
}

fn grouped(backend: Backend, scope: &Scope, key: &str) -> Sql {
    let mut sql = Sql::with(
        backend,
        &format!(
            "SELECT {key} AS key, CAST(COUNT(*) AS BIGINT) AS projects, \
             CAST(COALESCE(SUM(p.total_usd), 0) AS BIGINT) AS total_usd, \
             CAST(COALESCE(SUM(p.contracted_usd), 0) AS BIGINT) AS contracted_usd, \
             CAST(COALESCE(SUM(p.utilised_usd), 0) AS BIGINT) AS utilised_usd \
             FROM projects p WHERE 1 = 1"
        ),
    );
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    sql.push(&format!(" GROUP BY {key}"));
    sql
}

/// Projects and amounts by stage.
pub async fn by_stage(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    Ok(grouped(store.backend(), scope, "p.stage")
        .fetch_all_as(store.pool())
        .await?)
}

/// Projects and amounts by the division one level below the scope (provinces for the
/// national level, prefectures for a province, counties for a prefecture).
pub async fn by_division(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    let key = match scope {
        Scope::National => "p.scope_province",
        Scope::Division {
            level: DivisionLevel::Province,
            ..
        } => "p.scope_prefecture",
        _ => "p.scope_county",
    };
    Ok(grouped(store.backend(), scope, key).fetch_all_as(store.pool()).await?)
}

/// Projects and amounts by industry division (the first two digits of the class).
pub async fn by_industry_division(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    Ok(grouped(store.backend(), scope, "SUBSTR(p.industry, 1, 2)")
        .fetch_all_as(store.pool())
        .await?)
}

/// Projects and amounts by the main investor's country or region.
pub async fn by_source(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    Ok(grouped(store.backend(), scope, "p.source_region")
        .fetch_all_as(store.pool())
        .await?)
}

/// Utilised capital (US cents) by month `YYYY-MM` from `from_month` on, tranches not voided.
pub async fn utilised_by_month(store: &Store, scope: &Scope, from_day: &str) -> Result<Vec<(String, i64)>> {
    let mut sql = Sql::with(
        store.backend(),
        "SELECT SUBSTR(t.received_on, 1, 7) AS month, CAST(SUM(t.usd_minor) AS BIGINT) AS usd \
         FROM project_tranches t WHERE t.voided_at IS NULL AND t.received_on >= ",
    );
    sql.bind(from_day.to_string());
    push_scope(&mut sql, scope, "t.", None);
    sql.push(" GROUP BY SUBSTR(t.received_on, 1, 7) ORDER BY month");
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// How many projects reached each stage, and the days spent between consecutive stages.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct FunnelRow {
    pub leads: i64,
    pub talks: i64,
    pub signed: i64,
    pub construction: i64,
    pub production: i64,
    pub capacity: i64,
    pub dropped: i64,
    pub paused: i64,
    /// Sums of days and the number of projects with both dates, per step.
    pub lead_talks_days: i64,
    pub lead_talks_n: i64,
    pub talks_signed_days: i64,
    pub talks_signed_n: i64,
    pub signed_construction_days: i64,
    pub signed_construction_n: i64,
    pub construction_production_days: i64,
    pub construction_production_n: i64,
    pub production_capacity_days: i64,
    pub production_capacity_n: i64,
}

/// Days from `a` to `b` (both `YYYY-MM-DD` text columns).
///
/// **Backend-specific SQL** (tested on both): SQLite counts days with `julianday`,
/// PostgreSQL subtracts dates.
fn days(backend: Backend, a: &str, b: &str) -> String {
    match backend {
        Backend::Sqlite => format!("CAST(julianday({b}) - julianday({a}) AS BIGINT)"),
        Backend::Postgres => format!("(CAST({b} AS DATE) - CAST({a} AS DATE))"),
    }
}

/// The funnel of the projects inside `scope`.
pub async fn funnel(store: &Store, scope: &Scope) -> Result<FunnelRow> {
    let b = store.backend();
    let step = |a: &str, c: &str, name: &str| {
        format!(
            "CAST(COALESCE(SUM(CASE WHEN p.{a} IS NOT NULL AND p.{c} IS NOT NULL THEN {} END), 0) AS BIGINT) AS {name}_days, \
             CAST(COUNT(CASE WHEN p.{a} IS NOT NULL AND p.{c} IS NOT NULL THEN 1 END) AS BIGINT) AS {name}_n",
            days(b, &format!("p.{a}"), &format!("p.{c}"))
        )
    };
    let text = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS leads, CAST(COUNT(p.talks_on) AS BIGINT) AS talks, \
         CAST(COUNT(p.signed_on) AS BIGINT) AS signed, CAST(COUNT(p.construction_on) AS BIGINT) AS construction, \
         CAST(COUNT(p.production_on) AS BIGINT) AS production, CAST(COUNT(p.capacity_on) AS BIGINT) AS capacity, \
         CAST(COUNT(CASE WHEN p.stage = 'dropped' THEN 1 END) AS BIGINT) AS dropped, \
         CAST(COUNT(CASE WHEN p.stage = 'paused' THEN 1 END) AS BIGINT) AS paused, {}, {}, {}, {}, {} \
         FROM projects p WHERE 1 = 1",
        step("lead_on", "talks_on", "lead_talks"),
        step("talks_on", "signed_on", "talks_signed"),
        step("signed_on", "construction_on", "signed_construction"),
        step("construction_on", "production_on", "construction_production"),
        step("production_on", "capacity_on", "production_capacity"),
    );
    let mut sql = Sql::with(b, &text);
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    Ok(sql.fetch_optional_as(store.pool()).await?.unwrap_or_default())
}

/// One project of the land appraisal (亩均) ranking.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct LandRow {
    pub number: String,
    pub name: String,
    pub division: String,
    pub land_centi_mu: i64,
    pub output_minor: i64,
    pub tax_minor: Option<i64>,
}

/// The projects with the highest expected output per mu of land.
pub async fn land_ranking(store: &Store, scope: &Scope, limit: i64) -> Result<Vec<LandRow>> {
    let mut sql = Sql::with(
        store.backend(),
        "SELECT p.number, p.name, p.division, p.land_centi_mu, p.output_minor, p.tax_minor FROM projects p \
         WHERE p.land_centi_mu > 0 AND p.output_minor IS NOT NULL AND p.stage <> 'dropped'",
    );
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    sql.push(" ORDER BY p.output_minor * 100 / p.land_centi_mu DESC, p.id LIMIT ")
        .bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// Land, output and tax of every project with land, for the average per mu.
pub async fn land_totals(store: &Store, scope: &Scope) -> Result<(i64, i64, i64)> {
    let mut sql = Sql::with(
        store.backend(),
        "SELECT CAST(COALESCE(SUM(p.land_centi_mu), 0) AS BIGINT), CAST(COALESCE(SUM(p.output_minor), 0) AS BIGINT), \
         CAST(COALESCE(SUM(p.tax_minor), 0) AS BIGINT) FROM projects p \
         WHERE p.land_centi_mu > 0 AND p.output_minor IS NOT NULL AND p.stage <> 'dropped'",
    );
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    Ok(sql.fetch_optional_as(store.pool()).await?.unwrap_or((0, 0, 0)))
}

/// How many tracked projects are overdue for an update.
pub async fn stale_count(store: &Store, scope: &Scope, today: &str) -> Result<i64> {
    let mut sql = Sql::with(store.backend(), "SELECT COUNT(*) FROM projects p WHERE p.stale_on < ");
    sql.bind(today.to_string());
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    Ok(sql.fetch_scalar_i64(store.pool()).await?)
}
