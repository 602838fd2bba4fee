//! The audit chain: every write is recorded, and tampering is caught.

use crate::helpers::*;

async fn some_writes(app: &TestApp) {
    let api = app.officer("nj", "320100").await;
    for n in 0..3 {
        api.post("/api/v1/enterprises", &enterprise(&uscc(n, "320102"), "320102"))
            .await;
    }
}

#[tokio::test]
async fn an_intact_chain_verifies() {
    let app = spawn_app().await;
    some_writes(&app).await;
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
    assert!(v.entries >= 5, "user, token and three enterprises: {v:?}");
}

#[tokio::test]
async fn altering_a_stored_entry_is_caught_and_named() {
    let app = spawn_app().await;
    some_writes(&app).await;
    sqlx::query("UPDATE audit_log SET after_json = '{\"name_zh\":\"forged\"}' WHERE seq = 3")
        .execute(app.store.pool())
        .await
        .unwrap();
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert_eq!(v.first_broken.map(|b| b.0), Some(3));
}

#[tokio::test]
async fn deleting_the_last_entries_is_caught() {
    let app = spawn_app().await;
    some_writes(&app).await;
    let last: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM audit_log")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    sqlx::query(&format!("DELETE FROM audit_log WHERE seq = {last}"))
        .execute(app.store.pool())
        .await
        .unwrap();
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert_eq!(v.first_broken.map(|b| b.0), Some(last));
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let mut tasks = vec![];
    for n in 0..16u32 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            api.post("/api/v1/enterprises", &enterprise(&uscc(50 + n, "320102"), "320102"))
                .await
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 201);
    }
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
}
