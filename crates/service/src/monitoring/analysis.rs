//! The aggregates of a period inside the reader's jurisdiction: every indicator's figures
//! against the previous period (like-for-like for compared indicators), breakdowns by
//! division, industry section, source country or region and size band, percent
//! distributions, and the trend over the campaign's periods.

use std::collections::BTreeMap;

use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_domain::monitoring::figures::{Figures, contribution, employees};
use kaifang_domain::monitoring::{self as m, Answers, Indicator, IndicatorKind};
use kaifang_store::Store;
use kaifang_store::monitoring_responses as store_r;
use kaifang_store::monitoring_stats::{self as stats, StatSelect};
use serde::Serialize;

use super::respond::period_or_current;
use super::{Loaded, load};
use crate::{Principal, ServiceResult};

/// One indicator's figures over the responses of a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IndicatorFigures {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub kind: String,
    pub unit: Option<String>,
    pub answered: i64,
    /// Mean in hundredths (numeric kinds).
    pub mean: Option<i64>,
    /// Sum in hundredths (numeric kinds).
    pub sum: i64,
    /// Share answering yes, basis points (yes/no kind).
    pub yes_bp: Option<i64>,
    /// (choice code, zh, en, answers) (choice kind).
    pub choices: Vec<(String, String, String, i64)>,
    /// Answers per ten-point band (percent kind).
    pub bands: Vec<i64>,
    /// The previous period's mean (hundredths), when there is one.
    pub previous_mean: Option<i64>,
    pub previous_answered: Option<i64>,
    /// Like-for-like change against the previous period (enterprises that answered both),
    /// basis points of a percent.
    pub pair_change_bp: Option<i64>,
    pub pair_n: i64,
}

/// Figures of one value of a breakdown (a division, an industry section, …).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DimFigures {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub responses: i64,
    /// Indicator code → mean (numeric, hundredths) or yes share (basis points).
    pub values: BTreeMap<String, i64>,
}

/// A point of the trend: a period's responses and each indicator's mean or yes share.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrendPoint {
    pub period: String,
    pub responses: i64,
    pub values: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Analysis {
    pub number: String,
    pub period: String,
    pub previous_period: Option<String>,
    pub responses: i64,
    pub indicators: Vec<IndicatorFigures>,
    pub by_division: Vec<DimFigures>,
    pub by_industry: Vec<DimFigures>,
    pub by_source: Vec<DimFigures>,
    pub by_size: Vec<DimFigures>,
    pub trend: Vec<TrendPoint>,
    pub size_source_zh: String,
    pub size_source_en: String,
}

/// Figure rows of a period: (division, dim, key) → (responses, figures).
type Rows = BTreeMap<(String, String, String), (i64, Figures)>;

fn from_stored(rows: Vec<stats::StatRow>, into: &mut Rows) {
    for r in rows {
        let f: Figures = serde_json::from_str(&r.figures).unwrap_or_default();
        let e = into.entry((r.division, r.dim, r.key)).or_default();
        e.0 += r.responses;
        e.1.add(&f, 1);
    }
}

/// Computes a county's rows from its responses (a county is small).
async fn live(store: &Store, c: &Loaded, period: &str, scope: &Scope) -> ServiceResult<Rows> {
    let versions = super::all_versions(store, c.row.id).await?;
    let rows = store_r::for_analysis(store, c.row.id, period, scope).await?;
    let mut previous: BTreeMap<i64, Answers> = BTreeMap::new();
    if let Some(pk) = m::previous_key(c.kind, period) {
        for r in store_r::for_analysis(store, c.row.id, &pk, scope).await? {
            previous.insert(r.enterprise_id, serde_json::from_str(&r.answers).unwrap_or_default());
        }
    }
    let mut out = Rows::new();
    for r in rows {
        let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
        let inds = versions.get(&r.indicator_version).unwrap_or(&c.indicators);
        let f = contribution(inds, &answers, previous.get(&r.enterprise_id));
        let size = m::size_band(employees(&answers)).as_str().to_string();
        for (dim, key) in [
            ("all", "all".to_string()),
            ("industry", r.industry_section.clone()),
            ("source", r.source_region.clone().unwrap_or_else(|| "unknown".into())),
            ("size", size),
        ] {
            let e = out.entry((r.division.clone(), dim.to_string(), key)).or_default();
            e.0 += 1;
            e.1.add(&f, 1);
        }
    }
    Ok(out)
}

/// The rows of a period for the reader's scope, and the rows of its divisions one level down.
async fn rows_for(
    store: &Store,
    c: &Loaded,
    period: &str,
    scope: &Scope,
    totals_only: bool,
) -> ServiceResult<(Rows, Rows)> {
    let id = c.row.id;
    let mut totals = Rows::new();
    let mut divisions = Rows::new();
    match scope {
        Scope::National
        | Scope::Division {
            level: DivisionLevel::National,
            ..
        } => {
            from_stored(
                stats::stats(store, id, period, &StatSelect::Grain("province"), totals_only).await?,
                &mut totals,
            );
            divisions = totals.clone();
        }
        Scope::Division {
            level: DivisionLevel::Province,
            code,
        } => {
            from_stored(
                stats::stats(
                    store,
                    id,
                    period,
                    &StatSelect::Under("prefecture", "scope_province", code.clone()),
                    totals_only,
                )
                .await?,
                &mut totals,
            );
            divisions = totals.clone();
        }
        Scope::Division {
            level: DivisionLevel::Prefecture,
            code,
        } => {
            from_stored(
                stats::stats(
                    store,
                    id,
                    period,
                    &StatSelect::Division("prefecture", code.clone()),
                    totals_only,
                )
                .await?,
                &mut totals,
            );
            from_stored(
                stats::stats(
                    store,
                    id,
                    period,
                    &StatSelect::Under("county", "scope_prefecture", code.clone()),
                    true,
                )
                .await?,
                &mut divisions,
            );
        }
        Scope::Division {
            level: DivisionLevel::County,
            code,
        } => {
            // The county's totals are kept; its breakdowns are computed from its answers.
            if totals_only {
                from_stored(
                    stats::stats(store, id, period, &StatSelect::Division("county", code.clone()), true).await?,
                    &mut totals,
                );
            } else {
                totals = live(store, c, period, scope).await?;
            }
            divisions = totals.clone();
        }
        Scope::Enterprise { .. } => {}
    }
    Ok((totals, divisions))
}

/// Sums rows of one dimension by key.
fn by_dim(rows: &Rows, dim: &str, by_division: bool) -> BTreeMap<String, (i64, Figures)> {
    let mut out: BTreeMap<String, (i64, Figures)> = BTreeMap::new();
    for ((division, d, key), (n, f)) in rows {
        if d != dim {
            continue;
        }
        let k = if by_division { division.clone() } else { key.clone() };
        let e = out.entry(k).or_default();
        e.0 += n;
        e.1.add(f, 1);
    }
    out
}

fn headline(ind: &Indicator, f: &Figures) -> Option<i64> {
    let fig = f.get(&ind.code)?;
    match ind.kind {
        IndicatorKind::YesNo => (fig.n > 0).then(|| fig.yes * 10_000 / fig.n),
        k if k.is_numeric() => fig.mean(),
        _ => None,
    }
}

fn values(inds: &[Indicator], f: &Figures) -> BTreeMap<String, i64> {
    inds.iter()
        .filter_map(|i| headline(i, f).map(|v| (i.code.clone(), v)))
        .collect()
}

fn dim_name(dim: &str, key: &str) -> (String, String) {
    let rd = kaifang_refdata::get();
    match dim {
        "division" => {
            let n = rd
                .division(key)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| key.to_string());
            (n.clone(), n)
        }
        "industry" => rd
            .industry(key)
            .map(|i| (i.name_zh.clone(), format!("{} {}", i.code, i.name_zh)))
            .unwrap_or_else(|| (key.to_string(), key.to_string())),
        "source" => rd
            .region(key)
            .map(|r| (r.name_zh.clone(), r.name_en.clone()))
            .unwrap_or_else(|| ("未知".into(), "unknown".into())),
        "size" => m::SizeBand::parse(key)
            .map(|b| (b.names().0.to_string(), b.names().1.to_string()))
            .unwrap_or_else(|| (key.to_string(), key.to_string())),
        _ => (key.to_string(), key.to_string()),
    }
}

fn dims(inds: &[Indicator], rows: &BTreeMap<String, (i64, Figures)>, dim: &str) -> Vec<DimFigures> {
    let mut out: Vec<DimFigures> = rows
        .iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(k, (n, f))| {
            let (zh, en) = dim_name(dim, k);
            DimFigures {
                key: k.clone(),
                name_zh: zh,
                name_en: en,
                responses: *n,
                values: values(inds, f),
            }
        })
        .collect();
    out.sort_by(|a, b| b.responses.cmp(&a.responses).then(a.key.cmp(&b.key)));
    out
}

/// The aggregates of a period inside the reader's jurisdiction (officers and leaders).
pub async fn analysis(store: &Store, p: &Principal, number: &str, period: Option<&str>) -> ServiceResult<Analysis> {
    p.require(!matches!(p.scope, Scope::Enterprise { .. }))?;
    let c = load(store, p, number).await?;
    let period = period_or_current(&c, period)?;
    let (totals, divisions) = rows_for(store, &c, &period, &p.scope, false).await?;
    let total = by_dim(&totals, "all", false).remove("all").unwrap_or_default();
    // The previous period only when the campaign had it.
    let previous_period = m::previous_key(c.kind, &period).filter(|pk| {
        match (
            kaifang_domain::calendar::parse_date(&c.row.opens_on),
            kaifang_domain::calendar::parse_date(&c.row.closes_on),
        ) {
            (Some(o), Some(cl)) => m::periods(c.kind, o, cl).iter().any(|p| &p.key == pk),
            _ => false,
        }
    });
    let prev_total = match &previous_period {
        Some(pk) => by_dim(&rows_for(store, &c, pk, &p.scope, true).await?.0, "all", false)
            .remove("all")
            .unwrap_or_default(),
        None => (0, Figures::default()),
    };
    let inds = &c.indicators;
    let indicators = inds
        .iter()
        .filter(|i| i.kind != IndicatorKind::Text)
        .map(|i| {
            let f = total.1.get(&i.code).cloned().unwrap_or_default();
            let pf = prev_total.1.get(&i.code).cloned();
            IndicatorFigures {
                code: i.code.clone(),
                label_zh: i.label_zh.clone(),
                label_en: i.label_en.clone(),
                kind: i.kind.as_str().to_string(),
                unit: i.unit.clone(),
                answered: f.n,
                mean: if i.kind.is_numeric() { f.mean() } else { None },
                sum: f.sum,
                yes_bp: (i.kind == IndicatorKind::YesNo && f.n > 0).then(|| f.yes * 10_000 / f.n),
                choices: i
                    .choices
                    .iter()
                    .map(|ch| {
                        (
                            ch.code.clone(),
                            ch.label_zh.clone(),
                            ch.label_en.clone(),
                            f.choices.get(&ch.code).copied().unwrap_or(0),
                        )
                    })
                    .collect(),
                bands: if i.kind == IndicatorKind::Percent {
                    let mut b = f.bands.clone();
                    b.resize(10, 0);
                    b
                } else {
                    vec![]
                },
                previous_mean: pf
                    .as_ref()
                    .and_then(|pf| headline(i, &Figures([(i.code.clone(), pf.clone())].into()))),
                previous_answered: pf.as_ref().map(|pf| pf.n),
                pair_change_bp: f.pair_change_bp(),
                pair_n: f.pair_n,
            }
        })
        .collect();
    // The trend: every period up to this one.
    let mut trend = Vec::new();
    if let (Some(o), Some(cl)) = (
        kaifang_domain::calendar::parse_date(&c.row.opens_on),
        kaifang_domain::calendar::parse_date(&c.row.closes_on),
    ) {
        for pd in m::periods(c.kind, o, cl).into_iter().take(36) {
            let (n, f) = if pd.key == period {
                total.clone()
            } else {
                by_dim(&rows_for(store, &c, &pd.key, &p.scope, true).await?.0, "all", false)
                    .remove("all")
                    .unwrap_or_default()
            };
            trend.push(TrendPoint {
                values: values(inds, &f),
                period: pd.key.clone(),
                responses: n,
            });
            if pd.key == period {
                break;
            }
        }
    }
    Ok(Analysis {
        number: c.row.number.clone(),
        responses: total.0,
        indicators,
        by_division: dims(inds, &by_dim(&divisions, "all", true), "division"),
        by_industry: dims(inds, &by_dim(&totals, "industry", false), "industry"),
        by_source: dims(inds, &by_dim(&totals, "source", false), "source"),
        by_size: dims(inds, &by_dim(&totals, "size", false), "size"),
        trend,
        size_source_zh: m::SIZE_SOURCE_ZH.to_string(),
        size_source_en: m::SIZE_SOURCE_EN.to_string(),
        previous_period,
        period,
    })
}
