//! A project as entered (text fields, from a form, the API or a ledger row) and
//! its validation into a stored row: every bad field reported at once.

use kaifang_domain::calendar::parse_date;
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_domain::money::{Currency, Money};
use kaifang_domain::projects::{self as rules, Converted, KeyDates, Rate, RateError, Stage};
use kaifang_store::projects::ProjectRow;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::Principal;

/// One investor of a project.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ProjectInvestor {
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub name: Option<String>,
    /// Country or region, ISO 3166-1 alpha-2 (HK, MO and TW are separate source regions).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub region: Option<String>,
}

/// A project as entered. On an edit, absent fields keep their value and an empty
/// text clears an optional one.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ProjectInput {
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub description: Option<String>,
    /// Division code (6 digits): where the project lands.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub division: Option<String>,
    /// Zone id (see /api/v1/zones).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub zone: Option<String>,
    /// Industry class, 4 digits (GB/T 4754-2017).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub industry: Option<String>,
    /// new, expansion, merger, reinvestment or rd_centre.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub project_type: Option<String>,
    /// The investors; the first is the main one (its region is the source country).
    #[serde(default)]
    pub investors: Option<Vec<ProjectInvestor>>,
    /// Credit code of the FIE in the roster, once it exists.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub enterprise: Option<String>,
    /// Total investment, decimal text.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub total_amount: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub total_currency: Option<String>,
    /// Units of the currency per US dollar (1 for USD).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub total_rate: Option<String>,
    /// Date of the rate, YYYY-MM-DD; default today.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub total_rate_on: Option<String>,
    /// Contracted foreign capital (合同外资), decimal text; required from signing on.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub contracted_amount: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub contracted_currency: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub contracted_rate: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub contracted_rate_on: Option<String>,
    /// Land in mu, up to two decimals.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub land_mu: Option<String>,
    /// Expected annual output, yuan (CNY).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub expected_output: Option<String>,
    /// Expected annual tax, yuan (CNY).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub expected_tax: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub jobs: Option<String>,
    /// fair, online, chamber, embassy, existing_fie or other.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub lead_source: Option<String>,
    /// none, national, provincial or city.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub key_level: Option<String>,
    /// The division that listed it as a key project (it must cover the project).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub key_listed_by: Option<String>,
    /// Whether it may be published to investors: true or false.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub publishable: Option<String>,
    /// The stage to record a project in when created (default lead); later moves use the stage action.
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub stage: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub lead_on: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub talks_on: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub signed_on: Option<String>,
    /// on_site or cloud (云签约).
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub signing_mode: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub construction_on: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub production_on: Option<String>,
    #[serde(default, deserialize_with = "crate::enterprises::flex")]
    pub capacity_on: Option<String>,
}

impl ProjectInput {
    /// This input with every field present in `patch` replacing its own.
    pub fn overlay(mut self, patch: &ProjectInput) -> ProjectInput {
        macro_rules! take {
            ($($f:ident),*) => { $( if patch.$f.is_some() { self.$f = patch.$f.clone(); } )* };
        }
        take!(
            name,
            description,
            division,
            zone,
            industry,
            project_type,
            investors,
            enterprise,
            total_amount,
            total_currency,
            total_rate,
            total_rate_on,
            contracted_amount,
            contracted_currency,
            contracted_rate,
            contracted_rate_on,
            land_mu,
            expected_output,
            expected_tax,
            jobs,
            lead_source,
            key_level,
            key_listed_by,
            publishable,
            lead_on,
            talks_on,
            signed_on,
            signing_mode,
            construction_on,
            production_on,
            capacity_on
        );
        self
    }

    /// The input that would produce `row` (for edits and the ledger export).
    pub fn of_row(row: &ProjectRow) -> ProjectInput {
        let money = |m: Option<i64>, c: &Option<String>| -> Option<String> {
            let cur = Currency::parse(c.as_deref()?).ok()?;
            Some(Money::from_minor(m?, cur).to_decimal_string())
        };
        let rate = |r: Option<i64>| r.and_then(Rate::from_micros).map(Rate::to_decimal_string);
        let cny = |m: Option<i64>| m.map(|v| Money::from_minor(v, Currency::CNY).to_decimal_string());
        ProjectInput {
            name: Some(row.name.clone()),
            description: Some(row.description.clone()),
            division: Some(row.division.clone()),
            zone: row.zone.clone(),
            industry: Some(row.industry.clone()),
            project_type: Some(row.project_type.clone()),
            investors: serde_json::from_str(&row.investors_json).ok(),
            enterprise: row.enterprise_uscc.clone(),
            total_amount: money(row.total_minor, &row.total_currency),
            total_currency: row.total_currency.clone(),
            total_rate: rate(row.total_rate),
            total_rate_on: row.total_rate_on.clone(),
            contracted_amount: money(row.contracted_minor, &row.contracted_currency),
            contracted_currency: row.contracted_currency.clone(),
            contracted_rate: rate(row.contracted_rate),
            contracted_rate_on: row.contracted_rate_on.clone(),
            land_mu: row
                .land_centi_mu
                .map(|v| Money::from_minor(v, Currency::USD).to_decimal_string()),
            expected_output: cny(row.output_minor),
            expected_tax: cny(row.tax_minor),
            jobs: row.jobs.map(|j| j.to_string()),
            lead_source: Some(row.lead_source.clone()),
            key_level: Some(row.key_level.clone()),
            key_listed_by: row.key_listed_by.clone(),
            publishable: Some((row.publishable == 1).to_string()),
            stage: Some(row.stage.clone()),
            lead_on: Some(row.lead_on.clone()),
            talks_on: row.talks_on.clone(),
            signed_on: row.signed_on.clone(),
            signing_mode: row.signing_mode.clone(),
            construction_on: row.construction_on.clone(),
            production_on: row.production_on.clone(),
            capacity_on: row.capacity_on.clone(),
        }
    }
}

pub(crate) fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(crate) fn msg(field: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

/// A date field: `YYYY-MM-DD`, not after today.
pub(crate) fn date_field(errs: &mut FieldErrors, field: &str, v: &Option<String>, today: Date) -> Option<Date> {
    let t = text(v)?;
    match parse_date(&t) {
        Some(d) if d > today => {
            errs.push(msg(field, "date.future", "日期不能晚于今天", "cannot be in the future"));
            None
        }
        Some(d) if d.year() < 1979 => {
            errs.push(msg(field, "date.range", "日期不应早于1979年", "cannot be before 1979"));
            None
        }
        Some(d) => Some(d),
        None => {
            errs.push(msg(
                field,
                "date.format",
                "日期格式应为 YYYY-MM-DD",
                "a date is written YYYY-MM-DD",
            ));
            None
        }
    }
}

fn rate_error(field: &str, e: RateError) -> FieldError {
    match e {
        RateError::Format => msg(
            field,
            "rate.format",
            "汇率应为正数，最多 6 位小数（每 1 美元折合的该币种金额）",
            "a rate is a positive decimal with at most 6 decimals (units per US dollar)",
        ),
        RateError::NotPositive => msg(field, "rate.positive", "汇率必须大于零", "the rate must be above zero"),
        RateError::NotOneForUsd => msg(field, "rate.usd", "美元金额的汇率为 1", "the rate of US dollars is 1"),
    }
}

/// An amount group entered as `{prefix}_amount`, `_currency`, `_rate`, `_rate_on`:
/// non-negative, in a listed currency, converted to US dollars at the recorded rate.
pub(crate) fn converted(
    errs: &mut FieldErrors,
    prefix: &str,
    amount: &Option<String>,
    currency: &Option<String>,
    rate: &Option<String>,
    rate_on: &Option<String>,
    today: Date,
) -> Option<Converted> {
    let (fa, fc, fr, fd) = (
        format!("{prefix}_amount"),
        format!("{prefix}_currency"),
        format!("{prefix}_rate"),
        format!("{prefix}_rate_on"),
    );
    let amount = text(amount)?;
    let Some(code) = text(currency) else {
        errs.push(msg(&fc, "required", "请填写币种", "the currency is required"));
        return None;
    };
    let Some(info) = kaifang_refdata::get().currency(&code) else {
        errs.push(msg(
            &fc,
            "currency.unknown",
            format!("币种 {code} 不在币种表中"),
            format!("{code} is not a listed currency"),
        ));
        return None;
    };
    let cur = Currency::parse(&info.code).ok()?;
    let money = errs.take(&fa, Money::parse(&amount, cur).and_then(Money::non_negative))?;
    let rate = match text(rate) {
        None if cur == Currency::USD => Rate::ONE,
        None => {
            errs.push(msg(
                &fr,
                "required",
                format!("请填写 {code} 折美元汇率"),
                format!("the rate of {code} to the US dollar is required"),
            ));
            return None;
        }
        Some(r) => match Rate::parse(&r) {
            Ok(r) => r,
            Err(e) => {
                errs.push(rate_error(&fr, e));
                return None;
            }
        },
    };
    let on = date_field(errs, &fd, rate_on, today).unwrap_or(today);
    match rules::to_usd(money, rate, on) {
        Ok(c) => Some(c),
        Err(e) => {
            errs.push(rate_error(&fr, e));
            None
        }
    }
}

/// A yuan amount (expected output or tax).
fn yuan(errs: &mut FieldErrors, field: &str, v: &Option<String>) -> Option<i64> {
    let t = text(v)?;
    errs.take(field, Money::parse(&t, Currency::CNY).and_then(Money::non_negative))
        .map(|m| m.minor())
}

fn vocab(errs: &mut FieldErrors, field: &str, v: &Option<String>, list: rules::Vocabulary, default: &str) -> String {
    let t = text(v).unwrap_or_else(|| default.to_string());
    if !rules::known(list, &t) {
        errs.push(msg(
            field,
            &format!("{field}.unknown"),
            format!(
                "应为以下之一：{}",
                list.iter()
                    .map(|v| format!("{}（{}）", v.0, v.1))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            format!("one of {}", list.iter().map(|v| v.0).collect::<Vec<_>>().join(", ")),
        ));
    }
    t
}

/// Validates a whole project for `p` as of `today`. `stage` is the stage the
/// project is in (or is created in); `lead_on_default` fills an absent lead date.
pub fn validate(
    input: &ProjectInput,
    p: &Principal,
    today: Date,
    existing: Option<&ProjectRow>,
) -> Result<ProjectRow, FieldErrors> {
    let rd = kaifang_refdata::get();
    let mut errs = FieldErrors::new();
    let name = text(&input.name);
    match &name {
        None => errs.push(msg(
            "name",
            "required",
            "请填写项目名称",
            "the project name is required",
        )),
        Some(n) if n.chars().count() > 200 => {
            errs.push(msg("name", "length", "不能超过 200 个字符", "at most 200 characters"))
        }
        _ => {}
    }
    let description = text(&input.description).unwrap_or_default();
    if description.chars().count() > 4000 {
        errs.push(msg(
            "description",
            "length",
            "不能超过 4000 个字符",
            "at most 4000 characters",
        ));
    }
    let placement = match text(&input.division) {
        None => {
            errs.push(msg(
                "division",
                "required",
                "请填写项目所在行政区划",
                "the division is required",
            ));
            None
        }
        Some(d) => match crate::placement::of_division("division", &d) {
            Err(e) => {
                errs.push(e);
                None
            }
            Ok(pl) if pl.prefecture.is_none() => {
                errs.push(msg(
                    "division",
                    "division.level",
                    "项目所在地须为地级或县级行政区划",
                    "a project lands in a prefecture or county, not a whole province",
                ));
                None
            }
            Ok(pl) if !p.covers_division(&pl.division) => {
                errs.push(msg(
                    "division",
                    "scope.outside",
                    "超出您的管辖范围",
                    "outside your jurisdiction",
                ));
                None
            }
            Ok(pl) => Some(pl),
        },
    };
    let industry = match text(&input.industry) {
        None => {
            errs.push(msg(
                "industry",
                "required",
                "请填写行业小类代码",
                "the industry class is required",
            ));
            None
        }
        Some(i) => crate::enterprises::check_industry(&mut errs, "industry", &i).map(|i| i.code.clone()),
    };
    let zone = text(&input.zone).and_then(|z| match rd.zone(&z) {
        Some(zone) => {
            if let Some(pl) = &placement
                && pl.province.as_deref() != Some(zone.province.as_str())
            {
                errs.push(msg(
                    "zone",
                    "zone.province",
                    format!("{} 不在项目所在省份", zone.name_zh),
                    format!("{} is not in the project's province", zone.id),
                ));
            }
            Some(zone.id.clone())
        }
        None => {
            errs.push(msg(
                "zone",
                "zone.unknown",
                format!("园区代码 {z} 不存在"),
                format!("zone {z} does not exist"),
            ));
            None
        }
    });
    let project_type = vocab(&mut errs, "project_type", &input.project_type, rules::TYPES, "new");
    let lead_source = vocab(
        &mut errs,
        "lead_source",
        &input.lead_source,
        rules::LEAD_SOURCES,
        "other",
    );
    let key_level = vocab(&mut errs, "key_level", &input.key_level, rules::KEY_LEVELS, "none");

    let mut investors = Vec::new();
    for (i, inv) in input.investors.iter().flatten().enumerate() {
        let (nm, reg) = (text(&inv.name), text(&inv.region));
        if nm.is_none() && reg.is_none() {
            continue;
        }
        let n = i + 1;
        if nm.is_none() {
            errs.push(msg(
                &format!("investors[{i}].name"),
                "required",
                format!("请填写第{n}个投资方名称"),
                format!("name of investor {n} is required"),
            ));
        }
        let region = match reg {
            None => {
                errs.push(msg(
                    &format!("investors[{i}].region"),
                    "required",
                    format!("请填写第{n}个投资方国别（地区）"),
                    format!("country or region of investor {n} is required"),
                ));
                None
            }
            Some(r) => crate::enterprises::check_foreign_region(&mut errs, &format!("investors[{i}].region"), &r),
        };
        if let (Some(name), Some(region)) = (nm, region) {
            investors.push(ProjectInvestor {
                name: Some(name),
                region: Some(region),
            });
        }
    }
    if investors.is_empty() && !errs.iter().any(|e| e.field.starts_with("investors")) {
        errs.push(msg(
            "investors",
            "required",
            "请至少填写一个外国投资方及其国别（地区）",
            "at least one foreign investor with its country or region is required",
        ));
    }
    let enterprise = text(&input.enterprise)
        .and_then(|u| errs.take("enterprise", kaifang_domain::uscc::Uscc::parse(&u)))
        .map(|u| u.as_str().to_string());

    let total = converted(
        &mut errs,
        "total",
        &input.total_amount,
        &input.total_currency,
        &input.total_rate,
        &input.total_rate_on,
        today,
    );
    // The contracted capital converts at the rate of the signing day unless another is given.
    let contracted_rate_on = input.contracted_rate_on.clone().or_else(|| input.signed_on.clone());
    let contracted = converted(
        &mut errs,
        "contracted",
        &input.contracted_amount,
        &input.contracted_currency,
        &input.contracted_rate,
        &contracted_rate_on,
        today,
    );
    let land = text(&input.land_mu).and_then(|t| match rules::parse_mu(&t) {
        Some(v) => Some(v),
        None => {
            errs.push(msg(
                "land_mu",
                "land.format",
                "用地面积应为非负数，单位亩，最多两位小数",
                "land is a non-negative number of mu with at most two decimals",
            ));
            None
        }
    });
    let output = yuan(&mut errs, "expected_output", &input.expected_output);
    let tax = yuan(&mut errs, "expected_tax", &input.expected_tax);
    let jobs = text(&input.jobs).and_then(|j| match j.parse::<i64>() {
        Ok(n) if (0..=10_000_000).contains(&n) => Some(n),
        _ => {
            errs.push(msg(
                "jobs",
                "jobs.format",
                "就业人数应为非负整数",
                "jobs is a whole number, 0 or more",
            ));
            None
        }
    });
    let publishable = match text(&input.publishable) {
        None => false,
        Some(v) => crate::enterprises::input_flag(&v).unwrap_or_else(|| {
            errs.push(msg(
                "publishable",
                "flag.format",
                "请填写 是 或 否",
                "give true or false",
            ));
            false
        }),
    };

    // The key-project listing must come from a level that covers the project.
    let key_listed_by = if key_level == "none" {
        None
    } else {
        match text(&input.key_listed_by) {
            None => {
                errs.push(msg(
                    "key_listed_by",
                    "required",
                    "重点项目须填写列入单位（行政区划代码）",
                    "a key project names the division that listed it",
                ));
                None
            }
            Some(d) => match (rd.division(&d), &placement) {
                (None, _) => {
                    errs.push(msg(
                        "key_listed_by",
                        "division.unknown",
                        format!("行政区划代码 {d} 不存在"),
                        format!("division code {d} does not exist"),
                    ));
                    None
                }
                (Some(_), Some(pl)) if !rd.is_within(&pl.division, &d) => {
                    errs.push(msg(
                        "key_listed_by",
                        "key.not_above",
                        "列入单位须为项目所在地或其上级",
                        "the listing division must be the project's own or one above it",
                    ));
                    None
                }
                (Some(div), _) => Some(div.code.clone()),
            },
        }
    };

    // Stage and key dates.
    let stage = match existing {
        Some(row) => Stage::parse(&row.stage),
        None => {
            let s = text(&input.stage).unwrap_or_else(|| "lead".into());
            match Stage::parse(&s).filter(|s| s.rank().is_some()) {
                Some(s) => Some(s),
                None => {
                    errs.push(msg(
                        "stage",
                        "stage.unknown",
                        "新建项目的阶段应为 lead、talks、signed、construction、production 或 capacity",
                        "a new project is in lead, talks, signed, construction, production or capacity",
                    ));
                    None
                }
            }
        }
    };
    let mut dates = KeyDates {
        lead_on: date_field(&mut errs, "lead_on", &input.lead_on, today),
        talks_on: date_field(&mut errs, "talks_on", &input.talks_on, today),
        signed_on: date_field(&mut errs, "signed_on", &input.signed_on, today),
        construction_on: date_field(&mut errs, "construction_on", &input.construction_on, today),
        production_on: date_field(&mut errs, "production_on", &input.production_on, today),
        capacity_on: date_field(&mut errs, "capacity_on", &input.capacity_on, today),
    };
    if dates.lead_on.is_none() && text(&input.lead_on).is_none() {
        dates.lead_on = Some(existing.and_then(|r| parse_date(&r.lead_on)).unwrap_or(today));
    }
    for e in dates.order_errors() {
        errs.push(msg(
            e.later_field,
            "date.order",
            format!("{} 不能早于 {}", e.later_field, e.earlier_field),
            format!("{} cannot be before {}", e.later_field, e.earlier_field),
        ));
    }
    // The stage's own requirements: for a paused project, those of the stage it paused in.
    let effective = match (stage, existing) {
        (Some(Stage::Paused), Some(row)) => row.paused_from.as_deref().and_then(Stage::parse),
        (s, _) => s,
    };
    if let Some(s) = effective {
        for field in rules::missing_for(s, &dates, contracted.is_some()) {
            let field = if field == "contracted_fdi" {
                "contracted_amount"
            } else {
                field
            };
            errs.push(msg(
                field,
                "stage.requires",
                format!("{}阶段须填写此项", s.names().0),
                format!("required at the stage {}", s.names().1),
            ));
        }
    }
    let signing_mode = text(&input.signing_mode);
    if let Some(m) = &signing_mode
        && m != "on_site"
        && m != "cloud"
    {
        errs.push(msg(
            "signing_mode",
            "signing_mode.unknown",
            "签约方式应为 on_site（现场）或 cloud（云签约）",
            "the signing mode is on_site or cloud",
        ));
    }

    if !errs.is_empty() {
        return Err(errs);
    }
    let placement = placement.expect("validated");
    let stage = stage.expect("validated");
    let mut row = existing.cloned().unwrap_or_default();
    row.name = name.expect("validated");
    row.description = description;
    row.division = placement.division.clone();
    row.scope_province = placement.province.clone();
    row.scope_prefecture = placement.prefecture.clone();
    row.scope_county = placement.county.clone();
    row.zone = zone;
    row.industry = industry.expect("validated");
    row.project_type = project_type;
    row.source_region = investors[0].region.clone().unwrap_or_default();
    row.investors_json = serde_json::to_string(&investors).unwrap_or_else(|_| "[]".into());
    row.enterprise_uscc = enterprise;
    let set = |c: &Option<Converted>| {
        (
            c.map(|c| c.amount.minor()),
            c.map(|c| c.amount.currency().as_str().to_string()),
            c.map(|c| c.rate.micros()),
            c.map(|c| c.rate_on.to_string()),
            c.map(|c| c.usd.minor()),
        )
    };
    (
        row.total_minor,
        row.total_currency,
        row.total_rate,
        row.total_rate_on,
        row.total_usd,
    ) = set(&total);
    (
        row.contracted_minor,
        row.contracted_currency,
        row.contracted_rate,
        row.contracted_rate_on,
        row.contracted_usd,
    ) = set(&contracted);
    row.land_centi_mu = land;
    row.output_minor = output;
    row.tax_minor = tax;
    row.jobs = jobs;
    row.lead_source = lead_source;
    row.key_level = key_level;
    row.key_listed_by = key_listed_by;
    row.publishable = i64::from(publishable);
    row.stage = stage.as_str().to_string();
    let d = |x: Option<Date>| x.map(|d| d.to_string());
    row.lead_on = d(dates.lead_on).unwrap_or_else(|| today.to_string());
    row.talks_on = d(dates.talks_on);
    row.signed_on = d(dates.signed_on);
    row.signing_mode = signing_mode;
    row.construction_on = d(dates.construction_on);
    row.production_on = d(dates.production_on);
    row.capacity_on = d(dates.capacity_on);
    if existing.is_none() {
        // A new project is in its stage since that stage's date.
        row.stage_on = match stage {
            Stage::Lead => row.lead_on.clone(),
            _ => d(dates.latest()).unwrap_or_else(|| today.to_string()),
        };
        row.created_by = p.username.clone();
    }
    Ok(row)
}
