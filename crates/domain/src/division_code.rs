//! Administrative division code (行政区划代码, GB/T 2260) as a validated value: six digits.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::field_error::{FieldError, Message, ToFieldError};

/// A six-digit administrative division code.
///
/// Only the shape is checked here; whether the code exists is checked
/// elsewhere against reference data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DivisionCode(String);

/// Why a text is not a division code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a division code is exactly six digits, got {input:?}")]
pub struct DivisionCodeError {
    /// The trimmed input.
    pub input: String,
}

impl DivisionCode {
    /// The code of the national level.
    pub const NATIONAL: &'static str = "000000";

    /// Parses six ASCII digits, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<DivisionCode, DivisionCodeError> {
        let s = input.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(DivisionCode(s.to_owned()))
        } else {
            Err(DivisionCodeError { input: s.to_owned() })
        }
    }

    /// `000000`, the national level.
    pub fn national() -> DivisionCode {
        DivisionCode(Self::NATIONAL.to_owned())
    }

    pub fn is_national(&self) -> bool {
        self.0 == Self::NATIONAL
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ToFieldError for DivisionCodeError {
    fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::new(
            field,
            "division.format",
            Message::new(
                "行政区划代码应为 6 位数字",
                "an administrative division code is exactly six digits",
            ),
        )
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for DivisionCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for DivisionCode {
    type Err = DivisionCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DivisionCode::parse(s)
    }
}

impl Serialize for DivisionCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DivisionCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        DivisionCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_six_digits_and_trims_whitespace() {
        assert_eq!(DivisionCode::parse(" 440300 ").unwrap().as_str(), "440300");
        assert_eq!(DivisionCode::parse("110108").unwrap().to_string(), "110108");
    }

    #[test]
    fn rejects_other_lengths_letters_and_non_ascii_digits() {
        for bad in ["", "44030", "4403001", "44030A", "44 030", "４４０３００", "-44030"] {
            let err = DivisionCode::parse(bad).unwrap_err();
            assert_eq!(err.to_field_error("division").code, "division.format");
        }
    }

    #[test]
    fn knows_the_national_level() {
        assert!(DivisionCode::national().is_national());
        assert_eq!(DivisionCode::national().as_str(), DivisionCode::NATIONAL);
        assert!(DivisionCode::parse("000000").unwrap().is_national());
        assert!(!DivisionCode::parse("440000").unwrap().is_national());
    }

    #[test]
    fn serialises_as_a_string_and_deserialises_by_parsing() {
        let code = DivisionCode::parse("440300").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"440300\"");
        let back: DivisionCode = serde_json::from_str("\"440300\"").unwrap();
        assert_eq!(back, code);
        assert!(serde_json::from_str::<DivisionCode>("\"4403\"").is_err());
        assert!(serde_json::from_str::<DivisionCode>("440300").is_err());
    }

    proptest! {
        #[test]
        fn any_six_digits_round_trip_through_display(s in "[0-9]{6}") {
            let code = DivisionCode::parse(&s).unwrap();
            let shown = code.to_string();
            prop_assert_eq!(DivisionCode::parse(&shown), Ok(code));
        }
    }
}
