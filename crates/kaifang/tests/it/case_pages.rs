//! The case pages as a browser without JavaScript uses them: filing by form,
//! moves by form, attachments by multipart upload, the dashboard's SVG charts,
//! the inbox, the Excel export; both languages; a sibling division sees nothing.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

async fn browser_of(
    app: &TestApp,
    user: &str,
    role: &str,
    division: Option<&str>,
    ent: Option<&str>,
) -> (Client, String) {
    app.create_user(user, role, division, ent).await;
    let c = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[("username", user), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = c.get(app.url("/inbox")).send().await.unwrap().text().await.unwrap();
    let csrf = page
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    (c, csrf)
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn an_officer_files_a_complaint_by_form_requests_materials_attaches_a_file_and_accepts_it() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", Some("320102"), None).await;
    let form = |extra: &[(&'static str, &'static str)]| {
        let mut f = vec![
            ("_csrf", csrf.clone()),
            ("kind", "complaint".to_string()),
            ("category", "approvals".to_string()),
            ("title", "施工许可久拖不决".to_string()),
            ("channel", "letter".to_string()),
            ("complainant", "Example Investments Ltd".to_string()),
            ("received_on", "2026-11-02".to_string()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };
    // Missing complaint type: the form comes back with the field named.
    let r = c.post(app.url("/cases")).form(&form(&[])).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("complaint_type"), "the field is named");
    assert!(html.contains("施工许可久拖不决"), "what was typed is kept");

    let r = c
        .post(app.url("/cases"))
        .form(&form(&[
            ("complaint_type", "infringement"),
            ("respondent", "某区住建局"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = location(&r);
    assert!(loc.starts_with("/cases/TS-2026-320102-"), "{loc}");
    let number = loc.trim_start_matches("/cases/").split('?').next().unwrap().to_string();
    let html = c.get(app.url(&loc)).send().await.unwrap().text().await.unwrap();
    // Received Monday 2 November: notice and decision due 7 working days later.
    assert!(html.contains("2026-11-11"), "the intake deadline is shown");
    assert!(html.contains("一次性告知补正材料"), "the materials notice is offered");
    assert!(!html.contains("value=\"dispatch\""), "demands' moves are not offered");

    // The one notice, by checkboxes.
    let r = c
        .post(app.url(&format!("/cases/{number}/actions")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("action", "request_materials"),
            ("items", "evidence"),
            ("items", "identity"),
            ("on", "2026-11-04"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url(&format!("/cases/{number}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("待补正材料"));
    assert!(html.contains("证据材料"));
    // A move the state does not allow: the page says what is allowed now.
    let r = c
        .post(app.url(&format!("/cases/{number}/actions")))
        .form(&[("_csrf", csrf.as_str()), ("action", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("材料已补正"));

    // An attachment by multipart form; a wrong type is refused with the field named.
    let upload = |name: &'static str, bytes: &'static [u8]| {
        reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name))
            .text("confidential", "1")
    };
    let url = app.url(&format!("/cases/{number}/attachments?_csrf={csrf}"));
    let r = c.post(&url).multipart(upload("x.pdf", b"GIF89a")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("file"));
    let r = c
        .post(&url)
        .multipart(upload("letter.pdf", b"%PDF-1.7 letter"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url(&format!("/cases/{number}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("letter.pdf") && html.contains("保密"));

    for (action, on) in [("supplement", "2026-11-09"), ("accept", "2026-11-10")] {
        let r = c
            .post(app.url(&format!("/cases/{number}/actions")))
            .form(&[("_csrf", csrf.as_str()), ("action", action), ("on", on)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{action}");
    }
    let html = c
        .get(app.url(&format!("/cases/{number}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("已受理"));

    // The ledger lists it, the export has it, the dashboard draws it.
    let html = c
        .get(app.url("/cases?kind=complaint"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&number));
    let r = c
        .get(app.url("/cases/export.xlsx?kind=complaint"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = kaifang_exchange::read_table(&r.bytes().await.unwrap(), "c.xlsx", None).unwrap();
    assert_eq!(t.rows.len(), 1);
    let html = c
        .get(app.url("/cases/dashboard"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<svg") && html.contains("320102"), "a chart by division");

    // A sibling district sees nothing of it.
    let (q, _) = browser_of(&app, "qh", "officer", Some("320104"), None).await;
    let r = q.get(app.url(&format!("/cases/{number}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = q.get(app.url("/cases")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains(&number));
}

#[tokio::test]
async fn an_enterprise_files_a_demand_by_form_and_reads_the_answer_in_its_inbox() {
    let app = spawn_app().await;
    let officer = app.officer("xw_api", "320102").await;
    let code = uscc(71, "320102");
    officer.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let (e, csrf) = browser_of(&app, "ent", "enterprise", None, Some(&code)).await;
    let html = e.get(app.url("/cases/new")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("name=\"enterprise\""), "an enterprise files for itself");
    let r = e
        .post(app.url("/cases"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "demand"),
            ("category", "entry_exit"),
            ("title", "外籍技术人员签证办理"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let number = location(&r)
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let path = format!("/api/v1/cases/{number}/actions");
    officer
        .post(
            &path,
            &serde_json::json!({"action": "dispatch", "department": "出入境管理"}),
        )
        .await;
    officer.post(&path, &serde_json::json!({"action": "reply"})).await;
    let html = e.get(app.url("/inbox")).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains(&number) && html.contains("答复"),
        "the reply reached the enterprise"
    );
    // The enterprise's case page offers withdrawal, not the officers' moves.
    let html = e
        .get(app.url(&format!("/cases/{number}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("value=\"withdraw\""));
    assert!(!html.contains("value=\"resolve\""));
    // Mark everything read.
    let r = e
        .post(app.url("/inbox/read"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = e.get(app.url("/inbox")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(">0 条未读") || html.contains("0 条未读"));
}

#[tokio::test]
async fn the_demo_data_shows_cases_at_every_stage_on_the_dashboard() {
    let app = spawn_app().await;
    let summary = kaifang::demo::load(&app.store).await.unwrap().unwrap();
    assert!(summary.contains("demo cases"), "{summary}");
    let (c, _) = app.browser("nj_leader", kaifang::demo::DEMO_PASSWORD).await;
    let d: serde_json::Value = c
        .get(app.url("/api/v1/cases/dashboard"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = &d["total"];
    assert!(total["open"].as_i64().unwrap() >= 10, "{d}");
    assert!(total["overdue"].as_i64().unwrap() >= 2, "{d}");
    assert!(total["finished"].as_i64().unwrap() >= 4, "{d}");
    assert_eq!(total["satisfaction"], 5.0, "the demo enterprise rated its case");
    // Nanjing's two demo districts, each with its cases; Suzhou's are not Nanjing's business.
    let keys: Vec<&str> = d["by_division"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["320102", "320115"]);
    // The escalated demands now wait at the city.
    let list: serde_json::Value = c
        .get(app.url("/api/v1/cases?owner=320100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_city_administrator_sets_time_limits_by_form() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "nj_admin", "admin", Some("320100"), None).await;
    let form = |resolve: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("kind", "demand".into()),
            ("category", "land".into()),
            ("acknowledge_days", "1".into()),
            ("reply_days", "3".into()),
            ("resolve_days", resolve.into()),
            ("extended_max_days", "20".into()),
            ("return_window_days", "2".into()),
            ("source", "宁商发〔2026〕示例号".into()),
        ]
    };
    let r = c.post(app.url("/cases/limits")).form(&form("2")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("resolve_days"));
    let r = c.post(app.url("/cases/limits")).form(&form("10")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url("/cases/limits"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("宁商发〔2026〕示例号") && html.contains("320100"));
    // An officer sees the limits but no form.
    let (o, _) = browser_of(&app, "nj_officer", "officer", Some("320100"), None).await;
    let html = o
        .get(app.url("/cases/limits"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("宁商发〔2026〕示例号") && !html.contains("name=\"resolve_days\""));
}

#[tokio::test]
async fn an_enterprise_files_a_complaint_with_its_materials_in_one_form_and_a_bad_file_files_nothing() {
    let app = spawn_app().await;
    let officer = app.officer("xw_api", "320102").await;
    let code = uscc(73, "320102");
    officer.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let (e, csrf) = browser_of(&app, "ent", "enterprise", None, Some(&code)).await;
    let html = e.get(app.url("/cases/new")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("name=\"files\""));
    let form = |files: Vec<(&'static str, &'static [u8])>| {
        let mut f = reqwest::multipart::Form::new()
            .text("kind", "complaint")
            .text("category", "approvals")
            .text("title", "施工许可久拖不决")
            .text("complaint_type", "infringement")
            .text("respondent", "某区住建局")
            .text("files_confidential", "1");
        for (name, bytes) in files {
            f = f.part("files", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name));
        }
        f
    };
    let url = app.url(&format!("/cases?_csrf={csrf}"));
    // One file is not what its name says: nothing is filed, and the file is named.
    let r = e
        .post(&url)
        .multipart(form(vec![("申请书.pdf", b"%PDF-1.7 ok"), ("营业执照.png", b"GIF89a")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("营业执照.png"));
    let mine = json_of(officer.get("/api/v1/cases?kind=complaint").await).await;
    assert!(mine.as_array().unwrap().is_empty(), "no case was filed");
    // Both files right: one case, both attached, marked confidential.
    let r = e
        .post(&url)
        .multipart(form(vec![
            ("申请书.pdf", b"%PDF-1.7 ok"),
            ("营业执照.png", b"\x89PNG\r\n\x1a\nrest"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let number = location(&r)
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let c = json_of(officer.get(&format!("/api/v1/cases/{number}")).await).await;
    let names: Vec<(&str, bool)> = c["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["filename"].as_str().unwrap(), a["confidential"].as_bool().unwrap()))
        .collect();
    assert_eq!(names, [("申请书.pdf", true), ("营业执照.png", true)]);
}
