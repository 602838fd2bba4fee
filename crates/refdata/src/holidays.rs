//! Public holidays and make-up working days (调休) from State Council notices.
//!
//! A date is a working day if it is listed as [`HolidayKind::Workday`], or if
//! it is Monday to Friday and not listed as [`HolidayKind::Holiday`]. Only
//! years in [`Refdata::holiday_years`] are covered.

use std::ops::RangeInclusive;

use serde::Serialize;

use crate::Refdata;
use crate::table::for_each_row;

const HOLIDAYS_CSV: &str = include_str!("../../../data/holidays.csv");
const NOTICES_CSV: &str = include_str!("../../../data/holiday_notices.csv");

/// The State Council notice that published one year's schedule.
#[derive(Debug, Clone, Serialize)]
pub struct HolidayNotice {
    pub year: i32,
    pub title: String,
    pub url: String,
}

/// Whether a listed day is a day off or a make-up working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// Day off.
    Holiday,
    /// Make-up working day, usually a Saturday or Sunday.
    Workday,
}

/// One day named in a holiday notice.
#[derive(Debug, Clone, Serialize)]
pub struct HolidayEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub kind: HolidayKind,
    pub name_zh: String,
    pub name_en: String,
    /// Year of the notice; 2018-12-29..31 belong to the 2019 notice.
    pub notice_year: i32,
    /// A day off that bridges to the holiday, made up by a working day,
    /// rather than a statutory holiday.
    pub in_lieu_rest_day: bool,
}

pub(crate) struct HolidayTable {
    /// In date order, one entry per date.
    list: Vec<HolidayEntry>,
    years: RangeInclusive<i32>,
    notices: Vec<HolidayNotice>,
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl HolidayTable {
    pub(crate) fn parse() -> HolidayTable {
        let mut list: Vec<HolidayEntry> = Vec::with_capacity(300);
        let header = ["date", "kind", "name_zh", "name_en", "notice_year", "in_lieu"];
        for_each_row("holidays.csv", HOLIDAYS_CSV, &header, |row| {
            let date = row.str(0);
            if !is_iso_date(date) {
                row.fail("bad date");
            }
            if list.last().is_some_and(|last| last.date.as_str() >= date) {
                row.fail("dates must be unique and increasing");
            }
            let kind = match row.str(1) {
                "holiday" => HolidayKind::Holiday,
                "workday" => HolidayKind::Workday,
                _ => row.fail("unknown kind"),
            };
            let in_lieu_rest_day = match row.str(5) {
                "y" => true,
                "" => false,
                _ => row.fail("in_lieu must be y or empty"),
            };
            list.push(HolidayEntry {
                date: date.to_owned(),
                kind,
                name_zh: row.string(2),
                name_en: row.string(3),
                notice_year: row.str(4).parse().unwrap_or_else(|_| row.fail("bad notice_year")),
                in_lieu_rest_day,
            });
        });
        let first = list.iter().map(|h| h.notice_year).min().unwrap_or(0);
        let last = list.iter().map(|h| h.notice_year).max().unwrap_or(-1);
        assert!(
            (first..=last).all(|y| list.iter().any(|h| h.notice_year == y)),
            "holidays.csv: a notice year is missing between {first} and {last}"
        );
        let mut notices: Vec<HolidayNotice> = Vec::new();
        for_each_row("holiday_notices.csv", NOTICES_CSV, &["year", "title", "url"], |row| {
            let year = row.str(0).parse().unwrap_or_else(|_| row.fail("bad year"));
            if !(first..=last).contains(&year) || notices.iter().any(|n| n.year == year) {
                row.fail("a notice year outside the schedule, or twice");
            }
            notices.push(HolidayNotice {
                year,
                title: row.string(1),
                url: row.string(2),
            });
        });
        assert!(
            (first..=last).all(|y| notices.iter().any(|n| n.year == y)),
            "holiday_notices.csv: every notice year of holidays.csv needs its notice"
        );
        HolidayTable {
            list,
            years: first..=last,
            notices,
        }
    }
}

impl Refdata {
    /// Every listed day, in date order.
    pub fn holidays(&self) -> &[HolidayEntry] {
        &self.holidays.list
    }

    /// The listed entry for a `YYYY-MM-DD` date, if that date is named in a notice.
    pub fn holiday(&self, date: &str) -> Option<&HolidayEntry> {
        let list = &self.holidays.list;
        list.binary_search_by(|h| h.date.as_str().cmp(date))
            .ok()
            .map(|i| &list[i])
    }

    /// The notice of a schedule year in the data.
    pub fn holiday_notice(&self, year: i32) -> Option<&HolidayNotice> {
        self.holidays.notices.iter().find(|n| n.year == year)
    }

    /// Notice years whose schedule is in the data.
    pub fn holiday_years(&self) -> RangeInclusive<i32> {
        self.holidays.years.clone()
    }
}
