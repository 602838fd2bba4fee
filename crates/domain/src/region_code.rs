//! Country or region code (ISO 3166-1 alpha-2) as a validated value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::field_error::{FieldError, Message, ToFieldError};

/// An ISO 3166-1 alpha-2 code such as `HK` or `US`, stored uppercase.
///
/// Only the shape is checked here; whether the code is assigned is checked
/// elsewhere against reference data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(String);

/// Why a text is not a country or region code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a country or region code is two letters, got {input:?}")]
pub struct RegionCodeError {
    /// The trimmed input.
    pub input: String,
}

impl RegionCode {
    /// Parses two ASCII letters in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<RegionCode, RegionCodeError> {
        let s = input.trim();
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(RegionCode(s.to_ascii_uppercase()))
        } else {
            Err(RegionCodeError { input: s.to_owned() })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ToFieldError for RegionCodeError {
    fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::new(
            field,
            "region.format",
            Message::new(
                "国家或地区代码应为 2 位字母（ISO 3166-1），如 HK、US",
                "a country or region code is two letters (ISO 3166-1), e.g. HK, US",
            ),
        )
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RegionCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for RegionCode {
    type Err = RegionCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionCode::parse(s)
    }
}

impl Serialize for RegionCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        RegionCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_two_letters_in_either_case() {
        assert_eq!(RegionCode::parse("HK").unwrap().as_str(), "HK");
        assert_eq!(RegionCode::parse(" us ").unwrap().as_str(), "US");
        assert_eq!(RegionCode::parse("sG").unwrap().to_string(), "SG");
    }

    #[test]
    fn rejects_anything_but_two_ascii_letters() {
        for bad in ["", "H", "HKG", "H1", "12", "H K", "ＨＫ", "香港"] {
            let err = RegionCode::parse(bad).unwrap_err();
            assert_eq!(err.to_field_error("region").code, "region.format", "{bad:?}");
        }
    }

    #[test]
    fn serialises_as_a_string_and_deserialises_by_parsing() {
        let hk = RegionCode::parse("HK").unwrap();
        assert_eq!(serde_json::to_string(&hk).unwrap(), "\"HK\"");
        let back: RegionCode = serde_json::from_str("\"hk\"").unwrap();
        assert_eq!(back, hk);
        assert!(serde_json::from_str::<RegionCode>("\"HKG\"").is_err());
    }

    proptest! {
        #[test]
        fn any_two_letters_parse_to_their_uppercase(s in "[a-zA-Z]{2}") {
            let code = RegionCode::parse(&s).unwrap();
            prop_assert_eq!(code.as_str(), s.to_ascii_uppercase());
        }
    }
}
