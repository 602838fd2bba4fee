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

/// The snapshot's fields, written once: the struct, its keys in order, and its values as a
/// JSON array in that order (imports store many snapshots under keys written once).
macro_rules! snapshot {
    ($($field:ident: $ty:ty,)*) => {
        #[derive(Serialize)]
        struct Snapshot<'a> {
            $($field: $ty,)*
        }

        /// The keys of a snapshot, in the order [`snapshot_row`] gives its values.
        pub const SNAPSHOT_FIELDS: &[&str] = &[$(stringify!($field)),*];

        /// A snapshot serialised as the JSON array of its values.
        struct AsRow<'s, 'a>(&'s Snapshot<'a>);

        impl Serialize for AsRow<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeTuple;
                let mut t = s.serialize_tuple(SNAPSHOT_FIELDS.len())?;
                $(t.serialize_element(&self.0.$field)?;)*
                t.end()
            }
        }
    };
}

snapshot! {
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
    serde_json::to_string(&snapshot(r, investors)).unwrap_or_default()
}

/// The same snapshot as the JSON array of its values under [`SNAPSHOT_FIELDS`].
pub fn snapshot_row(r: &EnterpriseRow, investors: &[InvestorRow]) -> String {
    serde_json::to_string(&AsRow(&snapshot(r, investors))).unwrap_or_default()
}

fn snapshot<'a>(r: &'a EnterpriseRow, investors: &'a [InvestorRow]) -> Snapshot<'a> {
    let capital_amount = match (
        r.capital_minor,
        r.capital_currency.as_deref().and_then(|c| Currency::parse(c).ok()),
    ) {
        (Some(m), Some(c)) => Some(Money::from_minor(m, c).to_decimal_string()),
        _ => None,
    };
    Snapshot {
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
    }
}

/// The same snapshot as a JSON value (single-record paths).
pub fn snapshot_value(r: &EnterpriseRow, investors: &[InvestorRow]) -> serde_json::Value {
    serde_json::from_str(&snapshot_json(r, investors)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_under_the_fields_is_the_same_snapshot_as_the_object() {
        let row = EnterpriseRow {
            id: 7,
            uscc: "91320102MA1X2Y3Z4W".into(),
            name_zh: "南京\"引号\"有限公司".into(),
            name_en: None,
            division: "320102".into(),
            scope_province: Some("320000".into()),
            scope_prefecture: Some("320100".into()),
            scope_county: Some("320102".into()),
            address: Some("玄武区".into()),
            industry: "3841".into(),
            zone: None,
            established_on: Some("2001-02-03".into()),
            capital_minor: Some(123_456),
            capital_currency: Some("USD".into()),
            controller_region: Some("HK".into()),
            main_region: Some("HK".into()),
            status: "operating".into(),
            deregistered_on: None,
            liaison_name: None,
            liaison_phone: None,
            is_key: 1,
            supplier_of: None,
            version: 3,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let investors = [InvestorRow {
            name: "香港某某".into(),
            region: "HK".into(),
            share_bp: Some(5_050),
        }];
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&snapshot_json(&row, &investors)).unwrap();
        let values: Vec<serde_json::Value> = serde_json::from_str(&snapshot_row(&row, &investors)).unwrap();
        assert_eq!(
            (object.len(), values.len()),
            (SNAPSHOT_FIELDS.len(), SNAPSHOT_FIELDS.len())
        );
        for (field, value) in SNAPSHOT_FIELDS.iter().zip(&values) {
            assert_eq!(&object[*field], value, "{field}");
        }
        assert_eq!(
            values[SNAPSHOT_FIELDS.iter().position(|f| *f == "capital_amount").unwrap()],
            "1234.56"
        );
    }
}
