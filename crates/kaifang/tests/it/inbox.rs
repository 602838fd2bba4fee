//! The background worker and the inbox: reminders before due dates, overdue
//! flags in the ledger, notices of moves; never the same reminder twice, even
//! with two workers running at once.

use std::time::Duration;

use crate::helpers::*;
use kaifang_service::calendar::Calendars;
use kaifang_service::worker;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn file_and_dispatch(api: &Api, title: &str, on: &str) -> String {
    let c = json_of(
        api.post(
            "/api/v1/cases",
            &json!({"kind": "problem", "category": "labour", "title": title, "received_on": on}),
        )
        .await,
    )
    .await;
    let number = c["number"].as_str().unwrap().to_string();
    let r = api
        .post(
            &format!("/api/v1/cases/{number}/actions"),
            &json!({"action": "dispatch", "department": "人社局", "on": on}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    number
}

async fn inbox(api: &Api) -> Value {
    json_of(api.get("/api/v1/inbox?limit=200").await).await
}

#[tokio::test]
async fn two_workers_scanning_at_once_deliver_each_reminder_exactly_once() {
    let app = spawn_with(|s| s.worker_interval_secs = 0).await;
    let officer = app.officer("xuanwu", "320102").await;
    let officer2 = app.officer("xuanwu2", "320102").await;
    let leader = app.api_user("xw_leader", "leader", Some("320102"), None).await;
    let sibling = app.officer("qinhuai", "320104").await;
    // Overdue: dispatched long ago, its acknowledgement deadline passed.
    let late = file_and_dispatch(&officer, "返岗率偏低", "2026-09-01").await;
    // Due soon: dispatched today, signing for it is due tomorrow (1 working day).
    let today = kaifang_service::enterprises::today_cn().to_string();
    let soon = file_and_dispatch(&officer, "招工难", &today).await;

    let cals = Calendars::default();
    let start = time::OffsetDateTime::now_utc();
    let interval = Duration::from_secs(60);
    // Five rounds; in each, two workers race for the scan at a moment it is due again.
    let mut ran = 0;
    for round in 0..5i64 {
        let now = start + time::Duration::seconds(61 * round);
        let (a, b) = tokio::join!(
            worker::tick(&app.store, &cals, "worker-a", now, interval),
            worker::tick(&app.store, &cals, "worker-b", now, interval),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.is_none() || b.is_none(), "round {round}: both workers ran the scan");
        ran += usize::from(a.is_some()) + usize::from(b.is_some());
    }
    assert_eq!(ran, 5, "the scan ran once per round");

    // Each officer of the division: one overdue notice and one due-soon reminder; the leader one
    // overdue notice; the sibling county nothing.
    for api in [&officer, &officer2] {
        let items = inbox(api).await;
        let mut got: Vec<(String, String)> = items["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "overdue" || n["kind"] == "due_soon")
            .map(|n| {
                (
                    n["kind"].as_str().unwrap().to_string(),
                    n["case_number"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("due_soon".to_string(), soon.clone()),
                ("overdue".to_string(), late.clone())
            ]
        );
    }
    let l = inbox(&leader).await;
    let kinds: Vec<&str> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["overdue"]);
    assert_eq!(inbox(&sibling).await["unread"], 0);

    // The overdue case carries one ledger entry for its missed deadline.
    let c = json_of(officer.get(&format!("/api/v1/cases/{late}")).await).await;
    let flags = c["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "overdue")
        .count();
    assert_eq!(flags, 1);
    assert_eq!(c["ledger"].as_array().unwrap().last().unwrap()["actor"], "system");

    // Marking read.
    let before = inbox(&officer).await["unread"].as_i64().unwrap();
    assert!(before >= 2);
    let id = inbox(&officer).await["items"][0]["id"].as_i64().unwrap();
    let r = json_of(officer.post("/api/v1/inbox/read", &json!({"id": id})).await).await;
    assert_eq!(r["marked"], 1);
    assert_eq!(inbox(&officer).await["unread"], before - 1);
    // Another user cannot mark someone else's notice.
    let r = json_of(sibling.post("/api/v1/inbox/read", &json!({"id": id})).await).await;
    assert_eq!(r["marked"], 0);
    officer.post("/api/v1/inbox/read", &json!({})).await;
    assert_eq!(inbox(&officer).await["unread"], 0);
}

#[tokio::test]
async fn the_running_app_scans_on_its_own_and_moves_reach_the_enterprise_and_the_officers() {
    let app = spawn_with(|s| s.worker_interval_secs = 1).await;
    let officer = app.officer("xuanwu", "320102").await;
    let code = uscc(61, "320102");
    officer.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let ent = app.api_user("ent", "enterprise", None, Some(&code)).await;
    let leader = app.api_user("xw_leader", "leader", Some("320102"), None).await;
    let late = file_and_dispatch(&officer, "用工备案", "2026-09-01").await;

    // The app's own worker flags the overdue case within a few scans.
    let mut seen = false;
    for _ in 0..100 {
        let items = inbox(&officer).await;
        if items["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "overdue" && n["case_number"] == late.as_str())
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the worker never flagged the overdue case");

    // The enterprise files; the division's officers hear of it.
    let c = json_of(
        ent.post(
            "/api/v1/cases",
            &json!({"kind": "complaint", "category": "finance", "title": "外汇登记受阻",
            "complaint_type": "environment"}),
        )
        .await,
    )
    .await;
    let number = c["number"].as_str().unwrap().to_string();
    let o = inbox(&officer).await;
    assert!(
        o["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "file" && n["case_number"] == number.as_str())
    );
    // A request for materials reaches the enterprise with its deadline; a supervision notice the officers.
    let c = json_of(
        officer
            .post(
                &format!("/api/v1/cases/{number}/actions"),
                &json!({"action": "request_materials", "items": ["evidence"]}),
            )
            .await,
    )
    .await;
    let e = inbox(&ent).await;
    assert_eq!(e["items"][0]["kind"], "request_materials");
    assert_eq!(e["items"][0]["due_on"], c["materials_due"]);
    leader
        .post(
            &format!("/api/v1/cases/{number}/actions"),
            &json!({"action": "supervise", "reason": "请加快办理"}),
        )
        .await;
    let o = inbox(&officer).await;
    assert_eq!(o["items"][0]["kind"], "supervise");
    assert_eq!(o["items"][0]["case_number"], number.as_str());
}

#[tokio::test]
async fn a_case_is_flagged_once_per_missed_deadline_and_again_when_its_next_deadline_passes() {
    let app = spawn_app().await;
    let officer = app.officer("xuanwu", "320102").await;
    let sibling = app.officer("qinhuai", "320104").await;
    // Dispatched 1 September: signing for it was due 2 September.
    let late = file_and_dispatch(&officer, "社保缴费基数", "2026-09-01").await;
    let cals = Calendars::default();
    let now = time::OffsetDateTime::now_utc();
    let overdue_entries = || async {
        let c = json_of(officer.get(&format!("/api/v1/cases/{late}")).await).await;
        c["ledger"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "overdue")
            .map(|e| e["detail"]["next_due"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let first = worker::clock_scan(&app.store, &cals, now).await.unwrap();
    assert_eq!(first.overdue_flags, 1);
    assert_eq!(
        worker::clock_scan(&app.store, &cals, now).await.unwrap().overdue_flags,
        0
    );
    assert_eq!(overdue_entries().await, ["2026-09-02"]);

    // Signed for late; the reply deadline (3 working days later) has passed too: a new flag.
    act(&officer, &late, json!({"action": "acknowledge", "on": "2026-09-03"})).await;
    let c = json_of(officer.get(&format!("/api/v1/cases/{late}")).await).await;
    let reply_due = c["next_due"].as_str().unwrap().to_string();
    assert_eq!(reply_due, "2026-09-04", "reply due 3 working days after dispatch");
    assert_eq!(
        worker::clock_scan(&app.store, &cals, now).await.unwrap().overdue_flags,
        1
    );
    assert_eq!(
        worker::clock_scan(&app.store, &cals, now).await.unwrap().overdue_flags,
        0
    );
    assert_eq!(overdue_entries().await, ["2026-09-02", reply_due.as_str()]);

    // Paused cases are not flagged, and a sibling county hears of none of it.
    let paused = file_and_dispatch(&officer, "待补充材料", "2026-09-01").await;
    act(&officer, &paused, json!({"action": "acknowledge", "on": "2026-09-02"})).await;
    let r = act(
        &officer,
        &paused,
        json!({"action": "pause", "on": "2026-09-03", "reason": "等待企业补充材料"}),
    )
    .await;
    assert_eq!(json_of(r).await["status"], "paused");
    assert_eq!(
        worker::clock_scan(&app.store, &cals, now).await.unwrap().overdue_flags,
        0
    );
    assert_eq!(inbox(&sibling).await["unread"], 0);
}
