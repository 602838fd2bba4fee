//! Time limits per jurisdiction: each division's administrators set the
//! working days for demands and problem-list items, per category or for all
//! ('*'); the most specific division above a case wins. The complaint
//! measures' limits are national law and not set locally.

use kaifang_domain::accounts::Role;
use kaifang_domain::field_error::FieldErrors;
use kaifang_store::cases::{self as store_cases, TimeLimitRow};
use kaifang_store::{AuditEvent, Store};
use serde::{Deserialize, Serialize};

use super::{CATEGORIES, err, limit_chain};
use crate::{Principal, ServiceError, ServiceResult};

/// One row of limits as set by a division.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimeLimitView {
    pub division: String,
    /// `demand` or `problem`.
    pub kind: String,
    /// A category, or `*` for every category.
    pub category: String,
    pub acknowledge_days: i64,
    pub reply_days: i64,
    pub resolve_days: i64,
    pub extended_max_days: i64,
    pub return_window_days: i64,
    pub source: String,
}

/// A division's limits for one kind and category, as an administrator enters them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct TimeLimitInput {
    pub kind: String,
    /// A category, or `*` (default) for every category.
    #[serde(default)]
    pub category: Option<String>,
    pub acknowledge_days: i64,
    pub reply_days: i64,
    pub resolve_days: i64,
    pub extended_max_days: i64,
    pub return_window_days: i64,
    /// The local rule or decision the figures come from.
    pub source: String,
}

/// The rows that apply to the caller's division: its own, then those of the
/// divisions above it (nearest first), ending with the national defaults.
pub async fn time_limits(store: &Store, p: &Principal) -> ServiceResult<Vec<TimeLimitView>> {
    p.require(p.role != Role::Enterprise)?;
    Ok(store_cases::time_limit_rows(store, &limit_chain(&p.division))
        .await?
        .into_iter()
        .map(|k| (k.kind, k.limits))
        .map(|(kind, r)| TimeLimitView {
            division: r.division,
            kind,
            category: r.category,
            acknowledge_days: r.acknowledge_days,
            reply_days: r.reply_days,
            resolve_days: r.resolve_days,
            extended_max_days: r.extended_max_days,
            return_window_days: r.return_window_days,
            source: r.source,
        })
        .collect())
}

/// Sets the caller's own division's limits (administrators only); audited.
pub async fn set_time_limit(store: &Store, p: &Principal, input: &TimeLimitInput) -> ServiceResult<TimeLimitView> {
    p.require(p.role == Role::Admin)?;
    let mut errors = Vec::new();
    let kind = input.kind.trim();
    if !matches!(kind, "demand" | "problem") {
        errors.push(err(
            "kind",
            "case.kind",
            "诉求或问题清单的时限可由本级设定；投诉时限由《外商投资企业投诉工作办法》规定",
            "demand or problem; complaint limits are set by the complaint measures",
        ));
    }
    let category = input
        .category
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("*");
    if category != "*" && !CATEGORIES.iter().any(|c| c.0 == category) {
        errors.push(err("category", "case.category", "未知的类别", "unknown category"));
    }
    let fields = [
        ("acknowledge_days", input.acknowledge_days),
        ("reply_days", input.reply_days),
        ("resolve_days", input.resolve_days),
        ("extended_max_days", input.extended_max_days),
    ];
    for (f, v) in fields {
        if !(1..=365).contains(&v) {
            errors.push(err(f, "range", "应为 1–365 个工作日", "1 to 365 working days"));
        }
    }
    if !(0..=30).contains(&input.return_window_days) {
        errors.push(err(
            "return_window_days",
            "range",
            "应为 0–30 个工作日",
            "0 to 30 working days",
        ));
    }
    let ordered = input.acknowledge_days <= input.reply_days
        && input.reply_days <= input.resolve_days
        && input.resolve_days <= input.extended_max_days;
    if errors.is_empty() && !ordered {
        errors.push(err(
            "resolve_days",
            "case.limits_order",
            "应满足 签收 ≤ 答复 ≤ 办结 ≤ 延期上限",
            "acknowledge ≤ reply ≤ resolve ≤ extended maximum",
        ));
    }
    if input.source.trim().is_empty() {
        errors.push(err(
            "source",
            "required",
            "请写明依据（本级文件或决定）",
            "name the local rule or decision",
        ));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(FieldErrors(errors)));
    }
    let row = TimeLimitRow {
        division: p.division.clone(),
        category: category.to_string(),
        acknowledge_days: input.acknowledge_days,
        reply_days: input.reply_days,
        resolve_days: input.resolve_days,
        extended_max_days: input.extended_max_days,
        return_window_days: input.return_window_days,
        source: input.source.trim().to_string(),
    };
    let mut tx = store.begin_write().await?;
    let before = store_cases::set_time_limits(&mut tx, kind, &row).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "case_time_limits_set",
            object_type: "case_time_limits",
            object_id: &format!("{}/{kind}/{category}", p.division),
            placement: &p.placement,
            before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
            after: Some(serde_json::to_value(&row).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(TimeLimitView {
        division: row.division,
        kind: kind.to_string(),
        category: row.category,
        acknowledge_days: row.acknowledge_days,
        reply_days: row.reply_days,
        resolve_days: row.resolve_days,
        extended_max_days: row.extended_max_days,
        return_window_days: row.return_window_days,
        source: row.source,
    })
}
