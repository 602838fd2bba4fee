//! Project pages (项目): the routes of every project page, the ledger (台账)
//! with its filters and the supervision list, and what the project pages share
//! (names of coded values, grouped amounts, who may write). The project page is
//! in `project_page` and its forms' answers in `project_actions`; the
//! registration and edit forms in `project_forms`; the form controls they all
//! draw in `project_controls`.

use super::project_controls::error_lines;
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::i18n::T;
use askama::Template;
use axum::Router;
use axum::extract::{Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use kaifang_domain::accounts::Role;
use kaifang_domain::projects::{self as rules, Stage, Vocabulary};
use kaifang_service::ServiceError;
use kaifang_service::projects::{self as svc, ProjectQuery, ProjectSummary};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    use super::project_actions as act;
    use super::project_forms as forms;
    use super::project_page as page;
    Router::new()
        .route("/projects", get(list).post(forms::create))
        .route("/projects/new", get(forms::new_form))
        .route("/projects/{number}", get(page::detail))
        .route("/projects/{number}/edit", get(forms::edit_form).post(forms::edit))
        .route("/projects/{number}/stage", post(act::move_stage))
        .route("/projects/{number}/tranches", post(act::add_tranche))
        .route("/projects/{number}/tranches/{id}/void", post(act::void_tranche))
        .route("/projects/{number}/team", post(act::add_member))
        .route("/projects/{number}/team/{id}/remove", post(act::remove_member))
        .route("/projects/{number}/log", post(act::log_service))
        .route("/projects/{number}/approvals", post(act::set_approval))
}

/// Ledger page size.
const PAGE: i64 = 50;
/// Projects shown in the supervision list above the ledger.
const SUPERVISION: i64 = 20;

/// Officers and administrators write; leaders read.
pub(super) fn can_write(a: &Authed) -> bool {
    matches!(a.principal.role, Role::Officer | Role::Admin)
}

/// Why the caller may not open a project page: the pages are the departments'
/// (not enterprise accounts'), and the record forms are for those who write.
pub(super) fn refusal(a: &Authed, writing: bool) -> Option<ServiceError> {
    (a.principal.role == Role::Enterprise || (writing && !can_write(a))).then_some(ServiceError::Forbidden)
}

/// A code of a vocabulary by its name in the interface language (the code if unknown).
pub(super) fn vocab_name(t: &T, vocab: Vocabulary, code: &str) -> String {
    rules::name_of(vocab, code).map_or_else(|| code.to_string(), |(zh, en)| t.pick(zh, en).to_string())
}

/// A vocabulary as select options.
pub(super) fn vocab_options(t: &T, vocab: Vocabulary) -> Vec<(String, String)> {
    vocab
        .iter()
        .map(|(code, zh, en)| (code.to_string(), t.pick(zh, en).to_string()))
        .collect()
}

/// A stage by its name in the interface language.
pub(super) fn stage_name(t: &T, code: &str) -> String {
    Stage::parse(code).map_or_else(
        || code.to_string(),
        |s| {
            let (zh, en) = s.names();
            t.pick(zh, en).to_string()
        },
    )
}

/// Stages as select options.
pub(super) fn stage_options(t: &T, stages: &[Stage]) -> Vec<(String, String)> {
    stages
        .iter()
        .map(|s| (s.as_str().to_string(), stage_name(t, s.as_str())))
        .collect()
}

/// The listed currencies as select options ("EUR 欧元").
pub(super) fn currency_options(t: &T) -> Vec<(String, String)> {
    kaifang_refdata::get()
        .currencies()
        .map(|c| (c.code.clone(), format!("{} {}", c.code, t.pick(&c.name_zh, &c.name_en))))
        .collect()
}

/// The signing modes as select options.
pub(super) fn signing_modes(t: &T) -> Vec<(String, String)> {
    ["on_site", "cloud"]
        .into_iter()
        .map(|m| (m.to_string(), t.t(&format!("project.signing.{m}")).to_string()))
        .collect()
}

/// "100000000.00" → "100,000,000.00".
pub(super) fn grouped(decimal: &str) -> String {
    let (sign, rest) = match decimal.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", decimal),
    };
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

pub(super) fn opt_grouped(v: &Option<String>) -> String {
    v.as_deref().map(grouped).unwrap_or_default()
}

/// An industry code with its name.
pub(super) fn industry_label(code: &str) -> String {
    kaifang_refdata::get().industry(code).map_or_else(
        || code.to_string(),
        |i| format!("{} {}", i.code_with_section, i.name_zh),
    )
}

// ---------------------------------------------------------------- ledger

/// A project row as the ledger shows it.
pub struct ProjectLine {
    pub number: String,
    pub name: String,
    pub division: String,
    pub industry: String,
    pub stage: String,
    pub stage_label: String,
    pub key_level: String,
    pub is_key: bool,
    pub total_usd: String,
    pub contracted_usd: String,
    pub utilised_usd: String,
    pub land_mu: String,
    pub jobs: String,
    pub signed_on: String,
    pub lead_official: String,
    pub open_problems: i64,
    pub last_update_on: String,
    pub stale: bool,
}

fn project_line(t: &T, s: &ProjectSummary) -> ProjectLine {
    ProjectLine {
        number: s.number.clone(),
        name: s.name.clone(),
        division: kaifang_service::placement::full_name(&s.division),
        industry: industry_label(&s.industry),
        stage: s.stage.clone(),
        stage_label: stage_name(t, &s.stage),
        key_level: vocab_name(t, rules::KEY_LEVELS, &s.key_level),
        is_key: s.key_level != "none",
        total_usd: opt_grouped(&s.total_investment_usd),
        contracted_usd: opt_grouped(&s.contracted_fdi_usd),
        utilised_usd: grouped(&s.utilised_fdi_usd),
        land_mu: s.land_mu.clone().unwrap_or_default(),
        jobs: s.jobs.map(|j| j.to_string()).unwrap_or_default(),
        signed_on: s.signed_on.clone().unwrap_or_default(),
        lead_official: s.lead_official.clone().unwrap_or_default(),
        open_problems: s.open_problems,
        last_update_on: s.last_update_on.clone(),
        stale: s.stale,
    }
}

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    ctx: Ctx,
    q: HashMap<String, String>,
    items: Vec<ProjectLine>,
    supervision: Vec<ProjectLine>,
    next: Option<i64>,
    query: String,
    errors: Vec<String>,
    can_write: bool,
    stages: Vec<(String, String)>,
    key_levels: Vec<(String, String)>,
    types: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    divisions: Vec<(String, String)>,
    sections: Vec<(String, String)>,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.q.get(k).map_or("", String::as_str)
    }
}

fn query_of(q: &HashMap<String, String>) -> ProjectQuery {
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(String::from);
    ProjectQuery {
        stage: get("stage"),
        key_level: get("key_level"),
        project_type: get("project_type"),
        source_region: get("source_region"),
        industry: get("industry"),
        division: get("division"),
        stale: get("stale").map(|v| v == "true" || v == "on"),
        team: get("team"),
        q: get("q"),
        after: get("after").and_then(|v| v.parse().ok()),
        limit: Some(PAGE),
    }
}

async fn list(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    RawQuery(raw): RawQuery,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/projects", "projects", Some(&a));
    if let Some(e) = refusal(&a, false) {
        return super::error_page(ctx, e);
    }
    let t = ctx.t;
    let p = &a.principal;
    let (items, errors) = match svc::list(&s.store, p, &query_of(&q)).await {
        Ok(v) => (v, vec![]),
        Err(ServiceError::Invalid(errs)) => (vec![], error_lines(&t, &errs, &[])),
        Err(e) => return super::error_page(ctx, e),
    };
    let supervision = match svc::stale(&s.store, p, SUPERVISION).await {
        Ok(v) => v,
        Err(e) => return super::error_page(ctx, e),
    };
    let page = ListPage {
        next: (items.len() as i64 == PAGE)
            .then(|| items.last().map(|x| x.id))
            .flatten(),
        items: items.iter().map(|x| project_line(&t, x)).collect(),
        supervision: supervision.iter().map(|x| project_line(&t, x)).collect(),
        query: super::enterprises::query_without_cursor(raw.as_deref()),
        errors,
        can_write: can_write(&a),
        stages: stage_options(&t, &Stage::ALL),
        key_levels: vocab_options(&t, rules::KEY_LEVELS),
        types: vocab_options(&t, rules::TYPES),
        regions: super::region_choices(t.is_en()),
        divisions: super::division_choices(p),
        sections: kaifang_refdata::get()
            .industry_children("")
            .into_iter()
            .map(|i| (i.code.clone(), i.name_zh.clone()))
            .collect(),
        q,
        ctx,
    };
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(grouped("100000000.00"), "100,000,000.00");
        assert_eq!(grouped("6655.57"), "6,655.57");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("-1234567.5"), "-1,234,567.5");
    }

    #[test]
    fn every_signing_mode_has_a_label() {
        for (code, _) in signing_modes(&T::new(crate::i18n::Lang::En)) {
            assert!(crate::i18n::has_key(&format!("project.signing.{code}")), "{code}");
        }
    }
}
