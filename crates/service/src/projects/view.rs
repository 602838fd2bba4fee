//! What pages and the API show of a project: amounts as decimal text with their
//! currency, rate and US-dollar value, the stages allowed next, the staleness
//! flag, the per-mu figures, and everything the project owns.

use kaifang_domain::money::{Currency, Money};
use kaifang_domain::projects::{self as rules, Rate, Stage};
use kaifang_store::Store;
use kaifang_store::project_parts as store_parts;
use kaifang_store::projects::{ProjectRow, ProjectSummaryRow};
use serde::Serialize;
use time::Date;

use super::ProjectInvestor;
use crate::{Principal, ServiceResult};

/// An amount with its conversion.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AmountView {
    /// Decimal text, e.g. "71234000.00".
    pub amount: String,
    pub currency: String,
    /// Units of the currency per US dollar.
    pub rate: String,
    pub rate_on: String,
    /// The amount in US dollars, decimal text.
    pub usd: String,
}

fn amount(
    minor: Option<i64>,
    currency: &Option<String>,
    rate: Option<i64>,
    rate_on: &Option<String>,
    usd: Option<i64>,
) -> Option<AmountView> {
    let cur = Currency::parse(currency.as_deref()?).ok()?;
    Some(AmountView {
        amount: Money::from_minor(minor?, cur).to_decimal_string(),
        currency: cur.as_str().to_string(),
        rate: Rate::from_micros(rate?)?.to_decimal_string(),
        rate_on: rate_on.clone().unwrap_or_default(),
        usd: usd_text(usd?),
    })
}

/// US cents as decimal dollars.
pub fn usd_text(cents: i64) -> String {
    Money::from_minor(cents, Currency::USD).to_decimal_string()
}

fn yuan_text(fen: i64) -> String {
    Money::from_minor(fen, Currency::CNY).to_decimal_string()
}

/// A project's record as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectView {
    pub number: String,
    pub name: String,
    pub description: String,
    pub division: String,
    pub division_name: String,
    pub zone: Option<String>,
    pub industry: String,
    pub industry_name: String,
    pub project_type: String,
    pub investors: Vec<ProjectInvestor>,
    pub source_region: String,
    /// The FIE's credit code, and its name when it is in the roster.
    pub enterprise: Option<String>,
    pub enterprise_name: Option<String>,
    pub total_investment: Option<AmountView>,
    pub contracted_fdi: Option<AmountView>,
    /// Sum of the tranches not voided, US dollars.
    pub utilised_fdi_usd: String,
    pub land_mu: Option<String>,
    /// Yuan per year.
    pub expected_output: Option<String>,
    pub expected_tax: Option<String>,
    /// Yuan per mu per year.
    pub output_per_mu: Option<String>,
    pub tax_per_mu: Option<String>,
    pub jobs: Option<i64>,
    pub lead_source: String,
    pub key_level: String,
    pub key_listed_by: Option<String>,
    pub publishable: bool,
    pub stage: String,
    pub paused_from: Option<String>,
    pub stage_on: String,
    pub lead_on: String,
    pub talks_on: Option<String>,
    pub signed_on: Option<String>,
    pub signing_mode: Option<String>,
    pub construction_on: Option<String>,
    pub production_on: Option<String>,
    pub capacity_on: Option<String>,
    pub dropped_on: Option<String>,
    pub last_update_on: String,
    /// The day after which the project is overdue for an update.
    pub update_due: Option<String>,
    pub stale: bool,
    /// The stages it may move to next.
    pub allowed: Vec<String>,
    pub version: i64,
    pub created_by: String,
}

pub(crate) fn project_view(r: &ProjectRow, today: Date) -> ProjectView {
    let rd = kaifang_refdata::get();
    let stage = Stage::parse(&r.stage).unwrap_or(Stage::Lead);
    let paused_from = r.paused_from.as_deref().and_then(Stage::parse);
    let per_mu = |m: Option<i64>| match (m, r.land_centi_mu) {
        (Some(m), Some(l)) => rules::per_mu(m, l).map(yuan_text),
        _ => None,
    };
    ProjectView {
        number: r.number.clone(),
        name: r.name.clone(),
        description: r.description.clone(),
        division: r.division.clone(),
        division_name: crate::placement::full_name(&r.division),
        zone: r.zone.clone(),
        industry: r.industry.clone(),
        industry_name: rd.industry(&r.industry).map(|i| i.name_zh.clone()).unwrap_or_default(),
        project_type: r.project_type.clone(),
        investors: serde_json::from_str(&r.investors_json).unwrap_or_default(),
        source_region: r.source_region.clone(),
        enterprise: r.enterprise_uscc.clone(),
        enterprise_name: None,
        total_investment: amount(
            r.total_minor,
            &r.total_currency,
            r.total_rate,
            &r.total_rate_on,
            r.total_usd,
        ),
        contracted_fdi: amount(
            r.contracted_minor,
            &r.contracted_currency,
            r.contracted_rate,
            &r.contracted_rate_on,
            r.contracted_usd,
        ),
        utilised_fdi_usd: usd_text(r.utilised_usd),
        land_mu: r
            .land_centi_mu
            .map(|v| Money::from_minor(v, Currency::USD).to_decimal_string()),
        expected_output: r.output_minor.map(yuan_text),
        expected_tax: r.tax_minor.map(yuan_text),
        output_per_mu: per_mu(r.output_minor),
        tax_per_mu: per_mu(r.tax_minor),
        jobs: r.jobs,
        lead_source: r.lead_source.clone(),
        key_level: r.key_level.clone(),
        key_listed_by: r.key_listed_by.clone(),
        publishable: r.publishable == 1,
        stage: r.stage.clone(),
        paused_from: r.paused_from.clone(),
        stage_on: r.stage_on.clone(),
        lead_on: r.lead_on.clone(),
        talks_on: r.talks_on.clone(),
        signed_on: r.signed_on.clone(),
        signing_mode: r.signing_mode.clone(),
        construction_on: r.construction_on.clone(),
        production_on: r.production_on.clone(),
        capacity_on: r.capacity_on.clone(),
        dropped_on: r.dropped_on.clone(),
        last_update_on: r.last_update_on.clone(),
        update_due: r.stale_on.clone(),
        stale: r.stale_on.as_deref().is_some_and(|s| s < today.to_string().as_str()),
        allowed: rules::allowed(stage, paused_from)
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        version: r.version,
        created_by: r.created_by.clone(),
    }
}

/// A ledger row.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectSummary {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub division: String,
    pub industry: String,
    pub project_type: String,
    pub source_region: String,
    pub enterprise: Option<String>,
    pub stage: String,
    pub key_level: String,
    pub total_investment_usd: Option<String>,
    pub contracted_fdi_usd: Option<String>,
    pub utilised_fdi_usd: String,
    pub land_mu: Option<String>,
    pub jobs: Option<i64>,
    pub signed_on: Option<String>,
    pub construction_on: Option<String>,
    pub production_on: Option<String>,
    pub last_update_on: String,
    pub stale: bool,
    pub lead_official: Option<String>,
    pub open_problems: i64,
}

pub(crate) fn summary(r: ProjectSummaryRow, today: Date) -> ProjectSummary {
    ProjectSummary {
        stale: r.stale_on.as_deref().is_some_and(|s| s < today.to_string().as_str()),
        id: r.id,
        number: r.number,
        name: r.name,
        division: r.division,
        industry: r.industry,
        project_type: r.project_type,
        source_region: r.source_region,
        enterprise: r.enterprise_uscc,
        stage: r.stage,
        key_level: r.key_level,
        total_investment_usd: r.total_usd.map(usd_text),
        contracted_fdi_usd: r.contracted_usd.map(usd_text),
        utilised_fdi_usd: usd_text(r.utilised_usd),
        land_mu: r
            .land_centi_mu
            .map(|v| Money::from_minor(v, Currency::USD).to_decimal_string()),
        jobs: r.jobs,
        signed_on: r.signed_on,
        construction_on: r.construction_on,
        production_on: r.production_on,
        last_update_on: r.last_update_on,
        lead_official: r.lead_official,
        open_problems: r.open_problems,
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StageEventView {
    pub on: String,
    pub at: String,
    pub actor: String,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrancheView {
    pub id: i64,
    pub received_on: String,
    pub amount: String,
    pub currency: String,
    pub rate: String,
    pub rate_on: String,
    pub usd: String,
    pub note: Option<String>,
    pub recorded_by: String,
    pub voided: bool,
    pub voided_by: Option<String>,
    pub void_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub id: i64,
    pub role: String,
    pub username: Option<String>,
    pub name: String,
    pub department: String,
    pub phone: Option<String>,
    pub added_on: String,
    /// Past members stay listed with the day they left.
    pub removed_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LogView {
    pub kind: String,
    pub on: String,
    pub participants: String,
    pub outcome: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalView {
    pub kind: String,
    pub department: String,
    pub started_on: Option<String>,
    pub due_days: Option<i64>,
    pub due_on: Option<String>,
    pub due_provisional: bool,
    pub overdue: bool,
    pub status: String,
    pub done_on: Option<String>,
    pub documents: Option<String>,
    pub note: Option<String>,
    /// The problem case filed when it was blocked.
    pub case: Option<String>,
    pub version: i64,
}

/// A problem case raised from the project.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectCase {
    pub number: String,
    pub status: String,
    pub title: String,
}

/// A project with everything it owns.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub project: ProjectView,
    pub stages: Vec<StageEventView>,
    pub tranches: Vec<TrancheView>,
    pub team: Vec<MemberView>,
    /// The 100 most recent service-log entries, newest first.
    pub log: Vec<LogView>,
    pub approvals: Vec<ApprovalView>,
    pub cases: Vec<ProjectCase>,
}

fn day(ts: &str) -> String {
    ts.get(..10).unwrap_or(ts).to_string()
}

pub(crate) async fn detail(store: &Store, p: &Principal, row: ProjectRow, today: Date) -> ServiceResult<ProjectDetail> {
    let mut project = project_view(&row, today);
    if let Some(u) = &row.enterprise_uscc
        && let Some(e) = kaifang_store::enterprises::get(store, &p.scope, u).await?
    {
        project.enterprise_name = Some(e.row.name_zh.clone());
    }
    let stages = store_parts::stage_events(store, row.id)
        .await?
        .into_iter()
        .map(|e| StageEventView {
            on: e.on_date,
            at: e.at,
            actor: e.actor_name,
            from_stage: e.from_stage,
            to_stage: e.to_stage,
            evidence: e.evidence,
        })
        .collect();
    let tranches = store_parts::tranches(store, row.id)
        .await?
        .into_iter()
        .map(|t| {
            let cur = Currency::parse(&t.currency).unwrap_or(Currency::USD);
            TrancheView {
                id: t.id,
                received_on: t.received_on,
                amount: Money::from_minor(t.amount_minor, cur).to_decimal_string(),
                currency: t.currency,
                rate: Rate::from_micros(t.rate)
                    .map(Rate::to_decimal_string)
                    .unwrap_or_default(),
                rate_on: t.rate_on,
                usd: usd_text(t.usd_minor),
                note: t.note,
                recorded_by: t.recorded_by,
                voided: t.voided_at.is_some(),
                voided_by: t.voided_by,
                void_reason: t.void_reason,
            }
        })
        .collect();
    let team = store_parts::team(store, row.id)
        .await?
        .into_iter()
        .map(|m| MemberView {
            id: m.id,
            role: m.role,
            username: m.username,
            name: m.name,
            department: m.department,
            phone: m.phone,
            added_on: day(&m.added_at),
            removed_on: m.removed_at.as_deref().map(day),
        })
        .collect();
    let log = store_parts::log(store, row.id, 100)
        .await?
        .into_iter()
        .map(|l| LogView {
            kind: l.kind,
            on: l.on_date,
            participants: l.participants,
            outcome: l.outcome,
            recorded_by: l.recorded_by,
        })
        .collect();
    let today_text = today.to_string();
    let approvals = store_parts::approvals(store, row.id)
        .await?
        .into_iter()
        .map(|a| ApprovalView {
            overdue: a
                .due_on
                .as_deref()
                .is_some_and(|d| d < today_text.as_str() && !matches!(a.status.as_str(), "approved" | "not_needed")),
            kind: a.kind,
            department: a.department,
            started_on: a.started_on,
            due_days: a.due_days,
            due_on: a.due_on,
            due_provisional: a.due_provisional == 1,
            status: a.status,
            done_on: a.done_on,
            documents: a.documents,
            note: a.note,
            case: a.case_number,
            version: a.version,
        })
        .collect();
    let cases = store_parts::cases_of(store, row.id)
        .await?
        .into_iter()
        .map(|(number, status, title)| ProjectCase { number, status, title })
        .collect();
    Ok(ProjectDetail {
        project,
        stages,
        tranches,
        team,
        log,
        approvals,
        cases,
    })
}
