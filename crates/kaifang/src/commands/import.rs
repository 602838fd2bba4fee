//! `kaifang import enterprises FILE [--dry-run]`, with a progress bar.

use crate::settings::Settings;
use crate::startup::open_store;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import FIEs from .xlsx or .csv (UTF-8 or GBK); all rows or none.
    Enterprises {
        file: PathBuf,
        /// Only check the file and report every problem.
        #[arg(long)]
        dry_run: bool,
        /// Act as this user (within their jurisdiction); default: the command line, national scope.
        #[arg(long = "as")]
        as_user: Option<String>,
    },
}

pub async fn run(settings: Settings, cmd: ImportCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(&settings).await?;
    let ImportCommand::Enterprises { file, dry_run, as_user } = cmd;
    let principal = match as_user {
        None => super::cli_principal(),
        Some(u) => {
            let Some(user) = kaifang_store::accounts::by_username(&store, &u).await? else {
                eprintln!("no user named {u}");
                return Ok(ExitCode::from(2));
            };
            kaifang_service::Principal::from_user(&user, "local")
                .ok_or_else(|| anyhow::anyhow!("the account {u} is inconsistent"))?
        }
    };
    let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(if dry_run { "checking" } else { "importing" });
    let cb = |done: usize, expected: usize| {
        bar.set_length(expected.max(done) as u64);
        bar.set_position(done as u64);
    };
    let started = std::time::Instant::now();
    let report = kaifang_service::import::import_enterprises(
        &store,
        &principal,
        std::sync::Arc::from(bytes),
        &name,
        dry_run,
        Some(&cb),
    )
    .await
    .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
    bar.finish_and_clear();
    for e in &report.errors {
        println!(
            "row {:>6}  {:<24}  {}  / {}",
            e.row, e.column, e.message_en, e.message_zh
        );
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} rows: {} new, {} updated, {} unchanged, {} problems; {} in {:.2}s ({:.0} rows/s)",
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        report.errors.len(),
        if report.committed {
            "committed"
        } else if dry_run {
            "dry run, nothing written"
        } else {
            "nothing written"
        },
        secs,
        report.rows as f64 / secs.max(1e-9)
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
