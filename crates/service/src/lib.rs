//! Application services: the operations that pages, the JSON API and the command
//! line share, so that every rule is written once. Services validate input into
//! domain types, check the caller's role and scope, and write through the store
//! with an audit entry in the same transaction.

pub mod auth;
pub mod calendar;
pub mod cases;
pub mod checker;
pub mod enterprises;
pub mod error;
pub mod export;
pub mod import;
pub mod inbox;
pub mod monitoring;
pub mod placement;
pub mod principal;
pub mod projects;
pub mod users;
pub mod worker;

pub use error::{ServiceError, ServiceResult};
pub use principal::Principal;

/// The SM3 digest of some bytes, as lowercase hex.
pub fn digest_hex(bytes: &[u8]) -> String {
    use sm3::{Digest, Sm3};
    hex::encode(Sm3::digest(bytes))
}
