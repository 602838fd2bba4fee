//! `/api/v1/inbox`: the caller's notifications (reminders, overdue flags, supervision notices,
//! requests for materials, results).

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use kaifang_service::inbox::{self as svc, Inbox, InboxQuery};
use serde::{Deserialize, Serialize};

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", params(InboxQuery),
    responses((status = 200, body = Inbox)))]
pub async fn list(State(s): State<AppState>, a: Authed, Query(q): Query<InboxQuery>) -> Result<Json<Inbox>, ApiError> {
    Ok(Json(svc::list(&s.store, &a.principal, &q).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReadInput {
    /// One notification; omitted, all of them.
    pub id: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadOutput {
    pub marked: u64,
}

/// Marks one notification, or all, read.
#[utoipa::path(post, path = "/api/v1/inbox/read", tag = "inbox", request_body = ReadInput,
    responses((status = 200, body = ReadOutput)))]
pub async fn read(
    State(s): State<AppState>,
    a: Authed,
    Json(r): Json<ReadInput>,
) -> Result<Json<ReadOutput>, ApiError> {
    Ok(Json(ReadOutput {
        marked: svc::mark_read(&s.store, &a.principal, r.id).await?,
    }))
}
