//! Moving a project along the pipeline: only the moves [`allowed`] lists, each
//! with its date, who and the evidence, and the data its stage requires.

use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::projects::{self as rules, KeyDates, Stage, allowed};
use kaifang_store::project_parts::{self as parts, StageEventRow};
use kaifang_store::projects as store_projects;
use kaifang_store::{AuditEvent, Store};
use serde::Deserialize;

use super::input::{converted, date_field, msg, text};
use super::{ProjectDetail, audit_value, get, member_of, require_writer, touch};
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// One stage move.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct StageInput {
    /// The stage to move to: talks, signed, construction, production, capacity, paused,
    /// dropped, or (from paused) the stage it paused in.
    pub to: String,
    /// The date it happened, YYYY-MM-DD; default today.
    #[serde(default)]
    pub on: Option<String>,
    /// What shows it happened (a contract number, a permit, minutes); required to pause or drop.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Signing: the contracted foreign capital, when not yet recorded.
    #[serde(default)]
    pub contracted_amount: Option<String>,
    #[serde(default)]
    pub contracted_currency: Option<String>,
    #[serde(default)]
    pub contracted_rate: Option<String>,
    #[serde(default)]
    pub contracted_rate_on: Option<String>,
    /// Signing: on_site or cloud (云签约).
    #[serde(default)]
    pub signing_mode: Option<String>,
    /// The version the caller saw; a different one answers 409.
    #[serde(default)]
    pub version: Option<i64>,
}

fn conflict(message: String, stage: Stage, paused_from: Option<Stage>) -> ServiceError {
    ServiceError::Conflict {
        message,
        allowed: allowed(stage, paused_from)
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
    }
}

/// Moves a project to another stage. A move the current stage does not allow
/// answers 409 with the allowed stages; missing data answers 422 naming the fields.
pub async fn move_stage(
    store: &Store,
    p: &Principal,
    number: &str,
    input: &StageInput,
) -> ServiceResult<ProjectDetail> {
    require_writer(p)?;
    let today = today_cn();
    let mut tx = store.begin_write().await?;
    let before = store_projects::get_in(&mut tx, &p.scope, member_of(p), number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let from = Stage::parse(&before.stage).unwrap_or(Stage::Lead);
    let paused_from = before.paused_from.as_deref().and_then(Stage::parse);
    let Some(to) = Stage::parse(&input.to) else {
        return Err(conflict(format!("unknown stage {:?}", input.to), from, paused_from));
    };
    if !allowed(from, paused_from).contains(&to) {
        return Err(conflict(
            format!("a project in {} cannot move to {}", from.as_str(), to.as_str()),
            from,
            paused_from,
        ));
    }
    if input.version.is_some_and(|v| v != before.version) {
        return Err(ServiceError::Conflict {
            message: "the project was changed meanwhile; reload it".into(),
            allowed: vec![],
        });
    }
    let mut errs = FieldErrors::new();
    let on = date_field(&mut errs, "on", &input.on, today).unwrap_or(today);
    if on.to_string() < before.stage_on {
        errs.push(msg(
            "on",
            "date.order",
            format!("日期不能早于当前阶段开始日期 {}", before.stage_on),
            format!("cannot be before the current stage began ({})", before.stage_on),
        ));
    }
    let evidence = text(&input.evidence);
    if matches!(to, Stage::Paused | Stage::Dropped) && evidence.is_none() {
        errs.push(msg(
            "evidence",
            "required",
            "暂停或终止须写明原因和依据",
            "pausing or dropping needs the reason and its evidence",
        ));
    }
    let mut row = before.clone();
    let resuming = from == Stage::Paused && to != Stage::Dropped;
    if to == Stage::Signed {
        // The rate of the day of signing, unless another day is given.
        let rate_on = input.contracted_rate_on.clone().or_else(|| Some(on.to_string()));
        if let Some(c) = converted(
            &mut errs,
            "contracted",
            &input.contracted_amount,
            &input.contracted_currency,
            &input.contracted_rate,
            &rate_on,
            today,
        ) {
            row.contracted_minor = Some(c.amount.minor());
            row.contracted_currency = Some(c.amount.currency().as_str().to_string());
            row.contracted_rate = Some(c.rate.micros());
            row.contracted_rate_on = Some(c.rate_on.to_string());
            row.contracted_usd = Some(c.usd.minor());
        }
        if let Some(m) = text(&input.signing_mode) {
            if m != "on_site" && m != "cloud" {
                errs.push(msg(
                    "signing_mode",
                    "signing_mode.unknown",
                    "签约方式应为 on_site（现场）或 cloud（云签约）",
                    "the signing mode is on_site or cloud",
                ));
            }
            row.signing_mode = Some(m);
        }
    }
    let mut dates = KeyDates {
        lead_on: kaifang_domain::calendar::parse_date(&row.lead_on),
        talks_on: row.talks_on.as_deref().and_then(kaifang_domain::calendar::parse_date),
        signed_on: row.signed_on.as_deref().and_then(kaifang_domain::calendar::parse_date),
        construction_on: row
            .construction_on
            .as_deref()
            .and_then(kaifang_domain::calendar::parse_date),
        production_on: row
            .production_on
            .as_deref()
            .and_then(kaifang_domain::calendar::parse_date),
        capacity_on: row
            .capacity_on
            .as_deref()
            .and_then(kaifang_domain::calendar::parse_date),
    };
    if !resuming {
        dates.set(to, on);
    }
    for e in dates.order_errors() {
        errs.push(msg(
            "on",
            "date.order",
            format!("{} 不能早于 {}", e.later_field, e.earlier_field),
            format!("{} cannot be before {}", e.later_field, e.earlier_field),
        ));
    }
    if to.rank().is_some() {
        for field in rules::missing_for(to, &dates, row.contracted_minor.is_some()) {
            let field = if field == "contracted_fdi" {
                "contracted_amount"
            } else {
                field
            };
            errs.push(msg(
                field,
                "stage.requires",
                format!("进入{}阶段须填写此项", to.names().0),
                format!("required to enter the stage {}", to.names().1),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let d = |x: Option<time::Date>| x.map(|d| d.to_string());
    row.talks_on = d(dates.talks_on);
    row.signed_on = d(dates.signed_on);
    row.construction_on = d(dates.construction_on);
    row.production_on = d(dates.production_on);
    row.capacity_on = d(dates.capacity_on);
    row.paused_from = match to {
        Stage::Paused => Some(from.as_str().to_string()),
        _ => None,
    };
    if to == Stage::Dropped {
        row.dropped_on = Some(on.to_string());
    }
    row.stage = to.as_str().to_string();
    row.stage_on = on.to_string();
    touch(&mut tx, &mut row, today).await?;
    store_projects::update(&mut tx, &before, &row).await?;
    parts::append_stage_event(
        &mut tx,
        &StageEventRow {
            project_id: row.id,
            on_date: on.to_string(),
            actor_id: Some(p.user_id),
            actor_name: p.username.clone(),
            from_stage: Some(from.as_str().to_string()),
            to_stage: to.as_str().to_string(),
            evidence,
            detail_json: (to == Stage::Signed).then(|| {
                serde_json::json!({
                    "contracted_usd": row.contracted_usd,
                    "signing_mode": row.signing_mode,
                })
                .to_string()
            }),
            ..Default::default()
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "project_stage_changed",
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
