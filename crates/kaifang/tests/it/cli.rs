//! The command line, run as a user would: the real binary against a fresh database.

use crate::helpers::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kaifang(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaifang"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .env("KAIFANG_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kaifang");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn create_user_then_token_then_the_token_works_over_http() {
    let app = spawn_app().await;
    let o = kaifang(
        &app.db_url,
        &[
            "admin",
            "create-user",
            "--username",
            "li",
            "--role",
            "officer",
            "--division",
            "320102",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = kaifang(&app.db_url, &["admin", "create-token", "--username", "li"], None);
    assert!(o.status.success(), "{}", text(&o));
    let token = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("kf_"));
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let me: serde_json::Value = r.json().await.unwrap();
    assert_eq!(me["division_name"], "江苏省 南京市 玄武区");
}

#[tokio::test]
async fn create_user_with_bad_input_names_the_fields_and_fails() {
    let app = spawn_app().await;
    let o = kaifang(
        &app.db_url,
        &[
            "admin",
            "create-user",
            "--username",
            "li",
            "--role",
            "officer",
            "--division",
            "999999",
            "--password-stdin",
        ],
        Some("weak"),
    );
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("division") && t.contains("password"), "{t}");
}

#[tokio::test]
async fn audit_verify_passes_then_names_a_tampered_entry() {
    let app = spawn_app().await;
    app.officer("nj", "320100").await;
    let o = kaifang(&app.db_url, &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("intact"));
    sqlx::query("UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 1")
        .execute(app.store.pool())
        .await
        .unwrap();
    let o = kaifang(&app.db_url, &["audit", "verify"], None);
    assert!(!o.status.success());
    assert!(text(&o).contains("entry 1"), "{}", text(&o));
}

#[tokio::test]
async fn import_enterprises_dry_run_then_commit() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.csv");
    let rows = format!(
        "统一社会信用代码,企业名称,行政区划代码,行业代码\n{},甲公司,320102,3841\n{},乙公司,320583,1391\n",
        uscc(1, "320102"),
        uscc(2, "320583")
    );
    std::fs::write(&file, rows).unwrap();
    let f = file.to_str().unwrap();
    let o = kaifang(&app.db_url, &["import", "enterprises", f, "--dry-run"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("dry run"));
    let o = kaifang(&app.db_url, &["import", "enterprises", f], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("2 new"), "{}", text(&o));
    let p = kaifang::commands::cli_principal();
    let page = kaifang_service::enterprises::list(&app.store, &p, &Default::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    std::fs::write(
        &file,
        "统一社会信用代码,企业名称,行政区划代码,行业代码\nbad,丙,320102,3841\n",
    )
    .unwrap();
    let o = kaifang(&app.db_url, &["import", "enterprises", f], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("row      2"), "{}", text(&o));
}

#[tokio::test]
async fn calendar_add_working_days_prints_the_date_and_says_when_it_is_provisional() {
    let (db, _dir) = fresh_database().await;
    let o = kaifang(&db, &["calendar", "add-working-days", "2026-09-28", "7"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2026-10-13");
    let o = kaifang(&db, &["calendar", "add-working-days", "2026-12-28", "5"], None);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2027-01-04 provisional");
    let o = kaifang(&db, &["calendar", "add-working-days", "28/09/2026", "5"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("from:"), "{}", text(&o));
}

#[tokio::test]
async fn seed_cases_into_a_seeded_roster_then_the_clock_scan_flags_the_overdue_ones_once() {
    let (db, _dir) = fresh_database().await;
    let o = kaifang(&db, &["seed", "--cases", "10"], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("roster is empty"), "{}", text(&o));
    let o = kaifang(&db, &["seed", "--scale", "small", "--cases", "1000"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("filed 1000 cases"), "{}", text(&o));
    // More cases into the roster already there.
    let o = kaifang(&db, &["seed", "--cases", "200", "--seed", "7"], None);
    assert!(o.status.success(), "{}", text(&o));

    let store = kaifang_store::Store::open(&db, &Default::default()).await.unwrap();
    let n = |sql: &'static str| {
        let store = store.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(store.pool()).await.unwrap() }
    };
    assert_eq!(n("SELECT COUNT(*) FROM cases").await, 1200);
    assert_eq!(n("SELECT COUNT(DISTINCT number) FROM cases").await, 1200);
    assert_eq!(n("SELECT COUNT(*) FROM case_events WHERE action = 'file'").await, 1200);
    let today = kaifang_service::enterprises::today_cn().to_string();
    let overdue: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases WHERE next_due < $1
         AND status NOT IN ('closed', 'withdrawn', 'refused', 'terminated', 'paused')",
    )
    .bind(today)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert!(overdue > 0);

    // The dashboard counts were rebuilt after the bulk load.
    let p = kaifang::commands::cli_principal();
    let cals = kaifang_service::calendar::Calendars::default();
    let d = kaifang_service::cases::dashboard(&store, &cals, &Default::default(), &p)
        .await
        .unwrap();
    assert_eq!(d.total.open + d.total.finished, 1200);
    assert_eq!(d.total.overdue, overdue);
    let q = kaifang_service::cases::CaseQuery {
        limit: Some(500),
        ..Default::default()
    };
    assert_eq!(
        kaifang_service::cases::list(&store, &cals, &p, &q).await.unwrap().len(),
        500
    );

    let flagged = |o: &Output| -> i64 {
        let t = String::from_utf8_lossy(&o.stdout).to_string();
        let before = t.split(" cases flagged overdue").next().unwrap_or("");
        before
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("{t}"))
    };
    let o = kaifang(&db, &["cases", "scan"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(flagged(&o), overdue, "{}", text(&o));
    let o = kaifang(&db, &["cases", "scan"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(flagged(&o), 0, "the second scan finds nothing new: {}", text(&o));
    let o = kaifang(&db, &["cases", "scan", "--at", "22/11/2026"], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // Seeding and scanning kept the audit chain whole (one entry per chunk, one per scan).
    let o = kaifang(&db, &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));

    // A case filed afterwards gets the next id (the sequence follows the seeded ids).
    let input = kaifang_service::cases::CaseInput {
        kind: "demand".into(),
        category: "land".into(),
        title: "扩建用地".into(),
        division: Some("320102".into()),
        ..Default::default()
    };
    let c = kaifang_service::cases::create(&store, &cals, &p, &input).await.unwrap();
    assert!(c.case.number.ends_with("-320102-001201"), "{}", c.case.number);
}

#[tokio::test]
async fn check_answers_on_the_command_line_and_policy_list_shows_what_each_edition_lacks() {
    let app = spawn_app().await;
    let o = kaifang(
        &app.db_url,
        &[
            "check",
            "--activity",
            "增值电信业务",
            "--division",
            "310115",
            "--date",
            "2026-06-01",
            "--foreign-equity",
            "60",
            "--ftz",
            "no",
            "--format",
            "json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(a["verdict"], "restricted");
    assert_eq!(a["measures"][0]["conditions_met"], false);
    // Bad input: exit code 2 and the field named.
    let o = kaifang(
        &app.db_url,
        &[
            "check",
            "--activity",
            "x",
            "--division",
            "320102",
            "--foreign-equity",
            "140",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("foreign_equity"));
    let o = kaifang(&app.db_url, &["policy", "list"], None);
    let t = text(&o);
    assert!(
        t.contains("national-2024") && t.contains("encouraged-2025") && t.contains("incomplete"),
        "{t}"
    );
}
