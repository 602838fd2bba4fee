//! The project ledger (项目台账) as a spreadsheet: the export in the usual layout
//! (one row per project with its stage, amounts, key dates, task force, open
//! problems and last update), and the import of existing ledgers with a dry-run
//! preview that reports every bad row and changes nothing unless all are good.
//!
//! Export then import is the identity: a re-imported ledger leaves every project
//! unchanged, and imported into an empty system it recreates the same rows.

use std::collections::HashMap;

use kaifang_domain::field_error::Message;
use kaifang_domain::money::{Currency, Money};
use kaifang_domain::projects::{self as rules, Stage};
use kaifang_exchange::{Cell, Column, XlsxWriter};
use kaifang_store::project_parts::{self as store_parts, StageEventRow, TrancheRow};
use kaifang_store::projects::{self as store_projects, ProjectRow};
use kaifang_store::{AuditEvent, Store};
use serde::Serialize;

use super::input::{ProjectInput, ProjectInvestor, validate};
use super::{ProjectQuery, audit_value, member_of, require_writer, touch};
use crate::enterprises::today_cn;
use crate::export::write_err;
use crate::import::RowError;
use crate::{Principal, ServiceResult};

/// Rows an export holds at most (bounded memory: the writer streams to a temporary file).
pub const MAX_LEDGER_ROWS: usize = 1_000_000;

/// A ledger column: key, Chinese header, English header, and whether an import reads it.
#[derive(Debug, Clone, Copy)]
pub struct LedgerColumn {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub imported: bool,
}

const fn col(key: &'static str, zh: &'static str, en: &'static str, imported: bool) -> LedgerColumn {
    LedgerColumn { key, zh, en, imported }
}

/// Every column of the ledger, in order.
pub const COLUMNS: &[LedgerColumn] = &[
    col("number", "项目编号", "Project number", true),
    col("name", "项目名称", "Project name", true),
    col("division", "所在地", "Division", true),
    col("zone", "所在园区", "Zone", true),
    col("industry", "行业", "Industry", true),
    col("project_type", "项目类型", "Type", true),
    col("investor1_name", "投资方1", "Investor 1", true),
    col(
        "investor1_region",
        "投资方1国别（地区）",
        "Investor 1 country/region",
        true,
    ),
    col("investor2_name", "投资方2", "Investor 2", true),
    col(
        "investor2_region",
        "投资方2国别（地区）",
        "Investor 2 country/region",
        true,
    ),
    col("investor3_name", "投资方3", "Investor 3", true),
    col(
        "investor3_region",
        "投资方3国别（地区）",
        "Investor 3 country/region",
        true,
    ),
    col("enterprise", "外资企业统一社会信用代码", "FIE credit code", true),
    col("stage", "项目阶段", "Stage", true),
    col("total_amount", "总投资", "Total investment", true),
    col("total_currency", "总投资币种", "Total investment currency", true),
    col("total_rate", "总投资折美元汇率", "Total investment rate per USD", true),
    col("total_rate_on", "总投资汇率日期", "Total investment rate date", true),
    col("total_usd", "总投资（美元）", "Total investment (USD)", false),
    col("contracted_amount", "合同外资", "Contracted FDI", true),
    col("contracted_currency", "合同外资币种", "Contracted FDI currency", true),
    col(
        "contracted_rate",
        "合同外资折美元汇率",
        "Contracted FDI rate per USD",
        true,
    ),
    col(
        "contracted_rate_on",
        "合同外资汇率日期",
        "Contracted FDI rate date",
        true,
    ),
    col("contracted_usd", "合同外资（美元）", "Contracted FDI (USD)", false),
    col("utilised_usd", "实际使用外资（美元）", "Utilised FDI (USD)", true),
    col("land_mu", "用地（亩）", "Land (mu)", true),
    col(
        "expected_output",
        "预计年产值（元）",
        "Expected annual output (CNY)",
        true,
    ),
    col("expected_tax", "预计年税收（元）", "Expected annual tax (CNY)", true),
    col("jobs", "就业人数", "Jobs", true),
    col("lead_source", "线索来源", "Lead source", true),
    col("key_level", "重点项目级别", "Key-project level", true),
    col("key_listed_by", "列入单位", "Listed by", true),
    col("publishable", "可对外发布", "Publishable", true),
    col("lead_on", "线索日期", "Lead date", true),
    col("talks_on", "在谈日期", "Talks date", true),
    col("signed_on", "签约日期", "Signing date", true),
    col("signing_mode", "签约方式", "Signing mode", true),
    col("construction_on", "开工日期", "Construction date", true),
    col("production_on", "投产日期", "Production date", true),
    col("capacity_on", "达产日期", "Capacity date", true),
    col("lead_official", "包保领导", "Lead official", false),
    col("team", "专班成员", "Task force", false),
    col("open_problems", "未解决问题", "Open problems", false),
    col("last_update_on", "最后更新", "Last update", false),
    col("stale", "逾期未更新", "Overdue for update", false),
];

fn index_of(key: &str) -> usize {
    COLUMNS.iter().position(|c| c.key == key).unwrap_or(0)
}

fn name_zh(vocab: rules::Vocabulary, code: &str) -> String {
    rules::name_of(vocab, code).map_or(code.to_string(), |n| n.0.to_string())
}

/// A vocabulary value as a ledger writes it (the code, or a Chinese or English name).
fn code_of(vocab: rules::Vocabulary, s: &str) -> String {
    let s = s.trim();
    vocab
        .iter()
        .find(|v| v.0 == s || v.1 == s || v.2.eq_ignore_ascii_case(s))
        .map_or(s.to_string(), |v| v.0.to_string())
}

fn stage_code(s: &str) -> String {
    let s = s.trim();
    Stage::ALL
        .into_iter()
        .find(|st| st.as_str() == s || st.names().0 == s || st.names().1.eq_ignore_ascii_case(s))
        .map_or(s.to_string(), |st| st.as_str().to_string())
}

fn text_cell(s: Option<String>) -> Cell {
    s.map_or(Cell::Empty, Cell::Text)
}

fn date_cell(s: &Option<String>) -> Cell {
    s.clone().map_or(Cell::Empty, Cell::Date)
}

/// The cells of one project's ledger row.
fn row_cells(r: &ProjectRow, team: &[(String, String)], open: i64, today: &str) -> Vec<Cell> {
    let input = ProjectInput::of_row(r);
    let investors = input.investors.clone().unwrap_or_default();
    let inv = |i: usize, region: bool| -> Cell {
        investors.get(i).map_or(Cell::Empty, |v| {
            text_cell(if region { v.region.clone() } else { v.name.clone() })
        })
    };
    let usd = |c: Option<i64>| c.map_or(Cell::Empty, |v| Cell::Text(super::view::usd_text(v)));
    let lead = team
        .iter()
        .filter(|(role, _)| role == "lead")
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let others = team
        .iter()
        .filter(|(role, _)| role != "lead")
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join("、");
    vec![
        Cell::Text(r.number.clone()),
        Cell::Text(r.name.clone()),
        Cell::Text(format!("{} {}", r.division, crate::placement::full_name(&r.division))),
        text_cell(r.zone.clone()),
        Cell::Text(r.industry.clone()),
        Cell::Text(name_zh(rules::TYPES, &r.project_type)),
        inv(0, false),
        inv(0, true),
        inv(1, false),
        inv(1, true),
        inv(2, false),
        inv(2, true),
        text_cell(r.enterprise_uscc.clone()),
        Cell::Text(Stage::parse(&r.stage).map_or(r.stage.clone(), |s| s.names().0.to_string())),
        text_cell(input.total_amount.clone()),
        text_cell(input.total_currency.clone()),
        text_cell(input.total_rate.clone()),
        date_cell(&input.total_rate_on),
        usd(r.total_usd),
        text_cell(input.contracted_amount.clone()),
        text_cell(input.contracted_currency.clone()),
        text_cell(input.contracted_rate.clone()),
        date_cell(&input.contracted_rate_on),
        usd(r.contracted_usd),
        Cell::Text(super::view::usd_text(r.utilised_usd)),
        text_cell(input.land_mu.clone()),
        text_cell(input.expected_output.clone()),
        text_cell(input.expected_tax.clone()),
        r.jobs.map_or(Cell::Empty, Cell::Int),
        Cell::Text(name_zh(rules::LEAD_SOURCES, &r.lead_source)),
        Cell::Text(name_zh(rules::KEY_LEVELS, &r.key_level)),
        text_cell(r.key_listed_by.clone()),
        Cell::Text(if r.publishable == 1 { "是" } else { "否" }.into()),
        Cell::Date(r.lead_on.clone()),
        date_cell(&r.talks_on),
        date_cell(&r.signed_on),
        text_cell(r.signing_mode.clone()),
        date_cell(&r.construction_on),
        date_cell(&r.production_on),
        date_cell(&r.capacity_on),
        text_cell((!lead.is_empty()).then_some(lead)),
        text_cell((!others.is_empty()).then_some(others)),
        Cell::Int(open),
        Cell::Date(r.last_update_on.clone()),
        Cell::Text(
            if r.stale_on.as_deref().is_some_and(|s| s < today) {
                "是"
            } else {
                ""
            }
            .into(),
        ),
    ]
}

/// The filtered ledger inside the caller's scope as .xlsx (streamed page by page), at most
/// `q.limit` rows when given; audited.
pub async fn ledger_xlsx(store: &Store, p: &Principal, q: &ProjectQuery) -> ServiceResult<Vec<u8>> {
    p.require(p.role.can_export())?;
    let today = today_cn();
    let today_text = today.to_string();
    let f = q.filter(p, today)?;
    let columns = COLUMNS
        .iter()
        .map(|c| {
            let col = Column::new(c.zh);
            if matches!(
                c.key,
                "number" | "division" | "industry" | "enterprise" | "key_listed_by"
            ) || c.key.ends_with("amount")
                || c.key.ends_with("rate")
                || c.key.ends_with("usd")
            {
                col.as_text()
            } else {
                col
            }
        })
        .collect();
    let mut w = XlsxWriter::new("项目台账", columns).map_err(write_err)?;
    let cap = q
        .limit
        .and_then(|l| usize::try_from(l).ok())
        .map_or(MAX_LEDGER_ROWS, |l| l.min(MAX_LEDGER_ROWS));
    let mut after = q.after;
    let mut rows = 0usize;
    while rows < cap {
        let want = (cap - rows).min(2000) as i64;
        let page = store_projects::list_full(store, &p.scope, &f, after, want).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        let ids: Vec<i64> = page.iter().map(|r| r.id).collect();
        let mut team: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        for (id, role, name) in store_parts::team_of_many(store, &ids).await? {
            team.entry(id).or_default().push((role, name));
        }
        let open: HashMap<i64, i64> = store_parts::open_problems_of_many(store, &ids)
            .await?
            .into_iter()
            .collect();
        for r in &page {
            let cells = row_cells(
                r,
                team.get(&r.id).map_or(&[][..], Vec::as_slice),
                open.get(&r.id).copied().unwrap_or(0),
                &today_text,
            );
            w.push_row(&cells).map_err(write_err)?;
            rows += 1;
        }
    }
    let bytes = w.finish().map_err(write_err)?;
    let mut tx = store.begin_write().await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "projects_exported",
            object_type: "export",
            object_id: "projects.xlsx",
            placement: &p.placement,
            before: None,
            after: Some(
                serde_json::json!({"rows": rows, "filter": {"stage": q.stage, "key_level": q.key_level,
                "industry": q.industry, "division": q.division, "stale": q.stale, "team": q.team}}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(bytes)
}

/// What one row of an import would do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PreviewRow {
    pub row: usize,
    pub number: Option<String>,
    pub name: String,
    pub stage: String,
    /// create, update or unchanged.
    pub action: String,
}

/// What a ledger import did or would do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LedgerImportReport {
    pub dry_run: bool,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Every problem found; a file with any error changes nothing.
    pub errors: Vec<RowError>,
    pub committed: bool,
    /// The first 200 rows and what each would do.
    pub preview: Vec<PreviewRow>,
}

fn row_input(row: &kaifang_exchange::Row, pos: &HashMap<&'static str, usize>) -> ProjectInput {
    let get = |k: &str| -> Option<String> {
        pos.get(k)
            .map(|&i| row.get(i).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    // Drop-down style values ("320102 玄武区") carry the code first.
    let code = |k: &str| get(k).map(|s| s.split_whitespace().next().unwrap_or("").to_string());
    let date = |k: &str| get(k).map(|d| d.replace('/', "-"));
    let investors = (1..=3)
        .map(|n| ProjectInvestor {
            name: get(&format!("investor{n}_name")),
            region: code(&format!("investor{n}_region")),
        })
        .collect();
    ProjectInput {
        name: get("name"),
        description: None,
        division: code("division"),
        zone: code("zone"),
        industry: code("industry"),
        project_type: get("project_type").map(|s| code_of(rules::TYPES, &s)),
        investors: Some(investors),
        enterprise: get("enterprise"),
        total_amount: get("total_amount"),
        total_currency: code("total_currency"),
        total_rate: get("total_rate"),
        total_rate_on: date("total_rate_on"),
        contracted_amount: get("contracted_amount"),
        contracted_currency: code("contracted_currency"),
        contracted_rate: get("contracted_rate"),
        contracted_rate_on: date("contracted_rate_on"),
        land_mu: get("land_mu"),
        expected_output: get("expected_output"),
        expected_tax: get("expected_tax"),
        jobs: get("jobs"),
        lead_source: get("lead_source").map(|s| code_of(rules::LEAD_SOURCES, &s)),
        key_level: get("key_level").map(|s| code_of(rules::KEY_LEVELS, &s)),
        key_listed_by: code("key_listed_by"),
        publishable: get("publishable"),
        stage: get("stage").map(|s| stage_code(&s)),
        lead_on: date("lead_on"),
        talks_on: date("talks_on"),
        signed_on: date("signed_on"),
        signing_mode: get("signing_mode"),
        construction_on: date("construction_on"),
        production_on: date("production_on"),
        capacity_on: date("capacity_on"),
    }
}

/// The record fields an import compares (what a ledger row can set).
fn same_record(a: &ProjectRow, b: &ProjectRow) -> bool {
    let strip = |r: &ProjectRow| {
        let mut r = r.clone();
        r.last_update_on = String::new();
        r.stale_on = None;
        r.updated_at = String::new();
        r.description = String::new();
        r
    };
    strip(a) == strip(b)
}

enum Planned {
    Create(Box<ProjectRow>, i64),
    Update(Box<ProjectRow>, Box<ProjectRow>),
    Unchanged,
}

/// Validates (and unless `dry_run`, commits in one transaction) a ledger file.
/// Rows with a project number of the caller's scope update that project's record;
/// others register new projects. A row's utilised capital, for a new project,
/// becomes one opening tranche in US dollars dated at its signing.
pub async fn import_ledger(
    store: &Store,
    p: &Principal,
    bytes: &[u8],
    filename: &str,
    dry_run: bool,
) -> ServiceResult<LedgerImportReport> {
    require_writer(p)?;
    let mut report = LedgerImportReport {
        dry_run,
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        errors: vec![],
        committed: false,
        preview: vec![],
    };
    let file_error = |code: &str, m: Message| RowError::new(0, String::new(), code, m.zh, m.en);
    let table = match kaifang_exchange::read_table(bytes, filename, None) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(file_error("file.unreadable", e.message()));
            return Ok(report);
        }
    };
    report.rows = table.rows.len();
    let mut pos: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in table.headers.iter().enumerate() {
        let h = h.trim();
        if let Some(c) = COLUMNS
            .iter()
            .find(|c| c.zh == h || c.key == h || c.en.eq_ignore_ascii_case(h))
        {
            pos.insert(c.key, i);
        } else if !h.is_empty() {
            report.errors.push(RowError::new(
                1,
                h.to_string(),
                "column.unknown",
                format!("无法识别的列“{h}”，请使用导出的台账格式"),
                format!("unknown column {h:?}; use the exported ledger layout"),
            ));
        }
    }
    for key in ["name", "division", "industry"] {
        if !pos.contains_key(key) {
            let c = COLUMNS[index_of(key)];
            report.errors.push(RowError::new(
                1,
                c.zh.to_string(),
                "column.missing",
                format!("缺少必填列“{}”", c.zh),
                format!("required column {:?} ({}) is missing", c.zh, c.en),
            ));
        }
    }
    if table.rows.is_empty() {
        report.errors.push(file_error(
            "file.no_rows",
            Message::new("文件中没有数据行", "the file has no data rows"),
        ));
    }
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let header_of = |field: &str| -> String {
        let key = if let Some(rest) = field.strip_prefix("investors[") {
            let (idx, sub) = rest.split_once("].").unwrap_or((rest, "name"));
            format!("investor{}_{sub}", idx.parse::<usize>().map_or(1, |i| i + 1))
        } else if field == "investors" {
            "investor1_name".to_string()
        } else if field == "on" {
            "stage".to_string()
        } else {
            field.to_string()
        };
        pos.get(key.as_str())
            .and_then(|&i| table.headers.get(i).cloned())
            .unwrap_or_else(|| COLUMNS.get(index_of(&key)).map_or(key.clone(), |c| c.zh.to_string()))
    };
    let today = today_cn();
    let mut planned = Vec::with_capacity(table.rows.len());
    for r in &table.rows {
        let input = row_input(r, &pos);
        let number = pos
            .get("number")
            .map(|&i| r.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let existing = match &number {
            Some(n) => store_projects::get(store, &p.scope, member_of(p), n).await?,
            None => None,
        };
        let mut push = |field: &str, code: &str, zh: String, en: String| {
            report
                .errors
                .push(RowError::new(r.line, header_of(field), code, zh, en));
        };
        let utilised = pos
            .get("utilised_usd")
            .map(|&i| r.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| Money::parse(s, Currency::USD).and_then(Money::non_negative));
        let utilised = match utilised {
            None => 0,
            Some(Ok(m)) => m.minor(),
            Some(Err(_)) => {
                push(
                    "utilised_usd",
                    "money.format",
                    "金额格式不正确".into(),
                    "not a non-negative amount".into(),
                );
                continue;
            }
        };
        if let Some(before) = &existing {
            // The stage moves only by its own actions; the ledger row must agree with it.
            if input.stage.as_deref().is_some_and(|s| s != before.stage) {
                push(
                    "stage",
                    "stage.changed",
                    "台账不能直接改变项目阶段，请在项目页面办理阶段变更".into(),
                    "a ledger does not move a project's stage; move it on the project's page".into(),
                );
                continue;
            }
            if utilised != before.utilised_usd {
                push(
                    "utilised_usd",
                    "utilised.changed",
                    "实际使用外资按笔登记，请在项目页面登记或作废到资记录".into(),
                    "utilised capital is recorded tranche by tranche on the project's page".into(),
                );
                continue;
            }
        }
        let merged = match &existing {
            Some(b) => ProjectInput::of_row(b).overlay(&ProjectInput { stage: None, ..input }),
            None => input,
        };
        match validate(&merged, p, today, existing.as_ref()) {
            Err(errs) => {
                for e in errs.iter() {
                    push(&e.field, &e.code, e.message.zh.clone(), e.message.en.clone());
                }
            }
            Ok(row) => {
                let stage = Stage::parse(&row.stage).unwrap_or(Stage::Lead);
                if existing.is_none() && utilised > 0 && stage.rank() < Stage::Signed.rank() {
                    push(
                        "utilised_usd",
                        "utilised.before_signing",
                        "签约前不能有实际使用外资".into(),
                        "no utilised capital before the signing".into(),
                    );
                    continue;
                }
                if report.preview.len() < 200 {
                    report.preview.push(PreviewRow {
                        row: r.line,
                        number: number.clone(),
                        name: row.name.clone(),
                        stage: row.stage.clone(),
                        action: match &existing {
                            None => "create",
                            Some(b) if same_record(b, &row) => "unchanged",
                            Some(_) => "update",
                        }
                        .into(),
                    });
                }
                planned.push(match existing {
                    None => Planned::Create(Box::new(row), utilised),
                    Some(b) if same_record(&b, &row) => Planned::Unchanged,
                    Some(b) => Planned::Update(Box::new(b), Box::new(row)),
                });
            }
        }
    }
    for pl in &planned {
        match pl {
            Planned::Create(..) => report.created += 1,
            Planned::Update(..) => report.updated += 1,
            Planned::Unchanged => report.unchanged += 1,
        }
    }
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }
    let mut tx = store.begin_write().await?;
    for pl in planned {
        match pl {
            Planned::Unchanged => {}
            Planned::Update(before, mut row) => {
                touch(&mut tx, &mut row, today).await?;
                store_projects::update(&mut tx, &before, &row).await?;
                tx.audit(
                    &p.actor(),
                    AuditEvent {
                        action: "project_updated",
                        object_type: "project",
                        object_id: &row.number,
                        placement: &row.placement(),
                        before: Some(audit_value(&before)),
                        after: Some(audit_value(&row)),
                    },
                )
                .await?;
            }
            Planned::Create(mut row, utilised) => {
                touch(&mut tx, &mut row, today).await?;
                row.created_at = kaifang_store::now_text();
                row.utilised_usd = utilised;
                let year = row.lead_on[..4].to_string();
                let (id, number) =
                    store_projects::insert(&mut tx, &row, &format!("XM-{year}-{}", row.division)).await?;
                row.id = id;
                row.number = number.clone();
                store_parts::append_stage_event(
                    &mut tx,
                    &StageEventRow {
                        project_id: id,
                        on_date: row.stage_on.clone(),
                        actor_id: Some(p.user_id),
                        actor_name: p.username.clone(),
                        to_stage: row.stage.clone(),
                        evidence: Some(format!("imported from {filename}")),
                        ..Default::default()
                    },
                )
                .await?;
                if utilised > 0 {
                    let on = row.signed_on.clone().unwrap_or_else(|| row.stage_on.clone());
                    let on_day = on.clone();
                    store_parts::insert_tranche(
                        &mut tx,
                        &TrancheRow {
                            project_id: id,
                            received_on: on.clone(),
                            amount_minor: utilised,
                            currency: "USD".into(),
                            rate: rules::Rate::ONE.micros(),
                            rate_on: on,
                            usd_minor: utilised,
                            note: Some("台账导入期初数 / opening balance from an imported ledger".into()),
                            scope_province: row.scope_province.clone(),
                            scope_prefecture: row.scope_prefecture.clone(),
                            scope_county: row.scope_county.clone(),
                            recorded_by: p.username.clone(),
                            ..Default::default()
                        },
                    )
                    .await?;
                    kaifang_store::project_stats::apply_tranche(&mut tx, &row, &on_day, utilised).await?;
                }
                tx.audit(
                    &p.actor(),
                    AuditEvent {
                        action: "project_imported",
                        object_type: "project",
                        object_id: &number,
                        placement: &row.placement(),
                        before: None,
                        after: Some(audit_value(&row)),
                    },
                )
                .await?;
            }
        }
    }
    tx.commit().await?;
    report.committed = true;
    Ok(report)
}
