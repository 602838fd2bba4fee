//! `/api/v1/projects`: the major-project pipeline — records, stage moves, tranches of utilised
//! foreign capital, task force, service log and factor approvals — with the same operations as
//! the pages.

use super::json_body::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use kaifang_service::projects::{
    self as svc, ApprovalInput, LedgerImportReport, LogInput, MemberInput, ProjectDashboard, ProjectDetail,
    ProjectInput, ProjectQuery, ProjectSummary, StageInput, TrancheInput, UpdateRuleInput, UpdateRuleView, VoidInput,
};
use serde::Deserialize;

/// The project ledger inside the caller's jurisdiction, newest first (keyset: `after` = last id).
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects", params(ProjectQuery),
    responses((status = 200, body = [ProjectSummary]), (status = 422, description = "bad filter")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ProjectQuery>,
) -> Result<JsonBody<Vec<ProjectSummary>>, ApiError> {
    Ok(JsonBody(svc::list(&s.store, &a.principal, &q).await?))
}

/// Registers a project (officers, inside their jurisdiction). A project may be recorded in any
/// stage of the pipeline with the data that stage requires.
#[utoipa::path(post, path = "/api/v1/projects", tag = "projects", request_body = ProjectInput,
    responses((status = 201, body = ProjectDetail), (status = 422, description = "field errors"), (status = 403)))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(input): Json<ProjectInput>,
) -> Result<(StatusCode, Json<ProjectDetail>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::create(&s.store, &a.principal, &input).await?),
    ))
}

/// One project with its stage history, tranches, task force, service log, approvals and
/// problem cases; 404 outside the caller's jurisdiction and task forces.
#[utoipa::path(get, path = "/api/v1/projects/{number}", tag = "projects",
    params(("number" = String, Path, description = "project number")),
    responses((status = 200, body = ProjectDetail), (status = 404)))]
pub async fn get(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(svc::get(&s.store, &a.principal, &number).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version the caller saw; a different one answers 409.
    pub version: Option<i64>,
}

/// Changes a project's record (not its stage); absent fields keep their value. Audited with the
/// record before and after.
#[utoipa::path(patch, path = "/api/v1/projects/{number}", tag = "projects", request_body = ProjectInput,
    params(("number" = String, Path, description = "project number"), VersionQuery),
    responses((status = 200, body = ProjectDetail), (status = 422, description = "field errors"),
        (status = 409, description = "changed meanwhile"), (status = 404)))]
pub async fn patch(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(v): Query<VersionQuery>,
    Json(input): Json<ProjectInput>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(
        svc::update(&s.store, &a.principal, &number, &input, v.version).await?,
    ))
}

/// Moves the project to another stage. A move its stage does not allow answers 409 with the
/// allowed stages; missing data (signing needs its date and the contracted capital) answers 422.
#[utoipa::path(post, path = "/api/v1/projects/{number}/stage", tag = "projects", request_body = StageInput,
    params(("number" = String, Path, description = "project number")),
    responses((status = 200, body = ProjectDetail), (status = 409, description = "not allowed now; lists the allowed stages"),
        (status = 422, description = "field errors"), (status = 404)))]
pub async fn stage(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<StageInput>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(svc::move_stage(&s.store, &a.principal, &number, &input).await?))
}

/// Records a tranche of utilised foreign capital, converted to US dollars at the given rate.
#[utoipa::path(post, path = "/api/v1/projects/{number}/tranches", tag = "projects", request_body = TrancheInput,
    params(("number" = String, Path, description = "project number")),
    responses((status = 201, body = ProjectDetail), (status = 409, description = "not signed yet"),
        (status = 422, description = "field errors"), (status = 404)))]
pub async fn add_tranche(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<TrancheInput>,
) -> Result<(StatusCode, Json<ProjectDetail>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::add_tranche(&s.store, &a.principal, &number, &input).await?),
    ))
}

/// Voids a wrong tranche with a reason; it stays listed.
#[utoipa::path(post, path = "/api/v1/projects/{number}/tranches/{id}/void", tag = "projects", request_body = VoidInput,
    params(("number" = String, Path, description = "project number"), ("id" = i64, Path, description = "tranche id")),
    responses((status = 200, body = ProjectDetail), (status = 409, description = "already voided"), (status = 404)))]
pub async fn void_tranche(
    State(s): State<AppState>,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
    Json(input): Json<VoidInput>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(
        svc::void_tranche(&s.store, &a.principal, &number, id, &input).await?,
    ))
}

/// Adds a task-force member; a member with an account finds the project under `team=me`.
#[utoipa::path(post, path = "/api/v1/projects/{number}/team", tag = "projects", request_body = MemberInput,
    params(("number" = String, Path, description = "project number")),
    responses((status = 201, body = ProjectDetail), (status = 422, description = "field errors"), (status = 404)))]
pub async fn add_member(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<MemberInput>,
) -> Result<(StatusCode, Json<ProjectDetail>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::add_member(&s.store, &a.principal, &number, &input).await?),
    ))
}

/// Takes a member off the task force; the membership stays in the history.
#[utoipa::path(post, path = "/api/v1/projects/{number}/team/{id}/remove", tag = "projects",
    params(("number" = String, Path, description = "project number"), ("id" = i64, Path, description = "member id")),
    responses((status = 200, body = ProjectDetail), (status = 404)))]
pub async fn remove_member(
    State(s): State<AppState>,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(svc::remove_member(&s.store, &a.principal, &number, id).await?))
}

/// Records a visit, meeting, call, online negotiation or signing in the service log.
#[utoipa::path(post, path = "/api/v1/projects/{number}/log", tag = "projects", request_body = LogInput,
    params(("number" = String, Path, description = "project number")),
    responses((status = 201, body = ProjectDetail), (status = 422, description = "field errors"), (status = 404)))]
pub async fn log(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<LogInput>,
) -> Result<(StatusCode, Json<ProjectDetail>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::log_service(&s.store, &a.principal, &number, &input).await?),
    ))
}

/// Records a factor approval or milestone (land, planning, environment, energy,
/// construction_permit, utilities). Blocking it files a problem case linked to the project.
#[utoipa::path(put, path = "/api/v1/projects/{number}/approvals/{kind}", tag = "projects", request_body = ApprovalInput,
    params(("number" = String, Path, description = "project number"), ("kind" = String, Path, description = "approval kind")),
    responses((status = 200, body = ProjectDetail), (status = 422, description = "field errors"),
        (status = 409, description = "changed meanwhile"), (status = 404)))]
pub async fn approval(
    State(s): State<AppState>,
    a: Authed,
    Path((number, kind)): Path<(String, String)>,
    Json(input): Json<ApprovalInput>,
) -> Result<Json<ProjectDetail>, ApiError> {
    Ok(Json(
        svc::set_approval(&s.store, &s.calendars, &a.principal, &number, &kind, &input).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaleQuery {
    pub limit: Option<i64>,
}

/// The supervision list: projects overdue for an update, longest overdue first.
#[utoipa::path(get, path = "/api/v1/projects/stale", tag = "projects", params(StaleQuery),
    responses((status = 200, body = [ProjectSummary])))]
pub async fn stale(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<StaleQuery>,
) -> Result<Json<Vec<ProjectSummary>>, ApiError> {
    Ok(Json(svc::stale(&s.store, &a.principal, q.limit.unwrap_or(100)).await?))
}

/// The filtered ledger as .xlsx in the usual layout (one row per project: stage, amounts, key
/// dates, task force, open problems, last update); audited.
#[utoipa::path(get, path = "/api/v1/projects/export.xlsx", tag = "projects", params(ProjectQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn export(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ProjectQuery>,
) -> Result<axum::response::Response, ApiError> {
    let bytes = svc::ledger_xlsx(&s.store, &a.principal, &q).await?;
    Ok(super::xlsx_download(bytes, "projects.xlsx"))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// true (default): only check and preview; false: write all rows or none.
    pub dry_run: Option<bool>,
    /// File name, used to tell .xlsx from .csv when the content does not say.
    pub filename: Option<String>,
}

/// Imports a project ledger (.xlsx or .csv in the exported layout). Rows with a project number
/// of the caller's jurisdiction update that project; others register new projects. Every bad row
/// is reported and a file with any error changes nothing.
#[utoipa::path(post, path = "/api/v1/projects/import", tag = "projects", params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = LedgerImportReport), (status = 413)))]
pub async fn import(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ImportParams>,
    body: axum::body::Bytes,
) -> Result<Json<LedgerImportReport>, ApiError> {
    let name = p.filename.unwrap_or_else(|| "projects.xlsx".into());
    Ok(Json(
        svc::import_ledger(&s.store, &a.principal, &body, &name, p.dry_run.unwrap_or(true)).await?,
    ))
}

/// The pipeline dashboard of the caller's jurisdiction: by stage, division, industry and source
/// country, utilised FDI by month, the funnel with days per stage, the land appraisal ranking.
#[utoipa::path(get, path = "/api/v1/projects/dashboard", tag = "projects",
    responses((status = 200, body = ProjectDashboard), (status = 403)))]
pub async fn dashboard(State(s): State<AppState>, a: Authed) -> Result<Json<ProjectDashboard>, ApiError> {
    Ok(Json(
        svc::dashboard_cached(&s.store, &s.project_dashboards, &a.principal)
            .await?
            .as_ref()
            .clone(),
    ))
}

/// How often projects must be updated: the rules along the caller's divisions, nearest first
/// (the first applies), each with its source.
#[utoipa::path(get, path = "/api/v1/projects/update-rules", tag = "projects",
    responses((status = 200, body = [UpdateRuleView])))]
pub async fn update_rules(State(s): State<AppState>, a: Authed) -> Result<Json<Vec<UpdateRuleView>>, ApiError> {
    Ok(Json(svc::update_rules(&s.store, &a.principal).await?))
}

/// Sets the administrator's division's update period (1–365 days); the stale dates of the
/// projects it governs move at once. Audited.
#[utoipa::path(put, path = "/api/v1/projects/update-rules", tag = "projects", request_body = UpdateRuleInput,
    responses((status = 200, body = [UpdateRuleView]), (status = 422, description = "field errors"), (status = 403)))]
pub async fn set_update_rule(
    State(s): State<AppState>,
    a: Authed,
    Json(input): Json<UpdateRuleInput>,
) -> Result<Json<Vec<UpdateRuleView>>, ApiError> {
    Ok(Json(svc::set_update_rule(&s.store, &a.principal, &input).await?))
}
