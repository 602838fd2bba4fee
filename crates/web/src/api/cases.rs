//! `/api/v1/cases`: demands, complaints and problem-list items with their clocks, ledger and
//! attachments.

use super::json_body::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kaifang_service::cases::{
    self as svc, ActionInput, AttachmentView, CaseDetail, CaseInput, CaseQuery, CaseSummary, ComplaintRules, Dashboard,
    TimeLimitInput, TimeLimitView,
};
use serde::Deserialize;

/// The case ledger inside the caller's jurisdiction, newest first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseQuery),
    responses((status = 200, body = [CaseSummary])))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<CaseQuery>,
) -> Result<JsonBody<Vec<CaseSummary>>, ApiError> {
    Ok(JsonBody(svc::list(&s.store, &s.calendars, &a.principal, &q).await?))
}

/// Files a demand or a problem-list item.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = CaseInput,
    responses((status = 201, body = CaseDetail), (status = 422, description = "field errors"), (status = 403)))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(input): Json<CaseInput>,
) -> Result<(StatusCode, Json<CaseDetail>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::create(&s.store, &s.calendars, &a.principal, &input).await?),
    ))
}

/// One case with its ledger; 404 outside the caller's jurisdiction.
#[utoipa::path(get, path = "/api/v1/cases/{number}", tag = "cases",
    params(("number" = String, Path, description = "case number")),
    responses((status = 200, body = CaseDetail), (status = 404)))]
pub async fn get(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(svc::get(&s.store, &s.calendars, &a.principal, &number).await?))
}

/// Takes one action (dispatch, acknowledge, return, reply, pause, resume, extend, resolve, confirm,
/// close, escalate, withdraw, reopen, supervise). An action the case's state does not allow answers
/// 409 with the allowed ones.
#[utoipa::path(post, path = "/api/v1/cases/{number}/actions", tag = "cases", request_body = ActionInput,
    params(("number" = String, Path, description = "case number")),
    responses((status = 200, body = CaseDetail), (status = 409, description = "not allowed now; lists the allowed actions"),
        (status = 422, description = "field errors"), (status = 403), (status = 404)))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<ActionInput>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(
        svc::act(&s.store, &s.calendars, &a.principal, &number, &input).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RulesQuery {
    /// Division whose figures apply; default the caller's.
    pub division: Option<String>,
}

/// The complaint measures' time limits that apply in a division and their lists (materials,
/// refusal and termination grounds, handling methods), each with its source and whether it was
/// verified against the text.
#[utoipa::path(get, path = "/api/v1/cases/complaint-rules", tag = "cases", params(RulesQuery),
    responses((status = 200, body = ComplaintRules)))]
pub async fn complaint_rules(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<RulesQuery>,
) -> Result<Json<ComplaintRules>, ApiError> {
    let division = q.division.unwrap_or_else(|| a.principal.division.clone());
    Ok(Json(svc::complaint_rules(&s.store, &division).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachQuery {
    /// The file's name; its extension must match its content (pdf, png, jpg, docx, xlsx, ofd).
    pub filename: String,
    /// Trade-secret material: only those handling the case see it.
    pub confidential: Option<bool>,
}

/// Attaches a file (the request body, at most 10 MB) to a case.
#[utoipa::path(post, path = "/api/v1/cases/{number}/attachments", tag = "cases", params(
        ("number" = String, Path, description = "case number"), AttachQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentView), (status = 422, description = "size or type refused"), (status = 404)))]
pub async fn attach(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<AttachQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    let v = svc::add_attachment(
        &s.store,
        &a.principal,
        &number,
        &q.filename,
        &body,
        q.confidential.unwrap_or(false),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Downloads an attachment; confidential ones answer 404 to those not handling the case.
#[utoipa::path(get, path = "/api/v1/cases/{number}/attachments/{id}", tag = "cases", params(
        ("number" = String, Path, description = "case number"), ("id" = i64, Path, description = "attachment id")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404)))]
pub async fn attachment(
    State(s): State<AppState>,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let (v, bytes) = svc::attachment(&s.store, &a.principal, &number, id).await?;
    Ok(download(&v, bytes))
}

/// A file answer that the browser saves rather than renders.
pub fn download(v: &AttachmentView, bytes: Vec<u8>) -> Response {
    let ascii: String = v
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = v
        .filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, v.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The leaders' dashboard for the caller's jurisdiction: open, overdue and finished cases by
/// division, category and kind, on-time rate, average working days, satisfaction, and the
/// supervision list.
#[utoipa::path(get, path = "/api/v1/cases/dashboard", tag = "cases",
    responses((status = 200, body = Dashboard), (status = 403)))]
pub async fn dashboard(State(s): State<AppState>, a: Authed) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(
        svc::dashboard(&s.store, &s.calendars, &s.dashboards, &a.principal)
            .await?
            .as_ref()
            .clone(),
    ))
}

/// The filtered ledger as .xlsx, one row per case with its deadlines; audited.
#[utoipa::path(get, path = "/api/v1/cases/export.xlsx", tag = "cases", params(CaseQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn export(State(s): State<AppState>, a: Authed, Query(q): Query<CaseQuery>) -> Result<Response, ApiError> {
    let bytes = svc::ledger_xlsx(&s.store, &s.calendars, &a.principal, &q).await?;
    Ok(super::xlsx_download(bytes, "cases.xlsx"))
}

/// The time limits that apply in the caller's division: its own rows, then those of the
/// divisions above it, ending with the national defaults; each with its source.
#[utoipa::path(get, path = "/api/v1/cases/time-limits", tag = "cases",
    responses((status = 200, body = [TimeLimitView])))]
pub async fn time_limits(State(s): State<AppState>, a: Authed) -> Result<Json<Vec<TimeLimitView>>, ApiError> {
    Ok(Json(svc::time_limits(&s.store, &a.principal).await?))
}

/// Sets the caller's division's limits for demands or problem-list items (administrators);
/// cases dispatched afterwards in the division and below use them. Audited.
#[utoipa::path(put, path = "/api/v1/cases/time-limits", tag = "cases", request_body = TimeLimitInput,
    responses((status = 200, body = TimeLimitView), (status = 422, description = "field errors"), (status = 403)))]
pub async fn set_time_limit(
    State(s): State<AppState>,
    a: Authed,
    Json(input): Json<TimeLimitInput>,
) -> Result<Json<TimeLimitView>, ApiError> {
    Ok(Json(svc::set_time_limit(&s.store, &a.principal, &input).await?))
}
