//! `kaifang seed --scale small|province|national`: deterministic synthetic data for benchmarks.

use crate::seed::{Scale, Seeder};
use crate::settings::Settings;
use crate::startup::open_store;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use kaifang_store::{Actor, AuditEvent};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// small ≈ 10,000 FIEs (Jiangsu), province ≈ 150,000 (Jiangsu), national ≈ 1,200,000 (all counties).
    #[arg(long, value_enum)]
    pub scale: Scale,
    /// Random seed; the same seed gives the same data.
    #[arg(long, default_value_t = 20261122)]
    pub seed: u64,
    /// Write the data as a CSV in the import template's layout instead of into the database.
    #[arg(long)]
    pub csv: Option<std::path::PathBuf>,
}

/// Rows per transaction.
const CHUNK: usize = 20_000;

pub async fn run(settings: Settings, args: SeedArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.csv {
        let mut seeder = Seeder::new(args.scale, args.seed);
        let now = kaifang_store::now_text();
        let rows: Vec<_> = seeder
            .batch(args.scale.enterprises())
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
    if existing > 0 {
        eprintln!("the roster is not empty: seed into a fresh database (--database-url)");
        return Ok(ExitCode::from(2));
    }
    let total = args.scale.enterprises();
    let mut seeder = Seeder::new(args.scale, args.seed);
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("seeding [{bar:40}] {pos}/{len} ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let actor = Actor::system("seed");
    let mut done = 0;
    while done < total {
        let n = CHUNK.min(total - done);
        let batch = seeder.batch(n);
        let mut tx = store.begin_write().await?;
        kaifang_store::enterprises::insert_many(&mut tx, &batch, &kaifang_store::now_text()).await?;
        tx.audit(
            &actor,
            AuditEvent {
                action: "enterprises_seeded",
                object_type: "seed",
                object_id: &format!("{:?}-{}", args.scale, args.seed),
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
    // Fresh statistics for the query planner (both backends understand ANALYZE).
    store.analyze().await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {total} enterprises ({:?}, seed {}) in {secs:.1}s: {:.0} rows/s",
        args.scale,
        args.seed,
        total as f64 / secs
    );
    Ok(ExitCode::SUCCESS)
}
