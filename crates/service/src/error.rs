//! The one error type of the service layer; the web layer maps it to HTTP.

use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input fields are invalid (422 with the field list).
    #[error("{0}")]
    Invalid(FieldErrors),
    /// The caller's role may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// No such record inside the caller's scope (404): a record outside the
    /// scope is reported exactly as one that does not exist.
    #[error("not found")]
    NotFound,
    /// A state or version conflict (409), with what is allowed instead.
    #[error("conflict: {message}")]
    Conflict { message: String, allowed: Vec<String> },
    /// Login refused (401).
    #[error("unauthorized")]
    Unauthorized(Message),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict(m) => ServiceError::Conflict {
                message: m,
                allowed: vec![],
            },
            other => ServiceError::Store(other),
        }
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        ServiceError::Invalid(FieldErrors(vec![e]))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
