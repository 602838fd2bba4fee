//! Logins, lockout, sessions, CSRF and API tokens.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn login(app: &TestApp, c: &Client, user: &str, pw: &str) -> reqwest::Response {
    c.post(app.url("/api/v1/session"))
        .json(&json!({"username": user, "password": pw}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_audited() {
    let app = spawn_app().await;
    app.create_user("li", "officer", Some("320102"), None).await;
    let c = Client::new();
    let r = login(&app, &c, "li", "nope-nope-nope").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = login(&app, &c, "nobody", "nope-nope-nope").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let entries = kaifang_store::audit::list(
        &app.store,
        &kaifang_domain::jurisdiction::Scope::National,
        &kaifang_store::audit::AuditFilter {
            action: Some("login_failed".into()),
            ..Default::default()
        },
        10,
    )
    .await
    .unwrap();
    assert_eq!(entries.len(), 2);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_across_a_restart() {
    let app = spawn_with(|s| s.max_login_failures = 3).await;
    app.create_user("wang", "officer", Some("320102"), None).await;
    let c = Client::new();
    for _ in 0..3 {
        assert_eq!(
            login(&app, &c, "wang", "wrong-password-1").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // The right password no longer works while the lock lasts.
    let r = login(&app, &c, "wang", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("locked"), "{body}");
    // A second instance on the same database (a restart) still refuses.
    let mut settings = settings_for(&app.db_url);
    settings.max_login_failures = 3;
    let store = kaifang::startup::open_store(&settings).await.unwrap();
    let app2 = kaifang::startup::Application::build(&settings, store).await.unwrap();
    let base2 = format!("http://{}", app2.addr());
    tokio::spawn(app2.run_until(std::future::pending()));
    let r = c
        .post(format!("{base2}/api/v1/session"))
        .json(&json!({"username": "wang", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_login_gets_a_new_session_and_logout_ends_it() {
    let app = spawn_app().await;
    app.create_user("zhao", "officer", Some("320102"), None).await;
    let (c1, csrf1) = app.browser("zhao", PASSWORD).await;
    let (_c2, csrf2) = app.browser("zhao", PASSWORD).await;
    assert_ne!(csrf1, csrf2);
    assert_eq!(
        c1.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let r = c1
        .delete(app.url("/api/v1/session"))
        .header("x-csrf-token", &csrf1)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // The cookie store dropped the cookie; replaying the old session id must fail too.
    assert_eq!(
        c1.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_replayed_session_cookie_is_refused_after_logout() {
    let app = spawn_app().await;
    app.create_user("sun", "officer", Some("320102"), None).await;
    let c = Client::new();
    let r = login(&app, &c, "sun", PASSWORD).await;
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = r.json::<serde_json::Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let me = |c: &Client| c.get(app.url("/api/v1/me")).header("cookie", &cookie).send();
    assert_eq!(me(&c).await.unwrap().status(), StatusCode::OK);
    c.delete(app.url("/api/v1/session"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(me(&c).await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn_with(|s| s.session_idle_minutes = 0).await;
    app.create_user("qian", "officer", Some("320102"), None).await;
    let (c, _) = app.browser("qian", PASSWORD).await;
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn state_changes_with_a_session_cookie_need_the_csrf_token() {
    let app = spawn_app().await;
    app.create_user("zhou", "officer", Some("320102"), None).await;
    let (c, csrf) = app.browser("zhou", PASSWORD).await;
    let body = enterprise(&uscc(1, "320102"), "320102");
    let r = c.post(app.url("/api/v1/enterprises")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(app.url("/api/v1/enterprises"))
        .header("x-csrf-token", "0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(app.url("/api/v1/enterprises"))
        .header("x-csrf-token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // Page forms carry the token as a field.
    let r = c
        .post(app.url(&format!("/enterprises/{}/deregister", uscc(1, "320102"))))
        .form(&[("deregistered_on", "2026-01-05")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(app.url(&format!("/enterprises/{}/deregister", uscc(1, "320102"))))
        .form(&[("deregistered_on", "2026-01-05"), ("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn bearer_tokens_need_no_csrf_and_stop_working_once_revoked() {
    let app = spawn_app().await;
    let api = app.officer("wu", "320102").await;
    let r = api
        .post("/api/v1/enterprises", &enterprise(&uscc(2, "320102"), "320102"))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let tokens: serde_json::Value = api.get("/api/v1/tokens").await.json().await.unwrap();
    let id = tokens[0]["id"].as_i64().unwrap();
    assert!(
        tokens[0].get("token").is_none(),
        "a listed token never shows its secret"
    );
    assert_eq!(
        api.delete(&format!("/api/v1/tokens/{id}")).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_made_up_token_is_refused() {
    let app = spawn_app().await;
    let r = Client::new()
        .get(app.url("/api/v1/enterprises"))
        .bearer_auth(format!("kf_{}", "a".repeat(64)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = Client::new().get(app.url("/api/v1/enterprises")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn weak_passwords_and_unknown_roles_are_refused_with_field_errors() {
    let app = spawn_app().await;
    let admin = app.api_user("root", "admin", Some("000000"), None).await;
    let r = admin
        .post(
            "/api/v1/users",
            &json!({"username": "x y", "role": "boss", "division": "999999", "password": "short"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"username") && fields.contains(&"role") && fields.contains(&"password"),
        "{fields:?}"
    );
}

#[tokio::test]
async fn a_user_changes_their_own_password_and_every_session_ends() {
    let app = spawn_app().await;
    app.create_user("lin", "officer", Some("320102"), None).await;
    let (c, csrf) = app.browser("lin", PASSWORD).await;
    let change = |current: &str, new: &str| {
        c.post(app.url("/api/v1/me/password"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    let r = change("not-my-password-1", "Another-password-2026").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["fields"][0]["field"],
        "current_password"
    );
    let r = change(PASSWORD, "weak").await.unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["fields"][0]["field"],
        "new_password"
    );
    let r = change(PASSWORD, PASSWORD).await.unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["fields"][0]["code"],
        "password.same"
    );
    assert_eq!(
        change(PASSWORD, "Another-password-2026").await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, &Client::new(), "lin", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, &Client::new(), "lin", "Another-password-2026")
            .await
            .status(),
        StatusCode::OK
    );
}
