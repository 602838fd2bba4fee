//! Percentages from 0 to 100 with two decimals, stored exactly as basis points.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::field_error::{FieldError, Message, ToFieldError};

/// Largest value in basis points: 100%.
const MAX_BASIS_POINTS: u32 = 10_000;

/// A percentage between 0% and 100% in hundredths of a percent (basis points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u32);

/// Why a text is not a percentage.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PercentError {
    #[error("not a percentage: {input:?}")]
    Format { input: String },
    #[error("a percentage has at most two decimals, got {found}")]
    Precision { found: usize },
    #[error("a percentage lies between 0 and 100")]
    Range,
}

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const HUNDRED: Percent = Percent(MAX_BASIS_POINTS);

    /// Parses `"51"`, `"51.5"`, `"51.25"`, `"51.25%"` or `" 100 "`.
    pub fn parse(input: &str) -> Result<Percent, PercentError> {
        let s = input.trim();
        let format_error = || PercentError::Format { input: s.to_owned() };
        let number = s.strip_suffix('%').map_or(s, str::trim_end);
        let (negative, unsigned) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number),
        };
        let (int, frac) = match unsigned.split_once('.') {
            Some((int, frac)) if !frac.is_empty() => (int, frac),
            Some(_) => return Err(format_error()),
            None => (unsigned, ""),
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return Err(format_error());
        }
        if frac.len() > 2 {
            return Err(PercentError::Precision { found: frac.len() });
        }
        let mut value: u64 = 0;
        for d in int.bytes().chain(frac.bytes()).chain("00".bytes().skip(frac.len())) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d - b'0')))
                .ok_or(PercentError::Range)?;
        }
        if negative && value > 0 {
            return Err(PercentError::Range);
        }
        u32::try_from(value)
            .ok()
            .and_then(Percent::from_basis_points)
            .ok_or(PercentError::Range)
    }

    /// `None` above 10000 (100%).
    pub fn from_basis_points(basis_points: u32) -> Option<Percent> {
        (basis_points <= MAX_BASIS_POINTS).then_some(Percent(basis_points))
    }

    /// Hundredths of a percent: 51.25% is 5125.
    pub fn basis_points(self) -> u32 {
        self.0
    }

    /// The number without a percent sign and without trailing zeros, e.g. `"51.25"`, `"51.5"`, `"51"`.
    pub fn to_decimal_string(self) -> String {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => int.to_string(),
            f if f.is_multiple_of(10) => format!("{int}.{}", f / 10),
            f => format!("{int}.{f:02}"),
        }
    }
}

impl ToFieldError for PercentError {
    fn to_field_error(&self, field: &str) -> FieldError {
        let (code, message) = match self {
            PercentError::Format { .. } => (
                "percent.format",
                Message::new(
                    "比例格式不正确，应为数字，如 51 或 51.25%",
                    "not a percentage; use a number such as 51 or 51.25%",
                ),
            ),
            PercentError::Precision { .. } => (
                "percent.format",
                Message::new("比例最多保留 2 位小数", "a percentage has at most two decimal places"),
            ),
            PercentError::Range => (
                "percent.range",
                Message::new("比例应在 0 到 100 之间", "a percentage lies between 0 and 100"),
            ),
        };
        FieldError::new(field, code, message)
    }
}

impl fmt::Display for Percent {
    /// `51.25%`, `51.5%`, `51%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.to_decimal_string())
    }
}

impl FromStr for Percent {
    type Err = PercentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Percent::parse(s)
    }
}

impl Serialize for Percent {
    /// As a string such as `"51.25"`, so no reader turns it into a float.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_decimal_string())
    }
}

struct PercentVisitor;

impl Visitor<'_> for PercentVisitor {
    type Value = Percent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a percentage from 0 to 100 as a number or a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
        Percent::parse(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percent, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percent, E> {
        self.visit_str(&v.to_string())
    }

    /// Goes through the shortest decimal text of the number, so `51.25` reads
    /// as exactly 5125 basis points without float arithmetic.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Percent, E> {
        self.visit_str(&v.to_string())
    }
}

impl<'de> Deserialize<'de> for Percent {
    /// From a JSON number (`51.25`) or string (`"51.25"`, `"51.25%"`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PercentVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bp(s: &str) -> u32 {
        Percent::parse(s)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
            .basis_points()
    }

    fn code_of(s: &str) -> String {
        Percent::parse(s).unwrap_err().to_field_error("share").code
    }

    #[test]
    fn parses_whole_numbers_decimals_and_percent_signs() {
        assert_eq!(bp("51"), 5100);
        assert_eq!(bp("51.5"), 5150);
        assert_eq!(bp("51.25"), 5125);
        assert_eq!(bp("51.25%"), 5125);
        assert_eq!(bp("51.25 %"), 5125);
        assert_eq!(bp(" 100 "), 10_000);
        assert_eq!(bp("0"), 0);
        assert_eq!(bp("0.01"), 1);
        assert_eq!(bp("007.5"), 750);
        assert_eq!(bp("-0"), 0);
    }

    #[test]
    fn rejects_values_above_one_hundred_or_below_zero() {
        for bad in ["100.01", "101", "-1", "-0.01", "99999999999999999999999"] {
            assert_eq!(code_of(bad), "percent.range", "{bad:?}");
        }
    }

    #[test]
    fn rejects_more_than_two_decimals() {
        assert_eq!(Percent::parse("51.255"), Err(PercentError::Precision { found: 3 }));
        assert_eq!(code_of("51.250"), "percent.format");
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", "%", "abc", "51..2", "51.", ".5", "5 1", "51%%", "+51", "--5", "1e2", "五十", "５１",
        ] {
            assert_eq!(code_of(bad), "percent.format", "{bad:?}");
        }
    }

    #[test]
    fn knows_its_bounds_in_basis_points() {
        assert_eq!(Percent::from_basis_points(10_000), Some(Percent::HUNDRED));
        assert_eq!(Percent::from_basis_points(10_001), None);
        assert_eq!(Percent::from_basis_points(0), Some(Percent::ZERO));
    }

    #[test]
    fn displays_without_trailing_zeros() {
        let show = |s: &str| Percent::parse(s).unwrap().to_string();
        assert_eq!(show("51.25"), "51.25%");
        assert_eq!(show("51.50"), "51.5%");
        assert_eq!(show("51.00"), "51%");
        assert_eq!(show("0.05"), "0.05%");
        assert_eq!(show("100"), "100%");
        assert_eq!(show("0"), "0%");
    }

    #[test]
    fn serialises_as_a_string_and_deserialises_from_a_number_or_a_string() {
        let p = Percent::parse("51.25").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"51.25\"");
        assert_eq!(serde_json::from_str::<Percent>("\"51.25\"").unwrap(), p);
        assert_eq!(serde_json::from_str::<Percent>("\"51.25%\"").unwrap(), p);
        assert_eq!(serde_json::from_str::<Percent>("51.25").unwrap(), p);
        assert_eq!(serde_json::from_str::<Percent>("51").unwrap().basis_points(), 5100);
        assert!(serde_json::from_str::<Percent>("-1").is_err());
        assert!(serde_json::from_str::<Percent>("100.5").is_err());
        assert!(serde_json::from_str::<Percent>("51.125").is_err());
        assert!(serde_json::from_str::<Percent>("true").is_err());
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(points in 0u32..=10_000) {
            let p = Percent::from_basis_points(points).unwrap();
            prop_assert_eq!(Percent::parse(&p.to_string()), Ok(p));
            prop_assert_eq!(Percent::parse(&p.to_decimal_string()), Ok(p));
        }

        #[test]
        fn json_round_trips_as_a_string_and_as_a_number(points in 0u32..=10_000) {
            let p = Percent::from_basis_points(points).unwrap();
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(serde_json::from_str::<Percent>(&json).unwrap(), p);
            let number = json.trim_matches('"');
            prop_assert_eq!(serde_json::from_str::<Percent>(number).unwrap(), p);
        }

        #[test]
        fn parsing_matches_integer_arithmetic(int in 0u32..=100, hundredths in 0u32..100) {
            let expected = int * 100 + hundredths;
            let parsed = Percent::parse(&format!("{int}.{hundredths:02}"));
            if expected <= 10_000 {
                prop_assert_eq!(parsed.map(Percent::basis_points), Ok(expected));
            } else {
                prop_assert_eq!(parsed, Err(PercentError::Range));
            }
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,12}") {
            let _ = Percent::parse(&s);
        }
    }
}
