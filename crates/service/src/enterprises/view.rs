//! How an enterprise is shown to pages and API clients: codes with their names.

use super::input::{EnterpriseInput, InvestorInput};
use kaifang_domain::money::{Currency, Money};
use kaifang_store::enterprises::EnterpriseWithInvestors;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct InvestorView {
    pub name: String,
    pub region: String,
    pub region_name_zh: String,
    pub region_name_en: String,
    /// Share in percent, e.g. "51.5".
    pub share: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct EnterpriseView {
    pub uscc: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub division: String,
    /// Full division name, province first.
    pub division_name: String,
    pub address: Option<String>,
    pub industry: String,
    pub industry_name: String,
    pub zone: Option<String>,
    pub zone_name: Option<String>,
    pub established_on: Option<String>,
    /// Registered capital as a decimal amount.
    pub capital_amount: Option<String>,
    pub capital_currency: Option<String>,
    pub controller_region: Option<String>,
    /// Region of the largest foreign investor.
    pub main_region: Option<String>,
    pub main_region_name: Option<String>,
    /// operating | deregistered
    pub status: String,
    pub deregistered_on: Option<String>,
    pub liaison_name: Option<String>,
    pub liaison_phone: Option<String>,
    pub is_key: bool,
    pub supplier_of: Option<String>,
    pub investors: Vec<InvestorView>,
    /// Changes with every edit; send it back to refuse overwriting someone else's change.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

pub fn view(e: &EnterpriseWithInvestors) -> EnterpriseView {
    let rd = kaifang_refdata::get();
    let r = &e.row;
    let region_name = |c: &str| rd.region(c).map(|r| (r.name_zh.clone(), r.name_en.clone()));
    let capital_amount = match (
        r.capital_minor,
        r.capital_currency.as_deref().and_then(|c| Currency::parse(c).ok()),
    ) {
        (Some(m), Some(c)) => Some(Money::from_minor(m, c).to_decimal_string()),
        _ => None,
    };
    EnterpriseView {
        uscc: r.uscc.clone(),
        name_zh: r.name_zh.clone(),
        name_en: r.name_en.clone(),
        division: r.division.clone(),
        division_name: crate::placement::full_name(&r.division),
        address: r.address.clone(),
        industry: r.industry.clone(),
        industry_name: rd.industry(&r.industry).map(|i| i.name_zh.clone()).unwrap_or_default(),
        zone: r.zone.clone(),
        zone_name: r.zone.as_deref().and_then(|z| rd.zone(z)).map(|z| z.name_zh.clone()),
        established_on: r.established_on.clone(),
        capital_amount,
        capital_currency: r.capital_currency.clone(),
        controller_region: r.controller_region.clone(),
        main_region: r.main_region.clone(),
        main_region_name: r.main_region.as_deref().and_then(region_name).map(|n| n.0),
        status: r.status.clone(),
        deregistered_on: r.deregistered_on.clone(),
        liaison_name: r.liaison_name.clone(),
        liaison_phone: r.liaison_phone.clone(),
        is_key: r.is_key == 1,
        supplier_of: r.supplier_of.clone(),
        investors: e
            .investors
            .iter()
            .map(|i| {
                let (zh, en) = region_name(&i.region).unwrap_or_default();
                InvestorView {
                    name: i.name.clone(),
                    region: i.region.clone(),
                    region_name_zh: zh,
                    region_name_en: en,
                    share: i
                        .share_bp
                        .and_then(|b| kaifang_domain::percent::Percent::from_basis_points(b as u32))
                        .map(|p| p.to_decimal_string()),
                }
            })
            .collect(),
        version: r.version,
        created_at: r.created_at.clone(),
        updated_at: r.updated_at.clone(),
    }
}

impl EnterpriseView {
    /// The view as input, for edits that change only some fields.
    pub fn to_input(&self) -> EnterpriseInput {
        EnterpriseInput {
            uscc: Some(self.uscc.clone()),
            name_zh: Some(self.name_zh.clone()),
            name_en: self.name_en.clone(),
            division: Some(self.division.clone()),
            address: self.address.clone(),
            industry: Some(self.industry.clone()),
            zone: self.zone.clone(),
            established_on: self.established_on.clone(),
            capital_amount: self.capital_amount.clone(),
            capital_currency: self.capital_currency.clone(),
            controller_region: self.controller_region.clone(),
            liaison_name: self.liaison_name.clone(),
            liaison_phone: self.liaison_phone.clone(),
            is_key: Some(self.is_key.to_string()),
            supplier_of: self.supplier_of.clone(),
            investors: Some(
                self.investors
                    .iter()
                    .map(|i| InvestorInput {
                        name: Some(i.name.clone()),
                        region: Some(i.region.clone()),
                        share: i.share.clone(),
                    })
                    .collect(),
            ),
        }
    }
}
