//! The work ledger (工作台账) of a period as .xlsx — every target enterprise of the reader's
//! jurisdiction, answered or not, with its liaison and answers — and the import of answers
//! collected offline, with a dry-run preview; a file with any bad cell writes nothing.

use std::collections::{BTreeMap, HashMap};

use kaifang_domain::monitoring::{self as m, Answers, Indicator, IndicatorKind};
use kaifang_exchange::{Cell, Column, XlsxWriter};
use kaifang_store::Store;
use kaifang_store::monitoring as store_m;
use kaifang_store::monitoring_responses as store_r;
use serde::Serialize;

use super::respond::{AnswerInput, period_or_current, validate_rows};
use super::{load, require_officer};
use crate::import::RowError;
use crate::{Principal, ServiceError, ServiceResult};

const USCC_ZH: &str = "统一社会信用代码";

fn header(ind: &Indicator) -> String {
    match &ind.unit {
        Some(u) if !u.is_empty() => format!("{}（{}）[{}]", ind.label_zh, u, ind.code),
        _ => format!("{} [{}]", ind.label_zh, ind.code),
    }
}

fn indicator_columns(inds: &[Indicator]) -> Vec<Column> {
    inds.iter()
        .map(|i| {
            let c = Column::new(header(i)).with_width(16.0);
            match i.kind {
                IndicatorKind::YesNo => c.with_choices(vec!["是".into(), "否".into()]),
                IndicatorKind::Choice => c.with_choices(i.choices.iter().map(|ch| ch.label_zh.clone()).collect()),
                IndicatorKind::Text => c.with_width(30.0),
                _ => c,
            }
        })
        .collect()
}

fn cell(ind: &Indicator, a: &Answers) -> Cell {
    match a.get(&ind.code) {
        None => Cell::Text(String::new()),
        Some(m::Value::Num(v)) if ind.kind.is_numeric() => Cell::Number(*v as f64 / 100.0),
        Some(v) => Cell::Text(m::display_value(ind, v, false)),
    }
}

/// The work ledger of a period: every target in the reader's jurisdiction, in enterprise order,
/// written page by page (bounded memory).
pub async fn ledger_xlsx(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
) -> ServiceResult<(String, Vec<u8>)> {
    p.require(!matches!(
        p.scope,
        kaifang_domain::jurisdiction::Scope::Enterprise { .. }
    ))?;
    let c = load(store, p, number).await?;
    let period = period_or_current(&c, period)?;
    let versions = super::all_versions(store, c.row.id).await?;
    let mut cols = vec![
        Column::new(USCC_ZH).as_text().with_width(22.0),
        Column::new("企业名称").with_width(30.0),
        Column::new("地区代码").as_text(),
        Column::new("地区"),
        Column::new("服务专员"),
        Column::new("联系电话").as_text(),
        Column::new("填报状态"),
        Column::new("填报渠道"),
        Column::new("填报人"),
        Column::new("填报时间").with_width(24.0),
        Column::new("修改次数"),
    ];
    cols.extend(indicator_columns(&c.indicators));
    let mut w = XlsxWriter::new(&format!("{} {}", c.row.number, period), cols).map_err(internal)?;
    let rd = kaifang_refdata::get();
    let mut after = None;
    loop {
        let targets = store_m::targets_page(store, c.row.id, &p.scope, after, 2000).await?;
        let Some(last) = targets.last() else { break };
        after = Some(last.enterprise_id);
        let ids: Vec<i64> = targets.iter().map(|t| t.enterprise_id).collect();
        let mut answers: HashMap<i64, store_r::ResponseRow> = HashMap::new();
        for chunk in ids.chunks(500) {
            for r in store_r::for_enterprises(store.pool(), store.backend(), c.row.id, &period, chunk).await? {
                answers.insert(r.enterprise_id, r);
            }
        }
        for t in &targets {
            let r = answers.get(&t.enterprise_id);
            let a: Answers = r
                .map(|r| serde_json::from_str(&r.answers).unwrap_or_default())
                .unwrap_or_default();
            let inds = r
                .and_then(|r| versions.get(&r.indicator_version))
                .unwrap_or(&c.indicators);
            let mut cells = vec![
                Cell::Text(t.uscc.clone()),
                Cell::Text(t.name_zh.clone()),
                Cell::Text(t.division.clone()),
                Cell::Text(rd.division(&t.division).map(|d| d.name.clone()).unwrap_or_default()),
                Cell::Text(t.liaison_name.clone().unwrap_or_default()),
                Cell::Text(t.liaison_phone.clone().unwrap_or_default()),
                Cell::Text(if r.is_some() { "已填报" } else { "未填报" }.into()),
                Cell::Text(r.map(|r| channel_zh(&r.channel).to_string()).unwrap_or_default()),
                Cell::Text(r.map(|r| r.submitted_by.clone()).unwrap_or_default()),
                Cell::Text(r.map(|r| r.submitted_at.clone()).unwrap_or_default()),
                Cell::Int(r.map_or(0, |r| r.revision - 1)),
            ];
            for ind in &c.indicators {
                // An answer to an older version is shown under the indicators that still exist.
                if inds.iter().any(|i| i.code == ind.code) {
                    cells.push(cell(ind, &a));
                } else {
                    cells.push(Cell::Text(String::new()));
                }
            }
            w.push_row(&cells).map_err(internal)?;
        }
        if targets.len() < 2000 {
            break;
        }
    }
    Ok((
        format!("{}-{}.xlsx", c.row.number, period),
        w.finish().map_err(internal)?,
    ))
}

fn channel_zh(c: &str) -> &'static str {
    match c {
        "enterprise" => "企业自报",
        "link" => "一次性链接",
        "proxy" => "代填（电话）",
        "import" => "表格导入",
        _ => "",
    }
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Store(kaifang_store::StoreError::Config(format!("spreadsheet: {e}")))
}

/// The spreadsheet an officer fills offline: the credit code and one column per indicator.
pub async fn template_xlsx(store: &Store, p: &Principal, number: &str) -> ServiceResult<(String, Vec<u8>)> {
    let c = load(store, p, number).await?;
    let mut cols = vec![Column::new(USCC_ZH).as_text().with_width(22.0)];
    cols.extend(indicator_columns(&c.indicators));
    let lines = vec![
        format!("{}：{}", c.row.number, c.row.title),
        "每行一家企业；数值可带两位小数，百分数填写 0–100；是否题填“是/否”。".to_string(),
        "One enterprise per row; numbers with up to two decimals, percentages 0–100, yes/no as 是/否.".to_string(),
    ];
    let bytes = kaifang_exchange::template_xlsx("answers", cols, None, &lines).map_err(internal)?;
    Ok((format!("{}-template.xlsx", c.row.number), bytes))
}

/// One row of the import preview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportRow {
    pub line: usize,
    pub enterprise: String,
    pub name: String,
    /// `new` (a first answer) or `correct` (replaces an answer, kept as a revision).
    pub action: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    pub period: String,
    pub rows: usize,
    pub first_answers: usize,
    pub corrections: usize,
    pub alerts: usize,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<RowError>,
    pub committed: bool,
    /// The first 200 rows and what each would do.
    pub preview: Vec<ImportRow>,
}

/// Which indicator a header names: `… [code]`, the code, or the Chinese or English label.
fn column_of(h: &str, inds: &[Indicator]) -> Option<String> {
    let h = h.trim();
    if let (Some(open), true) = (h.rfind('['), h.ends_with(']')) {
        let code = &h[open + 1..h.len() - 1];
        if inds.iter().any(|i| i.code == code) {
            return Some(code.to_string());
        }
    }
    inds.iter()
        .find(|i| i.code == h || i.label_zh == h || i.label_en.eq_ignore_ascii_case(h))
        .map(|i| i.code.clone())
}

/// Imports answers collected offline for a period (channel `import`). With `dry_run`, checks
/// everything and shows what would happen; without, writes all rows in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn import_responses(
    store: &Store,
    p: &Principal,
    number: &str,
    period: Option<&str>,
    bytes: &[u8],
    filename: &str,
    dry_run: bool,
) -> ServiceResult<ImportReport> {
    require_officer(p)?;
    let c = load(store, p, number).await?;
    if c.row.status != "open" {
        return Err(ServiceError::Conflict {
            message: format!("the campaign is {}: it takes no answers", c.row.status),
            allowed: vec![],
        });
    }
    let period = period_or_current(&c, period)?;
    let mut report = ImportReport {
        dry_run,
        period: period.clone(),
        rows: 0,
        first_answers: 0,
        corrections: 0,
        alerts: 0,
        errors: vec![],
        committed: false,
        preview: vec![],
    };
    let table = match kaifang_exchange::read_table(bytes, filename, None) {
        Ok(t) => t,
        Err(e) => {
            let msg = e.message();
            report
                .errors
                .push(RowError::new(0, String::new(), "file.unreadable", msg.zh, msg.en));
            return Ok(report);
        }
    };
    report.rows = table.rows.len();
    let mut uscc_col = None;
    let mut cols: BTreeMap<usize, String> = BTreeMap::new();
    for (i, h) in table.headers.iter().enumerate() {
        if h.trim() == USCC_ZH || h.trim().eq_ignore_ascii_case("uscc") || h.trim().eq_ignore_ascii_case("enterprise") {
            uscc_col = Some(i);
        } else if let Some(code) = column_of(h, &c.indicators) {
            cols.insert(i, code);
        }
        // Other columns (name, division, status… of an exported ledger) are ignored.
    }
    let Some(uscc_col) = uscc_col else {
        report.errors.push(RowError::new(
            1,
            USCC_ZH.into(),
            "column.missing",
            format!("缺少必填列“{USCC_ZH}”"),
            "the credit code column (统一社会信用代码) is missing",
        ));
        return Ok(report);
    };
    let rows: Vec<AnswerInput> = table
        .rows
        .iter()
        .map(|r| AnswerInput {
            enterprise: Some(r.get(uscc_col).to_string()),
            period: None,
            answers: cols
                .iter()
                .map(|(i, code)| (code.clone(), serde_json::Value::String(r.get(*i).to_string())))
                .collect(),
        })
        .collect();
    let items = match validate_rows(store, p, &c, &rows).await {
        Ok(items) => items,
        Err(ServiceError::Invalid(errs)) => {
            for e in errs.0 {
                // Field names are rows[n].code: give the user the spreadsheet's line and header.
                let (line, column) = match e.field.strip_prefix("rows[").and_then(|s| s.split_once("].")) {
                    Some((n, code)) => {
                        let n: usize = n.parse().unwrap_or(0);
                        let line = table.rows.get(n.saturating_sub(1)).map_or(0, |r| r.line);
                        let header = if code == "enterprise" {
                            USCC_ZH.to_string()
                        } else {
                            cols.iter()
                                .find(|(_, c)| *c == code)
                                .map(|(i, _)| table.headers[*i].clone())
                                .unwrap_or_else(|| code.to_string())
                        };
                        (line, header)
                    }
                    None => (0, e.field.clone()),
                };
                report
                    .errors
                    .push(RowError::new(line, column, &e.code, e.message.zh, e.message.en));
            }
            return Ok(report);
        }
        Err(other) => return Err(other),
    };
    let ids: Vec<i64> = items.iter().map(|i| i.target.enterprise_id).collect();
    let mut existing = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        for r in store_r::for_enterprises(store.pool(), store.backend(), c.row.id, &period, chunk).await? {
            existing.insert(r.enterprise_id);
        }
    }
    for (i, it) in items.iter().enumerate() {
        let correct = existing.contains(&it.target.enterprise_id);
        if correct {
            report.corrections += 1;
        } else {
            report.first_answers += 1;
        }
        if report.preview.len() < 200 {
            report.preview.push(ImportRow {
                line: table.rows.get(i).map_or(0, |r| r.line),
                enterprise: it.target.uscc.clone(),
                name: it.target.name_zh.clone(),
                action: if correct { "correct" } else { "new" }.into(),
            });
        }
    }
    if dry_run {
        return Ok(report);
    }
    let mut tx = store.begin_write().await?;
    let out = super::respond::write(store, &mut tx, p, &c, &period, items, "import").await?;
    tx.commit().await?;
    report.alerts = out.alerts;
    report.committed = true;
    Ok(report)
}
