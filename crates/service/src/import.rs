//! Enterprise import from .xlsx or .csv: a dry run that lists every bad row and
//! column, then a commit of all rows or none. Re-importing updates by credit code.

use crate::enterprises::{EnterpriseInput, InvestorInput, validate};
use crate::{Principal, ServiceError, ServiceResult};
use kaifang_domain::field_error::{FieldError, Message};
use kaifang_exchange::{ReadError, Table};
use kaifang_store::enterprises::{self as store_ent, EnterpriseWrite};
use kaifang_store::{AuditEvent, Store};
use serde::Serialize;
use std::collections::HashMap;

/// Number of investor column groups in the template.
pub const INVESTOR_COLUMNS: usize = 3;

/// A column of the roster template: key, Chinese header, English header.
#[derive(Debug, Clone, Copy)]
pub struct RosterColumn {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
}

const fn col(key: &'static str, zh: &'static str, en: &'static str, required: bool) -> RosterColumn {
    RosterColumn { key, zh, en, required }
}

/// Every column of the roster import template and export, in order.
pub const COLUMNS: &[RosterColumn] = &[
    col("uscc", "统一社会信用代码", "Credit code", true),
    col("name_zh", "企业名称", "Name (Chinese)", true),
    col("name_en", "英文名称", "Name (English)", false),
    col("division", "行政区划代码", "Division code", true),
    col("address", "地址", "Address", false),
    col("industry", "行业代码", "Industry class", true),
    col("zone", "所在园区", "Zone", false),
    col("established_on", "成立日期", "Established on", false),
    col("capital_amount", "注册资本", "Registered capital", false),
    col("capital_currency", "币种", "Currency", false),
    col(
        "controller_region",
        "实际控制人国别（地区）",
        "Controller country/region",
        false,
    ),
    col("investor1_name", "投资方1名称", "Investor 1 name", false),
    col(
        "investor1_region",
        "投资方1国别（地区）",
        "Investor 1 country/region",
        false,
    ),
    col("investor1_share", "投资方1持股比例(%)", "Investor 1 share (%)", false),
    col("investor2_name", "投资方2名称", "Investor 2 name", false),
    col(
        "investor2_region",
        "投资方2国别（地区）",
        "Investor 2 country/region",
        false,
    ),
    col("investor2_share", "投资方2持股比例(%)", "Investor 2 share (%)", false),
    col("investor3_name", "投资方3名称", "Investor 3 name", false),
    col(
        "investor3_region",
        "投资方3国别（地区）",
        "Investor 3 country/region",
        false,
    ),
    col("investor3_share", "投资方3持股比例(%)", "Investor 3 share (%)", false),
    col("liaison_name", "服务专员", "Liaison officer", false),
    col("liaison_phone", "服务专员电话", "Liaison phone", false),
    col("is_key", "重点企业", "Key enterprise", false),
    col(
        "supplier_of",
        "重点供应商-供货企业信用代码",
        "Key supplier of (credit code)",
        false,
    ),
];

/// One problem in an import file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowError {
    /// Row number as the user sees it (the header is row 1); 0 for the file as a whole.
    pub row: usize,
    /// Column header as in the file, or empty for the whole row.
    pub column: String,
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

/// What an import did or would do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Every problem found; a file with any error changes nothing.
    pub errors: Vec<RowError>,
    pub committed: bool,
}

fn file_error(code: &str, m: Message) -> RowError {
    RowError {
        row: 0,
        column: String::new(),
        code: code.into(),
        message_zh: m.zh,
        message_en: m.en,
    }
}

/// Maps the file's headers to template keys; reports unknown or missing columns.
fn map_headers(t: &Table) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut map = HashMap::new();
    let mut errors = Vec::new();
    for (i, h) in t.headers.iter().enumerate() {
        let h = h.trim();
        match COLUMNS
            .iter()
            .find(|c| c.zh == h || c.key == h || c.en.eq_ignore_ascii_case(h))
        {
            Some(c) => {
                map.insert(c.key, i);
            }
            None if h.is_empty() => {}
            None => errors.push(RowError {
                row: 1,
                column: h.to_string(),
                code: "column.unknown".into(),
                message_zh: format!("无法识别的列“{h}”，请使用导入模板"),
                message_en: format!("unknown column {h:?}; use the import template"),
            }),
        }
    }
    for c in COLUMNS.iter().filter(|c| c.required) {
        if !map.contains_key(c.key) {
            errors.push(RowError {
                row: 1,
                column: c.zh.to_string(),
                code: "column.missing".into(),
                message_zh: format!("缺少必填列“{}”", c.zh),
                message_en: format!("required column {:?} ({}) is missing", c.zh, c.en),
            });
        }
    }
    if errors.is_empty() { Ok(map) } else { Err(errors) }
}

/// Drop-down values look like "320102 玄武区"; the code is the first word.
fn code_part(s: &str) -> String {
    s.split_whitespace().next().unwrap_or("").to_string()
}

fn row_input(cells: &[String], map: &HashMap<&'static str, usize>) -> EnterpriseInput {
    let get = |k: &str| -> Option<String> {
        map.get(k)
            .and_then(|&i| cells.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let code = |k: &str| get(k).map(|s| code_part(&s));
    let investors = (1..=INVESTOR_COLUMNS)
        .map(|n| InvestorInput {
            name: get(&format!("investor{n}_name")),
            region: code(&format!("investor{n}_region")),
            share: get(&format!("investor{n}_share")).map(|s| s.trim_end_matches('%').to_string()),
        })
        .collect();
    EnterpriseInput {
        uscc: get("uscc"),
        name_zh: get("name_zh"),
        name_en: get("name_en"),
        division: code("division"),
        address: get("address"),
        industry: code("industry"),
        zone: code("zone"),
        established_on: get("established_on").map(|d| d.replace('/', "-")),
        capital_amount: get("capital_amount"),
        capital_currency: code("capital_currency"),
        controller_region: code("controller_region"),
        liaison_name: get("liaison_name"),
        liaison_phone: get("liaison_phone"),
        is_key: get("is_key"),
        supplier_of: get("supplier_of"),
        investors: Some(investors),
    }
}

fn header_of(t: &Table, map: &HashMap<&'static str, usize>, field: &str) -> String {
    // "investors[1].share" → investor2_share
    let key = if let Some(rest) = field.strip_prefix("investors[") {
        let (idx, sub) = rest.split_once("].").unwrap_or((rest, ""));
        let n = idx.parse::<usize>().map(|i| i + 1).unwrap_or(1);
        format!("investor{n}_{sub}")
    } else if field == "investors" {
        "investor1_share".to_string()
    } else {
        field.to_string()
    };
    map.get(key.as_str())
        .and_then(|&i| t.headers.get(i).cloned())
        .unwrap_or(key)
}

/// Progress callback: rows processed so far out of the total.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Validates (and unless `dry_run`, commits) an import file for `p`.
pub async fn import_enterprises(
    store: &Store,
    p: &Principal,
    bytes: &[u8],
    filename: &str,
    dry_run: bool,
    progress: Option<Progress<'_>>,
) -> ServiceResult<ImportReport> {
    p.require(p.role.can_edit_roster())?;
    let mut report = ImportReport {
        dry_run,
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        errors: vec![],
        committed: false,
    };
    let table = match kaifang_exchange::read_table(bytes, filename, None) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(file_error(read_error_code(&e), e.message()));
            return Ok(report);
        }
    };
    report.rows = table.rows.len();
    let map = match map_headers(&table) {
        Ok(m) => m,
        Err(errs) => {
            report.errors = errs;
            return Ok(report);
        }
    };
    if table.rows.is_empty() {
        report.errors.push(file_error(
            "file.no_rows",
            Message::new("文件中没有数据行", "the file has no data rows"),
        ));
        return Ok(report);
    }
    let today = crate::enterprises::today_cn();
    let mut writes: Vec<(usize, EnterpriseWrite)> = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, row) in table.rows.iter().enumerate() {
        // The template's example row is skipped if the user left it in.
        if map
            .get("uscc")
            .and_then(|&i| row.cells.get(i))
            .is_some_and(|c| c.contains("示例"))
        {
            continue;
        }
        let input = row_input(&row.cells, &map);
        match validate(&input, p, today) {
            Ok(w) => {
                if let Some(first) = seen.insert(w.uscc.clone(), row.line) {
                    report.errors.push(RowError {
                        row: row.line,
                        column: header_of(&table, &map, "uscc"),
                        code: "uscc.duplicate_row".into(),
                        message_zh: format!("统一社会信用代码与第 {first} 行重复"),
                        message_en: format!("the same credit code as row {first}"),
                    });
                } else {
                    writes.push((row.line, w));
                }
            }
            Err(errs) => {
                for e in errs.iter() {
                    report.errors.push(RowError {
                        row: row.line,
                        column: header_of(&table, &map, &e.field),
                        code: e.code.clone(),
                        message_zh: with_suggestion(&e.message.zh, e),
                        message_en: with_suggestion(&e.message.en, e),
                    });
                }
            }
        }
        if let Some(cb) = progress
            && n % 1000 == 0
        {
            cb(n, table.rows.len());
        }
    }
    // Existing records decide create versus update; a code owned by a record
    // outside the caller's jurisdiction cannot be taken over by an import.
    let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
    let mut existing = HashMap::new();
    for chunk in writes.chunks(500) {
        let codes: Vec<String> = chunk.iter().map(|(_, w)| w.uscc.clone()).collect();
        for e in store_ent::find_many(&mut conn, &codes).await? {
            existing.insert(e.row.uscc.clone(), e);
        }
    }
    drop(conn);
    let mut plan = Vec::with_capacity(writes.len());
    for (line, w) in writes {
        match existing.get(&w.uscc) {
            Some(e) if !p.scope.contains(&e.row.placement()) => report.errors.push(RowError {
                row: line,
                column: header_of(&table, &map, "uscc"),
                code: "scope.outside".into(),
                message_zh: "该统一社会信用代码的企业已登记在您管辖范围以外".into(),
                message_en: "this credit code belongs to a record outside your jurisdiction".into(),
            }),
            Some(e) => {
                let mut w = w;
                w.status = e.row.status.clone();
                w.deregistered_on = e.row.deregistered_on.clone();
                if same_as_stored(&w, e) {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                    plan.push((w, Some(e.clone())));
                }
            }
            None => {
                report.created += 1;
                plan.push((w, None));
            }
        }
    }
    let new_codes: std::collections::HashSet<&str> = plan.iter().map(|(w, _)| w.uscc.as_str()).collect();
    for (w, _) in &plan {
        if let Some(s) = &w.supplier_of
            && !new_codes.contains(s.as_str())
            && !existing.contains_key(s)
        {
            let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
            if store_ent::locate(&mut conn, s).await?.is_none() {
                report.errors.push(RowError {
                    row: 0,
                    column: header_of(&table, &map, "supplier_of"),
                    code: "supplier_of.unknown".into(),
                    message_zh: format!("{}：所供货的外资企业 {s} 不在企业库中", w.uscc),
                    message_en: format!("{}: the FIE supplied ({s}) is not in the roster", w.uscc),
                });
            }
        }
    }
    report.errors.sort_by_key(|e| e.row);
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }
    // Commit everything in one transaction: all rows or none.
    let mut tx = store.begin_write().await?;
    let actor = p.actor();
    let total = plan.len();
    // Suppliers refer to other rows: insert the referenced ones first.
    plan.sort_by_key(|(w, _)| w.supplier_of.is_some());
    for (i, (w, old)) in plan.iter().enumerate() {
        let before = old
            .as_ref()
            .map(|e| serde_json::to_value(crate::enterprises::view(e)).unwrap_or_default());
        match old {
            Some(e) => store_ent::update(&mut tx, e.row.id, e.row.version, w).await?,
            None => {
                store_ent::insert(&mut tx, w).await?;
            }
        }
        let saved = store_ent::get_in(tx.conn(), None, &w.uscc)
            .await?
            .ok_or(ServiceError::NotFound)?;
        tx.audit(
            &actor,
            AuditEvent {
                action: if old.is_some() {
                    "enterprise_updated"
                } else {
                    "enterprise_created"
                },
                object_type: "enterprise",
                object_id: &w.uscc,
                placement: &w.placement,
                before,
                after: Some(serde_json::to_value(crate::enterprises::view(&saved)).unwrap_or_default()),
            },
        )
        .await?;
        if let Some(cb) = progress
            && i % 1000 == 0
        {
            cb(i, total);
        }
    }
    tx.audit(
        &actor,
        AuditEvent {
            action: "enterprises_imported",
            object_type: "import",
            object_id: filename,
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({
                "file": filename, "rows": report.rows, "created": report.created,
                "updated": report.updated, "unchanged": report.unchanged,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    report.committed = true;
    Ok(report)
}

fn with_suggestion(m: &str, e: &FieldError) -> String {
    match &e.suggestion {
        Some(s) => format!("{m}（{s}?）"),
        None => m.to_string(),
    }
}

fn read_error_code(e: &ReadError) -> &'static str {
    match e {
        ReadError::Empty => "file.empty",
        ReadError::Unreadable(_) => "file.unreadable",
        ReadError::TooLarge { .. } => "file.too_large",
        ReadError::DuplicateHeader(_) => "column.duplicate",
    }
}

fn same_as_stored(w: &EnterpriseWrite, e: &store_ent::EnterpriseWithInvestors) -> bool {
    let r = &e.row;
    w.name_zh == r.name_zh
        && w.name_en == r.name_en
        && w.placement.division == r.division
        && w.address == r.address
        && w.industry == r.industry
        && w.zone == r.zone
        && w.established_on == r.established_on
        && w.capital_minor == r.capital_minor
        && w.capital_currency == r.capital_currency
        && w.controller_region == r.controller_region
        && w.liaison_name == r.liaison_name
        && w.liaison_phone == r.liaison_phone
        && w.is_key == (r.is_key == 1)
        && w.supplier_of == r.supplier_of
        && w.investors == e.investors
}
