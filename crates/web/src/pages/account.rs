//! The user's own account: changing the password.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use kaifang_domain::field_error::FieldErrors;
use kaifang_service::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new().route("/account/password", get(page).post(change))
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    ctx: Ctx,
    errors: FieldErrors,
}

async fn page(headers: HeaderMap, a: Authed) -> Response {
    render(&PasswordPage {
        ctx: Ctx::new(&headers, "/account/password", "password", Some(&a)),
        errors: FieldErrors::new(),
    })
}

#[derive(serde::Deserialize)]
struct Change {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

async fn change(State(s): State<AppState>, headers: HeaderMap, a: Authed, Form(f): Form<Change>) -> Response {
    let ctx = Ctx::new(&headers, "/account/password", "password", Some(&a));
    let result = if f.new_password != f.confirm_password {
        Err(ServiceError::Invalid(FieldErrors(vec![
            kaifang_domain::field_error::FieldError::new(
                "confirm_password",
                "password.mismatch",
                kaifang_domain::field_error::Message::new("两次输入的新密码不一致", "the two new passwords differ"),
            ),
        ])))
    } else {
        kaifang_service::users::change_own_password(&s.store, &a.principal, &f.current_password, &f.new_password).await
    };
    match result {
        // Every session ended with the change: log in again with the new password.
        Ok(()) => (
            [(header::SET_COOKIE, crate::auth::clear_session_cookie())],
            Redirect::to("/login"),
        )
            .into_response(),
        Err(ServiceError::Invalid(errors)) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&PasswordPage { ctx, errors }),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}
