//! The pages, as a browser without JavaScript uses them, in both languages.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

async fn logged_in(app: &TestApp, user: &str, role: &str, division: &str) -> (Client, String) {
    app.create_user(user, role, Some(division), None).await;
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
    let home = c
        .get(app.url("/enterprises/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = home
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    (c, csrf)
}

#[tokio::test]
async fn the_login_page_works_without_javascript_and_a_wrong_password_says_so() {
    let app = spawn_app().await;
    app.create_user("li", "officer", Some("320102"), None).await;
    let c = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<form method=\"post\" action=\"/login\""));
    let r = c
        .post(app.url("/login"))
        .form(&[("username", "li"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("用户名或密码错误"));
    assert_eq!(
        c.get(app.url("/enterprises")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_officer_creates_an_enterprise_through_the_form_and_sees_field_errors_inline() {
    let app = spawn_app().await;
    let (c, csrf) = logged_in(&app, "nj", "officer", "320100").await;
    let code = uscc(5, "320102");
    let bad = c
        .post(app.url("/enterprises"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("uscc", "91320102MA1XXXXXX0"),
            ("name_zh", ""),
            ("division", "320102"),
            ("industry", "3841"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(html.contains("请填写企业中文名称"), "the missing name is named");
    assert!(html.contains("value=\"91320102MA1XXXXXX0\""), "entered values are kept");
    let ok = c
        .post(app.url("/enterprises"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("uscc", code.as_str()),
            ("name_zh", "南京表单测试有限公司"),
            ("division", "320102"),
            ("industry", "3841"),
            ("investor1_name", "表单投资（香港）有限公司"),
            ("investor1_region", "HK"),
            ("investor1_share", "100"),
            ("is_key", "true"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let detail = c
        .get(app.url(&format!("/enterprises/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        detail.contains("南京表单测试有限公司")
            && detail.contains("表单投资（香港）有限公司")
            && detail.contains("中国香港")
    );
    let list = c
        .get(app.url("/enterprises?tag=key"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("南京表单测试有限公司"));
}

#[tokio::test]
async fn every_page_renders_in_chinese_and_in_english() {
    let app = spawn_app().await;
    let (c, _) = logged_in(&app, "admin1", "admin", "320000").await;
    let api = app.officer("o", "320100").await;
    let code = uscc(9, "320102");
    api.post("/api/v1/enterprises", &enterprise(&code, "320102")).await;
    let pages = [
        "/".to_string(),
        "/enterprises".into(),
        "/enterprises/new".into(),
        format!("/enterprises/{code}"),
        format!("/enterprises/{code}/edit"),
        "/enterprises/import".into(),
        "/reference".into(),
        "/reference?tab=industries&parent=C".into(),
        "/reference?tab=regions".into(),
        "/reference?tab=zones".into(),
        "/admin/users".into(),
        "/admin/audit".into(),
        "/account/tokens".into(),
        "/account/password".into(),
        "/calendar".into(),
        "/calendar?year=2027&from=2026-09-28&days=7&to=2026-10-09".into(),
        "/cases".into(),
        "/cases?overdue=true&kind=demand".into(),
        "/cases/new".into(),
        "/cases/new?kind=complaint".into(),
        "/cases/dashboard".into(),
        "/cases/limits".into(),
        "/inbox".into(),
    ];
    for lang in ["zh", "en"] {
        let r = c.get(app.url(&format!("/lang/{lang}?back=/"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        for p in &pages {
            let r = c.get(app.url(p)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{lang} {p}");
            let html = r.text().await.unwrap();
            let marker = if lang == "en" { "lang=\"en\"" } else { "lang=\"zh-CN\"" };
            assert!(html.contains(marker), "{lang} {p}");
            assert!(!html.contains("<script src=\"http"), "no external script on {p}");
            if lang == "en" {
                assert!(html.contains("Log out"), "{p} is translated");
            } else {
                assert!(html.contains("退出"), "{p} is in Chinese");
            }
        }
    }
}

#[tokio::test]
async fn the_language_switch_refuses_to_redirect_elsewhere() {
    let app = spawn_app().await;
    let c = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c.get(app.url("/lang/en?back=//evil.example/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/");
}

#[tokio::test]
async fn a_page_for_a_record_outside_the_jurisdiction_is_not_found() {
    let app = spawn_app().await;
    let (c, _) = logged_in(&app, "xw", "officer", "320102").await;
    let api = app.officer("sz", "320500").await;
    let code = uscc(1, "320506");
    api.post("/api/v1/enterprises", &enterprise(&code, "320506")).await;
    let r = c.get(app.url(&format!("/enterprises/{code}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_password_page_refuses_mismatched_entries_and_logs_out_after_a_change() {
    let app = spawn_app().await;
    let (c, csrf) = logged_in(&app, "pw", "officer", "320102").await;
    let change = |confirm: &'static str| {
        c.post(app.url("/account/password"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("current_password", PASSWORD),
                ("new_password", "Brand-new-pass-2026"),
                ("confirm_password", confirm),
            ])
            .send()
    };
    let r = change("Brand-new-pass-2027").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("两次输入的新密码不一致"));
    let r = change("Brand-new-pass-2026").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login");
    assert_eq!(
        c.get(app.url("/enterprises")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_calendar_page_computes_a_deadline_and_a_national_admin_enters_next_year_by_form() {
    let app = spawn_app().await;
    let (c, csrf) = logged_in(&app, "nat_admin", "admin", "000000").await;
    let html = c
        .get(app.url("/calendar?year=2026&from=2026-09-28&days=7"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<strong class=\"mono\">2026-10-13</strong>"),
        "the deadline"
    );
    assert!(
        html.contains("content_7047091"),
        "the 2026 notice is named as the source"
    );
    assert!(
        html.contains("class=\"adjusted\" title=\"国庆节\">10<"),
        "the make-up Saturday is marked"
    );
    let html = c
        .get(app.url("/calendar?year=2027"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("尚未录入"), "an unpublished year says so");
    // A bad line is refused with its line number; nothing is stored.
    let r = c
        .post(app.url("/calendar/2027"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("source", "通知"),
            ("days", "2027-01-01,holiday,元旦\nnonsense"),
            ("published", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("第 2 行"));
    let r = c
        .post(app.url("/calendar/2027"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("source", "通知"),
            ("days", "2027-01-01,holiday,元旦,New Year's Day"),
            ("published", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url("/calendar?year=2027"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("尚未录入"));
    assert!(html.contains("class=\"holiday\" title=\"元旦\">1<"));
    // Without the CSRF token the form is refused.
    let r = c
        .post(app.url("/calendar/2027"))
        .form(&[("source", "x"), ("days", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
