//! The working-day calendar over HTTP and the command line.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_api_counts_working_days_across_national_day_2026_and_marks_unpublished_years() {
    let app = spawn_app().await;
    let api = app.officer("o", "320100").await;
    let r = json_of(
        api.get("/api/v1/calendar/add-working-days?from=2026-09-28&days=7")
            .await,
    )
    .await;
    assert_eq!(r, json!({"date": "2026-10-13", "provisional": false}));
    // 2027 has no schedule yet: weekends only, and said so.
    let r = json_of(
        api.get("/api/v1/calendar/add-working-days?from=2026-12-28&days=5")
            .await,
    )
    .await;
    assert_eq!(r, json!({"date": "2027-01-04", "provisional": true}));
    let r = json_of(
        api.get("/api/v1/calendar/working-days?from=2026-09-30&to=2026-10-09")
            .await,
    )
    .await;
    assert_eq!(r["working_days"], 2, "8 and 9 October");
    let r = json_of(api.get("/api/v1/calendar/day?date=2026-10-10").await).await;
    assert_eq!(r["working_day"], true, "the make-up Saturday");
    assert_eq!(r["listed"], "workday");
    let r = json_of(api.get("/api/v1/calendar/day?date=2026-02-17").await).await;
    assert_eq!(r["working_day"], false, "Spring Festival");
    // Bad input names the field.
    let r = api
        .get("/api/v1/calendar/add-working-days?from=2026-02-30&days=7")
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(r).await["fields"][0]["field"], "from");
    let r = api
        .get("/api/v1/calendar/add-working-days?from=2026-02-03&days=-1")
        .await;
    assert_eq!(json_of(r).await["fields"][0]["field"], "days");
    // Every seeded year names its notice.
    let years = json_of(api.get("/api/v1/calendar/years").await).await;
    let years = years.as_array().unwrap();
    assert_eq!(years.len(), 8, "2019–2026");
    assert!(
        years
            .iter()
            .all(|y| y["published"] == true && y["source"].as_str().unwrap().contains("gov.cn"))
    );
    let y2026 = years.iter().find(|y| y["year"] == 2026).unwrap();
    assert_eq!(
        y2026["days"].as_array().unwrap().len(),
        39,
        "33 days off and 6 make-up days"
    );
}

#[tokio::test]
async fn an_administrator_enters_2027_and_answers_stop_being_provisional_with_history_kept() {
    let app = spawn_app().await;
    let admin = app.api_user("nat_admin", "admin", Some("000000"), None).await;
    let officer = app.officer("o", "320100").await;
    // Before: 2027-01-01 (a Friday) counts as a working day, provisionally.
    let r = json_of(
        officer
            .get("/api/v1/calendar/add-working-days?from=2026-12-30&days=2")
            .await,
    )
    .await;
    assert_eq!(r, json!({"date": "2027-01-01", "provisional": true}));

    let draft = json!({"published": false, "source": "国务院办公厅关于2027年部分节假日安排的通知（草稿）",
        "days": [{"date": "2027-01-01", "kind": "holiday", "name_zh": "元旦", "name_en": "New Year's Day"}]});
    let r = admin.put("/api/v1/calendar/years/2027", &draft).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = json_of(
        officer
            .get("/api/v1/calendar/add-working-days?from=2026-12-30&days=2")
            .await,
    )
    .await;
    assert_eq!(
        r,
        json!({"date": "2027-01-04", "provisional": true}),
        "listed, but still a draft"
    );

    let published = json!({"published": true, "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "days": [{"date": "2027-01-01", "kind": "holiday", "name_zh": "元旦"},
                 {"date": "2027-01-02", "kind": "holiday", "name_zh": "元旦"}]});
    assert_eq!(
        admin.put("/api/v1/calendar/years/2027", &published).await.status(),
        StatusCode::OK
    );
    let r = json_of(
        officer
            .get("/api/v1/calendar/add-working-days?from=2026-12-30&days=2")
            .await,
    )
    .await;
    assert_eq!(r, json!({"date": "2027-01-04", "provisional": false}));

    // Both changes are audited; the correction keeps the draft as its "before".
    let audit = json_of(admin.get("/api/v1/audit?action=calendar_year_set").await).await;
    let entries = audit.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let newest = &entries[0];
    assert!(newest["before"]["year"]["source"].as_str().unwrap().contains("草稿"));
    assert_eq!(newest["after"]["days"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_bad_schedule_is_refused_whole_naming_each_field_and_only_national_admins_may_edit() {
    let app = spawn_app().await;
    let admin = app.api_user("nat_admin", "admin", Some("000000"), None).await;
    let bad = json!({"published": true, "source": "",
        "days": [{"date": "2027-01-01", "kind": "holiday", "name_zh": "元旦"},
                 {"date": "2027-02-30", "kind": "holiday", "name_zh": "春节"},
                 {"date": "2027-02-06", "kind": "weekend", "name_zh": "春节"},
                 {"date": "2027-01-01", "kind": "holiday", "name_zh": ""}]});
    let r = admin.put("/api/v1/calendar/years/2027", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "source",
        "days[1].date",
        "days[2].kind",
        "days[3].name_zh",
        "days[3].date",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let years = json_of(admin.get("/api/v1/calendar/years").await).await;
    assert!(
        years.as_array().unwrap().iter().all(|y| y["year"] != 2027),
        "nothing written"
    );

    // A day another notice already lists.
    let clash = json!({"published": true, "source": "notice",
        "days": [{"date": "2026-10-01", "kind": "holiday", "name_zh": "国庆节"}]});
    let r = admin.put("/api/v1/calendar/years/2027", &clash).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(r).await["fields"][0]["field"], "days[0].date");

    let ok = json!({"published": true, "source": "notice", "days": []});
    let province_admin = app.api_user("js_admin", "admin", Some("320000"), None).await;
    assert_eq!(
        province_admin.put("/api/v1/calendar/years/2027", &ok).await.status(),
        StatusCode::FORBIDDEN
    );
    let officer = app.officer("o", "000000").await;
    assert_eq!(
        officer.put("/api/v1/calendar/years/2027", &ok).await.status(),
        StatusCode::FORBIDDEN
    );
}
