//! The `kaifang` application: settings, start-up and the command-line commands.
//! `main.rs` only parses arguments and dispatches here, so tests can boot the
//! very same application.

pub mod commands;
pub mod demo;
pub mod demo_cases;
pub mod demo_monitoring;
pub mod demo_projects;
pub mod seed;
pub mod seed_cases;
pub mod seed_monitoring;
pub mod seed_projects;
pub mod settings;
pub mod startup;
