//! Major projects (项目): the stages a project passes from lead to production and
//! the moves between them, what each stage requires, the order its key dates must
//! keep, and amounts converted to US dollars at a recorded rate.
//!
//! As with cases, the stage machine is data: [`allowed`] lists the stages a
//! project may move to next, so an illegal move is answered with the legal ones.

use time::Date;

use crate::money::{Currency, Money};

/// Where a project stands (线索 / 在谈 / 签约 / 在建 / 投产 / 达产, or paused, dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Lead,
    Talks,
    Signed,
    Construction,
    Production,
    Capacity,
    Paused,
    Dropped,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Lead,
        Stage::Talks,
        Stage::Signed,
        Stage::Construction,
        Stage::Production,
        Stage::Capacity,
        Stage::Paused,
        Stage::Dropped,
    ];

    /// The stages of the pipeline in order (the funnel), without paused and dropped.
    pub const PIPELINE: [Stage; 6] = [
        Stage::Lead,
        Stage::Talks,
        Stage::Signed,
        Stage::Construction,
        Stage::Production,
        Stage::Capacity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Talks => "talks",
            Stage::Signed => "signed",
            Stage::Construction => "construction",
            Stage::Production => "production",
            Stage::Capacity => "capacity",
            Stage::Paused => "paused",
            Stage::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }

    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Stage::Lead => ("线索", "Lead"),
            Stage::Talks => ("在谈", "In talks"),
            Stage::Signed => ("签约", "Signed"),
            Stage::Construction => ("在建", "Under construction"),
            Stage::Production => ("投产", "In production"),
            Stage::Capacity => ("达产", "At capacity"),
            Stage::Paused => ("暂停", "Paused"),
            Stage::Dropped => ("终止", "Dropped"),
        }
    }

    /// The stage that follows in the pipeline, if any.
    pub fn successor(self) -> Option<Stage> {
        let i = Stage::PIPELINE.iter().position(|s| *s == self)?;
        Stage::PIPELINE.get(i + 1).copied()
    }

    /// Position in the pipeline (lead 0 … capacity 5); paused and dropped have none.
    pub fn rank(self) -> Option<usize> {
        Stage::PIPELINE.iter().position(|s| *s == self)
    }

    /// Whether the project still has to be followed up (and so can go stale):
    /// not dropped and not yet at capacity.
    pub fn is_tracked(self) -> bool {
        !matches!(self, Stage::Dropped | Stage::Capacity)
    }

    /// The key date a move into this stage records, as the field is named.
    pub fn date_field(self) -> &'static str {
        match self {
            Stage::Lead => "lead_on",
            Stage::Talks => "talks_on",
            Stage::Signed => "signed_on",
            Stage::Construction => "construction_on",
            Stage::Production => "production_on",
            Stage::Capacity => "capacity_on",
            Stage::Paused => "paused_on",
            Stage::Dropped => "dropped_on",
        }
    }
}

/// The stages a project in `stage` may move to: the next stage of the pipeline,
/// paused or dropped at any point; a paused project resumes where it stopped
/// (`paused_from`) or is dropped; a dropped project moves no more.
pub fn allowed(stage: Stage, paused_from: Option<Stage>) -> Vec<Stage> {
    match stage {
        Stage::Dropped => vec![],
        Stage::Paused => {
            let mut v: Vec<Stage> = paused_from.into_iter().filter(|s| *s != Stage::Paused).collect();
            v.push(Stage::Dropped);
            v
        }
        s => {
            let mut v: Vec<Stage> = s.successor().into_iter().collect();
            v.push(Stage::Paused);
            v.push(Stage::Dropped);
            v
        }
    }
}

/// The key dates of a project, in pipeline order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyDates {
    pub lead_on: Option<Date>,
    pub talks_on: Option<Date>,
    pub signed_on: Option<Date>,
    pub construction_on: Option<Date>,
    pub production_on: Option<Date>,
    pub capacity_on: Option<Date>,
}

/// Two key dates out of order: `later_field` falls before `earlier_field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOrderError {
    pub earlier_field: &'static str,
    pub later_field: &'static str,
}

impl KeyDates {
    fn in_order(&self) -> [(&'static str, Option<Date>); 6] {
        [
            ("lead_on", self.lead_on),
            ("talks_on", self.talks_on),
            ("signed_on", self.signed_on),
            ("construction_on", self.construction_on),
            ("production_on", self.production_on),
            ("capacity_on", self.capacity_on),
        ]
    }

    /// Sets the date a stage records (pipeline stages only).
    pub fn set(&mut self, stage: Stage, d: Date) {
        match stage {
            Stage::Lead => self.lead_on = Some(d),
            Stage::Talks => self.talks_on = Some(d),
            Stage::Signed => self.signed_on = Some(d),
            Stage::Construction => self.construction_on = Some(d),
            Stage::Production => self.production_on = Some(d),
            Stage::Capacity => self.capacity_on = Some(d),
            Stage::Paused | Stage::Dropped => {}
        }
    }

    /// Every pair of recorded dates that runs backwards (a signing after the
    /// start of construction, say), each named by its later field.
    pub fn order_errors(&self) -> Vec<DateOrderError> {
        let dates = self.in_order();
        let mut out = Vec::new();
        for (i, (later_field, later)) in dates.iter().enumerate() {
            let Some(later) = later else { continue };
            // The nearest earlier recorded date is the one to compare with.
            if let Some((earlier_field, _)) = dates[..i].iter().rev().find(|(_, d)| d.is_some_and(|d| d > *later)) {
                out.push(DateOrderError {
                    earlier_field,
                    later_field,
                });
            }
        }
        out
    }

    /// The latest recorded date of the pipeline.
    pub fn latest(&self) -> Option<Date> {
        self.in_order().iter().filter_map(|(_, d)| *d).max()
    }
}

/// What a stage requires to be recorded before a project may be in it:
/// each stage's own date, and for signed the contracted foreign capital.
pub fn missing_for(stage: Stage, dates: &KeyDates, has_contracted: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    let Some(rank) = stage.rank() else {
        return out;
    };
    for s in &Stage::PIPELINE[1..=rank] {
        let present = match s {
            Stage::Talks => dates.talks_on.is_some(),
            Stage::Signed => dates.signed_on.is_some(),
            Stage::Construction => dates.construction_on.is_some(),
            Stage::Production => dates.production_on.is_some(),
            Stage::Capacity => dates.capacity_on.is_some(),
            _ => true,
        };
        // Talks may have been skipped (a project signed at a fair); later dates may not.
        if !present && *s != Stage::Talks {
            out.push(s.date_field());
        }
    }
    if rank >= Stage::Signed.rank().unwrap_or(2) && !has_contracted {
        out.push("contracted_fdi");
    }
    out
}

/// An exchange rate: units of a currency per one US dollar, with six decimals
/// (7.1234 CNY per USD is stored as 7_123_400).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rate(i64);

/// Why a text is not an exchange rate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("an exchange rate is a positive decimal with at most 6 decimals")]
    Format,
    #[error("an exchange rate must be greater than zero")]
    NotPositive,
    #[error("the rate of US dollars to US dollars is 1")]
    NotOneForUsd,
}

impl Rate {
    pub const ONE: Rate = Rate(1_000_000);

    /// Parses `"7.1234"` (units per US dollar).
    pub fn parse(s: &str) -> Result<Rate, RateError> {
        let s = s.trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 6 || int.len() > 9 {
            return Err(RateError::Format);
        }
        let int: i64 = int.parse().map_err(|_| RateError::Format)?;
        let frac_val: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse::<i64>().map_err(|_| RateError::Format)? * 10i64.pow(6 - frac.len() as u32)
        };
        let micros = int * 1_000_000 + frac_val;
        if micros <= 0 {
            return Err(RateError::NotPositive);
        }
        Ok(Rate(micros))
    }

    pub fn from_micros(micros: i64) -> Option<Rate> {
        (micros > 0).then_some(Rate(micros))
    }

    pub fn micros(self) -> i64 {
        self.0
    }

    /// Decimal text without trailing zeros, e.g. `"7.1234"`, `"1"`.
    pub fn to_decimal_string(self) -> String {
        let int = self.0 / 1_000_000;
        let frac = self.0 % 1_000_000;
        if frac == 0 {
            return int.to_string();
        }
        let f = format!("{frac:06}");
        format!("{int}.{}", f.trim_end_matches('0'))
    }
}

/// An amount with the rate that converts it to US dollars, and the date of that rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Converted {
    pub amount: Money,
    pub rate: Rate,
    pub rate_on: Date,
    /// The amount in US cents.
    pub usd: Money,
}

/// Converts `amount` to US dollars at `rate` (units per dollar), rounding half
/// away from zero to the cent; a US-dollar amount needs the rate 1.
pub fn to_usd(amount: Money, rate: Rate, rate_on: Date) -> Result<Converted, RateError> {
    if amount.currency() == Currency::USD && rate != Rate::ONE {
        return Err(RateError::NotOneForUsd);
    }
    // usd_cents = minor / 10^units * 100 / (micros / 10^6)
    let units = u32::from(amount.currency().minor_units());
    let num = i128::from(amount.minor()) * 100 * 1_000_000;
    let den = i128::from(rate.micros()) * 10i128.pow(units);
    let q = num / den;
    let r = num % den;
    let rounded = if 2 * r.abs() >= den { q + num.signum() } else { q };
    let cents = i64::try_from(rounded).map_err(|_| RateError::Format)?;
    Ok(Converted {
        amount,
        rate,
        rate_on,
        usd: Money::from_minor(cents, Currency::USD),
    })
}

/// Land area in mu, with two decimals (12.5 mu is 1250).
pub fn parse_mu(s: &str) -> Option<i64> {
    let m = Money::parse(s, Currency::USD).ok()?;
    (!m.is_negative()).then_some(m.minor())
}

/// Per-mu figure (output or tax per mu of land) in minor units per mu, or
/// none without land. `per_centi_mu` is the land in hundredths of a mu.
pub fn per_mu(minor: i64, land_centi_mu: i64) -> Option<i64> {
    if land_centi_mu <= 0 {
        return None;
    }
    let v = i128::from(minor) * 100 / i128::from(land_centi_mu);
    i64::try_from(v).ok()
}

/// A controlled vocabulary: code, Chinese name, English name.
pub type Vocabulary = &'static [(&'static str, &'static str, &'static str)];

/// Project types.
pub const TYPES: Vocabulary = &[
    ("new", "新设", "New establishment"),
    ("expansion", "增资扩产", "Expansion"),
    ("merger", "并购", "Merger or acquisition"),
    ("reinvestment", "利润再投资", "Reinvestment of profits"),
    ("rd_centre", "研发中心", "R&D centre"),
];

/// Where a lead came from.
pub const LEAD_SOURCES: Vocabulary = &[
    ("fair", "展会", "Investment fair"),
    ("online", "网上洽谈", "Online negotiation"),
    ("chamber", "商协会", "Chamber of commerce"),
    ("embassy", "驻外使领馆", "Embassy or consulate"),
    ("existing_fie", "存量外资企业", "Existing FIE"),
    ("other", "其他", "Other"),
];

/// Key-project levels (none is an ordinary project).
pub const KEY_LEVELS: Vocabulary = &[
    ("none", "一般项目", "Ordinary"),
    ("national", "国家重点", "National key project"),
    ("provincial", "省重点", "Provincial key project"),
    ("city", "市重点", "City key project"),
];

/// Kinds of service-log entry.
pub const LOG_KINDS: Vocabulary = &[
    ("visit", "走访", "Visit"),
    ("meeting", "会议", "Meeting"),
    ("call", "电话", "Call"),
    ("online_negotiation", "网上洽谈", "Online negotiation"),
    ("signing", "签约", "Signing"),
    ("cloud_signing", "云签约", "Remote (cloud) signing"),
];

/// Factor approvals and milestones (要素保障).
pub const APPROVAL_KINDS: Vocabulary = &[
    ("land", "用地", "Land"),
    ("planning", "规划", "Planning"),
    ("environment", "环评", "Environmental assessment"),
    ("energy", "能评", "Energy review"),
    ("construction_permit", "施工许可", "Construction permit"),
    ("utilities", "水电气接入", "Utilities"),
];

/// Where an approval stands.
pub const APPROVAL_STATUSES: Vocabulary = &[
    ("pending", "未启动", "Not started"),
    ("in_progress", "办理中", "In progress"),
    ("approved", "已完成", "Done"),
    ("blocked", "受阻", "Blocked"),
    ("not_needed", "无需办理", "Not needed"),
];

/// Roles in a task force (工作专班).
pub const TEAM_ROLES: Vocabulary = &[
    ("lead", "包保领导", "Lead official"),
    ("member", "专班成员", "Member"),
    ("contact", "企业联系人", "Enterprise contact"),
];

/// Whether `code` is in `vocabulary`.
pub fn known(vocabulary: Vocabulary, code: &str) -> bool {
    vocabulary.iter().any(|v| v.0 == code)
}

/// The Chinese and English names of `code` in `vocabulary`.
pub fn name_of(vocabulary: Vocabulary, code: &str) -> Option<(&'static str, &'static str)> {
    vocabulary.iter().find(|v| v.0 == code).map(|v| (v.1, v.2))
}

/// The case category a blocked approval is filed under.
pub fn case_category_of(approval_kind: &str) -> &'static str {
    match approval_kind {
        "land" => "land",
        "environment" => "environment",
        "energy" => "energy",
        "planning" | "construction_permit" => "approvals",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn only_the_next_stage_pause_and_drop_are_allowed_from_an_active_stage() {
        assert_eq!(
            allowed(Stage::Lead, None),
            vec![Stage::Talks, Stage::Paused, Stage::Dropped]
        );
        assert_eq!(
            allowed(Stage::Production, None),
            vec![Stage::Capacity, Stage::Paused, Stage::Dropped]
        );
        assert_eq!(allowed(Stage::Capacity, None), vec![Stage::Paused, Stage::Dropped]);
        assert_eq!(
            allowed(Stage::Paused, Some(Stage::Signed)),
            vec![Stage::Signed, Stage::Dropped]
        );
        assert!(allowed(Stage::Dropped, None).is_empty());
    }

    #[test]
    fn every_move_outside_the_allowed_list_is_illegal() {
        // Backwards, skipping, and anything from dropped: none are in the list.
        for from in Stage::ALL {
            let ok = allowed(from, Some(Stage::Talks));
            for to in Stage::ALL {
                let legal = ok.contains(&to);
                let backwards = matches!((from.rank(), to.rank()), (Some(a), Some(b)) if b <= a);
                let skips = matches!((from.rank(), to.rank()), (Some(a), Some(b)) if b > a + 1);
                if backwards || skips || from == Stage::Dropped {
                    assert!(!legal, "{from:?} -> {to:?} must be refused");
                }
            }
        }
    }

    #[test]
    fn a_signing_after_the_start_of_construction_is_an_order_error_named_by_the_later_field() {
        let d = KeyDates {
            signed_on: Some(date!(2026 - 05 - 10)),
            construction_on: Some(date!(2026 - 05 - 01)),
            ..KeyDates::default()
        };
        assert_eq!(
            d.order_errors(),
            vec![DateOrderError {
                earlier_field: "signed_on",
                later_field: "construction_on"
            }]
        );
        let ok = KeyDates {
            lead_on: Some(date!(2026 - 01 - 01)),
            signed_on: Some(date!(2026 - 05 - 01)),
            construction_on: Some(date!(2026 - 05 - 01)),
            ..KeyDates::default()
        };
        assert!(ok.order_errors().is_empty());
    }

    #[test]
    fn signed_needs_its_date_and_the_contracted_capital() {
        let d = KeyDates::default();
        assert_eq!(
            missing_for(Stage::Signed, &d, false),
            vec!["signed_on", "contracted_fdi"]
        );
        let d = KeyDates {
            signed_on: Some(date!(2026 - 03 - 01)),
            ..d
        };
        assert!(missing_for(Stage::Signed, &d, true).is_empty());
        assert_eq!(missing_for(Stage::Construction, &d, true), vec!["construction_on"]);
        // A project may be recorded in talks without the date talks began.
        assert!(missing_for(Stage::Talks, &KeyDates::default(), false).is_empty());
    }

    #[test]
    fn rates_parse_as_six_decimal_fixed_point() {
        assert_eq!(Rate::parse("7.1234").unwrap().micros(), 7_123_400);
        assert_eq!(Rate::parse("1").unwrap(), Rate::ONE);
        assert_eq!(Rate::parse("0.0071").unwrap().to_decimal_string(), "0.0071");
        assert_eq!(Rate::parse("0"), Err(RateError::NotPositive));
        assert_eq!(Rate::parse("-7"), Err(RateError::Format));
        assert_eq!(Rate::parse("7.1234567"), Err(RateError::Format));
        assert_eq!(Rate::parse("abc"), Err(RateError::Format));
    }

    #[test]
    fn amounts_convert_to_us_cents_rounding_half_away_from_zero() {
        let on = date!(2026 - 06 - 30);
        // 71,234,000.00 CNY at 7.1234 = 10,000,000.00 USD.
        let cny = Money::parse("71234000", Currency::CNY).unwrap();
        let c = to_usd(cny, Rate::parse("7.1234").unwrap(), on).unwrap();
        assert_eq!(c.usd.minor(), 1_000_000_000);
        // 100 JPY (no minor unit) at 150 = 0.666… USD → 0.67.
        let jpy = Money::parse("100", Currency::JPY).unwrap();
        assert_eq!(to_usd(jpy, Rate::parse("150").unwrap(), on).unwrap().usd.minor(), 67);
        // 1.00 EUR at 0.92 = 1.0869… → 1.09.
        let eur = Money::parse("1", Currency::EUR).unwrap();
        assert_eq!(to_usd(eur, Rate::parse("0.92").unwrap(), on).unwrap().usd.minor(), 109);
        // US dollars stay as they are, and only at the rate 1.
        let usd = Money::parse("12.34", Currency::USD).unwrap();
        assert_eq!(to_usd(usd, Rate::ONE, on).unwrap().usd, usd);
        assert_eq!(to_usd(usd, Rate::parse("7").unwrap(), on), Err(RateError::NotOneForUsd));
    }

    #[test]
    fn per_mu_figures_divide_by_hundredths_of_a_mu() {
        assert_eq!(parse_mu("12.5"), Some(1250));
        assert_eq!(parse_mu("-1"), None);
        // 1,000,000.00 yuan over 12.5 mu = 80,000.00 yuan per mu.
        assert_eq!(per_mu(100_000_000, 1250), Some(8_000_000));
        assert_eq!(per_mu(100, 0), None);
    }
}
