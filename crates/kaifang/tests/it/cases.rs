//! The case engine over HTTP: clocks in working days, illegal moves, escalation and scope.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_demand_runs_its_clocks_across_national_day_pauses_and_is_confirmed_by_the_enterprise() {
    let app = spawn_app().await;
    let officer = app.officer("xuanwu", "320102").await;
    let code = uscc(41, "320102");
    assert_eq!(
        officer
            .post("/api/v1/enterprises", &enterprise(&code, "320102"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let ent = app.api_user("ent", "enterprise", None, Some(&code)).await;
    // The enterprise files its own demand.
    let r = ent
        .post(
            "/api/v1/cases",
            &json!({"kind": "demand", "category": "land", "title": "厂房扩建用地指标",
            "description": "二期扩建需要 30 亩用地指标", "received_on": "2026-09-25"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let case = json_of(r).await;
    let number = case["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("SQ-2026-320102-"), "{number}");
    assert_eq!(case["status"], "submitted");
    assert_eq!(case["clock"], "none", "no clock before dispatch");
    assert_eq!(case["channel"], "online");

    // Resolving before anyone signed for it is refused with what is allowed.
    let r = act(&officer, &number, json!({"action": "resolve"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = json_of(r).await;
    assert!(
        body["allowed"].as_array().unwrap().contains(&json!("dispatch")),
        "{body}"
    );

    // Dispatch on 30 September: 1 / 3 / 15 working days across the National Day week.
    let c = json_of(
        act(
            &officer,
            &number,
            json!({"action": "dispatch", "department": "自然资源和规划局", "on": "2026-09-30"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["acknowledge_due"], "2026-10-08");
    assert_eq!(c["reply_due"], "2026-10-10", "the make-up Saturday counts");
    assert_eq!(c["resolve_due"], "2026-10-27");
    assert_eq!(c["next_due"], "2026-10-08");
    assert_eq!(c["due_provisional"], false);
    assert_eq!(c["clock"], "overdue", "today is long past 8 October");

    act(&officer, &number, json!({"action": "acknowledge", "on": "2026-10-08"})).await;
    let c = json_of(act(&officer, &number, json!({"action": "reply", "on": "2026-10-09"})).await).await;
    assert_eq!(c["next_due"], "2026-10-27");
    // A pause needs a reason; waiting for the enterprise from 12 to 16 October stops the clock 4 days.
    let r = act(&officer, &number, json!({"action": "pause", "on": "2026-10-12"})).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "reason");
    let c = json_of(
        act(
            &officer,
            &number,
            json!({"action": "pause", "on": "2026-10-12", "reason": "等待企业补充规划图"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["clock"], "paused");
    let c = json_of(act(&officer, &number, json!({"action": "resume", "on": "2026-10-16"})).await).await;
    assert_eq!(c["status"], "replied", "back where the pause found it");
    assert_eq!(c["resolve_due"], "2026-11-02");
    act(&officer, &number, json!({"action": "resolve", "on": "2026-10-30"})).await;

    // Only the enterprise confirms, with a rating 1–5.
    assert_eq!(
        act(&officer, &number, json!({"action": "confirm", "rating": 5}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = act(&ent, &number, json!({"action": "confirm", "rating": 9})).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "rating");
    let c = json_of(
        act(
            &ent,
            &number,
            json!({"action": "confirm", "rating": 5, "comment": "解决及时"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["status"], "closed");
    assert_eq!(c["rating"], 5);
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
            "dispatch",
            "acknowledge",
            "reply",
            "pause",
            "resume",
            "resolve",
            "confirm"
        ]
    );
    let pause = &c["ledger"][4];
    assert_eq!(pause["reason"], "等待企业补充规划图");
    let resume = &c["ledger"][5];
    assert_eq!(resume["detail"]["paused_working_days"], 4);
    // The enterprise sees its own cases only.
    let list = json_of(ent.get("/api/v1/cases").await).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_escalated_case_keeps_its_number_the_county_still_reads_it_and_a_sibling_county_never_sees_it() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu", "320102").await;
    let qinhuai = app.officer("qinhuai", "320104").await;
    let nanjing = app.officer("nanjing", "320100").await;
    let jiangsu_leader = app.api_user("js_leader", "leader", Some("320000"), None).await;
    let c = json_of(
        xuanwu
            .post("/api/v1/cases", &json!({"kind": "problem", "category": "logistics", "title": "集装箱查验排队时间长", "channel": "visit", "received_on": "2026-10-30"}))
            .await,
    )
    .await;
    let number = c["number"].as_str().unwrap().to_string();
    assert_eq!(c["owner_division"], "320102");
    // The sibling county: not found, and not in its list.
    assert_eq!(
        qinhuai.get(&format!("/api/v1/cases/{number}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(
        json_of(qinhuai.get("/api/v1/cases").await)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        act(&qinhuai, &number, json!({"action": "dispatch", "department": "x"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let r = act(&xuanwu, &number, json!({"action": "escalate"})).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "escalation needs a reason"
    );
    let c = json_of(
        act(
            &xuanwu,
            &number,
            json!({"action": "escalate", "reason": "涉及海关，需市级协调"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["number"], number.as_str());
    assert_eq!(c["owner_division"], "320100");
    // The county keeps read access but no longer acts; the city does.
    assert_eq!(
        xuanwu.get(&format!("/api/v1/cases/{number}")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        act(&xuanwu, &number, json!({"action": "dispatch", "department": "x"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let c = json_of(
        act(
            &nanjing,
            &number,
            json!({"action": "dispatch", "department": "市口岸办", "on": "2026-11-02"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["status"], "dispatched");
    // A department returns a wrongly assigned case within 2 working days only.
    let r = act(
        &nanjing,
        &number,
        json!({"action": "return", "reason": "不属本部门职责", "on": "2026-11-05"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let c = json_of(
        act(
            &nanjing,
            &number,
            json!({"action": "return", "reason": "不属本部门职责", "on": "2026-11-04"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["status"], "returned");
    // A leader supervises (督办) and it is on the ledger; leaders do not dispatch.
    assert_eq!(
        act(
            &jiangsu_leader,
            &number,
            json!({"action": "dispatch", "department": "x"})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let c = json_of(
        act(
            &jiangsu_leader,
            &number,
            json!({"action": "supervise", "reason": "请于本周内明确承办部门"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["ledger"].as_array().unwrap().last().unwrap()["action"], "supervise");
    // Overdue filter and owner filter reach the city's cases from the province.
    let owned = json_of(jiangsu_leader.get("/api/v1/cases?owner=320100").await).await;
    assert_eq!(owned.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_grouped_problem_cannot_close_while_an_item_under_it_is_open_and_bad_input_names_fields() {
    let app = spawn_app().await;
    let o = app.officer("suzhou", "320500").await;
    let parent = json_of(
        o.post(
            "/api/v1/cases",
            &json!({"kind": "problem", "category": "energy", "title": "园区用电负荷不足"}),
        )
        .await,
    )
    .await;
    let pn = parent["number"].as_str().unwrap().to_string();
    let child = json_of(
        o.post(
            "/api/v1/cases",
            &json!({"kind": "problem", "category": "energy", "title": "某企业限电", "parent": pn}),
        )
        .await,
    )
    .await;
    let cn = child["number"].as_str().unwrap().to_string();
    for (n, d) in [(&pn, "供电公司"), (&cn, "供电公司")] {
        act(&o, n, json!({"action": "dispatch", "department": d})).await;
        act(&o, n, json!({"action": "acknowledge"})).await;
        act(&o, n, json!({"action": "resolve"})).await;
    }
    let r = act(&o, &pn, json!({"action": "close"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "the item under it is still open");
    assert_eq!(act(&o, &cn, json!({"action": "close"})).await.status(), StatusCode::OK);
    assert_eq!(act(&o, &pn, json!({"action": "close"})).await.status(), StatusCode::OK);

    let r = o
        .post(
            "/api/v1/cases",
            &json!({"kind": "wish", "category": "weather", "title": " ", "received_on": "2026-02-30"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in ["kind", "category", "title", "received_on"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let r = act(&o, &pn, json!({"action": "fly"})).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "action");
}

#[tokio::test]
async fn the_dashboard_counts_by_division_and_category_and_the_ledger_exports_one_row_per_case() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu", "320102").await;
    let qinhuai = app.officer("qinhuai", "320104").await;
    let nanjing_leader = app.api_user("nj_leader", "leader", Some("320100"), None).await;
    let gulou_leader = app.api_user("gl_leader", "leader", Some("320106"), None).await;
    let file = |api: &Api, category: &str, received: &str| {
        let api = api.clone();
        let body = json!({"kind": "demand", "category": category, "title": "t", "received_on": received});
        async move {
            json_of(api.post("/api/v1/cases", &body).await).await["number"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    // Xuanwu: one demand solved on time and rated 4, one overdue. Qinhuai: one open, not dispatched.
    let a = file(&xuanwu, "land", "2026-09-01").await;
    act(
        &xuanwu,
        &a,
        json!({"action": "dispatch", "department": "d", "on": "2026-09-01"}),
    )
    .await;
    act(&xuanwu, &a, json!({"action": "acknowledge", "on": "2026-09-02"})).await;
    let r = act(
        &xuanwu,
        &a,
        json!({"action": "resolve", "on": "2026-09-08", "result": "ok"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let b = file(&xuanwu, "labour", "2026-09-01").await;
    act(
        &xuanwu,
        &b,
        json!({"action": "dispatch", "department": "d", "on": "2026-09-01"}),
    )
    .await;
    file(&qinhuai, "land", "2026-11-02").await;
    // Confirmation by the enterprise is not possible without one: the officer closes instead.
    act(&xuanwu, &a, json!({"action": "close"})).await;

    let d = json_of(nanjing_leader.get("/api/v1/cases/dashboard").await).await;
    assert_eq!(d["total"]["open"], 2);
    assert_eq!(d["total"]["finished"], 1);
    assert_eq!(d["total"]["overdue"], 1);
    assert_eq!(d["total"]["on_time_rate"], 1.0);
    // Received 1 Sept, resolved 8 Sept: 5 working days.
    assert_eq!(d["total"]["avg_days"], 5.0);
    let divisions: Vec<(&str, i64, i64)> = d["by_division"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap(),
                r["open"].as_i64().unwrap(),
                r["overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(divisions, [("320102", 1, 1), ("320104", 1, 0)]);
    let land = d["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "land")
        .unwrap();
    assert_eq!((land["open"].as_i64(), land["finished"].as_i64()), (Some(1), Some(1)));
    assert_eq!(d["supervision"][0]["number"], b.as_str());
    // A sibling district's leader sees none of it.
    let g = json_of(gulou_leader.get("/api/v1/cases/dashboard").await).await;
    assert_eq!(g["total"]["open"], 0);
    assert!(g["by_division"].as_array().unwrap().is_empty());
    assert!(g["supervision"].as_array().unwrap().is_empty());

    // The ledger export: one row per case in scope, with its deadlines.
    let r = xuanwu.get("/api/v1/cases/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let table = kaifang_exchange::read_table(&r.bytes().await.unwrap(), "cases.xlsx", None).unwrap();
    assert_eq!(table.rows.len(), 2, "Xuanwu's two cases, not Qinhuai's");
    let due = table.column("办结时限").unwrap();
    let number = table.column("编号").unwrap();
    let row_b = table.rows.iter().find(|r| r.get(number) == b).unwrap();
    // Dispatched 1 September + 15 working days; Sunday 20 September is a make-up working day.
    assert_eq!(row_b.get(due), "2026-09-21");
}

#[tokio::test]
async fn a_city_sets_its_own_time_limits_which_its_counties_use_and_a_neighbouring_city_does_not() {
    let app = spawn_app().await;
    let nj_admin = app.api_user("nj_admin", "admin", Some("320100"), None).await;
    let xuanwu = app.officer("xuanwu", "320102").await;
    let wuzhong = app.officer("wuzhong", "320506").await;
    let limits = json!({"kind": "demand", "category": "land", "acknowledge_days": 1, "reply_days": 2,
        "resolve_days": 10, "extended_max_days": 20, "return_window_days": 2,
        "source": "南京市营商环境诉求办理规定（示例）"});
    // Officers do not set limits; bad figures name their field.
    assert_eq!(
        xuanwu.put("/api/v1/cases/time-limits", &limits).await.status(),
        StatusCode::FORBIDDEN
    );
    let mut bad = limits.clone();
    bad["resolve_days"] = json!(1);
    let r = nj_admin.put("/api/v1/cases/time-limits", &bad).await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "resolve_days");
    let mut complaint = limits.clone();
    complaint["kind"] = json!("complaint");
    let r = nj_admin.put("/api/v1/cases/time-limits", &complaint).await;
    assert_eq!(
        json_of(r).await["fields"][0]["field"],
        "kind",
        "complaint limits are national law"
    );
    assert_eq!(
        nj_admin.put("/api/v1/cases/time-limits", &limits).await.status(),
        StatusCode::OK
    );

    let dispatch = |api: Api, category: &'static str| async move {
        let c = json_of(
            api.post(
                "/api/v1/cases",
                &json!({"kind": "demand", "category": category, "title": "t", "received_on": "2026-11-02"}),
            )
            .await,
        )
        .await;
        let n = c["number"].as_str().unwrap().to_string();
        json_of(
            act(
                &api,
                &n,
                json!({"action": "dispatch", "department": "d", "on": "2026-11-02"}),
            )
            .await,
        )
        .await
    };
    // Xuanwu is in Nanjing: land demands resolve in 10 working days (2 Nov → 16 Nov).
    let c = dispatch(xuanwu.clone(), "land").await;
    assert_eq!(c["resolve_due"], "2026-11-16");
    assert_eq!(c["ledger"][1]["detail"]["limits_set_by"], "320100");
    // Other categories in Nanjing, and Suzhou's Wuzhong, keep the national default of 15.
    assert_eq!(dispatch(xuanwu.clone(), "labour").await["resolve_due"], "2026-11-23");
    assert_eq!(dispatch(wuzhong.clone(), "land").await["resolve_due"], "2026-11-23");
    let rows = json_of(xuanwu.get("/api/v1/cases/time-limits").await).await;
    let divisions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["division"].as_str().unwrap())
        .collect();
    assert_eq!(divisions, ["320100", "000000", "000000"]);
}

#[tokio::test]
async fn a_case_is_assigned_to_an_officer_of_the_handling_division_and_appears_in_their_own_list() {
    let app = spawn_app().await;
    let chief = app.officer("xw_chief", "320102").await;
    let clerk = app.officer("xw_clerk", "320102").await;
    app.officer("qh_clerk", "320104").await;
    let c = json_of(
        chief
            .post(
                "/api/v1/cases",
                &json!({"kind": "demand", "category": "finance", "title": "贷款贴息"}),
            )
            .await,
    )
    .await;
    let n = c["number"].as_str().unwrap().to_string();
    // Someone of another county cannot be made responsible.
    let r = act(
        &chief,
        &n,
        json!({"action": "dispatch", "department": "金融办", "assignee": "qh_clerk"}),
    )
    .await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "assignee");
    let c = json_of(
        act(
            &chief,
            &n,
            json!({"action": "dispatch", "department": "金融办", "assignee": "xw_clerk"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["assignee"], "xw_clerk");
    let mine = json_of(clerk.get("/api/v1/cases?assignee=me").await).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(
        json_of(chief.get("/api/v1/cases?assignee=me").await)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Escalation hands the case to the city without an officer.
    let c = json_of(act(&chief, &n, json!({"action": "escalate", "reason": "需市级协调"})).await).await;
    assert_eq!(c["assignee"], serde_json::Value::Null);
}

#[tokio::test]
async fn the_national_dashboard_sums_provinces_from_the_roll_up_and_a_rebuild_gives_the_same_figures() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu", "320102").await;
    let nanshan = app.officer("nanshan", "440305").await;
    let national = app.api_user("gov_leader", "leader", Some("000000"), None).await;
    let guangdong = app.api_user("gd_leader", "leader", Some("440000"), None).await;
    let file = |api: &Api, kind: &str, received: &str| {
        let api = api.clone();
        let body = json!({"kind": kind, "category": "land", "title": "t", "received_on": received});
        async move {
            json_of(api.post("/api/v1/cases", &body).await).await["number"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let a = file(&xuanwu, "demand", "2026-09-01").await;
    act(
        &xuanwu,
        &a,
        json!({"action": "dispatch", "department": "d", "on": "2026-09-01"}),
    )
    .await;
    let b = file(&xuanwu, "problem", "2026-11-02").await;
    act(&xuanwu, &b, json!({"action": "withdraw", "reason": "企业已自行解决"})).await;
    let c = file(&nanshan, "demand", "2026-11-02").await;
    file(&nanshan, "problem", "2026-11-03").await;
    act(
        &nanshan,
        &c,
        json!({"action": "dispatch", "department": "d", "on": "2026-11-02"}),
    )
    .await;
    act(&nanshan, &c, json!({"action": "acknowledge", "on": "2026-11-03"})).await;
    act(
        &nanshan,
        &c,
        json!({"action": "resolve", "on": "2026-11-04", "result": "ok"}),
    )
    .await;
    act(&nanshan, &c, json!({"action": "close"})).await;

    let d = json_of(national.get("/api/v1/cases/dashboard").await).await;
    let provinces: Vec<(&str, i64, i64, i64)> = d["by_division"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap(),
                r["open"].as_i64().unwrap(),
                r["finished"].as_i64().unwrap(),
                r["overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(provinces, [("320000", 1, 1, 1), ("440000", 1, 1, 0)]);
    assert_eq!(
        (d["total"]["open"].as_i64(), d["total"]["finished"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(d["total"]["on_time_rate"], 1.0);
    // The province's own view (from the county rows) agrees with its national roll-up row.
    let g = json_of(guangdong.get("/api/v1/cases/dashboard").await).await;
    assert_eq!(
        (g["total"]["open"].as_i64(), g["total"]["finished"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(g["by_division"][0]["key"], "440300");

    // Rebuilding the counts from the cases (as after a bulk load) changes nothing.
    let mut tx = app.store.begin_write().await.unwrap();
    kaifang_store::case_stats::rebuild(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let again = json_of(national.get("/api/v1/cases/dashboard").await).await;
    assert_eq!(again["by_division"], d["by_division"]);
    assert_eq!(again["by_kind"], d["by_kind"]);
    assert_eq!(again["total"], d["total"]);
    // The dashboard is reused while nothing changes, and recomputed after any case move.
    file(&nanshan, "demand", "2026-11-04").await;
    let after = json_of(national.get("/api/v1/cases/dashboard").await).await;
    assert_eq!(after["total"]["open"], 3);
}

#[tokio::test]
async fn the_ledger_lists_summaries_pages_by_id_and_filters_open_statuses_and_overdue_cases() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xuanwu", "320102").await;
    let qinhuai = app.officer("qinhuai", "320104").await;
    let mut numbers = vec![];
    for i in 0..5 {
        let c = json_of(
            xuanwu
                .post(
                    "/api/v1/cases",
                    &json!({"kind": "demand", "category": "labour", "title": format!("诉求{i}"),
                        "received_on": "2026-09-01"}),
                )
                .await,
        )
        .await;
        numbers.push(c["number"].as_str().unwrap().to_string());
    }
    // Two dispatched long ago (overdue), one of them then withdrawn; the rest submitted.
    for n in &numbers[..2] {
        act(
            &xuanwu,
            n,
            json!({"action": "dispatch", "department": "d", "on": "2026-09-01"}),
        )
        .await;
    }
    act(&xuanwu, &numbers[1], json!({"action": "withdraw", "reason": "已解决"})).await;

    // Pages of two, newest first, by the id cursor; a page has no description or ledger.
    let mut seen = vec![];
    let mut after: Option<i64> = None;
    loop {
        let q = after.map_or(String::new(), |a| format!("&after={a}"));
        let page = json_of(xuanwu.get(&format!("/api/v1/cases?limit=2{q}")).await).await;
        let items = page.as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        assert!(items[0].get("description").is_none() && items[0].get("ledger").is_none());
        seen.extend(items.iter().map(|c| c["number"].as_str().unwrap().to_string()));
        after = items.last().unwrap()["id"].as_i64();
    }
    let mut newest_first = numbers.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);

    let of = |v: serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["number"].as_str().unwrap().to_string())
            .collect()
    };
    let dispatched = of(json_of(xuanwu.get("/api/v1/cases?status=dispatched").await).await);
    assert_eq!(dispatched, [numbers[0].clone()]);
    let withdrawn = of(json_of(xuanwu.get("/api/v1/cases?status=withdrawn").await).await);
    assert_eq!(withdrawn, [numbers[1].clone()]);
    let overdue = json_of(xuanwu.get("/api/v1/cases?overdue=true").await).await;
    assert_eq!(of(overdue.clone()), [numbers[0].clone()]);
    assert_eq!(overdue[0]["clock"], "overdue");
    assert_eq!(
        of(json_of(xuanwu.get("/api/v1/cases?status=submitted").await).await).len(),
        3
    );
    // A sibling county sees none of them, whatever the filter.
    for q in ["", "?status=dispatched", "?overdue=true"] {
        assert!(of(json_of(qinhuai.get(&format!("/api/v1/cases{q}")).await).await).is_empty());
    }
}
