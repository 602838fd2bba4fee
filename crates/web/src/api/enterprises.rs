//! `/api/v1/enterprises`: the FIE roster over JSON, import and export.

use super::json_body::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kaifang_service::enterprises::{self as svc, EnterpriseInput, EnterpriseView, ListPage, ListQuery};
use kaifang_service::import::ImportReport;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Lists enterprises inside the caller's jurisdiction, filtered, sorted, keyset-paginated.
#[utoipa::path(get, path = "/api/v1/enterprises", tag = "enterprises", params(ListQuery),
    responses((status = 200, body = ListPage), (status = 422, description = "invalid filter")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ListQuery>,
) -> Result<JsonBody<ListPage>, ApiError> {
    Ok(JsonBody(svc::list(&s.store, &a.principal, &q).await?))
}

/// Creates an enterprise (officers and admins, inside their jurisdiction).
#[utoipa::path(post, path = "/api/v1/enterprises", tag = "enterprises", request_body = EnterpriseInput,
    responses((status = 201, body = EnterpriseView), (status = 422, description = "field errors"), (status = 403)))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(input): Json<EnterpriseInput>,
) -> Result<(StatusCode, Json<EnterpriseView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::create(&s.store, &a.principal, &input).await?),
    ))
}

/// One enterprise; 404 when it does not exist or lies outside the caller's jurisdiction.
#[utoipa::path(get, path = "/api/v1/enterprises/{uscc}", tag = "enterprises",
    params(("uscc" = String, Path, description = "credit code")),
    responses((status = 200, body = EnterpriseView), (status = 404)))]
pub async fn get(
    State(s): State<AppState>,
    a: Authed,
    Path(uscc): Path<String>,
) -> Result<Json<EnterpriseView>, ApiError> {
    Ok(Json(svc::get(&s.store, &a.principal, &uscc).await?))
}

/// A partial change: fields present replace stored ones; an empty string clears an optional field.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PatchBody {
    /// The version you read; a different stored version answers 409.
    pub version: Option<i64>,
    #[serde(flatten)]
    pub fields: EnterpriseInput,
}

/// Changes an enterprise; the previous state is kept in its history.
#[utoipa::path(patch, path = "/api/v1/enterprises/{uscc}", tag = "enterprises",
    params(("uscc" = String, Path, description = "credit code")), request_body = PatchBody,
    responses((status = 200, body = EnterpriseView), (status = 404), (status = 409), (status = 422)))]
pub async fn patch(
    State(s): State<AppState>,
    a: Authed,
    Path(uscc): Path<String>,
    Json(body): Json<PatchBody>,
) -> Result<Json<EnterpriseView>, ApiError> {
    Ok(Json(
        svc::update(&s.store, &a.principal, &uscc, &body.fields, body.version).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeregisterBody {
    /// Date of deregistration, YYYY-MM-DD.
    pub deregistered_on: String,
}

/// Marks an enterprise deregistered (records are never deleted).
#[utoipa::path(post, path = "/api/v1/enterprises/{uscc}/deregister", tag = "enterprises",
    params(("uscc" = String, Path, description = "credit code")), request_body = DeregisterBody,
    responses((status = 200, body = EnterpriseView), (status = 404), (status = 409), (status = 422)))]
pub async fn deregister(
    State(s): State<AppState>,
    a: Authed,
    Path(uscc): Path<String>,
    Json(body): Json<DeregisterBody>,
) -> Result<Json<EnterpriseView>, ApiError> {
    Ok(Json(
        svc::deregister(&s.store, &a.principal, &uscc, &body.deregistered_on).await?,
    ))
}

/// One entry of an enterprise's change history.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct HistoryEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
}

/// The change history of an enterprise, oldest first.
#[utoipa::path(get, path = "/api/v1/enterprises/{uscc}/history", tag = "enterprises",
    params(("uscc" = String, Path, description = "credit code")),
    responses((status = 200, body = [HistoryEntry]), (status = 404)))]
pub async fn history(
    State(s): State<AppState>,
    a: Authed,
    Path(uscc): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let entries = svc::history(&s.store, &a.principal, &uscc).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| HistoryEntry {
                seq: e.seq,
                at: e.at,
                actor: e.actor_name,
                action: e.action,
                before: e.before_json.and_then(|j| serde_json::from_str(&j).ok()),
                after: e.after_json.and_then(|j| serde_json::from_str(&j).ok()),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// true (default): only check and report; false: write all rows or none.
    pub dry_run: Option<bool>,
    /// File name, used to tell .xlsx from .csv when the content does not say.
    pub filename: Option<String>,
}

/// Imports enterprises from an .xlsx or .csv body (UTF-8 or GBK). Every bad row
/// and column is reported; a file with any error changes nothing.
#[utoipa::path(post, path = "/api/v1/enterprises/import", tag = "enterprises", params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 413)))]
pub async fn import(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let name = p.filename.unwrap_or_else(|| "upload.csv".into());
    Ok(Json(
        kaifang_service::import::import_enterprises(
            &s.store,
            &a.principal,
            std::sync::Arc::from(&body[..]),
            &name,
            p.dry_run.unwrap_or(true),
            None,
        )
        .await?,
    ))
}

/// Exports the filtered list (same filters as the list) to .xlsx; audited.
#[utoipa::path(get, path = "/api/v1/enterprises/export.xlsx", tag = "enterprises", params(ListQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn export(State(s): State<AppState>, a: Authed, Query(q): Query<ListQuery>) -> Result<Response, ApiError> {
    let bytes = kaifang_service::export::roster_xlsx(&s.store, &a.principal, &q).await?;
    Ok(super::xlsx_download(bytes, "enterprises.xlsx"))
}

/// The import template: headers, drop-down lists for the caller's divisions, industries, regions and zones.
#[utoipa::path(get, path = "/api/v1/enterprises/template.xlsx", tag = "enterprises",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn template(a: Authed) -> Result<Response, ApiError> {
    let bytes = kaifang_service::export::roster_template(&a.principal)?;
    Ok(super::xlsx_download(bytes, "enterprise-import-template.xlsx"))
}
