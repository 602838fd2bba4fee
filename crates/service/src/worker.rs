//! The background worker: runs due jobs from the durable job table. Any
//! number of app instances may run it; a job is claimed by one at a time
//! (see `store::jobs`), and every notice it produces has a unique key, so a
//! reminder is delivered once even if a scan were repeated.
//!
//! The one recurring job today is the clock scan: reminders to the owner
//! division's officers when a case's next deadline is two working days away or
//! less, and, once the deadline has passed, an overdue notice to its officers
//! and leaders and an `overdue` entry in the case ledger; and the chase of open
//! monitoring campaigns (`monitoring::scan`).

use std::time::Duration;

use kaifang_domain::cases::DUE_SOON_DAYS;
use kaifang_store::{Actor, AuditEvent, Store, inbox, jobs};
use serde::Serialize;
use time::OffsetDateTime;

use crate::calendar::Calendars;
use crate::{ServiceError, ServiceResult};

/// How long a claim holds before another worker may take the job over.
const LEASE: Duration = Duration::from_secs(300);

/// What one run of a job did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct JobReport {
    pub kind: String,
    pub due_soon_notices: u64,
    pub overdue_notices: u64,
    pub overdue_flags: u64,
    /// Monitoring: reminders in the last days of a period, escalations after it.
    pub campaign_reminders: u64,
    pub campaign_escalations: u64,
}

fn ts(t: OffsetDateTime) -> String {
    kaifang_store::timestamp_text(t)
}

/// Claims and runs one due job as `worker` at `now`; `None` when nothing is due.
/// `interval` is how long a recurring job waits before its next run.
pub async fn tick(
    store: &Store,
    cals: &Calendars,
    worker: &str,
    now: OffsetDateTime,
    interval: Duration,
) -> ServiceResult<Option<JobReport>> {
    let Some(job) = jobs::claim(store, worker, &ts(now), &ts(now + LEASE)).await? else {
        return Ok(None);
    };
    let result = match job.kind.as_str() {
        "clock_scan" => clock_scan(store, cals, now).await,
        other => Err(ServiceError::Store(kaifang_store::StoreError::Config(format!(
            "unknown job kind {other}"
        )))),
    };
    match result {
        Ok(report) => {
            jobs::reschedule(store, job.id, worker, &ts(now + interval), job.payload.as_deref()).await?;
            Ok(Some(report))
        }
        Err(e) => {
            // Retry with a growing delay, at most an hour.
            let backoff = Duration::from_secs((30 * job.attempts.max(1) as u64).min(3600));
            jobs::fail(store, job.id, worker, &e.to_string(), &ts(now + backoff)).await?;
            Err(e)
        }
    }
}

/// One scan of case clocks: reminders for deadlines in the next two working
/// days, and every not-yet-flagged deadline that has passed.
pub async fn clock_scan(store: &Store, cals: &Calendars, now: OffsetDateTime) -> ServiceResult<JobReport> {
    let cal = cals.get(store).await?;
    let today = crate::enterprises::date_cn(now);
    let soon = cal.add_working_days(today, DUE_SOON_DAYS as u32).date;
    let (today, soon) = (today.to_string(), soon.to_string());
    let mut tx = store.begin_write().await?;
    let due_soon_notices = inbox::remind_due_soon(&mut tx, &today, &soon).await?;
    let (overdue_notices, overdue_flags) = inbox::flag_overdue(&mut tx, &today).await?;
    let campaigns = crate::monitoring::scan(store, &mut tx, crate::enterprises::date_cn(now)).await?;
    let report = JobReport {
        kind: "clock_scan".into(),
        due_soon_notices,
        overdue_notices,
        overdue_flags,
        campaign_reminders: campaigns.reminders,
        campaign_escalations: campaigns.escalations,
    };
    if overdue_flags + overdue_notices + due_soon_notices + campaigns.reminders + campaigns.escalations == 0 {
        tx.rollback().await?;
        return Ok(report);
    }
    tx.audit(
        &Actor::system("worker"),
        AuditEvent {
            action: "clock_scan",
            object_type: "job",
            object_id: "clock_scan",
            placement: &kaifang_domain::jurisdiction::Placement {
                division: "000000".into(),
                ..Default::default()
            },
            before: None,
            after: Some(serde_json::to_value(&report).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Runs jobs until `shutdown` resolves: everything due, then a pause.
pub async fn run(store: Store, cals: std::sync::Arc<Calendars>, worker: String, interval: Duration) {
    let pause = interval.min(Duration::from_secs(30));
    loop {
        match tick(&store, &cals, &worker, OffsetDateTime::now_utc(), interval).await {
            Ok(Some(report)) => tracing::info!(?report, "job done"),
            Ok(None) => tokio::time::sleep(pause).await,
            Err(e) => {
                tracing::warn!(error = %e, "job failed");
                tokio::time::sleep(pause).await;
            }
        }
    }
}
