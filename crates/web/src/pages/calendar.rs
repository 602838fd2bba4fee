//! The working-day calendar: a year at a glance, a calculator, and the
//! administrators' editor for the next year's schedule.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::{DayKind, WorkCalendar};
use kaifang_domain::jurisdiction::Scope;
use kaifang_service::calendar::{self as svc, YearSchedule};
use time::{Date, Month};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(page))
        .route("/calendar/{year}", post(save))
}

/// One cell of a month grid.
pub struct DayCell {
    pub day: u8,
    /// `work`, `rest` (weekend), `holiday` or `adjusted` (a make-up working day).
    pub class: &'static str,
    pub title: String,
}

pub struct MonthGrid {
    pub month: u8,
    pub weeks: Vec<Vec<Option<DayCell>>>,
    pub working_days: u32,
}

/// The calculator's question and answer.
#[derive(Default)]
pub struct Calc {
    pub from: String,
    pub days: String,
    pub to: String,
    pub answer: Option<String>,
    pub provisional: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    year: i32,
    years: Vec<i32>,
    schedule: Option<YearSchedule>,
    published: bool,
    months: Vec<MonthGrid>,
    working_days: u32,
    add: Calc,
    between: Calc,
    can_edit: bool,
    edit_text: String,
    edit_source: String,
    errors: Vec<String>,
    saved: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
struct CalendarQuery {
    year: Option<i32>,
    from: Option<String>,
    days: Option<String>,
    to: Option<String>,
    saved: Option<String>,
}

fn months(cal: &WorkCalendar, schedule: Option<&YearSchedule>, year: i32, en: bool) -> Vec<MonthGrid> {
    let name = |date: &str| {
        schedule
            .and_then(|s| s.days.iter().find(|d| d.date == date))
            .map(|d| {
                if en && !d.name_en.is_empty() {
                    d.name_en.clone()
                } else {
                    d.name_zh.clone()
                }
            })
            .unwrap_or_default()
    };
    (1..=12u8)
        .map(|m| {
            let month = Month::try_from(m).unwrap_or(Month::January);
            let first = Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN);
            let lead = first.weekday().number_days_from_monday() as usize;
            let mut cells: Vec<Option<DayCell>> = (0..lead).map(|_| None).collect();
            let mut working_days = 0;
            for d in 1..=time::util::days_in_month(month, year) {
                let date = Date::from_calendar_date(year, month, d).unwrap_or(first);
                let working = cal.is_working_day(date);
                working_days += u32::from(working);
                let class = match (cal.listed(date), working) {
                    (Some(DayKind::Workday), _) => "adjusted",
                    (Some(DayKind::Holiday), _) => "holiday",
                    (None, true) => "work",
                    (None, false) => "rest",
                };
                cells.push(Some(DayCell {
                    day: d,
                    class,
                    title: name(&date.to_string()),
                }));
            }
            while !cells.len().is_multiple_of(7) {
                cells.push(None);
            }
            let mut weeks = Vec::new();
            let mut it = cells.into_iter().peekable();
            while it.peek().is_some() {
                weeks.push(it.by_ref().take(7).collect());
            }
            MonthGrid {
                month: m,
                weeks,
                working_days,
            }
        })
        .collect()
}

fn can_edit(a: &Authed) -> bool {
    a.principal.role == Role::Admin && matches!(a.principal.scope, Scope::National)
}

fn lines_of(s: &YearSchedule) -> String {
    s.days
        .iter()
        .map(|d| format!("{},{},{},{}\n", d.date, d.kind, d.name_zh, d.name_en))
        .collect()
}

async fn show(
    s: &AppState,
    ctx: Ctx,
    a: &Authed,
    q: CalendarQuery,
    edit: Option<(String, String)>,
    errors: Vec<String>,
) -> Response {
    let cal = match s.calendars.get(&s.store).await {
        Ok(c) => c,
        Err(e) => return super::error_page(ctx, e),
    };
    let schedules = match svc::schedules(&s.store).await {
        Ok(v) => v,
        Err(e) => return super::error_page(ctx, e),
    };
    let today = kaifang_service::enterprises::today_cn();
    let year = q.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(today.year());
    let mut years: Vec<i32> = schedules.iter().map(|y| y.year as i32).collect();
    for y in [today.year(), today.year() + 1, year] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable();
    let schedule = schedules.into_iter().find(|y| y.year == i64::from(year));
    let en = ctx.t.is_en();
    let months = months(&cal, schedule.as_ref(), year, en);
    let working_days = months.iter().map(|m| m.working_days).sum();
    let mut add = Calc {
        from: q.from.clone().unwrap_or_else(|| today.to_string()),
        days: q.days.clone().unwrap_or_default(),
        ..Calc::default()
    };
    if let Some(days) = q.days.as_deref().filter(|d| !d.trim().is_empty()) {
        let n = days.trim().parse::<i64>();
        match n
            .map_err(|_| ())
            .and_then(|n| svc::add_working_days(&cal, &add.from, n).map_err(|_| ()))
        {
            Ok(r) => {
                add.answer = Some(r.date.to_string());
                add.provisional = r.provisional;
            }
            Err(()) => add.error = Some(ctx.t.t("calendar.bad_input").to_string()),
        }
    }
    let mut between = Calc {
        from: q.from.clone().unwrap_or_else(|| today.to_string()),
        to: q.to.clone().unwrap_or_default(),
        ..Calc::default()
    };
    if let Some(to) = q.to.as_deref().filter(|d| !d.trim().is_empty()) {
        match svc::working_days_between(&cal, &between.from, to) {
            Ok(r) => {
                between.answer = Some(r.days.to_string());
                between.provisional = r.provisional;
            }
            Err(_) => between.error = Some(ctx.t.t("calendar.bad_input").to_string()),
        }
    }
    let (edit_text, edit_source) = edit.unwrap_or_else(|| match &schedule {
        Some(s) => (lines_of(s), s.source.clone()),
        None => (String::new(), String::new()),
    });
    render(&CalendarPage {
        published: cal.is_published(year),
        can_edit: can_edit(a),
        ctx,
        year,
        years,
        schedule,
        months,
        working_days,
        add,
        between,
        edit_text,
        edit_source,
        errors,
        saved: q.saved.is_some(),
    })
}

async fn page(State(s): State<AppState>, headers: HeaderMap, a: Authed, Query(q): Query<CalendarQuery>) -> Response {
    let ctx = Ctx::new(&headers, "/calendar", "calendar", Some(&a));
    show(&s, ctx, &a, q, None, vec![]).await
}

#[derive(Debug, serde::Deserialize)]
struct YearForm {
    days: String,
    source: String,
    #[serde(default)]
    published: Option<String>,
}

async fn save(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(year): Path<i32>,
    Form(f): Form<YearForm>,
) -> Response {
    let ctx = Ctx::new(&headers, "/calendar", "calendar", Some(&a));
    let en = ctx.t.is_en();
    let result = match svc::parse_days_text(&f.days) {
        Ok(days) => {
            let input = svc::YearInput {
                published: f.published.is_some(),
                source: f.source.clone(),
                days,
            };
            svc::set_year(&s.store, &s.calendars, &a.principal, i64::from(year), &input).await
        }
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/calendar?year={year}&saved=1")).into_response(),
        Err(kaifang_service::ServiceError::Invalid(errs)) => {
            let errors = errs.iter().map(|e| e.message.get(en).to_string()).collect();
            let q = CalendarQuery {
                year: Some(year),
                ..CalendarQuery::default()
            };
            show(&s, ctx, &a, q, Some((f.days, f.source)), errors).await
        }
        Err(e) => super::error_page(ctx, e),
    }
}

/// A month's name in the page language.
pub fn month_name(m: &u8, en: bool) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if en {
        EN.get(usize::from(*m).saturating_sub(1))
            .copied()
            .unwrap_or("")
            .to_string()
    } else {
        format!("{m}月")
    }
}

/// Column heads of a month grid, Monday first.
pub fn weekday_names(en: bool) -> [&'static str; 7] {
    if en {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    } else {
        ["一", "二", "三", "四", "五", "六", "日"]
    }
}
