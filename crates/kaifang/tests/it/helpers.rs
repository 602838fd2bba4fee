//! The test kit: boots the real application on port 0 with a fresh database,
//! and builds test data (accounts, tokens, valid credit codes).

use kaifang::settings::{Secret, Settings};
use kaifang::startup::Application;
use kaifang_store::Store;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

pub const PASSWORD: &str = "Test-password-2026";

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub db_url: String,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty database URL: a temp SQLite file, or a new PostgreSQL database.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("KAIFANG_TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!(
                "kf_t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos()
            );
            let admin = Store::connect(&admin_url, &Default::default())
                .await
                .expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(admin.pool())
                .await
                .expect("create database");
            admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin_url);
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("kaifang.db").display());
            (url, Some(dir))
        }
    }
}

pub fn settings_for(db_url: &str) -> Settings {
    Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: Secret::new(db_url),
        max_connections: Some(8),
        // No background worker: a scan racing a test would add ledger entries and notices the
        // test did not cause. The worker's own tests drive it or turn it on.
        worker_interval_secs: 0,
        ..Default::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let (db_url, dir) = fresh_database().await;
    let mut settings = settings_for(&db_url);
    adjust(&mut settings);
    let store = kaifang::startup::open_store(&settings).await.expect("open store");
    let app = Application::build(&settings, store.clone()).await.expect("build app");
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        base,
        store,
        db_url,
        _dir: dir,
    }
}

/// A client for one user, authenticated with a bearer token.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub token: String,
    http: Client,
}

impl Api {
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }
    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.http
            .patch(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }
    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.http
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }
    pub async fn delete(&self, path: &str) -> Response {
        self.http
            .delete(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }
    pub async fn post_bytes(&self, path: &str, bytes: Vec<u8>) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .body(bytes)
            .send()
            .await
            .unwrap()
    }
}

/// A valid credit code (type 91) for division `division`, distinct per `n`.
pub fn uscc(n: u32, division: &str) -> String {
    let alphabet = kaifang_domain::uscc::ALPHABET.as_bytes();
    let mut body = format!("91{division}");
    let mut x = n as u64 * 7_919 + 12_345;
    for _ in 0..9 {
        body.push(alphabet[(x % alphabet.len() as u64) as usize] as char);
        x /= alphabet.len() as u64;
        x += 3;
    }
    let c = kaifang_domain::uscc::check_digit(&body).unwrap();
    body.push(c);
    body
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates an account directly through the service (as the command line does).
    pub async fn create_user(&self, username: &str, role: &str, division: Option<&str>, enterprise: Option<&str>) {
        let input = kaifang_service::users::NewUserInput {
            username: username.into(),
            display_name: None,
            role: role.into(),
            division: division.map(Into::into),
            enterprise: enterprise.map(Into::into),
            password: PASSWORD.into(),
        };
        kaifang_service::users::create(&self.store, None, &input)
            .await
            .expect("create user");
    }

    /// An account with a bearer token.
    pub async fn api_user(&self, username: &str, role: &str, division: Option<&str>, enterprise: Option<&str>) -> Api {
        self.create_user(username, role, division, enterprise).await;
        let user = kaifang_store::accounts::by_username(&self.store, username)
            .await
            .unwrap()
            .unwrap();
        let p = kaifang_service::Principal::from_user(&user, "test").unwrap();
        let (_, token) = kaifang_service::auth::create_token(&self.store, &p, "test")
            .await
            .unwrap();
        Api {
            base: self.base.clone(),
            token,
            http: Client::new(),
        }
    }

    pub async fn officer(&self, username: &str, division: &str) -> Api {
        self.api_user(username, "officer", Some(division), None).await
    }

    /// A browser-like client logged in with a session cookie; returns it with its CSRF token.
    pub async fn browser(&self, username: &str, password: &str) -> (Client, String) {
        let c = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = c
            .post(self.url("/api/v1/session"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login of {username}");
        let me: Value = r.json().await.unwrap();
        (c, me["csrf_token"].as_str().unwrap().to_string())
    }
}

/// Minimal valid enterprise input.
pub fn enterprise(uscc: &str, division: &str) -> Value {
    json!({"uscc": uscc, "name_zh": format!("测试企业{}", &uscc[10..14]), "division": division, "industry": "3841"})
}

pub async fn json_of(r: Response) -> Value {
    r.json().await.unwrap()
}

/// Takes one action on a case through the API.
pub async fn act(api: &Api, number: &str, body: Value) -> Response {
    api.post(&format!("/api/v1/cases/{number}/actions"), &body).await
}

/// Logs in by the login form as a new user; returns the client and the CSRF token scraped from a
/// page (every signed-in page carries it in its sign-out form).
pub async fn browser_of(app: &TestApp, user: &str, role: &str, division: &str) -> (Client, String) {
    app.create_user(user, role, Some(division), None).await;
    let c = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[("username", user), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let home = page(&c, app, "/").await;
    let csrf = home
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .expect("a CSRF field on the home page")
        .split('"')
        .next()
        .unwrap()
        .to_string();
    (c, csrf)
}

/// A page's HTML, asserting 200.
pub async fn page(c: &Client, app: &TestApp, path: &str) -> String {
    let r = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// Posts a form (with the CSRF token) and returns the response.
pub async fn post(c: &Client, app: &TestApp, csrf: &str, path: &str, fields: &[(&str, &str)]) -> Response {
    let mut form = vec![("_csrf", csrf)];
    form.extend_from_slice(fields);
    c.post(app.url(path)).form(&form).send().await.unwrap()
}
