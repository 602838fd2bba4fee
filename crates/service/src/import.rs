//! Enterprise import from .xlsx or .csv: a dry run that lists every bad row and
//! column, then a commit of all rows or none. Re-importing updates by credit code.

use crate::enterprises::{EnterpriseInput, InvestorInput, validate};
use crate::{Principal, ServiceError, ServiceResult};
use kaifang_domain::field_error::{FieldError, Message};
use kaifang_domain::uscc::Uscc;
use kaifang_exchange::ReadError;
use kaifang_store::enterprise_bulk::{self as bulk_write, BulkOp};
use kaifang_store::enterprises::{self as store_ent, EnterpriseWrite};
use kaifang_store::{RawAuditEvent, Store};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Rows per commit chunk: bounds the memory a commit holds at once.
const COMMIT_CHUNK: usize = 10_000;

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

impl RowError {
    pub fn new(row: usize, column: String, code: &str, zh: impl Into<String>, en: impl Into<String>) -> RowError {
        RowError {
            row,
            column,
            code: code.into(),
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }
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
    RowError::new(0, String::new(), code, m.zh, m.en)
}

/// Maps the file's headers to template keys; reports unknown or missing columns.
fn map_headers(headers: &[String]) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut map = HashMap::new();
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        match COLUMNS
            .iter()
            .find(|c| c.zh == h || c.key == h || c.en.eq_ignore_ascii_case(h))
        {
            Some(c) => {
                map.insert(c.key, i);
            }
            None if h.is_empty() => {}
            None => errors.push(RowError::new(
                1,
                h.to_string(),
                "column.unknown",
                format!("无法识别的列“{h}”，请使用导入模板"),
                format!("unknown column {h:?}; use the import template"),
            )),
        }
    }
    for c in COLUMNS.iter().filter(|c| c.required) {
        if !map.contains_key(c.key) {
            errors.push(RowError::new(
                1,
                c.zh.to_string(),
                "column.missing",
                format!("缺少必填列“{}”", c.zh),
                format!("required column {:?} ({}) is missing", c.zh, c.en),
            ));
        }
    }
    if errors.is_empty() { Ok(map) } else { Err(errors) }
}

/// Drop-down values look like "320102 玄武区"; the code is the first word.
fn code_part(s: &str) -> String {
    s.split_whitespace().next().unwrap_or("").to_string()
}

/// Where each template column sits in the file, looked up once per file.
#[derive(Debug, Clone, Copy)]
struct Positions {
    at: [Option<usize>; COLUMNS.len()],
}

impl Positions {
    fn new(map: &HashMap<&'static str, usize>) -> Positions {
        let mut at = [None; COLUMNS.len()];
        for (slot, c) in at.iter_mut().zip(COLUMNS) {
            *slot = map.get(c.key).copied();
        }
        Positions { at }
    }
}

/// The index in [`COLUMNS`] of the column `key`; a key that is not a template column fails to
/// compile (it is only ever evaluated as a constant).
const fn column_index(key: &str) -> usize {
    let mut i = 0;
    while i < COLUMNS.len() {
        if str_eq(COLUMNS[i].key, key) {
            return i;
        }
        i += 1;
    }
    panic!("not a template column")
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The file position of the template column `$key`, found at compile time: rows are read a
/// few dozen cells each, 150,000 times over.
macro_rules! at {
    ($pos:expr, $key:literal) => {
        $pos.at[const { column_index($key) }]
    };
}

/// The columns of each investor group (name, region, share), as indexes in [`COLUMNS`].
const INVESTOR_KEYS: [[usize; 3]; INVESTOR_COLUMNS] = [
    [
        column_index("investor1_name"),
        column_index("investor1_region"),
        column_index("investor1_share"),
    ],
    [
        column_index("investor2_name"),
        column_index("investor2_region"),
        column_index("investor2_share"),
    ],
    [
        column_index("investor3_name"),
        column_index("investor3_region"),
        column_index("investor3_share"),
    ],
];

fn row_input(row: &kaifang_exchange::Row, pos: &Positions) -> EnterpriseInput {
    let cell = |at: Option<usize>| -> Option<String> {
        at.map(|i| row.get(i).trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let code = |at: Option<usize>| cell(at).map(|s| code_part(&s));
    let investors = INVESTOR_KEYS
        .iter()
        .map(|&[name, region, share]| InvestorInput {
            name: cell(pos.at[name]),
            region: code(pos.at[region]),
            share: cell(pos.at[share]).map(|s| s.trim_end_matches('%').to_string()),
        })
        .collect();
    EnterpriseInput {
        uscc: cell(at!(pos, "uscc")),
        name_zh: cell(at!(pos, "name_zh")),
        name_en: cell(at!(pos, "name_en")),
        division: code(at!(pos, "division")),
        address: cell(at!(pos, "address")),
        industry: code(at!(pos, "industry")),
        zone: code(at!(pos, "zone")),
        established_on: cell(at!(pos, "established_on")).map(|d| d.replace('/', "-")),
        capital_amount: cell(at!(pos, "capital_amount")),
        capital_currency: code(at!(pos, "capital_currency")),
        controller_region: code(at!(pos, "controller_region")),
        liaison_name: cell(at!(pos, "liaison_name")),
        liaison_phone: cell(at!(pos, "liaison_phone")),
        is_key: cell(at!(pos, "is_key")),
        supplier_of: cell(at!(pos, "supplier_of")),
        investors: Some(investors),
    }
}

fn header_of(headers: &[String], map: &HashMap<&'static str, usize>, field: &str) -> String {
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
        .and_then(|&i| headers.get(i).cloned())
        .unwrap_or(key)
}

/// Progress callback: rows processed so far, and the rows the file is expected to hold (an
/// estimate while it is read; 0 when it cannot be told in advance).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// A chunk of the file as read: its rows, and for each row the line of the earlier row with
/// the same credit code, if there is one (that row is then a duplicate).
struct Chunk {
    headers: Arc<[String]>,
    rows: Vec<kaifang_exchange::Row>,
    repeats: Vec<Option<usize>>,
}

/// What reading the whole file came to: its headers and number of data rows (or why it could
/// not be read), and the credit codes it names with their first rows.
struct FileRead {
    result: Result<(Vec<String>, usize), ReadError>,
    codes: HashMap<String, usize>,
}

/// Reads the file on the calling (blocking) thread and sends it on a chunk at a time, noting
/// repeated credit codes as it goes; stops when nobody is listening any more.
fn read_file(
    bytes: &[u8],
    filename: &str,
    uscc_of: impl Fn(&[String]) -> Option<usize>,
    out: tokio::sync::mpsc::Sender<Chunk>,
) -> FileRead {
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut headers: Option<(Arc<[String]>, Option<usize>)> = None;
    let result = kaifang_exchange::read_in_chunks(
        bytes,
        filename,
        None,
        kaifang_exchange::MAX_ROWS,
        COMMIT_CHUNK,
        &mut |h, rows| {
            let (headers, uscc_col) = headers.get_or_insert_with(|| (Arc::from(h), uscc_of(h)));
            let repeats = rows
                .iter()
                .map(|r| {
                    let code = Uscc::parse(r.get((*uscc_col)?)).ok()?;
                    match codes.get(code.as_str()) {
                        Some(&first) => Some(first),
                        None => {
                            codes.insert(code.as_str().to_string(), r.line);
                            None
                        }
                    }
                })
                .collect();
            out.blocking_send(Chunk {
                headers: headers.clone(),
                rows,
                repeats,
            })
            .is_ok()
        },
    );
    FileRead { result, codes }
}

/// About how many data rows the file holds, for progress: its line count for text, 0 (not
/// known in advance) for a workbook.
fn expected_rows(bytes: &[u8], filename: &str) -> usize {
    match kaifang_exchange::FileKind::detect(bytes, filename) {
        kaifang_exchange::FileKind::Csv => bytes.iter().filter(|&&b| b == b'\n').count().saturating_sub(1),
        kaifang_exchange::FileKind::Xlsx => 0,
    }
}

/// Validates (and unless `dry_run`, commits) an import file for `p`.
///
/// The file is read on a blocking thread a chunk at a time: while a chunk is written, the next
/// one is validated and the one after it read, so the first rows are written long before the
/// last are read. A problem found later (a bad row, a supplier that turns out to be nowhere,
/// an unreadable stretch, too many rows) rolls back everything written.
pub async fn import_enterprises(
    store: &Store,
    p: &Principal,
    bytes: Arc<[u8]>,
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
    let expected = expected_rows(&bytes, filename);
    let (chunk_tx, mut chunk_rx) = tokio::sync::mpsc::channel::<Chunk>(2);
    let reader = {
        let name = filename.to_string();
        let uscc_of = |h: &[String]| map_headers(h).ok().and_then(|m| m.get("uscc").copied());
        tokio::task::spawn_blocking(move || read_file(&bytes, &name, uscc_of, chunk_tx))
    };
    let today = crate::enterprises::today_cn();
    let now = kaifang_store::now_text();
    let actor = p.actor();
    let mut sorter: Option<Arc<Sorter>> = None;
    // While a chunk is written, the next one's existing records are read on another
    // connection (outside the import's transaction, so they are the roster as it stood before
    // it: a lookup inside the write would run against a table the import itself is growing)
    // and the chunk is validated, sorted into creates, updates and problems, and its audit
    // snapshots made on a blocking thread: this task only writes. Only two chunks' records are
    // held at a time, however many the file updates.
    let sort_chunk = |sorter: &Arc<Sorter>, chunk: Chunk| {
        let sorter = sorter.clone();
        let store = store.clone();
        tokio::spawn(async move {
            let existing = sorter.existing(&store, &chunk).await?;
            tokio::task::spawn_blocking(move || sorter.sort(chunk, existing))
                .await
                .map_err(worker_failed)
        })
    };
    let mut tx: Option<kaifang_store::WriteTx> = None;
    let mut done = 0usize;
    let mut suppliers: Vec<SupplierRef> = vec![];
    let mut pending = None;
    loop {
        let next = match chunk_rx.recv().await {
            Some(chunk) => {
                let sorter = match &sorter {
                    Some(s) => s,
                    None => match map_headers(&chunk.headers) {
                        Ok(map) => sorter.insert(Arc::new(Sorter {
                            p: p.clone(),
                            today,
                            now: now.clone(),
                            dry_run,
                            pos: Positions::new(&map),
                            headers: chunk.headers.to_vec(),
                            map,
                        })),
                        // Bad headers: nothing to validate the rows against. Stop reading.
                        Err(_) => break,
                    },
                };
                Some(sort_chunk(sorter, chunk))
            }
            None => None,
        };
        let Some(job) = std::mem::replace(&mut pending, next) else {
            if pending.is_none() {
                break;
            }
            continue;
        };
        let sorted = job.await.map_err(worker_failed)??;
        report.created += sorted.created;
        report.updated += sorted.updated;
        report.unchanged += sorted.unchanged;
        report.errors.extend(sorted.errors);
        suppliers.extend(sorted.suppliers);
        done += sorted.rows;
        if let Some(cb) = progress {
            cb(done, expected.max(done));
        }
        if dry_run {
            continue;
        }
        // Write only while the file is clean; at the first problem give the write
        // up at once (releasing the lock) and keep validating to list every problem.
        if !report.errors.is_empty() {
            if let Some(t) = tx.take() {
                t.rollback().await?;
            }
            continue;
        }
        if tx.is_none() {
            tx = Some(store.begin_write().await?);
        }
        if let Some(t) = tx.as_mut() {
            bulk_write::write(t, &actor, sorted.ops, crate::enterprises::SNAPSHOT_FIELDS, &now).await?;
        }
    }
    drop(chunk_rx);
    let file = reader.await.map_err(worker_failed)?;
    let problem = match (file.result, &sorter) {
        (Err(e), _) => Some(vec![file_error(read_error_code(&e), e.message())]),
        (Ok((headers, _)), None) => Some(match map_headers(&headers) {
            Err(errs) => errs,
            Ok(_) => vec![file_error(
                "file.no_rows",
                Message::new("文件中没有数据行", "the file has no data rows"),
            )],
        }),
        (Ok((_, rows)), Some(_)) => {
            report.rows = rows;
            None
        }
    };
    if let Some(errors) = problem {
        if let Some(t) = tx.take() {
            t.rollback().await?;
        }
        report.created = 0;
        report.updated = 0;
        report.unchanged = 0;
        report.errors = errors;
        return Ok(report);
    }
    check_suppliers(store, &sorter, suppliers, &file.codes, &mut report).await?;
    report.errors.sort_by_key(|e| e.row);
    let Some(mut tx) = tx.filter(|_| report.errors.is_empty()) else {
        return Ok(report);
    };
    let closing = RawAuditEvent {
        action: "enterprises_imported".into(),
        object_type: "import".into(),
        object_id: filename.to_string(),
        placement: p.placement.clone(),
        before: None,
        after: Some(
            serde_json::json!({
                "file": filename, "rows": report.rows, "created": report.created,
                "updated": report.updated, "unchanged": report.unchanged,
            })
            .to_string(),
        ),
    };
    tx.audit_many_raw(&actor, vec![closing]).await?;
    tx.commit().await?;
    report.committed = true;
    // The roster may have grown many times over: SQLite's planner statistics follow it. The
    // import stands whatever happens here.
    if let Err(e) = store.optimize().await {
        tracing::warn!("planner statistics after an import: {e}");
    }
    Ok(report)
}

/// A row that names the FIE it supplies, checked once the whole file is read: the supplied
/// FIE may come later in the file.
struct SupplierRef {
    line: usize,
    code: String,
    /// How the row was counted, to take it back if the supplied FIE is nowhere.
    counted: Counted,
}

#[derive(Clone, Copy)]
enum Counted {
    Created,
    Updated,
    Unchanged,
}

/// Reports each row whose supplied FIE is neither in the file nor in the roster (looked up on
/// another connection: the roster as it stood before the import), and takes it out of the counts.
async fn check_suppliers(
    store: &Store,
    sorter: &Option<Arc<Sorter>>,
    refs: Vec<SupplierRef>,
    in_file: &HashMap<String, usize>,
    report: &mut ImportReport,
) -> ServiceResult<()> {
    let outside: Vec<String> = refs
        .iter()
        .filter(|r| !in_file.contains_key(&r.code))
        .map(|r| r.code.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let (Some(sorter), false) = (sorter, outside.is_empty()) else {
        return Ok(());
    };
    let mut known = HashSet::new();
    let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
    for part in outside.chunks(500) {
        for e in store_ent::find_many(&mut conn, part).await? {
            known.insert(e.row.uscc);
        }
    }
    for r in refs
        .iter()
        .filter(|r| !in_file.contains_key(&r.code) && !known.contains(&r.code))
    {
        match r.counted {
            Counted::Created => report.created -= 1,
            Counted::Updated => report.updated -= 1,
            Counted::Unchanged => report.unchanged -= 1,
        }
        report.errors.push(RowError::new(
            r.line,
            sorter.header("supplier_of"),
            "supplier_of.unknown",
            format!("所供货的外资企业 {} 不在企业库中", r.code),
            format!("the FIE supplied ({}) is not in the roster", r.code),
        ));
    }
    Ok(())
}

/// A task of the import that panicked or was cancelled.
fn worker_failed(e: tokio::task::JoinError) -> ServiceError {
    ServiceError::Store(kaifang_store::StoreError::Config(format!("import worker failed: {e}")))
}

/// What one chunk of the file comes to: its problems, its counts and, for a commit, its writes.
struct Sorted {
    /// Rows in the chunk.
    rows: usize,
    errors: Vec<RowError>,
    suppliers: Vec<SupplierRef>,
    created: usize,
    updated: usize,
    unchanged: usize,
    ops: Vec<BulkOp>,
}

/// Everything needed to validate and sort a chunk of rows away from the writing task.
struct Sorter {
    p: Principal,
    today: time::Date,
    now: String,
    dry_run: bool,
    pos: Positions,
    headers: Vec<String>,
    map: HashMap<&'static str, usize>,
}

impl Sorter {
    fn header(&self, field: &str) -> String {
        header_of(&self.headers, &self.map, field)
    }

    /// The stored records of the codes first named in `chunk`, by code.
    async fn existing(
        &self,
        store: &Store,
        chunk: &Chunk,
    ) -> ServiceResult<HashMap<String, store_ent::EnterpriseWithInvestors>> {
        let codes: Vec<String> = chunk
            .rows
            .iter()
            .zip(&chunk.repeats)
            .filter(|(_, repeat)| repeat.is_none())
            .filter_map(|(r, _)| Some(Uscc::parse(r.get(at!(self.pos, "uscc")?)).ok()?.as_str().to_string()))
            .collect();
        let mut found = HashMap::new();
        if codes.is_empty() {
            return Ok(found);
        }
        let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
        for part in codes.chunks(500) {
            for e in store_ent::find_many(&mut conn, part).await? {
                found.insert(e.row.uscc.clone(), e);
            }
        }
        Ok(found)
    }

    /// Validates each row and sorts it into a create, an update, unchanged or a problem;
    /// `existing` holds the stored records of the chunk's codes.
    fn sort(&self, chunk: Chunk, existing: HashMap<String, store_ent::EnterpriseWithInvestors>) -> Sorted {
        let mut out = Sorted {
            rows: chunk.rows.len(),
            errors: vec![],
            suppliers: vec![],
            created: 0,
            updated: 0,
            unchanged: 0,
            ops: vec![],
        };
        let rows = chunk.rows.into_iter().zip(chunk.repeats);
        for (row, repeat) in rows.filter(|(row, _)| !is_example_row(row, &self.pos)) {
            let line = row.line;
            let mut w = match validate(&row_input(&row, &self.pos), &self.p, self.today) {
                Ok(w) => w,
                Err(errs) => {
                    for e in errs.iter() {
                        out.errors.push(RowError::new(
                            line,
                            self.header(&e.field),
                            &e.code,
                            with_suggestion(&e.message.zh, e),
                            with_suggestion(&e.message.en, e),
                        ));
                    }
                    continue;
                }
            };
            if let Some(first) = repeat {
                out.errors.push(RowError::new(
                    line,
                    self.header("uscc"),
                    "uscc.duplicate_row",
                    format!("统一社会信用代码与第 {first} 行重复"),
                    format!("the same credit code as row {first}"),
                ));
                continue;
            }
            let supplier = w.supplier_of.clone();
            let supplies = |counted| {
                if let Some(code) = supplier {
                    out.suppliers.push(SupplierRef { line, code, counted });
                }
            };
            // Existing records (as they were before the import) decide create versus update;
            // a code owned by a record outside the caller's jurisdiction cannot be taken over.
            match existing.get(&w.uscc) {
                Some(e) if !self.p.scope.contains(&e.row.placement()) => out.errors.push(RowError::new(
                    line,
                    self.header("uscc"),
                    "scope.outside",
                    "该统一社会信用代码的企业已登记在您管辖范围以外",
                    "this credit code belongs to a record outside your jurisdiction",
                )),
                Some(e) => {
                    w.status = e.row.status.clone();
                    w.deregistered_on = e.row.deregistered_on.clone();
                    if same_as_stored(&w, e) {
                        supplies(Counted::Unchanged);
                        out.unchanged += 1;
                    } else {
                        supplies(Counted::Updated);
                        out.updated += 1;
                        if self.dry_run {
                            continue;
                        }
                        let after_row = w.to_row(e.row.id, e.row.version + 1, &e.row.created_at, &self.now);
                        out.ops.push(BulkOp::Update {
                            id: e.row.id,
                            version: e.row.version,
                            before: crate::enterprises::snapshot_row(&e.row, &e.investors),
                            after: crate::enterprises::snapshot_row(&after_row, &w.investors),
                            write: w,
                        });
                    }
                }
                None => {
                    supplies(Counted::Created);
                    out.created += 1;
                    if self.dry_run {
                        continue;
                    }
                    let after = crate::enterprises::snapshot_row(&w.to_row(0, 1, &self.now, &self.now), &w.investors);
                    out.ops.push(BulkOp::Create { write: w, after });
                }
            }
        }
        out
    }
}

/// The template's example row, if the user left it in.
fn is_example_row(row: &kaifang_exchange::Row, pos: &Positions) -> bool {
    at!(pos, "uscc").is_some_and(|i| row.get(i).contains("示例"))
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
