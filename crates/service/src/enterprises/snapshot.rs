//! The state of an enterprise as recorded in the audit log: its stored values
//! under the same keys as the API view, without derived names, serialised
//! straight to JSON text (imports write hundreds of thousands of them).

use kaifang_domain::money::{Currency, Money};
use kaifang_domain::percent::Percent;
use kaifang_store::enterprises::{EnterpriseRow, InvestorRow};
use serde::Serialize;

#[derive(Serialize)]
struct Investor<'a> {
    name: &'a str,
    region: &'a str,
    share: Option<String>,
}

#[derive(Serialize)]
struct Snapshot<'a> {
    uscc: &'a str,
    name_zh: &'a str,
    name_en: Option<&'a str>,
    division: &'a str,
    address: Option<&'a str>,
    industry: &'a str,
    zone: Option<&'a str>,
    established_on: Option<&'a str>,
    capital_amount: Option<String>,
    capital_currency: Option<&'a str>,
    controller_region: Option<&'a str>,
    status: &'a str,
    deregistered_on: Option<&'a str>,
    liaison_name: Option<&'a str>,
    liaison_phone: Option<&'a str>,
    is_key: bool,
    supplier_of: Option<&'a str>,
    investors: Vec<Investor<'a>>,
    version: i64,
}

/// JSON text of a stored (or about to be stored) row with its investors.
pub fn snapshot_json(r: &EnterpriseRow, investors: &[InvestorRow]) -> String {
    let capital_amount = match (
        r.capital_minor,
        r.capital_currency.as_deref().and_then(|c| Currency::parse(c).ok()),
    ) {
        (Some(m), Some(c)) => Some(Money::from_minor(m, c).to_decimal_string()),
        _ => None,
    };
    let s = Snapshot {
        uscc: &r.uscc,
        name_zh: &r.name_zh,
        name_en: r.name_en.as_deref(),
        division: &r.division,
        address: r.address.as_deref(),
        industry: &r.industry,
        zone: r.zone.as_deref(),
        established_on: r.established_on.as_deref(),
        capital_amount,
        capital_currency: r.capital_currency.as_deref(),
        controller_region: r.controller_region.as_deref(),
        status: &r.status,
        deregistered_on: r.deregistered_on.as_deref(),
        liaison_name: r.liaison_name.as_deref(),
        liaison_phone: r.liaison_phone.as_deref(),
        is_key: r.is_key == 1,
        supplier_of: r.supplier_of.as_deref(),
        investors: investors
            .iter()
            .map(|i| Investor {
                name: &i.name,
                region: &i.region,
                share: i
                    .share_bp
                    .and_then(|b| u32::try_from(b).ok())
                    .and_then(Percent::from_basis_points)
                    .map(Percent::to_decimal_string),
            })
            .collect(),
        version: r.version,
    };
    serde_json::to_string(&s).unwrap_or_default()
}

/// The same snapshot as a JSON value (single-record paths).
pub fn snapshot_value(r: &EnterpriseRow, investors: &[InvestorRow]) -> serde_json::Value {
    serde_json::from_str(&snapshot_json(r, investors)).unwrap_or_default()
}
