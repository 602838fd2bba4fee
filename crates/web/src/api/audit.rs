//! `/api/v1/audit`: the audit log within the admin's jurisdiction.

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use kaifang_service::ServiceError;
use kaifang_store::audit::{self, AuditFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor: Option<String>,
    /// From this date or time (UTC, inclusive), e.g. 2026-11-01.
    pub from: Option<String>,
    /// Before this date or time (UTC, exclusive).
    pub until: Option<String>,
    /// Entries older than this sequence number (the previous page's last `seq`).
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self) -> AuditFilter {
        let ne = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        AuditFilter {
            action: ne(&self.action),
            object_type: ne(&self.object_type),
            object_id: ne(&self.object_id),
            actor: ne(&self.actor),
            from: ne(&self.from),
            until: ne(&self.until),
            before_seq: self.before,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditItem {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub division: String,
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
    pub hash: String,
}

impl From<audit::AuditEntry> for AuditItem {
    fn from(e: audit::AuditEntry) -> Self {
        AuditItem {
            seq: e.seq,
            at: e.at,
            actor: e.actor_name,
            ip: e.ip,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            division: e.division,
            before: e.before_json.and_then(|j| serde_json::from_str(&j).ok()),
            after: e.after_json.and_then(|j| serde_json::from_str(&j).ok()),
            hash: e.hash,
        }
    }
}

/// Audit entries within the admin's jurisdiction, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = [AuditItem]), (status = 403)))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditItem>>, ApiError> {
    if !a.principal.role.can_administer() {
        return Err(ServiceError::Forbidden.into());
    }
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let rows = audit::list(&s.store, &a.principal.scope, &q.filter(), limit).await?;
    Ok(Json(rows.into_iter().map(AuditItem::from).collect()))
}
