//! The major-project pipeline over HTTP: a whole lifecycle, illegal stage moves, money and its
//! conversion, the task force, factor approvals filed as cases, staleness and scope.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A minimal project in a county, in the lead stage.
fn lead(name: &str, division: &str) -> Value {
    json!({"name": name, "division": division, "industry": "3841", "project_type": "new",
        "investors": [{"name": "Muster Batterie GmbH", "region": "DE"}], "lead_source": "fair",
        "lead_on": "2026-01-10"})
}

async fn create(api: &Api, body: &Value) -> Value {
    let r = api.post("/api/v1/projects", body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
    json_of(r).await
}

async fn stage(api: &Api, number: &str, body: Value) -> reqwest::Response {
    api.post(&format!("/api/v1/projects/{number}/stage"), &body).await
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

#[tokio::test]
async fn a_project_goes_from_lead_to_capacity_through_the_api_with_its_history_money_team_and_approvals() {
    let app = spawn_app().await;
    let officer = app.officer("xuanwu_p", "320102").await;
    app.create_user("nj_leader", "leader", Some("320100"), None).await;

    let p = create(&officer, &lead("年产 5GWh 动力电池项目", "320102")).await;
    let number = p["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("XM-2026-320102-"), "{number}");
    assert_eq!(p["stage"], "lead");
    assert_eq!(p["allowed"], json!(["talks", "paused", "dropped"]));
    assert_eq!(p["source_region"], "DE");
    assert_eq!(p["stale"], false);

    // Skipping straight to signing is refused with the allowed stages.
    let r = stage(&officer, &number, json!({"to": "signed", "on": "2026-02-01"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(r).await["allowed"], json!(["talks", "paused", "dropped"]));

    // Talks, then signing: signing needs the contracted capital.
    let r = stage(
        &officer,
        &number,
        json!({"to": "talks", "on": "2026-02-01", "evidence": "首轮洽谈纪要"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = stage(&officer, &number, json!({"to": "signed", "on": "2026-03-15"})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&json_of(r).await).contains(&"contracted_amount".to_string()));
    // 92,000,000.00 EUR at 0.92 EUR per USD = 100,000,000.00 USD, signed remotely.
    let r = stage(
        &officer,
        &number,
        json!({"to": "signed", "on": "2026-03-15", "evidence": "投资协议 2026-017",
            "contracted_amount": "92,000,000", "contracted_currency": "EUR", "contracted_rate": "0.92",
            "signing_mode": "cloud"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p = json_of(r).await;
    assert_eq!(p["contracted_fdi"]["usd"], "100000000.00");
    assert_eq!(p["contracted_fdi"]["amount"], "92000000.00");
    assert_eq!(p["contracted_fdi"]["rate"], "0.92");
    assert_eq!(
        p["contracted_fdi"]["rate_on"], "2026-03-15",
        "the rate of the signing day"
    );
    assert_eq!(p["signing_mode"], "cloud");

    // Construction cannot start before the signing.
    let r = stage(&officer, &number, json!({"to": "construction", "on": "2026-03-01"})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = stage(
        &officer,
        &number,
        json!({"to": "construction", "on": "2026-05-20", "evidence": "施工许可证"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);

    // Utilised capital in two tranches; a wrong one is voided and stays listed.
    let tr = |amount: &str, cur: &str, rate: &str, on: &str| json!({"received_on": on, "amount": amount, "currency": cur, "rate": rate});
    let path = format!("/api/v1/projects/{number}/tranches");
    assert_eq!(
        officer
            .post(&path, &tr("30000000", "USD", "", "2026-04-01"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let r = officer
        .post(&path, &tr("71234000", "CNY", "7.1234", "2026-06-30"))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p = json_of(r).await;
    assert_eq!(p["utilised_fdi_usd"], "40000000.00");
    let wrong = p["tranches"][1]["id"].as_i64().unwrap();
    let r = officer
        .post(&format!("{path}/{wrong}/void"), &json!({"reason": "重复录入"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p = json_of(r).await;
    assert_eq!(p["utilised_fdi_usd"], "30000000.00");
    assert_eq!(
        p["tranches"].as_array().unwrap().len(),
        2,
        "the voided tranche stays listed"
    );
    assert_eq!(p["tranches"][1]["voided"], true);
    // A tranche before the signing is refused.
    let r = officer.post(&path, &tr("1", "USD", "", "2026-03-01")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The task force: a lead official with an account, a member from another department.
    let team = format!("/api/v1/projects/{number}/team");
    let r = officer
        .post(
            &team,
            &json!({"role": "lead", "username": "nj_leader", "department": "南京市商务局"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = officer
        .post(
            &team,
            &json!({"role": "member", "name": "王工", "department": "区自然资源和规划分局"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(json_of(r).await["team"].as_array().unwrap().len(), 2);

    // Service log.
    let r = officer
        .post(
            &format!("/api/v1/projects/{number}/log"),
            &json!({"kind": "visit", "on": "2026-06-01", "participants": "区商务局、企业总经理", "outcome": "确认二期用地需求"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(json_of(r).await["log"][0]["outcome"], "确认二期用地需求");

    // A blocked land approval files a problem case linked both ways.
    let r = officer
        .put(
            &format!("/api/v1/projects/{number}/approvals/land"),
            &json!({"department": "区自然资源和规划分局", "started_on": "2026-04-01", "due_days": 20,
                "status": "blocked", "problem": "二期 50 亩用地指标未落实"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p = json_of(r).await;
    let case = p["approvals"][0]["case"].as_str().unwrap().to_string();
    assert!(case.starts_with("WT-"), "{case}");
    assert_eq!(
        p["approvals"][0]["due_on"], "2026-04-30",
        "20 working days across Qingming and May Day"
    );
    assert_eq!(p["cases"][0]["number"], case);
    let c = json_of(officer.get(&format!("/api/v1/cases/{case}")).await).await;
    assert_eq!(c["kind"], "problem");
    assert_eq!(c["category"], "land");
    assert_eq!(c["channel"], "project");
    assert_eq!(c["project"], number, "the case names its project");
    let ledger = json_of(officer.get("/api/v1/projects").await).await;
    assert_eq!(ledger[0]["open_problems"], 1);
    assert_eq!(ledger[0]["lead_official"], "nj_leader");

    // Production, then capacity; the project no longer needs following.
    let r = stage(
        &officer,
        &number,
        json!({"to": "production", "on": "2026-09-01", "evidence": "投产仪式"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = stage(
        &officer,
        &number,
        json!({"to": "capacity", "on": "2026-11-01", "evidence": "达产报告"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p = json_of(r).await;
    assert_eq!(p["stage"], "capacity");
    assert_eq!(p["update_due"], Value::Null);
    let moves: Vec<&str> = p["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to_stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        moves,
        ["lead", "talks", "signed", "construction", "production", "capacity"]
    );

    // Every change is in the audit log under the project.
    let admin = app.api_user("audit_admin", "admin", Some("000000"), None).await;
    let audit = json_of(admin.get(&format!("/api/v1/audit?object_id={number}&limit=100")).await).await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .or(audit.as_array())
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "project_created",
        "project_stage_changed",
        "project_tranche_recorded",
        "project_tranche_voided",
        "project_member_added",
        "project_service_logged",
        "project_approval_recorded",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[tokio::test]
async fn every_illegal_stage_move_is_refused_with_the_allowed_stages() {
    let app = spawn_app().await;
    let officer = app.officer("gulou_p", "320106").await;
    let all = [
        "lead",
        "talks",
        "signed",
        "construction",
        "production",
        "capacity",
        "paused",
        "dropped",
    ];
    // A project recorded in each pipeline stage with that stage's data, then paused and dropped ones.
    let mut body = lead("多阶段测试项目", "320106");
    body["contracted_amount"] = json!("1000000");
    body["contracted_currency"] = json!("USD");
    let dates = [
        ("talks_on", "2026-02-01"),
        ("signed_on", "2026-03-01"),
        ("construction_on", "2026-04-01"),
        ("production_on", "2026-05-01"),
        ("capacity_on", "2026-06-01"),
    ];
    let mut numbers = Vec::new();
    for (i, s) in all[..6].iter().enumerate() {
        let mut b = body.clone();
        b["stage"] = json!(s);
        for (f, d) in &dates[..i] {
            b[f] = json!(d);
        }
        let p = create(&officer, &b).await;
        assert_eq!(p["stage"], *s);
        numbers.push((s.to_string(), p["number"].as_str().unwrap().to_string()));
    }
    let paused = create(&officer, &body).await["number"].as_str().unwrap().to_string();
    let r = stage(&officer, &paused, json!({"to": "paused", "evidence": "投资方暂缓"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    numbers.push(("paused".into(), paused));
    let dropped = create(&officer, &body).await["number"].as_str().unwrap().to_string();
    let r = stage(&officer, &dropped, json!({"to": "dropped", "evidence": "投资方撤回"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    numbers.push(("dropped".into(), dropped));

    let mut refused = 0;
    for (from, number) in &numbers {
        let p = json_of(officer.get(&format!("/api/v1/projects/{number}")).await).await;
        let allowed: Vec<String> = p["allowed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        for to in all {
            if allowed.iter().any(|a| a == to) {
                continue;
            }
            let r = stage(&officer, number, json!({"to": to, "evidence": "x"})).await;
            assert_eq!(r.status(), StatusCode::CONFLICT, "{from} -> {to}");
            let body = json_of(r).await;
            assert_eq!(body["allowed"], json!(allowed), "{from} -> {to}");
            refused += 1;
        }
        // Nothing changed.
        let again = json_of(officer.get(&format!("/api/v1/projects/{number}")).await).await;
        assert_eq!(again["stage"], p["stage"]);
        assert_eq!(again["version"], p["version"]);
    }
    // 8 stages × 8 targets less the 19 legal moves (3 from each of the five first stages,
    // 2 from capacity, 2 from paused, none from dropped).
    assert_eq!(refused, 64 - 19);
    // A paused project resumes where it stopped.
    let (_, paused) = &numbers[6];
    let p = json_of(officer.get(&format!("/api/v1/projects/{paused}")).await).await;
    assert_eq!(p["allowed"], json!(["lead", "dropped"]));
    let r = stage(&officer, paused, json!({"to": "lead"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["stage"], "lead");
}

#[tokio::test]
async fn bad_amounts_currencies_rates_and_dates_are_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let officer = app.officer("jianye_p", "320105").await;
    let mut b = lead("坏数据项目", "320105");
    b["total_amount"] = json!("-5");
    b["total_currency"] = json!("USD");
    b["contracted_amount"] = json!("100");
    b["contracted_currency"] = json!("RMB");
    b["land_mu"] = json!("十亩");
    b["jobs"] = json!("-3");
    b["stage"] = json!("construction");
    b["signed_on"] = json!("2026-05-10");
    b["construction_on"] = json!("2026-05-01");
    let r = officer.post("/api/v1/projects", &b).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let f = fields(&json_of(r).await);
    for name in [
        "total_amount",
        "contracted_currency",
        "land_mu",
        "jobs",
        "construction_on",
    ] {
        assert!(f.contains(&name.to_string()), "{name} not in {f:?}");
    }
    // A currency other than the dollar needs its rate; the dollar's rate is 1.
    let mut b = lead("汇率项目", "320105");
    b["total_amount"] = json!("1000");
    b["total_currency"] = json!("JPY");
    let f = fields(&json_of(officer.post("/api/v1/projects", &b).await).await);
    assert_eq!(f, ["total_rate"]);
    b["total_currency"] = json!("USD");
    b["total_rate"] = json!("7.1");
    let f = fields(&json_of(officer.post("/api/v1/projects", &b).await).await);
    assert_eq!(f, ["total_rate"]);
    // No investor, unknown industry, a province as the place.
    let r = officer
        .post(
            "/api/v1/projects",
            &json!({"name": "x", "division": "320000", "industry": "9999"}),
        )
        .await;
    let f = fields(&json_of(r).await);
    for name in ["division", "industry", "investors"] {
        assert!(f.contains(&name.to_string()), "{name} not in {f:?}");
    }
    let list = json_of(officer.get("/api/v1/projects").await).await;
    assert_eq!(list, json!([]), "nothing was written");

    // 1,000,000 JPY at 150.25 = 6,655.57 USD; land appraisal per mu.
    b["total_currency"] = json!("JPY");
    b["total_amount"] = json!("1000000");
    b["total_rate"] = json!("150.25");
    b["land_mu"] = json!("12.5");
    b["expected_output"] = json!("100000000");
    b["expected_tax"] = json!("5000000");
    let p = create(&officer, &b).await;
    assert_eq!(p["total_investment"]["usd"], "6655.57");
    assert_eq!(p["output_per_mu"], "8000000.00");
    assert_eq!(p["tax_per_mu"], "400000.00");
}

#[tokio::test]
async fn a_sibling_sees_nothing_while_the_province_the_listing_city_and_task_force_members_do() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xw", "320102").await;
    let qinhuai = app.officer("qh", "320104").await;
    let province = app.api_user("js", "leader", Some("320000"), None).await;
    let nanjing = app.api_user("nj", "leader", Some("320100"), None).await;
    let suzhou = app.api_user("sz", "leader", Some("320500"), None).await;

    let mut b = lead("市重点项目", "320102");
    b["key_level"] = json!("city");
    b["key_listed_by"] = json!("320100");
    let number = create(&xuanwu, &b).await["number"].as_str().unwrap().to_string();
    let path = format!("/api/v1/projects/{number}");

    assert_eq!(qinhuai.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(qinhuai.get("/api/v1/projects").await).await, json!([]));
    // Nor in the exported ledger or the supervision list.
    let sibling_export = qinhuai.get("/api/v1/projects/export.xlsx").await.bytes().await.unwrap();
    let t = kaifang_exchange::read_table(&sibling_export, "projects.xlsx", None).unwrap();
    assert!(t.rows.is_empty(), "a sibling's export lists none of the project");
    let own_export = xuanwu.get("/api/v1/projects/export.xlsx").await.bytes().await.unwrap();
    let t = kaifang_exchange::read_table(&own_export, "projects.xlsx", None).unwrap();
    assert_eq!(t.rows.len(), 1);
    sqlx::query("UPDATE projects SET stale_on = '2026-01-01' WHERE number = $1")
        .bind(number.clone())
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(json_of(qinhuai.get("/api/v1/projects/stale").await).await, json!([]));
    assert_eq!(
        json_of(xuanwu.get("/api/v1/projects/stale").await)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(suzhou.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        stage(&qinhuai, &number, json!({"to": "talks"})).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(province.get(&path).await.status(), StatusCode::OK);
    assert_eq!(nanjing.get(&path).await.status(), StatusCode::OK);
    assert_eq!(
        json_of(nanjing.get("/api/v1/projects?key_level=city").await).await[0]["number"],
        number
    );

    // A listing division that does not cover the project is refused.
    let mut b2 = lead("错误列入", "320102");
    b2["key_level"] = json!("provincial");
    b2["key_listed_by"] = json!("330000");
    let f = fields(&json_of(xuanwu.post("/api/v1/projects", &b2).await).await);
    assert_eq!(f, ["key_listed_by"]);

    // A sibling officer put on the task force finds the project in their own workspace.
    let r = xuanwu
        .post(
            &format!("{path}/team"),
            &json!({"role": "member", "username": "qh", "department": "秦淮区发改委"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let member_id = json_of(r).await["team"][0]["id"].as_i64().unwrap();
    assert_eq!(qinhuai.get(&path).await.status(), StatusCode::OK);
    let mine = json_of(qinhuai.get("/api/v1/projects?team=me").await).await;
    assert_eq!(mine[0]["number"], number);
    // ...and loses it when taken off.
    let r = xuanwu
        .post(&format!("{path}/team/{member_id}/remove"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(qinhuai.get(&path).await.status(), StatusCode::NOT_FOUND);

    // Leaders read but do not write.
    assert_eq!(
        stage(&province, &number, json!({"to": "talks"})).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_project_not_updated_in_time_is_flagged_and_listed_for_supervision() {
    let app = spawn_app().await;
    let officer = app.officer("pk", "320111").await;
    let fresh = create(&officer, &lead("按时更新项目", "320111")).await;
    let old = create(&officer, &lead("久未更新项目", "320111")).await;
    assert!(fresh["update_due"].as_str().unwrap() > "2026-01-01");
    // Forty days pass for one of them without an update.
    sqlx::query("UPDATE projects SET last_update_on = '2026-01-01', stale_on = '2026-01-31' WHERE number = $1")
        .bind(old["number"].as_str().unwrap().to_string())
        .execute(app.store.pool())
        .await
        .unwrap();
    let stale = json_of(officer.get("/api/v1/projects/stale").await).await;
    assert_eq!(stale.as_array().unwrap().len(), 1);
    assert_eq!(stale[0]["number"], old["number"]);
    assert_eq!(stale[0]["stale"], true);
    let flagged = json_of(officer.get("/api/v1/projects?stale=true").await).await;
    assert_eq!(flagged.as_array().unwrap().len(), 1);
    // A service visit brings it up to date.
    let r = officer
        .post(
            &format!("/api/v1/projects/{}/log", old["number"].as_str().unwrap()),
            &json!({"kind": "call", "participants": "企业联系人", "outcome": "项目推进正常"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(json_of(r).await["stale"], false);
    assert_eq!(json_of(officer.get("/api/v1/projects/stale").await).await, json!([]));

    // The county sets a 7-day period: projects last updated 10 days ago become stale at once,
    // while the neighbouring county keeps the national 30 days.
    let admin = app.api_user("pk_admin", "admin", Some("320111"), None).await;
    let other = app.officer("lh", "320116").await;
    let elsewhere = create(&other, &lead("邻区项目", "320116")).await;
    sqlx::query("UPDATE projects SET last_update_on = '2026-11-01', stale_on = '2026-12-01' WHERE number IN ($1, $2)")
        .bind(fresh["number"].as_str().unwrap().to_string())
        .bind(elsewhere["number"].as_str().unwrap().to_string())
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        officer
            .put("/api/v1/projects/update-rules", &json!({"days": 7}))
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "officers do not set the period"
    );
    let r = admin.put("/api/v1/projects/update-rules", &json!({"days": 400})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .put(
            "/api/v1/projects/update-rules",
            &json!({"days": 7, "source": "区商务局通知〔2026〕1号"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let rules = json_of(r).await;
    assert_eq!(rules[0]["division"], "320111");
    assert_eq!(rules[0]["days"], 7);
    assert_eq!(rules[0]["applies"], true);
    assert_eq!(rules[1]["division"], "000000");
    let p = json_of(
        officer
            .get(&format!("/api/v1/projects/{}", fresh["number"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(p["update_due"], "2026-11-08");
    let p = json_of(
        other
            .get(&format!("/api/v1/projects/{}", elsewhere["number"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(p["update_due"], "2026-12-01", "a sibling county keeps its own period");
}

/// Registers a signed project with money, land, a tranche and a lead official.
async fn signed_project(api: &Api, name: &str, division: &str, land: &str, output: &str) -> String {
    let mut b = lead(name, division);
    b["stage"] = json!("signed");
    b["talks_on"] = json!("2026-02-01");
    b["signed_on"] = json!("2026-03-01");
    b["signing_mode"] = json!("on_site");
    b["total_amount"] = json!("500000000");
    b["total_currency"] = json!("CNY");
    b["total_rate"] = json!("7.1");
    b["total_rate_on"] = json!("2026-03-01");
    b["contracted_amount"] = json!("30000000");
    b["contracted_currency"] = json!("USD");
    b["land_mu"] = json!(land);
    b["expected_output"] = json!(output);
    b["expected_tax"] = json!("2000000");
    b["jobs"] = json!("300");
    b["key_level"] = json!("city");
    b["key_listed_by"] = json!("320100");
    b["publishable"] = json!("true");
    let number = create(api, &b).await["number"].as_str().unwrap().to_string();
    let r = api
        .post(
            &format!("/api/v1/projects/{number}/tranches"),
            &json!({"received_on": "2026-04-10", "amount": "5000000", "currency": "USD"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = api
        .post(
            &format!("/api/v1/projects/{number}/team"),
            &json!({"role": "lead", "name": "张局长", "department": "区商务局"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    number
}

/// The data columns of an exported ledger, rows sorted by name: everything an import sets.
fn ledger_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let t = kaifang_exchange::read_table(bytes, "projects.xlsx", None).unwrap();
    let skip = ["项目编号", "包保领导", "专班成员", "未解决问题", "最后更新"];
    let keep: Vec<usize> = (0..t.headers.len())
        .filter(|&i| !skip.contains(&t.headers[i].as_str()))
        .collect();
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| keep.iter().map(|&i| r.get(i).to_string()).collect())
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn the_ledger_exported_then_imported_is_the_same_data_here_and_in_an_empty_system() {
    let app = spawn_app().await;
    let officer = app.officer("ledger_a", "320102").await;
    signed_project(&officer, "甲项目", "320102", "100", "300000000").await;
    signed_project(&officer, "乙项目", "320102", "40", "200000000").await;
    create(&officer, &lead("丙项目（线索）", "320102")).await;
    let r = officer.get("/api/v1/projects/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let exported = r.bytes().await.unwrap().to_vec();
    let rows = ledger_rows(&exported);
    assert_eq!(rows.len(), 3);

    // Imported into the same system, every project is unchanged.
    let r = officer
        .post_bytes(
            "/api/v1/projects/import?dry_run=false&filename=projects.xlsx",
            exported.clone(),
        )
        .await;
    let report = json_of(r).await;
    assert_eq!(report["errors"], json!([]), "{report}");
    assert_eq!(
        (report["unchanged"].as_i64(), report["created"].as_i64()),
        (Some(3), Some(0))
    );

    // Imported into an empty system: the preview first, then the same ledger.
    let other = spawn_app().await;
    let officer_b = other.officer("ledger_b", "320102").await;
    let preview = json_of(
        officer_b
            .post_bytes("/api/v1/projects/import?filename=projects.xlsx", exported.clone())
            .await,
    )
    .await;
    assert_eq!(preview["created"], 3);
    assert_eq!(preview["committed"], false);
    assert_eq!(preview["preview"].as_array().unwrap().len(), 3);
    assert_eq!(
        json_of(officer_b.get("/api/v1/projects").await).await,
        json!([]),
        "a preview writes nothing"
    );
    let done = json_of(
        officer_b
            .post_bytes("/api/v1/projects/import?dry_run=false&filename=projects.xlsx", exported)
            .await,
    )
    .await;
    assert_eq!(done["committed"], true, "{done}");
    let again = officer_b
        .get("/api/v1/projects/export.xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(ledger_rows(&again), rows);
}

#[tokio::test]
async fn a_ledger_with_bad_rows_reports_every_one_and_changes_nothing() {
    let app = spawn_app().await;
    let officer = app.officer("ledger_c", "320102").await;
    let number = signed_project(&officer, "已有项目", "320102", "10", "1000000").await;
    let csv = format!(
        "项目编号,项目名称,所在地,行业,投资方1,投资方1国别（地区）,项目阶段,合同外资,合同外资币种,签约日期,开工日期\n\
         ,好项目,320102,3841,A GmbH,DE,线索,,,,\n\
         ,币种错误,320102,3841,B Ltd,GB,签约,100,RMB,2026-03-01,\n\
         ,日期倒置,320102,3841,C Inc,US,在建,100,USD,2026-05-10,2026-05-01\n\
         {number},已有项目,320102,3841,A GmbH,DE,在建,30000000,USD,2026-03-01,2026-04-01\n"
    );
    let report = json_of(
        officer
            .post_bytes(
                "/api/v1/projects/import?dry_run=false&filename=ledger.csv",
                csv.into_bytes(),
            )
            .await,
    )
    .await;
    assert_eq!(report["committed"], false);
    let errors: Vec<(i64, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap().to_string()))
        .collect();
    assert!(errors.contains(&(3, "合同外资币种".into())), "{errors:?}");
    assert!(errors.contains(&(4, "开工日期".into())), "{errors:?}");
    assert!(
        errors.contains(&(5, "项目阶段".into())),
        "a ledger does not move a stage: {errors:?}"
    );
    assert!(!errors.iter().any(|(row, _)| *row == 2), "the good row is not reported");
    let list = json_of(officer.get("/api/v1/projects").await).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing was written");
}

#[tokio::test]
async fn the_dashboard_counts_the_pipeline_of_the_jurisdiction_and_a_sibling_city_sees_none_of_it() {
    let app = spawn_app().await;
    let xuanwu = app.officer("d_xw", "320102").await;
    let qinhuai = app.officer("d_qh", "320104").await;
    let nanjing = app.api_user("d_nj", "leader", Some("320100"), None).await;
    let suzhou = app.api_user("d_sz", "leader", Some("320500"), None).await;
    let a = signed_project(&xuanwu, "高亩产项目", "320102", "10", "100000000").await;
    signed_project(&qinhuai, "低亩产项目", "320104", "100", "100000000").await;
    create(&qinhuai, &lead("线索项目", "320104")).await;
    let r = stage(
        &xuanwu,
        &a,
        json!({"to": "construction", "on": "2026-05-01", "evidence": "开工"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);

    let d = json_of(nanjing.get("/api/v1/projects/dashboard").await).await;
    let stage_count = |s: &str| {
        d["by_stage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == s)
            .map_or(0, |g| g["projects"].as_i64().unwrap())
    };
    assert_eq!(
        (stage_count("lead"), stage_count("signed"), stage_count("construction")),
        (1, 1, 1)
    );
    let divisions: Vec<&str> = d["by_division"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(divisions, ["320104", "320102"], "most projects first");
    assert_eq!(d["by_source"][0]["key"], "DE");
    assert_eq!(d["by_source"][0]["projects"], 3);
    assert_eq!(d["by_industry"][0]["key"], "C");
    let contracted: f64 = d["by_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["contracted_usd"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(contracted, 60_000_000.0);
    let april = d["utilised_by_month"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["month"] == "2026-04")
        .unwrap();
    assert_eq!(april["utilised_usd"], "10000000.00");
    // Funnel: 3 leads, 2 in talks (22 days after the lead), 2 signed (28 days), 1 building (61 days).
    let f = &d["funnel"];
    assert_eq!(f[0]["reached"], 3);
    assert_eq!(
        (f[1]["reached"].as_i64(), f[1]["avg_days_from_previous"].as_i64()),
        (Some(2), Some(22))
    );
    assert_eq!(
        (f[2]["reached"].as_i64(), f[2]["avg_days_from_previous"].as_i64()),
        (Some(2), Some(28))
    );
    assert_eq!(
        (f[3]["reached"].as_i64(), f[3]["avg_days_from_previous"].as_i64()),
        (Some(1), Some(61))
    );
    // Land appraisal: 100,000,000 yuan on 10 mu beats the same on 100 mu.
    assert_eq!(d["land_ranking"][0]["number"], a);
    assert_eq!(d["land_ranking"][0]["output_per_mu"], "10000000.00");
    assert_eq!(d["output_per_mu"], "1818181.81", "200,000,000 yuan over 110 mu");

    // The figures are kept current by every write: recomputing them from scratch changes nothing.
    officer_void_and_pause(&xuanwu, &qinhuai, &a).await;
    let user = kaifang_store::accounts::by_username(&app.store, "d_nj")
        .await
        .unwrap()
        .unwrap();
    let leader = kaifang_service::Principal::from_user(&user, "test").unwrap();
    let figures = |d: kaifang_service::projects::ProjectDashboard| serde_json::to_value(d).unwrap();
    let kept = figures(kaifang_service::projects::dashboard(&app.store, &leader).await.unwrap());
    assert_eq!(
        kept,
        json_of(nanjing.get("/api/v1/projects/dashboard").await).await,
        "the cached dashboard moved with the writes"
    );
    let mut tx = app.store.begin_write().await.unwrap();
    kaifang_store::project_stats::rebuild(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let rebuilt = figures(kaifang_service::projects::dashboard(&app.store, &leader).await.unwrap());
    assert_eq!(kept, rebuilt);
    assert_ne!(kept, d, "the writes moved the figures");

    let other = json_of(suzhou.get("/api/v1/projects/dashboard").await).await;
    assert_eq!(other["by_stage"], json!([]));
    assert_eq!(other["funnel"][0]["reached"], 0);
    assert_eq!(other["land_ranking"], json!([]));
}

#[tokio::test]
async fn the_demo_data_has_projects_at_every_stage_with_a_blocked_approval_filed_as_a_case() {
    let app = spawn_app().await;
    let summary = kaifang::demo::load(&app.store).await.unwrap().unwrap();
    assert!(summary.contains("demo projects"), "{summary}");
    let (c, _) = app.browser("js_leader", kaifang::demo::DEMO_PASSWORD).await;
    let d: Value = c
        .get(app.url("/api/v1/projects/dashboard"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stages: Vec<&str> = d["by_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "lead",
            "talks",
            "signed",
            "construction",
            "production",
            "capacity",
            "paused",
            "dropped"
        ]
    );
    assert_eq!(d["by_division"].as_array().unwrap().len(), 2, "Nanjing and Suzhou");
    assert!(d["land_ranking"].as_array().unwrap().len() >= 10);
    let building: Value = c
        .get(app.url("/api/v1/projects?stage=construction"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(building[0]["open_problems"].as_i64().unwrap() >= 1, "{building}");
    // The county officer sees only the county's projects.
    let (x, _) = app.browser("xuanwu_officer", kaifang::demo::DEMO_PASSWORD).await;
    let mine: Value = x
        .get(app.url("/api/v1/projects?limit=200"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(mine.as_array().unwrap().iter().all(|p| p["division"] == "320102"));
}

/// More writes of every kind for the kept-current check: a voided tranche, an edit, a pause.
async fn officer_void_and_pause(xuanwu: &Api, qinhuai: &Api, number: &str) {
    let p = json_of(xuanwu.get(&format!("/api/v1/projects/{number}")).await).await;
    let id = p["tranches"][0]["id"].as_i64().unwrap();
    let r = xuanwu
        .post(
            &format!("/api/v1/projects/{number}/tranches/{id}/void"),
            &json!({"reason": "录入错误"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = xuanwu
        .patch(
            &format!("/api/v1/projects/{number}"),
            &json!({"industry": "2710", "land_mu": "12", "investors": [{"name": "Acme Ltd", "region": "GB"}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let list = json_of(qinhuai.get("/api/v1/projects?stage=lead").await).await;
    let lead_number = list[0]["number"].as_str().unwrap().to_string();
    let r = stage(qinhuai, &lead_number, json!({"to": "paused", "evidence": "暂缓"})).await;
    assert_eq!(r.status(), StatusCode::OK);
}
