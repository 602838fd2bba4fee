//! FIE complaints (MOFCOM Order 2020 No. 3) over HTTP: the materials notice, the
//! complainant's time to supplement, acceptance, handling within 60 working days
//! and its extension, the written result; refusal and termination grounds; trade
//! secrets seen only by those handling the case; attachments checked for size and type.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn acted(api: &Api, number: &str, body: Value) -> Value {
    let r = act(api, number, body.clone()).await;
    assert_eq!(r.status(), StatusCode::OK, "{body}");
    json_of(r).await
}

#[tokio::test]
async fn a_complaint_runs_the_statutory_clocks_from_intake_to_the_written_result() {
    let app = spawn_app().await;
    let officer = app.officer("xuanwu", "320102").await;
    let code = uscc(51, "320102");
    officer.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let ent = app.api_user("ent", "enterprise", None, Some(&code)).await;

    // A complaint about an administrative act must name the agency complained of.
    let r = ent
        .post(
            "/api/v1/cases",
            &json!({"kind": "complaint", "category": "approvals", "title": "环评审批超期",
                "complaint_type": "infringement", "received_on": "2026-09-25"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(r).await["fields"][0]["field"], "respondent");

    let r = ent
        .post(
            "/api/v1/cases",
            &json!({"kind": "complaint", "category": "approvals", "title": "环评审批超期",
                "description": "提交环评报告已逾法定期限未获批复", "complaint_type": "infringement",
                "respondent": "某区生态环境局", "received_on": "2026-09-25"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c = json_of(r).await;
    let number = c["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("TS-2026-320102-"), "{number}");
    // Received Friday 25 September: the notice of missing materials and the acceptance decision
    // are due 7 working days later, across the National Day week (10 October is a make-up day).
    assert_eq!(c["acknowledge_due"], "2026-10-12");
    assert_eq!(c["reply_due"], "2026-10-12");
    assert_eq!(c["next_due"], "2026-10-12");
    assert_eq!(c["status"], "submitted");

    // The enterprise cannot accept its own complaint; demands' moves do not apply.
    assert_eq!(
        act(&ent, &number, json!({"action": "accept"})).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = act(&officer, &number, json!({"action": "dispatch", "department": "x"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        json_of(r).await["allowed"]
            .as_array()
            .unwrap()
            .contains(&json!("request_materials"))
    );

    // One notice listing everything missing; an unknown item is named by its index.
    let r = act(
        &officer,
        &number,
        json!({"action": "request_materials", "items": ["evidence", "receipts"], "on": "2026-10-09"}),
    )
    .await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "items[1]");
    let c = acted(
        &officer,
        &number,
        json!({"action": "request_materials", "items": ["evidence", "identity"],
            "reason": "请补充受理回执", "on": "2026-10-09"}),
    )
    .await;
    assert_eq!(c["status"], "awaiting_materials");
    assert_eq!(c["materials_requested"]["items"], json!(["evidence", "identity"]));
    // The complainant has 15 working days.
    assert_eq!(c["materials_due"], "2026-10-29");
    assert_eq!(c["next_due"], "2026-10-29");

    // Acceptance waits for the materials.
    let r = act(&officer, &number, json!({"action": "accept", "on": "2026-10-12"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        json_of(r).await["allowed"]
            .as_array()
            .unwrap()
            .contains(&json!("supplement"))
    );

    // The enterprise answers; the decision on acceptance is due 7 working days later.
    let c = acted(&ent, &number, json!({"action": "supplement", "on": "2026-10-20"})).await;
    assert_eq!(c["status"], "submitted");
    assert_eq!(c["materials_complete_on"], "2026-10-20");
    assert_eq!(c["reply_due"], "2026-10-29");
    // Only one notice.
    let r = act(
        &officer,
        &number,
        json!({"action": "request_materials", "items": ["evidence"]}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // Accepted on 27 October: handled within 60 working days, which reach into 2027 —
    // a year without a published schedule, so the deadline is provisional.
    let c = acted(
        &officer,
        &number,
        json!({"action": "accept", "on": "2026-10-27", "department": "投诉中心"}),
    )
    .await;
    assert_eq!(c["status"], "accepted");
    assert_eq!(c["accepted_on"], "2026-10-27");
    assert_eq!(c["resolve_due"], "2027-01-19");
    assert_eq!(c["due_provisional"], true);

    // Extension for a complex case: a reason and a number of working days.
    let r = act(&officer, &number, json!({"action": "extend", "days": 10})).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "reason");
    let r = act(&officer, &number, json!({"action": "extend", "reason": "涉及多部门"})).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "days");
    let c = acted(
        &officer,
        &number,
        json!({"action": "extend", "days": 10, "reason": "涉及多部门，需协调省级部门"}),
    )
    .await;
    assert_eq!(c["resolve_due"], "2027-02-02");

    // The result goes in writing, with the handling method of the measures.
    let r = act(
        &officer,
        &number,
        json!({"action": "resolve", "method": "coordination"}),
    )
    .await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "result");
    let r = act(
        &officer,
        &number,
        json!({"action": "resolve", "method": "persuasion", "result": "x"}),
    )
    .await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "method");
    let c = acted(
        &officer,
        &number,
        json!({"action": "resolve", "method": "coordination",
            "result": "经协调，区生态环境局已于11月5日作出批复", "on": "2026-11-06"}),
    )
    .await;
    assert_eq!(c["status"], "resolved");
    assert_eq!(c["outcome_method"], "coordination");
    let c = acted(&ent, &number, json!({"action": "confirm", "rating": 4})).await;
    assert_eq!(c["status"], "closed");
    let actions: Vec<&str> = c["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "file",
            "request_materials",
            "supplement",
            "accept",
            "extend",
            "resolve",
            "confirm"
        ]
    );
    // Every clock entry names where its figures come from, and that they are unverified.
    assert_eq!(c["ledger"][3]["detail"]["limits_verified"], false);
    assert!(
        c["ledger"][3]["detail"]["limits_source"]
            .as_str()
            .unwrap()
            .contains("商务部令2020年第3号")
    );
}

#[tokio::test]
async fn complaints_are_refused_or_terminated_only_on_the_grounds_of_the_measures() {
    let app = spawn_app().await;
    let officer = app.officer("xuanwu", "320102").await;
    let file = |title: &str| {
        json!({"kind": "complaint", "category": "fair_treatment", "title": title, "channel": "letter",
            "complaint_type": "environment", "complainant": "Example Holdings GmbH"})
    };
    // A complaint comes in writing: a phone call is not a channel for it.
    let mut by_phone = file("电话投诉");
    by_phone["channel"] = json!("call");
    let r = officer.post("/api/v1/cases", &by_phone).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "channel");

    let a = json_of(officer.post("/api/v1/cases", &file("合同纠纷")).await).await;
    let a = a["number"].as_str().unwrap().to_string();
    let r = act(
        &officer,
        &a,
        json!({"action": "refuse", "ground": "dislike", "reason": "x"}),
    )
    .await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "ground");
    let c = acted(
        &officer,
        &a,
        json!({"action": "refuse", "ground": "civil_dispute", "reason": "属于与供应商之间的合同纠纷"}),
    )
    .await;
    assert_eq!(c["status"], "refused");
    assert_eq!(c["ground"], "civil_dispute");
    assert_eq!(c["clock"], "none");
    assert_eq!(c["ledger"][1]["detail"]["ground_verified"], true, "art. 2 is verbatim");
    assert_eq!(c["allowed"], json!([]), "a refusal is final");

    let b = json_of(officer.post("/api/v1/cases", &file("招标限制")).await).await;
    let b = b["number"].as_str().unwrap().to_string();
    acted(&officer, &b, json!({"action": "accept"})).await;
    let c = acted(
        &officer,
        &b,
        json!({"action": "terminate", "ground": "reconsideration_or_litigation", "reason": "投诉人已提起行政诉讼"}),
    )
    .await;
    assert_eq!(c["status"], "terminated");
    assert_eq!(c["ledger"][2]["detail"]["ground_verified"], false);
    // Nothing is deleted: both are still in the ledger, with their state.
    let list = json_of(officer.get("/api/v1/cases?kind=complaint").await).await;
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["terminated", "refused"]);

    // The rules, with their sources, for the filing form and API clients.
    let rules = json_of(officer.get("/api/v1/cases/complaint-rules").await).await;
    assert_eq!(rules["set_by"], "000000");
    assert_eq!(
        (
            &rules["notice_days"],
            &rules["supplement_days"],
            &rules["acceptance_days"],
            &rules["handling_days"]
        ),
        (&json!(7), &json!(15), &json!(7), &json!(60))
    );
    assert_eq!(rules["verified"], false);
    assert!(
        rules["refusal_grounds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["code"] == "civil_dispute" && g["verified"] == true)
    );
}

#[tokio::test]
async fn trade_secrets_and_confidential_files_reach_only_those_handling_the_complaint() {
    let app = spawn_app().await;
    let officer = app.officer("xuanwu", "320102").await;
    let city = app.officer("nanjing", "320100").await;
    let sibling = app.officer("qinhuai", "320104").await;
    let leader = app.api_user("js_leader", "leader", Some("320000"), None).await;
    let code = uscc(52, "320102");
    officer.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let ent = app.api_user("ent", "enterprise", None, Some(&code)).await;
    let secret = "新工艺配方：A 组分 37%";
    let c = json_of(
        ent.post(
            "/api/v1/cases",
            &json!({"kind": "complaint", "category": "ip", "title": "审批中被要求提交技术配方",
                "complaint_type": "infringement", "respondent": "某区市场监督管理局",
                "confidential": secret}),
        )
        .await,
    )
    .await;
    let number = c["number"].as_str().unwrap().to_string();
    assert_eq!(c["confidential"], secret, "the complainant sees its own material");

    // Attachments: type from content, size bounded; a confidential one and a public one.
    let path = format!("/api/v1/cases/{number}/attachments");
    let r = ent
        .post_bytes(&format!("{path}?filename=setup.pdf"), b"MZ\x90\x00\x03".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(r).await["fields"][0]["field"], "file");
    let r = ent
        .post_bytes(&format!("{path}?filename=tool.exe"), b"MZ".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = ent
        .post_bytes(&format!("{path}?filename=big.pdf"), {
            let mut v = b"%PDF-1.7\n".to_vec();
            v.resize(10 * 1024 * 1024 + 1, b' ');
            v
        })
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let pdf = b"%PDF-1.7\n% formula\n".to_vec();
    let r = ent
        .post_bytes(&format!("{path}?filename=formula.pdf&confidential=true"), pdf.clone())
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let secret_file = json_of(r).await["id"].as_i64().unwrap();
    let r = ent
        .post_bytes(&format!("{path}?filename=receipt.pdf"), b"%PDF-1.4 receipt".to_vec())
        .await;
    let public_file = json_of(r).await["id"].as_i64().unwrap();

    // The county handling it sees everything and downloads the exact bytes.
    let c = json_of(officer.get(&format!("/api/v1/cases/{number}")).await).await;
    assert_eq!(c["confidential"], secret);
    assert_eq!(c["attachments"].as_array().unwrap().len(), 2);
    let r = officer.get(&format!("{path}/{secret_file}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

    // The city and the province leader supervise; they see the case but not the secret.
    for api in [&city, &leader] {
        let c = json_of(api.get(&format!("/api/v1/cases/{number}")).await).await;
        assert_eq!(c["confidential"], Value::Null);
        assert_eq!(c["confidential_withheld"], true);
        let files: Vec<i64> = c["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        assert_eq!(files, [public_file]);
        assert_eq!(
            api.get(&format!("{path}/{secret_file}")).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(api.get(&format!("{path}/{public_file}")).await.status(), StatusCode::OK);
    }
    // A sibling county sees nothing at all.
    assert_eq!(
        sibling.get(&format!("/api/v1/cases/{number}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sibling.get(&format!("{path}/{public_file}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sibling
            .post_bytes(&format!("{path}?filename=x.pdf"), pdf.clone())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Nor does the audit log hold the secret: only its digest.
    let leaked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE $1 OR before_json LIKE $1")
            .bind(format!("%{secret}%"))
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(leaked, 0);
}

#[tokio::test]
async fn a_complaint_is_filed_when_no_second_connection_is_free() {
    // Two connections; the test holds one, as writers queued behind the audit head would. The
    // complaint's clock needs the working-day calendar, not yet cached: it is read before the
    // write lock, not from the pool while holding it.
    let app = spawn_with(|s| s.max_connections = Some(2)).await;
    let officer = app.officer("xuanwu_h", "320102").await;
    let code = uscc(52, "320102");
    officer.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let ent = app.api_user("ent_h", "enterprise", None, Some(&code)).await;
    let held = app.store.pool().acquire().await.expect("a connection to hold");
    let body = json!({"kind": "complaint", "category": "approvals", "title": "环评审批超期",
        "description": "提交环评报告已逾法定期限未获批复", "complaint_type": "infringement",
        "respondent": "某区生态环境局", "received_on": "2026-09-25"});
    let filing = ent.post("/api/v1/cases", &body);
    let r = tokio::time::timeout(std::time::Duration::from_secs(20), filing)
        .await
        .expect("the complaint is filed without a second connection");
    assert_eq!(r.status(), StatusCode::CREATED);
    drop(held);
    assert_eq!(json_of(r).await["acknowledge_due"], "2026-10-12");
}
