//! The inbox page: reminders, overdue notices, supervision notices, requests
//! for materials and results, newest first, each linking to its case.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_service::inbox::{self as svc, InboxQuery};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(page))
        .route("/inbox/read", post(read))
}

pub struct NoticeLine {
    pub id: i64,
    pub kind: String,
    pub kind_class: String,
    pub case_number: String,
    pub title: String,
    pub due_on: String,
    pub at: String,
    pub read: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    ctx: Ctx,
    unread: i64,
    items: Vec<NoticeLine>,
    only_unread: bool,
    next: Option<i64>,
}

async fn page(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/inbox", "inbox", Some(&a));
    let only_unread = q.get("unread").is_some_and(|v| v == "1");
    let query = InboxQuery {
        unread: Some(only_unread),
        after: q.get("after").and_then(|v| v.parse().ok()),
        limit: Some(50),
    };
    let inbox = match svc::list(&s.store, &a.principal, &query).await {
        Ok(i) => i,
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let next = (inbox.items.len() == 50)
        .then(|| inbox.items.last().map(|n| n.id))
        .flatten();
    render(&InboxPage {
        unread: inbox.unread,
        items: inbox
            .items
            .into_iter()
            .map(|n| NoticeLine {
                id: n.id,
                kind: super::cases::label(&t, "inbox.kind", &n.kind),
                kind_class: n.kind.clone(),
                case_number: n.case_number.unwrap_or_default(),
                title: n.title,
                due_on: n.due_on.unwrap_or_default(),
                at: super::short_time(&n.created_at),
                read: n.read,
            })
            .collect(),
        only_unread,
        next,
        ctx,
    })
}

async fn read(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let id = f.get("id").and_then(|v| v.parse().ok());
    match svc::mark_read(&s.store, &a.principal, id).await {
        Ok(_) => match f.get("case").filter(|c| !c.is_empty()) {
            Some(c) => Redirect::to(&format!("/cases/{c}")).into_response(),
            None => Redirect::to("/inbox").into_response(),
        },
        Err(e) => super::error_page(Ctx::new(&headers, "/inbox", "inbox", Some(&a)), e),
    }
}
