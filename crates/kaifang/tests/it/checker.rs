//! The admission and incentive checker over HTTP, on the page, on the command line and on its
//! labelled evaluation set.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn check(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/check"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

fn cited(a: &Value) -> Vec<String> {
    a["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{}:{}", m["edition"].as_str().unwrap(), m["item"]))
        .collect()
}

#[tokio::test]
async fn a_restricted_field_cites_its_item_with_the_provenance_mark_and_checks_each_condition() {
    let app = spawn_app().await;
    // Value-added telecom at 60% foreign: restricted, the 50% cap not met (anonymous caller).
    let (s, a) = check(
        &app,
        json!({"activity": "增值电信业务：互联网数据中心（IDC）", "division": "310115", "date": "2026-06-01",
            "foreign_equity": 60, "ftz": "no"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["verdict"], "restricted");
    assert_eq!(cited(&a)[0], "national-2024:12");
    let m = &a["measures"][0];
    assert_eq!(m["provenance"], "R");
    assert_eq!(m["conditions_met"], false);
    let cap = m["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "max_foreign_share")
        .unwrap();
    assert_eq!(cap["met"], false);
    // The edition is incomplete, and the answer says so; every step is in the trace.
    assert_eq!(a["editions"][0]["id"], "national-2024");
    assert_eq!(a["editions"][0]["complete"], false);
    assert!(
        a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["en"].as_str().unwrap().contains("Incomplete"))
    );
    let steps: Vec<&str> = a["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps[..4], ["edition", "place", "match", "conditions"]);

    // At 45% the cap is met; the largest investor is within it too.
    let (_, a) = check(
        &app,
        json!({"activity": "增值电信业务：互联网数据中心（IDC）", "division": "310115", "date": "2026-06-01",
            "foreign_equity": 45, "largest_foreign_investor": 30, "ftz": "no"}),
    )
    .await;
    assert_eq!(
        (a["verdict"].as_str(), a["measures"][0]["conditions_met"].as_bool()),
        (Some("restricted"), Some(true))
    );
    // Encouraged: value-added telecom is also in the catalogue's national part.
    assert!(
        a["encouraged"]
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .any(|e| e["item"] == 526),
        "{}",
        a["encouraged"]
    );
}

#[tokio::test]
async fn a_prohibited_field_a_barred_entity_form_and_a_partnership_in_an_equity_field_are_prohibited_with_their_sources()
 {
    let app = spawn_app().await;
    let (_, a) = check(
        &app,
        json!({"activity": "电影发行公司", "division": "110105", "date": "2026-03-02"}),
    )
    .await;
    assert_eq!(a["verdict"], "prohibited");
    assert_eq!(cited(&a), ["national-2024:27"]);
    assert_eq!(a["measures"][0]["provenance"], "V");
    assert!(a["encouraged"].as_array().unwrap().is_empty());
    // Everyday wording reaches the measure too (影视 is film and television).
    let (_, tv) = check(
        &app,
        json!({"activity": "影视节目制作", "division": "110105", "date": "2026-03-02"}),
    )
    .await;
    assert_eq!(cited(&tv), ["national-2024:26"]);
    let deferral = a["incentives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "reinvestment-deferral")
        .unwrap();
    assert_eq!(deferral["status"], "not_applicable");

    // An ordinary business, but as a sole proprietorship: note 二 bars it.
    let (_, a) = check(
        &app,
        json!({"activity": "服装零售", "division": "110105", "date": "2026-03-02", "entity_form": "sole-proprietorship"}),
    )
    .await;
    assert_eq!(a["verdict"], "prohibited");
    assert_eq!(a["notes"][0]["no"], "二");
    // A partnership in a field with equity requirements: note 四.
    let (_, a) = check(
        &app,
        json!({"activity": "核电站建设运营", "division": "450000", "date": "2026-03-02", "entity_form": "partnership",
            "foreign_equity": 30}),
    )
    .await;
    assert_eq!(a["verdict"], "prohibited");
    assert_eq!(cited(&a), ["national-2024:6"]);
    assert_eq!(a["notes"][0]["no"], "四");
    // Outside the list: permitted, national treatment (note 一), and negations are read:
    // non-GM soy products are not a GM variety.
    let (_, a) = check(
        &app,
        json!({"activity": "非转基因大豆蛋白食品生产", "division": "230100", "date": "2026-03-02"}),
    )
    .await;
    assert_eq!(a["verdict"], "permitted", "{}", a["measures"]);
    assert_eq!(a["notes"][0]["no"], "一");
}

#[tokio::test]
async fn dates_and_places_choose_the_edition_and_say_what_is_not_loaded() {
    let app = spawn_app().await;
    // In 2023 the 2021 list applied, where printing of publications was still restricted (item 6).
    let (_, a) = check(
        &app,
        json!({"activity": "书刊印刷厂", "division": "320102", "date": "2023-05-01", "foreign_equity": 70}),
    )
    .await;
    assert_eq!(a["verdict"], "restricted");
    assert_eq!(cited(&a), ["national-2021:6"]);
    assert_eq!(a["measures"][0]["conditions_met"], false);
    // The catalogue in force then (2022) is not loaded: the answer says so instead of guessing.
    assert!(a["warnings"].as_array().unwrap().iter().any(|w| {
        w["en"]
            .as_str()
            .unwrap()
            .contains("Encouraged Catalogue in force on 2023-05-01 is not loaded")
    }));
    // Since November 2024, printing is open.
    let (_, a) = check(
        &app,
        json!({"activity": "书刊印刷厂", "division": "320102", "date": "2026-05-01"}),
    )
    .await;
    assert_eq!(a["verdict"], "permitted");

    // Social surveys: prohibited nationally, restricted inside a pilot FTZ (the FTZ list replaces
    // the national item there, and the answer says that list is incomplete).
    let (_, a) = check(
        &app,
        json!({"activity": "社会调查", "division": "310115", "date": "2026-05-01", "ftz": "no"}),
    )
    .await;
    assert_eq!(
        (a["verdict"].as_str(), cited(&a)),
        (Some("prohibited"), vec!["national-2024:16".to_string()])
    );
    let (_, a) = check(
        &app,
        json!({"activity": "社会调查", "division": "310115", "date": "2026-05-01", "ftz": "yes", "foreign_equity": 40}),
    )
    .await;
    assert_eq!(
        (a["verdict"].as_str(), cited(&a)),
        (Some("restricted"), vec!["ftz-2021:902".to_string()])
    );
    assert_eq!(a["measures"][0]["conditions_met"], false, "Chinese 60% < 67%");
    assert!(
        a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["en"].as_str().unwrap().starts_with("ftz-2021"))
    );
    // Not saying whether the site is in the FTZ: answered for outside, and told so.
    let (_, a) = check(
        &app,
        json!({"activity": "社会调查", "division": "310115", "date": "2026-05-01"}),
    )
    .await;
    assert!(
        a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["en"].as_str().unwrap().contains("pilot FTZ areas"))
    );
    // Hainan: its own list is not loaded, so the national list answers, with a warning.
    let (_, a) = check(
        &app,
        json!({"activity": "热带水果种植", "division": "460100", "date": "2026-05-01"}),
    )
    .await;
    assert!(a["warnings"].as_array().unwrap().iter().any(|w| {
        w["en"]
            .as_str()
            .unwrap()
            .contains("Hainan Free Trade Port list is not loaded")
    }));
    assert!(
        a["encouraged"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["part"] == "regional" && e["region"] == "海南省")
    );
}

#[tokio::test]
async fn bad_input_is_refused_naming_every_field() {
    let app = spawn_app().await;
    let (s, a) = check(
        &app,
        json!({"activity": " ", "division": "999999", "date": "2019-01-01", "foreign_equity": 120,
            "largest_foreign_investor": 60, "industries": ["Z99"], "investor_region": "XX", "entity_form": "trust",
            "ftz": "maybe"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<&str> = a["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "activity",
            "date",
            "division",
            "entity_form",
            "foreign_equity",
            "ftz",
            "industries[0]",
            "investor_region"
        ]
    );
    let (s, a) = check(
        &app,
        json!({"activity": "软件开发", "division": "320102", "foreign_equity": 40, "largest_foreign_investor": 60}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a["fields"][0]["field"], "largest_foreign_investor");
}

#[tokio::test]
async fn the_page_answers_without_an_account_in_chinese_or_english_and_shows_marks_conditions_and_the_trace() {
    let app = spawn_app().await;
    let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let url = app.url("/check?activity=%E5%A2%9E%E5%80%BC%E7%94%B5%E4%BF%A1&division=%E5%8D%97%E4%BA%AC%E5%B8%82&foreign_equity=60&date=2026-06-01");
    let r = c.get(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("verdict-restricted"), "no verdict");
    assert!(html.contains("national-2024 · 12"));
    assert!(html.contains("mark-R"));
    assert!(html.contains("不满足"));
    assert!(html.contains("推理步骤"));
    // English by the switch.
    c.get(app.url("/lang/en?back=/check")).send().await.unwrap();
    let html = c.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("How this answer was reached") && html.contains("not met"));
    // A bad field is shown beside the form, not as an error page.
    let r = c
        .get(app.url("/check?activity=x&division=999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("unknown division code 999999"));
}

#[test]
fn the_labelled_evaluation_set_meets_the_accuracy_and_recall_targets() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/policy/eval/checks.csv"
    ))
    .unwrap();
    let cases = kaifang_service::checker::eval::parse(&text).unwrap();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let today = time::macros::date!(2026 - 12 - 01);
    let rep = kaifang_service::checker::eval::run(&kaifang_service::checker::Checker::built_in(), &cases, today);
    let misses: Vec<String> = rep
        .misses
        .iter()
        .map(|m| format!("{} {} {}", m.id, m.what, m.activity))
        .collect();
    assert!(
        rep.verdict_accuracy() >= 0.95,
        "verdict accuracy {:.3}: {misses:#?}",
        rep.verdict_accuracy()
    );
    assert!(
        rep.encouraged_recall() >= 0.90,
        "encouraged recall {:.3}: {misses:#?}",
        rep.encouraged_recall()
    );
}

/// A national list edition for tests: the built-in 2024 list, renamed, dated, with item 29
/// removed and one added.
fn edition_2026() -> String {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/policy/national-2024.toml"
    ))
    .unwrap();
    let cut = base.find("[[items]]\nno = 29").expect("item 29");
    let mut body = base[..cut]
        .replace("id = \"national-2024\"", "id = \"national-2026\"")
        .replace("effective = \"2024-11-01\"", "effective = \"2026-12-01\"");
    body.push_str(
        "[[items]]\nno = 30\nsection = \"十一、文化、体育和娱乐业\"\nkind = \"prohibited\"\n\
         text = \"禁止投资测试用的虚构领域。\"\nprovenance = \"R\"\nkeywords = [\"虚构领域\"]\n",
    );
    body
}

#[tokio::test]
async fn a_national_administrator_loads_previews_and_activates_an_edition_which_applies_from_its_effective_date() {
    let app = spawn_app().await;
    let admin = app.api_user("gov_admin", "admin", Some("000000"), None).await;
    let province_admin = app.api_user("js_admin", "admin", Some("320000"), None).await;
    let body = edition_2026();
    let upload = |api: &Api, text: String| {
        let api = api.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{}/api/v1/policy/editions", api.base))
                .bearer_auth(&api.token)
                .header("content-type", "text/plain")
                .body(text)
                .send()
                .await
                .unwrap()
        }
    };
    // Only a national administrator loads editions.
    assert_eq!(
        upload(&province_admin, body.clone()).await.status(),
        StatusCode::FORBIDDEN
    );
    // A broken file is refused with the line, a bad value with its field.
    let r = upload(&admin, "id = \"x\"\nlist = \"nope\"\n".into()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json_of(r).await["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 2")
    );
    let r = upload(&admin, body.replacen("value = 34", "value = 134", 1)).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "items[0].conditions[0].value");

    // The preview: compared with the edition in force, item 29 removed and item 30 added.
    let r = upload(&admin, body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p = json_of(r).await;
    assert_eq!(p["compared_with"], "national-2024");
    let changes: Vec<(String, String)> = p["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["change"].as_str().unwrap().to_string(),
                d["what"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("removed".to_string(), "29".to_string()),
            ("added".to_string(), "30".to_string())
        ]
    );
    let id = p["id"].as_i64().unwrap();

    // A draft changes nothing.
    let troupe = |date: &str| json!({"activity": "文艺表演团体", "division": "110105", "date": date});
    let (_, a) = check(&app, troupe("2026-12-15")).await;
    assert_eq!(cited(&a), ["national-2024:29"]);
    // Activated, it applies from 1 December 2026; earlier dates keep the 2024 list.
    let r = admin
        .post(&format!("/api/v1/policy/editions/{id}/activate"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, a) = check(&app, troupe("2026-12-15")).await;
    assert_eq!(
        (a["verdict"].as_str(), a["editions"][0]["id"].as_str()),
        (Some("permitted"), Some("national-2026"))
    );
    let (_, a) = check(&app, troupe("2026-11-30")).await;
    assert_eq!(cited(&a), ["national-2024:29"]);
    let (_, a) = check(
        &app,
        json!({"activity": "虚构领域", "division": "110105", "date": "2026-12-15"}),
    )
    .await;
    assert_eq!(cited(&a), ["national-2026:30"]);
    // Activating twice is a conflict naming what is allowed.
    let r = admin
        .post(&format!("/api/v1/policy/editions/{id}/activate"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // The list shows both, with their origin and status; withdrawing restores the 2024 list.
    let list = json_of(admin.get("/api/v1/policy/editions").await).await;
    let e = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["edition_id"] == "national-2026")
        .unwrap();
    assert_eq!(
        (e["origin"].as_str(), e["status"].as_str()),
        (Some("uploaded"), Some("active"))
    );
    let r = admin
        .post(&format!("/api/v1/policy/editions/{id}/withdraw"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, a) = check(&app, troupe("2026-12-15")).await;
    assert_eq!(cited(&a), ["national-2024:29"]);
    // Every step is audited.
    let audit = json_of(admin.get("/api/v1/audit?object_type=policy_edition").await).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .filter(|a| a.starts_with("policy_edition"))
        .collect();
    assert_eq!(
        actions,
        [
            "policy_edition_withdrawn",
            "policy_edition_activated",
            "policy_edition_uploaded"
        ]
    );
}

#[tokio::test]
async fn the_roster_screening_lists_fies_in_restricted_fields_inside_the_jurisdiction_only() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu", "320102").await;
    let qinhuai = app.officer("qinhuai", "320104").await;
    let telecom = uscc(71, "320102");
    let mut body = enterprise(&telecom, "320102");
    body["industry"] = json!("6311");
    assert_eq!(
        xuanwu.post("/api/v1/enterprises", &body).await.status(),
        StatusCode::CREATED
    );
    xuanwu
        .post("/api/v1/enterprises", &enterprise(&uscc(72, "320102"), "320102"))
        .await;

    let r = json_of(xuanwu.get("/api/v1/check/roster?date=2026-06-01").await).await;
    let groups = r["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{r}");
    assert_eq!(
        (groups[0]["edition"].as_str(), groups[0]["item"].as_i64()),
        (Some("national-2024"), Some(12))
    );
    assert_eq!(groups[0]["total"], 1);
    assert_eq!(groups[0]["firms"][0]["uscc"], telecom.as_str());
    // A sibling district sees none of Xuanwu's firms.
    let r = json_of(qinhuai.get("/api/v1/check/roster?date=2026-06-01").await).await;
    assert!(r["groups"].as_array().unwrap().is_empty());
    // A bad date names the field.
    let r = xuanwu.get("/api/v1/check/roster?date=2026-13-01").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The same screening as a page, in both languages; the sibling's page lists nothing.
    let page = |c: reqwest::Client, path: &'static str| {
        let url = app.url(path);
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let (browser, _) = app.browser("xuanwu", PASSWORD).await;
    let html = page(browser.clone(), "/check/roster?date=2026-06-01").await;
    assert!(
        html.contains("企业库准入筛查") && html.contains("national-2024:12"),
        "{html}"
    );
    assert!(html.contains(&format!("/enterprises/{telecom}")) && html.contains("6311"));
    assert!(
        !html.contains(&uscc(72, "320102")),
        "a firm outside the listed fields is not listed"
    );
    browser
        .get(app.url("/lang/en?back=/check/roster"))
        .send()
        .await
        .unwrap();
    let html = page(browser.clone(), "/check/roster?date=2026-06-01").await;
    assert!(html.contains("Roster screening") && html.contains("a lead to review, not a finding"));
    let html = page(browser, "/check/roster?date=2026-13-01").await;
    assert!(html.contains("YYYY-MM-DD") && !html.contains("national-2024:12"));
    // The whole screening as a workbook, one row per firm and measure, and the export audited.
    let r = xuanwu.get("/check/roster.xlsx?date=2026-06-01").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let table = kaifang_exchange::read_table(&bytes, "roster-screening.xlsx", None).unwrap();
    assert_eq!(table.headers[0], "措施");
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].get(0), "national-2024:12");
    assert_eq!(table.rows[0].get(4), telecom);
    let exports: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'roster_screening_exported' AND actor_name = 'xuanwu'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(exports, 1);
    let (sibling, _) = app.browser("qinhuai", PASSWORD).await;
    let html = page(sibling, "/check/roster?date=2026-06-01").await;
    assert!(html.contains("没有登记行业属于清单领域") && !html.contains(telecom.as_str()));
    let r = qinhuai.get("/check/roster.xlsx?date=2026-06-01").await;
    let bytes = r.bytes().await.unwrap();
    let table = kaifang_exchange::read_table(&bytes, "roster-screening.xlsx", None).unwrap();
    assert!(
        table.rows.is_empty(),
        "the sibling's export lists none of Xuanwu's firms"
    );
    // Without an account the page is not shown.
    let anon = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = anon.get(app.url("/check/roster")).send().await.unwrap();
    assert!(
        r.status().is_redirection() || r.status() == StatusCode::UNAUTHORIZED,
        "{}",
        r.status()
    );
}

#[tokio::test]
async fn the_editions_page_lists_what_each_edition_lacks_in_both_languages_and_offers_loading_to_national_admins_only()
{
    let app = spawn_app().await;
    let anon = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let html = anon
        .get(app.url("/check/editions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("政策版本") && html.contains("national-2024") && html.contains("encouraged-2025"));
    assert!(
        html.contains("版本不完整") && !html.contains("name=\"body\""),
        "no upload form for the public"
    );
    anon.get(app.url("/lang/en?back=/check/editions")).send().await.unwrap();
    let html = anon
        .get(app.url("/check/editions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Policy editions") && html.contains("incomplete edition"));
    // A national administrator gets the form; a province's does not.
    app.create_user("gov_admin", "admin", Some("000000"), None).await;
    app.create_user("js_admin", "admin", Some("320000"), None).await;
    let (admin, _) = app.browser("gov_admin", PASSWORD).await;
    let html = admin
        .get(app.url("/check/editions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"body\"") && html.contains("type=\"file\""));
    // The administrator loads an edition by choosing its file: validated and previewed.
    let (admin, csrf) = app.browser("gov_admin", PASSWORD).await;
    let post = |form: reqwest::multipart::Form| {
        admin
            .post(app.url(&format!("/check/editions?_csrf={csrf}")))
            .multipart(form)
            .send()
    };
    let file = reqwest::multipart::Part::bytes(edition_2026().into_bytes()).file_name("national-2026.toml");
    let html = post(reqwest::multipart::Form::new().part("file", file))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("载入预览") && html.contains("national-2026"), "{html}");
    // A file that is not text names the field and loads nothing.
    let junk = reqwest::multipart::Part::bytes(vec![0xff, 0xfe, 0x00, 0x81]).file_name("x.toml");
    let html = post(reqwest::multipart::Form::new().part("file", junk))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("file: 版本文件应为 UTF-8 文本") && !html.contains("载入预览"),
        "{html}"
    );
    let (province, _) = app.browser("js_admin", PASSWORD).await;
    let html = province
        .get(app.url("/check/editions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("name=\"body\""));
}

#[tokio::test]
async fn the_western_rate_may_apply_in_sichuan_with_its_unverified_extent_said_and_not_in_jiangsu() {
    let app = spawn_app().await;
    let body = |division: &str| json!({"activity": "新能源汽车零部件制造", "division": division, "date": "2026-06-01", "ftz": "no"});
    let western = |a: &Value| {
        a["incentives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "western-cit-15")
            .unwrap()
            .clone()
    };
    let (_, a) = check(&app, body("510100")).await;
    let w = western(&a);
    assert_eq!(w["status"], "may_apply");
    assert!(w["reason"]["en"].as_str().unwrap().contains("not verified"));
    assert_eq!(w["basis_verified"], false);
    let (_, a) = check(&app, body("320102")).await;
    assert_eq!(western(&a)["status"], "not_applicable");
}

fn built_in_check(activity: &str, industries: &[&str], equity: Option<f64>) -> kaifang_domain::checker::Answer {
    let r = kaifang_service::checker::CheckRequest {
        activity: activity.into(),
        industries: industries.iter().map(|c| c.to_string()).collect(),
        division: "320506".into(),
        date: Some("2026-06-01".into()),
        foreign_equity: equity,
        largest_foreign_investor: equity,
        ftz: Some("no".into()),
        ..Default::default()
    };
    kaifang_service::checker::Checker::built_in().check(&r).unwrap()
}

#[test]
fn a_class_wider_than_the_measure_does_not_decide_alone() {
    // M7340 医学研究和试验发展 holds stem-cell work and much else: a clinical CRO is outside item 17.
    let a = built_in_check("临床试验CRO服务，承接新药临床研究", &["M7340"], Some(100.0));
    assert_eq!(a.verdict.as_str(), "permitted", "{:?}", a.measures);
    let a = built_in_check("干细胞储存与治疗技术开发", &["M7340"], Some(100.0));
    assert_eq!(a.verdict.as_str(), "prohibited");
    assert!(a.measures.iter().any(|m| m.item == 17));
    // G6020 快递服务 holds parcels, which are open; letters are not.
    let a = built_in_check("同城包裹快递", &["G6020"], Some(100.0));
    assert_eq!(a.verdict.as_str(), "permitted", "{:?}", a.measures);
}

#[test]
fn an_english_word_names_its_plural_and_a_restricted_field_brings_the_catalogue_item_that_names_it() {
    // "tours" finds the glossary's "tour": the desert-tourism item of Xinjiang's regional part.
    let r = kaifang_service::checker::CheckRequest {
        activity: "desert tours and camps".into(),
        division: "652822".into(),
        date: Some("2026-06-01".into()),
        ..Default::default()
    };
    let a = kaifang_service::checker::Checker::built_in().check(&r).unwrap();
    assert!(
        a.encouraged.iter().any(|e| e.text.contains("沙漠")),
        "{:?}",
        a.encouraged.iter().map(|e| &e.text).collect::<Vec<_>>()
    );
    // Value-added telecom is restricted, and the catalogue lists it (national 526): that item is
    // among the first three even though the question never says 增值电信.
    let a = built_in_check("给外贸公司做电子数据交换EDI服务，外资45%", &["I6450"], Some(45.0));
    assert_eq!(a.verdict.as_str(), "restricted");
    let top3: Vec<u32> = a
        .encouraged
        .iter()
        .take(3)
        .filter(|e| e.part == "national")
        .map(|e| e.item)
        .collect();
    assert!(top3.contains(&526), "{top3:?}");
}

#[test]
fn an_encouraged_item_is_found_by_the_words_investors_use_for_it() {
    // Neither 山茶油 nor "olive oil" is in national item 1's text (木本食用油料…); its aliases
    // (data/policy/encouraged-2025-aliases.csv) hold both.
    for activity in ["山茶油压榨和灌装", "olive oil pressing"] {
        let a = built_in_check(activity, &[], Some(100.0));
        let top3: Vec<(String, u32)> = a.encouraged.iter().take(3).map(|e| (e.part.clone(), e.item)).collect();
        assert!(top3.contains(&("national".to_string(), 1)), "{activity}: {top3:?}");
    }
}
