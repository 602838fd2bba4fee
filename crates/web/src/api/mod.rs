//! The JSON API under `/api/v1`, documented by the OpenAPI document served at
//! `/api/openapi.json` (generated from these handlers, so it covers every route).

pub mod audit;
pub mod calendar;
pub mod cases;
pub mod checker;
pub mod enterprises;
pub mod health;
pub mod inbox;
pub mod json_body;
pub mod monitoring;
pub mod projects;
pub mod reference;
pub mod session;
pub mod tokens;
pub mod users;

use crate::AppState;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kaifang API",
        description = "Foreign-investment promotion and service platform. Authenticate with \
            `POST /api/v1/session` (session cookie; send the returned csrf_token as \
            X-CSRF-Token on writes) or with a personal token as `Authorization: Bearer TOKEN`. \
            Records outside the caller's jurisdiction answer 404 exactly as missing ones.",
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []), ("session" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::login, session::logout))
        .routes(routes!(session::me))
        .routes(routes!(session::change_password))
        .routes(routes!(enterprises::list, enterprises::create))
        .routes(routes!(enterprises::get, enterprises::patch))
        .routes(routes!(enterprises::deregister))
        .routes(routes!(enterprises::history))
        .routes(routes!(enterprises::import))
        .routes(routes!(enterprises::export))
        .routes(routes!(enterprises::template))
        .routes(routes!(reference::divisions))
        .routes(routes!(reference::division))
        .routes(routes!(reference::industries))
        .routes(routes!(reference::regions))
        .routes(routes!(reference::zones))
        .routes(routes!(audit::list))
        .routes(routes!(checker::check))
        .routes(routes!(checker::roster))
        .routes(routes!(checker::editions, checker::upload))
        .routes(routes!(checker::activate))
        .routes(routes!(checker::withdraw))
        .routes(routes!(calendar::add_working_days))
        .routes(routes!(calendar::working_days))
        .routes(routes!(calendar::day))
        .routes(routes!(calendar::years))
        .routes(routes!(calendar::put_year))
        .routes(routes!(cases::list, cases::create))
        .routes(routes!(cases::get))
        .routes(routes!(cases::act))
        .routes(routes!(cases::complaint_rules))
        .routes(routes!(cases::dashboard))
        .routes(routes!(cases::time_limits, cases::set_time_limit))
        .routes(routes!(cases::export))
        .routes(routes!(cases::attach))
        .routes(routes!(cases::attachment))
        .routes(routes!(projects::list, projects::create))
        .routes(routes!(projects::stale))
        .routes(routes!(projects::export))
        .routes(routes!(projects::import))
        .routes(routes!(projects::dashboard))
        .routes(routes!(projects::update_rules, projects::set_update_rule))
        .routes(routes!(projects::get, projects::patch))
        .routes(routes!(projects::stage))
        .routes(routes!(projects::add_tranche))
        .routes(routes!(projects::void_tranche))
        .routes(routes!(projects::add_member))
        .routes(routes!(projects::remove_member))
        .routes(routes!(projects::log))
        .routes(routes!(projects::approval))
        .routes(routes!(monitoring::list, monitoring::create))
        .routes(routes!(monitoring::templates))
        .routes(routes!(monitoring::get))
        .routes(routes!(monitoring::act))
        .routes(routes!(monitoring::indicators))
        .routes(routes!(monitoring::answer))
        .routes(routes!(monitoring::batch))
        .routes(routes!(monitoring::response))
        .routes(routes!(monitoring::coverage))
        .routes(routes!(monitoring::unanswered))
        .routes(routes!(monitoring::chase))
        .routes(routes!(monitoring::links))
        .routes(routes!(monitoring::link_answer))
        .routes(routes!(monitoring::analysis))
        .routes(routes!(monitoring::ledger))
        .routes(routes!(monitoring::import))
        .routes(routes!(inbox::list))
        .routes(routes!(inbox::read))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
        .routes(routes!(users::list, users::create))
}

/// An .xlsx answer the browser saves as `filename`.
pub fn xlsx_download(bytes: Vec<u8>, filename: &str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
