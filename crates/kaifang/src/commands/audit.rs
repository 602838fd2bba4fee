//! `kaifang audit verify`: recompute the SM3 hash chain and name the first broken entry.

use crate::settings::Settings;
use crate::startup::open_store;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every entry's hash and link; exit 1 and name the first broken entry if any.
    Verify,
}

pub async fn run(settings: Settings, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(&settings).await?;
    match cmd {
        AuditCommand::Verify => {
            let v = kaifang_store::audit::verify(&store).await?;
            match v.first_broken {
                None => {
                    println!(
                        "audit chain intact: {} entries / 审计链完整：{} 条",
                        v.entries, v.entries
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, why)) => {
                    println!("audit chain BROKEN at entry {seq}: {why} / 审计链在第 {seq} 条处断裂");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
