//! `/api/v1/check`: the admission and incentive checker, open without an account (it answers from
//! public policy texts); and `/api/v1/policy/editions`: the editions it holds, which national
//! administrators load, activate and withdraw. The page and the command line share the services.

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kaifang_domain::checker::Answer;
use kaifang_service::checker::CheckRequest;
use kaifang_service::checker::editions::{EditionView, UploadView};
use kaifang_service::checker::roster::RosterReport;

/// Checks an investment: `verdict` (prohibited, restricted, permitted); `measures` cited with their
/// edition, item, kind, text, provenance mark (V/F/R) and `conditions_met` (true, false, or null
/// when the inputs cannot tell), most relevant first; `notes` relied on; `encouraged` catalogue
/// items, most relevant first; `incentives`; `trace`; `warnings` (incomplete editions, lists not
/// loaded, places that need a yes/no on the free trade zone). Bad input answers 422 naming fields.
#[utoipa::path(post, path = "/api/v1/check", tag = "checker", request_body = CheckRequest,
    responses((status = 200, description = "the answer, with its trace"), (status = 422, description = "field errors")))]
pub async fn check(State(s): State<AppState>, Json(r): Json<CheckRequest>) -> Result<Json<Answer>, ApiError> {
    s.checker.refresh(&s.store).await?;
    Ok(Json(s.checker.check(&r)?))
}

/// Every policy edition the checker holds: built-in ones and uploads, with status, dates and what
/// each lacks.
#[utoipa::path(get, path = "/api/v1/policy/editions", tag = "checker",
    responses((status = 200, body = [EditionView])))]
pub async fn editions(State(s): State<AppState>) -> Result<Json<Vec<EditionView>>, ApiError> {
    Ok(Json(s.checker.editions(&s.store).await?))
}

/// Loads an edition file (TOML, the format of data/policy/FORMAT.md) as a draft and answers with
/// its difference from the edition it follows. National administrators only; 422 names the line or
/// the field of every problem.
#[utoipa::path(post, path = "/api/v1/policy/editions", tag = "checker",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 201, body = UploadView), (status = 422, description = "field errors"), (status = 403)))]
pub async fn upload(
    State(s): State<AppState>,
    a: Authed,
    body: String,
) -> Result<(StatusCode, Json<UploadView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(s.checker.upload(&s.store, &a.principal, &body).await?),
    ))
}

/// Activates an uploaded edition: it applies from its own effective date (an active upload with a
/// built-in edition's id replaces it).
#[utoipa::path(post, path = "/api/v1/policy/editions/{id}/activate", tag = "checker",
    params(("id" = i64, Path, description = "upload id")),
    responses((status = 204), (status = 409, description = "not a draft or withdrawn upload"), (status = 403), (status = 404)))]
pub async fn activate(State(s): State<AppState>, a: Authed, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    s.checker.decide(&s.store, &a.principal, id, "active").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws an uploaded edition (kept, no longer applied).
#[utoipa::path(post, path = "/api/v1/policy/editions/{id}/withdraw", tag = "checker",
    params(("id" = i64, Path, description = "upload id")),
    responses((status = 204), (status = 409), (status = 403), (status = 404)))]
pub async fn withdraw(State(s): State<AppState>, a: Authed, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    s.checker.decide(&s.store, &a.principal, id, "withdrawn").await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterQuery {
    /// The date whose national list applies (default today).
    pub date: Option<String>,
    /// Enterprises listed per measure (default 50, at most 500).
    pub limit: Option<i64>,
}

/// Screens the roster inside the caller's jurisdiction: operating FIEs whose registered industry
/// class falls under a restricted or prohibited measure of the national list in force, by measure.
#[utoipa::path(get, path = "/api/v1/check/roster", tag = "checker", params(RosterQuery),
    responses((status = 200, body = RosterReport), (status = 403), (status = 422)))]
pub async fn roster(
    State(s): State<AppState>,
    a: Authed,
    axum::extract::Query(q): axum::extract::Query<RosterQuery>,
) -> Result<Json<RosterReport>, ApiError> {
    let date = roster_date(q.date.as_deref())?;
    s.checker.refresh(&s.store).await?;
    Ok(Json(
        s.checker
            .roster(&s.store, &a.principal, date, q.limit.unwrap_or(50).clamp(1, 500))
            .await?,
    ))
}

/// The screening date: as given, or today in China; a bad one names the field.
pub fn roster_date(d: Option<&str>) -> Result<time::Date, kaifang_service::ServiceError> {
    match d.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(kaifang_service::enterprises::today_cn()),
        Some(d) => kaifang_domain::calendar::parse_date(d).ok_or_else(|| {
            kaifang_domain::field_error::FieldError::new(
                "date",
                "date",
                kaifang_domain::field_error::Message::new("日期格式应为 YYYY-MM-DD", "a date is YYYY-MM-DD"),
            )
            .into()
        }),
    }
}
