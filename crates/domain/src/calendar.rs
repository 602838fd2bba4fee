//! The working-day calendar: weekends, statutory holidays and adjusted working
//! days (调休), as the State Council publishes them year by year.
//!
//! A date is a working day if the schedule lists it as a make-up working day,
//! or if it is Monday to Friday and not listed as a day off. A year whose
//! schedule has not been published is computed on weekends alone, and every
//! answer that depends on such a year is marked provisional.
//!
//! Counting follows the statutory convention: the day of the event does not
//! count, so "within 7 working days of receipt" ends on the 7th working day
//! after the day of receipt.
//!
//! Answers come from a prefix sum of working days over a dense range of days
//! (1990–2100), so counting the working days between two dates is one
//! subtraction and adding N working days one binary search; outside that range
//! the calendar walks day by day.

use std::collections::{BTreeSet, HashMap};

use time::{Date, Duration, Month, Weekday};

/// What a schedule says of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off (a public holiday, or a weekday given as rest in lieu).
    Holiday,
    /// A make-up working day, usually a Saturday or Sunday.
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn parse(s: &str) -> Option<DayKind> {
        match s {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// A date computed by the calendar, and whether it rests on an unpublished year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CalendarDate {
    pub date: Date,
    /// Some day that decided the answer lies in a year without a published
    /// schedule: the answer may move when that year's schedule is entered.
    pub provisional: bool,
}

/// A count of working days, and whether it rests on an unpublished year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WorkingDayCount {
    pub days: i64,
    pub provisional: bool,
}

const FIRST_YEAR: i32 = 1990;
const LAST_YEAR: i32 = 2100;

/// A working-day calendar built from listed days and the years whose schedule is published.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    listed: HashMap<Date, DayKind>,
    published: BTreeSet<i32>,
    start: Date,
    /// `cumulative[i]`: working days in `[start, start + i)`; one longer than the range.
    cumulative: Vec<u32>,
}

impl WorkCalendar {
    /// A calendar from listed days (holidays and make-up working days) and the
    /// years whose schedule is complete. A listed day in an unpublished year
    /// still counts as listed (a schedule being entered), but answers that
    /// touch that year stay provisional until it is published.
    pub fn new(listed: impl IntoIterator<Item = (Date, DayKind)>, published: impl IntoIterator<Item = i32>) -> Self {
        let listed: HashMap<Date, DayKind> = listed.into_iter().collect();
        let published: BTreeSet<i32> = published.into_iter().collect();
        let start = Date::from_calendar_date(FIRST_YEAR, Month::January, 1).expect("valid date");
        let end = Date::from_calendar_date(LAST_YEAR, Month::December, 31).expect("valid date");
        let len = (end - start).whole_days() as usize + 1;
        let mut cumulative = Vec::with_capacity(len + 1);
        let mut acc = 0u32;
        cumulative.push(0);
        let mut d = start;
        for _ in 0..len {
            if working(&listed, d) {
                acc += 1;
            }
            cumulative.push(acc);
            d = d.next_day().unwrap_or(d);
        }
        WorkCalendar {
            listed,
            published,
            start,
            cumulative,
        }
    }

    /// A calendar of weekends only, with no published year.
    pub fn weekends_only() -> Self {
        WorkCalendar::new([], [])
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: Date) -> bool {
        working(&self.listed, d)
    }

    /// What the schedule lists for `d`, if anything.
    pub fn listed(&self, d: Date) -> Option<DayKind> {
        self.listed.get(&d).copied()
    }

    /// Whether the schedule of `year` is published (entered and complete).
    pub fn is_published(&self, year: i32) -> bool {
        self.published.contains(&year)
    }

    /// Years whose schedule is published, ascending.
    pub fn published_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.published.iter().copied()
    }

    /// Whether any day in `[a, b]` lies in an unpublished year.
    fn provisional(&self, a: Date, b: Date) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        (a.year()..=b.year()).any(|y| !self.is_published(y))
    }

    fn index(&self, d: Date) -> Option<usize> {
        let i = (d - self.start).whole_days();
        (i >= 0 && (i as usize) + 1 < self.cumulative.len()).then_some(i as usize)
    }

    /// The date `n` working days after `from`; `from` itself does not count.
    /// With `n = 0`, `from` itself.
    pub fn add_working_days(&self, from: Date, n: u32) -> CalendarDate {
        let date = match self.index(from) {
            Some(i) => {
                // The first index j > i with cumulative[j + 1] - cumulative[i + 1] == n, i.e.
                // the first position whose prefix reaches target and is a working day.
                let target = self.cumulative[i + 1] + n;
                if n == 0 {
                    Some(from)
                } else {
                    let pos = self.cumulative.partition_point(|&c| c < target);
                    // cumulative[pos] == target: day (pos - 1) is the n-th working day.
                    (pos < self.cumulative.len()).then(|| self.start + Duration::days(pos as i64 - 1))
                }
            }
            None => None,
        };
        let date = date.unwrap_or_else(|| self.add_by_walking(from, n));
        CalendarDate {
            date,
            provisional: self.provisional(from, date),
        }
    }

    /// Working days in `(from, to]`: how many working days have passed from an
    /// event on `from` to the end of `to`. Negative when `to` is before `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> WorkingDayCount {
        let days = match (self.index(from), self.index(to)) {
            (Some(a), Some(b)) => self.cumulative[b + 1] as i64 - self.cumulative[a + 1] as i64,
            _ => self.count_by_walking(from, to),
        };
        WorkingDayCount {
            days,
            provisional: self.provisional(from, to),
        }
    }

    /// The reference implementation of [`WorkCalendar::add_working_days`], day by day.
    pub fn add_by_walking(&self, from: Date, n: u32) -> Date {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.next_day() {
                Some(next) => d = next,
                None => break,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The reference implementation of [`WorkCalendar::working_days_between`], day by day.
    pub fn count_by_walking(&self, from: Date, to: Date) -> i64 {
        let (a, b, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let mut n = 0i64;
        let mut d = a;
        while d < b {
            d = match d.next_day() {
                Some(next) => next,
                None => break,
            };
            if self.is_working_day(d) {
                n += 1;
            }
        }
        sign * n
    }
}

fn working(listed: &HashMap<Date, DayKind>, d: Date) -> bool {
    match listed.get(&d) {
        Some(DayKind::Workday) => true,
        Some(DayKind::Holiday) => false,
        None => !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday),
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), &time::macros::format_description!("[year]-[month]-[day]")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    /// The 2026 schedule (State Council notice of 2025-11) for the weeks the tests use.
    fn cal_2026() -> WorkCalendar {
        let h = DayKind::Holiday;
        let w = DayKind::Workday;
        let mut days = vec![(date!(2026 - 02 - 14), w), (date!(2026 - 02 - 28), w)];
        let mut d = date!(2026 - 02 - 15);
        while d <= date!(2026 - 02 - 23) {
            days.push((d, h));
            d = d.next_day().unwrap();
        }
        days.push((date!(2026 - 09 - 20), w));
        days.push((date!(2026 - 10 - 10), w));
        let mut d = date!(2026 - 10 - 01);
        while d <= date!(2026 - 10 - 07) {
            days.push((d, h));
            d = d.next_day().unwrap();
        }
        WorkCalendar::new(days, [2026])
    }

    #[test]
    fn seven_working_days_from_the_monday_before_national_day_2026_end_on_13_october() {
        let c = cal_2026();
        let r = c.add_working_days(date!(2026 - 09 - 28), 7);
        assert_eq!(r.date, date!(2026 - 10 - 13));
        assert!(!r.provisional);
    }

    #[test]
    fn an_adjusted_saturday_counts_as_a_working_day() {
        let c = cal_2026();
        assert_eq!(date!(2026 - 10 - 10).weekday(), Weekday::Saturday);
        assert!(c.is_working_day(date!(2026 - 10 - 10)));
        assert!(!c.is_working_day(date!(2026 - 10 - 17)), "an ordinary Saturday is not");
        // Friday 9 October + 1 working day is the adjusted Saturday.
        assert_eq!(c.add_working_days(date!(2026 - 10 - 09), 1).date, date!(2026 - 10 - 10));
    }

    #[test]
    fn the_spring_festival_week_of_2026_has_no_working_day() {
        let c = cal_2026();
        // Friday 13 Feb: next working day is the make-up Saturday 14 Feb, then Tuesday 24 Feb.
        assert_eq!(c.add_working_days(date!(2026 - 02 - 13), 1).date, date!(2026 - 02 - 14));
        assert_eq!(c.add_working_days(date!(2026 - 02 - 13), 2).date, date!(2026 - 02 - 24));
        assert_eq!(
            c.working_days_between(date!(2026 - 02 - 14), date!(2026 - 02 - 23))
                .days,
            0
        );
    }

    #[test]
    fn the_day_of_the_event_does_not_count_and_zero_days_is_the_same_day() {
        let c = cal_2026();
        assert_eq!(c.add_working_days(date!(2026 - 03 - 02), 0).date, date!(2026 - 03 - 02));
        assert_eq!(c.add_working_days(date!(2026 - 03 - 02), 1).date, date!(2026 - 03 - 03));
        // From a Saturday, the first working day is Monday.
        assert_eq!(c.add_working_days(date!(2026 - 03 - 07), 1).date, date!(2026 - 03 - 09));
    }

    #[test]
    fn a_year_without_a_published_schedule_is_computed_on_weekends_and_marked_provisional() {
        let c = cal_2026();
        let r = c.add_working_days(date!(2026 - 12 - 28), 5);
        assert_eq!(r.date, date!(2027 - 01 - 04), "weekends only in 2027");
        assert!(r.provisional);
        assert!(
            c.working_days_between(date!(2026 - 12 - 01), date!(2027 - 01 - 05))
                .provisional
        );
        assert!(
            !c.working_days_between(date!(2026 - 03 - 01), date!(2026 - 04 - 01))
                .provisional
        );
    }

    #[test]
    fn dates_outside_the_dense_range_are_walked_not_refused() {
        let c = WorkCalendar::weekends_only();
        let r = c.add_working_days(date!(2100 - 12 - 30), 3);
        assert_eq!(r.date, c.add_by_walking(date!(2100 - 12 - 30), 3));
        assert!(r.provisional);
        assert_eq!(
            c.working_days_between(date!(1980 - 01 - 01), date!(1980 - 01 - 08))
                .days,
            5
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (2018i32..2029, 1u16..=366)
            .prop_map(|(y, d)| Date::from_ordinal_date(y, d.min(time::util::days_in_year(y))).expect("valid ordinal"))
    }

    proptest! {
        #[test]
        fn adding_then_counting_working_days_round_trips(from in any_date(), n in 0u32..200) {
            let c = cal_2026();
            let to = c.add_working_days(from, n).date;
            prop_assert_eq!(c.working_days_between(from, to).days, n as i64);
            if n > 0 {
                prop_assert!(c.is_working_day(to), "the n-th working day is a working day");
            }
        }

        #[test]
        fn the_prefix_sums_agree_with_walking_day_by_day(a in any_date(), b in any_date(), n in 0u32..120) {
            let c = cal_2026();
            prop_assert_eq!(c.working_days_between(a, b).days, c.count_by_walking(a, b));
            prop_assert_eq!(c.add_working_days(a, n).date, c.add_by_walking(a, n));
        }
    }
}
