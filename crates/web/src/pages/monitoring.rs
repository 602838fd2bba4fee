//! Operations-monitoring pages (运行监测): the campaign list, the new-campaign form, and the
//! campaign page with its periods, indicators, alert rules, the template's source and the
//! open / close / refresh-targets forms; plus what the other monitoring pages share (the
//! period picker, labels of coded values, percentages). Coverage is in
//! `monitoring_coverage`, the aggregates in `monitoring_analysis`, answering, the ledger,
//! the import and the one-time links in `monitoring_answer`.

use super::project_controls::{Control, Controls, error_lines};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::i18n::T;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::accounts::Role;
use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::monitoring::{
    self as m, AlertOp, Indicator, IndicatorKind, PeriodKind, RULES_NOTE_EN, RULES_NOTE_ZH, format_hundredths,
};
use kaifang_service::ServiceError;
use kaifang_service::monitoring::{self as svc, CampaignInput, CampaignSummary, CampaignView};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list).post(create))
        .route("/campaigns/new", get(new_form))
        .route("/campaigns/{number}", get(detail))
        .route("/campaigns/{number}/open", post(open))
        .route("/campaigns/{number}/close", post(close))
        .route("/campaigns/{number}/refresh-targets", post(refresh))
}

/// The page context of the monitoring area.
pub(super) fn ctx_of(headers: &HeaderMap, path: &str, a: Option<&Authed>) -> Ctx {
    Ctx::new(headers, path, "campaigns", a)
}

/// Officers and administrators define campaigns and enter answers; leaders read.
pub(super) fn is_officer(a: &Authed) -> bool {
    matches!(a.principal.role, Role::Officer | Role::Admin)
}

pub(super) fn is_enterprise(a: &Authed) -> bool {
    a.principal.role == Role::Enterprise
}

/// Officers answer for enterprises, enterprise accounts for themselves; leaders only read.
pub(super) fn can_answer(a: &Authed) -> bool {
    is_officer(a) || is_enterprise(a)
}

/// A posted or queried value, trimmed, if not empty.
pub(super) fn opt(f: &HashMap<String, String>, k: &str) -> Option<String> {
    f.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(String::from)
}

/// Basis points of a percent as "95.5%".
pub(super) fn pct(bp: i64) -> String {
    format!("{}%", format_hundredths(bp))
}

/// A status by its name in the interface language.
pub(super) fn status_name(t: &T, status: &str) -> String {
    super::cases::label(t, "campaign.status", status)
}

pub(super) fn period_kind_name(t: &T, kind: &str) -> String {
    PeriodKind::parse(kind).map_or_else(|| kind.to_string(), |k| t.pick(k.names().0, k.names().1).to_string())
}

/// An indicator's label in the interface language, with its unit.
pub(super) fn indicator_label(t: &T, i: &Indicator) -> String {
    let label = t.pick(&i.label_zh, &i.label_en);
    match &i.unit {
        Some(u) if !u.is_empty() => format!("{label}（{u}）"),
        _ if i.kind == IndicatorKind::Percent => format!("{label}（%）"),
        _ => label.to_string(),
    }
}

/// A numeric indicator's allowed range: "0 – 100", "≥ 0", "≤ 5"; empty without bounds.
pub(super) fn range_text(i: &Indicator) -> String {
    match (i.min.map(format_hundredths), i.max.map(format_hundredths)) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => String::new(),
    }
}

/// The periods that have started, newest first, as select options.
pub(super) fn period_options(c: &CampaignView) -> Vec<(String, String)> {
    let today = kaifang_service::enterprises::today_cn().to_string();
    c.periods
        .iter()
        .rev()
        .filter(|p| p.starts_on <= today)
        .map(|p| (p.key.clone(), format!("{} ({} – {})", p.key, p.starts_on, p.ends_on)))
        .collect()
}

/// The period asked for, or the campaign's current one.
pub(super) fn chosen_period(c: &CampaignView, asked: Option<String>) -> String {
    asked.or_else(|| c.current_period.clone()).unwrap_or_default()
}

/// A 409's message as shown: what was refused, and the service's reason.
pub(super) fn conflict_line(t: &T, key: &str, message: &str) -> String {
    format!("{} ({message})", t.t(key))
}

// ---------------------------------------------------------------- list

#[derive(Template)]
#[template(path = "monitoring/list.html")]
struct ListPage {
    ctx: Ctx,
    items: Vec<CampaignSummary>,
    status: String,
    next: Option<i64>,
    /// Whether this is a page after the first.
    paged: bool,
    can_create: bool,
}

async fn list(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = ctx_of(&headers, "/campaigns", Some(&a));
    let status = opt(&q, "status").unwrap_or_default();
    let after = opt(&q, "after").and_then(|v| v.parse().ok());
    match svc::list(&s.store, &a.principal, Some(status.as_str()), after).await {
        Ok((items, next)) => render(&ListPage {
            items,
            status,
            next,
            paged: after.is_some(),
            can_create: is_officer(&a),
            ctx,
        }),
        Err(e) => super::error_page(ctx, e),
    }
}

// ---------------------------------------------------------------- the new-campaign form

#[derive(Template)]
#[template(path = "monitoring/form.html")]
struct FormPage {
    ctx: Ctx,
    controls: Vec<Control>,
    errors: Vec<String>,
    sections: Vec<(String, String)>,
}

/// The posted form as service input; the checkbox sends "true" (or a browser's "on") when ticked.
fn input_of(f: &HashMap<String, String>) -> CampaignInput {
    CampaignInput {
        title: f.get("title").cloned().unwrap_or_default(),
        description: f.get("description").cloned().unwrap_or_default(),
        template: opt(f, "template"),
        period_kind: opt(f, "period_kind"),
        opens_on: opt(f, "opens_on"),
        closes_on: opt(f, "closes_on"),
        coverage_target: opt(f, "coverage_target").map(|v| v.trim_end_matches(['%', '％']).to_string()),
        division: opt(f, "division"),
        // The picker may fill "C 制造业": the code is the first word.
        industry: opt(f, "industry").map(|i| i.split_whitespace().next().unwrap_or("").to_string()),
        key_only: opt(f, "key_only").is_some_and(|v| matches!(v.as_str(), "true" | "on" | "1")),
        suppliers_of: opt(f, "suppliers_of"),
        source_region: opt(f, "source_region"),
        indicators: None,
        rules: None,
    }
}

fn form_page(ctx: Ctx, a: &Authed, values: &HashMap<String, String>, errors: &FieldErrors) -> FormPage {
    let t = ctx.t;
    let p = &a.principal;
    let c = Controls::new(t, "campaign", values, errors);
    let templates = m::templates()
        .iter()
        .map(|tp| (tp.code.to_string(), t.pick(tp.name_zh, tp.name_en).to_string()))
        .collect();
    let kinds = PeriodKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), t.pick(k.names().0, k.names().1).to_string()))
        .collect();
    let mut divisions = vec![(p.division.clone(), super::division_label(&p.division))];
    divisions.extend(super::division_choices(p).into_iter().filter(|d| d.0 != p.division));
    let controls = vec![
        c.text("title", "campaign.f.title").required(),
        c.select("template", "campaign.f.template", templates)
            .required()
            .or_value("resumption_2020")
            .hint(t.t("campaign.hint.template")),
        c.select("period_kind", "campaign.f.period_kind", kinds)
            .hint(t.t("campaign.hint.by_template")),
        c.date("opens_on", "campaign.f.opens_on").required(),
        c.date("closes_on", "campaign.f.closes_on").required(),
        c.text("coverage_target", "campaign.f.coverage_target")
            .hint(t.t("campaign.hint.coverage_target")),
        c.select("division", "campaign.f.division", divisions)
            .required()
            .or_value(&p.division),
        c.text("industry", "campaign.f.industry")
            .list("industry-sections")
            .hint(t.t("campaign.hint.industry")),
        c.check("key_only", "campaign.f.key_only"),
        c.text("suppliers_of", "campaign.f.suppliers_of")
            .hint(t.t("campaign.hint.suppliers_of")),
        c.select(
            "source_region",
            "campaign.f.source_region",
            super::region_choices(t.is_en()),
        ),
        c.area("description", "campaign.f.description"),
    ];
    FormPage {
        errors: error_lines(&t, errors, &[&controls]),
        controls,
        sections: kaifang_refdata::get()
            .industry_children("")
            .into_iter()
            .map(|i| (i.code.clone(), i.name_zh.clone()))
            .collect(),
        ctx,
    }
}

async fn new_form(headers: HeaderMap, a: Authed) -> Response {
    let ctx = ctx_of(&headers, "/campaigns/new", Some(&a));
    if !is_officer(&a) {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    render(&form_page(ctx, &a, &HashMap::new(), &FieldErrors::new()))
}

async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let ctx = ctx_of(&headers, "/campaigns/new", Some(&a));
    match svc::create(&s.store, &a.principal, &input_of(&form)).await {
        Ok(c) => Redirect::to(&format!("/campaigns/{}", c.number)).into_response(),
        Err(ServiceError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&form_page(ctx, &a, &form, &errs)),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

// ---------------------------------------------------------------- the campaign page

pub struct IndicatorLine {
    pub code: String,
    pub label: String,
    pub kind: String,
    pub range: String,
    pub required: bool,
    pub choices: String,
    pub compare_previous: bool,
}

pub struct RuleLine {
    pub code: String,
    pub label: String,
    pub indicator: String,
    pub op: String,
    pub threshold: String,
    pub suppliers_only: bool,
}

fn indicator_lines(t: &T, inds: &[Indicator]) -> Vec<IndicatorLine> {
    let sep = if t.is_en() { ", " } else { "、" };
    inds.iter()
        .map(|i| IndicatorLine {
            code: i.code.clone(),
            label: indicator_label(t, i),
            kind: t.pick(i.kind.names().0, i.kind.names().1).to_string(),
            range: range_text(i),
            required: i.required,
            choices: i
                .choices
                .iter()
                .map(|c| t.pick(&c.label_zh, &c.label_en).to_string())
                .collect::<Vec<_>>()
                .join(sep),
            compare_previous: i.compare_previous,
        })
        .collect()
}

fn rule_lines(t: &T, c: &CampaignView) -> Vec<RuleLine> {
    c.rules
        .iter()
        .map(|r| {
            let ind = c.indicators.iter().find(|i| i.code == r.indicator);
            let percent = r.op == AlertOp::DropMoreThan || ind.is_some_and(|i| i.kind == IndicatorKind::Percent);
            RuleLine {
                code: r.code.clone(),
                label: t.pick(&r.label_zh, &r.label_en).to_string(),
                indicator: ind.map_or_else(|| r.indicator.clone(), |i| indicator_label(t, i)),
                op: t.pick(r.op.names().0, r.op.names().1).to_string(),
                threshold: if percent {
                    pct(r.threshold)
                } else {
                    format_hundredths(r.threshold)
                },
                suppliers_only: r.suppliers_only,
            }
        })
        .collect()
}

/// The campaign's population in words.
fn population_lines(t: &T, c: &CampaignView) -> Vec<String> {
    let pop = &c.population;
    let mut out = vec![format!("{} {}", t.t("campaign.population.within"), c.owner_name)];
    if let Some((from, to)) = &pop.industry_range {
        // Codes in [from, to): a section is the range of its divisions.
        out.push(format!("{} {from} ≤ … < {to}", t.t("campaign.population.industry")));
    }
    if pop.key_only {
        out.push(t.t("campaign.f.key_only").to_string());
    }
    if let Some(u) = &pop.suppliers_of {
        out.push(format!("{} {u}", t.t("campaign.f.suppliers_of")));
    }
    if let Some(r) = &pop.source_region {
        out.push(format!(
            "{} {}",
            t.t("campaign.f.source_region"),
            super::region_name(r, t.is_en())
        ));
    }
    out
}

pub struct PeriodLine {
    pub key: String,
    pub starts_on: String,
    pub ends_on: String,
    pub started: bool,
    pub reported: String,
}

#[derive(Template)]
#[template(path = "monitoring/detail.html")]
struct DetailPage {
    ctx: Ctx,
    c: CampaignView,
    tab: &'static str,
    /// Whether the reader may answer (officers and enterprise accounts; leaders read).
    can_answer: bool,
    officer: bool,
    enterprise: bool,
    template_name: String,
    source: String,
    rules_note: String,
    target: String,
    population: Vec<String>,
    periods: Vec<PeriodLine>,
    indicators: Vec<IndicatorLine>,
    rules: Vec<RuleLine>,
    error: Option<String>,
}

fn detail_page(ctx: Ctx, a: &Authed, c: CampaignView, error: Option<String>) -> DetailPage {
    let t = ctx.t;
    let today = kaifang_service::enterprises::today_cn().to_string();
    DetailPage {
        officer: is_officer(a),
        enterprise: is_enterprise(a),
        template_name: c
            .template
            .as_deref()
            .and_then(m::template)
            .map(|tp| t.pick(tp.name_zh, tp.name_en).to_string())
            .unwrap_or_default(),
        source: t
            .pick(
                c.source_zh.as_deref().unwrap_or(""),
                c.source_en.as_deref().unwrap_or(""),
            )
            .to_string(),
        rules_note: t.pick(RULES_NOTE_ZH, RULES_NOTE_EN).to_string(),
        target: pct(c.coverage_target_bp),
        population: population_lines(&t, &c),
        periods: c
            .periods
            .iter()
            .map(|p| PeriodLine {
                key: p.key.clone(),
                starts_on: p.starts_on.clone(),
                ends_on: p.ends_on.clone(),
                started: p.starts_on <= today,
                reported: match (&p.reported_at, &p.reported_by) {
                    (Some(at), by) => format!("{} {}", super::short_time(at), by.as_deref().unwrap_or("")),
                    _ => String::new(),
                },
            })
            .collect(),
        indicators: indicator_lines(&t, &c.indicators),
        rules: rule_lines(&t, &c),
        tab: "overview",
        can_answer: can_answer(a),
        error,
        c,
        ctx,
    }
}

async fn detail(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(number): Path<String>) -> Response {
    let ctx = ctx_of(&headers, &format!("/campaigns/{number}"), Some(&a));
    match svc::get(&s.store, &a.principal, &number).await {
        Ok(c) => render(&detail_page(ctx, &a, c, None)),
        Err(e) => super::error_page(ctx, e),
    }
}

/// The answer to the page's status forms: back to the page, or the page with the conflict.
async fn after_action(
    s: &AppState,
    headers: &HeaderMap,
    a: &Authed,
    number: &str,
    refused_key: &str,
    r: Result<CampaignView, ServiceError>,
) -> Response {
    let ctx = ctx_of(headers, &format!("/campaigns/{number}"), Some(a));
    match r {
        Ok(c) => Redirect::to(&format!("/campaigns/{}", c.number)).into_response(),
        Err(ServiceError::Conflict { message, .. }) => {
            let line = conflict_line(&ctx.t, refused_key, &message);
            match svc::get(&s.store, &a.principal, number).await {
                Ok(c) => (StatusCode::CONFLICT, render(&detail_page(ctx, a, c, Some(line)))).into_response(),
                Err(e) => super::error_page(ctx, e),
            }
        }
        Err(e) => super::error_page(ctx, e),
    }
}

async fn open(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(number): Path<String>) -> Response {
    let r = svc::open(&s.store, &a.principal, &number).await;
    after_action(&s, &headers, &a, &number, "campaign.refused.open", r).await
}

async fn close(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(number): Path<String>) -> Response {
    let r = svc::close(&s.store, &a.principal, &number).await;
    after_action(&s, &headers, &a, &number, "campaign.refused.close", r).await
}

async fn refresh(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(number): Path<String>) -> Response {
    let r = svc::refresh_targets(&s.store, &a.principal, &number).await;
    after_action(&s, &headers, &a, &number, "campaign.refused.refresh", r).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_the_monitoring_pages_name_in_code_exists() {
        let sources = [
            include_str!("monitoring.rs"),
            include_str!("monitoring_coverage.rs"),
            include_str!("monitoring_analysis.rs"),
            include_str!("monitoring_answer.rs"),
        ];
        let keys: Vec<String> = sources
            .iter()
            .flat_map(|s| s.split("\"campaign.").skip(1))
            .map(|rest| format!("campaign.{}", rest.split('"').next().unwrap_or("")))
            .filter(|k| !k.contains('{') && !k.ends_with('.'))
            .collect();
        let missing: Vec<&String> = keys.iter().filter(|k| !crate::i18n::has_key(k)).collect();
        assert!(missing.is_empty(), "labels missing: {missing:?}");
        assert!(keys.len() > 30, "the scan found the keys ({})", keys.len());
        for s in ["draft", "open", "closed"] {
            assert!(crate::i18n::has_key(&format!("campaign.status.{s}")), "{s}");
        }
        for c in ["enterprise", "link", "proxy", "import"] {
            assert!(crate::i18n::has_key(&format!("campaign.channel.{c}")), "{c}");
        }
    }

    #[test]
    fn a_ticked_box_means_key_enterprises_only_and_a_picked_industry_keeps_its_code() {
        let mut f = HashMap::new();
        f.insert("title".to_string(), "复工复产".to_string());
        f.insert("industry".to_string(), "C 制造业".to_string());
        f.insert("coverage_target".to_string(), "95%".to_string());
        let input = input_of(&f);
        assert!(!input.key_only);
        assert_eq!(input.industry.as_deref(), Some("C"));
        assert_eq!(input.coverage_target.as_deref(), Some("95"));
        assert_eq!(input.template, None);
        f.insert("key_only".to_string(), "on".to_string());
        assert!(input_of(&f).key_only);
        f.insert("key_only".to_string(), "true".to_string());
        assert!(input_of(&f).key_only);
    }
}
