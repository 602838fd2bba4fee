//! `/api/v1/tokens`: the caller's personal API tokens.

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kaifang_store::tokens::{self, TokenRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenItem {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl From<TokenRow> for TokenItem {
    fn from(t: TokenRow) -> Self {
        TokenItem {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// The caller's tokens (never their secret).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", responses((status = 200, body = [TokenItem])))]
pub async fn list(State(s): State<AppState>, a: Authed) -> Result<Json<Vec<TokenItem>>, ApiError> {
    let rows = tokens::list_for_user(&s.store, a.principal.user_id).await?;
    Ok(Json(rows.into_iter().map(TokenItem::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewToken {
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    /// The secret, shown this once.
    pub token: String,
}

/// Creates a token; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422)))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(body): Json<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let (id, token) = kaifang_service::auth::create_token(&s.store, &a.principal, &body.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { id, token })))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = i64, Path, description = "token id")), responses((status = 204), (status = 404)))]
pub async fn revoke(State(s): State<AppState>, a: Authed, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    kaifang_service::auth::revoke_token(&s.store, &a.principal, id).await?;
    s.tokens.clear();
    Ok(StatusCode::NO_CONTENT)
}
