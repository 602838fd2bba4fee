//! Integration tests of the whole application over HTTP, on SQLite by default
//! and on PostgreSQL when KAIFANG_TEST_POSTGRES_URL is set (CI runs both).

mod helpers;

mod architecture;
mod audit;
mod auth;
mod authz;
mod calendar;
mod case_pages;
mod cases;
mod checker;
mod cli;
mod complaints;
mod enterprises;
mod health;
mod import;
mod inbox;
mod monitoring;
mod monitoring_pages;
mod openapi;
mod pages;
mod project_pages;
mod projects;
mod shared_reads;
