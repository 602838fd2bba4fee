//! The user's personal API tokens: create (shown once) and revoke.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_store::tokens::TokenRow;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/tokens", get(page).post(create))
        .route("/account/tokens/{id}/revoke", post(revoke))
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    ctx: Ctx,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    error: Option<String>,
}

async fn show(s: &AppState, ctx: Ctx, a: &Authed, new_token: Option<String>, error: Option<String>) -> Response {
    match kaifang_store::tokens::list_for_user(&s.store, a.principal.user_id).await {
        Ok(tokens) => render(&TokensPage {
            ctx,
            tokens,
            new_token,
            error,
        }),
        Err(e) => super::error_page(ctx, e.into()),
    }
}

async fn page(State(s): State<AppState>, headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/account/tokens", "tokens", Some(&a));
    show(&s, ctx, &a, None, None).await
}

#[derive(serde::Deserialize)]
struct NewToken {
    name: String,
}

async fn create(State(s): State<AppState>, headers: HeaderMap, a: Authed, Form(f): Form<NewToken>) -> Response {
    let ctx = Ctx::new(&headers, "/account/tokens", "tokens", Some(&a));
    match kaifang_service::auth::create_token(&s.store, &a.principal, &f.name).await {
        Ok((_, token)) => show(&s, ctx, &a, Some(token), None).await,
        Err(kaifang_service::ServiceError::Invalid(errs)) => {
            let msg = errs
                .iter()
                .map(|e| e.message.get(ctx.t.is_en()).to_string())
                .collect::<Vec<_>>()
                .join("; ");
            show(&s, ctx, &a, None, Some(msg)).await
        }
        Err(e) => super::error_page(ctx, e),
    }
}

async fn revoke(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(id): Path<i64>) -> Response {
    match kaifang_service::auth::revoke_token(&s.store, &a.principal, id).await {
        Ok(()) => {
            s.tokens.clear();
            Redirect::to("/account/tokens").into_response()
        }
        Err(e) => super::error_page(Ctx::new(&headers, "/account/tokens", "tokens", Some(&a)), e),
    }
}
