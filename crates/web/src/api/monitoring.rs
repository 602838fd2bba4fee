//! `/api/v1/campaigns`: operations monitoring — campaigns, answers (one, a batch, a
//! spreadsheet, a one-time link), coverage and the chase of those not answered, aggregates and
//! the work ledger — with the same operations as the pages, scoped by jurisdiction.

use std::collections::BTreeMap;

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use kaifang_service::monitoring::{
    self as svc, Analysis, AnswerInput, BatchReport, CampaignInput, CampaignSummary, CampaignView, CoverageView,
    DivisionCoverage, ImportReport, LinkView, ResponseView, Unanswered,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// draft, open or closed.
    pub status: Option<String>,
    /// Keyset: the `next` of the previous page.
    pub after: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CampaignPage {
    pub items: Vec<CampaignSummary>,
    pub next: Option<i64>,
}

/// Campaigns the caller sees: owned by their division or one above it (they chase their own
/// enterprises), or below it; enterprise accounts see those they are asked to answer.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "monitoring", params(ListQuery),
    responses((status = 200, body = CampaignPage)))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<ListQuery>,
) -> Result<Json<CampaignPage>, ApiError> {
    let (items, next) = svc::list(&s.store, &a.principal, q.status.as_deref(), q.after).await?;
    Ok(Json(CampaignPage { items, next }))
}

/// Defines a campaign (a draft until opened): indicators and rules from a template unless given.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "monitoring", request_body = CampaignInput,
    responses((status = 201, body = CampaignView), (status = 422, description = "field errors"), (status = 403)))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(input): Json<CampaignInput>,
) -> Result<(StatusCode, Json<CampaignView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(svc::create(&s.store, &a.principal, &input).await?),
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplateView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub source_zh: String,
    pub source_en: String,
    pub period: String,
    pub coverage_target_bp: i64,
    #[schema(value_type = Vec<Object>)]
    pub indicators: Vec<kaifang_domain::monitoring::Indicator>,
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<kaifang_domain::monitoring::AlertRule>,
    /// The rule thresholds are the product's defaults, not the notice's.
    pub rules_note_zh: String,
    pub rules_note_en: String,
}

/// The shipped campaign templates with their sources.
#[utoipa::path(get, path = "/api/v1/campaigns/templates", tag = "monitoring",
    responses((status = 200, body = [TemplateView])))]
pub async fn templates(_a: Authed) -> Json<Vec<TemplateView>> {
    use kaifang_domain::monitoring as m;
    Json(
        m::templates()
            .into_iter()
            .map(|t| TemplateView {
                code: t.code.into(),
                name_zh: t.name_zh.into(),
                name_en: t.name_en.into(),
                source_zh: t.source_zh.into(),
                source_en: t.source_en.into(),
                period: t.period.as_str().into(),
                coverage_target_bp: t.coverage_target_bp,
                indicators: t.indicators,
                rules: t.rules,
                rules_note_zh: m::RULES_NOTE_ZH.into(),
                rules_note_en: m::RULES_NOTE_EN.into(),
            })
            .collect(),
    )
}

/// One campaign with its periods, current indicators and rules; 404 outside the caller's reach.
#[utoipa::path(get, path = "/api/v1/campaigns/{number}", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 200, body = CampaignView), (status = 404)))]
pub async fn get(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
) -> Result<Json<CampaignView>, ApiError> {
    Ok(Json(svc::get(&s.store, &a.principal, &number).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionInput {
    /// open (freeze the target population), close, or refresh (add newly matching enterprises).
    pub action: String,
}

/// Opens, closes or refreshes the targets of a campaign (its owner's officers).
#[utoipa::path(post, path = "/api/v1/campaigns/{number}/actions", tag = "monitoring", request_body = ActionInput,
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 200, body = CampaignView), (status = 409, description = "not allowed now"), (status = 404)))]
pub async fn act(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<ActionInput>,
) -> Result<Json<CampaignView>, ApiError> {
    let (st, p) = (&s.store, &a.principal);
    Ok(Json(match input.action.trim() {
        "open" => svc::open(st, p, &number).await?,
        "close" => svc::close(st, p, &number).await?,
        "refresh" => svc::refresh_targets(st, p, &number).await?,
        _ => {
            return Err(kaifang_service::ServiceError::Conflict {
                message: "unknown action".into(),
                allowed: vec!["open".into(), "close".into(), "refresh".into()],
            }
            .into());
        }
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct IndicatorsInput {
    #[schema(value_type = Vec<Object>)]
    pub indicators: Vec<kaifang_domain::monitoring::Indicator>,
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<kaifang_domain::monitoring::AlertRule>,
}

/// Replaces the indicators and rules with a new version; answers keep the version they answered.
#[utoipa::path(put, path = "/api/v1/campaigns/{number}/indicators", tag = "monitoring", request_body = IndicatorsInput,
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 200, body = CampaignView), (status = 422, description = "field errors"), (status = 404)))]
pub async fn indicators(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<IndicatorsInput>,
) -> Result<Json<CampaignView>, ApiError> {
    Ok(Json(
        svc::update_indicators(&s.store, &a.principal, &number, input.indicators, input.rules).await?,
    ))
}

/// Answers for one enterprise: an enterprise account for itself, an officer as a proxy entry.
/// A second answer to the same period is a correction (the earlier one is kept as a revision).
#[utoipa::path(post, path = "/api/v1/campaigns/{number}/responses", tag = "monitoring", request_body = AnswerInput,
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 200, body = ResponseView), (status = 422, description = "field errors naming the indicator"),
        (status = 409, description = "campaign not open"), (status = 404)))]
pub async fn answer(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<AnswerInput>,
) -> Result<Json<ResponseView>, ApiError> {
    Ok(Json(svc::answer(&s.store, &a.principal, &number, &input).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BatchInput {
    pub period: Option<String>,
    /// Up to 10,000 answers, each naming its enterprise.
    pub rows: Vec<AnswerInput>,
}

/// A batch of answers (officers): every row is checked first and a bad row writes nothing
/// (errors name `rows[n].indicator`).
#[utoipa::path(post, path = "/api/v1/campaigns/{number}/responses/batch", tag = "monitoring", request_body = BatchInput,
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 200, body = BatchReport), (status = 422, description = "field errors"), (status = 404)))]
pub async fn batch(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<BatchInput>,
) -> Result<Json<BatchReport>, ApiError> {
    Ok(Json(
        svc::answer_batch(
            &s.store,
            &a.principal,
            &number,
            input.period.as_deref(),
            &input.rows,
            "import",
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The period key (`2026-11`, `2026-W48`, `once`); default the current one.
    pub period: Option<String>,
}

/// One enterprise's answer to a period, with its revisions and the alerts it raised.
#[utoipa::path(get, path = "/api/v1/campaigns/{number}/responses/{uscc}", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number"), ("uscc" = String, Path, description = "credit code"), PeriodQuery),
    responses((status = 200, body = ResponseView), (status = 404)))]
pub async fn response(
    State(s): State<AppState>,
    a: Authed,
    Path((number, uscc)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<ResponseView>, ApiError> {
    Ok(Json(
        svc::responses_of(&s.store, &a.principal, &number, q.period.as_deref(), &uscc).await?,
    ))
}

/// Live coverage of a period per division one level below the caller.
#[utoipa::path(get, path = "/api/v1/campaigns/{number}/coverage", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number"), PeriodQuery),
    responses((status = 200, body = CoverageView), (status = 404)))]
pub async fn coverage(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<CoverageView>, ApiError> {
    Ok(Json(
        svc::coverage(&s.store, &a.principal, &number, q.period.as_deref()).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnansweredQuery {
    pub period: Option<String>,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnansweredPage {
    pub period: String,
    pub items: Vec<Unanswered>,
    pub next: Option<String>,
}

/// Enterprises of the caller's jurisdiction that have not answered, with their liaison (50 a page).
#[utoipa::path(get, path = "/api/v1/campaigns/{number}/unanswered", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number"), UnansweredQuery),
    responses((status = 200, body = UnansweredPage), (status = 404)))]
pub async fn unanswered(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<UnansweredQuery>,
) -> Result<Json<UnansweredPage>, ApiError> {
    let (period, items, next) =
        svc::unanswered(&s.store, &a.principal, &number, q.period.as_deref(), q.after.as_deref()).await?;
    Ok(Json(UnansweredPage { period, items, next }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChaseInput {
    /// remind (the unanswered enterprises and their officers), escalate (divisions below the
    /// target, to the level above) or report (the period complete; refused below the target).
    pub action: String,
    pub period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChaseOutcome {
    #[schema(value_type = Object)]
    pub reminder: Option<kaifang_store::monitoring_responses::ReminderRow>,
    pub escalated: Vec<DivisionCoverage>,
    pub coverage: Option<CoverageView>,
}

/// Chases a period: reminders, escalation of low-coverage divisions, or reporting it complete
/// (409 below the coverage target the owner set).
#[utoipa::path(post, path = "/api/v1/campaigns/{number}/chase", tag = "monitoring", request_body = ChaseInput,
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 200, body = ChaseOutcome), (status = 409, description = "below the coverage target"), (status = 404)))]
pub async fn chase(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<ChaseInput>,
) -> Result<Json<ChaseOutcome>, ApiError> {
    let (st, p, period) = (&s.store, &a.principal, input.period.as_deref());
    let mut out = ChaseOutcome {
        reminder: None,
        escalated: vec![],
        coverage: None,
    };
    match input.action.trim() {
        "remind" => out.reminder = Some(svc::remind(st, p, &number, period).await?),
        "escalate" => out.escalated = svc::escalate(st, p, &number, period).await?,
        "report" => out.coverage = Some(svc::report_complete(st, p, &number, period).await?),
        _ => {
            return Err(kaifang_service::ServiceError::Conflict {
                message: "unknown action".into(),
                allowed: vec!["remind".into(), "escalate".into(), "report".into()],
            }
            .into());
        }
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LinksInput {
    pub period: Option<String>,
    /// Credit codes; empty = every unanswered enterprise of the caller's jurisdiction (≤ 500).
    #[serde(default)]
    pub enterprises: Vec<String>,
    /// Days the links stay valid (1–60, default 14).
    pub days: Option<i64>,
}

/// One-time answer links, each bound to one enterprise and one period; the tokens are shown
/// once and stored only as digests.
#[utoipa::path(post, path = "/api/v1/campaigns/{number}/links", tag = "monitoring", request_body = LinksInput,
    params(("number" = String, Path, description = "campaign number")),
    responses((status = 201, body = [LinkView]), (status = 422, description = "field errors"), (status = 404)))]
pub async fn links(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Json(input): Json<LinksInput>,
) -> Result<(StatusCode, Json<Vec<LinkView>>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            svc::create_links(
                &s.store,
                &a.principal,
                &number,
                input.period.as_deref(),
                &input.enterprises,
                input.days.unwrap_or(14),
            )
            .await?,
        ),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LinkAnswer {
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, serde_json::Value>,
}

/// Answers through a one-time link, without an account. Unknown, expired and used links all
/// answer the same 404.
#[utoipa::path(post, path = "/api/v1/links/{token}", tag = "monitoring", request_body = LinkAnswer,
    params(("token" = String, Path, description = "the link's token")),
    responses((status = 200, body = BatchReport), (status = 422, description = "field errors"), (status = 404)))]
pub async fn link_answer(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Json(input): Json<LinkAnswer>,
) -> Result<Json<BatchReport>, ApiError> {
    let raw = svc::raw_text(&input.answers);
    Ok(Json(svc::answer_by_link(&s.store, &token, &raw, "api").await?))
}

/// Aggregates of a period inside the caller's jurisdiction: every indicator against the previous
/// period, by division, industry, source country and size band, distributions and the trend.
#[utoipa::path(get, path = "/api/v1/campaigns/{number}/analysis", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number"), PeriodQuery),
    responses((status = 200, body = Analysis), (status = 404)))]
pub async fn analysis(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Analysis>, ApiError> {
    Ok(Json(
        svc::analysis(&s.store, &a.principal, &number, q.period.as_deref()).await?,
    ))
}

/// The work ledger of a period (.xlsx): every target of the caller's jurisdiction, answered or
/// not, with its liaison and answers.
#[utoipa::path(get, path = "/api/v1/campaigns/{number}/ledger", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number"), PeriodQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404)))]
pub async fn ledger(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<axum::response::Response, ApiError> {
    let (name, bytes) = svc::ledger_xlsx(&s.store, &a.principal, &number, q.period.as_deref()).await?;
    Ok(super::xlsx_download(bytes, &name))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    pub period: Option<String>,
    /// true (default): only check and preview; false: write all rows or none.
    pub dry_run: Option<bool>,
    pub filename: Option<String>,
}

/// Imports answers collected offline (.xlsx or .csv: the credit code and one column per
/// indicator, as in the template or the ledger).
#[utoipa::path(post, path = "/api/v1/campaigns/{number}/import", tag = "monitoring",
    params(("number" = String, Path, description = "campaign number"), ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 404)))]
pub async fn import(
    State(s): State<AppState>,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<ImportParams>,
    body: axum::body::Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let name = q.filename.unwrap_or_else(|| "answers.xlsx".into());
    Ok(Json(
        svc::import_responses(
            &s.store,
            &a.principal,
            &number,
            q.period.as_deref(),
            &body,
            &name,
            q.dry_run.unwrap_or(true),
        )
        .await?,
    ))
}
