//! A short-lived cache of bearer-token lookups, so scripts calling the API at a
//! high rate do not pay a database round trip per request just to authenticate.
//!
//! Entries live [`TTL`]; any revocation through this instance clears the cache at
//! once. A token revoked on another instance (or by the command line) stops
//! working here within [`TTL`] — the documented bound.

use kaifang_service::Principal;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a looked-up token is trusted without asking the database again.
pub const TTL: Duration = Duration::from_secs(5);

/// Entries kept at most; past this the cache starts over (tokens are few).
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Principal, Instant)>>,
}

impl TokenCache {
    /// The cached principal of a token, if looked up less than [`TTL`] ago.
    pub fn get(&self, token: &str) -> Option<Principal> {
        let entries = self.entries.lock().ok()?;
        let (p, at) = entries.get(token)?;
        (at.elapsed() < TTL).then(|| p.clone())
    }

    pub fn put(&self, token: &str, p: &Principal) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(token.to_string(), (p.clone(), Instant::now()));
        }
    }

    /// Forgets everything (after a revocation).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
