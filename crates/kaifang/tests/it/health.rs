//! Health check and start-up.

use crate::helpers::*;

#[tokio::test]
async fn healthz_answers_with_the_storage_kind_and_schema_version() {
    let app = spawn_app().await;
    let r = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let expected = if app.db_url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["storage"], expected);
    assert_eq!(body["schema_version"], kaifang_store::MIGRATIONS.len() as i64);
}

#[tokio::test]
async fn reopening_a_migrated_database_applies_nothing_twice() {
    let app = spawn_app().await;
    let again = kaifang_store::Store::open(&app.db_url, &Default::default())
        .await
        .unwrap();
    assert_eq!(
        again.schema_version().await.unwrap(),
        kaifang_store::MIGRATIONS.len() as i64
    );
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let app = spawn_app().await;
    let r = reqwest::get(app.url("/login")).await.unwrap();
    let h = r.headers();
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
}
