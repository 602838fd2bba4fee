//! The project pages as a browser without JavaScript uses them: registration by
//! form, stage moves, tranches, the task force, the service log and factor
//! approvals by form, each refused form coming back with its messages; the
//! ledger in both languages; a sibling county sees nothing, a leader reads.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

/// Posts a form that must succeed: 303 back to the project's page.
async fn post_ok(c: &Client, app: &TestApp, csrf: &str, path: &str, number: &str, fields: &[(&str, &str)]) {
    let r = post(c, app, csrf, path, fields).await;
    let status = r.status();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    assert_eq!(status, StatusCode::SEE_OTHER, "{path}: {}", r.text().await.unwrap());
    assert_eq!(
        location.as_deref(),
        Some(format!("/projects/{number}").as_str()),
        "{path}"
    );
}

/// The registration form of a battery project in Xuanwu, in the lead stage.
fn registration(name: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", name),
        ("division", "320102"),
        ("industry", "3841"),
        ("project_type", "new"),
        ("investor1_name", "Muster Batterie GmbH"),
        ("investor1_region", "DE"),
        ("investor2_name", ""),
        ("investor2_region", ""),
        ("lead_source", "fair"),
        ("key_level", "none"),
        ("stage", "lead"),
        ("lead_on", "2026-01-10"),
        // 71,234,000.00 CNY at 7.1234 = 10,000,000.00 USD.
        ("total_amount", "71234000"),
        ("total_currency", "CNY"),
        ("total_rate", "7.1234"),
        ("total_rate_on", "2026-01-10"),
        ("contracted_amount", ""),
        ("land_mu", "12.5"),
        ("expected_output", "100000000"),
        ("expected_tax", "5000000"),
        ("jobs", "300"),
    ]
}

/// Registers a project by form; returns its number.
async fn register(c: &Client, app: &TestApp, csrf: &str, name: &'static str) -> String {
    let r = post(c, app, csrf, "/projects", &registration(name)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/projects/XM-2026-320102-"), "{location}");
    location.trim_start_matches("/projects/").to_string()
}

#[tokio::test]
async fn an_officer_registers_a_project_by_form_signs_it_and_records_its_money_task_force_log_and_approvals() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let html = page(&c, &app, "/projects").await;
    assert!(html.contains("href=\"/projects/new\""), "officers may register");
    assert!(
        html.contains("href=\"/projects\" class=\"active\""),
        "the nav link is there"
    );
    let html = page(&c, &app, "/projects/new").await;
    assert!(html.contains("name=\"total_currency\"") && html.contains("<option value=\"EUR\""));

    let number = register(&c, &app, &csrf, "年产 5GWh 动力电池项目").await;
    let path = format!("/projects/{number}");
    let html = page(&c, &app, &path).await;
    assert!(html.contains("年产 5GWh 动力电池项目") && html.contains("线索"));
    assert!(html.contains("10,000,000.00 USD"), "the total in dollars");
    assert!(
        html.contains("8,000,000.00") && html.contains("400,000.00"),
        "output and tax per mu"
    );
    assert!(
        html.contains(
            "action=\"/projects/{number}/stage\""
                .replace("{number}", &number)
                .as_str()
        )
    );
    assert!(html.contains("签约后方可登记实际使用外资"), "no tranche before signing");

    // Talks, then signing: without the contracted amount the form comes back with the field's message.
    let stage = format!("{path}/stage");
    post_ok(
        &c,
        &app,
        &csrf,
        &stage,
        &number,
        &[("to", "talks"), ("on", "2026-02-01"), ("evidence", "首轮洽谈纪要")],
    )
    .await;
    let signing = [
        ("to", "signed"),
        ("on", "2026-03-15"),
        ("evidence", "投资协议 2026-017"),
        ("contracted_currency", "EUR"),
        ("contracted_rate", "0.92"),
        ("signing_mode", "cloud"),
    ];
    let r = post(&c, &app, &csrf, &stage, &signing).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("合同外资金额: 进入签约阶段须填写此项"),
        "the field is named with its message"
    );
    assert!(html.contains("投资协议 2026-017"), "what was typed is kept");
    assert!(
        html.contains("<span class=\"tag stage-talks\">在谈</span>"),
        "the stage did not move"
    );
    let mut signing = signing.to_vec();
    signing.push(("contracted_amount", "92,000,000"));
    post_ok(&c, &app, &csrf, &stage, &number, &signing).await;
    let html = page(&c, &app, &path).await;
    assert!(html.contains("92,000,000.00 EUR") && html.contains("100,000,000.00 USD"));
    assert!(html.contains("云签约"));

    // Two tranches; the second is voided with a reason and stays listed, struck through.
    let tranches = format!("{path}/tranches");
    post_ok(
        &c,
        &app,
        &csrf,
        &tranches,
        &number,
        &[
            ("received_on", "2026-04-01"),
            ("amount", "30000000"),
            ("currency", "USD"),
        ],
    )
    .await;
    post_ok(
        &c,
        &app,
        &csrf,
        &tranches,
        &number,
        &[
            ("received_on", "2026-06-30"),
            ("amount", "71234000"),
            ("currency", "CNY"),
            ("rate", "7.1234"),
        ],
    )
    .await;
    let detail = json_of(
        app.officer("xw_api", "320102")
            .await
            .get(&format!("/api/v1/projects/{number}"))
            .await,
    )
    .await;
    assert_eq!(detail["utilised_fdi_usd"], "40000000.00");
    let wrong = detail["tranches"][1]["id"].as_i64().unwrap();
    let void = format!("{path}/tranches/{wrong}/void");
    let r = post(&c, &app, &csrf, &void, &[("reason", " ")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("请写明作废原因"));
    post_ok(&c, &app, &csrf, &void, &number, &[("reason", "重复录入")]).await;
    let html = page(&c, &app, &path).await;
    assert!(html.contains("<del>71,234,000.00 CNY</del>") && html.contains("重复录入"));
    assert!(html.contains("合计 30,000,000.00 USD"));

    // The task force: a lead official and a member; the service log.
    let team = format!("{path}/team");
    post_ok(
        &c,
        &app,
        &csrf,
        &team,
        &number,
        &[("role", "lead"), ("name", "张副区长"), ("department", "玄武区人民政府")],
    )
    .await;
    let r = post(&c, &app, &csrf, &team, &[("role", "member"), ("name", "王工")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("所在部门: 请填写所在部门"));
    post_ok(
        &c,
        &app,
        &csrf,
        &team,
        &number,
        &[
            ("role", "member"),
            ("name", "王工"),
            ("department", "区自然资源和规划分局"),
        ],
    )
    .await;
    post_ok(
        &c,
        &app,
        &csrf,
        &format!("{path}/log"),
        &number,
        &[
            ("kind", "visit"),
            ("on", "2026-06-01"),
            ("participants", "区商务局、企业总经理"),
            ("outcome", "确认二期用地需求"),
        ],
    )
    .await;

    // A blocked land approval files a problem case, linked from the page.
    post_ok(
        &c,
        &app,
        &csrf,
        &format!("{path}/approvals"),
        &number,
        &[
            ("kind", "land"),
            ("department", "区自然资源和规划分局"),
            ("started_on", "2026-04-01"),
            ("due_days", "20"),
            ("status", "blocked"),
            ("problem", "二期 50 亩用地指标未落实"),
        ],
    )
    .await;
    let html = page(&c, &app, &path).await;
    assert!(html.contains("张副区长") && html.contains("王工") && html.contains("确认二期用地需求"));
    assert!(html.contains("2026-04-30") && html.contains("受阻") && html.contains("已超期"));
    assert!(html.contains("href=\"/cases/WT-"), "the problem case is linked");

    // The ledger lists it with its stage in Chinese, and in English with the switch.
    let html = page(&c, &app, "/projects").await;
    assert!(html.contains(&number) && html.contains("年产 5GWh 动力电池项目"));
    assert!(html.contains("<span class=\"tag stage-signed\">签约</span>"));
    assert!(html.contains("100,000,000.00") && html.contains("30,000,000.00") && html.contains("张副区长"));
    let html = page(&c, &app, "/projects?stage=talks").await;
    assert!(!html.contains(&number), "the stage filter applies");
    let html = page(&c, &app, "/projects?stage=signed&source_region=DE&industry=C").await;
    assert!(html.contains(&number));
    let r = c.get(app.url("/lang/en?back=/projects")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&c, &app, "/projects").await;
    assert!(html.contains("Project ledger") && html.contains("<span class=\"tag stage-signed\">Signed</span>"));
    let html = page(&c, &app, &path).await;
    assert!(html.contains("Utilised FDI") && html.contains("Task force") && html.contains("Blocked"));
    assert!(
        !html.contains("project.f.") && !html.contains("project.hint."),
        "every label is translated"
    );
}

#[tokio::test]
async fn a_registration_with_a_bad_amount_comes_back_with_the_field_named_and_writes_nothing() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let mut form = registration("坏金额项目");
    for f in form.iter_mut() {
        if f.0 == "total_amount" {
            f.1 = "71,234,000.x";
        }
    }
    let r = post(&c, &app, &csrf, "/projects", &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("总投资金额: 金额格式不正确"), "the field is named");
    assert!(html.contains("field has-error"), "and marked");
    assert!(
        html.contains("value=\"坏金额项目\"") && html.contains("value=\"71,234,000.x\""),
        "values are kept"
    );
    let html = page(&c, &app, "/projects").await;
    assert!(html.contains("没有符合条件的项目"), "nothing was written");
    // The same in English names the field in English.
    c.get(app.url("/lang/en?back=/projects")).send().await.unwrap();
    let r = post(&c, &app, &csrf, "/projects", &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Total investment amount: not an amount")
    );
}

#[tokio::test]
async fn an_illegal_stage_move_by_form_shows_the_allowed_stages_and_changes_nothing() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = register(&c, &app, &csrf, "跳级项目").await;
    let path = format!("/projects/{number}");
    let r = post(
        &c,
        &app,
        &csrf,
        &format!("{path}/stage"),
        &[("to", "signed"), ("on", "2026-02-01")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("当前阶段不允许此变更"));
    assert!(
        html.contains("当前可变更为：在谈、暂停、终止"),
        "the allowed stages are listed"
    );
    let html = page(&c, &app, &path).await;
    assert!(
        html.contains("<span class=\"tag stage-lead\">线索</span>"),
        "still a lead"
    );
    // Pausing needs its reason.
    let r = post(&c, &app, &csrf, &format!("{path}/stage"), &[("to", "paused")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("暂停或终止须写明原因和依据"));
}

#[tokio::test]
async fn an_officer_edits_the_record_by_form_and_a_stale_version_is_refused() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = register(&c, &app, &csrf, "待修改项目").await;
    let edit = format!("/projects/{number}/edit");
    let html = page(&c, &app, &edit).await;
    assert!(html.contains("value=\"待修改项目\"") && html.contains("value=\"71234000.00\""));
    assert!(html.contains("name=\"version\" value=\"1\""));
    assert!(!html.contains("name=\"stage\""), "the stage is not edited here");
    let mut form = registration("已修改项目");
    form.retain(|f| f.0 != "stage");
    form.push(("version", "1"));
    form.push(("publishable", "true"));
    post_ok(&c, &app, &csrf, &edit, &number, &form).await;
    let html = page(&c, &app, &format!("/projects/{number}")).await;
    assert!(html.contains("已修改项目"));
    // The same form again carries the version seen before the change.
    let r = post(&c, &app, &csrf, &edit, &form).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("项目信息已被他人修改"));
}

#[tokio::test]
async fn a_project_overdue_for_an_update_is_listed_for_supervision_above_the_ledger() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = register(&c, &app, &csrf, "久未更新项目").await;
    let html = page(&c, &app, "/projects").await;
    assert!(!html.contains("督办清单"), "nothing to supervise yet");
    sqlx::query("UPDATE projects SET last_update_on = '2026-01-01', stale_on = '2026-01-31' WHERE number = $1")
        .bind(&number)
        .execute(app.store.pool())
        .await
        .unwrap();
    let html = page(&c, &app, "/projects").await;
    assert!(html.contains("督办清单") && html.contains("逾期未更新"));
    let html = page(&c, &app, "/projects?stale=true").await;
    assert!(html.contains(&number));
}

#[tokio::test]
async fn a_sibling_countys_officer_gets_not_found_and_an_empty_ledger() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = register(&c, &app, &csrf, "玄武区项目").await;
    let (q, q_csrf) = browser_of(&app, "qh", "officer", "320104").await;
    let r = q.get(app.url(&format!("/projects/{number}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = post(
        &q,
        &app,
        &q_csrf,
        &format!("/projects/{number}/stage"),
        &[("to", "talks")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = page(&q, &app, "/projects").await;
    assert!(!html.contains(&number) && html.contains("没有符合条件的项目"));
}

#[tokio::test]
async fn a_leader_reads_the_project_page_without_the_forms() {
    let app = spawn_app().await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = register(&c, &app, &csrf, "领导查看项目").await;
    let (l, l_csrf) = browser_of(&app, "nj_leader", "leader", "320100").await;
    let path = format!("/projects/{number}");
    let html = page(&l, &app, &path).await;
    assert!(html.contains("领导查看项目") && html.contains("10,000,000.00 USD"));
    for action in ["stage", "tranches", "team", "log", "approvals", "edit"] {
        assert!(
            !html.contains(&format!("{path}/{action}\"")),
            "no {action} form or link"
        );
    }
    let html = page(&l, &app, "/projects").await;
    assert!(html.contains(&number) && !html.contains("href=\"/projects/new\""));
    let r = l.get(app.url("/projects/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(&l, &app, &l_csrf, &format!("{path}/stage"), &[("to", "talks")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_dashboard_page_draws_its_charts_and_the_ledger_goes_out_and_back_in_by_file() {
    let app = spawn_app().await;
    let api = app.officer("dash_api", "320102").await;
    let body = serde_json::json!({"name": "看板项目", "division": "320102", "industry": "3841",
        "investors": [{"name": "Muster AG", "region": "DE"}], "stage": "signed", "talks_on": "2026-02-01",
        "signed_on": "2026-03-01", "contracted_amount": "20000000", "contracted_currency": "USD",
        "land_mu": "20", "expected_output": "60000000", "lead_on": "2026-01-10"});
    assert_eq!(api.post("/api/v1/projects", &body).await.status(), StatusCode::CREATED);
    let (c, csrf) = browser_of(&app, "dash_web", "officer", "320102").await;

    let html = page(&c, &app, "/projects/dashboard").await;
    assert!(html.contains("<svg"), "server-drawn charts");
    assert!(html.contains("重大项目看板"));
    assert!(html.contains("2,000"), "contracted capital in units of USD 10,000");
    assert!(html.contains("3000000.00"), "output per mu");
    c.get(app.url("/lang/en?back=/projects/dashboard"))
        .send()
        .await
        .unwrap();
    let html = page(&c, &app, "/projects/dashboard").await;
    assert!(html.contains("Major-project dashboard"));
    assert!(html.contains("Signed"));

    // Export, then the same file through the import page: preview, then commit; nothing changes.
    let r = c.get(app.url("/projects/export.xlsx")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("projects.xlsx"),
    );
    let r = c
        .post(app.url(&format!("/projects/import?_csrf={csrf}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("Unchanged"), "the preview names what each row would do");
    let commit = html
        .split("action=\"/projects/import/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a commit form after a clean preview")
        .to_string();
    let r = post(&c, &app, &csrf, &format!("/projects/import/{commit}"), &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Import complete"));

    // A leader reads the dashboard but has no import page; administrators set the update period.
    let (l, _) = browser_of(&app, "dash_leader", "leader", "320100").await;
    assert_eq!(
        l.get(app.url("/projects/dashboard")).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        l.get(app.url("/projects/import")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let (adm, adm_csrf) = browser_of(&app, "dash_admin", "admin", "320102").await;
    let r = post(&adm, &app, &adm_csrf, "/projects/update-rules", &[("days", "0")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(
        &adm,
        &app,
        &adm_csrf,
        "/projects/update-rules",
        &[("days", "14"), ("source", "区通知")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&adm, &app, "/projects/dashboard").await;
    assert!(html.contains("区通知"));
}
