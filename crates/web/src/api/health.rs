//! Liveness and readiness: storage kind and schema version.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.schema_version().await {
        Ok(v) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "storage": state.store.backend().as_str(), "schema_version": v})),
        ),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "storage": state.store.backend().as_str()})),
            )
        }
    }
}
