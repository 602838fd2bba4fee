//! Amounts of money as whole minor units of a currency; parsed from decimal text, never via floats.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

pub use crate::currency::{Currency, CurrencyError};
use crate::field_error::{FieldError, Message, ToFieldError};

/// An amount in minor units (e.g. cents) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("not an amount: {input:?}")]
    Format { input: String },
    #[error("{currency} allows at most {max_decimals} decimals, got {found}")]
    Precision {
        currency: Currency,
        max_decimals: u8,
        found: usize,
    },
    #[error("amount is out of range")]
    Range,
    #[error("amount must not be negative")]
    Negative,
}

/// Checks that `int` is digits, optionally grouped by commas in threes.
fn is_integer_part(int: &str) -> bool {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !int.contains(',') {
        return all_digits(int);
    }
    let mut groups = int.split(',');
    let first_ok = groups.next().is_some_and(|g| all_digits(g) && g.len() <= 3);
    first_ok && groups.all(|g| all_digits(g) && g.len() == 3)
}

impl Money {
    /// Parses `"1234"`, `"1234.5"`, `"1,234.56"` or `"-3.00"` as an amount of `currency`.
    ///
    /// Commas must group the integer part in threes (so `"1,5"` is refused
    /// rather than read as fifteen); at most `currency.minor_units()` decimals.
    pub fn parse(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
        let s = amount.trim();
        let format_error = || MoneyError::Format { input: s.to_owned() };
        let (negative, unsigned) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match unsigned.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (unsigned, ""),
        };
        let has_point = unsigned.contains('.');
        if !is_integer_part(int) || (has_point && frac.is_empty()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }
        let units = currency.minor_units();
        if frac.len() > usize::from(units) {
            return Err(MoneyError::Precision {
                currency,
                max_decimals: units,
                found: frac.len(),
            });
        }
        let padding = usize::from(units) - frac.len();
        let digits = int
            .bytes()
            .filter(u8::is_ascii_digit)
            .chain(frac.bytes())
            .chain(std::iter::repeat_n(b'0', padding));
        let mut magnitude: i128 = 0;
        for d in digits {
            magnitude = magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(d - b'0')))
                .ok_or(MoneyError::Range)?;
        }
        let signed = if negative { -magnitude } else { magnitude };
        let minor = i64::try_from(signed).map_err(|_| MoneyError::Range)?;
        Ok(Money { minor, currency })
    }

    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// The amount in minor units, e.g. cents for USD.
    pub fn minor(&self) -> i64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// The amount itself, or [`MoneyError::Negative`] when below zero.
    pub fn non_negative(self) -> Result<Money, MoneyError> {
        if self.is_negative() {
            Err(MoneyError::Negative)
        } else {
            Ok(self)
        }
    }

    /// Plain decimal text without grouping or currency, e.g. `"1234.56"`, `"-3.00"`.
    pub fn to_decimal_string(&self) -> String {
        self.format(false)
    }

    fn format(&self, grouped: bool) -> String {
        let units = u32::from(self.currency.minor_units());
        let divisor = 10u64.pow(units);
        let magnitude = self.minor.unsigned_abs();
        let int = (magnitude / divisor).to_string();
        let mut out = String::with_capacity(int.len() * 4 / 3 + 8);
        if self.minor < 0 {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if grouped && i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if units > 0 {
            let frac = magnitude % divisor;
            out.push('.');
            out.push_str(&format!("{frac:0width$}", width = units as usize));
        }
        out
    }
}

impl ToFieldError for MoneyError {
    fn to_field_error(&self, field: &str) -> FieldError {
        let (code, message) = match self {
            MoneyError::Format { .. } => (
                "money.format",
                Message::new(
                    "金额格式不正确，应为数字，如 1234.56 或 1,234.56",
                    "not an amount; use digits such as 1234.56 or 1,234.56",
                ),
            ),
            MoneyError::Precision {
                currency, max_decimals, ..
            } => (
                "money.precision",
                Message::new(
                    format!("{currency} 金额最多保留 {max_decimals} 位小数"),
                    format!("{currency} amounts have at most {max_decimals} decimal places"),
                ),
            ),
            MoneyError::Range => (
                "money.range",
                Message::new("金额超出允许范围", "the amount is too large"),
            ),
            MoneyError::Negative => (
                "money.negative",
                Message::new("金额不能为负数", "the amount must not be negative"),
            ),
        };
        FieldError::new(field, code, message)
    }
}

impl fmt::Display for Money {
    /// Grouped amount and currency, e.g. `1,234.56 USD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.format(true), self.currency)
    }
}

#[derive(Serialize)]
struct MoneyOut<'a> {
    amount: &'a str,
    currency: Currency,
}

#[derive(Deserialize)]
struct MoneyIn {
    amount: String,
    currency: Currency,
}

impl Serialize for Money {
    /// As `{"amount":"1234.56","currency":"USD"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MoneyOut {
            amount: &self.to_decimal_string(),
            currency: self.currency,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = MoneyIn::deserialize(deserializer)?;
        Money::parse(&wire.amount, wire.currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s, Currency::USD)
    }

    fn code_of(e: MoneyError) -> String {
        e.to_field_error("amount").code
    }

    #[test]
    fn parses_plain_grouped_and_negative_amounts() {
        assert_eq!(usd("1234").unwrap().minor(), 123_400);
        assert_eq!(usd("1234.5").unwrap().minor(), 123_450);
        assert_eq!(usd("1,234.56").unwrap().minor(), 123_456);
        assert_eq!(usd("-3.00").unwrap().minor(), -300);
        assert_eq!(usd(" 0.01 ").unwrap().minor(), 1);
        assert_eq!(usd("1,234,567").unwrap().minor(), 123_456_700);
        assert_eq!(usd("-0").unwrap().minor(), 0);
    }

    #[test]
    fn uses_the_minor_units_of_the_currency() {
        assert_eq!(Money::parse("1234", Currency::JPY).unwrap().minor(), 1234);
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(Money::parse("1.5", kwd).unwrap().minor(), 1500);
    }

    #[test]
    fn rejects_more_decimals_than_the_currency_allows() {
        assert_eq!(
            usd("1.234"),
            Err(MoneyError::Precision {
                currency: Currency::USD,
                max_decimals: 2,
                found: 3
            })
        );
        let err = Money::parse("100.5", Currency::JPY).unwrap_err();
        let fe = err.to_field_error("capital");
        assert_eq!(fe.code, "money.precision");
        assert_eq!(fe.message.zh, "JPY 金额最多保留 0 位小数");
    }

    #[test]
    fn rejects_amounts_beyond_the_range_of_minor_units() {
        assert_eq!(usd("92233720368547758.07").unwrap().minor(), i64::MAX);
        assert_eq!(usd("-92233720368547758.08").unwrap().minor(), i64::MIN);
        assert_eq!(code_of(usd("92233720368547758.08").unwrap_err()), "money.range");
        assert_eq!(
            code_of(usd("999999999999999999999999999999999999999999999").unwrap_err()),
            "money.range"
        );
    }

    #[test]
    fn rejects_garbage_with_a_format_error() {
        for bad in [
            "",
            "-",
            "abc",
            "1.2.3",
            "1,5",
            "12,34.5",
            "1,2345",
            ",123",
            "123,",
            "1.",
            ".5",
            "+5",
            "1 234",
            "1e5",
            "--3",
            "¥100",
            "１００",
            "1,234.5,6",
            "0x10",
            "NaN",
        ] {
            assert_eq!(code_of(usd(bad).unwrap_err()), "money.format", "{bad:?}");
        }
    }

    #[test]
    fn non_negative_refuses_a_negative_amount() {
        assert_eq!(usd("-3.00").unwrap().non_negative(), Err(MoneyError::Negative));
        assert_eq!(code_of(MoneyError::Negative), "money.negative");
        assert!(usd("0").unwrap().non_negative().is_ok());
    }

    #[test]
    fn displays_grouped_with_the_currency() {
        assert_eq!(usd("1234.56").unwrap().to_string(), "1,234.56 USD");
        assert_eq!(usd("-1234567.8").unwrap().to_string(), "-1,234,567.80 USD");
        assert_eq!(usd("0.05").unwrap().to_string(), "0.05 USD");
        assert_eq!(usd("999").unwrap().to_string(), "999.00 USD");
        let yen = Money::from_minor(1_234_567, Currency::JPY);
        assert_eq!(yen.to_string(), "1,234,567 JPY");
        assert_eq!(
            Money::from_minor(i64::MIN, Currency::USD).to_string(),
            "-92,233,720,368,547,758.08 USD"
        );
    }

    #[test]
    fn to_decimal_string_has_no_grouping_or_currency() {
        assert_eq!(usd("1,234.56").unwrap().to_decimal_string(), "1234.56");
        assert_eq!(usd("-3").unwrap().to_decimal_string(), "-3.00");
        assert_eq!(Money::from_minor(5, Currency::JPY).to_decimal_string(), "5");
        assert_eq!(Money::zero(Currency::CNY).to_decimal_string(), "0.00");
    }

    #[test]
    fn serialises_as_amount_and_currency_strings() {
        let m = usd("1,234.56").unwrap();
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"amount":"1234.56","currency":"USD"}"#
        );
        let back: Money = serde_json::from_str(r#"{"amount":"1234.56","currency":"usd"}"#).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1.234","currency":"USD"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"US"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":1.5,"currency":"USD"}"#).is_err());
    }

    fn currency() -> impl Strategy<Value = Currency> {
        prop_oneof![
            Just(Currency::USD),
            Just(Currency::JPY),
            Just(Currency::parse("KWD").unwrap()),
            Just(Currency::parse("CLF").unwrap()),
        ]
    }

    proptest! {
        #[test]
        fn decimal_string_round_trips_for_every_amount(minor in any::<i64>(), c in currency()) {
            let m = Money::from_minor(minor, c);
            prop_assert_eq!(Money::parse(&m.to_decimal_string(), c), Ok(m));
        }

        #[test]
        fn grouped_display_round_trips_for_every_amount(minor in any::<i64>(), c in currency()) {
            let m = Money::from_minor(minor, c);
            let shown = m.to_string();
            let amount = shown.strip_suffix(&format!(" {c}")).unwrap();
            prop_assert_eq!(Money::parse(amount, c), Ok(m));
        }

        #[test]
        fn parsing_matches_integer_arithmetic(int in 0u32..=u32::MAX, cents in 0u32..100) {
            let m = usd(&format!("{int}.{cents:02}")).unwrap();
            prop_assert_eq!(m.minor(), i64::from(int) * 100 + i64::from(cents));
            let m = usd(&format!("-{int}.{cents:02}")).unwrap();
            prop_assert_eq!(m.minor(), -(i64::from(int) * 100 + i64::from(cents)));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,30}") {
            let _ = usd(&s);
        }
    }
}
