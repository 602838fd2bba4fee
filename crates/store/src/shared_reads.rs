//! Shared page reads: identical list queries that arrive while one of them is still waiting
//! for a connection run once, and every caller gets that one result.
//!
//! Freshness is the same as running each alone. A caller joins a read only while that read
//! has not started (its leader is still queued for a connection); the leader closes the read
//! to newcomers before it sends the statement, so the statement's snapshot is taken after
//! every joined caller arrived and sees every write committed before any of them asked. A
//! caller arriving once the statement is on its way starts a read of its own. Nothing is kept
//! after a read completes: this is not a cache.
//!
//! Only statements whose text and recorded values say everything are shared: the text holds
//! the caller's filters and page size as literals, the values the jurisdiction's code where it
//! is bound (`Sql::bind_keyed`), so two callers share a read only when they asked exactly the
//! same question of exactly the same jurisdiction. A statement with any other bound value (a
//! cursor, a search text) is never shared.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// What a finished read hands to those who joined it: the page's one text value.
pub(crate) type Outcome = Option<Arc<str>>;

type Waiting = watch::Receiver<Option<Outcome>>;

/// The reads now waiting for a connection, by statement text.
#[derive(Default)]
pub(crate) struct SharedReads {
    /// Only a leader still open removes its text, and while it is open the text is its own.
    waiting: Mutex<HashMap<String, Waiting>>,
    started: AtomicU64,
    joined: AtomicU64,
}

impl std::fmt::Debug for SharedReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedReads").field("counts", &self.counts()).finish()
    }
}

/// How many shared page reads went to the database, how many callers were answered by joining
/// one, and how many reads are waiting for a connection now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SharedReadCounts {
    pub started: u64,
    pub joined: u64,
    pub waiting: u64,
}

/// A caller's part in a read: it leads one (and must run it) or it joined one.
pub(crate) enum Role<'a> {
    Lead(Leader<'a>),
    Join(Waiting),
}

/// The caller that runs a read. Dropping it without [`Leader::finish`] (an error, or the
/// caller went away) wakes those who joined with nothing, and they run the statement themselves.
pub(crate) struct Leader<'a> {
    reads: &'a SharedReads,
    /// Its key in `waiting`: the statement's text and bound values.
    text: String,
    sender: watch::Sender<Option<Outcome>>,
    open: bool,
}

impl SharedReads {
    pub(crate) fn counts(&self) -> SharedReadCounts {
        let waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner()).len() as u64;
        SharedReadCounts {
            started: self.started.load(Ordering::Relaxed),
            joined: self.joined.load(Ordering::Relaxed),
            waiting,
        }
    }

    /// Joins the waiting read of this text and these bound values (each followed by a NUL),
    /// or becomes the leader of a new one.
    pub(crate) fn enter(&self, text: &str, values: &str) -> Role<'_> {
        let mut key = String::with_capacity(text.len() + 1 + values.len());
        key.push_str(text);
        key.push('\u{0}');
        key.push_str(values);
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(rx) = waiting.get(&key) {
            self.joined.fetch_add(1, Ordering::Relaxed);
            return Role::Join(rx.clone());
        }
        let (sender, rx) = watch::channel(None);
        waiting.insert(key.clone(), rx);
        Role::Lead(Leader {
            reads: self,
            text: key,
            sender,
            open: true,
        })
    }

    fn remove(&self, text: &str) {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner()).remove(text);
    }
}

impl Leader<'_> {
    /// Called with a connection in hand, just before the statement is sent: from now on,
    /// callers asking the same start their own read.
    pub(crate) fn close(&mut self) {
        if self.open {
            self.reads.remove(&self.text);
            self.open = false;
            self.reads.started.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Hands the result to everyone who joined.
    pub(crate) fn finish(mut self, outcome: Outcome) {
        self.close();
        self.sender.send_replace(Some(outcome));
    }
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        if self.open {
            self.reads.remove(&self.text);
        }
    }
}

/// Waits for the read this caller joined; `None` when its leader failed or went away.
pub(crate) async fn wait(mut rx: Waiting) -> Option<Outcome> {
    match rx.wait_for(Option::is_some).await {
        Ok(v) => v.clone(),
        Err(_) => None,
    }
}
