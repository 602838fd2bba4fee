//! API login and logout with a session cookie, and "who am I".

use crate::AppState;
use crate::auth::{Authed, client_ip_of};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The caller, as the API sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    /// admin | officer | leader | enterprise
    pub role: String,
    pub division: String,
    pub division_name: String,
    pub enterprise: Option<String>,
    /// Send as X-CSRF-Token on state-changing requests made with the session cookie.
    pub csrf_token: Option<String>,
}

pub(crate) fn me_of(a: &Authed) -> Me {
    let p = &a.principal;
    Me {
        username: p.username.clone(),
        display_name: p.display_name.clone(),
        role: p.role.as_str().to_string(),
        division: p.division.clone(),
        division_name: kaifang_service::placement::full_name(&p.division),
        enterprise: p.enterprise.clone(),
        csrf_token: a.csrf.clone(),
    }
}

/// Logs in; answers with the session cookie and the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, description = "wrong credentials or locked")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Json(req): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let ip = client_ip_of(addr);
    let s = kaifang_service::auth::login(&state.store, &state.policy, &req.username, &req.password, &ip).await?;
    let a = Authed {
        principal: s.principal.clone(),
        csrf: Some(s.csrf_token.clone()),
        session: None,
    };
    Ok((
        StatusCode::OK,
        [(
            header::SET_COOKIE,
            crate::auth::session_cookie(&s.session_id, state.secure_cookies),
        )],
        Json(me_of(&a)),
    )
        .into_response())
}

/// Ends the current session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, a: Authed) -> Result<Response, ApiError> {
    if let Some(s) = &a.session {
        kaifang_service::auth::logout(&state.store, s).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, crate::auth::clear_session_cookie())],
    )
        .into_response())
}

/// The authenticated caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = Me)))]
pub async fn me(a: Authed) -> Json<Me> {
    Json(me_of(&a))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the caller's own password; every session of the caller ends.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "session", request_body = PasswordChange,
    responses((status = 204), (status = 422, description = "wrong current password or weak new one")))]
pub async fn change_password(
    State(state): State<AppState>,
    a: Authed,
    Json(body): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    kaifang_service::users::change_own_password(&state.store, &a.principal, &body.current_password, &body.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
