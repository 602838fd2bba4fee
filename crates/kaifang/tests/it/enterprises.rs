//! The FIE roster through the API: create, read, edit with history, deregister, list.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn full(uscc: &str) -> Value {
    json!({
        "uscc": uscc, "name_zh": "南京博远精密电子有限公司", "name_en": "Nanjing Boyuan Precision Electronics Co., Ltd.",
        "division": 320102, "address": "南京市玄武区珠江路 88 号", "industry": "C3971", "zone": "",
        "established_on": "2012-05-18", "capital_amount": "12,500,000.00", "capital_currency": "usd",
        "controller_region": "HK", "liaison_name": "陈晓明", "liaison_phone": "025-84561234", "is_key": true,
        "investors": [{"name": "博远控股（香港）有限公司", "region": "HK", "share": "75"}, {"name": "Boyuan Japan KK", "region": "jp", "share": 25}]
    })
}

#[tokio::test]
async fn an_officer_creates_an_enterprise_and_reads_it_back() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let code = uscc(10, "320102");
    let r = api.post("/api/v1/enterprises", &full(&code)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["division_name"], "江苏省 南京市 玄武区");
    assert_eq!(e["industry"], "3971");
    assert_eq!(e["capital_amount"], "12500000.00");
    assert_eq!(e["capital_currency"], "USD");
    assert_eq!(e["main_region"], "HK");
    assert_eq!(e["investors"][1]["region"], "JP");
    assert_eq!(e["investors"][0]["region_name_zh"], "中国香港");
    let got: Value = api
        .get(&format!("/api/v1/enterprises/{code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got, e);
}

#[tokio::test]
async fn a_registered_capital_in_an_unlisted_currency_is_refused_with_the_field_named() {
    let app = spawn_app().await;
    let api = app.officer("nj_cur", "320100").await;
    let mut body = full(&uscc(7, "320102"));
    body["capital_currency"] = json!("RMB");
    let r = api.post("/api/v1/enterprises", &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["fields"][0]["field"], "capital_currency");
    assert_eq!(v["fields"][0]["code"], "currency.unknown");
    body["capital_currency"] = json!("cny");
    assert_eq!(
        api.post("/api/v1/enterprises", &body).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn bad_input_names_every_bad_field_and_writes_nothing() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let mut body = full("91320102MA1234567X");
    body["division"] = json!("320103"); // retired: 白下区
    body["industry"] = json!("38");
    body["established_on"] = json!("2099-01-01");
    body["capital_currency"] = json!("RMB1");
    body["investors"][0]["share"] = json!("80");
    body["investors"][1]["region"] = json!("ZZ");
    let r = api.post("/api/v1/enterprises", &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let fields: Vec<String> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    for f in [
        "uscc",
        "division",
        "industry",
        "established_on",
        "capital_currency",
        "investors[1].region",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} missing from {fields:?}");
    }
    let division = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "division")
        .unwrap();
    assert_eq!(division["code"], "division.retired");
    assert!(
        division["suggestion"].as_str().is_some_and(|s| s.starts_with("3201")),
        "{division}"
    );
    let list: Value = api.get("/api/v1/enterprises").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_duplicate_credit_code_is_a_field_error() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let code = uscc(11, "320102");
    assert_eq!(
        api.post("/api/v1/enterprises", &enterprise(&code, "320102"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let r = api.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(r).await["fields"][0]["code"], "uscc.exists");
}

#[tokio::test]
async fn an_edit_keeps_the_previous_state_in_the_history() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let code = uscc(12, "320102");
    api.post("/api/v1/enterprises", &full(&code)).await;
    let r = api
        .patch(
            &format!("/api/v1/enterprises/{code}"),
            &json!({"name_zh": "南京博远电子科技有限公司", "version": 1}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["name_zh"], "南京博远电子科技有限公司");
    assert_eq!(e["version"], 2);
    assert_eq!(e["investors"].as_array().unwrap().len(), 2, "untouched fields stay");
    // A stale version is refused.
    let r = api
        .patch(
            &format!("/api/v1/enterprises/{code}"),
            &json!({"address": "x", "version": 1}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let h: Value = api
        .get(&format!("/api/v1/enterprises/{code}/history"))
        .await
        .json()
        .await
        .unwrap();
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["action"], "enterprise_created");
    assert_eq!(h[1]["before"]["name_zh"], "南京博远精密电子有限公司");
    assert_eq!(h[1]["after"]["name_zh"], "南京博远电子科技有限公司");
    assert_eq!(h[1]["actor"], "nj");
}

#[tokio::test]
async fn the_credit_code_of_a_record_cannot_change() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let code = uscc(13, "320102");
    api.post("/api/v1/enterprises", &full(&code)).await;
    let r = api
        .patch(
            &format!("/api/v1/enterprises/{code}"),
            &json!({"uscc": uscc(14, "320102")}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn deregistration_keeps_the_record_and_cannot_happen_twice() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let code = uscc(15, "320102");
    api.post("/api/v1/enterprises", &full(&code)).await;
    let path = format!("/api/v1/enterprises/{code}/deregister");
    let r = api.post(&path, &json!({"deregistered_on": "2026-03-31"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["status"], "deregistered");
    assert_eq!(e["deregistered_on"], "2026-03-31");
    assert_eq!(
        api.post(&path, &json!({"deregistered_on": "2026-04-01"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let other = uscc(16, "320102");
    api.post("/api/v1/enterprises", &full(&other)).await;
    let r = api
        .post(
            &format!("/api/v1/enterprises/{other}/deregister"),
            &json!({"deregistered_on": "bad"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list: Value = api
        .get("/api/v1/enterprises?status=deregistered")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["uscc"], code.as_str());
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let api = app.officer("js", "320000").await;
    let counties = ["320102", "320115", "320506", "320583"];
    for n in 0..25u32 {
        let d = counties[n as usize % 4];
        let mut body = enterprise(&uscc(100 + n, d), d);
        body["name_zh"] = json!(format!("企业{:02}", 24 - n));
        body["industry"] = json!(if n % 2 == 0 { "3841" } else { "1391" });
        body["investors"] = json!([{"name": "X", "region": if n % 5 == 0 { "SG" } else { "HK" }, "share": "100"}]);
        body["is_key"] = json!(n % 3 == 0);
        assert_eq!(
            api.post("/api/v1/enterprises", &body).await.status(),
            StatusCode::CREATED
        );
    }
    for sort in ["newest", "name", "established", "updated"] {
        let mut seen = vec![];
        let mut after = String::new();
        loop {
            let page: Value = api
                .get(&format!("/api/v1/enterprises?limit=7&sort={sort}&after={after}"))
                .await
                .json()
                .await
                .unwrap();
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["uscc"].as_str().unwrap().to_string()),
            );
            match page["next"].as_str() {
                Some(n) => after = n.to_string(),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (25, 25), "sort {sort}");
    }
    let by_name: Value = api
        .get("/api/v1/enterprises?sort=name&limit=3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_name["items"][0]["name_zh"], "企业00");
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?division=320100&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        13
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?division=320583&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        6
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?industry=C&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        25
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?industry=38&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        13
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?industry=1391&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        12
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?source=SG&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        5
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?tag=key&limit=100")
                .await
                .json()
                .await
                .unwrap()
        ),
        9
    );
    assert_eq!(
        count(
            api.get("/api/v1/enterprises?q=%E4%BC%81%E4%B8%9A07")
                .await
                .json()
                .await
                .unwrap()
        ),
        1
    );
    let bad = api.get("/api/v1/enterprises?industry=99&sort=size&limit=0").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = bad.json().await.unwrap();
    assert_eq!(v["fields"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn free_text_search_treats_wildcards_literally() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let mut body = enterprise(&uscc(200, "320102"), "320102");
    body["name_zh"] = json!("百分之百_有限公司");
    api.post("/api/v1/enterprises", &body).await;
    api.post("/api/v1/enterprises", &enterprise(&uscc(201, "320102"), "320102"))
        .await;
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(
        count(api.get("/api/v1/enterprises?q=%25").await.json().await.unwrap()),
        0
    );
    assert_eq!(count(api.get("/api/v1/enterprises?q=_").await.json().await.unwrap()), 1);
}

#[tokio::test]
async fn the_list_shows_every_text_exactly_as_stored_whatever_characters_it_holds() {
    // PostgreSQL packs a list page as each row's lengths, then its values; text that looks like
    // framing (digits, colons, commas, semicolons), quotes, backslashes, characters of four
    // bytes and absent values must all come back as they went in, in the right fields.
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let mut odd = full(&uscc(210, "320102"));
    odd["name_zh"] = json!("12:34：“引号”\"直引号\" 反斜杠\\ 逗号,分号; 𠀋企业");
    odd["name_en"] = json!("3:abc 0: 1:");
    odd["liaison_name"] = json!("9:李:");
    assert_eq!(
        api.post("/api/v1/enterprises", &odd).await.status(),
        StatusCode::CREATED
    );
    let mut plain = enterprise(&uscc(211, "320102"), "320102");
    plain["name_en"] = Value::Null;
    assert_eq!(
        api.post("/api/v1/enterprises", &plain).await.status(),
        StatusCode::CREATED
    );
    let page: Value = api.get("/api/v1/enterprises").await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let detail: Value = api
            .get(&format!("/api/v1/enterprises/{}", item["uscc"].as_str().unwrap()))
            .await
            .json()
            .await
            .unwrap();
        for field in [
            "uscc",
            "name_zh",
            "name_en",
            "division",
            "industry",
            "established_on",
            "main_region",
            "status",
            "liaison_name",
            "is_key",
            "supplier_of",
        ] {
            assert_eq!(item[field], detail[field], "{field} of {}", item["uscc"]);
        }
    }
    assert_eq!(items[1]["name_zh"], odd["name_zh"]);
    assert_eq!(items[1]["name_en"], odd["name_en"]);
    assert_eq!(items[1]["liaison_name"], odd["liaison_name"]);
    assert_eq!(items[0]["name_en"], Value::Null);
}

#[tokio::test]
async fn a_key_supplier_links_to_an_existing_fie() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let lead = uscc(300, "320115");
    api.post("/api/v1/enterprises", &enterprise(&lead, "320115")).await;
    let mut s = enterprise(&uscc(301, "320102"), "320102");
    s["supplier_of"] = json!(lead);
    assert_eq!(api.post("/api/v1/enterprises", &s).await.status(), StatusCode::CREATED);
    let mut s2 = enterprise(&uscc(302, "320102"), "320102");
    s2["supplier_of"] = json!(uscc(303, "320102"));
    assert_eq!(
        api.post("/api/v1/enterprises", &s2).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let list: Value = api
        .get(&format!("/api/v1/enterprises?supplier_of={lead}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}
