//! The monitoring pages (运行监测) as a browser without JavaScript uses them: a campaign made
//! from the resumption template by form and opened, its coverage with the division and the
//! enterprises not yet answered, the 409 of reporting below target, a proxy answer by form
//! (refused with the indicator named, then saved, corrected and found in the ledger .xlsx),
//! the import of a sheet, the public one-time link without login (spent after one answer), a
//! sibling division kept out, and the English labels.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::json;

/// Today in China, and the monthly period it falls in.
fn today() -> (time::Date, String) {
    let d = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap())
        .date();
    let period = format!("{:04}-{:02}", d.year(), u8::from(d.month()));
    (d, period)
}

/// Three enterprises of Nanjing: two in Xuanwu (320102), one in Qinhuai (320104), with liaisons.
async fn roster(app: &TestApp) -> Vec<String> {
    let api = app.officer("roster", "320100").await;
    let mut codes = vec![];
    for (n, division) in [(1, "320102"), (2, "320102"), (3, "320104")] {
        let code = uscc(n, division);
        let mut e = enterprise(&code, division);
        e["liaison_name"] = json!(format!("联络员{n}"));
        e["liaison_phone"] = json!(format!("025-8456000{n}"));
        let r = api.post("/api/v1/enterprises", &e).await;
        assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
        codes.push(code);
    }
    codes
}

/// Creates a resumption campaign owned by `division` through the form and opens it; returns its number.
async fn open_campaign(c: &Client, app: &TestApp, csrf: &str, division: &str) -> String {
    let (d, _) = today();
    let (opens, closes) = (d.to_string(), (d + time::Duration::days(90)).to_string());
    let r = post(
        c,
        app,
        csrf,
        "/campaigns",
        &[
            ("title", "外资企业复工复产监测"),
            ("template", "resumption_2020"),
            ("period_kind", ""),
            ("opens_on", &opens),
            ("closes_on", &closes),
            ("coverage_target", "95"),
            ("division", division),
            ("industry", ""),
            ("suppliers_of", ""),
            ("source_region", ""),
            ("description", "按月摸清复工进度"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/campaigns/JC-"), "{location}");
    let number = location.trim_start_matches("/campaigns/").to_string();
    let r = post(c, app, csrf, &format!("/campaigns/{number}/open"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    number
}

/// The answers of a resumed enterprise, with `capacity` as its capacity utilisation.
fn answers(capacity: &str) -> Vec<(&str, &str)> {
    vec![
        ("resumed", "yes"),
        ("resumption_pct", "100"),
        ("staff_total", "250"),
        ("staff_returned", "200"),
        ("staff_return_rate", "80"),
        ("capacity_utilisation", capacity),
        ("turnover", "1,500.5"),
        ("orders", "flat"),
        ("labour_shortage", "no"),
        ("problems", ""),
    ]
}

#[tokio::test]
async fn an_officer_creates_a_campaign_from_the_resumption_template_by_form_opens_it_and_chases_coverage() {
    let app = spawn_app().await;
    let codes = roster(&app).await;
    let (c, csrf) = browser_of(&app, "nj", "officer", "320100").await;
    let html = page(&c, &app, "/campaigns").await;
    assert!(
        html.contains("href=\"/campaigns\" class=\"active\">运行监测</a>"),
        "the nav link"
    );
    assert!(html.contains("href=\"/campaigns/new\""), "officers may create");
    let html = page(&c, &app, "/campaigns/new").await;
    assert!(html.contains("<option value=\"resumption_2020\"") && html.contains("复工复产监测"));

    // A form without title or dates comes back with the fields named and what was typed kept.
    let r = post(
        &c,
        &app,
        &csrf,
        "/campaigns",
        &[
            ("title", ""),
            ("template", "resumption_2020"),
            ("description", "草稿说明"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("活动名称: 请填写活动名称"), "the title is named");
    assert!(html.contains("开始日期: 必填") && html.contains("草稿说明"));

    let number = open_campaign(&c, &app, &csrf, "320100").await;
    let html = page(&c, &app, &format!("/campaigns/{number}")).await;
    assert!(html.contains("外资企业复工复产监测") && html.contains("填报中"));
    assert!(
        html.contains("关于应对疫情进一步改革开放做好稳外资工作的通知"),
        "the template's source is cited"
    );
    assert!(
        html.contains(kaifang_domain::monitoring::RULES_NOTE_ZH),
        "thresholds are said to be defaults"
    );
    assert!(html.contains("产能利用率低于50%") && html.contains("员工返岗率"));
    assert!(
        html.contains("<dd>3</dd>"),
        "the three enterprises of Nanjing are asked"
    );
    let r = post(&c, &app, &csrf, &format!("/campaigns/{number}/open"), &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "an open campaign is not opened twice");
    assert!(r.text().await.unwrap().contains("活动未能开始"));

    // Coverage per county, the unanswered with their liaison, and the chase.
    let (_, period) = today();
    let html = page(&c, &app, &format!("/campaigns/{number}/coverage")).await;
    assert!(html.contains("玄武区") && html.contains("秦淮区"), "one row per county");
    assert!(html.contains("<tr class=\"below\">"), "below target is marked");
    assert!(
        html.contains("<svg") && html.contains("各地区填报覆盖率"),
        "the chart is drawn"
    );
    assert!(html.contains(&codes[0]) && html.contains("联络员1") && html.contains("025-84560001"));
    assert!(html.contains(&format!("<option value=\"{period}\" selected")));
    let r = post(
        &c,
        &app,
        &csrf,
        &format!("/campaigns/{number}/report"),
        &[("period", &period)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("覆盖率未达到目标，本期不能报告完成"),
        "the refusal is a message on the page"
    );
    assert!(
        html.contains("0 of 3") && html.contains("玄武区"),
        "with the figures, on the coverage page"
    );
    let r = post(
        &c,
        &app,
        &csrf,
        &format!("/campaigns/{number}/remind"),
        &[("period", &period)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("已提醒未填报企业 3"), "{html}");
    assert!(html.contains("填报提醒"), "the round is recorded");
    let r = post(
        &c,
        &app,
        &csrf,
        &format!("/campaigns/{number}/escalate"),
        &[("period", &period)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("已预警："));
    let html = page(&c, &app, "/inbox").await;
    assert!(
        html.contains("<span class=\"tag inbox-campaign_escalation\">覆盖率预警</span>"),
        "the escalation reaches the prefecture's officers, named in the inbox"
    );
    // A leader reads the coverage and the ledger but has no forms to chase with.
    let (leader, _) = browser_of(&app, "boss", "leader", "320100").await;
    let html = page(&leader, &app, &format!("/campaigns/{number}/coverage")).await;
    assert!(html.contains("玄武区") && html.contains("ledger.xlsx"));
    assert!(!html.contains("/remind\"") && !html.contains("/links\""));
    assert!(
        !html.contains(&format!("/campaigns/{number}/answer")),
        "leaders do not answer"
    );
    let r = leader.get(app.url("/campaigns/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = page(&c, &app, "/campaigns").await;
    assert!(html.contains(&format!("href=\"/campaigns/{number}\"")));
}

#[tokio::test]
async fn an_officers_proxy_answer_by_form_is_refused_naming_the_indicator_then_saved_corrected_and_in_the_ledger() {
    let app = spawn_app().await;
    let codes = roster(&app).await;
    let (c, csrf) = browser_of(&app, "nj", "officer", "320100").await;
    let number = open_campaign(&c, &app, &csrf, "320100").await;
    let (_, period) = today();
    let path = format!("/campaigns/{number}/answer");
    let html = page(&c, &app, &format!("{path}?enterprise={}&period={period}", codes[0])).await;
    assert!(html.contains("name=\"capacity_utilisation\"") && html.contains("name=\"enterprise\""));

    let mut bad = answers("很高");
    bad.push(("enterprise", &codes[0]));
    bad.push(("period", &period));
    let r = post(&c, &app, &csrf, &path, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("产能利用率（%）: “产能利用率”应为数字"),
        "the indicator is named"
    );
    assert!(
        html.contains("value=\"很高\"") && html.contains("value=\"1,500.5\""),
        "what was typed is kept"
    );

    let mut good = answers("85");
    good.push(("enterprise", &codes[0]));
    good.push(("period", &period));
    let r = post(&c, &app, &csrf, &path, &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.contains("saved=1") && location.contains(&codes[0]),
        "{location}"
    );
    let html = page(&c, &app, &location).await;
    assert!(html.contains("已保存") && html.contains("版次 1") && html.contains("代填（电话）"));
    assert!(html.contains("<dd>85%</dd>") && html.contains("<dd>持平</dd>"));

    good[5] = ("capacity_utilisation", "40");
    let r = post(&c, &app, &csrf, &path, &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&c, &app, r.headers()["location"].to_str().unwrap()).await;
    assert!(
        html.contains("版次 2") && html.contains("历史版本"),
        "the correction keeps the first answer"
    );
    assert!(html.contains("产能利用率（%）: 85%"), "the earlier revision's answers");
    assert!(html.contains("产能利用率低于50%"), "the low capacity raised its alert");

    // The work ledger: the answer is there, the others are still missing.
    let r = c
        .get(app.url(&format!("/campaigns/{number}/ledger.xlsx?period={period}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let table = kaifang_exchange::read_table(&bytes, "ledger.xlsx", None).unwrap();
    let col = |h: &str| table.headers.iter().position(|x| x == h).unwrap();
    let (code, status) = (col("统一社会信用代码"), col("填报状态"));
    let row = table.rows.iter().find(|r| r.get(code) == codes[0]).unwrap();
    assert_eq!(row.get(status), "已填报");
    assert_eq!(row.get(col("修改次数")), "1");
    let other = table.rows.iter().find(|r| r.get(code) == codes[1]).unwrap();
    assert_eq!(other.get(status), "未填报");
    assert_eq!(table.rows.len(), 3);

    let html = page(&c, &app, &format!("/campaigns/{number}/coverage?period={period}")).await;
    assert!(html.contains("<div class=\"n\">1</div>"), "one answered");
    assert!(
        !html.contains(&format!("<td class=\"mono\">{}</td>", codes[0])),
        "no longer unanswered"
    );
    let html = page(
        &c,
        &app,
        &format!("/campaigns/{number}/analysis?period={period}&indicator=capacity_utilisation"),
    )
    .await;
    assert!(html.contains("<td class=\"num\">40%</td>"), "the mean capacity");
    assert!(
        html.contains("按企业规模") && html.contains("统计上大中小微型企业划分办法"),
        "the size source is cited"
    );
    assert!(html.contains("小型"), "250 staff is a small enterprise");
}

#[tokio::test]
async fn answers_collected_offline_are_imported_after_a_dry_run() {
    let app = spawn_app().await;
    let codes = roster(&app).await;
    let (c, csrf) = browser_of(&app, "nj", "officer", "320100").await;
    let number = open_campaign(&c, &app, &csrf, "320100").await;
    let (_, period) = today();
    let html = page(&c, &app, &format!("/campaigns/{number}/import")).await;
    assert!(html.contains("enctype=\"multipart/form-data\""));
    let r = c
        .get(app.url(&format!("/campaigns/{number}/template.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = format!(
        "统一社会信用代码,resumed,resumption_pct,staff_return_rate,capacity_utilisation,turnover\n{},是,100,90,75,800\n{},否,20,30,10,100\n",
        codes[1], codes[2]
    );
    let upload = |body: String| {
        let form = reqwest::multipart::Form::new().text("period", period.clone()).part(
            "file",
            reqwest::multipart::Part::bytes(body.into_bytes()).file_name("answers.csv"),
        );
        c.post(app.url(&format!("/campaigns/{number}/import?_csrf={csrf}")))
            .multipart(form)
            .send()
    };
    let bad = upload(csv.replace(",75,", ",七十五,")).await.unwrap();
    assert_eq!(bad.status(), StatusCode::OK);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("文件有问题") && html.contains("应为数字"),
        "the bad cell is reported"
    );
    assert!(!html.contains("/commit"), "no commit of a bad file");

    let html = upload(csv).await.unwrap().text().await.unwrap();
    assert!(html.contains("检查通过") && html.contains("新填报"));
    let commit = html
        .split("action=\"")
        .find(|s| s.contains("/commit\""))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = post(&c, &app, &csrf, &commit, &[("period", &period)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("导入完成"));
    let html = page(&c, &app, &format!("/campaigns/{number}/coverage?period={period}")).await;
    assert!(html.contains("<div class=\"n\">2</div>"), "two answered by the import");
    let r = post(&c, &app, &csrf, &commit, &[("period", &period)]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "an upload is committed once");
}

#[tokio::test]
async fn a_one_time_link_works_without_login_and_a_second_answer_gets_the_neutral_not_found_page() {
    let app = spawn_app().await;
    let codes = roster(&app).await;
    let (c, csrf) = browser_of(&app, "nj", "officer", "320100").await;
    let number = open_campaign(&c, &app, &csrf, "320100").await;
    let (_, period) = today();
    let r = post(
        &c,
        &app,
        &csrf,
        &format!("/campaigns/{number}/links"),
        &[("period", &period), ("days", "7"), ("enterprises", &codes[2])],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("已生成链接 1") && html.contains("链接只显示这一次"));
    let link = html
        .split("<code class=\"token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(link.starts_with("/r/") && link.len() == 3 + 64, "{link}");
    let r = post(
        &c,
        &app,
        &csrf,
        &format!("/campaigns/{number}/links"),
        &[("period", &period), ("days", "90")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("有效天数: 有效期为 1 至 60 天"));

    // No session, no CSRF token: the token in the URL is the secret.
    let anon = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = anon.get(app.url(&link)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("外资企业复工复产监测") && html.contains(&period));
    assert!(
        html.contains(&format!("测试企业{}", &codes[2][10..14])),
        "the enterprise's name"
    );
    assert!(html.contains("name=\"capacity_utilisation\"") && !html.contains("name=\"_csrf\""));
    let r = anon.post(app.url(&link)).form(&answers("150%%")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a bad answer does not spend the link"
    );
    assert!(r.text().await.unwrap().contains("“产能利用率”"));
    let r = anon.post(app.url(&link)).form(&answers("60")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("已收到，谢谢"));

    let again = anon.post(app.url(&link)).form(&answers("70")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let spent = again.text().await.unwrap();
    assert!(spent.contains("链接无效或已过期"));
    let unknown = anon
        .get(app.url(&format!("/r/{}", "ab".repeat(32))))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let unknown = unknown.text().await.unwrap();
    let neutral = |html: &str| html.split("<main id=\"main\">").nth(1).unwrap().to_string();
    assert_eq!(
        neutral(&spent),
        neutral(&unknown),
        "nothing tells a spent link from an unknown one"
    );
    assert_eq!(
        anon.get(app.url(&link)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    let html = page(
        &c,
        &app,
        &format!("/campaigns/{number}/answer?enterprise={}&period={period}", codes[2]),
    )
    .await;
    assert!(
        html.contains("一次性链接") && html.contains("<dd>60%</dd>"),
        "the link's answer is on record"
    );
}

#[tokio::test]
async fn a_sibling_divisions_officer_cannot_see_the_campaign_and_an_enterprise_answers_for_itself() {
    let app = spawn_app().await;
    let codes = roster(&app).await;
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = open_campaign(&c, &app, &csrf, "320102").await;
    let html = page(&c, &app, &format!("/campaigns/{number}/coverage")).await;
    assert!(
        html.contains(&codes[0]) && !html.contains(&codes[2]),
        "only Xuanwu's enterprises"
    );

    let (qh, _) = browser_of(&app, "qh", "officer", "320104").await;
    for p in ["", "/coverage", "/analysis", "/answer", "/ledger.xlsx"] {
        let r = qh
            .get(app.url(&format!("/campaigns/{number}{p}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{p}");
    }
    assert!(!page(&qh, &app, "/campaigns").await.contains(&number));

    // An enterprise account of Xuanwu answers for itself; it sees no coverage.
    app.create_user("firm", "enterprise", None, Some(&codes[0])).await;
    let firm = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = firm
        .post(app.url("/login"))
        .form(&[("username", "firm"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&firm, &app, "/campaigns").await;
    assert!(html.contains(&number), "a targeted enterprise sees the campaign");
    let csrf = html
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let html = page(&firm, &app, &format!("/campaigns/{number}/answer")).await;
    assert!(
        !html.contains("name=\"enterprise\""),
        "an enterprise answers only for itself"
    );
    let r = post(
        &firm,
        &app,
        &csrf,
        &format!("/campaigns/{number}/answer"),
        &answers("90"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&firm, &app, r.headers()["location"].to_str().unwrap()).await;
    assert!(html.contains("企业自报") && html.contains("<dd>90%</dd>"));
    let r = firm
        .get(app.url(&format!("/campaigns/{number}/coverage")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_monitoring_pages_switch_to_english_labels() {
    let app = spawn_app().await;
    roster(&app).await;
    let (c, csrf) = browser_of(&app, "nj", "officer", "320100").await;
    let number = open_campaign(&c, &app, &csrf, "320100").await;
    let r = c.get(app.url("/lang/en?back=/campaigns")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&c, &app, "/campaigns").await;
    assert!(html.contains("lang=\"en\"") && html.contains("Monitoring campaigns") && html.contains(">Monitoring</a>"));
    let html = page(&c, &app, &format!("/campaigns/{number}")).await;
    assert!(html.contains("Indicators") && html.contains("Capacity utilisation") && html.contains("Monthly"));
    // Askama writes an apostrophe as &#39;.
    let escaped = |s: &str| s.replace('\'', "&#39;");
    assert!(html.contains(&escaped(kaifang_domain::monitoring::RULES_NOTE_EN)));
    assert!(html.contains(&escaped("The English is this project's translation")));
    let html = page(&c, &app, &format!("/campaigns/{number}/coverage")).await;
    assert!(
        html.contains("Coverage by division") && html.contains("Not yet answered") && html.contains("Send reminders")
    );
    let html = page(&c, &app, &format!("/campaigns/{number}/analysis")).await;
    assert!(
        html.contains("Indicator figures")
            && html.contains("By size")
            && html.contains("National Bureau of Statistics")
    );
    let html = page(&c, &app, &format!("/campaigns/{number}/answer")).await;
    assert!(html.contains(&escaped("Enterprise's credit code")));
    assert!(html.contains("Staff return rate"));
    let html = page(&c, &app, "/campaigns/new").await;
    assert!(html.contains("New campaign") && html.contains("Resumption of work monitoring"));
}

#[tokio::test]
async fn the_unanswered_list_is_paged_by_fifty() {
    let app = spawn_app().await;
    let api = app.officer("roster", "320102").await;
    for n in 0..52 {
        let r = api
            .post("/api/v1/enterprises", &enterprise(&uscc(100 + n, "320102"), "320102"))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let (c, csrf) = browser_of(&app, "xw", "officer", "320102").await;
    let number = open_campaign(&c, &app, &csrf, "320102").await;
    let rows = |html: &str| html.matches("/answer?period=").count();
    let html = page(&c, &app, &format!("/campaigns/{number}/coverage")).await;
    assert_eq!(rows(&html), 50);
    let next = html
        .split("href=\"")
        .find(|s| s.contains("&amp;after="))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let html = page(&c, &app, &next).await;
    assert_eq!(rows(&html), 2, "the rest on the second page");
    assert!(html.contains("第一页") && !html.contains("&amp;after="));
}
