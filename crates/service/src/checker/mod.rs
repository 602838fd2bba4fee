//! The admission and incentive checker as a service: validates a question into
//! the domain's `CheckInput` (every bad field named), describes the place from
//! reference data, and asks the rules in `domain::checker`. The same call
//! serves the API, the page, the command line and the evaluation set.

pub mod editions;
pub mod eval;
pub mod roster;

use std::sync::{Arc, RwLock};

use kaifang_domain::checker::{self as rules, Answer, CheckInput, EntityForm, FtzMode, Library, Place};
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_domain::industry_code::IndustryCode;
use kaifang_refdata::ZoneKind;
use serde::Deserialize;
use time::Date;

use crate::ServiceResult;

/// A question to the checker, as the API, the page and the command line take it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CheckRequest {
    /// The business in the investor's own words (Chinese, or English keywords).
    pub activity: String,
    /// GB/T 4754-2017 codes, e.g. `C3841` or `3841`.
    #[serde(default)]
    pub industries: Vec<String>,
    /// The division (county, city or province code) where the investment is made.
    pub division: String,
    /// The date the answer is for (default: today in China).
    pub date: Option<String>,
    /// Total foreign share, percent (0–100).
    pub foreign_equity: Option<f64>,
    /// The largest single foreign investor's share with related parties, percent.
    pub largest_foreign_investor: Option<f64>,
    /// The investor's country or region (ISO 3166 alpha-2, e.g. `DE`, `HK`).
    pub investor_region: Option<String>,
    /// company (default), partnership, individual, sole-proprietorship or cooperative.
    pub entity_form: Option<String>,
    /// yes, no or auto (default): whether the site is inside a pilot free trade zone.
    pub ftz: Option<String>,
}

/// The checker's library: the editions compiled into the binary, and those an administrator
/// loaded and activated (an upload with a built-in edition's id replaces it). Swapped whole when
/// an upload is activated or withdrawn, so a check never sees half a change.
#[derive(Debug, Clone)]
pub struct Checker {
    lib: Arc<RwLock<Arc<Library>>>,
    /// When the store was last asked whether uploads changed, and what it answered.
    seen: Arc<std::sync::Mutex<(Option<std::time::Instant>, String)>>,
}

impl Default for Checker {
    fn default() -> Self {
        Checker::built_in()
    }
}

/// A library of `editions` with the built-in incentive rules, glossary and synonyms.
pub(crate) fn library_of(editions: Vec<kaifang_domain::checker::edition::Edition>) -> Library {
    let p = kaifang_refdata::policy();
    Library::new(editions, p.incentives.clone(), p.glossary.clone(), p.synonyms.clone())
}

fn err(field: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

impl Checker {
    /// The library of the built-in editions only (parsed and indexed on first use).
    pub fn built_in() -> Checker {
        static LIB: std::sync::OnceLock<Arc<Library>> = std::sync::OnceLock::new();
        let lib = LIB.get_or_init(|| Arc::new(library_of(kaifang_refdata::policy().editions.clone())));
        Checker {
            lib: Arc::new(RwLock::new(lib.clone())),
            seen: Default::default(),
        }
    }

    /// The library as it is now.
    pub fn library(&self) -> Arc<Library> {
        self.lib.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn replace(&self, lib: Library) {
        *self.lib.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(lib);
    }

    /// Validates a request: every problem at once, each naming its field.
    pub fn validate(&self, r: &CheckRequest) -> Result<CheckInput, FieldErrors> {
        let rd = kaifang_refdata::get();
        let mut e = Vec::new();
        let activity = r.activity.trim();
        if activity.is_empty() {
            e.push(err(
                "activity",
                "required",
                "请描述拟投资的业务",
                "describe the business",
            ));
        } else if activity.chars().count() > 2000 {
            e.push(err(
                "activity",
                "too_long",
                "不超过 2000 字",
                "at most 2,000 characters",
            ));
        }
        let mut industries = Vec::new();
        for (i, c) in r.industries.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()) {
            match IndustryCode::parse(c) {
                Ok(code) if rd.industry(code.as_str()).is_some() => industries.push(code),
                _ => e.push(err(
                    &format!("industries[{i}]"),
                    "industry.unknown",
                    format!("未知的国民经济行业分类代码 {c}"),
                    format!("unknown GB/T 4754 code {c}"),
                )),
            }
        }
        let division = rd
            .division(r.division.trim())
            .filter(|d| d.code != kaifang_refdata::NATIONAL_CODE);
        if division.is_none() {
            e.push(err(
                "division",
                "division.unknown",
                format!("未知的行政区划代码 {}", r.division.trim()),
                format!("unknown division code {}", r.division.trim()),
            ));
        }
        let date = match r.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => match kaifang_domain::calendar::parse_date(d) {
                None => {
                    e.push(err("date", "date", "日期格式应为 YYYY-MM-DD", "a date is YYYY-MM-DD"));
                    None
                }
                Some(d) => {
                    if let Some(first) = self.library().earliest()
                        && d < first
                    {
                        e.push(err(
                            "date",
                            "date.before_editions",
                            format!("早于已载入的最早负面清单版本（{first} 起施行）"),
                            format!("before the earliest loaded negative list (in force from {first})"),
                        ));
                    }
                    Some(d)
                }
            },
        };
        let pct = |e: &mut Vec<FieldError>, field: &str, v: Option<f64>| match v {
            Some(x) if !(0.0..=100.0).contains(&x) || x.is_nan() => {
                e.push(err(
                    field,
                    "percent.range",
                    "须为 0–100 的百分比",
                    "a percentage from 0 to 100",
                ));
                None
            }
            other => other,
        };
        let foreign_equity = pct(&mut e, "foreign_equity", r.foreign_equity);
        let largest = pct(&mut e, "largest_foreign_investor", r.largest_foreign_investor);
        if let (Some(f), Some(l)) = (foreign_equity, largest)
            && l > f
        {
            e.push(err(
                "largest_foreign_investor",
                "largest_above_total",
                format!("最大外国投资者持股 {l}% 超过外资合计 {f}%"),
                format!("the largest foreign investor's {l}% exceeds the foreign total of {f}%"),
            ));
        }
        let region = r.investor_region.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(code) = region
            && rd.region(&code.to_ascii_uppercase()).is_none()
        {
            e.push(err(
                "investor_region",
                "region.unknown",
                format!("未知的国家或地区代码 {code}"),
                format!("unknown country or region code {code}"),
            ));
        }
        let entity_form = match r.entity_form.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => EntityForm::Company,
            Some(s) => EntityForm::parse(s).unwrap_or_else(|| {
                e.push(err(
                    "entity_form",
                    "entity_form",
                    "组织形式应为 company、partnership、individual、sole-proprietorship 或 cooperative",
                    "entity_form is company, partnership, individual, sole-proprietorship or cooperative",
                ));
                EntityForm::Company
            }),
        };
        let ftz = match r.ftz.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => FtzMode::Auto,
            Some(s) => FtzMode::parse(s).unwrap_or_else(|| {
                e.push(err("ftz", "ftz", "应为 yes、no 或 auto", "ftz is yes, no or auto"));
                FtzMode::Auto
            }),
        };
        if !e.is_empty() {
            return Err(FieldErrors(e));
        }
        let d = division.expect("checked above");
        let province = d.province.clone();
        let policy = kaifang_refdata::policy();
        let place = Place {
            division: d.code.clone(),
            division_name: crate::placement::full_name(&d.code),
            province_name: province.as_deref().and_then(|p| rd.division(p)).map(|p| p.name.clone()),
            hainan: province.as_deref() == Some("460000"),
            ftz_zones: province
                .as_deref()
                .map(|p| {
                    rd.zones_in_province(p)
                        .into_iter()
                        .filter(|z| z.kind == ZoneKind::PilotFtz)
                        .map(|z| z.name_zh.clone())
                        .collect()
                })
                .unwrap_or_default(),
            western: province
                .as_deref()
                .is_some_and(|p| policy.western_provinces.iter().any(|w| w == p)),
            western_verified: policy.western_verified,
            province,
        };
        let investor_region_hmt = region.is_some_and(|r| matches!(r.to_ascii_uppercase().as_str(), "HK" | "MO" | "TW"));
        Ok(CheckInput {
            activity: activity.to_string(),
            industries,
            date,
            foreign_equity,
            largest_foreign_investor: largest,
            investor_region: region.map(|r| r.to_ascii_uppercase()),
            investor_region_hmt,
            entity_form,
            ftz,
            place,
        })
    }

    /// Answers one question; `today` is the date used when the request gives none.
    pub fn check_on(&self, r: &CheckRequest, today: Date) -> ServiceResult<Answer> {
        let input = self.validate(r)?;
        let answer = rules::check(&self.library(), &input, today);
        Ok(answer)
    }

    /// Answers one question for today in China.
    pub fn check(&self, r: &CheckRequest) -> ServiceResult<Answer> {
        self.check_on(r, crate::enterprises::today_cn())
    }
}
