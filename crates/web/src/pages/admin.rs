//! Administration pages: accounts within the admin's jurisdiction and the audit log.

use super::{Ctx, render};
use crate::AppState;
use crate::api::audit::AuditQuery;
use crate::auth::Authed;
use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use kaifang_domain::field_error::FieldErrors;
use kaifang_service::ServiceError;
use kaifang_service::users::NewUserInput;
use kaifang_store::accounts::UserRow;
use kaifang_store::audit::AuditEntry;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users).post(create_user))
        .route("/admin/audit", get(audit))
        .route("/admin/audit/export.csv", get(audit_export))
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: Ctx,
    users: Vec<UserRow>,
    errors: FieldErrors,
    form: NewUserForm,
    notice: Option<String>,
    now: String,
    /// Roles: value, label key, selected.
    roles: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    division: String,
    #[serde(default)]
    enterprise: String,
    #[serde(default)]
    password: String,
}

async fn users_page(
    s: &AppState,
    ctx: Ctx,
    a: &Authed,
    form: NewUserForm,
    errors: FieldErrors,
    notice: Option<String>,
) -> Response {
    if !a.principal.role.can_administer() {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    match kaifang_store::accounts::list(&s.store, &a.principal.scope).await {
        Ok(users) => render(&UsersPage {
            roles: ["officer", "leader", "admin", "enterprise"]
                .into_iter()
                .map(|r| (r, super::role_label_key(r), r == form.role))
                .collect(),
            ctx,
            users,
            errors,
            form: NewUserForm {
                password: String::new(),
                ..form
            },
            notice,
            now: kaifang_store::now_text(),
        }),
        Err(e) => super::error_page(ctx, e.into()),
    }
}

async fn users(State(s): State<AppState>, headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/admin/users", "users", Some(&a));
    let form = NewUserForm {
        role: "officer".into(),
        division: a.principal.division.clone(),
        ..Default::default()
    };
    users_page(&s, ctx, &a, form, FieldErrors::new(), None).await
}

async fn create_user(State(s): State<AppState>, headers: HeaderMap, a: Authed, Form(f): Form<NewUserForm>) -> Response {
    let ctx = Ctx::new(&headers, "/admin/users", "users", Some(&a));
    let ne = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let input = NewUserInput {
        username: f.username.clone(),
        display_name: ne(&f.display_name),
        role: f.role.clone(),
        division: ne(&f.division),
        enterprise: ne(&f.enterprise),
        password: f.password.clone(),
    };
    match kaifang_service::users::create(&s.store, Some(&a.principal), &input).await {
        Ok(_) => {
            let msg = ctx.t.t("users.created").to_string();
            let form = NewUserForm {
                role: "officer".into(),
                division: a.principal.division.clone(),
                ..Default::default()
            };
            users_page(&s, ctx, &a, form, FieldErrors::new(), Some(msg)).await
        }
        Err(ServiceError::Invalid(errs)) => {
            let mut res = users_page(&s, ctx, &a, f, errs, None).await;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => super::error_page(ctx, e),
    }
}

/// An audit entry as the page shows it.
struct AuditRow {
    e: AuditEntry,
    /// The object, or for an entry of many objects the first of them and how many.
    object: String,
    changes: String,
}

impl AuditRow {
    fn new(t: &crate::i18n::T, e: AuditEntry) -> AuditRow {
        let batch = kaifang_store::audit::Batch::of(&e)
            .and_then(|b| Some((b.objects.first()?.clone(), b.objects.len(), b.snapshots(0).1?)));
        match batch {
            Some((first, n, first_after)) => AuditRow {
                object: format!("{first} {} {n}", t.t("audit.batch_and")),
                // A whole import chunk is too long to show: its first record, then the count.
                changes: format!("{first_after} …"),
                e,
            },
            None => AuditRow {
                object: e.object_id.clone(),
                changes: e.after_json.clone().unwrap_or_default(),
                e,
            },
        }
    }
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: Ctx,
    rows: Vec<AuditRow>,
    q: AuditEcho,
    next: Option<i64>,
    query: String,
}

#[derive(Default)]
struct AuditEcho {
    action: String,
    object_id: String,
    actor: String,
    from: String,
    until: String,
}

const PAGE: i64 = 100;

async fn audit(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    RawQuery(raw): RawQuery,
    Query(q): Query<AuditQuery>,
) -> Response {
    let ctx = Ctx::new(&headers, "/admin/audit", "audit", Some(&a));
    if !a.principal.role.can_administer() {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    let rows = match kaifang_store::audit::list(&s.store, &a.principal.scope, &q.filter(), PAGE).await {
        Ok(r) => r,
        Err(e) => return super::error_page(ctx, e.into()),
    };
    let next = (rows.len() as i64 == PAGE)
        .then(|| rows.last().map(|r| r.seq))
        .flatten();
    let echo = |v: &Option<String>| v.clone().unwrap_or_default();
    render(&AuditPage {
        q: AuditEcho {
            action: echo(&q.action),
            object_id: echo(&q.object_id),
            actor: echo(&q.actor),
            from: echo(&q.from),
            until: echo(&q.until),
        },
        rows: rows.into_iter().map(|e| AuditRow::new(&ctx.t, e)).collect(),
        next,
        query: raw
            .unwrap_or_default()
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("before="))
            .collect::<Vec<_>>()
            .join("&"),
        ctx,
    })
}

/// The filtered audit log as CSV (at most 100,000 entries per export); the export itself is audited.
async fn audit_export(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Query(q): Query<AuditQuery>,
) -> Response {
    let ctx = Ctx::new(&headers, "/admin/audit", "audit", Some(&a));
    if !a.principal.role.can_administer() {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    let mut filter = q.filter();
    let mut all = Vec::new();
    loop {
        let batch = match kaifang_store::audit::list(&s.store, &a.principal.scope, &filter, 5000).await {
            Ok(b) => b,
            Err(e) => return super::error_page(ctx, e.into()),
        };
        let done = batch.len() < 5000;
        filter.before_seq = batch.last().map(|e| e.seq);
        all.extend(batch);
        if done || all.len() >= 100_000 {
            break;
        }
    }
    let count = all.len();
    let rows = all.into_iter().map(|e| {
        vec![
            e.seq.to_string(),
            e.at,
            e.actor_name,
            e.ip,
            e.action,
            e.object_type,
            e.object_id,
            e.division,
            e.before_json.unwrap_or_default(),
            e.after_json.unwrap_or_default(),
            e.prev_hash,
            e.hash,
        ]
    });
    let csv = kaifang_exchange::write_csv(
        &[
            "seq",
            "at",
            "actor",
            "ip",
            "action",
            "object_type",
            "object_id",
            "division",
            "before",
            "after",
            "prev_hash",
            "hash",
        ],
        rows,
    );
    let mut tx = match s.store.begin_write().await {
        Ok(t) => t,
        Err(e) => return super::error_page(ctx, e.into()),
    };
    let audited = tx
        .audit(
            &a.principal.actor(),
            kaifang_store::AuditEvent {
                action: "audit_exported",
                object_type: "export",
                object_id: "audit.csv",
                placement: &a.principal.placement,
                before: None,
                after: Some(serde_json::json!({"rows": count})),
            },
        )
        .await;
    if let Err(e) = audited {
        return super::error_page(ctx, e.into());
    }
    if let Err(e) = tx.commit().await {
        return super::error_page(ctx, e.into());
    }
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"".to_string(),
            ),
        ],
        csv,
    )
        .into_response()
}
