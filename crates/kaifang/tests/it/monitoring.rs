//! Operations monitoring over HTTP: coverage per division subtree, one-time links, alert rules
//! opening exactly one case per breach, validation naming the indicator, versioned indicators,
//! the spreadsheet import and the aggregates — on whichever backend the suite runs.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Registers an enterprise (operating) in a division; `extra` overrides fields.
async fn fie(api: &Api, n: u32, division: &str, extra: Value) -> String {
    let code = uscc(n, division);
    let mut body = enterprise(&code, division);
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let r = api.post("/api/v1/enterprises", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
    code
}

/// A complete answer to the 2020 template with this capacity utilisation and turnover.
fn answers(capacity: &str, turnover: &str) -> Value {
    json!({"resumed": "是", "resumption_pct": "90", "staff_return_rate": "85",
        "capacity_utilisation": capacity, "turnover": turnover, "staff_total": "120"})
}

fn fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The campaign the tests share: the 2020 template, monthly from October 2026, owned by the
/// province, opened; returns its number.
async fn campaign(owner: &Api, target: &str) -> String {
    let r = owner
        .post(
            "/api/v1/campaigns",
            &json!({"title": "外资企业复工复产监测", "template": "resumption_2020", "opens_on": "2026-10-01",
                "closes_on": "2027-03-31", "coverage_target": target}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
    let c = json_of(r).await;
    assert_eq!(c["status"], "draft");
    assert_eq!(c["period_kind"], "monthly");
    assert!(
        c["source_zh"]
            .as_str()
            .unwrap()
            .contains("全面摸清存量外资企业复工进度")
    );
    let number = c["number"].as_str().unwrap().to_string();
    let r = owner
        .post(
            &format!("/api/v1/campaigns/{number}/actions"),
            &json!({"action": "open"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    number
}

async fn answer(api: &Api, number: &str, body: Value) -> reqwest::Response {
    api.post(&format!("/api/v1/campaigns/{number}/responses"), &body).await
}

async fn ok_answer(api: &Api, number: &str, body: Value) -> Value {
    let r = answer(api, number, body).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    json_of(r).await
}

async fn coverage(api: &Api, number: &str, period: &str) -> Value {
    let r = api
        .get(&format!("/api/v1/campaigns/{number}/coverage?period={period}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    json_of(r).await
}

fn row<'a>(cov: &'a Value, division: &str) -> &'a Value {
    cov["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["division"] == division)
        .unwrap_or_else(|| panic!("no row for {division} in {cov}"))
}

#[tokio::test]
async fn coverage_adds_up_per_division_subtree_and_a_period_cannot_be_reported_below_target() {
    let app = spawn_app().await;
    let js = app.officer("js_m", "320000").await;
    let nj = app.officer("nj_m", "320100").await;
    let xuanwu = app.officer("xuanwu_m", "320102").await;
    let qinhuai = app.officer("qinhuai_m", "320104").await;
    let huqiu = app.officer("huqiu_m", "320505").await;
    let x: Vec<String> = vec![
        fie(&xuanwu, 1, "320102", json!({})).await,
        fie(&xuanwu, 2, "320102", json!({})).await,
        fie(&xuanwu, 3, "320102", json!({})).await,
    ];
    let gone = fie(&xuanwu, 4, "320102", json!({})).await;
    let r = xuanwu
        .post(
            &format!("/api/v1/enterprises/{gone}/deregister"),
            &json!({"deregistered_on": "2026-06-30"}),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let q = [
        fie(&qinhuai, 5, "320104", json!({})).await,
        fie(&qinhuai, 6, "320104", json!({})).await,
    ];
    let h = [
        fie(&huqiu, 7, "320505", json!({})).await,
        fie(&huqiu, 8, "320505", json!({})).await,
    ];
    let number = campaign(&js, "90").await;
    let c = json_of(js.get(&format!("/api/v1/campaigns/{number}")).await).await;
    assert_eq!(c["targets"], 7, "the deregistered enterprise is not a target");
    assert_eq!(c["status"], "open");

    let p = "2026-11";
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": x[0], "period": p, "answers": answers("80", "100")}),
    )
    .await;
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": x[1], "period": p, "answers": answers("70", "100")}),
    )
    .await;
    // A correction replaces the answer, keeps the first as a revision and does not count twice.
    let v = ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": x[1], "period": p, "answers": answers("75", "100")}),
    )
    .await;
    assert_eq!(v["revision"], 2);
    assert_eq!(v["channel"], "proxy");
    assert_eq!(v["revisions"][0]["revision"], 1);
    assert!(v["revisions"][0]["answers"].as_str().unwrap().contains("7000"));
    ok_answer(
        &nj,
        &number,
        json!({"enterprise": q[0], "period": p, "answers": answers("60", "50")}),
    )
    .await;
    let r = huqiu
        .post(
            &format!("/api/v1/campaigns/{number}/responses/batch"),
            &json!({"period": p, "rows": [{"enterprise": h[0], "answers": answers("90", "10")}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    assert_eq!(json_of(r).await["first_answers"], 1);

    // Province: one row per prefecture.
    let prov = coverage(&js, &number, p).await;
    assert_eq!(
        (prov["targets"].as_i64(), prov["answered"].as_i64()),
        (Some(7), Some(4))
    );
    assert_eq!(prov["coverage_bp"], 5714);
    assert_eq!(
        (
            row(&prov, "320100")["targets"].as_i64(),
            row(&prov, "320100")["answered"].as_i64()
        ),
        (Some(5), Some(3))
    );
    assert_eq!(
        (
            row(&prov, "320500")["targets"].as_i64(),
            row(&prov, "320500")["answered"].as_i64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(row(&prov, "320500")["below_target"], true);
    // Prefecture: one row per county, adding up to the prefecture's row above.
    let pref = coverage(&nj, &number, p).await;
    assert_eq!(
        (pref["targets"].as_i64(), pref["answered"].as_i64()),
        (Some(5), Some(3))
    );
    assert_eq!(
        (
            row(&pref, "320102")["targets"].as_i64(),
            row(&pref, "320102")["answered"].as_i64()
        ),
        (Some(3), Some(2))
    );
    assert_eq!(
        (
            row(&pref, "320104")["targets"].as_i64(),
            row(&pref, "320104")["answered"].as_i64()
        ),
        (Some(2), Some(1))
    );
    // County and sibling: each sees its own enterprises only.
    let county = coverage(&xuanwu, &number, p).await;
    assert_eq!(county["divisions"].as_array().unwrap().len(), 1);
    assert_eq!(
        (county["targets"].as_i64(), county["answered"].as_i64()),
        (Some(3), Some(2))
    );
    let sib = coverage(&huqiu, &number, p).await;
    assert_eq!((sib["targets"].as_i64(), sib["answered"].as_i64()), (Some(2), Some(1)));
    // Another period starts from nothing.
    assert_eq!(coverage(&js, &number, "2026-10").await["answered"], 0);

    // The unanswered list is the officer's own, with the enterprise's liaison.
    let un = json_of(
        xuanwu
            .get(&format!("/api/v1/campaigns/{number}/unanswered?period={p}"))
            .await,
    )
    .await;
    let listed: Vec<&str> = un["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["uscc"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![x[2].as_str()]);
    let un = json_of(
        huqiu
            .get(&format!("/api/v1/campaigns/{number}/unanswered?period={p}"))
            .await,
    )
    .await;
    let listed: Vec<&str> = un["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["uscc"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![h[1].as_str()]);
    // The province's list walks its divisions in order.
    let un = json_of(
        js.get(&format!("/api/v1/campaigns/{number}/unanswered?period={p}"))
            .await,
    )
    .await;
    let listed: Vec<&str> = un["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["uscc"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![x[2].as_str(), q[1].as_str(), h[1].as_str()]);
    assert_eq!(un["next"], Value::Null);
    // A sibling cannot answer for another county's enterprise.
    let r = answer(
        &huqiu,
        &number,
        json!({"enterprise": x[2], "period": p, "answers": answers("50", "1")}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&json_of(r).await), vec!["enterprise"]);

    // Reporting below the 90% target is refused; reminders and escalation are offered.
    let r = js
        .post(
            &format!("/api/v1/campaigns/{number}/chase"),
            &json!({"action": "report", "period": p}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = json_of(r).await;
    assert!(
        body["message"].as_str().unwrap_or_default().contains("57.14%"),
        "{body}"
    );
    // Reminders reach the officers of the divisions with unanswered enterprises.
    let r = js
        .post(
            &format!("/api/v1/campaigns/{number}/chase"),
            &json!({"action": "remind", "period": p}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    assert_eq!(json_of(r).await["reminder"]["enterprises"], 3);
    let inbox = json_of(qinhuai.get("/api/v1/inbox").await).await;
    assert!(inbox.to_string().contains("campaign_reminder"), "{inbox}");
    // Escalation names the prefectures below target to the level above.
    let r = js
        .post(
            &format!("/api/v1/campaigns/{number}/chase"),
            &json!({"action": "escalate", "period": p}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["escalated"].as_array().unwrap().len(), 2);
    // Once everyone has answered, the period can be reported.
    for (api, e) in [(&xuanwu, &x[2]), (&qinhuai, &q[1]), (&huqiu, &h[1])] {
        ok_answer(
            api,
            &number,
            json!({"enterprise": e, "period": p, "answers": answers("88", "100")}),
        )
        .await;
    }
    let r = js
        .post(
            &format!("/api/v1/campaigns/{number}/chase"),
            &json!({"action": "report", "period": p}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    assert_eq!(json_of(r).await["coverage"]["coverage_bp"], 10000);
}

#[tokio::test]
async fn a_one_time_link_answers_once_for_its_enterprise_and_every_bad_link_is_refused_alike() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_l", "320102").await;
    let a = fie(&xuanwu, 11, "320102", json!({})).await;
    let b = fie(&xuanwu, 12, "320102", json!({})).await;
    let number = campaign(&xuanwu, "100").await;
    let r = xuanwu
        .post(
            &format!("/api/v1/campaigns/{number}/links"),
            &json!({"period": "2026-12", "enterprises": [a], "days": 7}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
    let links = json_of(r).await;
    assert_eq!(links.as_array().unwrap().len(), 1);
    let path = links[0]["path"].as_str().unwrap().to_string();
    let token = path.trim_start_matches("/r/").to_string();
    assert_eq!(token.len(), 64);

    let http = reqwest::Client::new();
    let post = |t: String, body: Value| {
        let http = http.clone();
        let url = app.url(&format!("/api/v1/links/{t}"));
        async move { http.post(url).json(&body).send().await.unwrap() }
    };
    // A bad answer is refused naming the indicator, and does not spend the link.
    let r = post(token.clone(), json!({"answers": answers("250", "100")})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&json_of(r).await), vec!["capacity_utilisation"]);
    let r = post(token.clone(), json!({"answers": answers("65", "100")})).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    // The answer is the link's enterprise's, and only its.
    let v = json_of(
        xuanwu
            .get(&format!("/api/v1/campaigns/{number}/responses/{a}?period=2026-12"))
            .await,
    )
    .await;
    assert_eq!(v["channel"], "link");
    assert_eq!(v["answers"]["capacity_utilisation"], 6500);
    let r = xuanwu
        .get(&format!("/api/v1/campaigns/{number}/responses/{b}?period=2026-12"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Used, unknown, malformed and expired links all get the same answer.
    let used = post(token.clone(), json!({"answers": answers("65", "100")})).await;
    assert_eq!(used.status(), StatusCode::NOT_FOUND);
    let used = used.text().await.unwrap();
    let unknown = post("ab".repeat(32), json!({"answers": answers("65", "100")})).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.text().await.unwrap(), used);
    let malformed = post("x".into(), json!({"answers": answers("65", "100")})).await;
    assert_eq!(malformed.status(), StatusCode::NOT_FOUND);
    assert_eq!(malformed.text().await.unwrap(), used);
    let r = xuanwu
        .post(
            &format!("/api/v1/campaigns/{number}/links"),
            &json!({"period": "2026-12", "enterprises": [b], "days": 1}),
        )
        .await;
    let expired = json_of(r).await[0]["path"]
        .as_str()
        .unwrap()
        .trim_start_matches("/r/")
        .to_string();
    sqlx::query("UPDATE campaign_links SET expires_at = '2020-01-01T00:00:00.000000Z' WHERE used_at IS NULL")
        .execute(app.store.pool())
        .await
        .unwrap();
    let r = post(expired, json!({"answers": answers("65", "100")})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.text().await.unwrap(), used);
    assert_eq!(coverage(&xuanwu, &number, "2026-12").await["answered"], 1);
}

async fn alert_cases(api: &Api) -> Vec<Value> {
    let r = json_of(api.get("/api/v1/cases?kind=problem").await).await;
    let items = r.get("items").cloned().unwrap_or(r);
    items
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["channel"] == "monitoring")
        .cloned()
        .collect()
}

/// The whole case behind one entry of [`alert_cases`].
async fn case_of(api: &Api, listed: &Value) -> Value {
    json_of(
        api.get(&format!("/api/v1/cases/{}", listed["number"].as_str().unwrap()))
            .await,
    )
    .await
}

#[tokio::test]
async fn each_breach_of_an_alert_rule_opens_exactly_one_problem_case() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_a", "320102").await;
    let leader = fie(&xuanwu, 21, "320102", json!({"is_key": "true"})).await;
    let supplier = fie(&xuanwu, 22, "320102", json!({"supplier_of": leader})).await;
    let plain = fie(&xuanwu, 23, "320102", json!({})).await;
    let number = campaign(&xuanwu, "100").await;

    // Capacity below 50% breaches low_capacity: one case.
    let v = ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": plain, "period": "2026-11", "answers": answers("40", "100")}),
    )
    .await;
    assert_eq!(v["alerts"], json!(["low_capacity"]));
    assert_eq!(alert_cases(&xuanwu).await.len(), 1);
    // Correcting to another breaching value opens no second case.
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": plain, "period": "2026-11", "answers": answers("30", "100")}),
    )
    .await;
    assert_eq!(alert_cases(&xuanwu).await.len(), 1);
    // 65% breaches only the key-supplier rule, and only for the supplier.
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": leader, "period": "2026-11", "answers": answers("65", "100")}),
    )
    .await;
    assert_eq!(alert_cases(&xuanwu).await.len(), 1);
    let v = ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": supplier, "period": "2026-11", "answers": answers("65", "100")}),
    )
    .await;
    assert_eq!(v["alerts"], json!(["supplier_low_capacity"]));
    assert_eq!(alert_cases(&xuanwu).await.len(), 2);
    // Turnover down by more than 30% against the enterprise's previous period.
    let v = ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": leader, "period": "2026-12", "answers": answers("90", "60")}),
    )
    .await;
    assert_eq!(v["alerts"], json!(["turnover_drop"]));
    let cases = alert_cases(&xuanwu).await;
    assert_eq!(cases.len(), 3);
    let case = case_of(&xuanwu, &cases[0]).await;
    assert_eq!(case["enterprise"], leader, "{case}");
    assert!(case["description"].as_str().unwrap().contains("40%"), "{case}");
    // A drop of exactly 30% is not more than 30%.
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": plain, "period": "2026-12", "answers": answers("90", "70")}),
    )
    .await;
    assert_eq!(alert_cases(&xuanwu).await.len(), 3);
}

#[tokio::test]
async fn a_batch_with_several_breaches_files_each_case_with_its_number_ledger_figures_and_audit_entry() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_m", "320102").await;
    let leader = app.api_user("xuanwu_lead", "leader", Some("320102"), None).await;
    let ents = [
        fie(&xuanwu, 41, "320102", json!({})).await,
        fie(&xuanwu, 42, "320102", json!({})).await,
        fie(&xuanwu, 43, "320102", json!({})).await,
    ];
    let number = campaign(&xuanwu, "100").await;
    let batch = json!({"period": "2026-11", "rows": [
        {"enterprise": ents[0], "answers": answers("40", "100")},
        {"enterprise": ents[1], "answers": answers("90", "100")},
        {"enterprise": ents[2], "answers": answers("30", "100")}]});
    let path = format!("/api/v1/campaigns/{number}/responses/batch");
    let r = xuanwu.post(&path, &batch).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let report = json_of(r).await;
    assert_eq!(report["alerts"], 2, "{report}");
    let filed: Vec<String> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(filed.len(), 2);
    assert_ne!(filed[0], filed[1]);
    for (n, uscc) in filed.iter().zip([&ents[0], &ents[2]]) {
        assert!(n.contains("-320102-"), "numbered by division of origin: {n}");
        let case = json_of(xuanwu.get(&format!("/api/v1/cases/{n}")).await).await;
        assert_eq!(case["kind"], "problem", "{case}");
        assert_eq!(case["status"], "submitted", "{case}");
        assert_eq!(case["channel"], "monitoring", "{case}");
        assert_eq!(&case["enterprise"], uscc, "{case}");
        assert_eq!(case["ledger"][0]["action"], "file", "{case}");
    }
    // The leaders' figures count both, as if filed by hand.
    let d = json_of(leader.get("/api/v1/cases/dashboard").await).await;
    assert_eq!(d["total"]["open"], 2, "{d}");
    // The same batch again is a correction: no second case.
    let again = json_of(xuanwu.post(&path, &batch).await).await;
    assert_eq!(
        (again["corrections"].as_i64(), again["alerts"].as_i64()),
        (Some(3), Some(0))
    );
    assert_eq!(alert_cases(&xuanwu).await.len(), 2);
    // Each case has its own audit entry, and the chain holds.
    let audited: Vec<String> = sqlx::query_scalar("SELECT object_id FROM audit_log WHERE action = 'case_filed'")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    for n in &filed {
        assert!(audited.contains(n), "{audited:?}");
    }
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
    // A case filed by hand afterwards takes a number after these.
    let r = xuanwu
        .post(
            "/api/v1/cases",
            &json!({"kind": "problem", "category": "other", "title": "电力保障", "enterprise": ents[1]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
    let later = json_of(r).await["number"].as_str().unwrap().to_string();
    let seq = |n: &str| n.rsplit('-').next().unwrap().parse::<i64>().unwrap();
    assert!(seq(&later) > seq(&filed[1]), "{later} after {filed:?}");
}

#[tokio::test]
async fn bad_answers_are_refused_naming_the_indicator_and_a_bad_batch_writes_nothing() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_b", "320102").await;
    let a = fie(&xuanwu, 31, "320102", json!({})).await;
    let b = fie(&xuanwu, 32, "320102", json!({})).await;
    let number = campaign(&xuanwu, "100").await;
    let mut bad = answers("250", "abc");
    bad["orders"] = json!("maybe");
    bad["nonsense"] = json!("1");
    let r = answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2026-12", "answers": bad}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut f = fields(&json_of(r).await);
    f.sort();
    assert_eq!(f, vec!["capacity_utilisation", "nonsense", "orders", "turnover"]);
    let mut missing = answers("50", "1");
    missing.as_object_mut().unwrap().remove("turnover");
    let r = answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2026-12", "answers": missing}),
    )
    .await;
    assert_eq!(fields(&json_of(r).await), vec!["turnover"]);
    // A period the campaign does not have, or that has not started, names the period.
    let r = answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2027-02", "answers": answers("50", "1")}),
    )
    .await;
    assert_eq!(fields(&json_of(r).await), vec!["period"]);
    let r = answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2025-01", "answers": answers("50", "1")}),
    )
    .await;
    assert_eq!(fields(&json_of(r).await), vec!["period"]);

    let r = xuanwu
        .post(
            &format!("/api/v1/campaigns/{number}/responses/batch"),
            &json!({"period": "2026-12", "rows": [
                {"enterprise": a, "answers": answers("50", "1")},
                {"enterprise": b, "answers": answers("-5", "1")}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&json_of(r).await), vec!["rows[2].capacity_utilisation"]);
    assert_eq!(
        coverage(&xuanwu, &number, "2026-12").await["answered"],
        0,
        "nothing half-written"
    );
    // A closed campaign takes no answers.
    let r = xuanwu
        .post(
            &format!("/api/v1/campaigns/{number}/actions"),
            &json!({"action": "close"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2026-12", "answers": answers("50", "1")}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn changing_the_indicators_after_answers_keeps_every_answer_with_its_version() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_v", "320102").await;
    let a = fie(&xuanwu, 41, "320102", json!({})).await;
    let b = fie(&xuanwu, 42, "320102", json!({})).await;
    let number = campaign(&xuanwu, "100").await;
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2026-12", "answers": answers("55", "10")}),
    )
    .await;
    let r = xuanwu
        .put(
            &format!("/api/v1/campaigns/{number}/indicators"),
            &json!({"indicators": [
                {"code": "capacity_utilisation", "label_zh": "产能利用率", "label_en": "Capacity utilisation",
                 "kind": "percent", "min": 0, "max": 20000, "required": true},
                {"code": "export_orders", "label_zh": "出口订单", "label_en": "Export orders", "kind": "number",
                 "unit": "单", "min": 0, "required": true}],
              "rules": []}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let c = json_of(r).await;
    assert_eq!(c["indicator_version"], 2);
    assert_eq!(c["versions"].as_array().unwrap().len(), 2);
    assert_eq!(c["versions"][0]["indicators"], 15);
    assert_eq!(c["versions"][1]["indicators"], 2);
    // The old answer is intact, under version 1.
    let v = json_of(
        xuanwu
            .get(&format!("/api/v1/campaigns/{number}/responses/{a}?period=2026-12"))
            .await,
    )
    .await;
    assert_eq!(v["indicator_version"], 1);
    assert_eq!(v["answers"]["turnover"], 1000);
    // New answers follow version 2: the old required turnover is gone, the new one required.
    let r = answer(
        &xuanwu,
        &number,
        json!({"enterprise": b, "period": "2026-12", "answers": answers("55", "10")}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v = ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": b, "period": "2026-12", "answers": {"capacity_utilisation": "70", "export_orders": "12"}}),
    )
    .await;
    assert_eq!(v["indicator_version"], 2);
    // Both count in the aggregates of the indicator they share.
    let an = json_of(
        xuanwu
            .get(&format!("/api/v1/campaigns/{number}/analysis?period=2026-12"))
            .await,
    )
    .await;
    let cap = an["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "capacity_utilisation")
        .unwrap();
    assert_eq!(cap["answered"], 2);
    assert_eq!(cap["mean"], 6250);
}

#[tokio::test]
async fn answers_collected_offline_import_after_a_dry_run_and_the_aggregates_agree_at_every_level() {
    let app = spawn_app().await;
    let js = app.officer("js_i", "320000").await;
    let nj = app.officer("nj_i", "320100").await;
    let xuanwu = app.officer("xuanwu_i", "320102").await;
    let a = fie(&xuanwu, 51, "320102", json!({"controller_region": "DE"})).await;
    let b = fie(&xuanwu, 52, "320102", json!({"controller_region": "JP"})).await;
    let number = campaign(&js, "100").await;
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2026-11", "answers": answers("50", "200")}),
    )
    .await;
    let csv = format!(
        "统一社会信用代码,已复工 [resumed],复工进度 [resumption_pct],员工返岗率 [staff_return_rate],产能利用率 [capacity_utilisation],营业额（万元）[turnover],员工总数（人）[staff_total]\n\
         {a},是,100,95,40,100,1500\n{b},是,100,90,80,300,50\n"
    );
    let r = xuanwu
        .post_bytes(
            &format!("/api/v1/campaigns/{number}/import?period=2026-12&filename=a.csv"),
            csv.clone().into_bytes(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let report = json_of(r).await;
    assert_eq!(report["errors"], json!([]), "{report}");
    assert_eq!(report["committed"], false);
    assert_eq!(report["first_answers"], 2);
    assert_eq!(
        coverage(&xuanwu, &number, "2026-12").await["answered"],
        0,
        "a dry run writes nothing"
    );
    let r = xuanwu
        .post_bytes(
            &format!("/api/v1/campaigns/{number}/import?period=2026-12&filename=a.csv&dry_run=false"),
            csv.into_bytes(),
        )
        .await;
    let report = json_of(r).await;
    assert_eq!(report["committed"], true, "{report}");
    assert_eq!(coverage(&xuanwu, &number, "2026-12").await["answered"], 2);
    // A bad cell is reported with its line and header, and the file writes nothing.
    let bad = format!("统一社会信用代码,产能利用率 [capacity_utilisation]\n{a},x\n");
    let report = json_of(
        xuanwu
            .post_bytes(
                &format!("/api/v1/campaigns/{number}/import?period=2026-12&filename=b.csv&dry_run=false"),
                bad.into_bytes(),
            )
            .await,
    )
    .await;
    assert_eq!(report["committed"], false);
    let errs = report["errors"].as_array().unwrap();
    assert!(
        errs.iter()
            .any(|e| e["row"] == 2 && e["column"] == "产能利用率 [capacity_utilisation]"),
        "{report}"
    );

    // The county computes live, the prefecture and province read the kept figures: all agree.
    for api in [&xuanwu, &nj, &js] {
        let an = json_of(
            api.get(&format!("/api/v1/campaigns/{number}/analysis?period=2026-12"))
                .await,
        )
        .await;
        assert_eq!(an["responses"], 2, "{an}");
        let cap = an["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "capacity_utilisation")
            .unwrap();
        assert_eq!(cap["mean"], 6000);
        assert_eq!(cap["bands"][4], 1);
        assert_eq!(cap["bands"][8], 1);
        let turnover = an["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "turnover")
            .unwrap();
        // Like for like: only enterprise a answered November (200 → 100).
        assert_eq!(turnover["pair_n"], 1);
        assert_eq!(turnover["pair_change_bp"], -5000);
        let sources: Vec<&str> = an["by_source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["key"].as_str().unwrap())
            .collect();
        assert!(sources.contains(&"DE") && sources.contains(&"JP"), "{sources:?}");
        let sizes: Vec<&str> = an["by_size"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["key"].as_str().unwrap())
            .collect();
        assert!(sizes.contains(&"large") && sizes.contains(&"small"), "{sizes:?}");
        assert_eq!(an["trend"].as_array().unwrap().len(), 3);
    }
    // The ledger lists both, answered, with their values.
    let r = xuanwu
        .get(&format!("/api/v1/campaigns/{number}/ledger?period=2026-12"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let t = kaifang_exchange::read_table(&bytes, "l.xlsx", None).unwrap();
    assert_eq!(t.rows.len(), 2);
    let status = t.column("填报状态").unwrap();
    assert!(t.rows.iter().all(|r| r.get(status) == "已填报"));
}

#[tokio::test]
async fn a_sibling_division_sees_nothing_of_a_campaign_owned_beside_it() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_s", "320102").await;
    let qinhuai = app.officer("qinhuai_s", "320104").await;
    fie(&xuanwu, 61, "320102", json!({})).await;
    let number = campaign(&xuanwu, "100").await;
    let r = qinhuai.get(&format!("/api/v1/campaigns/{number}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = qinhuai.get(&format!("/api/v1/campaigns/{number}/coverage")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let list = json_of(qinhuai.get("/api/v1/campaigns").await).await;
    assert_eq!(list["items"], json!([]));
    // The prefecture above sees it.
    let nj = app.officer("nj_s", "320100").await;
    let list = json_of(nj.get("/api/v1/campaigns").await).await;
    assert_eq!(list["items"][0]["number"], number.as_str());
}

#[tokio::test]
async fn the_worker_reminds_before_a_period_ends_and_escalates_a_division_below_target_after_once() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_w", "320102").await;
    let nj = app.officer("nj_w", "320100").await;
    let a = fie(&xuanwu, 71, "320102", json!({})).await;
    fie(&xuanwu, 72, "320102", json!({})).await;
    let number = campaign(&nj, "90").await;
    ok_answer(
        &xuanwu,
        &number,
        json!({"enterprise": a, "period": "2026-11", "answers": answers("80", "100")}),
    )
    .await;
    let cals = kaifang_service::calendar::Calendars::default();
    let at = |d: &str| time::OffsetDateTime::parse(d, &time::format_description::well_known::Rfc3339).unwrap();
    // 2026-11-20: more than three days before November ends, so no reminder; October ended
    // with nobody answered, which the prefecture hears of once.
    let r = kaifang_service::worker::clock_scan(&app.store, &cals, at("2026-11-20T02:00:00Z"))
        .await
        .unwrap();
    assert_eq!((r.campaign_reminders, r.campaign_escalations), (0, 1));
    let r = kaifang_service::worker::clock_scan(&app.store, &cals, at("2026-11-21T02:00:00Z"))
        .await
        .unwrap();
    assert_eq!((r.campaign_reminders, r.campaign_escalations), (0, 0));
    // 2026-11-29: the county's officer is reminded of its one unanswered enterprise, once a day.
    let r = kaifang_service::worker::clock_scan(&app.store, &cals, at("2026-11-29T02:00:00Z"))
        .await
        .unwrap();
    assert_eq!(r.campaign_reminders, 1);
    let r = kaifang_service::worker::clock_scan(&app.store, &cals, at("2026-11-29T05:00:00Z"))
        .await
        .unwrap();
    assert_eq!(r.campaign_reminders, 0);
    let inbox = json_of(xuanwu.get("/api/v1/inbox").await).await.to_string();
    assert!(inbox.contains("尚有 1 家企业未填报"), "{inbox}");
    // 2026-12-01: November ended at 50% against 90%: the prefecture above hears of it, once.
    let r = kaifang_service::worker::clock_scan(&app.store, &cals, at("2026-12-01T02:00:00Z"))
        .await
        .unwrap();
    assert_eq!(r.campaign_escalations, 1);
    let r = kaifang_service::worker::clock_scan(&app.store, &cals, at("2026-12-02T02:00:00Z"))
        .await
        .unwrap();
    assert_eq!(r.campaign_escalations, 0);
    let inbox = json_of(nj.get("/api/v1/inbox").await).await.to_string();
    assert!(inbox.contains("覆盖率 50.0%"), "{inbox}");
}

#[tokio::test]
async fn one_batch_from_two_prefectures_counts_both_in_the_province_and_national_figures() {
    let app = spawn_app().await;
    let js = app.officer("js_p", "320000").await;
    let national = app.officer("cn_p", "000000").await;
    let a = fie(&js, 81, "320102", json!({})).await;
    let b = fie(&js, 82, "320505", json!({})).await;
    let c = fie(&js, 83, "320505", json!({})).await;
    let number = campaign(&js, "100").await;
    let r = js
        .post(
            &format!("/api/v1/campaigns/{number}/responses/batch"),
            &json!({"period": "2026-12", "rows": [
                {"enterprise": a, "answers": answers("60", "10")},
                {"enterprise": b, "answers": answers("70", "10")},
                {"enterprise": c, "answers": answers("80", "10")}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let an = json_of(
        national
            .get(&format!("/api/v1/campaigns/{number}/analysis?period=2026-12"))
            .await,
    )
    .await;
    assert_eq!(an["responses"], 3, "{an}");
    assert_eq!(an["by_division"][0]["key"], "320000");
    assert_eq!(an["by_division"][0]["values"]["capacity_utilisation"], 7000);
    let an = json_of(
        js.get(&format!("/api/v1/campaigns/{number}/analysis?period=2026-12"))
            .await,
    )
    .await;
    let by: Vec<(String, i64)> = an["by_division"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["key"].as_str().unwrap().to_string(), d["responses"].as_i64().unwrap()))
        .collect();
    assert_eq!(by, vec![("320500".to_string(), 2), ("320100".to_string(), 1)]);
}

#[tokio::test]
async fn a_batch_is_written_when_no_second_connection_is_free_and_still_compares_with_last_month() {
    // Two connections; the test holds one, as writers queued behind the audit head would: the
    // writer must finish on its own connection (its earlier answers read one after the other),
    // not wait for a second one.
    let app = spawn_with(|s| s.max_connections = Some(2)).await;
    let xuanwu = app.officer("xuanwu_p", "320102").await;
    let ents = [
        fie(&xuanwu, 51, "320102", json!({})).await,
        fie(&xuanwu, 52, "320102", json!({})).await,
    ];
    let number = campaign(&xuanwu, "100").await;
    let path = format!("/api/v1/campaigns/{number}/responses/batch");
    let october = json!({"period": "2026-10", "rows": [
        {"enterprise": ents[0], "answers": answers("90", "100")},
        {"enterprise": ents[1], "answers": answers("90", "100")}]});
    let r = xuanwu.post(&path, &october).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let held = app.store.pool().acquire().await.expect("a connection to hold");
    let november = json!({"period": "2026-11", "rows": [
        {"enterprise": ents[0], "answers": answers("90", "50")},
        {"enterprise": ents[1], "answers": answers("90", "95")}]});
    let r = tokio::time::timeout(std::time::Duration::from_secs(20), xuanwu.post(&path, &november))
        .await
        .expect("the batch is written without a second connection");
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let report = json_of(r).await;
    assert_eq!(report["first_answers"], 2, "{report}");
    // Half of October's turnover: the drop rule read October's answer.
    assert_eq!(report["alerts"], 1, "{report}");
    drop(held);
    let cases = alert_cases(&xuanwu).await;
    assert_eq!(cases.len(), 1);
    let case = case_of(&xuanwu, &cases[0]).await;
    assert_eq!(case["enterprise"], ents[0], "{case}");
}

#[tokio::test]
async fn correcting_last_month_checks_this_months_drop_rule_again_and_opens_one_case() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu_c", "320102").await;
    let ent = fie(&xuanwu, 61, "320102", json!({})).await;
    let number = campaign(&xuanwu, "100").await;
    let put =
        |period: &str, turnover: &str| json!({"enterprise": ent, "period": period, "answers": answers("90", turnover)});
    ok_answer(&xuanwu, &number, put("2026-10", "100")).await;
    // Down 20% on October: no breach.
    let v = ok_answer(&xuanwu, &number, put("2026-11", "80")).await;
    assert_eq!(v["alerts"], json!([]), "{v}");
    assert!(alert_cases(&xuanwu).await.is_empty());
    // October corrected to 200: November is now down 60%, and its drop rule fires once.
    let v = ok_answer(&xuanwu, &number, put("2026-10", "200")).await;
    assert_eq!(v["alerts"], json!([]), "October itself breaches nothing: {v}");
    let cases = alert_cases(&xuanwu).await;
    assert_eq!(cases.len(), 1, "{cases:?}");
    let case = case_of(&xuanwu, &cases[0]).await;
    assert_eq!(case["enterprise"], ent, "{case}");
    assert!(case["title"].as_str().unwrap().contains("2026-11"), "{case}");
    assert!(case["description"].as_str().unwrap().contains("60%"), "{case}");
    // Corrected again the same way: no second case for the same breach.
    ok_answer(&xuanwu, &number, put("2026-10", "300")).await;
    assert_eq!(alert_cases(&xuanwu).await.len(), 1);
}
