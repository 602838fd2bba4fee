//! Dashboard figures of the project pipeline, kept current rather than scanned.
//!
//! Every project write removes the project's old contribution and adds its new
//! one in the same transaction ([`apply`], called by `projects::insert` and
//! `projects::update`); tranches move the monthly utilised figures
//! ([`apply_tranche`]). A dashboard then reads `project_counts` (per division and
//! stage, industry division or source region), `project_funnel` (per division:
//! stages reached, days between stages, land totals) and `project_month_counts`
//! (utilised capital per division and month): a few thousand rows at national
//! scope instead of every project. [`rebuild`] recomputes them after a bulk load.

use crate::projects::ProjectRow;
use crate::scope::{Sql, push_scope};
use crate::{Result, Store, WriteTx};
use kaifang_domain::calendar::parse_date;
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use serde::Serialize;

/// Expected output per mu (fen per mu), the land ranking's key: none without land
/// or output, or once the project is dropped.
pub fn output_per_mu(p: &ProjectRow) -> Option<i64> {
    if p.stage == "dropped" {
        return None;
    }
    match (p.output_minor, p.land_centi_mu) {
        (Some(o), Some(l)) if l > 0 => kaifang_domain::projects::per_mu(o, l),
        _ => None,
    }
}

/// Days from `a` to `b` when both dates are recorded.
fn days(a: &Option<String>, b: &Option<String>) -> Option<i64> {
    let a = parse_date(a.as_deref()?)?;
    let b = parse_date(b.as_deref()?)?;
    Some((b - a).whole_days())
}

/// What one project adds to the funnel row of its division.
fn funnel_values(p: &ProjectRow) -> [i64; 21] {
    let n = |o: &Option<String>| i64::from(o.is_some());
    let lead = Some(p.lead_on.clone());
    let steps = [
        days(&lead, &p.talks_on),
        days(&p.talks_on, &p.signed_on),
        days(&p.signed_on, &p.construction_on),
        days(&p.construction_on, &p.production_on),
        days(&p.production_on, &p.capacity_on),
    ];
    let land = output_per_mu(p).is_some();
    let mut v = [0i64; 21];
    v[0] = 1;
    v[1] = n(&p.talks_on);
    v[2] = n(&p.signed_on);
    v[3] = n(&p.construction_on);
    v[4] = n(&p.production_on);
    v[5] = n(&p.capacity_on);
    v[6] = i64::from(p.stage == "dropped");
    v[7] = i64::from(p.stage == "paused");
    for (i, s) in steps.iter().enumerate() {
        v[8 + 2 * i] = s.unwrap_or(0);
        v[9 + 2 * i] = i64::from(s.is_some());
    }
    if land {
        v[18] = p.land_centi_mu.unwrap_or(0);
        v[19] = p.output_minor.unwrap_or(0);
        v[20] = p.tax_minor.unwrap_or(0);
    }
    v
}

const FUNNEL_COLUMNS: [&str; 21] = [
    "leads",
    "talks",
    "signed",
    "construction",
    "production",
    "capacity",
    "dropped",
    "paused",
    "lead_talks_days",
    "lead_talks_n",
    "talks_signed_days",
    "talks_signed_n",
    "signed_construction_days",
    "signed_construction_n",
    "construction_production_days",
    "construction_production_n",
    "production_capacity_days",
    "production_capacity_n",
    "land_centi_mu",
    "output_minor",
    "tax_minor",
];

/// Adds (`sign` 1) or removes (`sign` -1) a project's contribution to the dashboard tables.
pub async fn apply(tx: &mut WriteTx, p: &ProjectRow, sign: i64) -> Result<()> {
    let industry2: String = p.industry.chars().take(2).collect();
    for (dim, key) in [
        ("stage", p.stage.as_str()),
        ("industry", industry2.as_str()),
        ("source", p.source_region.as_str()),
    ] {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO project_counts (division, scope_province, scope_prefecture, scope_county, dim, key, \
             projects, total_usd, contracted_usd, utilised_usd) VALUES (",
        );
        sql.bind(p.division.clone()).push(", ");
        sql.bind(p.scope_province.clone()).push(", ");
        sql.bind(p.scope_prefecture.clone()).push(", ");
        sql.bind(p.scope_county.clone()).push(", ");
        sql.bind(dim.to_string()).push(", ");
        sql.bind(key.to_string()).push(", ");
        sql.bind(sign).push(", ");
        sql.bind(sign * p.total_usd.unwrap_or(0)).push(", ");
        sql.bind(sign * p.contracted_usd.unwrap_or(0)).push(", ");
        sql.bind(sign * p.utilised_usd).push(
            ") ON CONFLICT (division, dim, key) DO UPDATE SET projects = project_counts.projects + excluded.projects, \
             total_usd = project_counts.total_usd + excluded.total_usd, \
             contracted_usd = project_counts.contracted_usd + excluded.contracted_usd, \
             utilised_usd = project_counts.utilised_usd + excluded.utilised_usd",
        );
        sql.execute(tx.conn()).await?;
    }
    let v = funnel_values(p);
    let mut sql = Sql::with(
        tx.backend(),
        &format!(
            "INSERT INTO project_funnel (division, scope_province, scope_prefecture, scope_county, {}) VALUES (",
            FUNNEL_COLUMNS.join(", ")
        ),
    );
    sql.bind(p.division.clone()).push(", ");
    sql.bind(p.scope_province.clone()).push(", ");
    sql.bind(p.scope_prefecture.clone()).push(", ");
    sql.bind(p.scope_county.clone());
    for x in v {
        sql.push(", ").bind(sign * x);
    }
    let set: Vec<String> = FUNNEL_COLUMNS
        .iter()
        .map(|c| format!("{c} = project_funnel.{c} + excluded.{c}"))
        .collect();
    sql.push(&format!(") ON CONFLICT (division) DO UPDATE SET {}", set.join(", ")));
    sql.execute(tx.conn()).await?;
    Ok(())
}

/// Moves the utilised capital of a project's division in the month `received_on` falls in.
pub async fn apply_tranche(tx: &mut WriteTx, p: &ProjectRow, received_on: &str, usd: i64) -> Result<()> {
    let mut sql = Sql::with(
        tx.backend(),
        "INSERT INTO project_month_counts (division, scope_province, scope_prefecture, scope_county, month, usd) \
         VALUES (",
    );
    sql.bind(p.division.clone()).push(", ");
    sql.bind(p.scope_province.clone()).push(", ");
    sql.bind(p.scope_prefecture.clone()).push(", ");
    sql.bind(p.scope_county.clone()).push(", ");
    sql.bind(received_on.chars().take(7).collect::<String>()).push(", ");
    sql.bind(usd)
        .push(") ON CONFLICT (division, month) DO UPDATE SET usd = project_month_counts.usd + excluded.usd");
    sql.execute(tx.conn()).await?;
    Ok(())
}

/// Recomputes every dashboard table from the projects and tranches (after a bulk load);
/// returns the number of projects counted.
pub async fn rebuild(tx: &mut WriteTx) -> Result<i64> {
    for t in ["project_counts", "project_funnel", "project_month_counts"] {
        sqlx::query(&format!("DELETE FROM {t}")).execute(tx.conn()).await?;
    }
    let mut after = 0i64;
    let mut n = 0;
    loop {
        let mut sql = Sql::with(
            tx.backend(),
            &format!(
                "SELECT {} FROM projects p WHERE p.id > ",
                crate::projects::PROJECT_COLUMNS
            ),
        );
        sql.bind(after).push(" ORDER BY p.id LIMIT 5000");
        let rows: Vec<ProjectRow> = sql.fetch_all_as(tx.conn()).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for r in &rows {
            apply(tx, r, 1).await?;
            n += 1;
        }
    }
    sqlx::query(
        "INSERT INTO project_month_counts (division, scope_province, scope_prefecture, scope_county, month, usd)
         SELECT p.division, p.scope_province, p.scope_prefecture, p.scope_county, SUBSTR(t.received_on, 1, 7),
             CAST(SUM(t.usd_minor) AS BIGINT)
         FROM project_tranches t JOIN projects p ON p.id = t.project_id
         WHERE t.voided_at IS NULL
         GROUP BY p.division, p.scope_province, p.scope_prefecture, p.scope_county, SUBSTR(t.received_on, 1, 7)",
    )
    .execute(tx.conn())
    .await?;
    Ok(n)
}

/// Counts and sums of one group.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct GroupRow {
    pub key: Option<String>,
    pub projects: i64,
    pub total_usd: i64,
    pub contracted_usd: i64,
    pub utilised_usd: i64,
}

fn grouped(store: &Store, scope: &Scope, dim: &str, key: &str) -> Sql {
    let mut sql = Sql::with(
        store.backend(),
        &format!(
            "SELECT {key} AS key, CAST(SUM(c.projects) AS BIGINT) AS projects, \
             CAST(SUM(c.total_usd) AS BIGINT) AS total_usd, \
             CAST(SUM(c.contracted_usd) AS BIGINT) AS contracted_usd, \
             CAST(SUM(c.utilised_usd) AS BIGINT) AS utilised_usd \
             FROM project_counts c WHERE c.dim = "
        ),
    );
    sql.bind(dim.to_string());
    push_scope(&mut sql, scope, "c.", None);
    sql.push(&format!(" GROUP BY {key} HAVING SUM(c.projects) > 0"));
    sql
}

/// Projects and amounts by stage.
pub async fn by_stage(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    Ok(grouped(store, scope, "stage", "c.key")
        .fetch_all_as(store.pool())
        .await?)
}

/// Projects and amounts by the division one level below the scope (provinces for the
/// national level, prefectures for a province, counties for a prefecture).
pub async fn by_division(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    let key = match scope {
        Scope::National => "c.scope_province",
        Scope::Division {
            level: DivisionLevel::Province,
            ..
        } => "c.scope_prefecture",
        _ => "c.scope_county",
    };
    Ok(grouped(store, scope, "stage", key).fetch_all_as(store.pool()).await?)
}

/// Projects and amounts by industry division (the first two digits of the class).
pub async fn by_industry_division(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    Ok(grouped(store, scope, "industry", "c.key")
        .fetch_all_as(store.pool())
        .await?)
}

/// Projects and amounts by the main investor's country or region.
pub async fn by_source(store: &Store, scope: &Scope) -> Result<Vec<GroupRow>> {
    Ok(grouped(store, scope, "source", "c.key")
        .fetch_all_as(store.pool())
        .await?)
}

/// Utilised capital (US cents) by month `YYYY-MM` from `from_month` on.
pub async fn utilised_by_month(store: &Store, scope: &Scope, from_month: &str) -> Result<Vec<(String, i64)>> {
    let mut sql = Sql::with(
        store.backend(),
        "SELECT m.month, CAST(SUM(m.usd) AS BIGINT) FROM project_month_counts m WHERE m.month >= ",
    );
    sql.bind(from_month.to_string());
    push_scope(&mut sql, scope, "m.", None);
    sql.push(" GROUP BY m.month ORDER BY m.month");
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// How many projects reached each stage, the days spent between consecutive stages, and
/// the land, output and tax of the projects with land (not dropped).
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
    pub land_centi_mu: i64,
    pub output_minor: i64,
    pub tax_minor: i64,
}

/// The funnel of the projects inside `scope`.
pub async fn funnel(store: &Store, scope: &Scope) -> Result<FunnelRow> {
    let sums: Vec<String> = FUNNEL_COLUMNS
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM(f.{c}), 0) AS BIGINT) AS {c}"))
        .collect();
    let mut sql = Sql::with(
        store.backend(),
        &format!("SELECT {} FROM project_funnel f WHERE 1 = 1", sums.join(", ")),
    );
    push_scope(&mut sql, scope, "f.", None);
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

/// The projects with the highest expected output per mu of land (not dropped).
pub async fn land_ranking(store: &Store, scope: &Scope, limit: i64) -> Result<Vec<LandRow>> {
    let mut sql = Sql::with(
        store.backend(),
        "SELECT p.number, p.name, p.division, p.land_centi_mu, p.output_minor, p.tax_minor FROM projects p \
         WHERE p.output_per_mu IS NOT NULL",
    );
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    sql.push(" ORDER BY p.output_per_mu DESC, p.id LIMIT ").bind(limit);
    Ok(sql.fetch_all_as_planned(store.pool()).await?)
}

/// How many tracked projects are overdue for an update.
pub async fn stale_count(store: &Store, scope: &Scope, today: &str) -> Result<i64> {
    let mut sql = Sql::with(store.backend(), "SELECT COUNT(*) FROM projects p WHERE p.stale_on < ");
    sql.bind(today.to_string());
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    Ok(sql.fetch_scalar_i64(store.pool()).await?)
}
