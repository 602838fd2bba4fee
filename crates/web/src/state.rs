//! What every handler can reach: the store and the web-relevant settings.

use kaifang_service::auth::AuthPolicy;
use kaifang_store::Store;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub policy: AuthPolicy,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Largest upload accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Recently looked-up bearer tokens.
    pub tokens: std::sync::Arc<crate::TokenCache>,
    /// The working-day calendar, cached.
    pub calendars: std::sync::Arc<kaifang_service::calendar::Calendars>,
    /// Leaders' dashboards, reused while no case changes.
    pub dashboards: std::sync::Arc<kaifang_service::cases::DashboardCache>,
    /// Project dashboards, reused while nothing is written.
    pub project_dashboards: std::sync::Arc<kaifang_service::projects::ProjectDashboardCache>,
    /// The admission and incentive checker's library of editions.
    pub checker: kaifang_service::checker::Checker,
}
