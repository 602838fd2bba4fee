//! Enterprise input as received (text fields) and its validation into a store write.

use crate::Principal;
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_domain::money::{Currency, Money};
use kaifang_domain::percent::Percent;
use kaifang_domain::uscc::Uscc;
use kaifang_store::enterprises::{EnterpriseWrite, InvestorRow};
use serde::{Deserialize, Deserializer};

/// Accepts a JSON string, number or boolean as text, so API clients may send
/// `"division": 320102` as well as `"320102"`.
pub(crate) fn flex<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(other) => Some(other.to_string()),
    })
}

/// One foreign investor as entered.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct InvestorInput {
    #[serde(default, deserialize_with = "flex")]
    pub name: Option<String>,
    /// Country or region, ISO 3166-1 alpha-2 (HK, MO and TW are separate source regions).
    #[serde(default, deserialize_with = "flex")]
    pub region: Option<String>,
    /// Share of registered capital in percent, e.g. "51" or "33.33".
    #[serde(default, deserialize_with = "flex")]
    pub share: Option<String>,
}

/// An enterprise as entered in a form, an API call or an import row. Absent
/// fields are `None`; on an edit an empty text clears an optional field.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct EnterpriseInput {
    /// Unified social credit code, 18 characters (GB 32100-2015).
    #[serde(default, deserialize_with = "flex")]
    pub uscc: Option<String>,
    #[serde(default, deserialize_with = "flex")]
    pub name_zh: Option<String>,
    #[serde(default, deserialize_with = "flex")]
    pub name_en: Option<String>,
    /// Division code, 6 digits (GB/T 2260).
    #[serde(default, deserialize_with = "flex")]
    pub division: Option<String>,
    #[serde(default, deserialize_with = "flex")]
    pub address: Option<String>,
    /// Industry class, 4 digits (GB/T 4754-2017), e.g. "3841".
    #[serde(default, deserialize_with = "flex")]
    pub industry: Option<String>,
    /// Zone id (see /api/v1/zones).
    #[serde(default, deserialize_with = "flex")]
    pub zone: Option<String>,
    /// Date of establishment, YYYY-MM-DD.
    #[serde(default, deserialize_with = "flex")]
    pub established_on: Option<String>,
    /// Registered capital as a decimal amount, e.g. "1000000" or "1,000,000.00".
    #[serde(default, deserialize_with = "flex")]
    pub capital_amount: Option<String>,
    /// Currency of the registered capital (ISO 4217), e.g. "USD".
    #[serde(default, deserialize_with = "flex")]
    pub capital_currency: Option<String>,
    /// Country or region of the actual controller (ISO alpha-2).
    #[serde(default, deserialize_with = "flex")]
    pub controller_region: Option<String>,
    #[serde(default, deserialize_with = "flex")]
    pub liaison_name: Option<String>,
    #[serde(default, deserialize_with = "flex")]
    pub liaison_phone: Option<String>,
    /// Key enterprise tag: true or false.
    #[serde(default, deserialize_with = "flex")]
    pub is_key: Option<String>,
    /// Credit code of the FIE this enterprise is a key supplier of.
    #[serde(default, deserialize_with = "flex")]
    pub supplier_of: Option<String>,
    /// Foreign investors; when present on an edit, the list replaces the stored one.
    #[serde(default)]
    pub investors: Option<Vec<InvestorInput>>,
}

impl EnterpriseInput {
    /// This input with every field present in `patch` replacing its own.
    pub fn overlay(mut self, patch: &EnterpriseInput) -> EnterpriseInput {
        macro_rules! take {
            ($($f:ident),*) => { $( if patch.$f.is_some() { self.$f = patch.$f.clone(); } )* };
        }
        take!(
            uscc,
            name_zh,
            name_en,
            division,
            address,
            industry,
            zone,
            established_on,
            capital_amount,
            capital_currency,
            controller_region,
            liaison_name,
            liaison_phone,
            is_key,
            supplier_of,
            investors
        );
        self
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn msg(field: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

fn required(errs: &mut FieldErrors, field: &str, v: &Option<String>, zh: &str, en: &str) -> Option<String> {
    let t = text(v);
    if t.is_none() {
        errs.push(msg(
            field,
            "required",
            format!("请填写{zh}"),
            format!("{en} is required"),
        ));
    }
    t
}

fn max_len(errs: &mut FieldErrors, field: &str, v: &Option<String>, max: usize) {
    if v.as_deref().is_some_and(|s| s.chars().count() > max) {
        errs.push(msg(
            field,
            "length",
            format!("不能超过 {max} 个字符"),
            format!("at most {max} characters"),
        ));
    }
}

/// The industry class `i` names, or an error naming `field` (with the nearest class suggested).
pub(crate) fn check_industry(
    errs: &mut FieldErrors,
    field: &str,
    i: &str,
) -> Option<&'static kaifang_refdata::Industry> {
    let rd = kaifang_refdata::get();
    match rd.industry(i) {
        Some(ind) if ind.level == kaifang_refdata::IndustryLevel::Class => Some(ind),
        Some(ind) => {
            let first = rd
                .industry_children(&ind.code)
                .into_iter()
                .next()
                .map(|c| format!("{} {}", c.code, c.name_zh));
            let mut e = msg(
                field,
                "industry.level",
                format!("请填写四位行业小类代码（{} 是{}）", ind.code, ind.name_zh),
                format!("give the 4-digit industry class ({} is a broader level)", ind.code),
            );
            if let Some(s) = first {
                e = e.with_suggestion(s);
            }
            errs.push(e);
            None
        }
        None => {
            let mut e = msg(
                field,
                "industry.unknown",
                format!("行业代码 {i} 不存在"),
                format!("industry code {i} does not exist"),
            );
            if let Some(s) = rd.search_industries(&i.chars().take(3).collect::<String>(), 1).first() {
                e = e.with_suggestion(format!("{} {}", s.code, s.name_zh));
            }
            errs.push(e);
            None
        }
    }
}

/// The foreign country or region `v` names (ISO alpha-2), or an error naming `field`.
pub(crate) fn check_foreign_region(errs: &mut FieldErrors, field: &str, v: &str) -> Option<String> {
    let rd = kaifang_refdata::get();
    match rd.region(v) {
        Some(r) if r.alpha2 != "CN" => Some(r.alpha2.clone()),
        Some(_) => {
            errs.push(msg(
                field,
                "region.domestic",
                "外国投资者须来自中国境外（港澳台单列）",
                "a foreign investor comes from outside the mainland (HK, MO, TW listed separately)",
            ));
            None
        }
        None => {
            errs.push(msg(
                field,
                "region.unknown",
                format!("国家或地区代码 {v} 不存在"),
                format!("country or region code {v} does not exist"),
            ));
            None
        }
    }
}

/// Parses a flag as entered: true/false, 1/0, yes/no, 是/否, on (an HTML checkbox).
pub fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "on" | "是" => Some(true),
        "false" | "0" | "no" | "n" | "" | "否" => Some(false),
        _ => None,
    }
}

/// Validates a whole enterprise input for `p` as of `today`: every field error
/// is reported at once, with the nearest valid code suggested where easy.
pub fn validate(input: &EnterpriseInput, p: &Principal, today: time::Date) -> Result<EnterpriseWrite, FieldErrors> {
    let rd = kaifang_refdata::get();
    let mut errs = FieldErrors::new();
    let uscc = required(&mut errs, "uscc", &input.uscc, "统一社会信用代码", "the credit code")
        .and_then(|u| errs.take("uscc", Uscc::parse(&u)));
    let name_zh = required(&mut errs, "name_zh", &input.name_zh, "企业中文名称", "the Chinese name");
    max_len(&mut errs, "name_zh", &input.name_zh, 200);
    max_len(&mut errs, "name_en", &input.name_en, 300);
    max_len(&mut errs, "address", &input.address, 300);
    max_len(&mut errs, "liaison_name", &input.liaison_name, 50);

    let placement = required(&mut errs, "division", &input.division, "所在行政区划", "the division").and_then(|d| {
        match crate::placement::of_division("division", &d) {
            Ok(pl) => Some(pl),
            Err(e) => {
                errs.push(e);
                None
            }
        }
    });
    if let Some(pl) = &placement {
        if pl.county.is_none() && pl.prefecture.is_none() {
            errs.push(msg(
                "division",
                "division.level",
                "企业所在地须为地级或县级行政区划",
                "an enterprise sits in a prefecture or county, not a whole province",
            ));
        } else if !p.covers_division(&pl.division) {
            errs.push(msg(
                "division",
                "scope.outside",
                "超出您的管辖范围",
                "outside your jurisdiction",
            ));
        }
    }

    let industry = required(
        &mut errs,
        "industry",
        &input.industry,
        "行业小类代码",
        "the industry class",
    )
    .and_then(|i| check_industry(&mut errs, "industry", &i));

    let zone = text(&input.zone).and_then(|z| match rd.zone(&z) {
        Some(zone) => {
            if let Some(pl) = &placement
                && pl.province.as_deref() != Some(zone.province.as_str())
            {
                errs.push(msg(
                    "zone",
                    "zone.province",
                    format!("{} 不在该企业所在省份", zone.name_zh),
                    format!("{} is not in the enterprise's province", zone.id),
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

    let established_on = text(&input.established_on).and_then(|d| {
        match time::Date::parse(&d, &time::macros::format_description!("[year]-[month]-[day]")) {
            Ok(date) if date > today => {
                errs.push(msg(
                    "established_on",
                    "date.future",
                    "成立日期不能晚于今天",
                    "the date of establishment cannot be in the future",
                ));
                None
            }
            Ok(date) if date.year() < 1979 => {
                errs.push(msg(
                    "established_on",
                    "date.range",
                    "成立日期不应早于1979年",
                    "the date of establishment cannot be before 1979",
                ));
                None
            }
            Ok(date) => Some(date.to_string()),
            Err(_) => {
                errs.push(msg(
                    "established_on",
                    "date.format",
                    "日期格式应为 YYYY-MM-DD",
                    "a date is written YYYY-MM-DD",
                ));
                None
            }
        }
    });

    let currency = text(&input.capital_currency)
        .and_then(|c| errs.take("capital_currency", Currency::parse(&c)))
        .and_then(|c| {
            // Three letters are not enough: the code must be a listed currency (RMB is not).
            if rd.currency(c.as_str()).is_some() {
                Some(c)
            } else {
                errs.push(msg(
                    "capital_currency",
                    "currency.unknown",
                    format!("币种 {c} 不在币种表中（人民币为 CNY）"),
                    format!("{c} is not a listed currency (renminbi is CNY)"),
                ));
                None
            }
        });
    let capital = match (text(&input.capital_amount), currency) {
        (None, None) => None,
        (Some(_), None) if text(&input.capital_currency).is_none() => {
            errs.push(msg(
                "capital_currency",
                "required",
                "请填写注册资本币种",
                "the currency of the registered capital is required",
            ));
            None
        }
        (None, Some(_)) => {
            errs.push(msg(
                "capital_amount",
                "required",
                "请填写注册资本金额",
                "the amount of the registered capital is required",
            ));
            None
        }
        (Some(a), Some(c)) => errs.take("capital_amount", Money::parse(&a, c).and_then(Money::non_negative)),
        (Some(_), None) => None,
    };

    let controller_region = text(&input.controller_region).and_then(|r| match rd.region(&r) {
        Some(reg) => Some(reg.alpha2.clone()),
        None => check_foreign_region(&mut errs, "controller_region", &r),
    });

    let mut investors = Vec::new();
    let mut total_bp: u32 = 0;
    for (i, inv) in input.investors.iter().flatten().enumerate() {
        let n = i + 1;
        let (name, reg, share) = (text(&inv.name), text(&inv.region), text(&inv.share));
        if name.is_none() && reg.is_none() && share.is_none() {
            continue;
        }
        let fname = format!("investors[{i}].name");
        let name = match name {
            Some(nm) if nm.chars().count() <= 200 => Some(nm),
            Some(_) => {
                errs.push(msg(&fname, "length", "不能超过 200 个字符", "at most 200 characters"));
                None
            }
            None => {
                errs.push(msg(
                    &fname,
                    "required",
                    format!("请填写第{n}个投资方名称"),
                    format!("name of investor {n} is required"),
                ));
                None
            }
        };
        let freg = format!("investors[{i}].region");
        let reg = match reg {
            Some(r) => check_foreign_region(&mut errs, &freg, &r),
            None => {
                errs.push(msg(
                    &freg,
                    "required",
                    format!("请填写第{n}个投资方国别（地区）"),
                    format!("country or region of investor {n} is required"),
                ));
                None
            }
        };
        let share = share.and_then(|s| errs.take(&format!("investors[{i}].share"), Percent::parse(&s)));
        if let Some(s) = share {
            total_bp += s.basis_points();
        }
        if let (Some(name), Some(region)) = (name, reg) {
            investors.push(InvestorRow {
                name,
                region,
                share_bp: share.map(|s| i64::from(s.basis_points())),
            });
        }
    }
    if total_bp > 10_000 {
        errs.push(msg(
            "investors",
            "share.total",
            "外国投资者持股比例合计超过 100%",
            "the foreign investors' shares add up to more than 100%",
        ));
    }

    let is_key = match text(&input.is_key) {
        None => false,
        Some(v) => parse_flag(&v).unwrap_or_else(|| {
            errs.push(msg("is_key", "flag.format", "请填写 是 或 否", "give true or false"));
            false
        }),
    };
    let supplier_of = text(&input.supplier_of).and_then(|s| errs.take("supplier_of", Uscc::parse(&s)));
    if let (Some(s), Some(u)) = (&supplier_of, &uscc)
        && s == u
    {
        errs.push(msg(
            "supplier_of",
            "supplier_of.self",
            "企业不能是自己的供应商",
            "an enterprise cannot supply itself",
        ));
    }
    let phone = text(&input.liaison_phone);
    if let Some(ph) = &phone
        && (ph.len() > 30 || !ph.chars().all(|c| c.is_ascii_digit() || " -+()转".contains(c)))
    {
        errs.push(msg(
            "liaison_phone",
            "phone.format",
            "电话号码只能包含数字、空格、-、+、括号",
            "a phone number holds digits, spaces, -, + and brackets",
        ));
    }

    if !errs.is_empty() {
        return Err(errs);
    }
    let industry = industry.expect("validated");
    Ok(EnterpriseWrite {
        uscc: uscc.expect("validated").as_str().to_string(),
        name_zh: name_zh.expect("validated"),
        name_en: text(&input.name_en),
        placement: placement.expect("validated"),
        address: text(&input.address),
        industry: industry.code.clone(),
        industry_section: industry.section.to_string(),
        zone,
        established_on,
        capital_minor: capital.map(|m| m.minor()),
        capital_currency: capital.map(|m| m.currency().as_str().to_string()),
        controller_region,
        status: "operating".into(),
        deregistered_on: None,
        liaison_name: text(&input.liaison_name),
        liaison_phone: phone,
        is_key,
        supplier_of: supplier_of.map(|u| u.as_str().to_string()),
        investors,
    })
}
