//! The project dashboard: the pipeline by stage, division, industry and source
//! country, utilised foreign capital by month, the funnel from lead to capacity
//! with the average days spent per stage, and the land appraisal ranking.

use kaifang_domain::projects::{self as rules, Stage};
use kaifang_store::Store;
use kaifang_store::project_stats::{self as stats, GroupRow};
use serde::Serialize;

use super::view::usd_text;
use crate::enterprises::today_cn;
use crate::{Principal, ServiceResult};

/// One group of the dashboard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupFigures {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub projects: i64,
    /// US dollars, decimal text.
    pub total_usd: String,
    pub contracted_usd: String,
    pub utilised_usd: String,
    /// US cents, for charts.
    pub contracted_cents: i64,
    pub utilised_cents: i64,
}

fn figures(g: GroupRow, name_zh: String, name_en: String) -> GroupFigures {
    GroupFigures {
        key: g.key.unwrap_or_default(),
        name_zh,
        name_en,
        projects: g.projects,
        total_usd: usd_text(g.total_usd),
        contracted_usd: usd_text(g.contracted_usd),
        utilised_usd: usd_text(g.utilised_usd),
        contracted_cents: g.contracted_usd,
        utilised_cents: g.utilised_usd,
    }
}

/// One step of the funnel.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FunnelStep {
    pub stage: String,
    /// Projects that reached the stage (its date recorded).
    pub reached: i64,
    /// Average days from the previous stage, over projects with both dates.
    pub avg_days_from_previous: Option<i64>,
}

/// One project of the land appraisal ranking.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LandFigures {
    pub number: String,
    pub name: String,
    pub division: String,
    pub land_mu: String,
    /// Yuan per mu per year.
    pub output_per_mu: String,
    pub tax_per_mu: Option<String>,
}

/// Utilised capital in one month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthFigures {
    /// YYYY-MM.
    pub month: String,
    pub utilised_usd: String,
    pub utilised_cents: i64,
}

/// The whole dashboard of the caller's jurisdiction.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectDashboard {
    pub by_stage: Vec<GroupFigures>,
    pub by_division: Vec<GroupFigures>,
    pub by_industry: Vec<GroupFigures>,
    /// The 15 largest source countries and regions by number of projects.
    pub by_source: Vec<GroupFigures>,
    /// The last 24 months, every month listed (zero when nothing arrived).
    pub utilised_by_month: Vec<MonthFigures>,
    pub funnel: Vec<FunnelStep>,
    pub dropped: i64,
    pub paused: i64,
    pub stale: i64,
    /// Average expected output and tax per mu over projects with land, yuan.
    pub output_per_mu: Option<String>,
    pub tax_per_mu: Option<String>,
    /// The 20 projects with the highest expected output per mu.
    pub land_ranking: Vec<LandFigures>,
}

fn yuan(fen: i64) -> String {
    kaifang_domain::money::Money::from_minor(fen, kaifang_domain::money::Currency::CNY).to_decimal_string()
}

/// The 24 months ending with the month of `today`, oldest first.
fn months(today: time::Date) -> Vec<String> {
    let (mut y, mut m) = (today.year(), u8::from(today.month()) as i32);
    let mut out = Vec::with_capacity(24);
    for _ in 0..24 {
        out.push(format!("{y:04}-{m:02}"));
        m -= 1;
        if m == 0 {
            m = 12;
            y -= 1;
        }
    }
    out.reverse();
    out
}

/// Computed dashboards per jurisdiction, each with the audit head and the day it was
/// computed at: reused while no audited write happened (on any instance) and the day is
/// the same, as leaders reload a dashboard far more often than projects change.
#[derive(Debug, Default)]
pub struct ProjectDashboardCache(
    std::sync::Mutex<std::collections::HashMap<kaifang_domain::jurisdiction::Scope, Cached>>,
);

type Cached = (i64, String, std::sync::Arc<ProjectDashboard>);

/// The dashboard of the caller's jurisdiction, from the cache while nothing was written since.
pub async fn dashboard_cached(
    store: &Store,
    cache: &ProjectDashboardCache,
    p: &Principal,
) -> ServiceResult<std::sync::Arc<ProjectDashboard>> {
    p.require(p.role.can_export())?;
    let stamp = kaifang_store::audit::head_seq(store).await?;
    let today = today_cn().to_string();
    if let Some((s, d, dash)) = cache.0.lock().unwrap_or_else(|e| e.into_inner()).get(&p.scope)
        && *s == stamp
        && *d == today
    {
        return Ok(dash.clone());
    }
    let dash = std::sync::Arc::new(dashboard(store, p).await?);
    cache
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(p.scope.clone(), (stamp, today, dash.clone()));
    Ok(dash)
}

/// Computes the dashboard (officers, leaders and administrators).
pub async fn dashboard(store: &Store, p: &Principal) -> ServiceResult<ProjectDashboard> {
    p.require(p.role.can_export())?;
    let rd = kaifang_refdata::get();
    let today = today_cn();
    let scope = &p.scope;

    let mut by_stage: Vec<GroupFigures> = stats::by_stage(store, scope)
        .await?
        .into_iter()
        .map(|g| {
            let (zh, en) = g.key.as_deref().and_then(Stage::parse).map_or(("", ""), Stage::names);
            figures(g, zh.into(), en.into())
        })
        .collect();
    by_stage.sort_by_key(|g| Stage::parse(&g.key).map_or(99, |s| s as u8));

    let mut by_division: Vec<GroupFigures> = stats::by_division(store, scope)
        .await?
        .into_iter()
        .map(|g| {
            let name = g
                .key
                .as_deref()
                .and_then(|k| rd.division(k))
                .map_or(String::new(), |d| d.name.clone());
            figures(g, name.clone(), name)
        })
        .collect();
    by_division.sort_by(|a, b| b.projects.cmp(&a.projects).then(a.key.cmp(&b.key)));

    // Industry divisions (two digits) rolled up to their sections (A–T).
    let mut sections: std::collections::BTreeMap<String, GroupRow> = Default::default();
    for g in stats::by_industry_division(store, scope).await? {
        let section = g
            .key
            .as_deref()
            .and_then(|k| rd.industry(k))
            .map_or("?".to_string(), |i| i.section.to_string());
        let e = sections.entry(section.clone()).or_insert_with(|| GroupRow {
            key: Some(section),
            ..Default::default()
        });
        e.projects += g.projects;
        e.total_usd += g.total_usd;
        e.contracted_usd += g.contracted_usd;
        e.utilised_usd += g.utilised_usd;
    }
    let by_industry = sections
        .into_values()
        .map(|g| {
            let ind = g.key.as_deref().and_then(|k| rd.industry(k));
            let zh = ind.map_or(String::new(), |i| i.name_zh.clone());
            // The standard has no English names: English pages show the section letter.
            let en = format!("Section {}", g.key.clone().unwrap_or_default());
            figures(g, zh, en)
        })
        .collect();

    let mut by_source: Vec<GroupFigures> = stats::by_source(store, scope)
        .await?
        .into_iter()
        .map(|g| {
            let r = g.key.as_deref().and_then(|k| rd.region(k));
            let zh = r.map_or(String::new(), |r| r.name_zh.clone());
            let en = r.map_or(String::new(), |r| r.name_en.clone());
            figures(g, zh, en)
        })
        .collect();
    by_source.sort_by(|a, b| b.projects.cmp(&a.projects).then(a.key.cmp(&b.key)));
    by_source.truncate(15);

    let months = months(today);
    let arrived: std::collections::HashMap<String, i64> = stats::utilised_by_month(store, scope, &months[0])
        .await?
        .into_iter()
        .collect();
    let utilised_by_month = months
        .iter()
        .map(|m| {
            let cents = arrived.get(m).copied().unwrap_or(0);
            MonthFigures {
                month: m.clone(),
                utilised_usd: usd_text(cents),
                utilised_cents: cents,
            }
        })
        .collect();

    let f = stats::funnel(store, scope).await?;
    let avg = |days: i64, n: i64| (n > 0).then(|| days / n);
    let funnel = vec![
        FunnelStep {
            stage: "lead".into(),
            reached: f.leads,
            avg_days_from_previous: None,
        },
        FunnelStep {
            stage: "talks".into(),
            reached: f.talks,
            avg_days_from_previous: avg(f.lead_talks_days, f.lead_talks_n),
        },
        FunnelStep {
            stage: "signed".into(),
            reached: f.signed,
            avg_days_from_previous: avg(f.talks_signed_days, f.talks_signed_n),
        },
        FunnelStep {
            stage: "construction".into(),
            reached: f.construction,
            avg_days_from_previous: avg(f.signed_construction_days, f.signed_construction_n),
        },
        FunnelStep {
            stage: "production".into(),
            reached: f.production,
            avg_days_from_previous: avg(f.construction_production_days, f.construction_production_n),
        },
        FunnelStep {
            stage: "capacity".into(),
            reached: f.capacity,
            avg_days_from_previous: avg(f.production_capacity_days, f.production_capacity_n),
        },
    ];

    let (land, output, tax) = (f.land_centi_mu, f.output_minor, f.tax_minor);
    let land_ranking = stats::land_ranking(store, scope, 20)
        .await?
        .into_iter()
        .map(|l| LandFigures {
            output_per_mu: rules::per_mu(l.output_minor, l.land_centi_mu).map_or(String::new(), yuan),
            tax_per_mu: l.tax_minor.and_then(|t| rules::per_mu(t, l.land_centi_mu)).map(yuan),
            land_mu: kaifang_domain::money::Money::from_minor(l.land_centi_mu, kaifang_domain::money::Currency::USD)
                .to_decimal_string(),
            number: l.number,
            name: l.name,
            division: l.division,
        })
        .collect();
    Ok(ProjectDashboard {
        by_stage,
        by_division,
        by_industry,
        by_source,
        utilised_by_month,
        funnel,
        dropped: f.dropped,
        paused: f.paused,
        stale: stats::stale_count(store, scope, &today.to_string()).await?,
        output_per_mu: rules::per_mu(output, land).map(yuan),
        tax_per_mu: rules::per_mu(tax, land).map(yuan),
        land_ranking,
    })
}
