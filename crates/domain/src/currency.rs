//! Currency code (ISO 4217) as a validated value, with its number of minor units.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::field_error::{FieldError, Message, ToFieldError};

/// An ISO 4217 alphabetic currency code such as `CNY`, stored as three uppercase ASCII letters.
///
/// Only the shape is checked here; whether the code is assigned is checked
/// elsewhere against reference data.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

/// Why a text is not a currency code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a currency code is three letters, got {input:?}")]
pub struct CurrencyError {
    /// The trimmed input.
    pub input: String,
}

/// ISO 4217 currencies without minor units.
const ZERO_DECIMALS: [&[u8; 3]; 17] = [
    b"BIF", b"CLP", b"DJF", b"GNF", b"ISK", b"JPY", b"KMF", b"KRW", b"PYG", b"RWF", b"UGX", b"UYI", b"VND", b"VUV",
    b"XAF", b"XOF", b"XPF",
];

/// ISO 4217 currencies with three decimals.
const THREE_DECIMALS: [&[u8; 3]; 7] = [b"BHD", b"IQD", b"JOD", b"KWD", b"LYD", b"OMR", b"TND"];

/// ISO 4217 currencies (units of account) with four decimals.
const FOUR_DECIMALS: [&[u8; 3]; 2] = [b"CLF", b"UYW"];

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const HKD: Currency = Currency(*b"HKD");
    pub const JPY: Currency = Currency(*b"JPY");

    /// Parses three ASCII letters in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Currency, CurrencyError> {
        let s = input.trim();
        match s.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_alphabetic) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(CurrencyError { input: s.to_owned() }),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("a currency code is ASCII")
    }

    /// Number of decimals of the currency's minor unit (ISO 4217): 2 unless listed otherwise.
    pub fn minor_units(self) -> u8 {
        let code = &self.0;
        if ZERO_DECIMALS.contains(&code) {
            0
        } else if THREE_DECIMALS.contains(&code) {
            3
        } else if FOUR_DECIMALS.contains(&code) {
            4
        } else {
            2
        }
    }
}

impl ToFieldError for CurrencyError {
    fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::new(
            field,
            "currency.format",
            Message::new(
                "币种代码应为 3 位字母（ISO 4217），如 CNY、USD",
                "a currency code is three letters (ISO 4217), e.g. CNY, USD",
            ),
        )
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Currency").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Currency::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_three_letters_in_either_case() {
        assert_eq!(Currency::parse("USD"), Ok(Currency::USD));
        assert_eq!(Currency::parse(" cny "), Ok(Currency::CNY));
        assert_eq!(Currency::parse("hKd").unwrap().as_str(), "HKD");
    }

    #[test]
    fn rejects_anything_but_three_ascii_letters() {
        for bad in ["", "US", "USDT", "U5D", "US D", "ＵＳＤ", "人民币"] {
            let err = Currency::parse(bad).unwrap_err();
            assert_eq!(err.to_field_error("currency").code, "currency.format", "{bad:?}");
        }
    }

    #[test]
    fn knows_the_iso_minor_units() {
        let units = |c: &str| Currency::parse(c).unwrap().minor_units();
        for c in ["JPY", "KRW", "VND", "CLP", "ISK"] {
            assert_eq!(units(c), 0, "{c}");
        }
        for c in ["KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD"] {
            assert_eq!(units(c), 3, "{c}");
        }
        for c in ["CNY", "USD", "EUR", "HKD", "IDR", "GBP"] {
            assert_eq!(units(c), 2, "{c}");
        }
        assert_eq!(units("CLF"), 4);
    }

    #[test]
    fn debug_and_display_show_the_code() {
        assert_eq!(format!("{:?}", Currency::EUR), "Currency(\"EUR\")");
        assert_eq!(Currency::EUR.to_string(), "EUR");
    }

    #[test]
    fn serialises_as_a_string_and_deserialises_by_parsing() {
        assert_eq!(serde_json::to_string(&Currency::JPY).unwrap(), "\"JPY\"");
        let back: Currency = serde_json::from_str("\"jpy\"").unwrap();
        assert_eq!(back, Currency::JPY);
        assert!(serde_json::from_str::<Currency>("\"YEN!\"").is_err());
    }

    proptest! {
        #[test]
        fn any_three_letters_round_trip_through_display(s in "[a-zA-Z]{3}") {
            let c = Currency::parse(&s).unwrap();
            prop_assert_eq!(c.as_str(), s.to_ascii_uppercase());
            prop_assert_eq!(Currency::parse(&c.to_string()), Ok(c));
        }
    }
}
