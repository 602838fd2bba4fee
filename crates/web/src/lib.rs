//! The web layer: server-rendered pages (Simplified Chinese by default, English
//! by a switch) and the JSON API under `/api/v1`, sharing one set of services.

mod api;
mod assets;
mod auth;
mod charts;
mod error;
mod i18n;
mod pages;
mod state;
mod token_cache;

pub use state::AppState;
pub use token_cache::TokenCache;

use axum::Router;
use axum::middleware;

/// The whole application router: pages, API, OpenAPI document, static assets.
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi_json = serde_json::to_string_pretty(&openapi).unwrap_or_default();
    Router::new()
        .merge(api_router)
        .merge(pages::router())
        .merge(assets::router())
        .route(
            "/api/openapi.json",
            axum::routing::get(move || async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    openapi_json.clone(),
                )
            }),
        )
        .route("/healthz", axum::routing::get(api::health::healthz))
        .layer(middleware::from_fn_with_state(state.clone(), auth::authenticate))
        .layer(middleware::from_fn(auth::security_headers))
        .with_state(state)
}

/// The OpenAPI document (for tests and tooling).
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().into_openapi()
}
