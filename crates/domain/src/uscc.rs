//! Unified social credit code (统一社会信用代码, GB 32100-2015) as a validated value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::field_error::{FieldError, Message, ToFieldError};

/// The 31 characters a credit code may contain, in value order (no I, O, Z, S, V).
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Number of characters in a credit code.
pub const LEN: usize = 18;

/// Weights 3^(i-1) mod 31 for positions 1..=17.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Value of `c` in [`ALPHABET`], for uppercase characters only.
fn value_of(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check digit for the first 17 characters of a credit code.
///
/// `None` unless `first17` is exactly 17 characters of [`ALPHABET`] (uppercase).
pub fn check_digit(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut count = 0usize;
    for c in first17.chars() {
        let weight = *WEIGHTS.get(count)?;
        sum += value_of(c)? * weight;
        count += 1;
    }
    if count != WEIGHTS.len() {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize)
}

/// A unified social credit code (统一社会信用代码) whose check digit is correct.
///
/// Positions: 1 registration authority, 2 entity type, 3-8 administrative
/// division, 9-17 organisation code body, 18 check digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uscc(String);

/// Why a text is not a unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UsccError {
    #[error("a credit code has 18 characters, found {found}")]
    Length { found: usize },
    #[error("character '{character}' at position {position} is not allowed in a credit code")]
    Charset {
        /// 1-based position of the offending character.
        position: usize,
        character: char,
        /// The whole code with look-alike letters (O, I) replaced, if that is valid.
        suggestion: Option<String>,
    },
    #[error("check digit is wrong; expected {expected}")]
    CheckDigit { expected: char, found: char },
}

impl Uscc {
    /// Parses a credit code: trims whitespace and uppercases ASCII letters first.
    pub fn parse(input: &str) -> Result<Uscc, UsccError> {
        let code: String = input.trim().chars().map(|c| c.to_ascii_uppercase()).collect();
        let found = code.chars().count();
        if found != LEN {
            return Err(UsccError::Length { found });
        }
        if let Some((i, character)) = code.chars().enumerate().find(|&(_, c)| value_of(c).is_none()) {
            return Err(UsccError::Charset {
                position: i + 1,
                character,
                suggestion: look_alike_fix(&code),
            });
        }
        // All 18 characters are single-byte ASCII from here on.
        let expected = check_digit(&code[..17]).unwrap_or('0');
        let found = code.as_bytes()[17] as char;
        if expected != found {
            return Err(UsccError::CheckDigit { expected, found });
        }
        Ok(Uscc(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Position 1: registration authority code (登记管理部门代码).
    pub fn registration_authority(&self) -> char {
        self.0.as_bytes()[0] as char
    }

    /// Position 2: entity type code (机构类别代码).
    pub fn entity_type(&self) -> char {
        self.0.as_bytes()[1] as char
    }

    /// Positions 3-8: administrative division code of the registering authority.
    ///
    /// Not checked against reference data here.
    pub fn division_part(&self) -> &str {
        &self.0[2..8]
    }

    /// Positions 9-17: organisation code body (GB 11714).
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }
}

/// Replaces the letters people type for digits (O for 0, I for 1) and keeps the result if valid.
fn look_alike_fix(code: &str) -> Option<String> {
    let fixed: String = code
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' => '1',
            other => other,
        })
        .collect();
    if fixed == code {
        return None;
    }
    Uscc::parse(&fixed).ok().map(|u| u.0)
}

impl ToFieldError for UsccError {
    fn to_field_error(&self, field: &str) -> FieldError {
        match self {
            UsccError::Length { found } => FieldError::new(
                field,
                "uscc.length",
                Message::new(
                    format!("统一社会信用代码应为 18 位，实际为 {found} 位"),
                    format!("a unified social credit code has 18 characters, found {found}"),
                ),
            ),
            UsccError::Charset {
                position,
                character,
                suggestion,
            } => {
                let e = FieldError::new(
                    field,
                    "uscc.charset",
                    Message::new(
                        format!("统一社会信用代码第 {position} 位的字符“{character}”不合法（不使用 I、O、Z、S、V）"),
                        format!(
                            "character '{character}' at position {position} is not allowed (I, O, Z, S and V are never used)"
                        ),
                    ),
                );
                match suggestion {
                    Some(s) => e.with_suggestion(s.clone()),
                    None => e,
                }
            }
            UsccError::CheckDigit { expected, .. } => FieldError::new(
                field,
                "uscc.check_digit",
                Message::new(
                    format!("统一社会信用代码校验位错误，应为 {expected}"),
                    format!("check digit is wrong; expected {expected}"),
                ),
            ),
        }
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Uscc {
    type Err = UsccError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uscc::parse(s)
    }
}

impl Serialize for Uscc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Uscc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Uscc::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Real credit codes published in the national enterprise credit information
    /// publicity system, each with the company it belongs to.
    const REAL_CODES: [(&str, &str); 9] = [
        ("914403001922038216", "Huawei Technologies Co., Ltd. (华为技术有限公司)"),
        (
            "9144030071526726XG",
            "Tencent Technology (Shenzhen) Co., Ltd. (腾讯科技（深圳）有限公司)",
        ),
        (
            "91440300708461136T",
            "Shenzhen Tencent Computer Systems Co., Ltd. (深圳市腾讯计算机系统有限公司)",
        ),
        (
            "91330100799655058B",
            "Alibaba (China) Co., Ltd. (阿里巴巴（中国）有限公司)",
        ),
        ("91440300192317458F", "BYD Co., Ltd. (比亚迪股份有限公司)"),
        ("91110108551385082Q", "Xiaomi Inc. (小米科技有限责任公司)"),
        (
            "91440400192548256N",
            "Gree Electric Appliances, Inc. of Zhuhai (珠海格力电器股份有限公司)",
        ),
        ("91440606722473344C", "Midea Group Co., Ltd. (美的集团股份有限公司)"),
        (
            "91520000214434146R",
            "AVIC Heavy Machinery Co., Ltd. (中航重机股份有限公司)",
        ),
    ];

    const HUAWEI: &str = "914403001922038216";

    #[test]
    fn accepts_real_published_credit_codes() {
        for (code, company) in REAL_CODES {
            let parsed = Uscc::parse(code).unwrap_or_else(|e| panic!("{company}: {e}"));
            assert_eq!(parsed.as_str(), code);
        }
    }

    #[test]
    fn check_digit_reproduces_the_last_character_of_real_codes() {
        for (code, _) in REAL_CODES {
            assert_eq!(check_digit(&code[..17]), code.chars().last());
        }
    }

    #[test]
    fn accepts_lowercase_input_and_surrounding_whitespace() {
        let parsed = Uscc::parse("  9144030071526726xg\t").unwrap();
        assert_eq!(parsed.as_str(), "9144030071526726XG");
    }

    #[test]
    fn exposes_the_parts_of_the_code() {
        let huawei = Uscc::parse(HUAWEI).unwrap();
        assert_eq!(huawei.registration_authority(), '9');
        assert_eq!(huawei.entity_type(), '1');
        assert_eq!(huawei.division_part(), "440300");
        assert_eq!(huawei.organisation_code(), "192203821");
        assert_eq!(huawei.to_string(), HUAWEI);
    }

    #[test]
    fn rejects_a_code_with_a_wrong_check_digit() {
        let err = Uscc::parse("914403001922038217").unwrap_err();
        assert_eq!(
            err,
            UsccError::CheckDigit {
                expected: '6',
                found: '7'
            }
        );
        let fe = err.to_field_error("uscc");
        assert_eq!(fe.code, "uscc.check_digit");
        assert_eq!(fe.message.zh, "统一社会信用代码校验位错误，应为 6");
        assert_eq!(fe.message.en, "check digit is wrong; expected 6");
    }

    #[test]
    fn rejects_a_code_with_one_changed_character() {
        // Huawei with position 10 changed from 9 to 8.
        assert!(matches!(
            Uscc::parse("914403001822038216"),
            Err(UsccError::CheckDigit { .. })
        ));
    }

    #[test]
    fn rejects_a_code_with_two_transposed_characters() {
        // Huawei with positions 9 and 10 swapped ("19" -> "91").
        assert!(matches!(
            Uscc::parse("914403009122038216"),
            Err(UsccError::CheckDigit { .. })
        ));
        // Alibaba with positions 11 and 12 swapped ("96" -> "69").
        assert!(Uscc::parse("91330100796955058B").is_err());
    }

    #[test]
    fn rejects_the_letters_i_o_z_s_and_v() {
        for letter in ['I', 'O', 'Z', 'S', 'V', 'i', 'o', 'z', 's', 'v'] {
            let code = format!("91440300192203821{letter}");
            let err = Uscc::parse(&code).unwrap_err();
            assert_eq!(
                err,
                UsccError::Charset {
                    position: 18,
                    character: letter.to_ascii_uppercase(),
                    suggestion: None,
                }
            );
            assert_eq!(err.to_field_error("uscc").code, "uscc.charset");
        }
    }

    #[test]
    fn names_the_position_and_character_of_an_illegal_character() {
        let err = Uscc::parse("9144030019220-8216").unwrap_err();
        assert!(matches!(
            err,
            UsccError::Charset {
                position: 14,
                character: '-',
                ..
            }
        ));
        let fe = err.to_field_error("uscc");
        assert!(fe.message.zh.contains("第 14 位"), "{}", fe.message.zh);
        assert!(fe.message.en.contains("position 14"), "{}", fe.message.en);
    }

    #[test]
    fn suggests_the_code_with_digits_when_the_letter_o_was_typed_for_zero() {
        let err = Uscc::parse("9144O3001922O38216").unwrap_err();
        let fe = err.to_field_error("uscc");
        assert_eq!(fe.suggestion.as_deref(), Some(HUAWEI));
    }

    #[test]
    fn rejects_17_and_19_characters() {
        assert_eq!(Uscc::parse("91440300192203821"), Err(UsccError::Length { found: 17 }));
        assert_eq!(Uscc::parse("9144030019220382160"), Err(UsccError::Length { found: 19 }));
        assert_eq!(Uscc::parse(""), Err(UsccError::Length { found: 0 }));
        let fe = Uscc::parse("123").unwrap_err().to_field_error("uscc");
        assert_eq!(fe.code, "uscc.length");
        assert_eq!(fe.field, "uscc");
    }

    #[test]
    fn counts_characters_not_bytes_for_the_length() {
        let err = Uscc::parse("9144030019220382１６").unwrap_err();
        assert!(matches!(err, UsccError::Charset { position: 17, .. }));
    }

    #[test]
    fn check_digit_refuses_bodies_of_the_wrong_shape() {
        assert_eq!(check_digit("9144030019220382"), None);
        assert_eq!(check_digit("914403001922038216"), None);
        assert_eq!(check_digit("91440300192203821O"), None);
        assert_eq!(check_digit("91440300192203821"), Some('6'));
    }

    #[test]
    fn serialises_as_a_string_and_deserialises_by_parsing() {
        let huawei = Uscc::parse(HUAWEI).unwrap();
        assert_eq!(serde_json::to_string(&huawei).unwrap(), format!("\"{HUAWEI}\""));
        let back: Uscc = serde_json::from_str("\"914403001922038216\"").unwrap();
        assert_eq!(back, huawei);
        assert!(serde_json::from_str::<Uscc>("\"914403001922038217\"").is_err());
    }

    fn alphabet_char() -> impl Strategy<Value = char> {
        (0..ALPHABET.len()).prop_map(|i| ALPHABET.as_bytes()[i] as char)
    }

    fn valid_code() -> impl Strategy<Value = String> {
        proptest::collection::vec(alphabet_char(), 17).prop_map(|body| {
            let body: String = body.into_iter().collect();
            let check = check_digit(&body).expect("body is 17 alphabet characters");
            format!("{body}{check}")
        })
    }

    proptest! {
        #[test]
        fn a_random_body_with_its_check_digit_parses(code in valid_code()) {
            prop_assert_eq!(Uscc::parse(&code).map(|u| u.0), Ok(code.clone()));
        }

        #[test]
        fn changing_any_single_character_makes_a_valid_code_fail(
            code in valid_code(),
            position in 0..LEN,
            replacement in alphabet_char(),
        ) {
            let mut chars: Vec<char> = code.chars().collect();
            prop_assume!(chars[position] != replacement);
            chars[position] = replacement;
            let mutated: String = chars.into_iter().collect();
            prop_assert!(Uscc::parse(&mutated).is_err(), "{} was accepted", mutated);
        }

        #[test]
        fn swapping_two_adjacent_different_body_characters_makes_a_valid_code_fail(
            code in valid_code(),
            position in 0..16usize,
        ) {
            let mut chars: Vec<char> = code.chars().collect();
            prop_assume!(chars[position] != chars[position + 1]);
            chars.swap(position, position + 1);
            let mutated: String = chars.into_iter().collect();
            prop_assert!(Uscc::parse(&mutated).is_err(), "{} was accepted", mutated);
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,24}") {
            let _ = Uscc::parse(&s);
        }
    }
}
