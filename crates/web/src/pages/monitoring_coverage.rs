//! The coverage page of a campaign (全覆盖): totals of a period, a row and a bar per division
//! one level down with those below target marked, the enterprises not yet answered with their
//! liaison (paged), the reminder rounds, and the forms that chase them: remind, escalate,
//! report the period complete (refused below target, shown as a message) and make one-time
//! answer links (their paths are shown once, here, and never stored); the public page such a
//! link opens, `/r/{token}`; and the downloads of the work ledger (工作台账) and of the blank
//! answer template as .xlsx.
//!
//! The link page needs no account. Its POST is not protected by a session's CSRF token: the
//! token in the URL is itself the secret (256 random bits, stored only as a digest, bound to
//! one enterprise and period, spent by the first answer), so a forged cross-site POST would
//! need the very token that lets anyone answer anyway. A browser that happens to carry a
//! session still meets the middleware's CSRF check, so the form then sends that session's
//! token. Every bad, expired or spent token gets the same neutral 404 page.

use super::monitoring::{chosen_period, conflict_line, ctx_of, is_officer, opt, pct, period_options};
use super::monitoring_answer::{answer_controls, posted_answers};
use super::project_controls::{Control, error_lines};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::{Authed, MaybeAuthed, client_ip_of};
use crate::charts::share_bars;
use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::field_error::FieldErrors;
use kaifang_service::ServiceError;
use kaifang_service::monitoring::{self as svc, CampaignView, CoverageView, LinkForm, LinkView, Unanswered};
use std::collections::HashMap;
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{number}/coverage", get(page))
        .route("/campaigns/{number}/remind", post(remind))
        .route("/campaigns/{number}/escalate", post(escalate))
        .route("/campaigns/{number}/report", post(report))
        .route("/campaigns/{number}/links", post(links))
        .route("/campaigns/{number}/ledger.xlsx", get(ledger))
        .route("/campaigns/{number}/template.xlsx", get(template))
        .route("/r/{token}", get(link_page).post(link_answer))
}

/// Longest list of credit codes the link form takes.
const MAX_LINK_CODES: usize = 500;

pub struct DivisionLine {
    pub code: String,
    pub name: String,
    pub answered: i64,
    pub targets: i64,
    pub coverage: String,
    pub below: bool,
}

pub struct ReminderLine {
    pub at: String,
    pub kind: String,
    pub enterprises: i64,
    pub notices: i64,
    pub by: String,
}

#[derive(Template)]
#[template(path = "monitoring/coverage.html")]
struct CoveragePage {
    ctx: Ctx,
    c: CampaignView,
    tab: &'static str,
    /// Whether the reader may answer (officers and enterprise accounts; leaders read).
    can_answer: bool,
    v: CoverageView,
    periods: Vec<(String, String)>,
    coverage: String,
    target: String,
    below: bool,
    chart: String,
    divisions: Vec<DivisionLine>,
    unanswered: Vec<Unanswered>,
    after: Option<String>,
    next: Option<String>,
    reminders: Vec<ReminderLine>,
    officer: bool,
    notice: Option<String>,
    error: Option<String>,
    links: Vec<LinkView>,
    link_days: String,
    link_codes: String,
    link_errors: Vec<String>,
}

/// What a posted form adds to the page: a message, an error, the links just made.
#[derive(Default)]
struct Outcome {
    status: Option<StatusCode>,
    notice: Option<String>,
    error: Option<String>,
    links: Vec<LinkView>,
    link_values: HashMap<String, String>,
    link_errors: FieldErrors,
}

async fn coverage_page(
    s: &AppState,
    headers: &HeaderMap,
    a: &Authed,
    number: &str,
    period: Option<String>,
    after: Option<String>,
    out: Outcome,
) -> Response {
    let ctx = ctx_of(headers, &format!("/campaigns/{number}/coverage"), Some(a));
    let p = &a.principal;
    let c = match svc::get(&s.store, p, number).await {
        Ok(c) => c,
        Err(e) => return super::error_page(ctx, e),
    };
    let period = chosen_period(&c, period);
    let v = match svc::coverage(&s.store, p, number, Some(&period)).await {
        Ok(v) => v,
        Err(e) => return super::error_page(ctx, e),
    };
    let (_, unanswered, next) = match svc::unanswered(&s.store, p, number, Some(&v.period), after.as_deref()).await {
        Ok(u) => u,
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let divisions: Vec<DivisionLine> = v
        .divisions
        .iter()
        .map(|d| DivisionLine {
            code: d.division.clone(),
            name: d.name.clone(),
            answered: d.answered,
            targets: d.targets,
            coverage: pct(d.coverage_bp),
            below: d.below_target,
        })
        .collect();
    let chart = share_bars(
        t.t("campaign.coverage_by_division"),
        "#1f6feb",
        &v.divisions
            .iter()
            .map(|d| (d.name.clone(), (d.targets > 0).then(|| d.coverage_bp as f64 / 10_000.0)))
            .collect::<Vec<_>>(),
    );
    let reminders = v
        .reminders
        .iter()
        .map(|r| ReminderLine {
            at: super::short_time(&r.created_at),
            kind: super::cases::label(&t, "campaign.round", &r.kind),
            enterprises: r.enterprises,
            notices: r.notices,
            by: r.created_by.clone(),
        })
        .collect();
    let link_errors = out
        .link_errors
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                t.t(&format!("campaign.f.{}", e.field)),
                e.message.get(t.is_en())
            )
        })
        .collect();
    let status = out.status.unwrap_or(StatusCode::OK);
    let page = CoveragePage {
        periods: period_options(&c),
        coverage: pct(v.coverage_bp),
        target: pct(v.target_bp),
        below: v.coverage_bp < v.target_bp,
        chart,
        divisions,
        unanswered,
        after,
        next,
        reminders,
        officer: is_officer(a),
        notice: out.notice,
        error: out.error,
        links: out.links,
        link_days: opt(&out.link_values, "days").unwrap_or_else(|| "14".into()),
        link_codes: opt(&out.link_values, "enterprises").unwrap_or_default(),
        link_errors,
        tab: "coverage",
        can_answer: super::monitoring::can_answer(a),
        v,
        c,
        ctx,
    };
    (status, render(&page)).into_response()
}

async fn page(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let after = opt(&q, "after");
    coverage_page(&s, &headers, &a, &number, opt(&q, "period"), after, Outcome::default()).await
}

/// The page again after a chase form, with its message (`result`) or the refusal.
async fn answered(
    s: &AppState,
    headers: &HeaderMap,
    a: &Authed,
    number: &str,
    period: Option<String>,
    refused_key: &str,
    result: Result<String, ServiceError>,
) -> Response {
    let t = ctx_of(headers, "", Some(a)).t;
    let out = match result {
        Ok(notice) => Outcome {
            notice: Some(notice),
            ..Outcome::default()
        },
        Err(ServiceError::Conflict { message, .. }) => Outcome {
            status: Some(StatusCode::CONFLICT),
            error: Some(conflict_line(&t, refused_key, &message)),
            ..Outcome::default()
        },
        Err(ServiceError::Invalid(errs)) => Outcome {
            status: Some(StatusCode::UNPROCESSABLE_ENTITY),
            error: Some(
                errs.iter()
                    .map(|e| e.message.get(t.is_en()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ..Outcome::default()
        },
        Err(e) => return super::error_page(ctx_of(headers, "", Some(a)), e),
    };
    coverage_page(s, headers, a, number, period, None, out).await
}

async fn remind(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let t = ctx_of(&headers, "", Some(&a)).t;
    let period = opt(&f, "period");
    let r = svc::remind(&s.store, &a.principal, &number, period.as_deref()).await;
    let r = r.map(|row| {
        let (reminded, notices) = (t.t("campaign.reminded"), t.t("campaign.notices"));
        format!("{reminded} {} · {notices} {}", row.enterprises, row.notices)
    });
    answered(&s, &headers, &a, &number, period, "campaign.refused.remind", r).await
}

async fn escalate(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let t = ctx_of(&headers, "", Some(&a)).t;
    let period = opt(&f, "period");
    let r = svc::escalate(&s.store, &a.principal, &number, period.as_deref()).await;
    let r = r.map(|low| {
        if low.is_empty() {
            return t.t("campaign.escalated_none").to_string();
        }
        let names: Vec<String> = low
            .iter()
            .map(|d| format!("{} {}", d.name, pct(d.coverage_bp)))
            .collect();
        format!(
            "{} {}",
            t.t("campaign.escalated"),
            names.join(if t.is_en() { ", " } else { "、" })
        )
    });
    answered(&s, &headers, &a, &number, period, "campaign.refused.escalate", r).await
}

async fn report(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let period = opt(&f, "period");
    match svc::report_complete(&s.store, &a.principal, &number, period.as_deref()).await {
        Ok(v) => Redirect::to(&format!("/campaigns/{number}/coverage?period={}", v.period)).into_response(),
        Err(e) => answered(&s, &headers, &a, &number, period, "campaign.refused.report", Err(e)).await,
    }
}

/// The credit codes typed into the link form: one per line, or separated by commas or spaces.
fn codes_of(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | ';' | '；' | '、'))
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty() && seen.insert(s.clone()))
        .collect()
}

async fn links(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let period = opt(&f, "period");
    let days: i64 = opt(&f, "days").and_then(|d| d.parse().ok()).unwrap_or(0);
    let codes = codes_of(f.get("enterprises").map_or("", String::as_str));
    let r = if codes.len() > MAX_LINK_CODES {
        Err(ServiceError::Invalid(FieldErrors(vec![
            kaifang_domain::field_error::FieldError::new(
                "enterprises",
                "too_many",
                kaifang_domain::field_error::Message::new("一次最多 500 家企业", "at most 500 enterprises at a time"),
            ),
        ])))
    } else {
        svc::create_links(&s.store, &a.principal, &number, period.as_deref(), &codes, days).await
    };
    let t = ctx_of(&headers, "", Some(&a)).t;
    let out = match r {
        Ok(links) => Outcome {
            notice: Some(if links.is_empty() {
                t.t("campaign.links_none").to_string()
            } else {
                format!("{} {}", t.t("campaign.links_made"), links.len())
            }),
            links,
            ..Outcome::default()
        },
        Err(ServiceError::Invalid(errs)) => Outcome {
            status: Some(StatusCode::UNPROCESSABLE_ENTITY),
            link_values: f.clone(),
            link_errors: errs,
            ..Outcome::default()
        },
        Err(ServiceError::Conflict { message, .. }) => Outcome {
            status: Some(StatusCode::CONFLICT),
            error: Some(conflict_line(&t, "campaign.refused.links", &message)),
            ..Outcome::default()
        },
        Err(e) => return super::error_page(ctx_of(&headers, "", Some(&a)), e),
    };
    coverage_page(&s, &headers, &a, &number, period, None, out).await
}

// ---------------------------------------------------------------- the one-time link

#[derive(Template)]
#[template(path = "monitoring/link.html")]
struct LinkPage {
    ctx: Ctx,
    form: LinkForm,
    token: String,
    source: String,
    controls: Vec<Control>,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "monitoring/link_end.html")]
struct LinkEndPage {
    ctx: Ctx,
    done: bool,
}

fn link_ctx(headers: &HeaderMap, token: &str, a: &MaybeAuthed) -> Ctx {
    ctx_of(headers, &format!("/r/{token}"), a.0.as_ref())
}

/// The page for every bad link: unknown, expired, spent or closed alike (404).
fn link_refused(ctx: Ctx) -> Response {
    (StatusCode::NOT_FOUND, render(&LinkEndPage { ctx, done: false })).into_response()
}

fn link_form_page(
    ctx: Ctx,
    token: &str,
    form: LinkForm,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
) -> LinkPage {
    let t = ctx.t;
    let controls = answer_controls(t, &form.indicators, values, errors);
    LinkPage {
        errors: error_lines(&t, errors, &[&controls]),
        controls,
        source: t
            .pick(
                form.source_zh.as_deref().unwrap_or(""),
                form.source_en.as_deref().unwrap_or(""),
            )
            .to_string(),
        token: token.to_string(),
        form,
        ctx,
    }
}

async fn link_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: MaybeAuthed,
    Path(token): Path<String>,
) -> Response {
    let ctx = link_ctx(&headers, &token, &a);
    match svc::link_form(&s.store, &token).await {
        Ok(form) => render(&link_form_page(ctx, &token, form, &HashMap::new(), &FieldErrors::new())),
        Err(ServiceError::NotFound) => link_refused(ctx),
        Err(e) => super::error_page(ctx, e),
    }
}

async fn link_answer(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    a: MaybeAuthed,
    Path(token): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let ctx = link_ctx(&headers, &token, &a);
    let form = match svc::link_form(&s.store, &token).await {
        Ok(form) => form,
        Err(ServiceError::NotFound) => return link_refused(ctx),
        Err(e) => return super::error_page(ctx, e),
    };
    let raw = posted_answers(&form.indicators, &f);
    match svc::answer_by_link(&s.store, &token, &raw, &client_ip_of(addr)).await {
        Ok(_) => render(&LinkEndPage { ctx, done: true }),
        Err(ServiceError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&link_form_page(ctx, &token, form, &f, &errs)),
        )
            .into_response(),
        Err(ServiceError::NotFound) => link_refused(ctx),
        Err(e) => super::error_page(ctx, e),
    }
}

// ---------------------------------------------------------------- spreadsheets

/// The work ledger (工作台账) of a period: every enterprise asked, answered or not.
async fn ledger(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match svc::ledger_xlsx(&s.store, &a.principal, &number, opt(&q, "period").as_deref()).await {
        Ok((name, bytes)) => crate::api::xlsx_download(bytes, &name),
        Err(e) => super::error_page(ctx_of(&headers, &format!("/campaigns/{number}"), Some(&a)), e),
    }
}

/// The blank sheet officers fill offline and import.
async fn template(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(number): Path<String>) -> Response {
    match svc::template_xlsx(&s.store, &a.principal, &number).await {
        Ok((name, bytes)) => crate::api::xlsx_download(bytes, &name),
        Err(e) => super::error_page(ctx_of(&headers, &format!("/campaigns/{number}"), Some(&a)), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_read_from_lines_commas_or_spaces_once_each() {
        assert_eq!(
            codes_of(" 91320102MA1XXXXXX0\n91320102ma1yyyyyy1，91320102MA1XXXXXX0 \r\n"),
            vec!["91320102MA1XXXXXX0", "91320102MA1YYYYYY1"]
        );
        assert!(codes_of("  \n ").is_empty());
    }
}
