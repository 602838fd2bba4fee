//! `kaifang seed --scale small|province|national [--cases N]`: deterministic synthetic data for benchmarks.

use crate::seed::{Scale, Seeder};
use crate::seed_cases::{CaseSeeder, Limits, Roster, insert_cases, next_id, sync_id_sequence};
use crate::settings::Settings;
use crate::startup::open_store;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use kaifang_store::{Actor, AuditEvent, Store};
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kaifang seed --scale national --cases 1000000   roster, then cases, into an empty database\n  \
    kaifang seed --cases 5000                       cases only, into a database whose roster is seeded\n\n\
Cases are filed by operating enterprises of the roster picked at random (so they fall where the\n\
enterprises are), received from 2024-01-01 to today, and walked through their life with the\n\
stored working-day calendar and the national time limits: most are closed and rated, the recent\n\
ones open, a share stuck past a deadline (overdue), some paused, returned or withdrawn. Each gets\n\
one `file` entry in its ledger; the dashboard counts are rebuilt at the end. The same seed gives\n\
the same data on the same day.")]
pub struct SeedArgs {
    /// small ≈ 10,000 FIEs (Jiangsu), province ≈ 150,000 (Jiangsu), national ≈ 1,200,000 (all
    /// counties). Needs an empty roster. May be left out with --cases when the roster is seeded.
    #[arg(long, value_enum, required_unless_present_any = ["cases", "projects", "campaign_months"])]
    pub scale: Option<Scale>,
    /// Random seed; the same seed gives the same data.
    #[arg(long, default_value_t = 20261122)]
    pub seed: u64,
    /// Write the data as a CSV in the import template's layout instead of into the database.
    #[arg(long, requires = "scale", conflicts_with = "cases")]
    pub csv: Option<std::path::PathBuf>,
    /// Also file N synthetic cases (demands ~70%, problem-list items ~20%, complaints ~10%) by
    /// enterprises of the roster, after the enterprises when --scale is given.
    #[arg(long)]
    pub cases: Option<usize>,
    /// Also register N synthetic projects where the roster's enterprises are.
    #[arg(long)]
    pub projects: Option<usize>,
    /// Service-log entries over all seeded projects (default ten per project).
    #[arg(long, requires = "projects")]
    pub project_log: Option<usize>,
    /// Also open one national monthly monitoring campaign over the whole roster with this many
    /// months of answers up to the current month (97% answer each month, 90% the current one).
    #[arg(long)]
    pub campaign_months: Option<u32>,
}

/// Rows per transaction.
const CHUNK: usize = 20_000;

fn bar(total: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{what} [{{bar:40}}] {{pos}}/{{len}} ({{per_sec}}, eta {{eta}})"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

pub async fn run(settings: Settings, args: SeedArgs) -> anyhow::Result<ExitCode> {
    if let (Some(path), Some(scale)) = (&args.csv, args.scale) {
        let mut seeder = Seeder::new(scale, args.seed);
        let now = kaifang_store::now_text();
        let rows: Vec<_> = seeder
            .batch(scale.enterprises())
            .into_iter()
            .map(|w| kaifang_store::enterprises::EnterpriseWithInvestors {
                row: w.to_row(0, 1, &now, &now),
                investors: w.investors,
            })
            .collect();
        std::fs::write(path, kaifang_service::export::roster_csv(&rows))?;
        println!("wrote {} rows to {}", rows.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let store = open_store(&settings).await?;
    let p = super::cli_principal();
    let existing = kaifang_service::enterprises::count(&store, &p, &Default::default(), 1)
        .await
        .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
    if let Some(scale) = args.scale {
        if existing > 0 {
            eprintln!("the roster is not empty: seed into a fresh database (--database-url), or leave out --scale");
            return Ok(ExitCode::from(2));
        }
        seed_enterprises(&store, scale, args.seed).await?;
    } else if existing == 0 {
        eprintln!("the roster is empty: cases and projects go where enterprises are, so seed them first (--scale)");
        return Ok(ExitCode::from(2));
    }
    if let Some(n) = args.cases {
        seed_cases(&store, n, args.seed).await?;
    }
    if let Some(n) = args.projects {
        seed_projects(&store, n, args.project_log.unwrap_or(n * 10), args.seed).await?;
    }
    if let Some(m) = args.campaign_months {
        let started = std::time::Instant::now();
        let (number, n) = crate::seed_monitoring::seed(&store, m, args.seed, &p).await?;
        println!(
            "opened campaign {number} with {n} answers over {m} months in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    // Fresh statistics for the query planner (both backends understand ANALYZE).
    store.analyze().await?;
    Ok(ExitCode::SUCCESS)
}

async fn seed_enterprises(store: &Store, scale: Scale, seed: u64) -> anyhow::Result<()> {
    let total = scale.enterprises();
    let mut seeder = Seeder::new(scale, seed);
    let bar = bar(total, "seeding");
    let started = std::time::Instant::now();
    let actor = Actor::system("seed");
    let mut done = 0;
    while done < total {
        let n = CHUNK.min(total - done);
        let batch = seeder.batch(n);
        let mut tx = store.begin_write().await?;
        kaifang_store::enterprises::insert_many(&mut tx, batch, &kaifang_store::now_text()).await?;
        tx.audit(
            &actor,
            AuditEvent {
                action: "enterprises_seeded",
                object_type: "seed",
                object_id: &format!("{scale:?}-{seed}"),
                placement: &Default::default(),
                before: None,
                after: Some(serde_json::json!({"from": done, "count": n})),
            },
        )
        .await?;
        tx.commit().await?;
        done += n;
        bar.set_position(done as u64);
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {total} enterprises ({scale:?}, seed {seed}) in {secs:.1}s: {:.0} rows/s",
        total as f64 / secs
    );
    Ok(())
}

/// Files `total` synthetic cases in transactions of 20,000 (one audit entry each),
/// then rebuilds the dashboard counts.
async fn seed_cases(store: &Store, total: usize, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let roster = Roster::load(store).await?;
    if roster.is_empty() {
        anyhow::bail!("no operating enterprise in the roster to file cases");
    }
    let cal = kaifang_service::calendar::load(store).await?;
    let limits = Limits::load(store).await?;
    let today = kaifang_service::enterprises::today_cn();
    let mut seeder = CaseSeeder::new(seed, &roster, &cal, limits, today);
    let bar = bar(total, "filing cases");
    let actor = Actor::system("seed");
    let mut done = 0;
    while done < total {
        let n = CHUNK.min(total - done);
        let mut tx = store.begin_write().await?;
        let first = next_id(&mut tx, "cases").await?;
        let batch = seeder.batch(first, n);
        insert_cases(&mut tx, &batch).await?;
        tx.audit(
            &actor,
            AuditEvent {
                action: "cases_seeded",
                object_type: "seed",
                object_id: &format!("cases-{seed}"),
                placement: &Default::default(),
                before: None,
                after: Some(serde_json::json!({"first_id": first, "count": n})),
            },
        )
        .await?;
        tx.commit().await?;
        done += n;
        bar.set_position(done as u64);
    }
    bar.finish_and_clear();
    let inserted = started.elapsed().as_secs_f64();
    let mut tx = store.begin_write().await?;
    sync_id_sequence(&mut tx, "cases").await?;
    let groups = kaifang_store::case_stats::rebuild(&mut tx).await?;
    tx.audit(
        &actor,
        AuditEvent {
            action: "case_counts_rebuilt",
            object_type: "seed",
            object_id: &format!("cases-{seed}"),
            placement: &Default::default(),
            before: None,
            after: Some(serde_json::json!({"groups": groups})),
        },
    )
    .await?;
    tx.commit().await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "filed {total} cases (seed {seed}, {} enterprises) in {secs:.1}s ({inserted:.1}s inserting, {:.0} rows/s); \
         dashboard counts rebuilt: {groups} groups",
        roster.len(),
        total as f64 / inserted
    );
    Ok(())
}

/// Registers `total` synthetic projects with `logs` service-log entries over them, in
/// transactions of 5,000 projects (one audit entry each).
async fn seed_projects(store: &Store, total: usize, logs: usize, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let roster = Roster::load(store).await?;
    if roster.is_empty() {
        anyhow::bail!("no operating enterprise in the roster to place projects by");
    }
    let today = kaifang_service::enterprises::today_cn();
    let per_project = logs as f64 / total.max(1) as f64;
    let mut seeder = crate::seed_projects::ProjectSeeder::new(seed, &roster, today, per_project);
    let bar = bar(total, "registering projects");
    let actor = Actor::system("seed");
    let (mut done, mut log_rows) = (0, 0);
    while done < total {
        let n = 5_000.min(total - done);
        let mut tx = store.begin_write().await?;
        let first = next_id(&mut tx, "projects").await?;
        let batch: Vec<_> = (0..n as i64).map(|i| seeder.project(first + i)).collect();
        let rows: Vec<_> = batch.iter().map(|p| p.row.clone()).collect();
        kaifang_store::projects::insert_many(&mut tx, &rows).await?;
        let log: Vec<_> = batch.iter().flat_map(|p| p.log.iter().cloned()).collect();
        kaifang_store::project_parts::insert_logs_many(&mut tx, &log).await?;
        let tranches: Vec<_> = batch.iter().flat_map(|p| p.tranches.iter().cloned()).collect();
        let team: Vec<_> = batch.iter().flat_map(|p| p.team.iter().cloned()).collect();
        kaifang_store::project_parts::insert_tranches_and_team_many(&mut tx, &tranches, &team).await?;
        tx.audit(
            &actor,
            AuditEvent {
                action: "projects_seeded",
                object_type: "seed",
                object_id: &format!("projects-{seed}"),
                placement: &Default::default(),
                before: None,
                after: Some(serde_json::json!({"first_id": first, "count": n, "log": log.len()})),
            },
        )
        .await?;
        tx.commit().await?;
        done += n;
        log_rows += log.len();
        bar.set_position(done as u64);
    }
    bar.finish_and_clear();
    let mut tx = store.begin_write().await?;
    sync_id_sequence(&mut tx, "projects").await?;
    let counted = kaifang_store::project_stats::rebuild(&mut tx).await?;
    tx.audit(
        &actor,
        AuditEvent {
            action: "project_counts_rebuilt",
            object_type: "seed",
            object_id: &format!("projects-{seed}"),
            placement: &Default::default(),
            before: None,
            after: Some(serde_json::json!({"projects": counted})),
        },
    )
    .await?;
    tx.commit().await?;
    let secs = started.elapsed().as_secs_f64();
    println!("registered {total} projects with {log_rows} service-log entries (seed {seed}) in {secs:.1}s");
    Ok(())
}
