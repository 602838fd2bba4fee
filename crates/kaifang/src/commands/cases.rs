//! `kaifang cases`: case-engine tools for operators and benchmarks.

use crate::settings::Settings;
use crate::startup::open_store;
use clap::Subcommand;
use kaifang_service::calendar::Calendars;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// Run the clock scan once now, as the background worker does: due-soon reminders, overdue
    /// notices and flags, and a ledger entry per newly overdue case. Prints what it did and how
    /// long the scan took (the first scan over fresh data flags every overdue case; the next
    /// only what became overdue since).
    Scan {
        /// Scan as if on this day (`YYYY-MM-DD`, at 09:00 China time) instead of now: a later
        /// day shows what a daily scan meets.
        #[arg(long)]
        at: Option<String>,
    },
}

pub async fn run(settings: Settings, cmd: CasesCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(&settings).await?;
    match cmd {
        CasesCommand::Scan { at } => {
            let now = match at.as_deref() {
                None => time::OffsetDateTime::now_utc(),
                Some(s) => match kaifang_domain::calendar::parse_date(s) {
                    // 09:00 in China (UTC+8) is 01:00 UTC.
                    Some(d) => d.midnight().assume_utc() + time::Duration::hours(1),
                    None => {
                        eprintln!("--at: a date is written YYYY-MM-DD");
                        return Ok(ExitCode::from(2));
                    }
                },
            };
            let calendars = Calendars::default();
            let started = std::time::Instant::now();
            let report = kaifang_service::worker::clock_scan(&store, &calendars, now)
                .await
                .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
            let secs = started.elapsed().as_secs_f64();
            println!(
                "{}: {} due-soon notices, {} overdue notices, {} cases flagged overdue in {secs:.3} s",
                report.kind, report.due_soon_notices, report.overdue_notices, report.overdue_flags
            );
            // Closing checkpoints SQLite's write-ahead log here rather than in the next writer.
            store.close().await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
