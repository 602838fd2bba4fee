//! The forms of the project page, one route each: a stage move, a tranche and
//! its voiding, a task-force member added or removed, a service-log entry, a
//! factor approval. Each calls its service operation and answers 303 back to
//! the project page, or the page again with the refused form's messages (422)
//! or the conflict and the stages allowed now (409).

use super::project_page::{Refused, detail_page};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_service::ServiceError;
use kaifang_service::projects::{
    self as svc, ApprovalInput, LogInput, MemberInput, StageInput, TrancheInput, VoidInput,
};
use std::collections::HashMap;

/// The answer to one of the page's forms: back to the page (303), or the page
/// again with the form's messages (422), or with the conflict (409).
async fn answer<R>(
    s: &AppState,
    headers: &HeaderMap,
    a: &Authed,
    number: &str,
    form: String,
    values: HashMap<String, String>,
    result: Result<R, ServiceError>,
) -> Response {
    let ctx = Ctx::new(headers, &format!("/projects/{number}"), "projects", Some(a));
    let (status, refused) = match result {
        Ok(_) => return Redirect::to(&format!("/projects/{number}")).into_response(),
        Err(ServiceError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Refused {
                form,
                values,
                errors,
                ..Default::default()
            },
        ),
        Err(ServiceError::Conflict { message, allowed }) => {
            let stage_move = form == "stage";
            let conflict = if stage_move && !allowed.is_empty() {
                ctx.t.t("project.move_refused").to_string()
            } else {
                format!("{} ({message})", ctx.t.t("project.conflict"))
            };
            (
                StatusCode::CONFLICT,
                Refused {
                    form,
                    values,
                    conflict: Some(conflict),
                    allowed: if stage_move { allowed } else { vec![] },
                    ..Default::default()
                },
            )
        }
        Err(e) => return super::error_page(ctx, e),
    };
    match svc::get(&s.store, &a.principal, number).await {
        Ok(d) => (status, render(&detail_page(ctx, a, d, refused))).into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

/// A posted form's non-empty value.
fn opt(f: &HashMap<String, String>, k: &str) -> Option<String> {
    f.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(String::from)
}

pub(super) async fn move_stage(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let input = StageInput {
        to: f.get("to").cloned().unwrap_or_default(),
        on: opt(&f, "on"),
        evidence: opt(&f, "evidence"),
        contracted_amount: opt(&f, "contracted_amount"),
        contracted_currency: opt(&f, "contracted_currency"),
        contracted_rate: opt(&f, "contracted_rate"),
        contracted_rate_on: opt(&f, "contracted_rate_on"),
        signing_mode: opt(&f, "signing_mode"),
        version: opt(&f, "version").and_then(|v| v.parse().ok()),
    };
    let r = svc::move_stage(&s.store, &a.principal, &number, &input).await;
    answer(&s, &headers, &a, &number, "stage".into(), f, r).await
}

pub(super) async fn add_tranche(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let input = TrancheInput {
        received_on: opt(&f, "received_on"),
        amount: opt(&f, "amount"),
        currency: opt(&f, "currency"),
        rate: opt(&f, "rate"),
        rate_on: opt(&f, "rate_on"),
        note: opt(&f, "note"),
    };
    let r = svc::add_tranche(&s.store, &a.principal, &number, &input).await;
    answer(&s, &headers, &a, &number, "tranche".into(), f, r).await
}

pub(super) async fn void_tranche(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let input = VoidInput {
        reason: opt(&f, "reason"),
    };
    let r = svc::void_tranche(&s.store, &a.principal, &number, id, &input).await;
    answer(&s, &headers, &a, &number, format!("void{id}"), f, r).await
}

pub(super) async fn add_member(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let input = MemberInput {
        role: opt(&f, "role"),
        username: opt(&f, "username"),
        name: opt(&f, "name"),
        department: opt(&f, "department"),
        phone: opt(&f, "phone"),
    };
    let r = svc::add_member(&s.store, &a.principal, &number, &input).await;
    answer(&s, &headers, &a, &number, "team".into(), f, r).await
}

pub(super) async fn remove_member(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
) -> Response {
    let r = svc::remove_member(&s.store, &a.principal, &number, id).await;
    answer(&s, &headers, &a, &number, "remove".into(), HashMap::new(), r).await
}

pub(super) async fn log_service(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let input = LogInput {
        kind: opt(&f, "kind"),
        on: opt(&f, "on"),
        participants: opt(&f, "participants"),
        outcome: opt(&f, "outcome"),
    };
    let r = svc::log_service(&s.store, &a.principal, &number, &input).await;
    answer(&s, &headers, &a, &number, "log".into(), f, r).await
}

pub(super) async fn set_approval(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    // An empty field keeps what is recorded; a number of days must be a whole number.
    let due_days = match opt(&f, "due_days").map(|v| v.parse::<i64>()) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            if let Some(e) = super::projects::refusal(&a, true) {
                let ctx = Ctx::new(&headers, &format!("/projects/{number}"), "projects", Some(&a));
                return super::error_page(ctx, e);
            }
            let e = FieldError::new(
                "due_days",
                "range",
                Message::new("办理时限应为 1–720 个工作日", "1 to 720 working days"),
            );
            let r: Result<(), _> = Err(ServiceError::Invalid(FieldErrors(vec![e])));
            return answer(&s, &headers, &a, &number, "approval".into(), f, r).await;
        }
    };
    let input = ApprovalInput {
        department: opt(&f, "department"),
        started_on: opt(&f, "started_on"),
        due_days,
        status: opt(&f, "status"),
        done_on: opt(&f, "done_on"),
        documents: opt(&f, "documents"),
        note: opt(&f, "note"),
        problem: opt(&f, "problem"),
        version: opt(&f, "version").and_then(|v| v.parse().ok()),
    };
    let kind = f.get("kind").cloned().unwrap_or_default();
    let r = svc::set_approval(&s.store, &s.calendars, &a.principal, &number, &kind, &input).await;
    answer(&s, &headers, &a, &number, "approval".into(), f, r).await
}
