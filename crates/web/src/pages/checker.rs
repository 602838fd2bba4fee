//! `/check`: the admission and incentive checker for investors and officers —
//! a GET form (so an answer is a link that can be shared and printed), the
//! verdict, the cited items with their provenance marks, the conditions, the
//! encouraged items, the incentives and the trace. Open without logging in.

use std::collections::HashMap;

use super::{Ctx, render};
use crate::AppState;
use crate::auth::MaybeAuthed;
use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use kaifang_domain::checker::Answer;
use kaifang_domain::field_error::Message;
use kaifang_service::ServiceError;
use kaifang_service::checker::CheckRequest;
use kaifang_service::checker::editions::{EditionView, UploadView};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/check", get(page))
        .route("/check/editions", get(editions_page).post(upload))
        .route("/check/roster", get(roster_page))
        .route("/check/roster.xlsx", get(roster_export))
        .route("/check/editions/{id}/{decision}", post(decide))
}

struct ConditionLine {
    text: String,
    state: &'static str,
    reason: String,
    missing: String,
}

struct MeasureLine {
    cite: String,
    kind: &'static str,
    provenance: String,
    text: String,
    section: String,
    matched_by: String,
    state: &'static str,
    conditions: Vec<ConditionLine>,
    excepted: String,
}

struct IncentiveLine {
    name: String,
    basis: String,
    basis_verified: bool,
    applies: bool,
    reason: String,
    source: String,
    conditions: Vec<(String, bool)>,
}

struct View {
    verdict: &'static str,
    date: String,
    editions: Vec<(String, String, bool, String)>,
    warnings: Vec<String>,
    measures: Vec<MeasureLine>,
    related: Vec<MeasureLine>,
    notes: Vec<(String, String, String)>,
    encouraged: Vec<(String, String, String, String)>,
    incentives: Vec<IncentiveLine>,
    trace: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    ctx: Ctx,
    v: HashMap<String, String>,
    errors: HashMap<String, String>,
    view: Option<View>,
}

impl CheckPage {
    fn val(&self, k: &str) -> &str {
        self.v.get(k).map_or("", String::as_str)
    }
    fn err(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }
}

fn state(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "not_met",
        None => "unknown",
    }
}

fn view(a: &Answer, en: bool) -> View {
    let s = |m: &Message| m.get(en).to_string();
    let measure = |h: &kaifang_domain::checker::MeasureHit| MeasureLine {
        cite: format!("{} · {}", h.edition, h.item),
        kind: if h.kind == "prohibited" {
            "prohibited"
        } else {
            "restricted"
        },
        provenance: h.provenance.clone(),
        text: h.text.clone(),
        section: h.section.clone(),
        matched_by: h.matched_by.join("、"),
        state: if h.kind == "restricted" {
            state(h.conditions_met)
        } else {
            ""
        },
        conditions: h
            .conditions
            .iter()
            .map(|c| ConditionLine {
                text: c.text.clone(),
                state: state(c.met),
                reason: s(&c.reason),
                missing: c.missing.as_ref().map(s).unwrap_or_default(),
            })
            .collect(),
        excepted: h.excepted.clone().unwrap_or_default(),
    };
    View {
        verdict: a.verdict.as_str(),
        date: a.date.clone(),
        editions: a
            .editions
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    if en && !e.title_en.is_empty() {
                        e.title_en.clone()
                    } else {
                        e.title_zh.clone()
                    },
                    e.complete,
                    if en {
                        e.completeness_en.clone()
                    } else {
                        e.completeness_zh.clone()
                    },
                )
            })
            .collect(),
        warnings: a.warnings.iter().map(s).collect(),
        measures: a.measures.iter().map(measure).collect(),
        related: a.related.iter().map(measure).collect(),
        notes: a
            .notes
            .iter()
            .map(|n| {
                (
                    format!("{} · 说明{}", n.edition, n.no),
                    n.provenance.clone(),
                    n.text.clone(),
                )
            })
            .collect(),
        encouraged: a
            .encouraged
            .iter()
            .map(|e| {
                let part = match &e.region {
                    Some(r) => format!("{} · {r} · {}", e.edition, e.item),
                    None => format!("{} · {} · {}", e.edition, if en { "national" } else { "全国" }, e.item),
                };
                (part, e.section.clone(), e.text.clone(), e.matched_by.join("、"))
            })
            .collect(),
        incentives: a
            .incentives
            .iter()
            .map(|i| IncentiveLine {
                name: if en { i.name_en.clone() } else { i.name_zh.clone() },
                basis: i.basis.clone(),
                basis_verified: i.basis_verified,
                applies: i.status == kaifang_domain::checker::incentives::IncentiveStatus::MayApply,
                reason: s(&i.reason),
                source: s(&i.source),
                conditions: i
                    .conditions
                    .iter()
                    .map(|c| (if en { c.text_en.clone() } else { c.text_zh.clone() }, c.verified))
                    .collect(),
            })
            .collect(),
        trace: a
            .trace
            .iter()
            .map(|t| (t.step.to_string(), s(&t.result), t.used.join("; ")))
            .collect(),
    }
}

/// A division code as given, or the code of the best match for a name (`南京市玄武区`, `成都`).
fn division_code(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    kaifang_refdata::get()
        .search_divisions(s, None, 1)
        .first()
        .map_or_else(|| s.to_string(), |d| d.code.clone())
}

fn request_of(q: &HashMap<String, String>) -> Result<CheckRequest, HashMap<String, String>> {
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut errors = HashMap::new();
    let mut num = |k: &str| match get(k) {
        None => None,
        Some(v) => match v.trim_end_matches('%').parse::<f64>() {
            Ok(x) => Some(x),
            Err(_) => {
                errors.insert(k.to_string(), "—".to_string());
                None
            }
        },
    };
    let foreign_equity = num("foreign_equity");
    let largest_foreign_investor = num("largest_foreign_investor");
    let r = CheckRequest {
        activity: get("activity").unwrap_or("").to_string(),
        industries: get("industries")
            .map(|s| {
                s.split([' ', ',', ';', '，', '；'])
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
        division: get("division").map(division_code).unwrap_or_default(),
        date: get("date").map(String::from),
        foreign_equity,
        largest_foreign_investor,
        investor_region: get("investor_region").map(String::from),
        entity_form: get("entity_form").map(String::from),
        ftz: get("ftz").map(String::from),
    };
    if errors.is_empty() { Ok(r) } else { Err(errors) }
}

async fn page(
    State(s): State<AppState>,
    headers: HeaderMap,
    MaybeAuthed(a): MaybeAuthed,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/check", "check", a.as_ref());
    let en = ctx.t.is_en();
    let mut errors = HashMap::new();
    let mut answer = None;
    if q.get("activity").is_some_and(|v| !v.trim().is_empty()) || q.contains_key("division") {
        match request_of(&q) {
            Err(e) => {
                let msg = ctx.t.t("check.not_a_number").to_string();
                errors = e.into_keys().map(|k| (k, msg.clone())).collect();
            }
            Ok(r) => match s.checker.refresh(&s.store).await.and_then(|_| s.checker.check(&r)) {
                Ok(ans) => answer = Some(view(&ans, en)),
                Err(ServiceError::Invalid(fe)) => {
                    for f in fe.iter() {
                        let key = if f.field.starts_with("industries") {
                            "industries".to_string()
                        } else {
                            f.field.clone()
                        };
                        errors.insert(key, f.message.get(en).to_string());
                    }
                }
                Err(e) => return super::error_page(ctx, e),
            },
        }
    }
    let mut v = q;
    if !v.contains_key("division")
        && let Some(a) = &a
        && a.principal.division != "000000"
        && a.principal.enterprise.is_none()
    {
        v.insert("division".into(), a.principal.division.clone());
    }
    render(&CheckPage {
        ctx,
        v,
        errors,
        view: answer,
    })
}

pub fn verdict_key(v: &str) -> &'static str {
    match v {
        "prohibited" => "check.prohibited",
        "restricted" => "check.restricted",
        _ => "check.permitted",
    }
}

pub fn cond_key(v: &str) -> &'static str {
    match v {
        "met" => "check.cond_met",
        "not_met" => "check.cond_not_met",
        _ => "check.cond_unknown",
    }
}

pub fn mark_key(v: &str) -> &'static str {
    match v {
        "V" => "check.mark_v",
        "F" => "check.mark_f",
        _ => "check.mark_r",
    }
}

pub fn form_key(v: &str) -> &'static str {
    match v {
        "partnership" => "check.form_partnership",
        "individual" => "check.form_individual",
        "sole-proprietorship" => "check.form_sole",
        "cooperative" => "check.form_cooperative",
        _ => "check.form_company",
    }
}

pub fn ftz_key(v: &str) -> &'static str {
    match v {
        "yes" => "check.ftz_yes",
        "no" => "check.ftz_no",
        _ => "check.ftz_auto",
    }
}

#[derive(Template)]
#[template(path = "check_editions.html")]
struct EditionsPage {
    ctx: Ctx,
    editions: Vec<EditionView>,
    can_load: bool,
    body: String,
    errors: Vec<String>,
    preview: Option<UploadView>,
}

async fn show_editions(
    s: &AppState,
    ctx: Ctx,
    can_load: bool,
    body: String,
    errors: Vec<String>,
    preview: Option<UploadView>,
) -> Response {
    match s.checker.editions(&s.store).await {
        Ok(editions) => render(&EditionsPage {
            ctx,
            editions,
            can_load,
            body,
            errors,
            preview,
        }),
        Err(e) => super::error_page(ctx, e),
    }
}

fn can_load(a: &Option<crate::auth::Authed>) -> bool {
    a.as_ref().is_some_and(|a| {
        a.principal.role.can_administer() && matches!(a.principal.scope, kaifang_domain::jurisdiction::Scope::National)
    })
}

async fn editions_page(State(s): State<AppState>, headers: HeaderMap, MaybeAuthed(a): MaybeAuthed) -> Response {
    let ctx = Ctx::new(&headers, "/check/editions", "check", a.as_ref());
    show_editions(&s, ctx, can_load(&a), String::new(), vec![], None).await
}

/// An edition file chosen in the form, or the text pasted into it (the file wins when both are
/// given). A file that is not UTF-8 text names the field.
async fn upload_text(mut mp: axum::extract::Multipart) -> Result<String, ServiceError> {
    let bad = |code: &str, zh: String, en: String| {
        ServiceError::from(kaifang_domain::field_error::FieldError::new(
            "file",
            code,
            Message::new(zh, en),
        ))
    };
    let (mut file, mut body) = (None, String::new());
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| bad("file.upload", format!("上传失败：{e}"), format!("upload failed: {e}")))?
    {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| bad("file.upload", format!("上传失败：{e}"), format!("upload failed: {e}")))?;
        match name.as_str() {
            "file" if !bytes.is_empty() => {
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    bad(
                        "file.encoding",
                        "版本文件应为 UTF-8 文本".into(),
                        "an edition file is UTF-8 text".into(),
                    )
                })?;
                file = Some(text);
            }
            "body" => body = String::from_utf8_lossy(&bytes).into_owned(),
            _ => {}
        }
    }
    Ok(file.unwrap_or(body))
}

/// Field errors as the editions page lists them: `field: message`.
fn listed(errs: &kaifang_domain::field_error::FieldErrors, en: bool) -> Vec<String> {
    errs.iter()
        .map(|e| format!("{}: {}", e.field, e.message.get(en)))
        .collect()
}

async fn upload(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: crate::auth::Authed,
    mp: axum::extract::Multipart,
) -> Response {
    let ctx = Ctx::new(&headers, "/check/editions", "check", Some(&a));
    let en = ctx.t.is_en();
    let allowed = can_load(&Some(a.clone()));
    let text = match upload_text(mp).await {
        Ok(t) => t,
        Err(ServiceError::Invalid(errs)) => {
            return show_editions(&s, ctx, allowed, String::new(), listed(&errs, en), None).await;
        }
        Err(e) => return super::error_page(ctx, e),
    };
    match s.checker.upload(&s.store, &a.principal, &text).await {
        Ok(preview) => show_editions(&s, ctx, allowed, String::new(), vec![], Some(preview)).await,
        Err(ServiceError::Invalid(errs)) => show_editions(&s, ctx, allowed, text, listed(&errs, en), None).await,
        Err(e) => super::error_page(ctx, e),
    }
}

async fn decide(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: crate::auth::Authed,
    Path((id, decision)): Path<(i64, String)>,
) -> Response {
    let status = match decision.as_str() {
        "activate" => "active",
        "withdraw" => "withdrawn",
        _ => {
            return super::error_page(
                Ctx::new(&headers, "/check/editions", "check", Some(&a)),
                ServiceError::NotFound,
            );
        }
    };
    match s.checker.decide(&s.store, &a.principal, id, status).await {
        Ok(()) => Redirect::to("/check/editions").into_response(),
        Err(e) => super::error_page(Ctx::new(&headers, "/check/editions", "check", Some(&a)), e),
    }
}

#[derive(Template)]
#[template(path = "check_roster.html")]
struct RosterPage {
    ctx: Ctx,
    date: String,
    error: Option<String>,
    report: Option<kaifang_service::checker::roster::RosterReport>,
}

#[derive(Debug, serde::Deserialize)]
struct RosterParams {
    date: Option<String>,
}

/// The screening date (a bad one names the field), with the library brought up to date.
async fn roster_ready(s: &AppState, q: &RosterParams) -> Result<time::Date, ServiceError> {
    let date = crate::api::checker::roster_date(q.date.as_deref())?;
    s.checker.refresh(&s.store).await?;
    Ok(date)
}

/// `/check/roster`: the operating FIEs inside the officer's jurisdiction whose registered class
/// falls under a restricted or prohibited measure on the date, by measure.
async fn roster_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: crate::auth::Authed,
    Query(q): Query<RosterParams>,
) -> Response {
    let ctx = Ctx::new(&headers, "/check/roster", "check", Some(&a));
    let date_text = q.date.clone().unwrap_or_default();
    let date = match roster_ready(&s, &q).await {
        Ok(d) => d,
        Err(e @ ServiceError::Invalid(_)) => {
            let error = match &e {
                ServiceError::Invalid(errs) => errs
                    .into_iter()
                    .next()
                    .map(|f| f.message.get(ctx.t.is_en()).to_string()),
                _ => None,
            };
            return render(&RosterPage {
                ctx,
                date: date_text,
                error,
                report: None,
            });
        }
        Err(e) => return super::error_page(ctx, e),
    };
    match s.checker.roster(&s.store, &a.principal, date, 50).await {
        Ok(report) => render(&RosterPage {
            ctx,
            date: report.date.clone(),
            error: None,
            report: Some(report),
        }),
        Err(e) => super::error_page(ctx, e),
    }
}

/// `/check/roster.xlsx`: the whole screening (every firm, not only the first 50 a measure).
async fn roster_export(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: crate::auth::Authed,
    Query(q): Query<RosterParams>,
) -> Response {
    let ctx = Ctx::new(&headers, "/check/roster", "check", Some(&a));
    let date = match roster_ready(&s, &q).await {
        Ok(d) => d,
        Err(e) => return super::error_page(ctx, e),
    };
    match s.checker.roster_xlsx(&s.store, &a.principal, date).await {
        Ok(bytes) => crate::api::xlsx_download(bytes, &format!("roster-screening-{date}.xlsx")),
        Err(e) => super::error_page(ctx, e),
    }
}
