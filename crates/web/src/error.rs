//! One mapping from service errors to HTTP: 422 with field errors, 401, 403,
//! 404, 409 with allowed transitions, 500 logged in full but shown without internals.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kaifang_service::ServiceError;
use serde_json::json;

/// A service error answered as JSON (API routes).
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl<E: Into<ServiceError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Forbidden => StatusCode::FORBIDDEN,
        ServiceError::NotFound => StatusCode::NOT_FOUND,
        ServiceError::Conflict { .. } => StatusCode::CONFLICT,
        ServiceError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        ServiceError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub fn json_error(status: StatusCode, code: &str, zh: &str, en: &str) -> Response {
    (status, Json(json!({"error": code, "message": en, "message_zh": zh}))).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        match self.0 {
            ServiceError::Invalid(errs) => (
                status,
                Json(json!({
                    "error": "invalid",
                    "message": "some fields are invalid",
                    "message_zh": "部分字段有误",
                    "fields": errs.iter().map(|e| json!({
                        "field": e.field, "code": e.code, "message": e.message.en,
                        "message_zh": e.message.zh, "suggestion": e.suggestion,
                    })).collect::<Vec<_>>(),
                })),
            )
                .into_response(),
            ServiceError::Forbidden => json_error(
                status,
                "forbidden",
                "您的角色无权执行此操作",
                "your role may not do this",
            ),
            ServiceError::NotFound => json_error(status, "not_found", "记录不存在", "not found"),
            ServiceError::Conflict { message, allowed } => (
                status,
                Json(json!({"error": "conflict", "message": message, "allowed": allowed})),
            )
                .into_response(),
            ServiceError::Unauthorized(m) => json_error(status, "unauthorized", &m.zh, &m.en),
            ServiceError::Store(e) => {
                tracing::error!(error = ?e, "storage error");
                json_error(status, "internal", "服务器内部错误，已记录", "internal error (logged)")
            }
        }
    }
}
