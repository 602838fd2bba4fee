//! The OpenAPI document is generated from the handlers and covers every /api/v1 route.

use crate::helpers::*;

/// Every API route the router serves, as (method, path).
const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/session"),
    ("delete", "/api/v1/session"),
    ("get", "/api/v1/me"),
    ("post", "/api/v1/me/password"),
    ("get", "/api/v1/enterprises"),
    ("post", "/api/v1/enterprises"),
    ("get", "/api/v1/enterprises/{uscc}"),
    ("patch", "/api/v1/enterprises/{uscc}"),
    ("post", "/api/v1/enterprises/{uscc}/deregister"),
    ("get", "/api/v1/enterprises/{uscc}/history"),
    ("post", "/api/v1/enterprises/import"),
    ("get", "/api/v1/enterprises/export.xlsx"),
    ("get", "/api/v1/enterprises/template.xlsx"),
    ("get", "/api/v1/divisions"),
    ("get", "/api/v1/divisions/{code}"),
    ("get", "/api/v1/industries"),
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/zones"),
    ("get", "/api/v1/audit"),
    ("post", "/api/v1/check"),
    ("get", "/api/v1/check/roster"),
    ("get", "/api/v1/policy/editions"),
    ("post", "/api/v1/policy/editions"),
    ("post", "/api/v1/policy/editions/{id}/activate"),
    ("post", "/api/v1/policy/editions/{id}/withdraw"),
    ("get", "/api/v1/calendar/add-working-days"),
    ("get", "/api/v1/calendar/working-days"),
    ("get", "/api/v1/calendar/day"),
    ("get", "/api/v1/calendar/years"),
    ("put", "/api/v1/calendar/years/{year}"),
    ("get", "/api/v1/projects"),
    ("post", "/api/v1/projects"),
    ("get", "/api/v1/projects/stale"),
    ("get", "/api/v1/projects/export.xlsx"),
    ("post", "/api/v1/projects/import"),
    ("get", "/api/v1/projects/dashboard"),
    ("get", "/api/v1/projects/update-rules"),
    ("put", "/api/v1/projects/update-rules"),
    ("get", "/api/v1/projects/{number}"),
    ("patch", "/api/v1/projects/{number}"),
    ("post", "/api/v1/projects/{number}/stage"),
    ("post", "/api/v1/projects/{number}/tranches"),
    ("post", "/api/v1/projects/{number}/tranches/{id}/void"),
    ("post", "/api/v1/projects/{number}/team"),
    ("post", "/api/v1/projects/{number}/team/{id}/remove"),
    ("post", "/api/v1/projects/{number}/log"),
    ("put", "/api/v1/projects/{number}/approvals/{kind}"),
    ("get", "/api/v1/campaigns"),
    ("post", "/api/v1/campaigns"),
    ("get", "/api/v1/campaigns/templates"),
    ("get", "/api/v1/campaigns/{number}"),
    ("post", "/api/v1/campaigns/{number}/actions"),
    ("put", "/api/v1/campaigns/{number}/indicators"),
    ("post", "/api/v1/campaigns/{number}/responses"),
    ("post", "/api/v1/campaigns/{number}/responses/batch"),
    ("get", "/api/v1/campaigns/{number}/responses/{uscc}"),
    ("get", "/api/v1/campaigns/{number}/coverage"),
    ("get", "/api/v1/campaigns/{number}/unanswered"),
    ("post", "/api/v1/campaigns/{number}/chase"),
    ("post", "/api/v1/campaigns/{number}/links"),
    ("post", "/api/v1/links/{token}"),
    ("get", "/api/v1/campaigns/{number}/analysis"),
    ("get", "/api/v1/campaigns/{number}/ledger"),
    ("post", "/api/v1/campaigns/{number}/import"),
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{number}"),
    ("post", "/api/v1/cases/{number}/actions"),
    ("get", "/api/v1/cases/complaint-rules"),
    ("get", "/api/v1/cases/dashboard"),
    ("get", "/api/v1/cases/time-limits"),
    ("put", "/api/v1/cases/time-limits"),
    ("get", "/api/v1/cases/export.xlsx"),
    ("post", "/api/v1/cases/{number}/attachments"),
    ("get", "/api/v1/cases/{number}/attachments/{id}"),
    ("get", "/api/v1/inbox"),
    ("post", "/api/v1/inbox/read"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users"),
];

#[tokio::test]
async fn the_document_lists_every_api_route_and_nothing_else() {
    let app = spawn_app().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = vec![];
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut expected: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    expected.sort();
    assert_eq!(documented, expected);
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let app = spawn_app().await;
    let c = reqwest::Client::new();
    for (method, path) in ROUTES {
        let url = app.url(
            &path
                .replace("{uscc}", "91320102MA1XXXXXX0")
                .replace("{code}", "320102")
                .replace("{id}", "1"),
        );
        let r = c
            .request(method.to_uppercase().parse().unwrap(), &url)
            .send()
            .await
            .unwrap();
        // Unauthenticated: 401 (or 4xx for the login route), never 404 or 405 for a served route.
        assert!(
            ![404, 405].contains(&r.status().as_u16()),
            "{method} {path}: {}",
            r.status()
        );
    }
}
