//! Kaifang's domain core: validated value types and the rules that need no IO.
//!
//! Nothing here touches a database, the network, HTTP or templates (checked by
//! the dependency-direction test in `crates/kaifang/tests`).

pub mod accounts;
pub mod calendar;
pub mod cases;
pub mod checker;
pub mod currency;
pub mod division_code;
pub mod field_error;
pub mod industry_code;
pub mod jurisdiction;
pub mod money;
pub mod monitoring;
pub mod percent;
pub mod projects;
pub mod region_code;
pub mod uscc;
