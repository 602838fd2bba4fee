//! Coverage (全覆盖): who answered per division, the list of those who did not with their
//! liaison, reminders to them and their officers, escalation of divisions below target to the
//! level above, and reporting a period complete (refused below the owner's target).

use std::collections::BTreeMap;

use kaifang_domain::jurisdiction::Scope;
use kaifang_store::Store;
use kaifang_store::inbox::{Recipients, notify_users};
use kaifang_store::monitoring::{self as store_m};
use kaifang_store::monitoring_responses::{self as store_r, ReminderRow};
use kaifang_store::monitoring_stats::{self as stats, CoverageRow};
use serde::Serialize;

use super::respond::period_or_current;
use super::{load, require_officer};
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// Coverage of one division.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DivisionCoverage {
    pub division: String,
    pub name: String,
    pub targets: i64,
    pub answered: i64,
    /// answered / targets in basis points (10000 = all).
    pub coverage_bp: i64,
    pub below_target: bool,
}

/// Coverage of a period inside the reader's jurisdiction, per division one level down.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageView {
    pub number: String,
    pub period: String,
    pub targets: i64,
    pub answered: i64,
    pub coverage_bp: i64,
    pub target_bp: i64,
    pub divisions: Vec<DivisionCoverage>,
    pub reported_at: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub reminders: Vec<ReminderRow>,
}

pub(crate) fn ratio_bp(answered: i64, targets: i64) -> i64 {
    if targets <= 0 {
        return 0;
    }
    i64::try_from(i128::from(answered) * 10_000 / i128::from(targets)).unwrap_or(0)
}

fn division_name(code: &str) -> String {
    kaifang_refdata::get()
        .division(code)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| code.to_string())
}

fn shape(rows: Vec<CoverageRow>, target_bp: i64) -> Vec<DivisionCoverage> {
    let mut out: Vec<DivisionCoverage> = rows
        .into_iter()
        .map(|r| {
            let bp = ratio_bp(r.answered, r.targets);
            DivisionCoverage {
                name: division_name(&r.division),
                coverage_bp: bp,
                below_target: bp < target_bp,
                division: r.division,
                targets: r.targets,
                answered: r.answered,
            }
        })
        .collect();
    // Lowest coverage first: those are the divisions to chase.
    out.sort_by(|a, b| a.coverage_bp.cmp(&b.coverage_bp).then(a.division.cmp(&b.division)));
    out
}

/// Live coverage of a period (officers and leaders).
pub async fn coverage(store: &Store, p: &Principal, number: &str, period: Option<&str>) -> ServiceResult<CoverageView> {
    p.require(!matches!(p.scope, Scope::Enterprise { .. }))?;
    let c = load(store, p, number).await?;
    let period = period_or_current(&c, period)?;
    let rows = stats::coverage(store, c.row.id, &period, &p.scope).await?;
    let (targets, answered) = rows.iter().fold((0, 0), |a, r| (a.0 + r.targets, a.1 + r.answered));
    let reported_at = store_m::reported(store, c.row.id)
        .await?
        .into_iter()
        .find(|r| r.period == period)
        .and_then(|r| r.reported_at);
    Ok(CoverageView {
        number: c.row.number.clone(),
        coverage_bp: ratio_bp(answered, targets),
        target_bp: c.row.coverage_target_bp,
        divisions: shape(rows, c.row.coverage_target_bp),
        reminders: store_r::reminders(store, c.row.id, &period).await?,
        period,
        targets,
        answered,
        reported_at,
    })
}

/// One enterprise not yet answered, with its liaison.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Unanswered {
    pub enterprise_id: i64,
    pub uscc: String,
    pub name: String,
    pub division: String,
    pub division_name: String,
    pub liaison_name: Option<String>,
    pub liaison_phone: Option<String>,
}

/// Unanswered targets of the reader's jurisdiction in (division, enterprise) order after the
/// cursor `after` (`{division}-{enterprise id}`), at most `limit`, with the next page's cursor.
/// Only divisions whose kept counts show someone unanswered are walked, so a page costs the
/// size of a few divisions however high the coverage — the last 10% is what gets chased.
pub(crate) async fn pending(
    store: &Store,
    p: &Principal,
    c: &super::Loaded,
    period: &str,
    after: Option<&str>,
    limit: usize,
) -> ServiceResult<(Vec<store_m::TargetRow>, Option<String>)> {
    let cursor = after.and_then(|a| {
        let (d, id) = a.rsplit_once('-')?;
        Some((d.to_string(), id.parse::<i64>().ok()?))
    });
    let mut divisions: Vec<CoverageRow> = stats::division_counts(store, c.row.id, period)
        .await?
        .into_iter()
        .filter(|d| d.targets > d.answered && p.covers_division(&d.division))
        .filter(|d| cursor.as_ref().is_none_or(|(from, _)| d.division >= *from))
        .collect();
    divisions.sort_by(|a, b| a.division.cmp(&b.division));
    let mut out = Vec::new();
    for d in &divisions {
        let after_id = cursor
            .as_ref()
            .filter(|(from, _)| *from == d.division)
            .map(|(_, id)| *id);
        let need = i64::try_from(limit + 1 - out.len()).unwrap_or(1);
        out.extend(store_m::unanswered_in(store, c.row.id, period, &d.division, after_id, need).await?);
        if out.len() > limit {
            break;
        }
    }
    let next = if out.len() > limit {
        out.truncate(limit);
        out.last().map(|t| format!("{}-{}", t.division, t.enterprise_id))
    } else {
        None
    };
    Ok((out, next))
}

/// Enterprises of the reader's jurisdiction that have not answered the period (50 a page, by
/// division), with the cursor of the next page.
pub async fn unanswered(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
    after: Option<&str>,
) -> ServiceResult<(String, Vec<Unanswered>, Option<String>)> {
    p.require(!matches!(p.scope, Scope::Enterprise { .. }))?;
    let c = load(store, p, number).await?;
    let period = period_or_current(&c, period)?;
    let (rows, next) = pending(store, p, &c, &period, after, 50).await?;
    Ok((
        period,
        rows.into_iter()
            .map(|t| Unanswered {
                enterprise_id: t.enterprise_id,
                division_name: division_name(&t.division),
                uscc: t.uscc,
                name: t.name_zh,
                division: t.division,
                liaison_name: t.liaison_name,
                liaison_phone: t.liaison_phone,
            })
            .collect(),
        next,
    ))
}

/// Sends reminders for the period: to each unanswered enterprise's own accounts, and to the
/// officers of each division with unanswered enterprises (one notice per division, naming
/// how many). Once a day at most per recipient. Returns the round as recorded.
pub async fn remind(store: &Store, p: &Principal, number: &str, period: Option<&str>) -> ServiceResult<ReminderRow> {
    require_officer(p)?;
    let c = load(store, p, number).await?;
    if c.row.status != "open" {
        return Err(ServiceError::Conflict {
            message: "only an open campaign sends reminders".into(),
            allowed: vec![],
        });
    }
    let period = period_or_current(&c, period)?;
    let today = today_cn().to_string();
    let mut per_division: BTreeMap<String, i64> = BTreeMap::new();
    let mut enterprises = Vec::new();
    let mut after = None;
    loop {
        let (rows, next) = pending(store, p, &c, &period, after.as_deref(), 1000).await?;
        for t in &rows {
            *per_division.entry(t.division.clone()).or_insert(0) += 1;
            enterprises.push(t.uscc.clone());
        }
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let mut tx = store.begin_write().await?;
    let mut notices = 0;
    let title_e = format!("请填报「{}」{} 期（{}）", c.row.title, period, c.row.number);
    for u in &enterprises {
        let key = format!("{}:{}:{}:{}", c.row.number, period, u, today);
        notices += notify_users(&mut tx, Recipients::Enterprise(u), "campaign_reminder", &key, &title_e).await?;
    }
    for (division, n) in &per_division {
        let key = format!("{}:{}:{}:{}", c.row.number, period, division, today);
        let title = format!(
            "「{}」{} 期：{} 尚有 {} 家企业未填报（{}）",
            c.row.title,
            period,
            division_name(division),
            n,
            c.row.number
        );
        notices += notify_users(
            &mut tx,
            Recipients::Officers(division),
            "campaign_reminder",
            &key,
            &title,
        )
        .await?;
    }
    let row = ReminderRow {
        id: 0,
        period: period.clone(),
        kind: "remind".into(),
        division: p.division.clone(),
        enterprises: i64::try_from(enterprises.len()).unwrap_or(0),
        notices: i64::try_from(notices).unwrap_or(0),
        created_by: p.username.clone(),
        created_at: kaifang_store::now_text(),
    };
    store_r::insert_reminder(&mut tx, c.row.id, &row).await?;
    tx.audit(
        &p.actor(),
        kaifang_store::AuditEvent {
            action: "campaign_reminders_sent",
            object_type: "campaign",
            object_id: &c.row.number,
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({"period": period, "enterprises": enterprises.len(), "divisions": per_division.len(), "notices": notices})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Escalates every division below the coverage target, one level down from the reader, to the
/// officers and leaders of that division and of the division above it (the reader's own, or for a
/// province the national level), naming the division and its coverage. Returns the divisions
/// escalated.
pub async fn escalate(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
) -> ServiceResult<Vec<DivisionCoverage>> {
    require_officer(p)?;
    let c = load(store, p, number).await?;
    if c.row.status != "open" {
        return Err(ServiceError::Conflict {
            message: "only an open campaign is chased".into(),
            allowed: vec![],
        });
    }
    let view = coverage(store, p, number, period).await?;
    let low: Vec<DivisionCoverage> = view.divisions.into_iter().filter(|d| d.below_target).collect();
    let today = today_cn().to_string();
    let rd = kaifang_refdata::get();
    let mut tx = store.begin_write().await?;
    let mut notices = 0;
    for d in &low {
        let title = format!(
            "覆盖率预警：「{}」{} 期 {} 覆盖率 {:.1}%，低于目标 {:.1}%（{}）",
            c.row.title,
            view.period,
            d.name,
            d.coverage_bp as f64 / 100.0,
            view.target_bp as f64 / 100.0,
            view.number
        );
        let parent = rd
            .division(&d.division)
            .and_then(|x| x.parent.clone())
            .unwrap_or_else(|| "000000".into());
        for recipient in [d.division.clone(), parent] {
            let key = format!("{}:{}:{}:{}:{}", view.number, view.period, d.division, recipient, today);
            notices += notify_users(
                &mut tx,
                Recipients::Division(&recipient),
                "campaign_escalation",
                &key,
                &title,
            )
            .await?;
        }
    }
    store_r::insert_reminder(
        &mut tx,
        c.row.id,
        &ReminderRow {
            id: 0,
            period: view.period.clone(),
            kind: "escalate".into(),
            division: p.division.clone(),
            enterprises: low.iter().map(|d| d.targets - d.answered).sum(),
            notices: i64::try_from(notices).unwrap_or(0),
            created_by: p.username.clone(),
            created_at: kaifang_store::now_text(),
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        kaifang_store::AuditEvent {
            action: "campaign_coverage_escalated",
            object_type: "campaign",
            object_id: &view.number,
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({"period": view.period, "divisions": low.iter().map(|d| (&d.division, d.coverage_bp)).collect::<Vec<_>>()})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(low)
}

/// Reports a period complete. Refused (409) while the coverage of the whole campaign is below
/// the target its owner set.
pub async fn report_complete(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
) -> ServiceResult<CoverageView> {
    let c = load(store, p, number).await?;
    p.require(super::campaign::manages(p, &c.row))?;
    let period = period_or_current(&c, period)?;
    let owner = crate::placement::scope_of(&c.row.owner_division).ok_or(ServiceError::NotFound)?;
    let rows = stats::coverage(store, c.row.id, &period, &owner).await?;
    let (targets, answered) = rows.iter().fold((0, 0), |a, r| (a.0 + r.targets, a.1 + r.answered));
    let bp = ratio_bp(answered, targets);
    if bp < c.row.coverage_target_bp {
        return Err(ServiceError::Conflict {
            message: format!(
                "coverage is {:.2}% ({answered} of {targets}), below the target of {:.2}%: the period cannot be reported complete",
                bp as f64 / 100.0,
                c.row.coverage_target_bp as f64 / 100.0
            ),
            allowed: vec!["remind".into(), "escalate".into()],
        });
    }
    let mut tx = store.begin_write().await?;
    store_m::report_period(&mut tx, c.row.id, &period, &p.username, answered, targets).await?;
    tx.audit(
        &p.actor(),
        kaifang_store::AuditEvent {
            action: "campaign_period_reported",
            object_type: "campaign",
            object_id: &c.row.number,
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({"period": period, "answered": answered, "targets": targets})),
        },
    )
    .await?;
    tx.commit().await?;
    coverage(store, p, number, Some(&period)).await
}

/// What the worker's campaign scan did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScanReport {
    pub reminders: u64,
    pub escalations: u64,
}

/// Days before a period ends when the worker starts reminding.
pub const REMIND_DAYS_BEFORE_END: i64 = 3;

/// The worker's chase of every open campaign on `today`: in the last days of the current
/// period, a daily reminder to the officers of each division with unanswered enterprises; once
/// a period has ended below the coverage target in a division, one escalation to the officers
/// and leaders of the division above it. Notices are keyed, so a repeated scan sends nothing
/// twice. Writes into the caller's transaction.
pub async fn scan(store: &Store, tx: &mut kaifang_store::WriteTx, today: time::Date) -> ServiceResult<ScanReport> {
    let access = store_m::CampaignAccess {
        scope: Scope::National,
        chain: vec![],
    };
    let mut report = ScanReport::default();
    let mut after = None;
    loop {
        let page = store_m::list(store, &access, Some("open"), after, 100).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        let n = page.len();
        for row in page {
            let c = super::loaded(store, row).await?;
            let (Some(o), Some(cl)) = (
                kaifang_domain::calendar::parse_date(&c.row.opens_on),
                kaifang_domain::calendar::parse_date(&c.row.closes_on),
            ) else {
                continue;
            };
            let periods = kaifang_domain::monitoring::periods(c.kind, o, cl);
            let Some(i) = periods.iter().rposition(|p| p.starts_on <= today) else {
                continue;
            };
            let current = &periods[i];
            let ends = current.ends_on.min(cl);
            if today <= ends && (ends - today).whole_days() < REMIND_DAYS_BEFORE_END {
                for d in stats::division_counts(store, c.row.id, &current.key).await? {
                    let open = d.targets - d.answered;
                    if open <= 0 {
                        continue;
                    }
                    let key = format!("{}:{}:{}:{}:auto", c.row.number, current.key, d.division, today);
                    let title = format!(
                        "「{}」{} 期 {} 截止：{} 尚有 {} 家企业未填报（{}）",
                        c.row.title,
                        current.key,
                        ends,
                        division_name(&d.division),
                        open,
                        c.row.number
                    );
                    report.reminders +=
                        notify_users(tx, Recipients::Officers(&d.division), "campaign_reminder", &key, &title).await?;
                }
            }
            // The period before the current one, or the current one once it has ended.
            let ended = if current.ends_on < today {
                Some(current)
            } else {
                i.checked_sub(1).map(|j| &periods[j])
            };
            if let Some(p) = ended {
                for d in stats::division_counts(store, c.row.id, &p.key).await? {
                    let bp = ratio_bp(d.answered, d.targets);
                    if bp >= c.row.coverage_target_bp {
                        continue;
                    }
                    let parent = kaifang_refdata::get()
                        .division(&d.division)
                        .and_then(|x| x.parent.clone())
                        .unwrap_or_else(|| "000000".into());
                    let key = format!("{}:{}:{}:escalated", c.row.number, p.key, d.division);
                    let title = format!(
                        "覆盖率预警：「{}」{} 期已结束，{} 覆盖率 {:.1}%，低于目标 {:.1}%（{}）",
                        c.row.title,
                        p.key,
                        division_name(&d.division),
                        bp as f64 / 100.0,
                        c.row.coverage_target_bp as f64 / 100.0,
                        c.row.number
                    );
                    report.escalations +=
                        notify_users(tx, Recipients::Division(&parent), "campaign_escalation", &key, &title).await?;
                }
            }
        }
        if n < 100 {
            break;
        }
    }
    Ok(report)
}
