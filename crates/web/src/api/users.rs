//! `/api/v1/users`: accounts within an admin's jurisdiction.

use crate::AppState;
use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kaifang_service::ServiceError;
use kaifang_service::users::NewUserInput;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserItem {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub division: String,
    pub enterprise: Option<String>,
    pub active: bool,
    pub locked_until: Option<String>,
}

/// Accounts inside the admin's jurisdiction.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, body = [UserItem]), (status = 403)))]
pub async fn list(State(s): State<AppState>, a: Authed) -> Result<Json<Vec<UserItem>>, ApiError> {
    if !a.principal.role.can_administer() {
        return Err(ServiceError::Forbidden.into());
    }
    let rows = kaifang_store::accounts::list(&s.store, &a.principal.scope).await?;
    Ok(Json(
        rows.into_iter()
            .map(|u| UserItem {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                division: u.division,
                enterprise: u.enterprise_uscc,
                active: u.active == 1,
                locked_until: u.locked_until,
            })
            .collect(),
    ))
}

#[derive(Debug, serde::Deserialize, ToSchema)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: Option<String>,
    /// admin | officer | leader | enterprise
    pub role: String,
    /// Division code (not for enterprise accounts).
    pub division: Option<String>,
    /// Credit code (enterprise accounts only).
    pub enterprise: Option<String>,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    pub id: i64,
}

/// Creates an account inside the admin's jurisdiction.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = CreatedUser), (status = 403), (status = 422)))]
pub async fn create(
    State(s): State<AppState>,
    a: Authed,
    Json(b): Json<NewUserBody>,
) -> Result<(StatusCode, Json<CreatedUser>), ApiError> {
    let input = NewUserInput {
        username: b.username,
        display_name: b.display_name,
        role: b.role,
        division: b.division,
        enterprise: b.enterprise,
        password: b.password,
    };
    let id = kaifang_service::users::create(&s.store, Some(&a.principal), &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedUser { id })))
}
