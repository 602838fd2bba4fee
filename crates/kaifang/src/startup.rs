//! Start-up in three steps — build, bind, run — so tests can bind port 0.

use crate::settings::Settings;
use kaifang_store::Store;
use kaifang_web::AppState;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// A built and bound application, not yet serving.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    addr: SocketAddr,
    state: AppState,
    worker_interval: std::time::Duration,
}

/// Opens (and migrates) the configured store; loads the embedded holiday
/// schedules into an empty calendar.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::open(settings.database_url.expose(), &settings.store_options()).await?;
    kaifang_service::calendar::ensure_seeded(&store).await?;
    store.optimize().await?;
    Ok(store)
}

impl Application {
    /// Opens the store and binds the listener.
    pub async fn build(settings: &Settings, store: Store) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(settings.listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
        let addr = listener.local_addr()?;
        // Parses and indexes the policy editions (built-in and activated uploads) now rather than
        // on the first check.
        let checker = kaifang_service::checker::Checker::load(&store)
            .await
            .map_err(|e| anyhow::anyhow!("policy editions: {e}"))?;
        let state = AppState {
            store,
            policy: settings.auth_policy(),
            secure_cookies: settings.secure_cookies,
            max_upload_bytes: settings.max_upload_mib * 1024 * 1024,
            tokens: Default::default(),
            calendars: Default::default(),
            dashboards: Default::default(),
            project_dashboards: Default::default(),
            checker,
        };
        Ok(Application {
            listener,
            addr,
            state,
            worker_interval: std::time::Duration::from_secs(settings.worker_interval_secs),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// Serves until the future completes (Ctrl-C in `serve`).
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        self.run_with(axum::Router::new(), shutdown).await
    }

    /// Serves the application with extra routes merged in (the benchmark's floor route).
    pub async fn run_with(
        self,
        extra: axum::Router,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let limit = self.state.max_upload_bytes;
        // The background worker runs beside the server and stops with it.
        let worker = (!self.worker_interval.is_zero()).then(|| {
            tokio::spawn(kaifang_service::worker::run(
                self.state.store.clone(),
                self.state.calendars.clone(),
                format!("{}-{}", self.addr, std::process::id()),
                self.worker_interval,
            ))
        });
        let app = kaifang_web::router(self.state)
            .merge(extra)
            .layer(axum::extract::DefaultBodyLimit::max(limit));
        axum::serve(self.listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await?;
        if let Some(w) = worker {
            w.abort();
        }
        Ok(())
    }
}
