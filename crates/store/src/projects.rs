//! Major projects (项目储备库): the record, its scoped reads and the ledger list.
//!
//! A project is scoped by the placement of its division, or by its enterprise for
//! enterprise accounts; a member of its task force also reads it, wherever the
//! member sits. The tables a project owns (stage events, tranches, team, log,
//! approvals) are in `project_parts`.

use crate::scope::{Sql, push_scope};
use crate::{Result, Store, StoreError, WriteTx};
use kaifang_domain::jurisdiction::{DivisionLevel, Placement, Scope};
use serde::Serialize;

pub const PROJECT_COLUMNS: &str = "p.id, p.number, p.name, p.description, p.division, p.zone, p.industry, \
    p.project_type, p.investors_json, p.source_region, p.enterprise_uscc, p.total_minor, p.total_currency, \
    p.total_rate, p.total_rate_on, p.total_usd, p.contracted_minor, p.contracted_currency, p.contracted_rate, \
    p.contracted_rate_on, p.contracted_usd, p.utilised_usd, p.land_centi_mu, p.output_minor, p.tax_minor, p.jobs, \
    p.lead_source, p.key_level, p.key_listed_by, p.publishable, p.stage, p.paused_from, p.stage_on, p.lead_on, \
    p.talks_on, p.signed_on, p.signing_mode, p.construction_on, p.production_on, p.capacity_on, p.dropped_on, \
    p.last_update_on, p.stale_on, p.scope_province, p.scope_prefecture, p.scope_county, p.version, p.created_by, \
    p.created_at, p.updated_at";

/// One stored project, as columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub description: String,
    pub division: String,
    pub zone: Option<String>,
    pub industry: String,
    pub project_type: String,
    pub investors_json: String,
    pub source_region: String,
    pub enterprise_uscc: Option<String>,
    pub total_minor: Option<i64>,
    pub total_currency: Option<String>,
    pub total_rate: Option<i64>,
    pub total_rate_on: Option<String>,
    pub total_usd: Option<i64>,
    pub contracted_minor: Option<i64>,
    pub contracted_currency: Option<String>,
    pub contracted_rate: Option<i64>,
    pub contracted_rate_on: Option<String>,
    pub contracted_usd: Option<i64>,
    pub utilised_usd: i64,
    pub land_centi_mu: Option<i64>,
    pub output_minor: Option<i64>,
    pub tax_minor: Option<i64>,
    pub jobs: Option<i64>,
    pub lead_source: String,
    pub key_level: String,
    pub key_listed_by: Option<String>,
    pub publishable: i64,
    pub stage: String,
    pub paused_from: Option<String>,
    pub stage_on: String,
    pub lead_on: String,
    pub talks_on: Option<String>,
    pub signed_on: Option<String>,
    pub signing_mode: Option<String>,
    pub construction_on: Option<String>,
    pub production_on: Option<String>,
    pub capacity_on: Option<String>,
    pub dropped_on: Option<String>,
    pub last_update_on: String,
    pub stale_on: Option<String>,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub version: i64,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl ProjectRow {
    pub fn placement(&self) -> Placement {
        Placement {
            division: self.division.clone(),
            province: self.scope_province.clone(),
            prefecture: self.scope_prefecture.clone(),
            county: self.scope_county.clone(),
            enterprise: self.enterprise_uscc.clone(),
        }
    }
}

/// The columns a write sets, in the order [`bind_fields`] binds them.
const FIELDS: &[&str] = &[
    "name",
    "description",
    "division",
    "zone",
    "industry",
    "project_type",
    "investors_json",
    "source_region",
    "enterprise_uscc",
    "total_minor",
    "total_currency",
    "total_rate",
    "total_rate_on",
    "total_usd",
    "contracted_minor",
    "contracted_currency",
    "contracted_rate",
    "contracted_rate_on",
    "contracted_usd",
    "utilised_usd",
    "land_centi_mu",
    "output_minor",
    "tax_minor",
    "jobs",
    "lead_source",
    "key_level",
    "key_listed_by",
    "publishable",
    "stage",
    "paused_from",
    "stage_on",
    "lead_on",
    "talks_on",
    "signed_on",
    "signing_mode",
    "construction_on",
    "production_on",
    "capacity_on",
    "dropped_on",
    "last_update_on",
    "stale_on",
    "scope_province",
    "scope_prefecture",
    "scope_county",
    "updated_at",
    "output_per_mu",
];

fn bind_fields(sql: &mut Sql, p: &ProjectRow) {
    let mut first = true;
    let mut sep = |sql: &mut Sql| {
        if !first {
            sql.push(", ");
        }
        first = false;
    };
    macro_rules! b {
        ($($v:expr),*) => { $( sep(sql); sql.bind($v); )* };
    }
    b!(
        p.name.clone(),
        p.description.clone(),
        p.division.clone(),
        p.zone.clone(),
        p.industry.clone(),
        p.project_type.clone(),
        p.investors_json.clone(),
        p.source_region.clone(),
        p.enterprise_uscc.clone(),
        p.total_minor,
        p.total_currency.clone(),
        p.total_rate,
        p.total_rate_on.clone(),
        p.total_usd,
        p.contracted_minor,
        p.contracted_currency.clone(),
        p.contracted_rate,
        p.contracted_rate_on.clone(),
        p.contracted_usd,
        p.utilised_usd,
        p.land_centi_mu,
        p.output_minor,
        p.tax_minor,
        p.jobs,
        p.lead_source.clone(),
        p.key_level.clone(),
        p.key_listed_by.clone(),
        p.publishable,
        p.stage.clone(),
        p.paused_from.clone(),
        p.stage_on.clone(),
        p.lead_on.clone(),
        p.talks_on.clone(),
        p.signed_on.clone(),
        p.signing_mode.clone(),
        p.construction_on.clone(),
        p.production_on.clone(),
        p.capacity_on.clone(),
        p.dropped_on.clone(),
        p.last_update_on.clone(),
        p.stale_on.clone(),
        p.scope_province.clone(),
        p.scope_prefecture.clone(),
        p.scope_county.clone(),
        p.updated_at.clone(),
        crate::project_stats::output_per_mu(p)
    );
}

/// Inserts a new project (its number completed from its id); returns id and number.
/// `number_prefix` is e.g. `XM-2026-320102`.
pub async fn insert(tx: &mut WriteTx, p: &ProjectRow, number_prefix: &str) -> Result<(i64, String)> {
    let mut sql = Sql::with(
        tx.backend(),
        &format!(
            "INSERT INTO projects (number, version, created_by, created_at, {}) VALUES (",
            FIELDS.join(", ")
        ),
    );
    sql.bind(format!("{number_prefix}-pending-{}", crate::now_text()))
        .push(", 1, ");
    sql.bind(p.created_by.clone()).push(", ");
    sql.bind(p.created_at.clone()).push(", ");
    bind_fields(&mut sql, p);
    sql.push(") RETURNING id");
    let id = sql.fetch_scalar_i64(tx.conn()).await?;
    let number = format!("{number_prefix}-{id:06}");
    sqlx::query("UPDATE projects SET number = $2 WHERE id = $1")
        .bind(id)
        .bind(number.clone())
        .execute(tx.conn())
        .await?;
    crate::project_stats::apply(tx, p, 1).await?;
    Ok((id, number))
}

/// Writes projects with their ids and numbers as given, as multi-row inserts (bulk loads:
/// the synthetic data of the benchmarks). The dashboard figures are not moved: call
/// `project_stats::rebuild` after the load.
pub async fn insert_many(tx: &mut WriteTx, rows: &[ProjectRow]) -> Result<()> {
    for chunk in rows.chunks(200) {
        let mut sql = Sql::with(
            tx.backend(),
            &format!(
                "INSERT INTO projects (id, number, version, created_by, created_at, {}) VALUES ",
                FIELDS.join(", ")
            ),
        );
        for (i, p) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(p.id).push(", ");
            sql.bind(p.number.clone()).push(", ");
            sql.bind(p.version).push(", ");
            sql.bind(p.created_by.clone()).push(", ");
            sql.bind(p.created_at.clone()).push(", ");
            bind_fields(&mut sql, p);
            sql.push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Writes a project's fields if its version is still that of `before`; the version moves on
/// and the dashboard figures trade `before`'s contribution for the new one.
pub async fn update(tx: &mut WriteTx, before: &ProjectRow, p: &ProjectRow) -> Result<()> {
    let expected = before.version;
    let mut sql = Sql::with(
        tx.backend(),
        &format!("UPDATE projects SET version = version + 1, ({}) = (", FIELDS.join(", ")),
    );
    bind_fields(&mut sql, p);
    sql.push(") WHERE id = ")
        .bind(p.id)
        .push(" AND version = ")
        .bind(expected);
    if sql.execute(tx.conn()).await? == 0 {
        return Err(StoreError::Conflict(
            "the project was changed meanwhile; reload it".into(),
        ));
    }
    crate::project_stats::apply(tx, before, -1).await?;
    crate::project_stats::apply(tx, p, 1).await?;
    Ok(())
}

/// Appends the project jurisdiction condition: inside the scope, or (when
/// `member` is given) on the task force of that user.
fn push_project_scope(sql: &mut Sql, scope: &Scope, member: Option<i64>) {
    match member {
        None => push_scope(sql, scope, "p.", Some("enterprise_uscc")),
        Some(u) => {
            sql.push(" AND ((1 = 1");
            push_scope(sql, scope, "p.", Some("enterprise_uscc"));
            sql.push(") OR EXISTS (SELECT 1 FROM project_team t WHERE t.project_id = p.id AND t.removed_at IS NULL AND t.user_id = ")
                .bind(u)
                .push("))");
        }
    }
}

fn by_number(scope: &Scope, member: Option<i64>, number: &str) -> Sql {
    let mut sql = Sql::new(&format!("SELECT {PROJECT_COLUMNS} FROM projects p WHERE p.number = "));
    sql.bind(number.to_string());
    push_project_scope(&mut sql, scope, member);
    sql
}

/// A project by number, inside the scope or on the task force of `member`.
pub async fn get(store: &Store, scope: &Scope, member: Option<i64>, number: &str) -> Result<Option<ProjectRow>> {
    Ok(by_number(scope, member, number).fetch_optional_as(store.pool()).await?)
}

/// [`get`] inside a write transaction.
pub async fn get_in(tx: &mut WriteTx, scope: &Scope, member: Option<i64>, number: &str) -> Result<Option<ProjectRow>> {
    Ok(by_number(scope, member, number).fetch_optional_as(tx.conn()).await?)
}

/// Filters of the project ledger.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub stage: Option<String>,
    pub key_level: Option<String>,
    pub project_type: Option<String>,
    pub source_region: Option<String>,
    /// Industry codes in `[from, to)` (a section, division, group or class).
    pub industry_range: Option<(String, String)>,
    /// Only projects due an update before this date (stale).
    pub stale_before: Option<String>,
    /// Only projects on this user's task force (and then regardless of scope).
    pub member: Option<i64>,
    /// Only projects placed in this division or below.
    pub division_prefix: Option<String>,
    /// Name contains.
    pub text: Option<String>,
}

/// What a ledger row shows of a project, in this column order.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct ProjectSummaryRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub division: String,
    pub industry: String,
    pub project_type: String,
    pub source_region: String,
    pub enterprise_uscc: Option<String>,
    pub stage: String,
    pub key_level: String,
    pub total_usd: Option<i64>,
    pub contracted_usd: Option<i64>,
    pub utilised_usd: i64,
    pub land_centi_mu: Option<i64>,
    pub jobs: Option<i64>,
    pub signed_on: Option<String>,
    pub construction_on: Option<String>,
    pub production_on: Option<String>,
    pub last_update_on: String,
    pub stale_on: Option<String>,
    /// The lead official's name.
    pub lead_official: Option<String>,
    /// Problem cases raised from the project and still open.
    pub open_problems: i64,
}

const SUMMARY_SELECT: &str = "SELECT p.id, p.number, p.name, p.division, p.industry, p.project_type, \
    p.source_region, p.enterprise_uscc, p.stage, p.key_level, p.total_usd, p.contracted_usd, p.utilised_usd, \
    p.land_centi_mu, p.jobs, p.signed_on, p.construction_on, p.production_on, p.last_update_on, p.stale_on, \
    (SELECT t.name FROM project_team t WHERE t.project_id = p.id AND t.role = 'lead' AND t.removed_at IS NULL \
        ORDER BY t.id LIMIT 1) AS lead_official, \
    (SELECT COUNT(*) FROM cases c WHERE c.project_id = p.id AND c.status NOT IN ('closed', 'withdrawn', \
        'refused', 'terminated')) AS open_problems \
    FROM projects p WHERE 1 = 1";

fn push_filter(sql: &mut Sql, scope: &Scope, f: &ProjectFilter, after: Option<i64>) {
    push_project_scope(sql, scope, f.member);
    if let Some(u) = f.member {
        sql.push(" AND p.id IN (SELECT t.project_id FROM project_team t WHERE t.removed_at IS NULL AND t.user_id = ")
            .bind(u)
            .push(")");
    }
    // A prefecture's or a county's ledger by stage or source is one range of its index (0017).
    // Wider scopes walk the projects newest first: `|| ''` keeps SQLite from skip-scanning
    // those indexes and sorting every match (a national page by stage took 0.5 s).
    let by_division = matches!(
        scope,
        Scope::Division {
            level: DivisionLevel::Prefecture | DivisionLevel::County,
            ..
        }
    );
    let column = |c: &str| {
        if by_division {
            format!(" AND p.{c} = ")
        } else {
            format!(" AND (p.{c} || '') = ")
        }
    };
    if let Some(s) = &f.stage {
        sql.push(&column("stage")).push_lit(s);
    }
    if let Some(k) = &f.key_level {
        sql.push(" AND p.key_level = ").push_lit(k);
    }
    if let Some(t) = &f.project_type {
        sql.push(" AND p.project_type = ").push_lit(t);
    }
    if let Some(r) = &f.source_region {
        sql.push(&column("source_region")).push_lit(r);
    }
    if let Some((from, to)) = &f.industry_range {
        sql.push(" AND p.industry >= ")
            .push_lit(from)
            .push(" AND p.industry < ")
            .push_lit(to);
    }
    if let Some(d) = &f.stale_before {
        sql.push(" AND p.stale_on < ").push_lit(d);
    }
    if let Some(d) = &f.division_prefix {
        sql.push(" AND p.division LIKE ").push_lit(&format!("{d}%"));
    }
    if let Some(t) = &f.text {
        sql.push(" AND p.name LIKE ").bind(format!("%{t}%"));
    }
    if let Some(a) = after {
        sql.push(" AND p.id < ").bind(a);
    }
}

/// One page of the ledger, newest first, after the id `after`.
///
/// **Backend-specific SQL** (tested on both): as the roster's and the cases' lists, the page
/// crosses the driver as one text value ([`Sql::page`]) of the summary columns, not as 50
/// rows of 22 columns each.
pub async fn list(
    store: &Store,
    scope: &Scope,
    f: &ProjectFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<ProjectSummaryRow>> {
    let cols = "id, number, name, division, industry, project_type, source_region, enterprise_uscc, stage, \
                key_level, total_usd, contracted_usd, utilised_usd, land_centi_mu, jobs, signed_on, construction_on, \
                production_on, last_update_on, stale_on, lead_official, open_problems";
    let mut sql = Sql::page_kept(store.backend(), cols, SUMMARY_SELECT);
    push_filter(&mut sql, scope, f, after);
    sql.push(" ORDER BY p.id DESC LIMIT ").push_int(limit);
    let mut rows: Vec<ProjectSummaryRow> = sql.fetch_page_shared(store).await?;
    // Neither aggregate promises to keep the subquery's order: restore it.
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    Ok(rows)
}

/// One page of full project rows, newest first, after `after` (exports).
pub async fn list_full(
    store: &Store,
    scope: &Scope,
    f: &ProjectFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<ProjectRow>> {
    let mut sql = Sql::with(
        store.backend(),
        &format!("SELECT {PROJECT_COLUMNS} FROM projects p WHERE 1 = 1"),
    );
    push_filter(&mut sql, scope, f, after);
    sql.push(" ORDER BY p.id DESC LIMIT ").bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// Tracked projects inside `scope` whose update is overdue (the supervision list), longest overdue first.
pub async fn stale(store: &Store, scope: &Scope, today: &str, limit: i64) -> Result<Vec<ProjectSummaryRow>> {
    let mut sql = Sql::with(store.backend(), SUMMARY_SELECT);
    sql.push(" AND p.stale_on < ").bind(today.to_string());
    push_scope(&mut sql, scope, "p.", Some("enterprise_uscc"));
    sql.push(" ORDER BY p.stale_on, p.id LIMIT ").bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// Days between updates for the first of `divisions` (nearest first) that sets them.
pub async fn update_days(
    conn: &mut sqlx::AnyConnection,
    divisions: &[String],
) -> Result<Option<(String, i64, String)>> {
    for d in divisions {
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT division, days, source FROM project_update_rules WHERE division = $1")
                .bind(d.clone())
                .fetch_optional(&mut *conn)
                .await?;
        if row.is_some() {
            return Ok(row);
        }
    }
    Ok(None)
}

/// Every update rule: (division, days, source).
pub async fn update_rules(store: &Store) -> Result<Vec<(String, i64, String)>> {
    Ok(
        sqlx::query_as("SELECT division, days, source FROM project_update_rules ORDER BY division")
            .fetch_all(store.pool())
            .await?,
    )
}

/// Sets one division's update rule; returns the rule it replaced.
pub async fn set_update_rule(
    tx: &mut WriteTx,
    division: &str,
    days: i64,
    source: &str,
) -> Result<Option<(String, i64, String)>> {
    let before = update_days(tx.conn(), &[division.to_string()]).await?;
    sqlx::query(
        "INSERT INTO project_update_rules (division, days, source) VALUES ($1, $2, $3)
         ON CONFLICT (division) DO UPDATE SET days = excluded.days, source = excluded.source",
    )
    .bind(division.to_string())
    .bind(days)
    .bind(source.to_string())
    .execute(tx.conn())
    .await?;
    Ok(before)
}

/// The tracked projects inside `scope`: (id, division, last update, stale from).
pub async fn tracked_in(tx: &mut WriteTx, scope: &Scope) -> Result<Vec<(i64, String, String, String)>> {
    let mut sql = Sql::with(
        tx.backend(),
        "SELECT p.id, p.division, p.last_update_on, p.stale_on FROM projects p WHERE p.stale_on IS NOT NULL",
    );
    push_scope(&mut sql, scope, "p.", None);
    Ok(sql.fetch_all_as(tx.conn()).await?)
}

/// Moves the day a project goes stale (after its update rule changed).
pub async fn set_stale_on(tx: &mut WriteTx, id: i64, stale_on: &str) -> Result<()> {
    sqlx::query("UPDATE projects SET stale_on = $2 WHERE id = $1")
        .bind(id)
        .bind(stale_on.to_string())
        .execute(tx.conn())
        .await?;
    Ok(())
}
