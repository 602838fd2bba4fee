//! Who is calling: session cookies (browsers) or bearer tokens (scripts), the
//! CSRF check on state-changing browser requests, and security headers.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kaifang_service::Principal;
use std::net::SocketAddr;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "kaifang_session";

/// The authenticated caller of a request, put into request extensions by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Authed {
    pub principal: Principal,
    /// CSRF token of the session (None for bearer-token calls).
    pub csrf: Option<String>,
    /// Hash of the session id, for logout.
    pub session: Option<kaifang_service::auth::LiveSession>,
}

/// Reads a cookie from the headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The client address: the socket peer (a proxy in front should be configured
/// to be the only peer; X-Forwarded-For is not trusted by default).
pub fn client_ip(req: &Request) -> String {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn unauthorized(api: bool) -> Response {
    if api {
        crate::error::json_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "请先登录",
            "log in first (session cookie or Authorization: Bearer token)",
        )
    } else {
        Redirect::to("/login").into_response()
    }
}

/// Resolves the caller and enforces CSRF on state-changing requests that
/// carry a session cookie. Requests with a bearer token and no session cookie
/// are exempt (a browser never sends that header by itself).
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&req);
    let path = req.uri().path().to_string();
    let api = is_api(&path);
    let session_cookie = cookie(req.headers(), SESSION_COOKIE).map(str::to_string);
    let mut authed = None;
    if let Some(sid) = session_cookie.as_deref() {
        match kaifang_service::auth::session(&state.store, &state.policy, sid, &ip).await {
            Ok(Some(s)) => {
                authed = Some(Authed {
                    principal: s.principal.clone(),
                    csrf: Some(s.csrf_token.clone()),
                    session: Some(s),
                })
            }
            Ok(None) => {}
            Err(e) => return crate::error::ApiError(e).into_response(),
        }
    }
    if authed.is_none()
        && let Some(token) = bearer(req.headers())
    {
        let cached = state.tokens.get(token).map(|mut p| {
            p.ip = ip.clone();
            p
        });
        let found = match cached {
            Some(p) => Ok(Some(p)),
            None => kaifang_service::auth::token_principal(&state.store, token, &ip).await,
        };
        match found {
            Ok(Some(p)) => {
                state.tokens.put(token, &p);
                authed = Some(Authed {
                    principal: p,
                    csrf: None,
                    session: None,
                })
            }
            Ok(None) => return unauthorized(api),
            Err(e) => return crate::error::ApiError(e).into_response(),
        }
    }
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if state_changing
        && let Some(Authed {
            csrf: Some(expected), ..
        }) = &authed
    {
        let (ok, rebuilt) = csrf_ok(req, expected).await;
        req = rebuilt;
        if !ok {
            return if api {
                crate::error::json_error(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
                    "missing or wrong CSRF token (X-CSRF-Token header or _csrf field); reload the page and try again",
                )
            } else {
                (
                    StatusCode::FORBIDDEN,
                    axum::response::Html(
                        "<!doctype html><meta charset=utf-8><p>CSRF 校验失败，请返回并刷新页面后重试。<br>CSRF check failed: go back, reload the page and try again.</p>",
                    ),
                )
                    .into_response()
            };
        }
    }
    if let Some(a) = authed {
        req.extensions_mut().insert(a);
    }
    next.run(req).await
}

/// Checks the CSRF token in the `X-CSRF-Token` header, the `_csrf` query
/// parameter (multipart forms put it there) or an url-encoded form body.
async fn csrf_ok(req: Request, expected: &str) -> (bool, Request) {
    let eq = |got: &str| constant_time_eq(got.as_bytes(), expected.as_bytes());
    if let Some(v) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        let ok = eq(v);
        return (ok, req);
    }
    if let Some(q) = req.uri().query()
        && let Some(v) = form_value(q, "_csrf")
    {
        let ok = eq(&v);
        return (ok, req);
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (false, req);
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, 4 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return (false, Request::from_parts(parts, axum::body::Body::empty())),
    };
    let ok = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| form_value(s, "_csrf"))
        .is_some_and(|v| eq(&v));
    (ok, Request::from_parts(parts, axum::body::Body::from(bytes)))
}

fn form_value(encoded: &str, key: &str) -> Option<String> {
    encoded.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Extractor for handlers that need a logged-in caller: API routes answer 401,
/// pages redirect to the login page.
impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authed>()
            .cloned()
            .ok_or_else(|| unauthorized(is_api(parts.uri.path())))
    }
}

/// Optional caller, for pages that render for anonymous visitors too.
#[derive(Debug, Clone)]
pub struct MaybeAuthed(pub Option<Authed>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuthed {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeAuthed(parts.extensions.get::<Authed>().cloned()))
    }
}

/// Security headers on every response (等保 2.0 expectations): no framing, no
/// sniffing, a strict content security policy (only our own script and style).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The Set-Cookie value of a new session.
pub fn session_cookie(value: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The Set-Cookie value that removes the session cookie.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The client address of a connection.
pub fn client_ip_of(addr: SocketAddr) -> String {
    addr.ip().to_string()
}
