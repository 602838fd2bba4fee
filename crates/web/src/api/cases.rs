//! `/api/v1/cases`: demands and problem-list items with their clocks and ledger.

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use kaifang_service::cases::{self as svc, ActionInput, CaseDetail, CaseInput, CaseQuery, CaseView};

/// The case ledger inside the caller's jurisdiction, newest first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseQuery),
    responses((status = 200, body = [CaseView])))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<CaseQuery>,
) -> Result<Json<Vec<CaseView>>, ApiError> {
    Ok(Json(svc::list(&s.store, &s.calendars, &a.principal, &q).await?))
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
