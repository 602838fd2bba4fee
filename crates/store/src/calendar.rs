//! The stored working-day calendar: one row per year whose schedule is known,
//! one row per listed day. Not scoped: the calendar is national.

use crate::scope::Sql;
use crate::{Result, Store, WriteTx};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct YearRow {
    pub year: i64,
    pub published: i64,
    pub source: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct DayRow {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `holiday` or `workday`.
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub notice_year: i64,
}

pub async fn years(store: &Store) -> Result<Vec<YearRow>> {
    Ok(
        sqlx::query_as("SELECT year, published, source, updated_at, updated_by FROM calendar_years ORDER BY year")
            .fetch_all(store.pool())
            .await?,
    )
}

/// Every listed day of every year, in date order.
pub async fn days(store: &Store) -> Result<Vec<DayRow>> {
    Ok(
        sqlx::query_as("SELECT day, kind, name_zh, name_en, notice_year FROM calendar_days ORDER BY day")
            .fetch_all(store.pool())
            .await?,
    )
}

/// The year's row and its listed days, inside a write transaction.
pub async fn year_in(tx: &mut WriteTx, year: i64) -> Result<Option<(YearRow, Vec<DayRow>)>> {
    let row: Option<YearRow> =
        sqlx::query_as("SELECT year, published, source, updated_at, updated_by FROM calendar_years WHERE year = $1")
            .bind(year)
            .fetch_optional(tx.conn())
            .await?;
    let Some(row) = row else { return Ok(None) };
    let days = sqlx::query_as(
        "SELECT day, kind, name_zh, name_en, notice_year FROM calendar_days WHERE notice_year = $1 ORDER BY day",
    )
    .bind(year)
    .fetch_all(tx.conn())
    .await?;
    Ok(Some((row, days)))
}

/// Listed days among `dates` that belong to another notice year than `year`.
pub async fn listed_elsewhere(tx: &mut WriteTx, year: i64, dates: &[String]) -> Result<Vec<DayRow>> {
    if dates.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::with(
        tx.backend(),
        "SELECT day, kind, name_zh, name_en, notice_year FROM calendar_days WHERE notice_year <> ",
    );
    sql.bind(year).push(" AND day IN (");
    for (i, d) in dates.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(d.clone());
    }
    sql.push(") ORDER BY day");
    Ok(sql.fetch_all_as(tx.conn()).await?)
}

/// Replaces a year's schedule: its row and every day its notice lists. The
/// caller audits the change with the schedule before and after.
pub async fn replace_year(tx: &mut WriteTx, year: &YearRow, days: &[DayRow]) -> Result<()> {
    sqlx::query(
        "INSERT INTO calendar_years (year, published, source, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (year) DO UPDATE SET published = excluded.published, source = excluded.source,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(year.year)
    .bind(year.published)
    .bind(year.source.clone())
    .bind(year.updated_at.clone())
    .bind(year.updated_by.clone())
    .execute(tx.conn())
    .await?;
    // Reference data, not a business record: the previous schedule is kept in
    // the audit entry's `before`.
    sqlx::query("DELETE FROM calendar_days WHERE notice_year = $1")
        .bind(year.year)
        .execute(tx.conn())
        .await?;
    for chunk in days.chunks(200) {
        let mut sql = Sql::with(
            tx.backend(),
            "INSERT INTO calendar_days (day, kind, name_zh, name_en, notice_year) VALUES ",
        );
        for (i, d) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(d.day.clone()).push(", ");
            sql.bind(d.kind.clone()).push(", ");
            sql.bind(d.name_zh.clone()).push(", ");
            sql.bind(d.name_en.clone()).push(", ");
            sql.bind(year.year).push(")");
        }
        sql.execute(tx.conn()).await?;
    }
    Ok(())
}
