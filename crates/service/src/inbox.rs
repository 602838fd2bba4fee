//! The in-app inbox: what the worker and case moves deliver to a user.

use kaifang_store::Store;
use kaifang_store::inbox::{self as store_inbox, NotificationRow};
use serde::{Deserialize, Serialize};

use crate::{Principal, ServiceResult};

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: i64,
    /// due_soon, overdue, supervise, dispatch, escalate, file, supplement, request_materials,
    /// resolve, refuse, terminate.
    pub kind: String,
    pub case_number: Option<String>,
    /// The case's title.
    pub title: String,
    pub due_on: Option<String>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<Notification>,
}

impl From<NotificationRow> for Notification {
    fn from(n: NotificationRow) -> Self {
        Notification {
            id: n.id,
            kind: n.kind,
            case_number: n.case_number,
            title: n.title,
            due_on: n.due_on,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        }
    }
}

/// The caller's notifications, newest first.
pub async fn list(store: &Store, p: &Principal, q: &InboxQuery) -> ServiceResult<Inbox> {
    let items = store_inbox::list(
        store,
        p.user_id,
        q.unread.unwrap_or(false),
        q.after,
        q.limit.unwrap_or(50).clamp(1, 200),
    )
    .await?;
    Ok(Inbox {
        unread: store_inbox::unread(store, p.user_id).await?,
        items: items.into_iter().map(Notification::from).collect(),
    })
}

/// How many unread notifications the caller has.
pub async fn unread(store: &Store, p: &Principal) -> ServiceResult<i64> {
    Ok(store_inbox::unread(store, p.user_id).await?)
}

/// Marks one notification (or all, with `None`) read; returns how many changed.
pub async fn mark_read(store: &Store, p: &Principal, id: Option<i64>) -> ServiceResult<u64> {
    Ok(store_inbox::mark_read(store, p.user_id, id).await?)
}
