//! How often projects must be updated, per jurisdiction (default every 30 days):
//! the rules that apply to the caller's division, and an administrator's change
//! of their own division's rule, which moves the stale date of every tracked
//! project it governs in the same transaction.

use std::collections::HashMap;

use kaifang_domain::accounts::Role;
use kaifang_domain::calendar::parse_date;
use kaifang_store::projects as store_projects;
use kaifang_store::{AuditEvent, Store};
use serde::{Deserialize, Serialize};

use super::input::msg;
use crate::placement::chain_to_national;
use crate::{Principal, ServiceError, ServiceResult};

/// One division's rule.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UpdateRuleView {
    pub division: String,
    pub division_name: String,
    /// Days a project may go without an update before it is flagged.
    pub days: i64,
    pub source: String,
    /// Whether this is the rule that applies to the caller's own division.
    pub applies: bool,
}

/// A new rule for the administrator's own division.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct UpdateRuleInput {
    pub days: Option<i64>,
    /// The document that sets it (a notice number), or a note.
    pub source: Option<String>,
}

/// The rules along the caller's chain of divisions, nearest first; the first one set applies.
pub async fn update_rules(store: &Store, p: &Principal) -> ServiceResult<Vec<UpdateRuleView>> {
    let all: HashMap<String, (i64, String)> = store_projects::update_rules(store)
        .await?
        .into_iter()
        .map(|(d, n, s)| (d, (n, s)))
        .collect();
    let mut out = Vec::new();
    for d in chain_to_national(&p.division) {
        if let Some((days, source)) = all.get(&d) {
            out.push(UpdateRuleView {
                division_name: crate::placement::full_name(&d),
                division: d,
                days: *days,
                source: source.clone(),
                applies: out.is_empty(),
            });
        }
    }
    Ok(out)
}

/// Sets the administrator's division's rule; every tracked project it governs (those
/// below it not governed by a nearer rule) gets its stale date moved. Audited.
pub async fn set_update_rule(
    store: &Store,
    p: &Principal,
    input: &UpdateRuleInput,
) -> ServiceResult<Vec<UpdateRuleView>> {
    p.require(p.role == Role::Admin)?;
    let days = match input.days {
        Some(d) if (1..=365).contains(&d) => d,
        _ => {
            return Err(ServiceError::from(msg(
                "days",
                "range",
                "更新周期应为 1–365 天",
                "between 1 and 365 days",
            )));
        }
    };
    let source = super::input::text(&input.source).unwrap_or_else(|| format!("set by {} ({})", p.username, p.division));
    let mut tx = store.begin_write().await?;
    let before = store_projects::set_update_rule(&mut tx, &p.division, days, &source).await?;
    let mut rules: HashMap<String, i64> = HashMap::new();
    for (d, n, _) in store_projects::update_rules(store).await? {
        rules.insert(d, n);
    }
    rules.insert(p.division.clone(), days);
    let mut moved = 0usize;
    let mut nearest: HashMap<String, i64> = HashMap::new();
    for (id, division, last, stale) in store_projects::tracked_in(&mut tx, &p.scope).await? {
        let n = *nearest.entry(division.clone()).or_insert_with(|| {
            chain_to_national(&division)
                .iter()
                .find_map(|d| rules.get(d).copied())
                .unwrap_or(30)
        });
        let Some(last) = parse_date(&last) else { continue };
        let new = (last + time::Duration::days(n)).to_string();
        if new != stale {
            store_projects::set_stale_on(&mut tx, id, &new).await?;
            moved += 1;
        }
    }
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "project_update_rule_set",
            object_type: "project_update_rule",
            object_id: &p.division,
            placement: &p.placement,
            before: before.map(|(d, n, s)| serde_json::json!({"division": d, "days": n, "source": s})),
            after: Some(
                serde_json::json!({"division": p.division, "days": days, "source": source,
                "projects_moved": moved}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    update_rules(store, p).await
}
