//! Taking answers: from an enterprise's own account, a one-time link, an officer (proxy, by
//! phone) or a batch (spreadsheet or API). One write path for all: validation per indicator,
//! corrections kept as revisions, coverage and figures moved, alert rules checked (each
//! breach opens exactly one problem case), all in one audited transaction.

use std::collections::{BTreeMap, HashMap};

use kaifang_domain::accounts::Role;
use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::jurisdiction::Scope;
use kaifang_domain::monitoring::figures::{contribution, employees};
use kaifang_domain::monitoring::{self as m, Answers, Indicator};
use kaifang_store::monitoring::{self as store_m, TargetRow};
use kaifang_store::monitoring_responses::{self as store_r, AlertRow, ResponseRow};
use kaifang_store::monitoring_stats::{self as stats, PlaceKey, StatDeltas, StatKey};
use kaifang_store::{RawAuditEvent, Store, WriteTx};
use serde::{Deserialize, Serialize};

use super::{Loaded, err, load, require_officer};
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// Answers as a form or the API sends them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AnswerInput {
    /// The enterprise's credit code (officers; an enterprise account answers for itself).
    #[serde(default)]
    pub enterprise: Option<String>,
    /// The period (default: the current one).
    #[serde(default)]
    pub period: Option<String>,
    /// Indicator code → answer (text, number or true/false).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, serde_json::Value>,
}

/// Raw answers as text, whatever JSON type they came as.
pub fn raw_text(v: &BTreeMap<String, serde_json::Value>) -> BTreeMap<String, String> {
    v.iter()
        .map(|(k, v)| {
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.clone(), s)
        })
        .collect()
}

/// What one answer looks like to pages and the API.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResponseView {
    pub period: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub indicator_version: i64,
    #[schema(value_type = Object)]
    pub answers: Answers,
    pub channel: String,
    pub submitted_by: String,
    pub submitted_at: String,
    pub revision: i64,
    /// Earlier revisions, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub revisions: Vec<store_r::RevisionRow>,
    /// Alerts this answer raised (rule codes).
    pub alerts: Vec<String>,
}

/// The outcome of a batch of answers.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct BatchReport {
    pub received: usize,
    pub first_answers: usize,
    pub corrections: usize,
    pub alerts: usize,
    /// Problem cases opened by the alerts.
    pub cases: Vec<String>,
}

/// One answer ready to be written: the target and its parsed answers.
pub(crate) struct Item {
    pub target: TargetRow,
    pub answers: Answers,
}

fn check_period(c: &Loaded, period: &str) -> ServiceResult<()> {
    let opens = kaifang_domain::calendar::parse_date(&c.row.opens_on);
    let closes = kaifang_domain::calendar::parse_date(&c.row.closes_on);
    let (Some(o), Some(cl)) = (opens, closes) else {
        return Err(ServiceError::NotFound);
    };
    let today = today_cn();
    match m::periods(c.kind, o, cl).into_iter().find(|p| p.key == period) {
        Some(p) if p.starts_on <= today => Ok(()),
        Some(_) => Err(ServiceError::Invalid(FieldErrors(vec![err(
            "period",
            "period.future",
            "该周期尚未开始",
            "this period has not started yet",
        )]))),
        None => Err(ServiceError::Invalid(FieldErrors(vec![err(
            "period",
            "period.unknown",
            "该活动没有这个周期",
            "the campaign has no such period",
        )]))),
    }
}

fn check_open(c: &Loaded) -> ServiceResult<()> {
    if c.row.status != "open" {
        return Err(ServiceError::Conflict {
            message: format!("the campaign is {}: it takes no answers", c.row.status),
            allowed: vec![],
        });
    }
    Ok(())
}

/// The period named, or the current one.
pub(crate) fn period_or_current(c: &Loaded, period: Option<&str>) -> ServiceResult<String> {
    let period = match period.map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => p.to_string(),
        None => {
            let (Some(o), Some(cl)) = (
                kaifang_domain::calendar::parse_date(&c.row.opens_on),
                kaifang_domain::calendar::parse_date(&c.row.closes_on),
            ) else {
                return Err(ServiceError::NotFound);
            };
            let today = today_cn();
            m::periods(c.kind, o, cl)
                .into_iter()
                .rev()
                .find(|p| p.starts_on <= today)
                .map(|p| p.key)
                .ok_or_else(|| {
                    ServiceError::Invalid(FieldErrors(vec![err(
                        "period",
                        "period.future",
                        "活动尚未开始",
                        "the campaign has not started yet",
                    )]))
                })?
        }
    };
    check_period(c, &period)?;
    Ok(period)
}

fn next_key(c: &Loaded, period: &str) -> Option<String> {
    let o = kaifang_domain::calendar::parse_date(&c.row.opens_on)?;
    let cl = kaifang_domain::calendar::parse_date(&c.row.closes_on)?;
    let ps = m::periods(c.kind, o, cl);
    let i = ps.iter().position(|p| p.key == period)?;
    ps.get(i + 1).map(|p| p.key.clone())
}

/// The rows of figures one enterprise's answers count in (also used by the seeder).
pub fn stat_keys(t: &TargetRow, answers: &Answers) -> Vec<StatKey> {
    let size = m::size_band(employees(answers)).as_str();
    let province = t.scope_province.clone().unwrap_or_else(|| t.division.clone());
    let prefecture = t.scope_prefecture.clone().unwrap_or_else(|| t.division.clone());
    let county = t.scope_county.clone().unwrap_or_else(|| t.division.clone());
    let source = t.source_region.clone().unwrap_or_else(|| "unknown".into());
    let mut keys = Vec::with_capacity(9);
    for (grain, division) in [("province", &province), ("prefecture", &prefecture)] {
        for (dim, key) in [
            ("all", "all".to_string()),
            ("industry", t.industry_section.clone()),
            ("source", source.clone()),
            ("size", size.to_string()),
        ] {
            keys.push(StatKey {
                grain,
                division: division.clone(),
                scope_province: Some(province.clone()),
                // A row's placement depends on its division only: a province's rows have none.
                scope_prefecture: (grain != "province").then(|| prefecture.clone()),
                dim,
                key,
            });
        }
    }
    keys.push(StatKey {
        grain: "county",
        division: county,
        scope_province: Some(province),
        scope_prefecture: Some(prefecture),
        dim: "all",
        key: "all".into(),
    });
    keys
}

/// Where an enterprise counts in coverage.
pub fn place(t: &TargetRow) -> PlaceKey {
    PlaceKey {
        division: t.division.clone(),
        scope_province: t.scope_province.clone(),
        scope_prefecture: t.scope_prefecture.clone(),
        scope_county: t.scope_county.clone(),
    }
}

fn parse_stored(s: &str) -> Answers {
    serde_json::from_str(s).unwrap_or_default()
}

/// The category of the problem case an alert on this indicator opens.
fn case_category(indicator: &str) -> &'static str {
    if indicator.contains("staff") || indicator.contains("labour") {
        "labour"
    } else if indicator.contains("turnover") || indicator.contains("funding") {
        "finance"
    } else if indicator.contains("logistics") {
        "logistics"
    } else {
        "other"
    }
}

/// Writes answers of one period in one transaction (the one write path).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write(
    store: &Store,
    tx: &mut WriteTx,
    actor: &Principal,
    c: &Loaded,
    period: &str,
    items: Vec<Item>,
    channel: &str,
) -> ServiceResult<BatchReport> {
    let versions = super::all_versions_in(tx, c.row.id).await?;
    let backend = tx.backend();
    let ids: Vec<i64> = items.iter().map(|i| i.target.enterprise_id).collect();
    let mut next: HashMap<i64, ResponseRow> = HashMap::new();
    let prev_key = m::previous_key(c.kind, period);
    let next_key = next_key(c, period);
    let (current, earlier) =
        store_r::for_enterprises_in_two(tx, store, c.row.id, period, prev_key.as_deref(), &ids).await?;
    let existing: HashMap<i64, ResponseRow> = current.into_iter().map(|r| (r.enterprise_id, r)).collect();
    let previous: HashMap<i64, Answers> = earlier
        .into_iter()
        .map(|r| (r.enterprise_id, parse_stored(&r.answers)))
        .collect();
    let now = kaifang_store::now_text();
    let mut report = BatchReport {
        received: items.len(),
        ..BatchReport::default()
    };
    let mut deltas = StatDeltas::new();
    let mut next_deltas = StatDeltas::new();
    let mut answered: BTreeMap<PlaceKey, i64> = BTreeMap::new();
    let mut inserts = Vec::new();
    let mut corrections = Vec::new();
    let mut audits = Vec::with_capacity(items.len());
    let mut breaches = Vec::new();
    let corrected_ids: Vec<i64> = items
        .iter()
        .filter(|i| existing.contains_key(&i.target.enterprise_id))
        .map(|i| i.target.enterprise_id)
        .collect();
    if let Some(nk) = &next_key {
        for chunk in corrected_ids.chunks(500) {
            for r in store_r::for_enterprises(tx.conn(), backend, c.row.id, nk, chunk).await? {
                next.insert(r.enterprise_id, r);
            }
        }
    }
    for item in items {
        let t = &item.target;
        let prev = previous.get(&t.enterprise_id);
        let is_supplier = t.supplier_of.is_some();
        let keys = stat_keys(t, &item.answers);
        let new_fig = contribution(&c.indicators, &item.answers, prev);
        let row = ResponseRow {
            campaign_id: c.row.id,
            period: period.to_string(),
            enterprise_id: t.enterprise_id,
            enterprise_uscc: t.uscc.clone(),
            division: t.division.clone(),
            scope_province: t.scope_province.clone(),
            scope_prefecture: t.scope_prefecture.clone(),
            scope_county: t.scope_county.clone(),
            indicator_version: c.row.indicator_version,
            answers: serde_json::to_string(&item.answers).unwrap_or_default(),
            channel: channel.to_string(),
            submitted_by: actor.username.clone(),
            submitted_at: now.clone(),
            revision: 1,
            ..ResponseRow::default()
        };
        let placement = kaifang_domain::jurisdiction::Placement {
            division: t.division.clone(),
            province: t.scope_province.clone(),
            prefecture: t.scope_prefecture.clone(),
            county: t.scope_county.clone(),
            enterprise: Some(t.uscc.clone()),
        };
        match existing.get(&t.enterprise_id) {
            Some(old) => {
                let old_answers = parse_stored(&old.answers);
                let old_inds = versions.get(&old.indicator_version).unwrap_or(&c.indicators);
                let old_fig = contribution(old_inds, &old_answers, prev);
                stats::add_delta(&mut deltas, &stat_keys(t, &old_answers), &old_fig, -1);
                stats::add_delta(&mut deltas, &keys, &new_fig, 1);
                corrections.push((old.clone(), row.clone()));
                // The next period compared itself with the old answers: move its pairs, and
                // check its rules again against the corrected answers.
                if let (Some(n), Some(nk)) = (next.get(&t.enterprise_id), &next_key) {
                    let n_answers = parse_stored(&n.answers);
                    let n_inds = versions.get(&n.indicator_version).unwrap_or(&c.indicators);
                    let n_keys = stat_keys(t, &n_answers);
                    let before = contribution(n_inds, &n_answers, Some(&old_answers));
                    let after = contribution(n_inds, &n_answers, Some(&item.answers));
                    if before != after {
                        stats::add_delta(&mut next_deltas, &n_keys, &before, -1);
                        stats::add_delta(&mut next_deltas, &n_keys, &after, 1);
                    }
                    for rule in &c.rules {
                        if let Some(b) = m::breach(rule, n_inds, &n_answers, Some(&item.answers), is_supplier) {
                            breaches.push((nk.clone(), t.clone(), rule.clone(), b));
                        }
                    }
                }
                report.corrections += 1;
                audits.push(RawAuditEvent {
                    action: "campaign_response_corrected".into(),
                    object_type: "campaign_response".into(),
                    object_id: format!("{}/{}/{}", c.row.number, period, t.uscc),
                    placement,
                    before: Some(old.answers.clone()),
                    after: Some(row.answers.clone()),
                });
            }
            None => {
                stats::add_delta(&mut deltas, &keys, &new_fig, 1);
                *answered.entry(place(t)).or_insert(0) += 1;
                report.first_answers += 1;
                audits.push(RawAuditEvent {
                    action: "campaign_response_received".into(),
                    object_type: "campaign_response".into(),
                    object_id: format!("{}/{}/{}", c.row.number, period, t.uscc),
                    placement,
                    before: None,
                    after: Some(row.answers.clone()),
                });
                inserts.push(row);
            }
        }
        for rule in &c.rules {
            if let Some(b) = m::breach(rule, &c.indicators, &item.answers, prev, is_supplier) {
                breaches.push((period.to_string(), t.clone(), rule.clone(), b));
            }
        }
    }
    store_r::insert_many(tx, &inserts).await?;
    store_r::correct_many(tx, &corrections).await?;
    stats::add_answered(tx, c.row.id, period, &answered).await?;
    stats::apply(tx, c.row.id, period, &deltas).await?;
    if let Some(nk) = &next_key
        && !next_deltas.is_empty()
    {
        stats::apply(tx, c.row.id, nk, &next_deltas).await?;
    }
    tx.audit_many_raw(&actor.actor(), audits).await?;
    // Each breach opens one problem case, once per rule, period and enterprise.
    let filer = if matches!(actor.role, Role::Officer | Role::Admin) {
        actor.clone()
    } else {
        Principal::system("monitoring")
    };
    let alerts: Vec<AlertRow> = breaches
        .iter()
        .map(|(period, t, rule, b)| AlertRow {
            campaign_id: c.row.id,
            period: period.clone(),
            enterprise_id: t.enterprise_id,
            rule: rule.code.clone(),
            value: b.value,
            previous: b.previous,
            scope_province: t.scope_province.clone(),
            scope_prefecture: t.scope_prefecture.clone(),
            scope_county: t.scope_county.clone(),
            ..AlertRow::default()
        })
        .collect();
    let added = store_r::insert_alerts(tx, &alerts).await?;
    let mut added: HashMap<(&str, i64, &str), i64> = added
        .iter()
        .map(|(p, e, r, id)| ((p.as_str(), *e, r.as_str()), *id))
        .collect();
    let mut alert_ids = Vec::with_capacity(added.len());
    let mut filings = Vec::with_capacity(added.len());
    for (period, t, rule, b) in &breaches {
        // `remove`: a rule fires once per enterprise even if the batch named it twice.
        let Some(alert_id) = added.remove(&(period.as_str(), t.enterprise_id, rule.code.as_str())) else {
            continue;
        };
        alert_ids.push(alert_id);
        filings.push(crate::cases::ProblemFiling {
            category: case_category(&rule.indicator),
            title: format!("{}：{}（{} {}）", t.name_zh, rule.label_zh, c.row.number, period),
            description: format!("{}\n{}", b.message.zh, b.message.en),
            channel: "monitoring",
            enterprise_id: t.enterprise_id,
            uscc: t.uscc.clone(),
            division: t.division.clone(),
        });
    }
    let filed = crate::cases::file_problems_in(tx, &filer, filings).await?;
    let links: Vec<(i64, i64)> = alert_ids.iter().zip(&filed).map(|(a, (case, _))| (*a, *case)).collect();
    store_r::set_alert_cases(tx, &links).await?;
    report.alerts += filed.len();
    report.cases.extend(filed.into_iter().map(|(_, number)| number));
    Ok(report)
}

/// Answers one enterprise's questionnaire: an enterprise account for itself, or an officer
/// for an enterprise in their jurisdiction (a proxy entry, e.g. taken by phone).
pub async fn answer(store: &Store, p: &Principal, number: &str, input: &AnswerInput) -> ServiceResult<ResponseView> {
    let c = load(store, p, number).await?;
    check_open(&c)?;
    let period = period_or_current(&c, input.period.as_deref())?;
    let (uscc, channel) = match p.role {
        Role::Enterprise => (p.enterprise.clone().ok_or(ServiceError::Forbidden)?, "enterprise"),
        _ => {
            require_officer(p)?;
            let u = input
                .enterprise
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    ServiceError::Invalid(FieldErrors(vec![err(
                        "enterprise",
                        "required",
                        "请填写企业统一社会信用代码",
                        "the enterprise's credit code is required",
                    )]))
                })?;
            (u.to_string(), "proxy")
        }
    };
    let answers = m::parse_answers(&c.indicators, &raw_text(&input.answers)).map_err(ServiceError::Invalid)?;
    let target = store_m::targets_by_uscc(
        store.pool(),
        store.backend(),
        c.row.id,
        &p.scope,
        std::slice::from_ref(&uscc),
    )
    .await?
    .into_iter()
    .next()
    .ok_or_else(|| {
        ServiceError::Invalid(FieldErrors(vec![err(
            "enterprise",
            "campaign.not_target",
            "该企业不在本活动的填报范围内（或不在您的管辖范围内）",
            "the enterprise is not in this campaign's population (or not in your jurisdiction)",
        )]))
    })?;
    let mut tx = store.begin_write().await?;
    write(store, &mut tx, p, &c, &period, vec![Item { target, answers }], channel).await?;
    tx.commit().await?;
    response_view(store, p, &c, &period, &uscc).await
}

/// One enterprise's answer to a period, with its revisions and alerts.
pub async fn responses_of(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
    uscc: &str,
) -> ServiceResult<ResponseView> {
    let c = load(store, p, number).await?;
    let period = period_or_current(&c, period)?;
    response_view(store, p, &c, &period, uscc).await
}

async fn response_view(
    store: &Store,
    p: &Principal,
    c: &Loaded,
    period: &str,
    uscc: &str,
) -> ServiceResult<ResponseView> {
    let t = store_m::targets_by_uscc(store.pool(), store.backend(), c.row.id, &p.scope, &[uscc.to_string()])
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)?;
    let r = store_r::for_enterprises(store.pool(), store.backend(), c.row.id, period, &[t.enterprise_id])
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)?;
    let revisions = store_r::revisions(store, r.id).await?;
    let alerts = store_r::alerts(
        store,
        c.row.id,
        period,
        &Scope::Enterprise { uscc: t.uscc.clone() },
        None,
        100,
    )
    .await?
    .into_iter()
    .map(|a| a.rule)
    .collect();
    Ok(ResponseView {
        period: r.period,
        enterprise: t.uscc,
        enterprise_name: t.name_zh,
        indicator_version: r.indicator_version,
        answers: parse_stored(&r.answers),
        channel: r.channel,
        submitted_by: r.submitted_by,
        submitted_at: r.submitted_at,
        revision: r.revision,
        revisions,
        alerts,
    })
}

/// A batch of answers (API clients, the import): every row is validated first and a bad row
/// writes nothing; row numbers in errors are 1-based (`rows[3].turnover`).
pub async fn answer_batch(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
    rows: &[AnswerInput],
    channel: &str,
) -> ServiceResult<BatchReport> {
    require_officer(p)?;
    let c = load(store, p, number).await?;
    check_open(&c)?;
    let period = period_or_current(&c, period)?;
    let items = validate_rows(store, p, &c, rows).await?;
    let mut tx = store.begin_write().await?;
    let report = write(store, &mut tx, p, &c, &period, items, channel).await?;
    tx.commit().await?;
    Ok(report)
}

/// Parses every row and finds its target; all problems at once, fields named `rows[i].code`.
pub(crate) async fn validate_rows(
    store: &Store,
    p: &Principal,
    c: &Loaded,
    rows: &[AnswerInput],
) -> ServiceResult<Vec<Item>> {
    let mut errs = FieldErrors::new();
    if rows.len() > 10_000 {
        errs.push(err(
            "rows",
            "too_many",
            "一次最多 10000 行",
            "at most 10,000 rows at a time",
        ));
        return Err(ServiceError::Invalid(errs));
    }
    let usccs: Vec<String> = rows
        .iter()
        .filter_map(|r| r.enterprise.as_deref().map(|s| s.trim().to_string()))
        .collect();
    // Two chunks at a time, on two connections: the database reads one while it reads the other.
    let chunks: Vec<&[String]> = usccs.chunks(500).collect();
    let mut targets: HashMap<String, TargetRow> = HashMap::new();
    let find = |chunk| store_m::targets_by_uscc(store.pool(), store.backend(), c.row.id, &p.scope, chunk);
    for pair in chunks.chunks(2) {
        let (a, b) = match pair {
            [a, b] => tokio::try_join!(find(a), find(b))?,
            _ => (find(pair[0]).await?, vec![]),
        };
        for t in a.into_iter().chain(b) {
            targets.insert(t.uscc.clone(), t);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut items = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let n = i + 1;
        let uscc = r.enterprise.as_deref().map(str::trim).unwrap_or("");
        let target = targets.get(uscc);
        if target.is_none() {
            errs.push(err(
                &format!("rows[{n}].enterprise"),
                "campaign.not_target",
                format!("第 {n} 行：{uscc} 不在本活动的填报范围内（或不在您的管辖范围内）"),
                format!("row {n}: {uscc} is not in this campaign's population (or not in your jurisdiction)"),
            ));
        } else if !seen.insert(uscc.to_string()) {
            errs.push(err(
                &format!("rows[{n}].enterprise"),
                "duplicate",
                format!("第 {n} 行：该企业在本批中重复"),
                format!("row {n}: the enterprise appears twice in this batch"),
            ));
        }
        match m::parse_answers(&c.indicators, &raw_text(&r.answers)) {
            Ok(a) => {
                if let Some(t) = target {
                    items.push(Item {
                        target: t.clone(),
                        answers: a,
                    });
                }
            }
            Err(e) => {
                for fe in e.0 {
                    let field = format!("rows[{n}].{}", fe.field);
                    errs.push(kaifang_domain::field_error::FieldError { field, ..fe });
                }
            }
        }
        if errs.0.len() > 200 {
            break;
        }
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    Ok(items)
}

/// A new one-time link, shown once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    pub enterprise: String,
    pub enterprise_name: String,
    pub period: String,
    /// The path to give the enterprise (`/r/{token}`); the token is not stored.
    pub path: String,
    pub expires_at: String,
}

/// Makes one-time answer links for the unanswered targets in the officer's jurisdiction
/// (or the enterprises named), valid for `days` days.
pub async fn create_links(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
    enterprises: &[String],
    days: i64,
) -> ServiceResult<Vec<LinkView>> {
    require_officer(p)?;
    let c = load(store, p, number).await?;
    check_open(&c)?;
    let period = period_or_current(&c, period)?;
    if !(1..=60).contains(&days) {
        return Err(ServiceError::Invalid(FieldErrors(vec![err(
            "days",
            "range",
            "有效期为 1 至 60 天",
            "a link is valid for 1 to 60 days",
        )])));
    }
    let targets = if enterprises.is_empty() {
        super::coverage::pending(store, p, &c, &period, None, 500).await?.0
    } else {
        let found = store_m::targets_by_uscc(store.pool(), store.backend(), c.row.id, &p.scope, enterprises).await?;
        if let Some(missing) = enterprises.iter().find(|u| !found.iter().any(|t| &t.uscc == *u)) {
            return Err(ServiceError::Invalid(FieldErrors(vec![err(
                "enterprises",
                "campaign.not_target",
                format!("{missing} 不在本活动的填报范围内（或不在您的管辖范围内）"),
                format!("{missing} is not in this campaign's population (or not in your jurisdiction)"),
            )])));
        }
        found
    };
    let expires = time::OffsetDateTime::now_utc() + time::Duration::days(days);
    let expires_at = kaifang_store::timestamp_text(expires);
    let mut tx = store.begin_write().await?;
    let mut out = Vec::with_capacity(targets.len());
    for t in &targets {
        let token = crate::auth::random_secret(32);
        store_r::insert_link(
            &mut tx,
            &crate::auth::secret_hash(&token),
            c.row.id,
            &period,
            t.enterprise_id,
            &expires_at,
            &p.username,
        )
        .await?;
        out.push(LinkView {
            enterprise: t.uscc.clone(),
            enterprise_name: t.name_zh.clone(),
            period: period.clone(),
            path: format!("/r/{token}"),
            expires_at: expires_at.clone(),
        });
    }
    let placement = kaifang_domain::jurisdiction::Placement {
        division: c.row.owner_division.clone(),
        province: c.row.scope_province.clone(),
        prefecture: c.row.scope_prefecture.clone(),
        county: c.row.scope_county.clone(),
        enterprise: None,
    };
    tx.audit(
        &p.actor(),
        kaifang_store::AuditEvent {
            action: "campaign_links_created",
            object_type: "campaign",
            object_id: &c.row.number,
            placement: &placement,
            before: None,
            after: Some(serde_json::json!({"period": period, "enterprises": out.iter().map(|l| &l.enterprise).collect::<Vec<_>>(), "expires_at": expires_at})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// What a link's form shows: the campaign, the period, the enterprise's name and the questions.
#[derive(Debug, Clone, Serialize)]
pub struct LinkForm {
    pub campaign_title: String,
    pub campaign_number: String,
    pub period: String,
    pub enterprise_name: String,
    pub indicators: Vec<Indicator>,
    pub source_zh: Option<String>,
    pub source_en: Option<String>,
}

/// The one refusal for every bad link: the same words whether the token is unknown,
/// expired, used, or its campaign closed, so nothing can be learnt by trying.
pub(crate) fn link_refused() -> ServiceError {
    ServiceError::NotFound
}

async fn link_target(store: &Store, token: &str) -> ServiceResult<(store_r::LinkRow, Loaded, TargetRow)> {
    let token = token.trim();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(link_refused());
    }
    let link = store_r::link_by_digest(store.pool(), &crate::auth::secret_hash(token))
        .await?
        .ok_or_else(link_refused)?;
    if link.used_at.is_some() || link.expires_at < kaifang_store::now_text() {
        return Err(link_refused());
    }
    let row = kaifang_store::monitoring::get(
        store,
        &kaifang_store::monitoring::CampaignAccess {
            scope: Scope::National,
            chain: vec![],
        },
        &campaign_number(store, link.campaign_id).await?,
    )
    .await?
    .ok_or_else(link_refused)?;
    let c = super::loaded(store, row).await?;
    if c.row.status != "open" {
        return Err(link_refused());
    }
    let t = store_m::target_by_id(store.pool(), c.row.id, link.enterprise_id)
        .await?
        .ok_or_else(link_refused)?;
    Ok((link, c, t))
}

async fn campaign_number(store: &Store, id: i64) -> ServiceResult<String> {
    store_m::number_of(store, id).await?.ok_or_else(link_refused)
}

/// The form a valid link opens.
pub async fn link_form(store: &Store, token: &str) -> ServiceResult<LinkForm> {
    let (link, c, t) = link_target(store, token).await?;
    let template = c.row.template.as_deref().and_then(m::template);
    Ok(LinkForm {
        campaign_title: c.row.title.clone(),
        campaign_number: c.row.number.clone(),
        period: link.period,
        enterprise_name: t.name_zh,
        indicators: c.indicators.clone(),
        source_zh: template.as_ref().map(|t| t.source_zh.to_string()),
        source_en: template.as_ref().map(|t| t.source_en.to_string()),
    })
}

/// Answers through a one-time link (no account): the link is bound to one enterprise and
/// one period and is spent by the answer.
pub async fn answer_by_link(
    store: &Store,
    token: &str,
    raw: &BTreeMap<String, String>,
    ip: &str,
) -> ServiceResult<BatchReport> {
    let (link, c, t) = link_target(store, token).await?;
    let answers = m::parse_answers(&c.indicators, raw).map_err(ServiceError::Invalid)?;
    let mut actor = Principal::system("link");
    actor.ip = ip.to_string();
    actor.username = format!("link:{}", t.uscc);
    let mut tx = store.begin_write().await?;
    if !store_r::consume_link(&mut tx, link.id).await? {
        return Err(link_refused());
    }
    let report = write(
        store,
        &mut tx,
        &actor,
        &c,
        &link.period,
        vec![Item { target: t, answers }],
        "link",
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}
