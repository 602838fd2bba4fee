//! One typed settings struct: defaults, then a TOML config file, then
//! environment variables, then command-line flags. Secrets never print.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A value that must not appear in logs or debug output.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[secret]")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// sqlite://FILE or postgres://USER@HOST/DB. May hold a password, hence Secret.
    pub database_url: Secret,
    /// Pool size; default 4 on SQLite (one writer, each connection a thread), 16 on PostgreSQL.
    pub max_connections: Option<u32>,
    /// Failed logins in a row that lock an account.
    pub max_login_failures: i64,
    /// Minutes an account stays locked.
    pub lock_minutes: i64,
    /// Minutes of inactivity that end a session.
    pub session_idle_minutes: i64,
    /// Mark cookies Secure (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Largest upload, in MiB.
    pub max_upload_mib: usize,
    /// Seconds between runs of the background worker's recurring jobs (the clock scan); 0 turns
    /// the worker off in this instance.
    pub worker_interval_secs: u64,
    /// Log filter, e.g. "info" or "kaifang=debug".
    pub log: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:8080".parse().expect("valid address"),
            database_url: Secret::new("sqlite://kaifang.db"),
            max_connections: None,
            max_login_failures: 5,
            lock_minutes: 15,
            session_idle_minutes: 30,
            secure_cookies: false,
            max_upload_mib: 64,
            worker_interval_secs: 60,
            log: "info".into(),
        }
    }
}

/// Environment variables read, each overriding the field of the same name.
pub const ENV_VARS: &[&str] = &[
    "KAIFANG_LISTEN",
    "KAIFANG_DATABASE_URL",
    "KAIFANG_MAX_CONNECTIONS",
    "KAIFANG_MAX_LOGIN_FAILURES",
    "KAIFANG_LOCK_MINUTES",
    "KAIFANG_SESSION_IDLE_MINUTES",
    "KAIFANG_SECURE_COOKIES",
    "KAIFANG_MAX_UPLOAD_MIB",
    "KAIFANG_WORKER_INTERVAL_SECS",
    "KAIFANG_LOG",
];

impl Settings {
    /// Loads settings: defaults, the config file (the given path, else
    /// `KAIFANG_CONFIG`, else `kaifang.toml` in the working directory if it
    /// exists), then environment variables.
    pub fn load(config: Option<&Path>) -> anyhow::Result<Settings> {
        let path: Option<PathBuf> = config
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("KAIFANG_CONFIG").map(PathBuf::from))
            .or_else(|| {
                let p = PathBuf::from("kaifang.toml");
                p.exists().then_some(p)
            });
        let mut s = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", p.display()))?;
                toml::from_str(&text).map_err(|e| anyhow::anyhow!("config file {}: {e}", p.display()))?
            }
            None => Settings::default(),
        };
        s.apply_env(|k| std::env::var(k).ok())?;
        Ok(s)
    }

    /// Applies environment overrides from a lookup function (testable without the real environment).
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        fn parse<T: std::str::FromStr>(k: &str, v: &str) -> anyhow::Result<T>
        where
            T::Err: std::fmt::Display,
        {
            v.trim().parse().map_err(|e| anyhow::anyhow!("{k}: {e}"))
        }
        if let Some(v) = get("KAIFANG_LISTEN") {
            self.listen = parse("KAIFANG_LISTEN", &v)?;
        }
        if let Some(v) = get("KAIFANG_DATABASE_URL") {
            self.database_url = Secret::new(v);
        }
        if let Some(v) = get("KAIFANG_MAX_CONNECTIONS") {
            self.max_connections = Some(parse("KAIFANG_MAX_CONNECTIONS", &v)?);
        }
        if let Some(v) = get("KAIFANG_MAX_LOGIN_FAILURES") {
            self.max_login_failures = parse("KAIFANG_MAX_LOGIN_FAILURES", &v)?;
        }
        if let Some(v) = get("KAIFANG_LOCK_MINUTES") {
            self.lock_minutes = parse("KAIFANG_LOCK_MINUTES", &v)?;
        }
        if let Some(v) = get("KAIFANG_SESSION_IDLE_MINUTES") {
            self.session_idle_minutes = parse("KAIFANG_SESSION_IDLE_MINUTES", &v)?;
        }
        if let Some(v) = get("KAIFANG_SECURE_COOKIES") {
            self.secure_cookies = parse("KAIFANG_SECURE_COOKIES", &v)?;
        }
        if let Some(v) = get("KAIFANG_MAX_UPLOAD_MIB") {
            self.max_upload_mib = parse("KAIFANG_MAX_UPLOAD_MIB", &v)?;
        }
        if let Some(v) = get("KAIFANG_WORKER_INTERVAL_SECS") {
            self.worker_interval_secs = parse("KAIFANG_WORKER_INTERVAL_SECS", &v)?;
        }
        if let Some(v) = get("KAIFANG_LOG") {
            self.log = v;
        }
        Ok(())
    }

    pub fn auth_policy(&self) -> kaifang_service::auth::AuthPolicy {
        kaifang_service::auth::AuthPolicy {
            max_failures: self.max_login_failures,
            lock_minutes: self.lock_minutes,
            idle_minutes: self.session_idle_minutes,
        }
    }

    pub fn store_options(&self) -> kaifang_store::StoreOptions {
        let sqlite = self.database_url.expose().starts_with("sqlite:");
        kaifang_store::StoreOptions {
            // PostgreSQL: 8, not more. With the database on the same two cores, 16 connections
            // let more backends compete for them than they can serve, and the list's p99 at
            // 100 clients rose from 15.5-18.3 ms (8) to 19.9-20.8 ms (BENCHMARKS, issue 3).
            max_connections: self.max_connections.unwrap_or(if sqlite { 4 } else { 8 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults_and_bad_values_name_the_variable() {
        let mut s = Settings::default();
        s.apply_env(|k| match k {
            "KAIFANG_LISTEN" => Some("0.0.0.0:9000".into()),
            "KAIFANG_DATABASE_URL" => Some("postgres://x@y/z".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.listen.port(), 9000);
        assert_eq!(s.database_url.expose(), "postgres://x@y/z");
        let err = s
            .apply_env(|k| (k == "KAIFANG_LOCK_MINUTES").then(|| "soon".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("KAIFANG_LOCK_MINUTES"));
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Settings::default();
        assert!(!format!("{s:?}").contains("kaifang.db"));
    }

    #[test]
    fn a_config_file_with_an_unknown_key_is_refused() {
        assert!(toml::from_str::<Settings>("listen = \"127.0.0.1:1\"\nlisten_port = 3").is_err());
        let s: Settings = toml::from_str("session_idle_minutes = 10").unwrap();
        assert_eq!(s.session_idle_minutes, 10);
        assert_eq!(s.max_login_failures, 5);
    }
}
