//! Storage: one set of queries serving SQLite and PostgreSQL through sqlx's `Any` driver.
//!
//! SQL is written once with `$n` placeholders (both backends accept them) and
//! portable types: `BIGINT` integers, `TEXT` dates and times (ISO 8601, UTC),
//! no backend-specific functions outside functions marked as such.
//! Every write goes through a [`WriteTx`], which appends the audit entry in the
//! same transaction as the change.

pub mod accounts;
pub mod audit;
pub mod audit_chain;
pub mod calendar;
pub mod case_attachments;
pub mod case_stats;
pub mod cases;
pub mod cases_bulk;
pub mod enterprise_bulk;
pub mod enterprises;
pub mod inbox;
pub mod jobs;
mod migrate;
pub mod monitoring;
pub mod monitoring_responses;
pub mod monitoring_stats;
pub mod packed_page;
pub mod policy_editions;
pub mod project_parts;
pub mod project_stats;
pub mod projects;
pub mod scope;
pub mod sessions;
mod shared_reads;
pub mod tokens;
mod write_tx;

pub use migrate::{MIGRATIONS, Migration};
pub use shared_reads::SharedReadCounts;
pub use write_tx::{Actor, AuditEvent, BatchAuditEvent, RawAuditEvent, WriteTx};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// Which database engine the store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// Picks the backend from a database URL.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL {url:?}: use sqlite://FILE or postgres://…"
            )))
        }
    }
}

/// Errors at the store boundary. Handlers see these, never driver errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(db.message().to_string()),
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::Conflict(db.message().to_string())
            }
            _ => StoreError::Database(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Connection pool plus the backend it talks to.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// List reads waiting for a connection, shared by identical callers.
    shared_reads: std::sync::Arc<shared_reads::SharedReads>,
}

/// Pool sizing and similar knobs.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { max_connections: 8 }
    }
}

impl Store {
    /// Connects (creating a SQLite file if missing) and runs pending migrations.
    pub async fn open(url: &str, options: &StoreOptions) -> Result<Store> {
        let store = Store::connect(url, options).await?;
        migrate::run(&store).await?;
        Ok(store)
    }

    /// Connects without migrating.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Store> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let mut pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(Duration::from_secs(30));
        if backend == Backend::Sqlite {
            pool = pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers run beside the single writer; NORMAL is
                    // durable across application crashes in WAL mode.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA cache_size = -32000").await?;
                    conn.execute("PRAGMA temp_store = MEMORY").await?;
                    // Read the file through a shared memory map (up to 16 GiB) rather than a
                    // pread and a copy into each connection's cache per page: a national
                    // database is several gigabytes read at random.
                    conn.execute("PRAGMA mmap_size = 17179869184").await?;
                    Ok(())
                })
            });
        }
        if backend == Backend::Postgres {
            pool = pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // Random reads cost little more than sequential ones on SSDs; the
                    // default (4.0, for spinning disks) made PostgreSQL walk the primary
                    // key for a city instead of the city's index (1.8 ms vs 0.7 ms).
                    conn.execute("SET random_page_cost = 1.1").await?;
                    Ok(())
                })
            });
        }
        let pool = pool.connect(&url).await?;
        Ok(Store {
            pool,
            backend,
            shared_reads: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) fn shared_reads(&self) -> &shared_reads::SharedReads {
        &self.shared_reads
    }

    /// How many list reads went to the database, and how many callers joined one instead.
    pub fn shared_read_counts(&self) -> SharedReadCounts {
        self.shared_reads.counts()
    }

    /// Highest applied migration version.
    pub async fn schema_version(&self) -> Result<i64> {
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(v.unwrap_or(0))
    }

    /// Starts a write transaction holding the audit-chain head, so the
    /// transaction's changes and their audit entries commit together.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        WriteTx::begin(self).await
    }

    /// Refreshes the query planner's statistics (after bulk loads).
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Lets SQLite refresh the planner's statistics of the tables that have none or have grown
    /// or shrunk a great deal since (`PRAGMA optimize`, reading at most about 1,000 rows per
    /// index): without them SQLite plans from guesses, and nothing else analyzes a database
    /// filled by imports. PostgreSQL's autovacuum does this itself. Called at startup, after
    /// each import and after the demo data loads.
    pub async fn optimize(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            let mut conn = self.pool.acquire().await?;
            conn.execute("PRAGMA analysis_limit = 1000").await?;
            let optimized = conn.execute("PRAGMA optimize = 0x10002").await;
            // The limit is the connection's; a full ANALYZE later on it must not inherit it.
            conn.execute("PRAGMA analysis_limit = 0").await?;
            optimized?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Current time as stored: RFC 3339 UTC with microseconds, sortable as text.
pub fn now_text() -> String {
    timestamp_text(time::OffsetDateTime::now_utc())
}

/// Formats a timestamp in the stored form.
pub fn timestamp_text(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

pub mod uploads {
    //! Import files kept between a dry run and its commit.

    use crate::{Result, Store, StoreError};

    pub async fn put(store: &Store, user_id: i64, filename: &str, content: &[u8]) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO import_uploads (user_id, filename, content, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(filename.to_string())
        .bind(content.to_vec())
        .bind(crate::now_text())
        .fetch_one(store.pool())
        .await?)
    }

    /// The file of an unconsumed upload of this user.
    pub async fn get(store: &Store, user_id: i64, id: i64) -> Result<(String, Vec<u8>)> {
        let row: Option<(String, Vec<u8>)> = sqlx::query_as(
            "SELECT filename, content FROM import_uploads WHERE id = $1 AND user_id = $2 AND consumed_at IS NULL",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional(store.pool())
        .await?;
        row.ok_or(StoreError::NotFound)
    }

    pub async fn consume(store: &Store, id: i64) -> Result<()> {
        sqlx::query("UPDATE import_uploads SET consumed_at = $2 WHERE id = $1")
            .bind(id)
            .bind(crate::now_text())
            .execute(store.pool())
            .await?;
        Ok(())
    }
}
