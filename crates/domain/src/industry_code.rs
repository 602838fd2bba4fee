//! Industry classification code (国民经济行业分类, GB/T 4754-2017) as a validated value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::field_error::{FieldError, Message, ToFieldError};

/// Level of a GB/T 4754 code, told by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndustryLevel {
    /// 门类: one letter A–T.
    Section,
    /// 大类: two digits.
    Division,
    /// 中类: three digits.
    Group,
    /// 小类: four digits.
    Class,
}

/// An industry code, stored normalised: one uppercase letter A–T for a
/// section, otherwise 2–4 digits (`"38"`, `"384"`, `"3841"`).
///
/// Only the shape is checked here; whether the code exists is checked
/// elsewhere against reference data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndustryCode(String);

/// Why a text is not an industry code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IndustryCodeError {
    #[error("an industry code is a section letter A-T or 2 to 4 digits, got {input:?}")]
    Format { input: String },
    #[error("division {division} belongs to section {expected}, not {given}")]
    SectionMismatch {
        division: String,
        given: char,
        expected: char,
    },
}

/// Sections of GB/T 4754-2017 with their last division number.
const SECTION_ENDS: [(char, u8); 20] = [
    ('A', 5),
    ('B', 12),
    ('C', 43),
    ('D', 46),
    ('E', 50),
    ('F', 52),
    ('G', 60),
    ('H', 62),
    ('I', 65),
    ('J', 69),
    ('K', 70),
    ('L', 72),
    ('M', 75),
    ('N', 79),
    ('O', 82),
    ('P', 83),
    ('Q', 85),
    ('R', 90),
    ('S', 96),
    ('T', 97),
];

/// The section a two-digit division number belongs to, if any.
fn section_of_division(division: u8) -> Option<char> {
    if division == 0 {
        return None;
    }
    SECTION_ENDS
        .iter()
        .find(|&&(_, end)| division <= end)
        .map(|&(section, _)| section)
}

impl IndustryCode {
    /// Parses `"3841"`, `"C3841"`, `" c3841 "` or `"C"`.
    ///
    /// A leading section letter before digits is dropped after checking that
    /// it is the section of the division.
    pub fn parse(input: &str) -> Result<IndustryCode, IndustryCodeError> {
        let s = input.trim().to_ascii_uppercase();
        let format_error = || IndustryCodeError::Format { input: s.clone() };
        let (letter, digits) = match s.as_bytes().first() {
            Some(b) if b.is_ascii_uppercase() => (Some(*b as char), &s[1..]),
            _ => (None, s.as_str()),
        };
        if digits.is_empty() {
            return match letter {
                Some(l @ 'A'..='T') => Ok(IndustryCode(l.to_string())),
                _ => Err(format_error()),
            };
        }
        if !(2..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }
        if let Some(given) = letter {
            if !('A'..='T').contains(&given) {
                return Err(format_error());
            }
            let division = &digits[..2];
            if let Some(expected) = division.parse().ok().and_then(section_of_division)
                && expected != given
            {
                return Err(IndustryCodeError::SectionMismatch {
                    division: division.to_owned(),
                    given,
                    expected,
                });
            }
        }
        Ok(IndustryCode(digits.to_owned()))
    }

    pub fn level(&self) -> IndustryLevel {
        match self.0.len() {
            1 => IndustryLevel::Section,
            2 => IndustryLevel::Division,
            3 => IndustryLevel::Group,
            _ => IndustryLevel::Class,
        }
    }

    /// True for a four-digit class (小类), the level enterprises are registered with.
    pub fn is_class(&self) -> bool {
        self.level() == IndustryLevel::Class
    }

    /// The section letter: the code itself for a section, otherwise derived
    /// from the division number (`None` for a number outside every section).
    pub fn section(&self) -> Option<char> {
        match self.level() {
            IndustryLevel::Section => self.0.chars().next(),
            _ => self.0[..2].parse().ok().and_then(section_of_division),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ToFieldError for IndustryCodeError {
    fn to_field_error(&self, field: &str) -> FieldError {
        match self {
            IndustryCodeError::Format { .. } => FieldError::new(
                field,
                "industry.format",
                Message::new(
                    "行业代码应为门类字母（A–T）或 2–4 位数字，如 C、38、384、3841",
                    "an industry code is a section letter (A–T) or 2 to 4 digits, e.g. C, 38, 384, 3841",
                ),
            ),
            IndustryCodeError::SectionMismatch {
                division,
                given,
                expected,
            } => FieldError::new(
                field,
                "industry.section_mismatch",
                Message::new(
                    format!("行业大类 {division} 属于门类 {expected}，而不是 {given}"),
                    format!("division {division} belongs to section {expected}, not {given}"),
                ),
            ),
        }
    }
}

impl fmt::Display for IndustryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for IndustryCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for IndustryCode {
    type Err = IndustryCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IndustryCode::parse(s)
    }
}

impl Serialize for IndustryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IndustryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        IndustryCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> IndustryCode {
        IndustryCode::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn accepts_digits_and_a_leading_section_letter() {
        assert_eq!(parse("3841").as_str(), "3841");
        assert_eq!(parse("C3841").as_str(), "3841");
        assert_eq!(parse(" c3841 ").as_str(), "3841");
        assert_eq!(parse("I6410").as_str(), "6410");
        assert_eq!(parse("C").as_str(), "C");
        assert_eq!(parse("t").as_str(), "T");
    }

    #[test]
    fn tells_the_level_by_shape() {
        assert_eq!(parse("C").level(), IndustryLevel::Section);
        assert_eq!(parse("38").level(), IndustryLevel::Division);
        assert_eq!(parse("384").level(), IndustryLevel::Group);
        assert_eq!(parse("3841").level(), IndustryLevel::Class);
        assert!(parse("C3841").is_class());
        assert!(!parse("384").is_class());
    }

    #[test]
    fn derives_the_section_from_the_division() {
        assert_eq!(parse("0111").section(), Some('A'));
        assert_eq!(parse("3841").section(), Some('C'));
        assert_eq!(parse("64").section(), Some('I'));
        assert_eq!(parse("70").section(), Some('K'));
        assert_eq!(parse("9700").section(), Some('T'));
        assert_eq!(parse("Q").section(), Some('Q'));
        assert_eq!(parse("99").section(), None);
        assert_eq!(parse("00").section(), None);
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in [
            "",
            "3",
            "38411",
            "U",
            "Z",
            "CC",
            "C3",
            "C38411",
            "38A1",
            "C-3841",
            "３８４１",
            "CI64",
        ] {
            let err = IndustryCode::parse(bad).unwrap_err();
            assert_eq!(err.to_field_error("industry").code, "industry.format", "{bad:?}");
        }
    }

    #[test]
    fn rejects_a_section_letter_that_does_not_match_the_division() {
        let err = IndustryCode::parse("A3841").unwrap_err();
        assert_eq!(
            err,
            IndustryCodeError::SectionMismatch {
                division: "38".into(),
                given: 'A',
                expected: 'C'
            }
        );
        let fe = err.to_field_error("industry");
        assert_eq!(fe.code, "industry.section_mismatch");
        assert!(fe.message.zh.contains("门类 C"));
    }

    #[test]
    fn serialises_as_a_string_and_deserialises_by_parsing() {
        assert_eq!(serde_json::to_string(&parse("C3841")).unwrap(), "\"3841\"");
        let back: IndustryCode = serde_json::from_str("\"c3841\"").unwrap();
        assert_eq!(back, parse("3841"));
        assert!(serde_json::from_str::<IndustryCode>("\"38411\"").is_err());
        assert_eq!(serde_json::to_string(&IndustryLevel::Class).unwrap(), "\"class\"");
    }

    proptest! {
        #[test]
        fn a_digit_code_with_its_own_section_letter_parses_to_the_same_code(s in "[0-9]{2,4}") {
            let code = parse(&s);
            if let Some(section) = code.section() {
                prop_assert_eq!(parse(&format!("{section}{s}")), code.clone());
            }
            let shown = code.to_string();
            prop_assert_eq!(IndustryCode::parse(&shown), Ok(code));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,8}") {
            let _ = IndustryCode::parse(&s);
        }
    }
}
