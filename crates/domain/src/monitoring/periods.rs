//! Reporting periods of a monitoring campaign: calendar months (`2026-11`), ISO
//! weeks from Monday to Sunday (`2026-W48`) or one period for the whole campaign
//! (`once`), and moving from a period to the one before it.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

/// Most periods [`periods`] lists (ten years of weeks).
pub const MAX_PERIODS: usize = 520;
/// The key of the single period of a one-off campaign.
pub const ONCE_KEY: &str = "once";

/// How often enterprises report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Weekly,
    Monthly,
    Once,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 3] = [PeriodKind::Weekly, PeriodKind::Monthly, PeriodKind::Once];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Weekly => "weekly",
            PeriodKind::Monthly => "monthly",
            PeriodKind::Once => "once",
        }
    }

    pub fn parse(s: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            PeriodKind::Weekly => ("每周", "Weekly"),
            PeriodKind::Monthly => ("每月", "Monthly"),
            PeriodKind::Once => ("一次性", "Once"),
        }
    }
}

/// One reporting period. Weeks and months keep their full calendar bounds even
/// where the campaign opens or closes inside them; `once` runs from the
/// campaign's opening to its closing day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub key: String,
    pub starts_on: Date,
    pub ends_on: Date,
}

/// The week or month containing `d` (none for `Once`, which has no calendar bounds).
fn calendar_period(kind: PeriodKind, d: Date) -> Option<Period> {
    match kind {
        PeriodKind::Monthly => {
            let starts_on = d.replace_day(1).ok()?;
            let ends_on = d.replace_day(d.month().length(d.year())).ok()?;
            let key = format!("{:04}-{:02}", d.year(), u8::from(d.month()));
            Some(Period {
                key,
                starts_on,
                ends_on,
            })
        }
        PeriodKind::Weekly => {
            let (year, week, weekday) = d.to_iso_week_date();
            let starts_on = d.checked_sub(Duration::days(i64::from(weekday.number_days_from_monday())))?;
            let ends_on = starts_on.checked_add(Duration::days(6))?;
            Some(Period {
                key: format!("{year:04}-W{week:02}"),
                starts_on,
                ends_on,
            })
        }
        PeriodKind::Once => None,
    }
}

/// Every period overlapping `[opens_on, closes_on]`, in order, at most
/// [`MAX_PERIODS`]; none when the campaign closes before it opens.
pub fn periods(kind: PeriodKind, opens_on: Date, closes_on: Date) -> Vec<Period> {
    if closes_on < opens_on {
        return Vec::new();
    }
    if kind == PeriodKind::Once {
        let key = ONCE_KEY.to_owned();
        return vec![Period {
            key,
            starts_on: opens_on,
            ends_on: closes_on,
        }];
    }
    let mut out = Vec::new();
    let mut d = opens_on;
    while out.len() < MAX_PERIODS {
        let Some(p) = calendar_period(kind, d) else { break };
        let next = p.ends_on.next_day().filter(|_| p.ends_on < closes_on);
        out.push(p);
        match next {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// The key of the period containing `d`; none before the campaign opens.
pub fn period_of(kind: PeriodKind, opens_on: Date, d: Date) -> Option<String> {
    if d < opens_on {
        return None;
    }
    match kind {
        PeriodKind::Once => Some(ONCE_KEY.to_owned()),
        _ => calendar_period(kind, d).map(|p| p.key),
    }
}

/// The key of the period before `key`: `2026-01` → `2025-12`, `2027-W01` →
/// `2026-W53`. None for `once`, and for a key that is not of `kind`.
pub fn previous_key(kind: PeriodKind, key: &str) -> Option<String> {
    let (starts_on, _) = parse_key(kind, key)?;
    calendar_period(kind, starts_on.previous_day()?).map(|p| p.key)
}

/// `digits` decimal digits exactly, as a number.
fn fixed_digits(s: &str, digits: usize) -> Option<u16> {
    (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// The first and last day of the period `key`. None for a malformed key, a
/// week the ISO year does not have, and `once` (its bounds are the campaign's).
pub fn parse_key(kind: PeriodKind, key: &str) -> Option<(Date, Date)> {
    let starts_on = match kind {
        PeriodKind::Monthly => {
            let (year, month) = key.split_once('-')?;
            let month = Month::try_from(u8::try_from(fixed_digits(month, 2)?).ok()?).ok()?;
            Date::from_calendar_date(i32::from(fixed_digits(year, 4)?), month, 1).ok()?
        }
        PeriodKind::Weekly => {
            let (year, week) = key.split_once("-W")?;
            let week = u8::try_from(fixed_digits(week, 2)?).ok()?;
            Date::from_iso_week_date(i32::from(fixed_digits(year, 4)?), week, Weekday::Monday).ok()?
        }
        PeriodKind::Once => return None,
    };
    let p = calendar_period(kind, starts_on)?;
    (p.key == key).then_some((p.starts_on, p.ends_on))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn keys(kind: PeriodKind, a: Date, b: Date) -> Vec<String> {
        periods(kind, a, b).into_iter().map(|p| p.key).collect()
    }

    #[test]
    fn monthly_periods_run_across_a_year_end_with_full_calendar_months() {
        let ps = periods(PeriodKind::Monthly, date!(2025 - 11 - 15), date!(2026 - 02 - 03));
        let got: Vec<(&str, Date, Date)> = ps.iter().map(|p| (p.key.as_str(), p.starts_on, p.ends_on)).collect();
        assert_eq!(
            got,
            [
                ("2025-11", date!(2025 - 11 - 01), date!(2025 - 11 - 30)),
                ("2025-12", date!(2025 - 12 - 01), date!(2025 - 12 - 31)),
                ("2026-01", date!(2026 - 01 - 01), date!(2026 - 01 - 31)),
                ("2026-02", date!(2026 - 02 - 01), date!(2026 - 02 - 28)),
            ]
        );
        assert_eq!(
            parse_key(PeriodKind::Monthly, "2024-02"),
            Some((date!(2024 - 02 - 01), date!(2024 - 02 - 29)))
        );
    }

    #[test]
    fn weekly_periods_from_2026_into_2027_pass_through_week_53() {
        let ps = periods(PeriodKind::Weekly, date!(2026 - 12 - 20), date!(2027 - 01 - 04));
        let got: Vec<(&str, Date, Date)> = ps.iter().map(|p| (p.key.as_str(), p.starts_on, p.ends_on)).collect();
        assert_eq!(
            got,
            [
                ("2026-W51", date!(2026 - 12 - 14), date!(2026 - 12 - 20)),
                ("2026-W52", date!(2026 - 12 - 21), date!(2026 - 12 - 27)),
                ("2026-W53", date!(2026 - 12 - 28), date!(2027 - 01 - 03)),
                ("2027-W01", date!(2027 - 01 - 04), date!(2027 - 01 - 10)),
            ]
        );
    }

    #[test]
    fn the_previous_week_or_month_crosses_year_boundaries() {
        let prev = |kind, key| previous_key(kind, key);
        assert_eq!(prev(PeriodKind::Monthly, "2026-01").as_deref(), Some("2025-12"));
        assert_eq!(prev(PeriodKind::Monthly, "2026-11").as_deref(), Some("2026-10"));
        assert_eq!(prev(PeriodKind::Weekly, "2021-W01").as_deref(), Some("2020-W53"));
        assert_eq!(prev(PeriodKind::Weekly, "2020-W53").as_deref(), Some("2020-W52"));
        assert_eq!(prev(PeriodKind::Weekly, "2027-W01").as_deref(), Some("2026-W53"));
        assert_eq!(prev(PeriodKind::Weekly, "2026-W01").as_deref(), Some("2025-W52"));
        assert_eq!(prev(PeriodKind::Weekly, "2026-W48").as_deref(), Some("2026-W47"));
        assert_eq!(prev(PeriodKind::Once, "once"), None);
        assert_eq!(prev(PeriodKind::Monthly, "2026-W48"), None);
    }

    #[test]
    fn week_keys_name_the_iso_week_including_days_in_the_neighbouring_calendar_year() {
        // 2020-12-31 and 2021-01-03 lie in ISO week 2020-W53; 2024-12-30 in 2025-W01.
        let week = |d| period_of(PeriodKind::Weekly, date!(2000 - 01 - 01), d);
        assert_eq!(week(date!(2020 - 12 - 31)).as_deref(), Some("2020-W53"));
        assert_eq!(week(date!(2021 - 01 - 03)).as_deref(), Some("2020-W53"));
        assert_eq!(week(date!(2024 - 12 - 30)).as_deref(), Some("2025-W01"));
        assert_eq!(
            parse_key(PeriodKind::Weekly, "2020-W53"),
            Some((date!(2020 - 12 - 28), date!(2021 - 01 - 03)))
        );
    }

    #[test]
    fn malformed_keys_and_weeks_a_year_lacks_are_refused() {
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "2026-11-01",
            "once",
            "+026-11",
        ] {
            assert_eq!(parse_key(PeriodKind::Monthly, bad), None, "{bad:?}");
        }
        for bad in [
            "2025-W53", "2026-W54", "2026-W00", "2026-W5", "2026-w05", "2026-11", "2026W05",
        ] {
            assert_eq!(parse_key(PeriodKind::Weekly, bad), None, "{bad:?}");
        }
        assert_eq!(parse_key(PeriodKind::Once, "once"), None);
    }

    #[test]
    fn a_one_off_campaign_has_one_period_and_dates_before_opening_have_none() {
        let (open, close) = (date!(2026 - 03 - 10), date!(2026 - 04 - 20));
        assert_eq!(
            periods(PeriodKind::Once, open, close),
            [Period {
                key: "once".into(),
                starts_on: open,
                ends_on: close
            }]
        );
        assert_eq!(period_of(PeriodKind::Once, open, open).as_deref(), Some("once"));
        assert_eq!(period_of(PeriodKind::Once, open, date!(2026 - 03 - 09)), None);
        assert_eq!(period_of(PeriodKind::Monthly, open, date!(2026 - 03 - 09)), None);
        assert_eq!(
            period_of(PeriodKind::Monthly, open, date!(2026 - 04 - 30)).as_deref(),
            Some("2026-04")
        );
        assert!(periods(PeriodKind::Monthly, close, open).is_empty());
        assert_eq!(keys(PeriodKind::Weekly, open, open), ["2026-W11"]);
    }

    #[test]
    fn listing_stops_at_520_periods() {
        let ps = periods(PeriodKind::Weekly, date!(2000 - 01 - 01), date!(2030 - 01 - 01));
        assert_eq!(ps.len(), MAX_PERIODS);
        assert_eq!(ps[0].key, "1999-W52");
        assert_eq!(
            periods(PeriodKind::Monthly, date!(2000 - 01 - 01), date!(2099 - 01 - 01)).len(),
            MAX_PERIODS
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in PeriodKind::ALL {
            assert_eq!(PeriodKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert_eq!(PeriodKind::Monthly.names(), ("每月", "Monthly"));
        assert_eq!(PeriodKind::parse("daily"), None);
    }

    proptest! {
        #[test]
        fn each_period_follows_the_one_before_it(start in 0i64..8000, len in 0i64..1500, weekly: bool) {
            let kind = if weekly { PeriodKind::Weekly } else { PeriodKind::Monthly };
            let opens_on = date!(2010 - 01 - 01) + Duration::days(start);
            let closes_on = opens_on + Duration::days(len);
            let ps = periods(kind, opens_on, closes_on);
            prop_assert!(ps[0].starts_on <= opens_on && opens_on <= ps[0].ends_on);
            let last = ps.last().unwrap();
            prop_assert!(last.starts_on <= closes_on && closes_on <= last.ends_on);
            for p in &ps {
                prop_assert_eq!(parse_key(kind, &p.key), Some((p.starts_on, p.ends_on)));
                prop_assert_eq!(period_of(kind, opens_on, p.ends_on), Some(p.key.clone()));
            }
            for pair in ps.windows(2) {
                prop_assert_eq!(previous_key(kind, &pair[1].key), Some(pair[0].key.clone()));
                prop_assert_eq!(pair[0].ends_on.next_day(), Some(pair[1].starts_on));
            }
        }
    }
}
