//! Server-rendered pages. Each area is one module; all share the page context
//! (language, user, CSRF token) and the error page.

mod account;
mod admin;
pub(crate) mod calendar;
mod cases;
pub(crate) mod checker;
mod enterprises;
mod home;
mod inbox;
mod monitoring;
mod monitoring_analysis;
mod monitoring_answer;
mod monitoring_coverage;
mod project_actions;
mod project_controls;
mod project_forms;
mod project_ledger;
mod project_page;
mod projects;
mod reference;
mod session;
mod tokens;

use crate::AppState;
use crate::auth::Authed;
use crate::i18n::{Lang, T};
use askama::Template;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use kaifang_service::{Principal, ServiceError};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(session::router())
        .merge(account::router())
        .merge(home::router())
        .merge(enterprises::router())
        .merge(reference::router())
        .merge(calendar::router())
        .merge(cases::router())
        .merge(projects::router())
        .merge(project_ledger::router())
        .merge(monitoring::router())
        .merge(monitoring_coverage::router())
        .merge(monitoring_analysis::router())
        .merge(monitoring_answer::router())
        .merge(checker::router())
        .merge(inbox::router())
        .merge(admin::router())
        .merge(tokens::router())
}

/// The signed-in user as the page header shows it.
#[derive(Debug, Clone)]
pub struct UserCtx {
    pub display_name: String,
    pub role_label: String,
    pub division_name: String,
    pub is_admin: bool,
    pub is_enterprise: bool,
}

/// What every page template gets.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub t: T,
    pub user: Option<UserCtx>,
    pub csrf: String,
    pub path: String,
    pub section: &'static str,
}

pub fn role_key(r: kaifang_domain::accounts::Role) -> &'static str {
    match r {
        kaifang_domain::accounts::Role::Admin => "role.admin",
        kaifang_domain::accounts::Role::Officer => "role.officer",
        kaifang_domain::accounts::Role::Leader => "role.leader",
        kaifang_domain::accounts::Role::Enterprise => "role.enterprise",
    }
}

impl Ctx {
    pub fn new(headers: &HeaderMap, path: &str, section: &'static str, a: Option<&Authed>) -> Ctx {
        let t = T::new(Lang::from_headers(headers));
        Ctx {
            t,
            user: a.map(|a| {
                let p = &a.principal;
                UserCtx {
                    display_name: p.display_name.clone(),
                    role_label: t.t(role_key(p.role)).to_string(),
                    division_name: match &p.enterprise {
                        Some(u) => u.clone(),
                        None => kaifang_service::placement::full_name(&p.division),
                    },
                    is_admin: p.role.can_administer(),
                    is_enterprise: p.role == kaifang_domain::accounts::Role::Enterprise,
                }
            }),
            csrf: a.and_then(|a| a.csrf.clone()).unwrap_or_default(),
            path: path.to_string(),
            section,
        }
    }
}

/// Renders a template, or a plain 500 if rendering fails (logged).
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: Ctx,
    message: String,
}

/// A service error shown as an HTML page.
pub fn error_page(ctx: Ctx, e: ServiceError) -> Response {
    let (status, key) = match &e {
        ServiceError::NotFound => (StatusCode::NOT_FOUND, "error.not_found"),
        ServiceError::Forbidden => (StatusCode::FORBIDDEN, "error.forbidden"),
        ServiceError::Invalid(errs) => {
            let msg = errs
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message.get(ctx.t.is_en())))
                .collect::<Vec<_>>()
                .join("; ");
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&ErrorPage { ctx, message: msg }),
            )
                .into_response();
        }
        ServiceError::Conflict { message, .. } => {
            let m = message.clone();
            return (StatusCode::CONFLICT, render(&ErrorPage { ctx, message: m })).into_response();
        }
        ServiceError::Unauthorized(m) => {
            let m = m.get(ctx.t.is_en()).to_string();
            return (StatusCode::UNAUTHORIZED, render(&ErrorPage { ctx, message: m })).into_response();
        }
        ServiceError::Store(err) => {
            tracing::error!(error = ?err, "storage error");
            (StatusCode::INTERNAL_SERVER_ERROR, "error.internal")
        }
    };
    let message = ctx.t.t(key).to_string();
    (status, render(&ErrorPage { ctx, message })).into_response()
}

/// "2026-11-22T03:04:05.123456Z" → "2026-11-22 03:04".
pub fn short_time(s: &str) -> String {
    s.get(..16).unwrap_or(s).replace('T', " ")
}

/// Label key of a sort order.
pub fn sort_key(s: &str) -> &'static str {
    match s {
        "name" => "sort.name",
        "established" => "sort.established",
        "updated" => "sort.updated",
        _ => "sort.newest",
    }
}

/// A region's display name in the interface language.
pub fn region_name(code: &str, en: bool) -> String {
    kaifang_refdata::get()
        .region(code)
        .map(|r| if en { r.name_en.clone() } else { r.name_zh.clone() })
        .unwrap_or_else(|| code.to_string())
}

/// Divisions a principal may pick for records: its own subtree's prefectures and counties.
pub fn division_choices(p: &Principal) -> Vec<(String, String)> {
    use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
    let rd = kaifang_refdata::get();
    rd.divisions()
        .filter(|d| matches!(d.level, DivisionLevel::Prefecture | DivisionLevel::County))
        .filter(|d| match &p.scope {
            Scope::National => true,
            Scope::Division { code, .. } => rd.is_within(&d.code, code),
            Scope::Enterprise { .. } => false,
        })
        .map(|d| {
            (
                d.code.clone(),
                format!("{} {}", d.code, kaifang_service::placement::full_name(&d.code)),
            )
        })
        .collect()
}

/// Foreign source regions for pickers, Chinese or English names.
pub fn region_choices(en: bool) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = kaifang_refdata::get()
        .regions()
        .filter(|r| r.alpha2 != "CN")
        .map(|r| {
            (
                r.alpha2.clone(),
                format!("{} {}", r.alpha2, if en { &r.name_en } else { &r.name_zh }),
            )
        })
        .collect();
    // Hong Kong, Macao and Taiwan first: by far the largest sources.
    v.sort_by_key(|(c, _)| (!matches!(c.as_str(), "HK" | "MO" | "TW"), c.clone()));
    v
}

/// Zones for pickers, limited to the provinces the principal covers.
pub fn zone_choices(p: &Principal) -> Vec<(String, String)> {
    use kaifang_domain::jurisdiction::Scope;
    let rd = kaifang_refdata::get();
    rd.zones()
        .filter(|z| match &p.scope {
            Scope::National => true,
            Scope::Division { code, .. } => code.get(..2) == z.province.get(..2),
            Scope::Enterprise { .. } => false,
        })
        .map(|z| (z.id.clone(), z.name_zh.clone()))
        .collect()
}

/// Label key of a role given by name.
pub fn role_label_key(role: &str) -> &'static str {
    role.parse::<kaifang_domain::accounts::Role>()
        .map(role_key)
        .unwrap_or("common.none")
}

/// "320102 江苏省 南京市 玄武区".
pub fn division_label(code: &str) -> String {
    format!("{code} {}", kaifang_service::placement::full_name(code))
}

/// An audit action in the interface language (the code itself if unknown).
pub fn action_label(t: &T, action: &str) -> String {
    t.t(&format!("action.{action}"))
        .trim_start_matches("action.")
        .to_string()
}

/// "26800000.00" USD → "26,800,000.00 USD".
pub fn money_label(amount: &str, currency: &str) -> String {
    kaifang_domain::money::Currency::parse(currency)
        .ok()
        .and_then(|c| kaifang_domain::money::Money::parse(amount, c).ok())
        .map(|m| m.to_string())
        .unwrap_or_else(|| format!("{amount} {currency}"))
}

/// Label key of a password form field.
pub fn password_label(field: &str) -> &'static str {
    match field {
        "current_password" => "password.current",
        "new_password" => "password.new",
        _ => "password.confirm",
    }
}

/// The browser's autocomplete hint for a password form field.
pub fn password_autocomplete(field: &str) -> &'static str {
    if field == "current_password" {
        "current-password"
    } else {
        "new-password"
    }
}
