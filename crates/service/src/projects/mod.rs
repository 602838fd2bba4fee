//! The major-project pipeline (项目储备库): project records, stage moves with
//! their history, tranches of utilised foreign capital, the task force, the
//! service log and the factor approvals, each write audited.
//!
//! `input` validates what a form, the API or a ledger row sends; `stage` moves a
//! project along the pipeline; `parts` records what a project owns beside its
//! record; `view` shapes what pages and the API show.

mod dashboard;
mod input;
mod ledger;
mod parts;
mod rules;
mod stage;
mod view;

pub use dashboard::{
    FunnelStep, GroupFigures, LandFigures, MonthFigures, ProjectDashboard, ProjectDashboardCache, dashboard,
    dashboard_cached,
};
pub use input::{ProjectInput, ProjectInvestor, validate};
pub use ledger::{COLUMNS as LEDGER_COLUMNS, LedgerImportReport, PreviewRow, import_ledger, ledger_xlsx};
pub use parts::{
    ApprovalInput, LogInput, MemberInput, TrancheInput, VoidInput, add_member, add_tranche, log_service, remove_member,
    set_approval, void_tranche,
};
pub use rules::{UpdateRuleInput, UpdateRuleView, set_update_rule, update_rules};
pub use stage::{StageInput, move_stage};
pub use view::{
    AmountView, ApprovalView, LogView, MemberView, ProjectCase, ProjectDetail, ProjectSummary, ProjectView,
    StageEventView, TrancheView,
};

use kaifang_domain::accounts::Role;
use kaifang_domain::projects::Stage;
use kaifang_store::projects::{self as store_projects, ProjectFilter, ProjectRow};
use kaifang_store::{AuditEvent, Store, WriteTx};
use serde::Deserialize;
use time::Date;

use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// Who may change projects: officers and administrators (leaders read and supervise).
pub(crate) fn require_writer(p: &Principal) -> ServiceResult<()> {
    p.require(matches!(p.role, Role::Officer | Role::Admin))
}

/// The user whose task-force membership also grants access (officers and leaders).
pub(crate) fn member_of(p: &Principal) -> Option<i64> {
    matches!(p.role, Role::Officer | Role::Leader | Role::Admin).then_some(p.user_id)
}

/// Marks the project updated today and sets the day after which it is stale
/// (none once it is dropped or at capacity).
pub(crate) async fn touch(tx: &mut WriteTx, row: &mut ProjectRow, today: Date) -> ServiceResult<()> {
    row.last_update_on = today.to_string();
    row.updated_at = kaifang_store::now_text();
    let tracked = Stage::parse(&row.stage).is_some_and(Stage::is_tracked);
    row.stale_on = if tracked {
        let days = store_projects::update_days(tx.conn(), &crate::placement::chain_to_national(&row.division))
            .await?
            .map_or(30, |r| r.1);
        Some((today + time::Duration::days(days)).to_string())
    } else {
        None
    };
    Ok(())
}

/// A row as the audit log keeps it.
pub(crate) fn audit_value(row: &ProjectRow) -> serde_json::Value {
    serde_json::to_value(row).unwrap_or_default()
}

/// Registers a project (officers and administrators, inside their jurisdiction).
pub async fn create(store: &Store, p: &Principal, input: &ProjectInput) -> ServiceResult<ProjectDetail> {
    require_writer(p)?;
    let today = today_cn();
    let mut row = validate(input, p, today, None)?;
    let mut tx = store.begin_write().await?;
    touch(&mut tx, &mut row, today).await?;
    row.created_at = kaifang_store::now_text();
    let year = &row.lead_on[..4];
    let (id, number) = store_projects::insert(&mut tx, &row, &format!("XM-{year}-{}", row.division)).await?;
    row.id = id;
    row.number = number.clone();
    row.version = 1;
    kaifang_store::project_parts::append_stage_event(
        &mut tx,
        &kaifang_store::project_parts::StageEventRow {
            project_id: id,
            on_date: row.stage_on.clone(),
            actor_id: Some(p.user_id),
            actor_name: p.username.clone(),
            from_stage: None,
            to_stage: row.stage.clone(),
            evidence: Some("registered".into()),
            ..Default::default()
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "project_created",
            object_type: "project",
            object_id: &number,
            placement: &row.placement(),
            before: None,
            after: Some(audit_value(&row)),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, &number).await
}

/// Changes a project's record (not its stage: see [`move_stage`]); fields absent
/// from `patch` keep their value. `version`, when given, must match.
pub async fn update(
    store: &Store,
    p: &Principal,
    number: &str,
    patch: &ProjectInput,
    version: Option<i64>,
) -> ServiceResult<ProjectDetail> {
    require_writer(p)?;
    let today = today_cn();
    let mut tx = store.begin_write().await?;
    let before = store_projects::get_in(&mut tx, &p.scope, member_of(p), number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    if version.is_some_and(|v| v != before.version) {
        return Err(ServiceError::Conflict {
            message: "the project was changed meanwhile; reload it".into(),
            allowed: vec![],
        });
    }
    let merged = ProjectInput::of_row(&before).overlay(patch);
    let mut row = validate(&merged, p, today, Some(&before))?;
    touch(&mut tx, &mut row, today).await?;
    store_projects::update(&mut tx, &before, &row).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "project_updated",
            object_type: "project",
            object_id: &row.number,
            placement: &row.placement(),
            before: Some(audit_value(&before)),
            after: Some(audit_value(&row)),
        },
    )
    .await?;
    tx.commit().await?;
    get(store, p, number).await
}

/// One project with everything it owns, inside the caller's scope (or task force).
pub async fn get(store: &Store, p: &Principal, number: &str) -> ServiceResult<ProjectDetail> {
    let row = store_projects::get(store, &p.scope, member_of(p), number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    view::detail(store, p, row, today_cn()).await
}

/// Query of the project ledger.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    pub stage: Option<String>,
    pub key_level: Option<String>,
    pub project_type: Option<String>,
    /// Main investor's country or region (ISO alpha-2).
    pub source_region: Option<String>,
    /// Industry code at any level (section letter, 2, 3 or 4 digits).
    pub industry: Option<String>,
    /// Division code: only projects placed there or below.
    pub division: Option<String>,
    /// Only projects overdue for an update.
    pub stale: Option<bool>,
    /// `me`: only the projects whose task force the caller is on.
    pub team: Option<String>,
    /// Name contains.
    pub q: Option<String>,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
    pub limit: Option<i64>,
}

impl ProjectQuery {
    pub(crate) fn filter(&self, p: &Principal, today: Date) -> ServiceResult<ProjectFilter> {
        let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let industry_range = match nonempty(&self.industry) {
            None => None,
            Some(code) => {
                let ind = kaifang_refdata::get().industry(&code).ok_or_else(|| {
                    ServiceError::from(input::msg(
                        "industry",
                        "industry.unknown",
                        format!("行业代码 {code} 不存在"),
                        format!("industry code {code} does not exist"),
                    ))
                })?;
                Some(crate::enterprises::industry_range(ind))
            }
        };
        let division_prefix = match nonempty(&self.division) {
            None => None,
            Some(d) => {
                let pl = crate::placement::of_division("division", &d)?;
                Some(match (&pl.county, &pl.prefecture, &pl.province) {
                    (Some(c), _, _) => c.clone(),
                    (None, Some(pf), _) => pf[..4].to_string(),
                    (None, None, Some(pv)) => pv[..2].to_string(),
                    _ => String::new(),
                })
            }
        };
        Ok(ProjectFilter {
            stage: nonempty(&self.stage),
            key_level: nonempty(&self.key_level),
            project_type: nonempty(&self.project_type),
            source_region: nonempty(&self.source_region).map(|s| s.to_uppercase()),
            industry_range,
            stale_before: self.stale.unwrap_or(false).then(|| today.to_string()),
            member: (self.team.as_deref() == Some("me")).then_some(p.user_id),
            division_prefix: division_prefix.filter(|s| !s.is_empty()),
            text: nonempty(&self.q),
        })
    }
}

/// One page of the ledger inside the caller's jurisdiction, newest first.
pub async fn list(store: &Store, p: &Principal, q: &ProjectQuery) -> ServiceResult<Vec<ProjectSummary>> {
    let today = today_cn();
    let f = q.filter(p, today)?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let rows = store_projects::list(store, &p.scope, &f, q.after, limit).await?;
    Ok(rows.into_iter().map(|r| view::summary(r, today)).collect())
}

/// The supervision list: tracked projects overdue for an update, longest overdue first.
pub async fn stale(store: &Store, p: &Principal, limit: i64) -> ServiceResult<Vec<ProjectSummary>> {
    let today = today_cn();
    let rows = store_projects::stale(store, &p.scope, &today.to_string(), limit.clamp(1, 500)).await?;
    Ok(rows.into_iter().map(|r| view::summary(r, today)).collect())
}
