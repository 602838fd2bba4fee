//! Roster import: dry run, all-or-nothing commit, re-import by credit code, broken files.

use crate::helpers::*;
use serde_json::Value;

const HEADER: &str =
    "统一社会信用代码,企业名称,行政区划代码,行业代码,投资方1名称,投资方1国别（地区）,投资方1持股比例(%)";

fn csv(rows: &[String]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    s.push('\n');
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

/// Each row's investor is named after it: a re-import that paired a record with another's
/// investors would count it as updated.
fn row(n: u32, division: &str) -> String {
    format!(
        "{},导入测试企业{n}有限公司,{division},3841,香港某某{n}号投资有限公司,HK 中国香港,100",
        uscc(n, division)
    )
}

async fn import(api: &Api, bytes: Vec<u8>, name: &str, dry_run: bool) -> Value {
    let r = api
        .post_bytes(
            &format!("/api/v1/enterprises/import?filename={name}&dry_run={dry_run}"),
            bytes,
        )
        .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn count(api: &Api) -> usize {
    let v: Value = api.get("/api/v1/enterprises?limit=200").await.json().await.unwrap();
    v["items"].as_array().unwrap().len()
}

fn errors(report: &Value) -> Vec<(u64, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_clean_file_is_checked_then_committed_and_reimporting_updates_instead_of_duplicating() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let rows: Vec<String> = (0..20)
        .map(|n| row(n, if n % 2 == 0 { "320102" } else { "320115" }))
        .collect();
    let dry = import(&api, csv(&rows), "a.csv", true).await;
    assert_eq!(
        (
            dry["rows"].as_u64(),
            dry["created"].as_u64(),
            dry["committed"].as_bool()
        ),
        (Some(20), Some(20), Some(false))
    );
    assert_eq!(count(&api).await, 0, "a dry run writes nothing");
    let done = import(&api, csv(&rows), "a.csv", false).await;
    assert_eq!(done["committed"], true);
    assert_eq!(count(&api).await, 20);
    let mut changed = rows.clone();
    changed[3] = changed[3].replace("导入测试企业3有限公司", "导入测试企业3（更名）有限公司");
    let again = import(&api, csv(&changed), "a.csv", false).await;
    assert_eq!(
        (
            again["created"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(19))
    );
    assert_eq!(count(&api).await, 20);
    let e: Value = api
        .get(&format!("/api/v1/enterprises/{}", uscc(3, "320115")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(e["name_zh"], "导入测试企业3（更名）有限公司");
    assert_eq!(
        e["investors"][0]["region"], "HK",
        "drop-down values like 'HK 中国香港' keep their code"
    );
}

#[tokio::test]
async fn a_broken_file_lists_every_bad_row_and_column_and_changes_nothing() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let mut rows: Vec<String> = (0..5).map(|n| row(n, "320102")).collect();
    let mut bad_check = uscc(6, "320102");
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '0' { '1' } else { '0' });
    rows.push(format!("{bad_check},坏代码企业,320102,3841,,,"));
    rows.push(format!("{},未知区划企业,329999,3841,,,", uscc(7, "320102")));
    rows.push(row(0, "320102")); // duplicate of row 2
    rows.push(format!("{},外省企业,320506,3841,,,", uscc(8, "320506")));
    rows.push(format!("{},比例错误企业,320102,3841,某公司,HK,120", uscc(9, "320102")));
    let r = import(&api, csv(&rows), "b.csv", false).await;
    assert_eq!(r["committed"], false);
    let errs = errors(&r);
    let has = |row: u64, col: &str, code: &str| errs.iter().any(|e| e.0 == row && e.1 == col && e.2 == code);
    assert!(has(7, "统一社会信用代码", "uscc.check_digit"), "{errs:?}");
    assert!(has(8, "行政区划代码", "division.unknown"), "{errs:?}");
    assert!(has(9, "统一社会信用代码", "uscc.duplicate_row"), "{errs:?}");
    assert!(has(10, "行政区划代码", "scope.outside"), "{errs:?}");
    assert!(has(11, "投资方1持股比例(%)", "percent.range"), "{errs:?}");
    assert_eq!(count(&api).await, 0, "nothing is half-written");
}

#[tokio::test]
async fn wrong_columns_empty_files_and_garbage_are_reported_as_file_errors() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let r = import(&api, b"name,code\nx,y\n".to_vec(), "c.csv", true).await;
    let codes: Vec<String> = errors(&r).into_iter().map(|e| e.2).collect();
    assert!(
        codes.contains(&"column.unknown".to_string()) && codes.contains(&"column.missing".to_string()),
        "{codes:?}"
    );
    let r = import(&api, vec![], "d.csv", true).await;
    assert_eq!(errors(&r)[0].2, "file.empty");
    let r = import(&api, csv(&[]), "e.csv", true).await;
    assert_eq!(errors(&r)[0].2, "file.no_rows");
    let r = import(&api, b"PK\x03\x04garbage".to_vec(), "f.xlsx", true).await;
    assert_eq!(errors(&r)[0].2, "file.unreadable");
}

#[tokio::test]
async fn a_gbk_encoded_csv_from_chinese_excel_imports_correctly() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let text = String::from_utf8(csv(&[row(1, "320102"), row(2, "320115")])).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let r = import(&api, gbk.into_owned(), "gbk.csv", false).await;
    assert_eq!(r["committed"], true, "{r}");
    let e: Value = api
        .get(&format!("/api/v1/enterprises/{}", uscc(1, "320102")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(e["name_zh"], "导入测试企业1有限公司");
}

#[tokio::test]
async fn an_exported_workbook_reimports_unchanged() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let rows: Vec<String> = (0..12).map(|n| row(n, "320102")).collect();
    import(&api, csv(&rows), "g.csv", false).await;
    let r = api.get("/api/v1/enterprises/export.xlsx").await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let table = kaifang_exchange::read_table(&bytes, "export.xlsx", None).unwrap();
    assert_eq!(table.rows.len(), 12);
    let again = import(&api, bytes, "export.xlsx", false).await;
    assert_eq!(
        (again["unchanged"].as_u64(), again["errors"].as_array().unwrap().len()),
        (Some(12), 0),
        "{again}"
    );
}

#[tokio::test]
async fn the_template_offers_drop_downs_and_imports_when_filled() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let r = api.get("/api/v1/enterprises/template.xlsx").await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let table = kaifang_exchange::read_table(&bytes, "template.xlsx", None).unwrap();
    assert_eq!(table.headers[0], "统一社会信用代码");
    assert_eq!(table.headers.len(), kaifang_service::import::COLUMNS.len());
    let lists = kaifang_exchange::read_table(&bytes, "t.xlsx", Some(kaifang_exchange::LISTS_SHEET));
    assert!(
        !matches!(&lists, Err(kaifang_exchange::ReadError::Unreadable(m)) if m.contains("lists")),
        "the hidden list sheet exists: {lists:?}"
    );
    // The template with only its example row imports nothing and reports no error.
    let report = import(&api, bytes, "template.xlsx", true).await;
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
}

#[tokio::test]
async fn a_hundred_thousand_row_file_is_checked_and_its_one_bad_row_reported() {
    let app = spawn_app().await;
    let api = app.officer("js", "320000").await;
    let counties = ["320102", "320115", "320506", "320583"];
    let mut rows: Vec<String> = (0..100_000u32).map(|n| row(n, counties[n as usize % 4])).collect();
    rows[99_998] = rows[99_998].replace(",3841,", ",9999,");
    let r = import(&api, csv(&rows), "big.csv", false).await;
    assert_eq!(r["rows"], 100_000);
    let errs = errors(&r);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].0, errs[0].2.as_str()), (100_000, "industry.unknown"));
    assert_eq!(r["committed"], false);
    assert_eq!(count(&api).await, 0);
    // The write abandoned at the bad row released the database: a clean file commits at once.
    let r = import(&api, csv(&rows[..10]), "small.csv", false).await;
    assert_eq!(r["committed"], true, "{r}");
    assert_eq!(count(&api).await, 10);
}

async fn history(api: &Api, code: &str) -> Vec<Value> {
    let h: Value = api
        .get(&format!("/api/v1/enterprises/{code}/history"))
        .await
        .json()
        .await
        .unwrap();
    h.as_array().unwrap().clone()
}

fn audit_filter(object_id: &str) -> kaifang_store::audit::AuditFilter {
    kaifang_store::audit::AuditFilter {
        object_id: Some(object_id.to_string()),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_import_is_audited_per_division_and_each_record_keeps_its_own_history() {
    use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let rows: Vec<String> = (0..6)
        .map(|n| row(n, if n % 2 == 0 { "320102" } else { "320115" }))
        .collect();
    assert_eq!(import(&api, csv(&rows), "a.csv", false).await["committed"], true);
    let mut changed = rows.clone();
    changed[3] = changed[3].replace("导入测试企业3有限公司", "导入测试企业3（更名）有限公司");
    assert_eq!(import(&api, csv(&changed), "a.csv", false).await["updated"], 1);

    // Each record's history holds only its own snapshots, creation then change.
    let code = uscc(3, "320115");
    let h = history(&api, &code).await;
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(h[0]["action"], "enterprise_created");
    assert_eq!(h[0]["after"]["name_zh"], "导入测试企业3有限公司");
    assert_eq!(h[1]["action"], "enterprise_updated");
    assert_eq!(h[1]["before"]["name_zh"], "导入测试企业3有限公司");
    assert_eq!(h[1]["after"]["name_zh"], "导入测试企业3（更名）有限公司");
    let untouched = history(&api, &uscc(1, "320115")).await;
    assert_eq!(untouched.len(), 1);
    assert_eq!(untouched[0]["after"]["name_zh"], "导入测试企业1有限公司");

    // One entry per division for the creations: a county's administrator sees its own only.
    let national = kaifang_store::audit::list(&app.store, &Scope::National, &audit_filter(&code), 10)
        .await
        .unwrap();
    assert_eq!(
        national.len(),
        2,
        "the creation and the change are found by the record's code"
    );
    let created = &national[1];
    let ids = kaifang_store::audit::Batch::of(created).unwrap().objects;
    assert_eq!(ids, [uscc(1, "320115"), uscc(3, "320115"), uscc(5, "320115")]);
    assert_eq!(created.object_id, "batch:3");
    let sibling = Scope::for_division(DivisionLevel::County, "320102");
    let seen = kaifang_store::audit::list(&app.store, &sibling, &audit_filter(&code), 10)
        .await
        .unwrap();
    assert!(
        seen.is_empty(),
        "a sibling county sees nothing of 320115's records: {seen:?}"
    );
    let own = Scope::for_division(DivisionLevel::County, "320115");
    assert_eq!(
        kaifang_store::audit::list(&app.store, &own, &audit_filter(&code), 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // The list of an entry's objects is checked against the hashed entry.
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
    sqlx::query("UPDATE audit_objects SET object_id = 'forged' WHERE seq = $1 AND item = 1")
        .bind(created.seq)
        .execute(app.store.pool())
        .await
        .unwrap();
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert_eq!(v.first_broken.map(|b| b.0), Some(created.seq));
}

#[tokio::test]
async fn removing_a_record_from_the_list_of_an_import_entry_is_caught() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let rows: Vec<String> = (0..4).map(|n| row(n, "320102")).collect();
    assert_eq!(import(&api, csv(&rows), "a.csv", false).await["committed"], true);
    let seq: i64 = sqlx::query_scalar("SELECT MIN(seq) FROM audit_objects")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_objects WHERE seq = $1 AND item = 3")
        .bind(seq)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(history(&api, &uscc(3, "320102")).await.len(), 0, "the history lost it…");
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert_eq!(v.first_broken.map(|b| b.0), Some(seq), "…and verify names the entry");
}

fn bulk_write(code: &str) -> kaifang_store::enterprises::EnterpriseWrite {
    kaifang_store::enterprises::EnterpriseWrite {
        uscc: code.to_string(),
        name_zh: format!("批量写入{code}有限公司"),
        name_en: None,
        placement: kaifang_domain::jurisdiction::Placement {
            division: "320102".into(),
            province: Some("320000".into()),
            prefecture: Some("320100".into()),
            county: Some("320102".into()),
            enterprise: None,
        },
        address: None,
        industry: "3841".into(),
        industry_section: "C".into(),
        zone: None,
        established_on: None,
        capital_minor: None,
        capital_currency: None,
        controller_region: None,
        status: "operating".into(),
        deregistered_on: None,
        liaison_name: None,
        liaison_phone: None,
        is_key: false,
        supplier_of: None,
        investors: vec![kaifang_store::enterprises::InvestorRow {
            name: "香港某某投资有限公司".into(),
            region: "HK".into(),
            share_bp: Some(10_000),
        }],
    }
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.store.pool()).await.unwrap()
}

#[tokio::test]
async fn a_bulk_write_that_fails_at_its_last_row_leaves_nothing_and_ids_go_on_afterwards() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let taken = uscc(9, "320102");
    assert_eq!(
        api.post("/api/v1/enterprises", &enterprise(&taken, "320102"))
            .await
            .status(),
        201
    );
    let investors = "SELECT CAST(COUNT(*) AS BIGINT) FROM enterprise_investors";
    let before = scalar(&app, investors).await;
    let fresh = [uscc(10, "320102"), uscc(11, "320102")];
    let now = kaifang_store::now_text();
    // The last row's credit code exists: the statement fails after writing the rows before it.
    let mut tx = app.store.begin_write().await.unwrap();
    let writes = [bulk_write(&fresh[0]), bulk_write(&fresh[1]), bulk_write(&taken)];
    assert!(
        kaifang_store::enterprises::insert_many(&mut tx, writes.to_vec(), &now)
            .await
            .is_err()
    );
    drop(tx);
    assert_eq!(
        scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM enterprises").await,
        1
    );
    assert_eq!(scalar(&app, investors).await, before);
    // The next bulk write takes ids after the existing record's and commits.
    let mut tx = app.store.begin_write().await.unwrap();
    let ids = kaifang_store::enterprises::insert_many(&mut tx, writes[..2].to_vec(), &now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let first = scalar(&app, "SELECT MIN(id) FROM enterprises").await;
    assert!(ids[0] > first && ids[1] > ids[0], "{ids:?} after {first}");
    let stored: Vec<(i64, String)> = sqlx::query_as("SELECT id, uscc FROM enterprises ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    assert_eq!(stored[1..], [(ids[0], fresh[0].clone()), (ids[1], fresh[1].clone())]);
    assert_eq!(scalar(&app, investors).await, before + 2);
    let created = api
        .post("/api/v1/enterprises", &enterprise(&uscc(12, "320102"), "320102"))
        .await;
    assert_eq!(
        created.status(),
        201,
        "a single create after the bulk write finds a free id"
    );
}

#[tokio::test]
async fn a_bulk_write_of_an_odd_size_stores_each_row_once_and_its_audit_chain_verifies() {
    use kaifang_store::enterprise_bulk::{self, BulkOp};
    let app = spawn_app().await;
    // 1,239 rows: three full statements and the rest in statements of 32, 4, 2 and 1.
    let codes: Vec<String> = (100..1_339).map(|n| uscc(n, "320102")).collect();
    let ops: Vec<BulkOp> = codes
        .iter()
        .map(|c| BulkOp::Create {
            write: bulk_write(c),
            after: format!("[\"{c}\"]"),
        })
        .collect();
    let actor = kaifang_store::Actor::system("test");
    let now = kaifang_store::now_text();
    let mut tx = app.store.begin_write().await.unwrap();
    let mut stale = tx.chain();
    enterprise_bulk::write(&mut tx, &actor, ops, &["uscc"], &now)
        .await
        .unwrap();
    // Entries hashed from the head before that write would fork the chain: refused.
    stale.raw(
        &actor,
        vec![kaifang_store::RawAuditEvent {
            action: "enterprise_updated".into(),
            object_type: "enterprise".into(),
            object_id: codes[0].clone(),
            placement: bulk_write(&codes[0]).placement,
            before: None,
            after: Some("{}".into()),
        }],
    );
    let refused = tx.append(stale).await.unwrap_err().to_string();
    assert!(refused.contains("audit chain"), "{refused}");
    tx.commit().await.unwrap();
    let count = |table: &str| format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}");
    assert_eq!(scalar(&app, &count("enterprises")).await, 1_239);
    assert_eq!(
        scalar(&app, "SELECT CAST(COUNT(DISTINCT uscc) AS BIGINT) FROM enterprises").await,
        1_239
    );
    assert_eq!(scalar(&app, &count("enterprise_investors")).await, 1_239);
    assert_eq!(scalar(&app, &count("audit_objects")).await, 1_239);
    let batches = scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'enterprise_created'",
    )
    .await;
    assert_eq!(batches, 1, "one division, one action: one entry");
    let v = kaifang_store::audit::verify(&app.store).await.unwrap();
    assert_eq!(v.first_broken, None);
    let last = codes.last().unwrap();
    let listed = scalar(
        &app,
        &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_objects WHERE object_id = '{last}'"),
    )
    .await;
    assert_eq!(listed, 1);
}

#[tokio::test]
async fn a_sibling_county_cannot_take_over_a_record_by_importing_its_credit_code() {
    let app = spawn_app().await;
    let xuanwu = app.officer("xw", "320102").await;
    let jiangning = app.officer("jn", "320115").await;
    assert_eq!(
        import(&xuanwu, csv(&[row(1, "320102")]), "a.csv", false).await["committed"],
        true
    );
    // Jiangning names Xuanwu's record (moved to itself) beside a record of its own.
    let taken = row(1, "320102").replacen(",320102,", ",320115,", 1);
    let r = import(&jiangning, csv(&[row(2, "320115"), taken]), "b.csv", false).await;
    assert_eq!(r["committed"], false);
    let errs = errors(&r);
    assert!(
        errs.iter()
            .any(|e| e.0 == 3 && e.1 == "统一社会信用代码" && e.2 == "scope.outside"),
        "{errs:?}"
    );
    assert_eq!(count(&jiangning).await, 0, "nothing is written, its own row included");
    let e: Value = xuanwu
        .get(&format!("/api/v1/enterprises/{}", uscc(1, "320102")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(e["division"], "320102", "the record stays where it was");
}

/// A file with the supplier column: each row is (n, the code of the FIE it supplies, if any).
fn csv_with_suppliers(rows: &[(u32, Option<String>)]) -> Vec<u8> {
    let mut s = format!("{HEADER},重点供应商-供货企业信用代码\n");
    for (n, supplies) in rows {
        s.push_str(&format!(
            "{},{}\n",
            row(*n, "320102"),
            supplies.as_deref().unwrap_or("")
        ));
    }
    s.into_bytes()
}

#[tokio::test]
async fn a_supplied_fie_may_come_later_in_the_file_or_be_in_the_roster_and_one_that_is_nowhere_is_reported() {
    let app = spawn_app().await;
    let api = app.officer("nj", "320100").await;
    let in_roster = uscc(90_000, "320102");
    let r = import(&api, csv(&[row(90_000, "320102")]), "first.csv", false).await;
    assert_eq!(r["committed"], true, "{r}");
    // 12,000 rows: the file is read, checked and written a chunk at a time, and the FIE the
    // first row supplies is the last row, chunks later.
    let last = uscc(11_999, "320102");
    let mut rows: Vec<(u32, Option<String>)> = (0..12_000).map(|n| (n, None)).collect();
    rows[0].1 = Some(last.clone());
    rows[1].1 = Some(in_roster.clone());
    rows[2].1 = Some(uscc(77_777, "320102"));
    let dry = import(&api, csv_with_suppliers(&rows), "s.csv", true).await;
    assert_eq!(
        errors(&dry),
        vec![(
            4,
            "重点供应商-供货企业信用代码".to_string(),
            "supplier_of.unknown".to_string()
        )]
    );
    assert_eq!(
        (dry["rows"].as_u64(), dry["created"].as_u64()),
        (Some(12_000), Some(11_999))
    );
    let failed = import(&api, csv_with_suppliers(&rows), "s.csv", false).await;
    assert_eq!(failed["committed"], false);
    assert_eq!(
        count(&api).await,
        1,
        "a supplier found nowhere at the end undoes the chunks written before"
    );
    rows[2].1 = None;
    let done = import(&api, csv_with_suppliers(&rows), "s.csv", false).await;
    assert_eq!(
        (done["committed"].as_bool(), done["created"].as_u64()),
        (Some(true), Some(12_000)),
        "{done}"
    );
    for (n, supplied) in [(0, &last), (1, &in_roster)] {
        let e: Value = api
            .get(&format!("/api/v1/enterprises/{}", uscc(n, "320102")))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(e["supplier_of"].as_str(), Some(supplied.as_str()), "{e}");
    }
}

/// The row count SQLite's planner holds for the roster's county index, if any.
async fn planner_rows(app: &TestApp) -> Option<i64> {
    let stat: Option<(String,)> =
        sqlx::query_as("SELECT stat FROM sqlite_stat1 WHERE tbl = 'enterprises' AND idx = 'enterprises_county'")
            .fetch_optional(app.store.pool())
            .await
            .ok()
            .flatten();
    stat.and_then(|(s,)| s.split(' ').next()?.parse().ok())
}

#[tokio::test]
async fn after_an_import_sqlites_planner_statistics_count_the_imported_roster() {
    let app = spawn_app().await;
    if app.store.backend() != kaifang_store::Backend::Sqlite {
        return; // PostgreSQL's autovacuum keeps its own statistics; there is nothing of ours to check.
    }
    assert_ne!(planner_rows(&app).await, Some(300), "not counted before the import");
    let api = app.officer("nj", "320100").await;
    let rows: Vec<String> = (0..300).map(|n| row(n, "320102")).collect();
    assert_eq!(import(&api, csv(&rows), "a.csv", false).await["committed"], true);
    assert_eq!(planner_rows(&app).await, Some(300));
}

#[tokio::test]
async fn once_the_demo_is_loaded_sqlites_planner_statistics_count_its_roster() {
    let app = spawn_app().await;
    if app.store.backend() != kaifang_store::Backend::Sqlite {
        return; // As above: PostgreSQL keeps its own statistics.
    }
    kaifang::demo::load(&app.store).await.unwrap().unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enterprises")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert!(n > 100, "{n}");
    assert_eq!(planner_rows(&app).await, Some(n));
}
