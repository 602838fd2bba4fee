//! Coverage and aggregate figures of monitoring campaigns, kept current rather than scanned.
//!
//! Every response write adds its enterprise to `campaign_answer_counts` (first answers only)
//! and moves its contribution in `campaign_stats` in the same transaction ([`add_answered`],
//! [`apply`]); a batch of answers merges its deltas first, so a thousand answers from one
//! county touch a few dozen rows. The national coverage view then sums a few thousand rows.

use std::collections::BTreeMap;

use crate::scope::Sql;
use crate::{Result, Store, WriteTx};
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_domain::monitoring::figures::Figures;
use serde::Serialize;

/// Where a row of figures belongs: its grain (`province`, `prefecture`, `county`), division,
/// the province and prefecture above it, and the dimension value (`all`/`all`,
/// `industry`/section, `source`/region, `size`/band).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatKey {
    pub grain: &'static str,
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub dim: &'static str,
    pub key: String,
}

/// Merged changes to figure rows: responses and figures to add, per row.
pub type StatDeltas = BTreeMap<StatKey, (i64, Figures)>;

/// A stored row's identity: grain, division, dimension, value.
type RowId = (&'static str, String, &'static str, String);

/// Adds one response's contribution (`sign` 1) or removes it (`sign` -1) under every key.
pub fn add_delta(deltas: &mut StatDeltas, keys: &[StatKey], figures: &Figures, sign: i64) {
    for k in keys {
        // Look up before cloning: most keys of a batch are already there.
        if let Some(e) = deltas.get_mut(k) {
            e.0 += sign;
            e.1.add(figures, sign);
            continue;
        }
        let e = deltas.entry(k.clone()).or_default();
        e.0 += sign;
        e.1.add(figures, sign);
    }
}

#[derive(sqlx::FromRow)]
struct StoredStat {
    grain: String,
    division: String,
    dim: String,
    key: String,
    responses: i64,
    figures: String,
}

/// Moves the figure rows of a campaign's period by `deltas`.
pub async fn apply(tx: &mut WriteTx, campaign_id: i64, period: &str, deltas: &StatDeltas) -> Result<()> {
    // One entry per stored row, whatever placement the callers gave the keys: two entries for
    // one row in a statement would overwrite each other (SQLite) or be refused (PostgreSQL).
    let mut rows: BTreeMap<RowId, (StatKey, (i64, Figures))> = BTreeMap::new();
    for (k, (n, f)) in deltas {
        let e = rows
            .entry((k.grain, k.division.clone(), k.dim, k.key.clone()))
            .or_insert_with(|| (k.clone(), (0, Figures::default())));
        e.1.0 += n;
        e.1.1.add(f, 1);
    }
    let keys: Vec<(&StatKey, &(i64, Figures))> = rows.values().map(|(k, v)| (k, v)).collect();
    for chunk in keys.chunks(300) {
        // Read the rows these deltas touch (all rows of their divisions, filtered here).
        let mut divisions: Vec<&str> = chunk.iter().map(|(k, _)| k.division.as_str()).collect();
        divisions.sort_unstable();
        divisions.dedup();
        let mut sql = Sql::with(
            tx.backend(),
            "SELECT grain, division, dim, key, responses, figures FROM campaign_stats WHERE campaign_id = ",
        );
        sql.bind(campaign_id).push(" AND period = ").bind(period.to_string());
        sql.push(" AND division IN (");
        for (i, d) in divisions.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(d.to_string());
        }
        sql.push(")");
        let stored: Vec<StoredStat> = sql.fetch_all_as(tx.conn()).await?;
        let mut current: BTreeMap<(String, String, String, String), (i64, String)> = stored
            .into_iter()
            .map(|s| ((s.grain, s.division, s.dim, s.key), (s.responses, s.figures)))
            .collect();
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO campaign_stats (campaign_id, period, grain, division, scope_province, scope_prefecture, dim, \
             key, responses, figures) VALUES ",
        );
        for (i, (k, (n, f))) in chunk.iter().enumerate() {
            let id = (
                k.grain.to_string(),
                k.division.clone(),
                k.dim.to_string(),
                k.key.clone(),
            );
            let (mut responses, mut figures) = match current.remove(&id) {
                Some((r, text)) => (r, serde_json::from_str::<Figures>(&text).unwrap_or_default()),
                None => (0, Figures::default()),
            };
            responses += n;
            figures.add(f, 1);
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(");
            sql.bind(campaign_id).push(", ");
            sql.bind(period.to_string()).push(", ");
            sql.bind(k.grain.to_string()).push(", ");
            sql.bind(k.division.clone()).push(", ");
            sql.bind(k.scope_province.clone()).push(", ");
            sql.bind(k.scope_prefecture.clone()).push(", ");
            sql.bind(k.dim.to_string()).push(", ");
            sql.bind(k.key.clone()).push(", ");
            sql.bind(responses).push(", ");
            sql.bind(serde_json::to_string(&figures).unwrap_or_else(|_| "{}".into()))
                .push(")");
        }
        sql.push(
            " ON CONFLICT (campaign_id, period, grain, division, dim, key) DO UPDATE SET \
             responses = excluded.responses, figures = excluded.figures",
        );
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// A division where enterprises are placed, with the province, prefecture and county above.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlaceKey {
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
}

/// Adds first answers per division to a period's coverage.
pub async fn add_answered(
    tx: &mut WriteTx,
    campaign_id: i64,
    period: &str,
    counts: &BTreeMap<PlaceKey, i64>,
) -> Result<()> {
    let rows: Vec<(&PlaceKey, &i64)> = counts.iter().filter(|(_, n)| **n != 0).collect();
    for chunk in rows.chunks(300) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO campaign_answer_counts (campaign_id, period, division, scope_province, scope_prefecture, \
             scope_county, answered) VALUES ",
        );
        for (i, (k, n)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(");
            sql.bind(campaign_id).push(", ");
            sql.bind(period.to_string()).push(", ");
            sql.bind(k.division.clone()).push(", ");
            sql.bind(k.scope_province.clone()).push(", ");
            sql.bind(k.scope_prefecture.clone()).push(", ");
            sql.bind(k.scope_county.clone()).push(", ");
            sql.bind(**n).push(")");
        }
        sql.push(
            " ON CONFLICT (campaign_id, period, division) DO UPDATE SET \
             answered = campaign_answer_counts.answered + excluded.answered",
        );
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Coverage of one division below (or at) the reader's scope.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CoverageRow {
    pub division: String,
    pub targets: i64,
    pub answered: i64,
}

/// The grouping column of the children of a scope, and its condition.
fn child_grouping(scope: &Scope) -> Option<(&'static str, Option<(&'static str, String)>)> {
    match scope {
        Scope::National => Some(("COALESCE(scope_province, division)", None)),
        Scope::Division { level, code } => match level {
            DivisionLevel::National => Some(("COALESCE(scope_province, division)", None)),
            DivisionLevel::Province => Some((
                "COALESCE(scope_prefecture, division)",
                Some(("scope_province", code.clone())),
            )),
            DivisionLevel::Prefecture => Some((
                "COALESCE(scope_county, division)",
                Some(("scope_prefecture", code.clone())),
            )),
            DivisionLevel::County => Some(("division", Some(("scope_county", code.clone())))),
        },
        Scope::Enterprise { .. } => None,
    }
}

/// Coverage of a period per division one level below `scope` (targets and first answers).
pub async fn coverage(store: &Store, campaign_id: i64, period: &str, scope: &Scope) -> Result<Vec<CoverageRow>> {
    let Some((group, cond)) = child_grouping(scope) else {
        return Ok(vec![]);
    };
    let mut out: BTreeMap<String, CoverageRow> = BTreeMap::new();
    for (table, col, with_period) in [
        ("campaign_target_counts", "targets", false),
        ("campaign_answer_counts", "answered", true),
    ] {
        let mut sql = Sql::new(&format!(
            "SELECT {group} AS g, CAST(SUM({col}) AS BIGINT) AS n FROM {table} WHERE campaign_id = "
        ));
        sql.bind(campaign_id);
        if with_period {
            sql.push(" AND period = ").bind(period.to_string());
        }
        if let Some((c, code)) = &cond {
            sql.push(&format!(" AND {c} = ")).bind(code.clone());
        }
        sql.push(" GROUP BY g");
        let rows: Vec<(String, i64)> = sql.fetch_all_as_planned(store.pool()).await?;
        for (g, n) in rows {
            let e = out.entry(g.clone()).or_insert_with(|| CoverageRow {
                division: g,
                ..CoverageRow::default()
            });
            if with_period {
                e.answered += n;
            } else {
                e.targets += n;
            }
        }
    }
    Ok(out.into_values().collect())
}

/// A stored row of figures.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StatRow {
    pub division: String,
    pub dim: String,
    pub key: String,
    pub responses: i64,
    pub figures: String,
}

/// Which figure rows to read.
#[derive(Debug, Clone)]
pub enum StatSelect {
    /// Every row of a grain (the national view reads the provinces).
    Grain(&'static str),
    /// Rows of a grain under a province or prefecture (`scope_province` / `scope_prefecture`).
    Under(&'static str, &'static str, String),
    /// Rows of one division at a grain.
    Division(&'static str, String),
}

/// Figure rows of a period (`totals_only`: just the `all` rows, for trends).
pub async fn stats(
    store: &Store,
    campaign_id: i64,
    period: &str,
    select: &StatSelect,
    totals_only: bool,
) -> Result<Vec<StatRow>> {
    let mut sql = Sql::new(
        "SELECT division, dim, key, responses, figures FROM campaign_stats WHERE responses <> 0 AND campaign_id = ",
    );
    sql.bind(campaign_id).push(" AND period = ").bind(period.to_string());
    match select {
        StatSelect::Grain(g) => {
            sql.push(" AND grain = ").bind(g.to_string());
        }
        StatSelect::Under(g, col, code) => {
            sql.push(" AND grain = ").bind(g.to_string());
            sql.push(&format!(" AND {col} = ")).bind(code.clone());
        }
        StatSelect::Division(g, d) => {
            sql.push(" AND grain = ").bind(g.to_string());
            sql.push(" AND division = ").bind(d.clone());
        }
    }
    if totals_only {
        sql.push(" AND dim = 'all'");
    }
    Ok(sql.fetch_all_as_planned(store.pool()).await?)
}

/// Removes a campaign's answer counts and figures (before they are recomputed).
pub async fn clear(tx: &mut WriteTx, campaign_id: i64) -> Result<()> {
    for t in ["campaign_answer_counts", "campaign_stats"] {
        sqlx::query(&format!("DELETE FROM {t} WHERE campaign_id = $1"))
            .bind(campaign_id)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

/// Targets and first answers of a period per division where enterprises are placed (the
/// lowest level), for the worker's reminders and escalations.
pub async fn division_counts(store: &Store, campaign_id: i64, period: &str) -> Result<Vec<CoverageRow>> {
    let targets: Vec<(String, i64)> =
        sqlx::query_as("SELECT division, targets FROM campaign_target_counts WHERE campaign_id = $1")
            .bind(campaign_id)
            .fetch_all(store.pool())
            .await?;
    let answered: BTreeMap<String, i64> = sqlx::query_as::<_, (String, i64)>(
        "SELECT division, answered FROM campaign_answer_counts WHERE campaign_id = $1 AND period = $2",
    )
    .bind(campaign_id)
    .bind(period.to_string())
    .fetch_all(store.pool())
    .await?
    .into_iter()
    .collect();
    Ok(targets
        .into_iter()
        .map(|(division, targets)| CoverageRow {
            answered: answered.get(&division).copied().unwrap_or(0),
            division,
            targets,
        })
        .collect())
}
