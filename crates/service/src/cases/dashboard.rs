//! The leaders' dashboard: open, overdue and finished cases by division and
//! category, the on-time rate, average working days to resolve, satisfaction,
//! and the supervision list (the longest-overdue cases). Figures come from
//! `case_counts`, kept current by every write; overdue counts from the
//! `next_due` index.

use std::collections::{BTreeMap, HashMap};

use kaifang_domain::accounts::Role;
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_store::Store;
use kaifang_store::case_stats::{self, GroupCounts};
use serde::Serialize;

use super::ledger::{summary, summary_row};
use super::{CATEGORIES, CaseSummary};
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
    pub supervision: Vec<CaseSummary>,
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

fn add(into: &mut GroupCounts, g: &GroupCounts) {
    into.open += g.open;
    into.finished += g.finished;
    into.resolved += g.resolved;
    into.on_time += g.on_time;
    into.days_n += g.days_n;
    into.days_sum += g.days_sum;
    into.rating_n += g.rating_n;
    into.rating_sum += g.rating_sum;
}

fn division_name(code: &str) -> (String, String) {
    let rd = kaifang_refdata::get();
    match rd.division(code) {
        Some(d) => (d.name.clone(), d.name.clone()),
        None => (code.to_string(), code.to_string()),
    }
}

/// Dashboards already computed, per jurisdiction, with the ledger stamp and the day they were
/// computed for: a leaders' page opened by many at once is computed once per change.
#[derive(Debug, Default)]
pub struct DashboardCache(std::sync::Mutex<HashMap<(Scope, String), Cached>>);

/// A computed dashboard with the ledger stamp and the day it was computed for.
type Cached = (i64, String, std::sync::Arc<Dashboard>);

/// The dashboard for the caller's jurisdiction: from the cache while no case was written since
/// (one indexed `MAX(id)` on the ledger tells), else computed.
pub async fn dashboard(
    store: &Store,
    cals: &Calendars,
    cache: &DashboardCache,
    p: &Principal,
) -> ServiceResult<std::sync::Arc<Dashboard>> {
    p.require(p.role != Role::Enterprise)?;
    let stamp = case_stats::ledger_stamp(store).await?;
    let today = today_cn().to_string();
    // The figures depend on the scope; the page's title on the caller's division.
    let key = (p.scope.clone(), p.division.clone());
    if let Some((s, d, dash)) = cache.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key)
        && *s == stamp
        && *d == today
    {
        return Ok(dash.clone());
    }
    let dash = std::sync::Arc::new(compute(store, cals, p).await?);
    cache
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, (stamp, today, dash.clone()));
    Ok(dash)
}

async fn compute(store: &Store, cals: &Calendars, p: &Principal) -> ServiceResult<Dashboard> {
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
    // One pass over the kept counts and one over the open-deadline index; the totals, divisions,
    // categories and kinds are folded here.
    let mut od_div: HashMap<String, i64> = HashMap::new();
    let mut od_cat: HashMap<String, i64> = HashMap::new();
    for (k, category, n) in case_stats::overdue_breakdown(store, scope, &today_s, cases_col).await? {
        *od_div.entry(k.unwrap_or_default()).or_default() += n;
        *od_cat.entry(category).or_default() += n;
    }
    let total_overdue: i64 = od_cat.values().sum();
    let mut total_g = GroupCounts::default();
    let mut div_g: BTreeMap<String, GroupCounts> = BTreeMap::new();
    let mut cat_g: BTreeMap<String, GroupCounts> = BTreeMap::new();
    let mut kind_g: BTreeMap<String, GroupCounts> = BTreeMap::new();
    for r in case_stats::breakdown(store, scope, counts_col).await? {
        add(&mut total_g, &r.counts);
        add(
            div_g.entry(r.counts.key.clone().unwrap_or_default()).or_default(),
            &r.counts,
        );
        add(cat_g.entry(r.category.clone()).or_default(), &r.counts);
        add(kind_g.entry(r.kind.clone()).or_default(), &r.counts);
    }
    let total = row(String::new(), String::new(), String::new(), &total_g, total_overdue);
    let by_division = div_g
        .iter()
        .filter(|(_, g)| g.open + g.finished > 0)
        .map(|(key, g)| {
            let (zh, en) = division_name(key);
            row(key.clone(), zh, en, g, od_div.get(key).copied().unwrap_or(0))
        })
        .collect();
    let by_category = cat_g
        .iter()
        .filter(|(_, g)| g.open + g.finished > 0)
        .map(|(key, g)| {
            let (zh, en) = CATEGORIES
                .iter()
                .find(|c| c.0 == key)
                .map_or((key.clone(), key.clone()), |c| (c.1.to_string(), c.2.to_string()));
            row(key.clone(), zh, en, g, od_cat.get(key).copied().unwrap_or(0))
        })
        .collect();
    let by_kind = kind_g
        .iter()
        .filter(|(_, g)| g.open + g.finished > 0)
        .map(|(key, g)| {
            let (zh, en) = super::kind_name(key).unwrap_or(("", ""));
            row(key.clone(), zh.into(), en.into(), g, 0)
        })
        .collect();
    let cal = cals.get(store).await?;
    let supervision = kaifang_store::cases::oldest_overdue(store, scope, &today_s, 20)
        .await?
        .iter()
        .map(|c| summary(&cal, summary_row(c), today))
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
