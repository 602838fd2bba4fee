//! The analysis page of a campaign: every indicator's figures for a period inside the reader's
//! jurisdiction against the previous period (like-for-like for compared indicators), the
//! distribution of each percent indicator in ten-point bands and the trend of one chosen
//! indicator over the periods (server-drawn SVG), and breakdowns by division, industry,
//! source country or region and size band (with the source of the size bands).

use super::monitoring::{chosen_period, ctx_of, indicator_label, opt, pct, period_options};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::charts::{Bar, Series, stacked_bars};
use crate::i18n::T;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use kaifang_domain::monitoring::{Indicator, IndicatorKind, band_label, format_hundredths};
use kaifang_service::monitoring::{self as svc, Analysis, CampaignView, DimFigures, IndicatorFigures};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/campaigns/{number}/analysis", get(page))
}

/// A headline value (a mean in hundredths, or a yes share in basis points) as shown.
fn value_text(ind: &Indicator, v: i64) -> String {
    match ind.kind {
        IndicatorKind::YesNo | IndicatorKind::Percent => pct(v),
        _ => format_hundredths(v),
    }
}

/// Indicators with a headline figure (a mean or a yes share): those breakdowns and trends show.
fn charted(inds: &[Indicator]) -> Vec<&Indicator> {
    inds.iter()
        .filter(|i| i.kind.is_numeric() || i.kind == IndicatorKind::YesNo)
        .collect()
}

pub struct FigureLine {
    pub label: String,
    pub kind: String,
    pub answered: i64,
    pub value: String,
    pub previous: String,
    pub change: String,
    pub pair_n: i64,
}

fn figure_line(t: &T, ind: &Indicator, f: &IndicatorFigures) -> FigureLine {
    let sep = if t.is_en() { ", " } else { "、" };
    let value = match ind.kind {
        IndicatorKind::YesNo => f.yes_bp.map(pct),
        IndicatorKind::Choice => Some(
            f.choices
                .iter()
                .map(|(_, zh, en, n)| format!("{} {n}", t.pick(zh, en)))
                .collect::<Vec<_>>()
                .join(sep),
        ),
        _ => f.mean.map(|m| value_text(ind, m)),
    };
    FigureLine {
        label: indicator_label(t, ind),
        kind: t.pick(ind.kind.names().0, ind.kind.names().1).to_string(),
        answered: f.answered,
        value: value.unwrap_or_else(|| "—".into()),
        previous: f.previous_mean.map(|v| value_text(ind, v)).unwrap_or_default(),
        change: f
            .pair_change_bp
            .map(|c| if c > 0 { format!("+{}", pct(c)) } else { pct(c) })
            .unwrap_or_default(),
        pair_n: f.pair_n,
    }
}

/// One breakdown table: its title, the indicators' headers, and a row per value.
pub struct Breakdown {
    pub title: String,
    pub note: String,
    pub rows: Vec<(String, i64, Vec<String>)>,
}

fn breakdown(t: &T, title_key: &str, inds: &[&Indicator], dims: &[DimFigures]) -> Breakdown {
    Breakdown {
        title: t.t(title_key).to_string(),
        note: String::new(),
        rows: dims
            .iter()
            .map(|d| {
                let values = inds
                    .iter()
                    .map(|i| d.values.get(&i.code).map(|v| value_text(i, *v)).unwrap_or_default())
                    .collect();
                (t.pick(&d.name_zh, &d.name_en).to_string(), d.responses, values)
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "monitoring/analysis.html")]
struct AnalysisPage {
    ctx: Ctx,
    c: CampaignView,
    tab: &'static str,
    /// Whether the reader may answer (officers and enterprise accounts; leaders read).
    can_answer: bool,
    an: Analysis,
    periods: Vec<(String, String)>,
    figures: Vec<FigureLine>,
    bands: Vec<String>,
    trend_choices: Vec<(String, String)>,
    trend_code: String,
    trend_chart: String,
    trend_rows: Vec<(String, i64, String)>,
    headers: Vec<String>,
    breakdowns: Vec<Breakdown>,
}

/// The trend of one indicator: the chart (whole units: a bar chart writes whole numbers) and the
/// exact values per period.
fn trend(t: &T, an: &Analysis, ind: &Indicator) -> (String, Vec<(String, i64, String)>) {
    let rows: Vec<(String, i64, String)> = an
        .trend
        .iter()
        .map(|p| {
            let v = p.values.get(&ind.code).map(|v| value_text(ind, *v)).unwrap_or_default();
            (p.period.clone(), p.responses, v)
        })
        .collect();
    let bars: Vec<Bar> = an
        .trend
        .iter()
        .map(|p| Bar {
            label: p.period.clone(),
            values: vec![p.values.get(&ind.code).map_or(0, |v| (v + 50).div_euclid(100))],
        })
        .collect();
    let name = indicator_label(t, ind);
    let title = format!("{} · {name}", t.t("campaign.trend"));
    let series = [Series {
        name: &name,
        fill: "#1f6feb",
    }];
    (stacked_bars(&title, &series, &bars), rows)
}

async fn page(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = ctx_of(&headers, &format!("/campaigns/{number}/analysis"), Some(&a));
    let p = &a.principal;
    let c = match svc::get(&s.store, p, &number).await {
        Ok(c) => c,
        Err(e) => return super::error_page(ctx, e),
    };
    let period = chosen_period(&c, opt(&q, "period"));
    let an = match svc::analysis(&s.store, p, &number, Some(&period)).await {
        Ok(an) => an,
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let inds = &c.indicators;
    let find = |code: &str| inds.iter().find(|i| i.code == code);
    let figures = an
        .indicators
        .iter()
        .filter_map(|f| find(&f.code).map(|i| figure_line(&t, i, f)))
        .collect();
    let series = [Series {
        name: t.t("campaign.answers"),
        fill: "#2da44e",
    }];
    let bands = an
        .indicators
        .iter()
        .filter(|f| f.kind == "percent" && f.answered > 0)
        .filter_map(|f| {
            let ind = find(&f.code)?;
            let bars: Vec<Bar> = f
                .bands
                .iter()
                .enumerate()
                .map(|(i, n)| Bar {
                    label: band_label(i),
                    values: vec![*n],
                })
                .collect();
            let title = format!("{} · {}", t.t("campaign.distribution"), indicator_label(&t, ind));
            Some(stacked_bars(&title, &series, &bars))
        })
        .collect();
    let shown = charted(inds);
    let trend_code = opt(&q, "indicator")
        .filter(|code| shown.iter().any(|i| &i.code == code))
        .or_else(|| {
            shown
                .iter()
                .find(|i| i.compare_previous)
                .or(shown.first())
                .map(|i| i.code.clone())
        })
        .unwrap_or_default();
    let (trend_chart, trend_rows) = match find(&trend_code) {
        Some(ind) => trend(&t, &an, ind),
        None => (String::new(), vec![]),
    };
    let mut size = breakdown(&t, "campaign.by_size", &shown, &an.by_size);
    size.note = t.pick(&an.size_source_zh, &an.size_source_en).to_string();
    let breakdowns = vec![
        breakdown(&t, "campaign.by_division", &shown, &an.by_division),
        breakdown(&t, "campaign.by_industry", &shown, &an.by_industry),
        breakdown(&t, "campaign.by_source", &shown, &an.by_source),
        size,
    ];
    let page = AnalysisPage {
        periods: period_options(&c),
        figures,
        bands,
        trend_choices: shown.iter().map(|i| (i.code.clone(), indicator_label(&t, i))).collect(),
        trend_code,
        trend_chart,
        trend_rows,
        headers: shown.iter().map(|i| indicator_label(&t, i)).collect(),
        breakdowns,
        tab: "analysis",
        can_answer: super::monitoring::can_answer(&a),
        an,
        c,
        ctx,
    };
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaifang_domain::monitoring::template;

    #[test]
    fn means_and_shares_are_written_with_their_unit_of_percent_where_they_have_one() {
        let t = template("resumption_2020").unwrap();
        let find = |code: &str| t.indicators.iter().find(|i| i.code == code).unwrap();
        assert_eq!(value_text(find("capacity_utilisation"), 9550), "95.5%");
        assert_eq!(value_text(find("resumed"), 7500), "75%");
        assert_eq!(value_text(find("turnover"), 123_456), "1234.56");
        let shown: Vec<&str> = charted(&t.indicators).iter().map(|i| i.code.as_str()).collect();
        assert!(shown.contains(&"turnover") && shown.contains(&"resumed"));
        assert!(
            !shown.contains(&"orders") && !shown.contains(&"problems"),
            "no mean of a choice or a text"
        );
    }
}
