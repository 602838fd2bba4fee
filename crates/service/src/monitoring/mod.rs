//! Operations monitoring (运行监测, 2020 notice measure (二)): campaigns over the roster,
//! answers per period from enterprises, one-time links or officers, live coverage with the
//! chase of those not yet answered, aggregates and alerts that open problem cases.
//!
//! `campaign` defines and opens campaigns; `respond` takes answers (one, or a batch from a
//! spreadsheet or the API) and the one-time links; `coverage` shows who answered and chases
//! the rest; `analysis` shapes the aggregates; `ledger` exports and imports spreadsheets.

mod analysis;
mod campaign;
mod coverage;
mod ledger;
mod respond;

pub use analysis::{Analysis, DimFigures, IndicatorFigures, TrendPoint, analysis};
pub use campaign::{
    CampaignInput, CampaignSummary, CampaignView, PeriodView, close, create, get, list, open, refresh_targets,
    update_indicators,
};
pub use coverage::{
    CoverageView, DivisionCoverage, REMIND_DAYS_BEFORE_END, ScanReport, Unanswered, coverage, escalate, remind,
    report_complete, scan, unanswered,
};
pub use ledger::{ImportReport, ImportRow, import_responses, ledger_xlsx, template_xlsx};
pub use respond::{
    AnswerInput, BatchReport, LinkForm, LinkView, ResponseView, answer, answer_batch, answer_by_link, create_links,
    link_form, place, raw_text, responses_of, stat_keys,
};

use kaifang_domain::accounts::Role;
use kaifang_domain::monitoring::{AlertRule, Indicator, PeriodKind};
use kaifang_store::monitoring::{CampaignAccess, CampaignRow};
use kaifang_store::{Store, WriteTx};

use crate::{Principal, ServiceError, ServiceResult};

/// Who reads campaigns as `p`: its scope and the chain of divisions up to national.
pub(crate) fn access(p: &Principal) -> CampaignAccess {
    CampaignAccess {
        scope: p.scope.clone(),
        chain: match p.role {
            Role::Enterprise => vec![],
            _ => crate::placement::chain_to_national(&p.division),
        },
    }
}

/// Who may define campaigns and enter answers for enterprises: officers and administrators.
pub(crate) fn require_officer(p: &Principal) -> ServiceResult<()> {
    p.require(matches!(p.role, Role::Officer | Role::Admin))
}

/// A campaign with its current indicators and rules, parsed.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    pub row: CampaignRow,
    pub kind: PeriodKind,
    pub indicators: Vec<Indicator>,
    pub rules: Vec<AlertRule>,
}

/// Reads a campaign `p` may see, with its current version of indicators.
pub(crate) async fn load(store: &Store, p: &Principal, number: &str) -> ServiceResult<Loaded> {
    let row = kaifang_store::monitoring::get(store, &access(p), number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    loaded(store, row).await
}

pub(crate) async fn loaded(store: &Store, row: CampaignRow) -> ServiceResult<Loaded> {
    let versions = kaifang_store::monitoring::versions(store, row.id).await?;
    let v = versions
        .iter()
        .find(|v| v.version == row.indicator_version)
        .ok_or(ServiceError::NotFound)?;
    Ok(Loaded {
        kind: PeriodKind::parse(&row.period_kind).unwrap_or(PeriodKind::Once),
        indicators: serde_json::from_str(&v.indicators).unwrap_or_default(),
        rules: serde_json::from_str(&v.rules).unwrap_or_default(),
        row,
    })
}

/// The indicators of every version of a campaign, by version.
pub(crate) async fn all_versions(
    store: &Store,
    campaign_id: i64,
) -> ServiceResult<std::collections::BTreeMap<i64, Vec<Indicator>>> {
    Ok(parse_versions(
        kaifang_store::monitoring::versions(store, campaign_id).await?,
    ))
}

/// [`all_versions`] inside a write transaction (see [`kaifang_store::monitoring::versions_in`]).
pub(crate) async fn all_versions_in(
    tx: &mut WriteTx,
    campaign_id: i64,
) -> ServiceResult<std::collections::BTreeMap<i64, Vec<Indicator>>> {
    Ok(parse_versions(
        kaifang_store::monitoring::versions_in(tx, campaign_id).await?,
    ))
}

fn parse_versions(rows: Vec<kaifang_store::monitoring::VersionRow>) -> std::collections::BTreeMap<i64, Vec<Indicator>> {
    rows.into_iter()
        .map(|v| (v.version, serde_json::from_str(&v.indicators).unwrap_or_default()))
        .collect()
}

pub(crate) fn err(
    field: &str,
    code: &str,
    zh: impl Into<String>,
    en: impl Into<String>,
) -> kaifang_domain::field_error::FieldError {
    kaifang_domain::field_error::FieldError::new(field, code, kaifang_domain::field_error::Message::new(zh, en))
}
