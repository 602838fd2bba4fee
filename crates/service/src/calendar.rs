//! The working-day calendar: seeded from the embedded schedules, edited by
//! administrators year by year, cached in memory for the clocks.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::{CalendarDate, DayKind, WorkCalendar, WorkingDayCount, parse_date};
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_domain::jurisdiction::Placement;
use kaifang_store::calendar::{self as store_cal, DayRow, YearRow};
use kaifang_store::{Actor, AuditEvent, Store};
use serde::{Deserialize, Serialize};

use crate::{Principal, ServiceError, ServiceResult};

/// How long an instance trusts its cached calendar before re-reading it (edits
/// made on this instance take effect at once; on others within this time).
const REFRESH: Duration = Duration::from_secs(60);

/// The calendar as last read from the database, shared by every request.
#[derive(Debug, Default)]
pub struct Calendars {
    cached: RwLock<Option<(Instant, Arc<WorkCalendar>)>>,
}

impl Calendars {
    pub fn new() -> Arc<Calendars> {
        Arc::new(Calendars::default())
    }

    /// The current calendar, re-read when older than a minute.
    pub async fn get(&self, store: &Store) -> ServiceResult<Arc<WorkCalendar>> {
        if let Ok(guard) = self.cached.read()
            && let Some((at, cal)) = guard.as_ref()
            && at.elapsed() < REFRESH
        {
            return Ok(cal.clone());
        }
        let cal = Arc::new(load(store).await?);
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some((Instant::now(), cal.clone()));
        }
        Ok(cal)
    }

    /// Forgets the cached calendar (after an edit).
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.cached.write() {
            *guard = None;
        }
    }
}

/// Reads the stored schedules into a calendar.
pub async fn load(store: &Store) -> ServiceResult<WorkCalendar> {
    let years = store_cal::years(store).await?;
    let days = store_cal::days(store).await?;
    Ok(build(&years, &days))
}

fn build(years: &[YearRow], days: &[DayRow]) -> WorkCalendar {
    WorkCalendar::new(
        days.iter()
            .filter_map(|d| Some((parse_date(&d.day)?, DayKind::parse(&d.kind)?))),
        years.iter().filter(|y| y.published == 1).map(|y| y.year as i32),
    )
}

/// Loads the embedded schedules (2019–2026) into an empty calendar, in one
/// audited transaction. Does nothing once any year is stored.
pub async fn ensure_seeded(store: &Store) -> ServiceResult<bool> {
    if !store_cal::years(store).await?.is_empty() {
        return Ok(false);
    }
    let r = kaifang_refdata::get();
    let actor = Actor::system("calendar");
    let mut tx = store.begin_write().await?;
    // Another instance may have seeded meanwhile: the write lock orders us after it.
    if store_cal::year_in(&mut tx, i64::from(*r.holiday_years().start()))
        .await?
        .is_some()
    {
        tx.rollback().await?;
        return Ok(false);
    }
    let now = kaifang_store::now_text();
    for year in r.holiday_years() {
        let notice = r.holiday_notice(year);
        let row = YearRow {
            year: i64::from(year),
            published: 1,
            source: notice.map(|n| format!("{} {}", n.title, n.url)).unwrap_or_default(),
            updated_at: now.clone(),
            updated_by: actor.name.clone(),
        };
        let days: Vec<DayRow> = r
            .holidays()
            .iter()
            .filter(|h| h.notice_year == year)
            .map(|h| DayRow {
                day: h.date.clone(),
                kind: match h.kind {
                    kaifang_refdata::HolidayKind::Holiday => "holiday".into(),
                    kaifang_refdata::HolidayKind::Workday => "workday".into(),
                },
                name_zh: h.name_zh.clone(),
                name_en: h.name_en.clone(),
                notice_year: i64::from(year),
            })
            .collect();
        store_cal::replace_year(&mut tx, &row, &days).await?;
        tx.audit(
            &actor,
            AuditEvent {
                action: "calendar_year_seeded",
                object_type: "calendar_year",
                object_id: &year.to_string(),
                placement: &Placement::national(),
                before: None,
                after: Some(serde_json::json!({"year": row, "days": days})),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// One year of the calendar as shown and edited.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearSchedule {
    pub year: i64,
    pub published: bool,
    pub source: String,
    pub updated_at: String,
    pub updated_by: String,
    pub days: Vec<ListedDay>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListedDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` (a day off) or `workday` (a make-up working day).
    pub kind: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
}

/// Every stored year with its listed days.
pub async fn schedules(store: &Store) -> ServiceResult<Vec<YearSchedule>> {
    let years = store_cal::years(store).await?;
    let days = store_cal::days(store).await?;
    Ok(years
        .into_iter()
        .map(|y| YearSchedule {
            days: days
                .iter()
                .filter(|d| d.notice_year == y.year)
                .map(|d| ListedDay {
                    date: d.day.clone(),
                    kind: d.kind.clone(),
                    name_zh: d.name_zh.clone(),
                    name_en: d.name_en.clone(),
                })
                .collect(),
            year: y.year,
            published: y.published == 1,
            source: y.source,
            updated_at: y.updated_at,
            updated_by: y.updated_by,
        })
        .collect())
}

/// An administrator's new schedule for one year.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct YearInput {
    /// Complete (`true`) or still being entered (`false`: dates in the year stay provisional).
    pub published: bool,
    /// The notice it comes from: title, number or address. Required.
    pub source: String,
    pub days: Vec<ListedDay>,
}

/// Parses the text form of a schedule, one day a line: `date,kind,name_zh[,name_en]`.
/// Blank lines and lines starting with `#` are skipped. Errors name the line.
pub fn parse_days_text(text: &str) -> Result<Vec<ListedDay>, FieldErrors> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split([',', '，', '\t']).map(str::trim).collect();
        if parts.len() < 3 {
            errors.push(FieldError::new(
                "days",
                "calendar.line",
                Message::new(
                    format!("第 {} 行应为“日期,holiday 或 workday,中文名称[,英文名称]”", i + 1),
                    format!(
                        "line {} should read date,holiday or workday,Chinese name[,English name]",
                        i + 1
                    ),
                ),
            ));
            continue;
        }
        out.push(ListedDay {
            date: parts[0].to_string(),
            kind: parts[1].to_string(),
            name_zh: parts[2].to_string(),
            name_en: parts.get(3).map(|s| s.to_string()).unwrap_or_default(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(FieldErrors(errors))
    }
}

/// Replaces one year's schedule (admins only), audited with before and after.
pub async fn set_year(
    store: &Store,
    calendars: &Calendars,
    p: &Principal,
    year: i64,
    input: &YearInput,
) -> ServiceResult<YearSchedule> {
    p.require(p.role == Role::Admin && matches!(p.scope, kaifang_domain::jurisdiction::Scope::National))?;
    let mut errors = Vec::new();
    if !(2000..=2100).contains(&year) {
        errors.push(FieldError::new(
            "year",
            "calendar.year",
            Message::new("年份应在 2000–2100 之间", "the year must be between 2000 and 2100"),
        ));
    }
    if input.source.trim().is_empty() {
        errors.push(FieldError::new(
            "source",
            "required",
            Message::new("请填写日程所依据的通知", "name the notice the schedule comes from"),
        ));
    }
    let mut days: Vec<DayRow> = Vec::with_capacity(input.days.len());
    for (i, d) in input.days.iter().enumerate() {
        let field = |f: &str| format!("days[{i}].{f}");
        let date = parse_date(&d.date);
        match date {
            None => errors.push(FieldError::new(
                field("date"),
                "date.format",
                Message::new(
                    format!("第 {} 天：日期格式应为 YYYY-MM-DD", i + 1),
                    format!("day {}: a date is written YYYY-MM-DD", i + 1),
                ),
            )),
            // A notice covers its year and may reach into the last days of the year before.
            Some(dt) if i64::from(dt.year()) != year && i64::from(dt.year()) != year - 1 => {
                errors.push(FieldError::new(
                    field("date"),
                    "calendar.date_year",
                    Message::new(
                        format!("第 {} 天：{} 不在 {year} 年的通知范围内", i + 1, d.date),
                        format!("day {}: {} is outside the {year} notice", i + 1, d.date),
                    ),
                ))
            }
            _ => {}
        }
        if DayKind::parse(d.kind.trim()).is_none() {
            errors.push(FieldError::new(
                field("kind"),
                "calendar.kind",
                Message::new(
                    format!("第 {} 天：类型应为 holiday（放假）或 workday（调休上班）", i + 1),
                    format!("day {}: the kind is holiday or workday", i + 1),
                ),
            ));
        }
        if d.name_zh.trim().is_empty() {
            errors.push(FieldError::new(
                field("name_zh"),
                "required",
                Message::new(
                    format!("第 {} 天：请填写节日名称", i + 1),
                    format!("day {}: name the holiday", i + 1),
                ),
            ));
        }
        if let Some(dt) = date {
            let text = dt.to_string();
            if days.iter().any(|x| x.day == text) {
                errors.push(FieldError::new(
                    field("date"),
                    "calendar.duplicate",
                    Message::new(
                        format!("第 {} 天：{text} 重复", i + 1),
                        format!("day {}: {text} is listed twice", i + 1),
                    ),
                ));
            }
            days.push(DayRow {
                day: text,
                kind: d.kind.trim().to_string(),
                name_zh: d.name_zh.trim().to_string(),
                name_en: d.name_en.trim().to_string(),
                notice_year: year,
            });
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(FieldErrors(errors)));
    }
    days.sort_by(|a, b| a.day.cmp(&b.day));
    let mut tx = store.begin_write().await?;
    let dates: Vec<String> = days.iter().map(|d| d.day.clone()).collect();
    let clash = store_cal::listed_elsewhere(&mut tx, year, &dates).await?;
    if let Some(c) = clash.first() {
        tx.rollback().await?;
        let i = days.iter().position(|d| d.day == c.day).unwrap_or(0);
        return Err(FieldError::new(
            format!("days[{i}].date"),
            "calendar.other_notice",
            Message::new(
                format!("{} 已列入 {} 年的通知", c.day, c.notice_year),
                format!("{} is already listed by the {} notice", c.day, c.notice_year),
            ),
        )
        .into());
    }
    let before = store_cal::year_in(&mut tx, year).await?;
    let row = YearRow {
        year,
        published: i64::from(input.published),
        source: input.source.trim().to_string(),
        updated_at: kaifang_store::now_text(),
        updated_by: p.username.clone(),
    };
    store_cal::replace_year(&mut tx, &row, &days).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "calendar_year_set",
            object_type: "calendar_year",
            object_id: &year.to_string(),
            placement: &Placement::national(),
            before: before.map(|(y, d)| serde_json::json!({"year": y, "days": d})),
            after: Some(serde_json::json!({"year": row, "days": days})),
        },
    )
    .await?;
    tx.commit().await?;
    calendars.invalidate();
    schedules(store)
        .await?
        .into_iter()
        .find(|y| y.year == year)
        .ok_or(ServiceError::NotFound)
}

/// Reads a date field, naming it on error.
pub fn date_field(field: &str, value: &str) -> ServiceResult<time::Date> {
    parse_date(value).ok_or_else(|| {
        FieldError::new(
            field,
            "date.format",
            Message::new("日期格式应为 YYYY-MM-DD", "a date is written YYYY-MM-DD"),
        )
        .into()
    })
}

/// `from` plus `days` working days.
pub fn add_working_days(cal: &WorkCalendar, from: &str, days: i64) -> ServiceResult<CalendarDate> {
    let from = date_field("from", from)?;
    if !(0..=3660).contains(&days) {
        return Err(FieldError::new(
            "days",
            "calendar.days",
            Message::new(
                "工作日数应在 0–3660 之间",
                "the number of working days must be between 0 and 3660",
            ),
        )
        .into());
    }
    Ok(cal.add_working_days(from, days as u32))
}

/// Working days in `(from, to]`.
pub fn working_days_between(cal: &WorkCalendar, from: &str, to: &str) -> ServiceResult<WorkingDayCount> {
    let a = date_field("from", from)?;
    let b = date_field("to", to)?;
    Ok(cal.working_days_between(a, b))
}
