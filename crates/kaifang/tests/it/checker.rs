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
