//! `kaifang`: one binary for the web app and its administration commands.

use clap::{Parser, Subcommand};
use kaifang::commands;
use std::path::PathBuf;

/// mimalloc: the request path allocates many small strings on several threads,
/// where glibc malloc's arena locks showed up in profiles.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "kaifang",
    version,
    about = "开放 Kaifang — foreign-investment promotion and service platform"
)]
struct Cli {
    /// Config file (TOML); default: $KAIFANG_CONFIG, else ./kaifang.toml if present.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Database URL (sqlite://FILE or postgres://…); overrides config and environment.
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web application.
    Serve(commands::serve::ServeArgs),
    /// Manage accounts and tokens.
    #[command(subcommand)]
    Admin(commands::admin::AdminCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(commands::import::ImportCommand),
    /// Fill an empty database with deterministic synthetic data (benchmarks).
    Seed(commands::seed::SeedArgs),
    /// Working days and the holiday schedules.
    #[command(subcommand)]
    Calendar(commands::calendar::CalendarCommand),
    /// Case-engine tools (the clock scan).
    #[command(subcommand)]
    Cases(commands::cases::CasesCommand),
    /// The admission and incentive checker: may a foreign investor invest in this, here, and what
    /// support follows (one question, a batch file, or the evaluation set).
    Check(commands::check::CheckArgs),
    /// Policy editions: list them, load a newer one (validated, previewed), activate or withdraw.
    #[command(subcommand)]
    Policy(commands::policy::PolicyCommand),
    /// Audit log tools.
    #[command(subcommand)]
    Audit(commands::audit::AuditCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let mut settings = kaifang::settings::Settings::load(cli.config.as_deref())?;
        if let Some(url) = cli.database_url {
            settings.database_url = kaifang::settings::Secret::new(url);
        }
        commands::init_logging(&settings.log);
        match cli.command {
            Command::Serve(a) => commands::serve::run(settings, a).await,
            Command::Admin(c) => commands::admin::run(settings, c).await,
            Command::Import(c) => commands::import::run(settings, c).await,
            Command::Audit(c) => commands::audit::run(settings, c).await,
            Command::Calendar(c) => commands::calendar::run(settings, c).await,
            Command::Seed(a) => commands::seed::run(settings, a).await,
            Command::Cases(c) => commands::cases::run(settings, c).await,
            Command::Check(a) => commands::check::run(settings, a).await,
            Command::Policy(c) => commands::policy::run(settings, c).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
