//! The workspace: counts of the caller's roster and its latest changes.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::MaybeAuthed;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kaifang_service::enterprises::{self as svc, EnterpriseSummary, ListQuery};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    display_name: String,
    role_label: String,
    scope_name: String,
    operating: String,
    key: String,
    suppliers: String,
    deregistered: String,
    can_edit: bool,
    recent: Vec<EnterpriseSummary>,
}

/// Counts shown on the workspace stop at this number ("10000+").
const COUNT_CAP: i64 = 10_000;

fn capped(n: i64) -> String {
    if n >= COUNT_CAP {
        format!("{COUNT_CAP}+")
    } else {
        n.to_string()
    }
}

async fn home(State(s): State<AppState>, headers: HeaderMap, MaybeAuthed(a): MaybeAuthed) -> Response {
    let Some(a) = a else {
        return Redirect::to("/login").into_response();
    };
    if let Some(u) = &a.principal.enterprise {
        return Redirect::to(&format!("/enterprises/{u}")).into_response();
    }
    let ctx = Ctx::new(&headers, "/", "home", Some(&a));
    let p = &a.principal;
    let q = |status: Option<&str>, tag: Option<&str>| ListQuery {
        status: status.map(Into::into),
        tag: tag.map(Into::into),
        ..Default::default()
    };
    let counts = async {
        Ok::<_, kaifang_service::ServiceError>((
            svc::count(&s.store, p, &q(Some("operating"), None), COUNT_CAP).await?,
            svc::count(&s.store, p, &q(None, Some("key")), COUNT_CAP).await?,
            svc::count(&s.store, p, &q(None, Some("supplier")), COUNT_CAP).await?,
            svc::count(&s.store, p, &q(Some("deregistered"), None), COUNT_CAP).await?,
            svc::list(
                &s.store,
                p,
                &ListQuery {
                    sort: Some("updated".into()),
                    limit: Some(10),
                    ..Default::default()
                },
            )
            .await?,
        ))
    };
    match counts.await {
        Ok((operating, key, suppliers, deregistered, recent)) => render(&HomePage {
            display_name: p.display_name.clone(),
            role_label: ctx.t.t(super::role_key(p.role)).to_string(),
            scope_name: kaifang_service::placement::full_name(&p.division),
            operating: capped(operating),
            key: capped(key),
            suppliers: capped(suppliers),
            deregistered: capped(deregistered),
            can_edit: p.role.can_edit_roster(),
            recent: recent.items,
            ctx,
        }),
        Err(e) => super::error_page(ctx, e),
    }
}
