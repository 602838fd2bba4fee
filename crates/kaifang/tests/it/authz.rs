//! The authorization matrix: every scoped route × role × (own, child, sibling,
//! parent division), with the expected allow or deny.

use crate::helpers::*;
use serde_json::{Value, json};

/// How a record relates to the caller's division.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    Own,
    Child,
    Sibling,
    Parent,
}

struct Fixture {
    app: TestApp,
    /// Record codes: city-level Nanjing, Xuanwu county, Jiangning county, Wuzhong (Suzhou) county.
    city: String,
    xuanwu: String,
    jiangning: String,
    wuzhong: String,
}

async fn fixture() -> Fixture {
    let app = spawn_app().await;
    let (city, xuanwu, jiangning, wuzhong) = (
        uscc(1, "320100"),
        uscc(2, "320102"),
        uscc(3, "320115"),
        uscc(4, "320506"),
    );
    let p = kaifang::commands::cli_principal();
    for (code, d) in [
        (&city, "320100"),
        (&xuanwu, "320102"),
        (&jiangning, "320115"),
        (&wuzhong, "320506"),
    ] {
        let input: kaifang_service::enterprises::EnterpriseInput = serde_json::from_value(enterprise(code, d)).unwrap();
        kaifang_service::enterprises::create(&app.store, &p, &input)
            .await
            .unwrap();
    }
    Fixture {
        app,
        city,
        xuanwu,
        jiangning,
        wuzhong,
    }
}

/// The (caller, record, relation) cases for callers bound to a division.
fn cases<'a>(f: &'a Fixture, at: &str) -> Vec<(&'a str, Rel)> {
    match at {
        "320100" => vec![(&f.city, Rel::Own), (&f.xuanwu, Rel::Child), (&f.wuzhong, Rel::Sibling)],
        _ => vec![
            (&f.xuanwu, Rel::Own),
            (&f.jiangning, Rel::Sibling),
            (&f.city, Rel::Parent),
        ],
    }
}

fn in_scope(rel: Rel) -> bool {
    matches!(rel, Rel::Own | Rel::Child)
}

#[tokio::test]
async fn every_scoped_enterprise_route_allows_own_and_child_and_denies_sibling_and_parent() {
    let f = fixture().await;
    let mut failures = vec![];
    for at in ["320100", "320102"] {
        for role in ["admin", "officer", "leader"] {
            let api = f.app.api_user(&format!("{role}_{at}"), role, Some(at), None).await;
            let can_edit = role != "leader";
            for (code, rel) in cases(&f, at) {
                let allowed = in_scope(rel);
                let mut check = |route: &str, got: u16, want: u16| {
                    if got != want {
                        failures.push(format!("{role}@{at} {route} {rel:?}: got {got}, want {want}"));
                    }
                };
                let read = if allowed { 200 } else { 404 };
                check(
                    "GET detail",
                    api.get(&format!("/api/v1/enterprises/{code}")).await.status().as_u16(),
                    read,
                );
                check(
                    "GET history",
                    api.get(&format!("/api/v1/enterprises/{code}/history"))
                        .await
                        .status()
                        .as_u16(),
                    read,
                );
                let write = match (can_edit, allowed) {
                    (false, _) => 403,
                    (true, true) => 200,
                    (true, false) => 404,
                };
                let r = api
                    .patch(&format!("/api/v1/enterprises/{code}"), &json!({"liaison_name": role}))
                    .await;
                check("PATCH", r.status().as_u16(), write);
                // A future date is refused (422) only once the record is found in scope.
                let r = api
                    .post(
                        &format!("/api/v1/enterprises/{code}/deregister"),
                        &json!({"deregistered_on": "2999-01-01"}),
                    )
                    .await;
                check(
                    "POST deregister",
                    r.status().as_u16(),
                    if write == 200 { 422 } else { write },
                );
                let list: Value = api.get("/api/v1/enterprises?limit=200").await.json().await.unwrap();
                let listed = list["items"].as_array().unwrap().iter().any(|e| e["uscc"] == code);
                check("GET list", listed as u16, allowed as u16);
                let page = reqwest::Client::new()
                    .get(f.app.url(&format!("/enterprises/{code}")))
                    .bearer_auth(&api.token)
                    .send()
                    .await
                    .unwrap();
                check("page detail", page.status().as_u16(), read);
            }
            // Creating: inside the jurisdiction only.
            let target = if at == "320100" {
                ("320506", 422)
            } else {
                ("320100", 422)
            };
            let r = api
                .post("/api/v1/enterprises", &enterprise(&uscc(900, target.0), target.0))
                .await;
            let want = if can_edit { target.1 } else { 403 };
            if r.status().as_u16() != want {
                failures.push(format!("{role}@{at} POST outside: got {}, want {want}", r.status()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn an_enterprise_account_sees_only_its_own_enterprise() {
    let f = fixture().await;
    let api = f.app.api_user("fie", "enterprise", None, Some(&f.xuanwu)).await;
    assert_eq!(
        api.get(&format!("/api/v1/enterprises/{}", f.xuanwu)).await.status(),
        200
    );
    for other in [&f.jiangning, &f.city, &f.wuzhong] {
        assert_eq!(api.get(&format!("/api/v1/enterprises/{other}")).await.status(), 404);
    }
    let list: Value = api.get("/api/v1/enterprises").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        api.patch(&format!("/api/v1/enterprises/{}", f.xuanwu), &json!({"address": "x"}))
            .await
            .status(),
        403
    );
    assert_eq!(
        api.post("/api/v1/enterprises", &enterprise(&uscc(901, "320102"), "320102"))
            .await
            .status(),
        403
    );
    assert_eq!(api.get("/api/v1/audit").await.status(), 403);
    assert_eq!(api.get("/api/v1/users").await.status(), 403);
}

#[tokio::test]
async fn admins_see_accounts_and_audit_entries_of_their_subtree_only() {
    let f = fixture().await;
    f.app.create_user("xw_officer", "officer", Some("320102"), None).await;
    f.app.create_user("sz_officer", "officer", Some("320500"), None).await;
    f.app.create_user("js_officer", "officer", Some("320000"), None).await;
    let admin = f.app.api_user("nj_admin", "admin", Some("320100"), None).await;
    let users: Value = admin.get("/api/v1/users").await.json().await.unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"xw_officer") && names.contains(&"nj_admin"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"sz_officer") && !names.contains(&"js_officer"),
        "{names:?}"
    );
    let audit: Value = admin
        .get("/api/v1/audit?object_type=enterprise")
        .await
        .json()
        .await
        .unwrap();
    let objects: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["object_id"].as_str().unwrap())
        .collect();
    assert!(
        objects.contains(&f.xuanwu.as_str()) && objects.contains(&f.city.as_str()),
        "{objects:?}"
    );
    assert!(!objects.contains(&f.wuzhong.as_str()), "{objects:?}");
    // Creating accounts outside the subtree is refused with the field named.
    let r = admin
        .post(
            "/api/v1/users",
            &json!({"username": "x", "role": "officer", "division": "320500", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(json_of(r).await["fields"][0]["code"], "scope.outside");
    let r = admin
        .post(
            "/api/v1/users",
            &json!({"username": "y", "role": "officer", "division": "320115", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201);
    // Officers and leaders may not administer.
    let officer = f.app.api_user("nj_o", "officer", Some("320100"), None).await;
    assert_eq!(officer.get("/api/v1/users").await.status(), 403);
    assert_eq!(officer.get("/api/v1/audit").await.status(), 403);
}
