//! Login, logout and the language switch.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::{Authed, MaybeAuthed, client_ip_of};
use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{lang}", get(switch_lang))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: Ctx,
    username: String,
    error: Option<String>,
}

async fn login_page(headers: HeaderMap, MaybeAuthed(a): MaybeAuthed) -> Response {
    if a.is_some() {
        return Redirect::to("/").into_response();
    }
    render(&LoginPage {
        ctx: Ctx::new(&headers, "/login", "login", None),
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(
    State(s): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    match kaifang_service::auth::login(&s.store, &s.policy, &f.username, &f.password, &client_ip_of(addr)).await {
        Ok(sess) => (
            [(
                header::SET_COOKIE,
                crate::auth::session_cookie(&sess.session_id, s.secure_cookies),
            )],
            Redirect::to("/"),
        )
            .into_response(),
        Err(kaifang_service::ServiceError::Unauthorized(m)) => {
            let ctx = Ctx::new(&headers, "/login", "login", None);
            let msg = m.get(ctx.t.is_en()).to_string();
            (
                axum::http::StatusCode::UNAUTHORIZED,
                render(&LoginPage {
                    ctx,
                    username: f.username,
                    error: Some(msg),
                }),
            )
                .into_response()
        }
        Err(e) => super::error_page(Ctx::new(&headers, "/login", "login", None), e),
    }
}

async fn logout(State(s): State<AppState>, a: Authed) -> Response {
    if let Some(sess) = &a.session {
        let _ = kaifang_service::auth::logout(&s.store, sess).await;
    }
    (
        [(header::SET_COOKIE, crate::auth::clear_session_cookie())],
        Redirect::to("/login"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

async fn switch_lang(Path(lang): Path<String>, Query(q): Query<Back>) -> Response {
    let value = if lang == "en" { "en" } else { "zh" };
    // Only local paths, so the switch cannot be used as an open redirect.
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    (
        [(
            header::SET_COOKIE,
            format!(
                "{}={value}; Path=/; Max-Age=31536000; SameSite=Lax",
                crate::i18n::LANG_COOKIE
            ),
        )],
        Redirect::to(&back),
    )
        .into_response()
}
