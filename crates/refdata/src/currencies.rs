//! The currencies amounts may be entered in (ISO 4217 codes, Chinese names).
//!
//! A subset of ISO 4217 list one: the currencies of the main source countries of
//! foreign investment (see `data/SOURCES.md`); an amount in any other currency is
//! refused with the field named, so a mistyped code never reaches the ledger.

use kaifang_domain::currency::Currency;
use serde::Serialize;

use crate::Refdata;
use crate::table::for_each_row;

const CURRENCIES_CSV: &str = include_str!("../../../data/currencies.csv");

/// A currency with its names.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyInfo {
    pub code: String,
    pub minor_units: u8,
    pub name_zh: String,
    pub name_en: String,
}

pub(crate) fn parse() -> Vec<CurrencyInfo> {
    let mut out: Vec<CurrencyInfo> = Vec::with_capacity(64);
    for_each_row(
        "currencies.csv",
        CURRENCIES_CSV,
        &["code", "minor_units", "name_zh", "name_en"],
        |row| {
            let Ok(c) = Currency::parse(row.str(0)) else {
                row.fail("bad code")
            };
            let Ok(units) = row.str(1).parse::<u8>() else {
                row.fail("bad minor_units")
            };
            // The domain type knows each currency's minor units; the file must agree.
            if c.minor_units() != units {
                row.fail("minor_units disagree with the Currency type");
            }
            if out.last().is_some_and(|p| p.code.as_str() >= c.as_str()) {
                row.fail("codes out of order or repeated");
            }
            out.push(CurrencyInfo {
                code: c.as_str().to_string(),
                minor_units: units,
                name_zh: row.string(2),
                name_en: row.string(3),
            });
        },
    );
    out
}

impl Refdata {
    /// The listed currency with this code, case-insensitive.
    pub fn currency(&self, code: &str) -> Option<&CurrencyInfo> {
        let c = Currency::parse(code).ok()?;
        self.currencies
            .binary_search_by(|x| x.code.as_str().cmp(c.as_str()))
            .ok()
            .map(|i| &self.currencies[i])
    }

    /// Every listed currency in code order.
    pub fn currencies(&self) -> impl Iterator<Item = &CurrencyInfo> {
        self.currencies.iter()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_main_currencies_are_listed_and_unknown_codes_are_not() {
        let rd = crate::get();
        assert_eq!(rd.currency("cny").map(|c| c.name_zh.as_str()), Some("人民币"));
        assert_eq!(rd.currency("JPY").map(|c| c.minor_units), Some(0));
        assert!(rd.currency("XYZ").is_none());
        assert!(rd.currencies().count() >= 60);
    }
}
