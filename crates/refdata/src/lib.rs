//! Kaifang's embedded reference data: divisions, industries, regions, currencies, zones, holidays,
//! and the lists of the complaint measures.
//!
//! The CSV files under `data/` are compiled into the binary with `include_str!`
//! and parsed once, on first use of [`get`], into indexed tables. Nothing here
//! does IO at run time. `data/SOURCES.md` says where every fact comes from.

mod complaints;
mod countries;
mod currencies;
mod divisions;
mod holidays;
mod industries;
mod policy;
mod table;
mod zones;

use std::fmt;
use std::sync::OnceLock;

pub use complaints::{ComplaintRule, ComplaintRuleKind};
pub use countries::{Region, SourceKind};
pub use currencies::CurrencyInfo;
pub use divisions::{Division, HistoryStatus, NATIONAL_CODE, RetiredDivision};
pub use holidays::{HolidayEntry, HolidayKind, HolidayNotice};
pub use industries::{Industry, IndustryLevel};
pub use policy::{PolicyData, parse_edition};
pub use zones::{Zone, ZoneKind};

/// All reference tables, parsed and indexed. Obtain it with [`get`].
pub struct Refdata {
    divisions: divisions::DivisionTable,
    industries: industries::IndustryTable,
    regions: countries::RegionTable,
    currencies: Vec<currencies::CurrencyInfo>,
    zones: zones::ZoneTable,
    holidays: holidays::HolidayTable,
    complaint_rules: Vec<complaints::ComplaintRule>,
}

impl fmt::Debug for Refdata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refdata")
            .field("divisions", &self.divisions().count())
            .field("industries", &self.industries().count())
            .field("regions", &self.regions().count())
            .field("zones", &self.zones().count())
            .field("holidays", &self.holidays().len())
            .finish()
    }
}

impl Refdata {
    fn parse() -> Refdata {
        Refdata {
            divisions: divisions::DivisionTable::parse(),
            industries: industries::IndustryTable::parse(),
            regions: countries::RegionTable::parse(),
            currencies: currencies::parse(),
            zones: zones::ZoneTable::parse(),
            holidays: holidays::HolidayTable::parse(),
            complaint_rules: complaints::parse(),
        }
    }
}

/// The policy editions and incentive rules, parsed on the first call and shared afterwards
/// (apart from the other tables: only the checker needs them).
pub fn policy() -> &'static PolicyData {
    static DATA: OnceLock<PolicyData> = OnceLock::new();
    DATA.get_or_init(PolicyData::parse)
}

/// The reference data, parsed on the first call and shared afterwards.
pub fn get() -> &'static Refdata {
    static DATA: OnceLock<Refdata> = OnceLock::new();
    DATA.get_or_init(Refdata::parse)
}

#[cfg(test)]
mod tests {
    use super::Refdata;

    #[test]
    fn parsing_everything_from_scratch_is_quick() {
        let start = std::time::Instant::now();
        let data = Refdata::parse();
        let elapsed = start.elapsed();
        println!("parsed {data:?} in {elapsed:?}");
        // Generous bound so unoptimised test builds pass; release is a few ms.
        assert!(elapsed.as_millis() < 2_000, "parse took {elapsed:?}");
    }
}
