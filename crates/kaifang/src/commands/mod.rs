//! The command-line commands. Each reads the same settings as `serve`, so run
//! in the same directory they work on the same database.

pub mod admin;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod check;
pub mod import;
pub mod policy;
pub mod seed;
pub mod serve;

use kaifang_domain::accounts::Role;
use kaifang_domain::jurisdiction::{Placement, Scope};
use kaifang_service::Principal;

pub fn init_logging(filter: &str) {
    // sqlx's slow-statement warnings print whole statements (thousands of
    // placeholders for bulk inserts); keep its errors only unless asked for.
    let filter = if filter.contains("sqlx") {
        filter.to_string()
    } else {
        format!("{filter},sqlx=error")
    };
    let filter =
        tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The principal of the command line itself: national scope, audited as "cli".
pub fn cli_principal() -> Principal {
    Principal {
        user_id: 0,
        username: "cli".into(),
        display_name: "command line".into(),
        role: Role::Admin,
        division: "000000".into(),
        scope: Scope::National,
        placement: Placement {
            division: "000000".into(),
            ..Default::default()
        },
        enterprise: None,
        ip: "local".into(),
    }
}

/// Renders field errors for the terminal.
pub fn describe(e: &kaifang_service::ServiceError) -> String {
    match e {
        kaifang_service::ServiceError::Invalid(errs) => errs
            .iter()
            .map(|f| {
                let s = f
                    .suggestion
                    .as_deref()
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                format!("{}: {} / {}{s}", f.field, f.message.en, f.message.zh)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}
