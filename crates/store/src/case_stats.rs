//! Case figures kept current for the leaders' dashboard (`case_counts`): each
//! case contributes one to the row of its division of origin, kind, category
//! and status, plus its resolution, timeliness, working days and rating. A
//! write takes the old contribution away and adds the new one in the same
//! transaction, so the dashboard sums a few thousand rows, never the cases.
//! The same figures are rolled up per province (`case_counts_by_province`) for
//! the national view, which would otherwise sum one row per county.

use crate::cases::CaseRow;
use crate::scope::{Sql, push_scope, push_scope_unindexed};
use crate::{Result, Store, WriteTx};
use kaifang_domain::cases::Status;
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use std::collections::BTreeMap;

/// Adds (`sign` 1) or removes (`sign` -1) a case's contribution.
pub async fn apply(tx: &mut WriteTx, c: &CaseRow, sign: i64) -> Result<()> {
    apply_many(tx, &[c], sign).await
}

/// n, resolved, on_time, days_n, days_sum, rating_n, rating_sum of one case: the same
/// for both tables.
fn sums_of(c: &CaseRow, sign: i64) -> [i64; 7] {
    let resolved = c.resolved_on.is_some() && c.resolve_due.is_some();
    let on_time = resolved && c.resolved_on <= c.resolve_due;
    [
        sign,
        sign * i64::from(resolved),
        sign * i64::from(on_time),
        sign * i64::from(c.days_to_close.is_some()),
        sign * c.days_to_close.unwrap_or(0),
        sign * i64::from(c.rating.is_some()),
        sign * c.rating.unwrap_or(0),
    ]
}

fn add(into: &mut [i64; 7], from: [i64; 7]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

/// Adds or removes many cases' contributions: summed per row first (one statement may
/// not touch a row twice on PostgreSQL), then one upsert per table and 200 rows.
pub async fn apply_many(tx: &mut WriteTx, cases: &[&CaseRow], sign: i64) -> Result<()> {
    type DivisionKey = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
    );
    let mut by_division: BTreeMap<DivisionKey, [i64; 7]> = BTreeMap::new();
    let mut by_province: BTreeMap<(String, String, String, String), [i64; 7]> = BTreeMap::new();
    for c in cases {
        let sums = sums_of(c, sign);
        let key = (
            c.origin_division.clone(),
            c.scope_province.clone(),
            c.scope_prefecture.clone(),
            c.scope_county.clone(),
            c.kind.clone(),
            c.category.clone(),
            c.status.clone(),
        );
        add(by_division.entry(key).or_insert([0; 7]), sums);
        let key = (
            c.scope_province.clone().unwrap_or_default(),
            c.kind.clone(),
            c.category.clone(),
            c.status.clone(),
        );
        add(by_province.entry(key).or_insert([0; 7]), sums);
    }
    let rows: Vec<_> = by_division.into_iter().collect();
    for chunk in rows.chunks(200) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO case_counts (division, scope_province, scope_prefecture, scope_county, kind, category,
                status, n, resolved, on_time, days_n, days_sum, rating_n, rating_sum) VALUES ",
        );
        for (i, ((division, province, prefecture, county, kind, category, status), sums)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(division.clone()).push(", ");
            sql.bind(province.clone()).push(", ");
            sql.bind(prefecture.clone()).push(", ");
            sql.bind(county.clone()).push(", ");
            sql.bind(kind.clone()).push(", ");
            sql.bind(category.clone()).push(", ");
            sql.bind(status.clone());
            for v in sums {
                sql.push(", ").bind(*v);
            }
            sql.push(")");
        }
        sql.push(
            " ON CONFLICT (division, kind, category, status) DO UPDATE SET
            n = case_counts.n + excluded.n, resolved = case_counts.resolved + excluded.resolved,
            on_time = case_counts.on_time + excluded.on_time, days_n = case_counts.days_n + excluded.days_n,
            days_sum = case_counts.days_sum + excluded.days_sum, rating_n = case_counts.rating_n + excluded.rating_n,
            rating_sum = case_counts.rating_sum + excluded.rating_sum",
        );
        sql.execute(tx.conn()).await?;
    }
    let rows: Vec<_> = by_province.into_iter().collect();
    for chunk in rows.chunks(200) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO case_counts_by_province (province, kind, category, status, n, resolved, on_time, days_n,
                days_sum, rating_n, rating_sum) VALUES ",
        );
        for (i, ((province, kind, category, status), sums)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(province.clone()).push(", ");
            sql.bind(kind.clone()).push(", ");
            sql.bind(category.clone()).push(", ");
            sql.bind(status.clone());
            for v in sums {
                sql.push(", ").bind(*v);
            }
            sql.push(")");
        }
        sql.push(
            " ON CONFLICT (province, kind, category, status) DO UPDATE SET
            n = case_counts_by_province.n + excluded.n, resolved = case_counts_by_province.resolved + excluded.resolved,
            on_time = case_counts_by_province.on_time + excluded.on_time,
            days_n = case_counts_by_province.days_n + excluded.days_n,
            days_sum = case_counts_by_province.days_sum + excluded.days_sum,
            rating_n = case_counts_by_province.rating_n + excluded.rating_n,
            rating_sum = case_counts_by_province.rating_sum + excluded.rating_sum",
        );
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Recomputes every row from the cases (after a bulk load, or to repair).
pub async fn rebuild(tx: &mut WriteTx) -> Result<u64> {
    sqlx::query("DELETE FROM case_counts").execute(tx.conn()).await?;
    sqlx::query("DELETE FROM case_counts_by_province")
        .execute(tx.conn())
        .await?;
    let rows = sqlx::query(
        "INSERT INTO case_counts (division, scope_province, scope_prefecture, scope_county, kind, category, status,
            n, resolved, on_time, days_n, days_sum, rating_n, rating_sum)
         SELECT origin_division, MIN(scope_province), MIN(scope_prefecture), MIN(scope_county), kind, category,
            status, COUNT(*),
            SUM(CASE WHEN resolved_on IS NOT NULL AND resolve_due IS NOT NULL THEN 1 ELSE 0 END),
            SUM(CASE WHEN resolved_on IS NOT NULL AND resolve_due IS NOT NULL AND resolved_on <= resolve_due
                THEN 1 ELSE 0 END),
            SUM(CASE WHEN days_to_close IS NOT NULL THEN 1 ELSE 0 END), SUM(COALESCE(days_to_close, 0)),
            SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END), SUM(COALESCE(rating, 0))
         FROM cases GROUP BY origin_division, kind, category, status",
    )
    .execute(tx.conn())
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO case_counts_by_province (province, kind, category, status, n, resolved, on_time, days_n, days_sum,
            rating_n, rating_sum)
         SELECT COALESCE(scope_province, ''), kind, category, status, SUM(n), SUM(resolved), SUM(on_time),
            SUM(days_n), SUM(days_sum), SUM(rating_n), SUM(rating_sum)
         FROM case_counts GROUP BY COALESCE(scope_province, ''), kind, category, status",
    )
    .execute(tx.conn())
    .await?;
    Ok(rows)
}

/// Summed figures of one group (a division below the viewer, or a category).
#[derive(Debug, Clone, Default, sqlx::FromRow, serde::Serialize)]
pub struct GroupCounts {
    pub key: Option<String>,
    pub open: i64,
    pub finished: i64,
    pub resolved: i64,
    pub on_time: i64,
    pub days_n: i64,
    pub days_sum: i64,
    pub rating_n: i64,
    pub rating_sum: i64,
}

/// Summed figures by (group, kind, category) in one pass over `case_counts`
/// (the group's value is `counts.key`):
/// the dashboard folds the totals, the divisions, the categories and the
/// kinds out of these rows instead of reading the table four times.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct BreakdownRow {
    pub kind: String,
    pub category: String,
    #[sqlx(flatten)]
    pub counts: GroupCounts,
}

pub async fn breakdown(store: &Store, scope: &Scope, group: &str) -> Result<Vec<BreakdownRow>> {
    let key = match group {
        g @ ("scope_province" | "scope_prefecture" | "scope_county" | "division") => g,
        _ => return Err(crate::StoreError::Config("unknown grouping".into())),
    };
    let finished = Status::FINISHED_SQL;
    let sums = format!(
        "CAST(COALESCE(SUM(CASE WHEN status NOT IN {finished} THEN n ELSE 0 END), 0) AS BIGINT) AS open,
        CAST(COALESCE(SUM(CASE WHEN status IN {finished} THEN n ELSE 0 END), 0) AS BIGINT) AS finished,
        CAST(COALESCE(SUM(resolved), 0) AS BIGINT) AS resolved, CAST(COALESCE(SUM(on_time), 0) AS BIGINT) AS on_time,
        CAST(COALESCE(SUM(days_n), 0) AS BIGINT) AS days_n, CAST(COALESCE(SUM(days_sum), 0) AS BIGINT) AS days_sum,
        CAST(COALESCE(SUM(rating_n), 0) AS BIGINT) AS rating_n,
        CAST(COALESCE(SUM(rating_sum), 0) AS BIGINT) AS rating_sum"
    );
    let national = match scope {
        Scope::National => true,
        Scope::Division { level, .. } => *level == DivisionLevel::National,
        Scope::Enterprise { .. } => false,
    };
    if national && key == "scope_province" {
        // The province roll-up: one row per province, kind, category and status.
        return Ok(sqlx::query_as(&format!(
            "SELECT NULLIF(province, '') AS key, kind, category, {sums}
             FROM case_counts_by_province WHERE n <> 0 GROUP BY province, kind, category"
        ))
        .fetch_all(store.pool())
        .await?);
    }
    let mut sql = Sql::with(
        store.backend(),
        &format!(
            "SELECT {key} AS key, kind, category, {sums}
             FROM case_counts WHERE n <> 0"
        ),
    );
    push_scope(&mut sql, scope, "", None);
    sql.push(&format!(" GROUP BY {key}, kind, category"));
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// Open cases past their next deadline inside `scope`, counted by a placement
/// column and category in one pass over the `cases_due_open` index.
pub async fn overdue_breakdown(
    store: &Store,
    scope: &Scope,
    today: &str,
    group: &str,
) -> Result<Vec<(Option<String>, String, i64)>> {
    let key = match group {
        g @ ("scope_province" | "scope_prefecture" | "scope_county" | "origin_division") => g,
        _ => return Err(crate::StoreError::Config("unknown grouping".into())),
    };
    let mut sql = Sql::with(
        store.backend(),
        &format!("SELECT {key}, category, CAST(COUNT(*) AS BIGINT) FROM cases c WHERE c.next_due < "),
    );
    sql.bind(today.to_string());
    // The status and the scope as expressions, so that neither planner walks a scope or an
    // open-case index (259,003 cases in Guangdong; 56,346 open cases with a lookup each, 327 ms)
    // instead of the open deadlines in `cases_due_open` (20–40 ms).
    sql.push(&format!(
        " AND c.status || '' NOT IN {} AND c.status <> 'paused'",
        Status::FINISHED_SQL
    ));
    push_scope_unindexed(&mut sql, scope, "c.", None);
    sql.push(&format!(" GROUP BY {key}, category"));
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// The newest ledger entry's id: every write that changes the figures (filing, a move, an overdue
/// flag) adds a ledger entry, so an unchanged stamp means unchanged figures for the day.
pub async fn ledger_stamp(store: &Store) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM case_events")
            .fetch_one(store.pool())
            .await?,
    )
}
