//! Defining a campaign, opening it (freezing its target population), versioning its
//! indicators, closing it, and what pages and the API show of it.

use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::monitoring::{self as m, AlertRule, Indicator, PeriodKind};
use kaifang_domain::percent::Percent;
use kaifang_store::monitoring::{self as store_m, CampaignRow, Population, VersionRow};
use kaifang_store::{AuditEvent, Store};
use serde::{Deserialize, Serialize};

use super::{Loaded, access, err, load, require_officer};
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// A campaign as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CampaignInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// A shipped template (`resumption_2020`, `operations_monthly`): its indicators, rules,
    /// period and coverage target are the defaults.
    #[serde(default)]
    pub template: Option<String>,
    /// weekly, monthly or once.
    #[serde(default)]
    pub period_kind: Option<String>,
    #[serde(default)]
    pub opens_on: Option<String>,
    #[serde(default)]
    pub closes_on: Option<String>,
    /// Percent of the target population that must answer, e.g. "95".
    #[serde(default)]
    pub coverage_target: Option<String>,
    /// The owner division (default: the officer's own).
    #[serde(default)]
    pub division: Option<String>,
    /// Population: an industry section or code.
    #[serde(default)]
    pub industry: Option<String>,
    /// Population: key enterprises only.
    #[serde(default)]
    pub key_only: bool,
    /// Population: the key suppliers of this leading FIE (credit code).
    #[serde(default)]
    pub suppliers_of: Option<String>,
    /// Population: enterprises whose source country or region is this (ISO alpha-2).
    #[serde(default)]
    pub source_region: Option<String>,
    /// Indicators (default: the template's).
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub indicators: Option<Vec<Indicator>>,
    /// Alert rules (default: the template's).
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub rules: Option<Vec<AlertRule>>,
}

/// One reporting period of a campaign.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeriodView {
    pub key: String,
    pub starts_on: String,
    pub ends_on: String,
    pub reported_at: Option<String>,
    pub reported_by: Option<String>,
}

/// One version of a campaign's indicators, as the history lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionSummary {
    pub version: i64,
    pub indicators: usize,
    pub rules: usize,
    pub created_by: String,
    pub created_at: String,
}

/// What pages and the API show of a campaign.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignView {
    pub number: String,
    pub title: String,
    pub description: String,
    pub template: Option<String>,
    pub owner_division: String,
    pub owner_name: String,
    pub period_kind: String,
    pub opens_on: String,
    pub closes_on: String,
    pub coverage_target_bp: i64,
    #[schema(value_type = Object)]
    pub population: Population,
    pub status: String,
    pub targets: i64,
    pub indicator_version: i64,
    #[schema(value_type = Vec<Object>)]
    pub indicators: Vec<Indicator>,
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<AlertRule>,
    pub periods: Vec<PeriodView>,
    /// The period today falls in (or the last one once the campaign has ended).
    pub current_period: Option<String>,
    /// The template's source, when the campaign came from one.
    pub source_zh: Option<String>,
    pub source_en: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub version: i64,
    /// Every version of the indicators, oldest first.
    pub versions: Vec<VersionSummary>,
    /// Whether the reader may change the campaign (its owner's officers).
    pub can_manage: bool,
}

fn parse_date_field(errs: &mut FieldErrors, field: &str, v: &Option<String>) -> Option<time::Date> {
    let s = v.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match s {
        None => {
            errs.push(err(field, "required", "必填", "required"));
            None
        }
        Some(s) => kaifang_domain::calendar::parse_date(s).or_else(|| {
            errs.push(err(
                field,
                "date.format",
                "日期格式应为 YYYY-MM-DD",
                "a date is written YYYY-MM-DD",
            ));
            None
        }),
    }
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// Validates a campaign definition into a draft row and its first version.
fn validate(p: &Principal, input: &CampaignInput) -> ServiceResult<(CampaignRow, Vec<Indicator>, Vec<AlertRule>)> {
    let mut errs = FieldErrors::new();
    let template = match nonempty(&input.template) {
        None => None,
        Some(code) => match m::template(&code) {
            Some(t) => Some(t),
            None => {
                errs.push(err(
                    "template",
                    "template.unknown",
                    "没有这个模板",
                    format!(
                        "no such template; one of {}",
                        m::templates().iter().map(|t| t.code).collect::<Vec<_>>().join(", ")
                    ),
                ));
                None
            }
        },
    };
    let title = input.title.trim().to_string();
    if title.is_empty() {
        errs.push(err("title", "required", "请填写活动名称", "the title is required"));
    } else if title.chars().count() > 200 {
        errs.push(err("title", "too_long", "名称不超过 200 字", "at most 200 characters"));
    }
    let kind = match nonempty(&input.period_kind) {
        None => template.as_ref().map(|t| t.period).or_else(|| {
            errs.push(err("period_kind", "required", "请选择填报周期", "choose the period"));
            None
        }),
        Some(k) => PeriodKind::parse(&k).or_else(|| {
            errs.push(err(
                "period_kind",
                "period.kind",
                "周期应为 weekly、monthly 或 once",
                "the period is weekly, monthly or once",
            ));
            None
        }),
    };
    let opens = parse_date_field(&mut errs, "opens_on", &input.opens_on);
    let closes = parse_date_field(&mut errs, "closes_on", &input.closes_on);
    if let (Some(o), Some(c)) = (opens, closes)
        && c < o
    {
        errs.push(err(
            "closes_on",
            "date.order",
            "截止日期不能早于开始日期",
            "closes before it opens",
        ));
    }
    let target_bp = match nonempty(&input.coverage_target) {
        None => template.as_ref().map_or(10_000, |t| t.coverage_target_bp),
        Some(s) => match Percent::parse(&s) {
            Ok(pc) => i64::from(pc.basis_points()),
            Err(_) => {
                errs.push(err(
                    "coverage_target",
                    "percent",
                    "覆盖率目标应为 0 至 100 之间的百分数",
                    "the coverage target is a percentage between 0 and 100",
                ));
                0
            }
        },
    };
    let owner = nonempty(&input.division).unwrap_or_else(|| p.division.clone());
    let placement = match crate::placement::of_division("division", &owner) {
        Ok(pl) if p.covers_division(&owner) => Some(pl),
        Ok(_) => {
            errs.push(err(
                "division",
                "division.out_of_scope",
                "只能为本级或下级地区建立活动",
                "a campaign belongs to your division or one below it",
            ));
            None
        }
        Err(e) => {
            errs.push(e);
            None
        }
    };
    let mut population = Population {
        key_only: input.key_only,
        ..Population::default()
    };
    if let Some(code) = nonempty(&input.industry) {
        match kaifang_refdata::get().industry(&code) {
            Some(ind) => population.industry_range = Some(crate::enterprises::industry_range(ind)),
            None => errs.push(err(
                "industry",
                "industry.unknown",
                format!("行业代码 {code} 不存在"),
                format!("industry code {code} does not exist"),
            )),
        }
    }
    if let Some(u) = nonempty(&input.suppliers_of) {
        match kaifang_domain::uscc::Uscc::parse(&u) {
            Ok(u) => population.suppliers_of = Some(u.to_string()),
            Err(e) => errs.push(kaifang_domain::field_error::ToFieldError::to_field_error(
                &e,
                "suppliers_of",
            )),
        }
    }
    if let Some(r) = nonempty(&input.source_region) {
        let r = r.to_uppercase();
        if kaifang_refdata::get().region(&r).is_none() {
            errs.push(err(
                "source_region",
                "region.unknown",
                "没有这个国家或地区代码",
                "no such country or region code (ISO 3166 alpha-2)",
            ));
        } else {
            population.source_region = Some(r);
        }
    }
    let indicators = input
        .indicators
        .clone()
        .or_else(|| template.as_ref().map(|t| t.indicators.clone()))
        .unwrap_or_default();
    let rules = input
        .rules
        .clone()
        .or_else(|| template.as_ref().map(|t| t.rules.clone()))
        .unwrap_or_default();
    if let Err(e) = m::validate_indicators(&indicators) {
        errs.0.extend(e.0);
    } else if let Err(e) = m::validate_rules(&rules, &indicators) {
        errs.0.extend(e.0);
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let placement = placement.expect("checked above");
    let now = kaifang_store::now_text();
    let row = CampaignRow {
        title,
        description: input.description.trim().to_string(),
        template: template.map(|t| t.code.to_string()),
        owner_division: owner,
        scope_province: placement.province,
        scope_prefecture: placement.prefecture,
        scope_county: placement.county,
        period_kind: kind.expect("checked").as_str().to_string(),
        opens_on: opens.expect("checked").to_string(),
        closes_on: closes.expect("checked").to_string(),
        coverage_target_bp: target_bp,
        population: serde_json::to_string(&population).unwrap_or_default(),
        indicator_version: 1,
        status: "draft".into(),
        created_by: p.username.clone(),
        created_at: now.clone(),
        updated_at: now,
        ..CampaignRow::default()
    };
    Ok((row, indicators, rules))
}

fn placement_of(row: &CampaignRow) -> kaifang_domain::jurisdiction::Placement {
    kaifang_domain::jurisdiction::Placement {
        division: row.owner_division.clone(),
        province: row.scope_province.clone(),
        prefecture: row.scope_prefecture.clone(),
        county: row.scope_county.clone(),
        enterprise: None,
    }
}

/// Defines a campaign (a draft until opened).
pub async fn create(store: &Store, p: &Principal, input: &CampaignInput) -> ServiceResult<CampaignView> {
    require_officer(p)?;
    let (row, indicators, rules) = validate(p, input)?;
    let mut tx = store.begin_write().await?;
    let year = &row.opens_on[..4];
    let (id, number) = store_m::insert(&mut tx, &row, &format!("JC-{year}")).await?;
    store_m::insert_version(
        &mut tx,
        id,
        &VersionRow {
            version: 1,
            indicators: serde_json::to_string(&indicators).unwrap_or_default(),
            rules: serde_json::to_string(&rules).unwrap_or_default(),
            created_by: p.username.clone(),
            created_at: kaifang_store::now_text(),
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "campaign_created",
            object_type: "campaign",
            object_id: &number,
            placement: &placement_of(&row),
            before: None,
            after: Some(serde_json::json!({"campaign": row, "indicators": indicators, "rules": rules})),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, &number).await
}

/// Whether `p` manages the campaign: an officer or administrator covering its owner division.
pub(crate) fn manages(p: &Principal, row: &CampaignRow) -> bool {
    require_officer(p).is_ok() && p.covers_division(&row.owner_division)
}

fn require_manager(p: &Principal, row: &CampaignRow) -> ServiceResult<()> {
    p.require(manages(p, row))
}

fn conflict(msg: &str, allowed: &[&str]) -> ServiceError {
    ServiceError::Conflict {
        message: msg.into(),
        allowed: allowed.iter().map(|s| s.to_string()).collect(),
    }
}

/// Opens a draft: freezes its target population from the roster as it is now.
pub async fn open(store: &Store, p: &Principal, number: &str) -> ServiceResult<CampaignView> {
    let c = load(store, p, number).await?;
    require_manager(p, &c.row)?;
    if c.row.status != "draft" {
        return Err(conflict("only a draft campaign can be opened", &["close"]));
    }
    let owner = crate::placement::scope_of(&c.row.owner_division).ok_or(ServiceError::NotFound)?;
    let population: Population = serde_json::from_str(&c.row.population).unwrap_or_default();
    let mut tx = store.begin_write().await?;
    let targets = store_m::freeze_targets(&mut tx, c.row.id, &owner, &population).await?;
    let mut row = c.row.clone();
    row.status = "open".into();
    row.targets = targets;
    row.updated_at = kaifang_store::now_text();
    store_m::update(&mut tx, &row, c.row.version).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "campaign_opened",
            object_type: "campaign",
            object_id: &row.number,
            placement: &placement_of(&row),
            before: Some(serde_json::json!({"status": c.row.status})),
            after: Some(serde_json::json!({"status": "open", "targets": targets})),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, number).await
}

/// Adds to an open campaign's targets the enterprises that now match its population
/// (newly registered ones); nobody already targeted is removed.
pub async fn refresh_targets(store: &Store, p: &Principal, number: &str) -> ServiceResult<CampaignView> {
    let c = load(store, p, number).await?;
    require_manager(p, &c.row)?;
    if c.row.status != "open" {
        return Err(conflict("only an open campaign's targets can be refreshed", &[]));
    }
    let owner = crate::placement::scope_of(&c.row.owner_division).ok_or(ServiceError::NotFound)?;
    let population: Population = serde_json::from_str(&c.row.population).unwrap_or_default();
    let mut tx = store.begin_write().await?;
    let targets = store_m::freeze_targets(&mut tx, c.row.id, &owner, &population).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "campaign_targets_refreshed",
            object_type: "campaign",
            object_id: &c.row.number,
            placement: &placement_of(&c.row),
            before: Some(serde_json::json!({"targets": c.row.targets})),
            after: Some(serde_json::json!({"targets": targets})),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, number).await
}

/// Closes a campaign: no more answers or corrections.
pub async fn close(store: &Store, p: &Principal, number: &str) -> ServiceResult<CampaignView> {
    let c = load(store, p, number).await?;
    require_manager(p, &c.row)?;
    if c.row.status == "closed" {
        return Err(conflict("the campaign is already closed", &[]));
    }
    let mut tx = store.begin_write().await?;
    let mut row = c.row.clone();
    row.status = "closed".into();
    row.updated_at = kaifang_store::now_text();
    store_m::update(&mut tx, &row, c.row.version).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "campaign_closed",
            object_type: "campaign",
            object_id: &row.number,
            placement: &placement_of(&row),
            before: Some(serde_json::json!({"status": c.row.status})),
            after: Some(serde_json::json!({"status": "closed"})),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, number).await
}

/// Replaces a campaign's indicators and rules with a new version; answers already given keep
/// the version they answered.
pub async fn update_indicators(
    store: &Store,
    p: &Principal,
    number: &str,
    indicators: Vec<Indicator>,
    rules: Vec<AlertRule>,
) -> ServiceResult<CampaignView> {
    let c = load(store, p, number).await?;
    require_manager(p, &c.row)?;
    if c.row.status == "closed" {
        return Err(conflict("a closed campaign cannot change", &[]));
    }
    m::validate_indicators(&indicators).map_err(ServiceError::Invalid)?;
    m::validate_rules(&rules, &indicators).map_err(ServiceError::Invalid)?;
    let mut tx = store.begin_write().await?;
    let mut row = c.row.clone();
    row.indicator_version += 1;
    row.updated_at = kaifang_store::now_text();
    store_m::insert_version(
        &mut tx,
        row.id,
        &VersionRow {
            version: row.indicator_version,
            indicators: serde_json::to_string(&indicators).unwrap_or_default(),
            rules: serde_json::to_string(&rules).unwrap_or_default(),
            created_by: p.username.clone(),
            created_at: kaifang_store::now_text(),
        },
    )
    .await?;
    store_m::update(&mut tx, &row, c.row.version).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "campaign_indicators_changed",
            object_type: "campaign",
            object_id: &row.number,
            placement: &placement_of(&row),
            before: Some(
                serde_json::json!({"version": c.row.indicator_version, "indicators": c.indicators, "rules": c.rules}),
            ),
            after: Some(
                serde_json::json!({"version": row.indicator_version, "indicators": indicators, "rules": rules}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, number).await
}

pub(crate) fn view(
    p: &Principal,
    c: &Loaded,
    reported: &[store_m::ReportedRow],
    versions: Vec<VersionSummary>,
) -> CampaignView {
    let rd = kaifang_refdata::get();
    let opens = kaifang_domain::calendar::parse_date(&c.row.opens_on);
    let closes = kaifang_domain::calendar::parse_date(&c.row.closes_on);
    let periods: Vec<PeriodView> = match (opens, closes) {
        (Some(o), Some(cl)) => m::periods(c.kind, o, cl)
            .into_iter()
            .map(|pd| {
                let r = reported.iter().find(|r| r.period == pd.key);
                PeriodView {
                    starts_on: pd.starts_on.to_string(),
                    ends_on: pd.ends_on.to_string(),
                    reported_at: r.and_then(|r| r.reported_at.clone()),
                    reported_by: r.and_then(|r| r.reported_by.clone()),
                    key: pd.key,
                }
            })
            .collect(),
        _ => vec![],
    };
    let today = today_cn();
    let current = periods
        .iter()
        .rev()
        .find(|pd| kaifang_domain::calendar::parse_date(&pd.starts_on).is_some_and(|s| s <= today))
        .or(periods.first())
        .map(|pd| pd.key.clone());
    let template = c.row.template.as_deref().and_then(m::template);
    CampaignView {
        number: c.row.number.clone(),
        title: c.row.title.clone(),
        description: c.row.description.clone(),
        template: c.row.template.clone(),
        owner_name: rd
            .division(&c.row.owner_division)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        owner_division: c.row.owner_division.clone(),
        period_kind: c.row.period_kind.clone(),
        opens_on: c.row.opens_on.clone(),
        closes_on: c.row.closes_on.clone(),
        coverage_target_bp: c.row.coverage_target_bp,
        population: serde_json::from_str(&c.row.population).unwrap_or_default(),
        status: c.row.status.clone(),
        targets: c.row.targets,
        indicator_version: c.row.indicator_version,
        indicators: c.indicators.clone(),
        rules: c.rules.clone(),
        periods,
        current_period: current,
        source_zh: template.as_ref().map(|t| t.source_zh.to_string()),
        source_en: template.as_ref().map(|t| t.source_en.to_string()),
        created_by: c.row.created_by.clone(),
        created_at: c.row.created_at.clone(),
        version: c.row.version,
        versions,
        can_manage: manages(p, &c.row),
    }
}

/// A campaign `p` may see.
pub async fn get(store: &Store, p: &Principal, number: &str) -> ServiceResult<CampaignView> {
    let c = load(store, p, number).await?;
    let reported = store_m::reported(store, c.row.id).await?;
    let versions = store_m::versions(store, c.row.id)
        .await?
        .into_iter()
        .map(|v| VersionSummary {
            version: v.version,
            indicators: serde_json::from_str::<Vec<serde_json::Value>>(&v.indicators).map_or(0, |x| x.len()),
            rules: serde_json::from_str::<Vec<serde_json::Value>>(&v.rules).map_or(0, |x| x.len()),
            created_by: v.created_by,
            created_at: v.created_at,
        })
        .collect();
    Ok(view(p, &c, &reported, versions))
}

/// One line of the campaign list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignSummary {
    pub number: String,
    pub title: String,
    pub owner_division: String,
    pub owner_name: String,
    pub period_kind: String,
    pub opens_on: String,
    pub closes_on: String,
    pub status: String,
    pub targets: i64,
    pub coverage_target_bp: i64,
}

/// Campaigns `p` may see, newest first (50 a page, after the id `after`).
pub async fn list(
    store: &Store,
    p: &Principal,
    status: Option<&str>,
    after: Option<i64>,
) -> ServiceResult<(Vec<CampaignSummary>, Option<i64>)> {
    let rows = store_m::list(store, &access(p), status.filter(|s| !s.is_empty()), after, 51).await?;
    let more = rows.len() > 50;
    let rd = kaifang_refdata::get();
    let next = if more { rows.get(49).map(|r| r.id) } else { None };
    Ok((
        rows.into_iter()
            .take(50)
            .map(|r| CampaignSummary {
                owner_name: rd
                    .division(&r.owner_division)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                number: r.number,
                title: r.title,
                owner_division: r.owner_division,
                period_kind: r.period_kind,
                opens_on: r.opens_on,
                closes_on: r.closes_on,
                status: r.status,
                targets: r.targets,
                coverage_target_bp: r.coverage_target_bp,
            })
            .collect(),
        next,
    ))
}
