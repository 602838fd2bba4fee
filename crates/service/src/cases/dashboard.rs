//! The leaders' dashboard: open, overdue and finished cases by division and
//! category, the on-time rate, average working days to resolve, satisfaction,
//! and the supervision list (the longest-overdue cases). Figures come from
//! `case_counts`, kept current by every write; overdue counts from the
//! `next_due` index.

use std::collections::HashMap;

use kaifang_domain::accounts::Role;
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_store::Store;
use kaifang_store::case_stats::{self, GroupCounts};
use serde::Serialize;

use super::{CATEGORIES, CaseView, handles, view};
use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceResult};

/// One row of the dashboard.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct DashboardRow {
    /// Division code, category or kind; empty for the total.
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub open: i64,
    pub overdue: i64,
    /// Closed, withdrawn, refused or terminated.
    pub finished: i64,
    /// Of the cases resolved against a deadline, the share resolved by it (0–1).
    pub on_time_rate: Option<f64>,
    /// Mean working days from receipt to resolution.
    pub avg_days: Option<f64>,
    /// Mean rating 1–5 given by enterprises.
    pub satisfaction: Option<f64>,
    pub rated: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub today: String,
    pub scope_name_zh: String,
    pub total: DashboardRow,
    /// The divisions one level below the viewer's (the viewer's own at county level).
    pub by_division: Vec<DashboardRow>,
    pub by_category: Vec<DashboardRow>,
    pub by_kind: Vec<DashboardRow>,
    /// The longest-overdue open cases, for supervision notices (督办).
    pub supervision: Vec<CaseView>,
}

fn row(key: String, name_zh: String, name_en: String, g: &GroupCounts, overdue: i64) -> DashboardRow {
    let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
    DashboardRow {
        key,
        name_zh,
        name_en,
        open: g.open,
        overdue,
        finished: g.finished,
        on_time_rate: ratio(g.on_time, g.resolved),
        avg_days: ratio(g.days_sum, g.days_n),
        satisfaction: ratio(g.rating_sum, g.rating_n),
        rated: g.rating_n,
    }
}

fn division_name(code: &str) -> (String, String) {
    let rd = kaifang_refdata::get();
    match rd.division(code) {
        Some(d) => (d.name.clone(), d.name.clone()),
        None => (code.to_string(), code.to_string()),
    }
}

/// The dashboard for the caller's jurisdiction.
pub async fn dashboard(store: &Store, cals: &Calendars, p: &Principal) -> ServiceResult<Dashboard> {
    p.require(p.role != Role::Enterprise)?;
    let today = today_cn();
    let today_s = today.to_string();
    let (counts_col, cases_col) = match &p.scope {
        Scope::National => ("scope_province", "scope_province"),
        Scope::Division { level, .. } => match level {
            DivisionLevel::National => ("scope_province", "scope_province"),
            DivisionLevel::Province => ("scope_prefecture", "scope_prefecture"),
            DivisionLevel::Prefecture => ("scope_county", "scope_county"),
            DivisionLevel::County => ("division", "origin_division"),
        },
        Scope::Enterprise { .. } => ("division", "origin_division"),
    };
    let scope = &p.scope;
    let overdue_by = |rows: Vec<(Option<String>, i64)>| -> HashMap<String, i64> {
        rows.into_iter().map(|(k, n)| (k.unwrap_or_default(), n)).collect()
    };
    let od_div = overdue_by(case_stats::overdue(store, scope, &today_s, cases_col).await?);
    let od_cat = overdue_by(case_stats::overdue(store, scope, &today_s, "category").await?);
    let total_overdue: i64 = od_cat.values().sum();

    let totals = case_stats::grouped(store, scope, None).await?;
    let total = row(
        String::new(),
        String::new(),
        String::new(),
        totals.first().unwrap_or(&GroupCounts::default()),
        total_overdue,
    );
    let by_division = case_stats::grouped(store, scope, Some(counts_col))
        .await?
        .iter()
        .map(|g| {
            let key = g.key.clone().unwrap_or_default();
            let (zh, en) = division_name(&key);
            row(key.clone(), zh, en, g, od_div.get(&key).copied().unwrap_or(0))
        })
        .collect();
    let by_category = case_stats::grouped(store, scope, Some("category"))
        .await?
        .iter()
        .map(|g| {
            let key = g.key.clone().unwrap_or_default();
            let (zh, en) = CATEGORIES
                .iter()
                .find(|c| c.0 == key)
                .map_or((key.clone(), key.clone()), |c| (c.1.to_string(), c.2.to_string()));
            row(key.clone(), zh, en, g, od_cat.get(&key).copied().unwrap_or(0))
        })
        .collect();
    let by_kind = case_stats::grouped(store, scope, Some("kind"))
        .await?
        .iter()
        .map(|g| {
            let key = g.key.clone().unwrap_or_default();
            let (zh, en) = match key.as_str() {
                "demand" => ("诉求", "Demands"),
                "complaint" => ("投诉", "Complaints"),
                "problem" => ("问题清单", "Problem list"),
                _ => ("", ""),
            };
            row(key.clone(), zh.into(), en.into(), g, 0)
        })
        .collect();
    let cal = cals.get(store).await?;
    let supervision = kaifang_store::cases::oldest_overdue(store, scope, &today_s, 20)
        .await?
        .iter()
        .map(|c| view(&cal, c, today, handles(p, c)))
        .collect();
    Ok(Dashboard {
        today: today_s,
        scope_name_zh: crate::placement::full_name(&p.division),
        total,
        by_division,
        by_category,
        by_kind,
        supervision,
    })
}
