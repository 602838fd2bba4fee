//! `kaifang policy`: the policy editions the checker holds — list them, load a newer edition from a
//! file (validated, stored as a draft, its difference printed), activate or withdraw an upload.

use std::process::ExitCode;

use clap::Subcommand;
use kaifang_service::checker::Checker;

use crate::settings::Settings;
use crate::startup::open_store;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Every edition: built-in and uploaded, with status, dates and completeness.
    List,
    /// Load an edition file (TOML, data/policy/FORMAT.md) as a draft and print what it changes.
    Load {
        file: std::path::PathBuf,
        /// Activate it at once (it applies from its own effective date).
        #[arg(long)]
        activate: bool,
    },
    /// Activate an upload by its id.
    Activate { id: i64 },
    /// Withdraw an upload by its id (kept, no longer applied).
    Withdraw { id: i64 },
}

pub async fn run(settings: Settings, cmd: PolicyCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(&settings).await?;
    let p = super::cli_principal();
    let checker = Checker::load(&store)
        .await
        .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
    let fail = |e: kaifang_service::ServiceError| {
        eprintln!("{}", super::describe(&e));
        Ok(ExitCode::from(2))
    };
    match cmd {
        PolicyCommand::List => {
            for e in checker
                .editions(&store)
                .await
                .map_err(|e| anyhow::anyhow!(super::describe(&e)))?
            {
                println!(
                    "{:<18} {:<10} {:<9} {:<8} effective {}{} · {} items · {}{}",
                    e.edition_id,
                    e.list,
                    e.origin,
                    e.status,
                    e.effective,
                    e.repealed.map(|r| format!(" until {r}")).unwrap_or_default(),
                    e.items,
                    if e.complete { "complete" } else { "incomplete" },
                    e.upload_id.map(|i| format!(" · upload {i}")).unwrap_or_default()
                );
            }
        }
        PolicyCommand::Load { file, activate } => {
            let body = std::fs::read_to_string(&file)?;
            let up = match checker.upload(&store, &p, &body).await {
                Ok(u) => u,
                Err(e) => return fail(e),
            };
            println!(
                "upload {}: {} ({}, effective {}, {} items{}), compared with {}",
                up.id,
                up.edition_id,
                up.list,
                up.effective,
                up.items,
                if up.complete { "" } else { ", incomplete" },
                up.compared_with.as_deref().unwrap_or("nothing")
            );
            for d in &up.diff {
                println!(
                    "  {:<8} {}: {} → {}",
                    d.change,
                    d.what,
                    d.before.as_deref().unwrap_or("—"),
                    d.after.as_deref().unwrap_or("—")
                );
            }
            if activate {
                if let Err(e) = checker.decide(&store, &p, up.id, "active").await {
                    return fail(e);
                }
                println!("activated");
            }
        }
        PolicyCommand::Activate { id } => {
            if let Err(e) = checker.decide(&store, &p, id, "active").await {
                return fail(e);
            }
        }
        PolicyCommand::Withdraw { id } => {
            if let Err(e) = checker.decide(&store, &p, id, "withdrawn").await {
                return fail(e);
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
