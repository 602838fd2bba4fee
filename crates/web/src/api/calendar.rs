//! `/api/v1/calendar`: working days under China's holiday schedules.

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use kaifang_service::calendar::{self as svc, YearInput, YearSchedule};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AddQuery {
    /// The day of the event, `YYYY-MM-DD` (it does not count).
    pub from: String,
    /// Working days to add, 0–3660.
    pub days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DateAnswer {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// True when a year the answer depends on has no published schedule
    /// (computed on weekends alone; it may move once the schedule is entered).
    pub provisional: bool,
}

/// The date `days` working days after `from`.
#[utoipa::path(get, path = "/api/v1/calendar/add-working-days", tag = "calendar", params(AddQuery),
    responses((status = 200, body = DateAnswer), (status = 422, description = "field errors")))]
pub async fn add_working_days(
    State(s): State<AppState>,
    _a: Authed,
    Query(q): Query<AddQuery>,
) -> Result<Json<DateAnswer>, ApiError> {
    let cal = s.calendars.get(&s.store).await?;
    let r = svc::add_working_days(&cal, &q.from, q.days)?;
    Ok(Json(DateAnswer {
        date: r.date.to_string(),
        provisional: r.provisional,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BetweenQuery {
    /// `YYYY-MM-DD`, the day of the event (it does not count).
    pub from: String,
    /// `YYYY-MM-DD`, counted.
    pub to: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountAnswer {
    /// Working days in (from, to]; negative when `to` is before `from`.
    pub working_days: i64,
    pub provisional: bool,
}

/// Working days from `from` to `to`.
#[utoipa::path(get, path = "/api/v1/calendar/working-days", tag = "calendar", params(BetweenQuery),
    responses((status = 200, body = CountAnswer), (status = 422, description = "field errors")))]
pub async fn working_days(
    State(s): State<AppState>,
    _a: Authed,
    Query(q): Query<BetweenQuery>,
) -> Result<Json<CountAnswer>, ApiError> {
    let cal = s.calendars.get(&s.store).await?;
    let r = svc::working_days_between(&cal, &q.from, &q.to)?;
    Ok(Json(CountAnswer {
        working_days: r.days,
        provisional: r.provisional,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayAnswer {
    pub date: String,
    pub working_day: bool,
    /// `holiday` or `workday` when the schedule lists the day.
    pub listed: Option<String>,
    pub provisional: bool,
}

/// Whether a date is a working day.
#[utoipa::path(get, path = "/api/v1/calendar/day", tag = "calendar", params(DayQuery),
    responses((status = 200, body = DayAnswer), (status = 422, description = "field errors")))]
pub async fn day(
    State(s): State<AppState>,
    _a: Authed,
    Query(q): Query<DayQuery>,
) -> Result<Json<DayAnswer>, ApiError> {
    let cal = s.calendars.get(&s.store).await?;
    let d = svc::date_field("date", &q.date)?;
    Ok(Json(DayAnswer {
        date: d.to_string(),
        working_day: cal.is_working_day(d),
        listed: cal.listed(d).map(|k| k.as_str().to_string()),
        provisional: !cal.is_published(d.year()),
    }))
}

/// Every stored year's schedule, with its source.
#[utoipa::path(get, path = "/api/v1/calendar/years", tag = "calendar",
    responses((status = 200, body = [YearSchedule])))]
pub async fn years(State(s): State<AppState>, _a: Authed) -> Result<Json<Vec<YearSchedule>>, ApiError> {
    Ok(Json(svc::schedules(&s.store).await?))
}

/// Replaces one year's schedule (national administrators); audited with before and after.
#[utoipa::path(put, path = "/api/v1/calendar/years/{year}", tag = "calendar", request_body = YearInput,
    params(("year" = i64, Path, description = "the notice year")),
    responses((status = 200, body = YearSchedule), (status = 403), (status = 422, description = "field errors")))]
pub async fn put_year(
    State(s): State<AppState>,
    a: Authed,
    Path(year): Path<i64>,
    Json(input): Json<YearInput>,
) -> Result<Json<YearSchedule>, ApiError> {
    Ok(Json(
        svc::set_year(&s.store, &s.calendars, &a.principal, year, &input).await?,
    ))
}
