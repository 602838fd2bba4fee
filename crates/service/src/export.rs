//! Roster exports (.xlsx of the filtered list, audited) and the import template.

use crate::enterprises::{ListQuery, view};
use crate::import::COLUMNS;
use crate::{Principal, ServiceError, ServiceResult};
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_exchange::{Cell, Column, XlsxWriter};
use kaifang_store::enterprises::{self as store_ent, Cursor, EnterpriseWithInvestors};
use kaifang_store::{AuditEvent, Store};

/// Largest export, in rows.
pub const MAX_EXPORT_ROWS: usize = 1_000_000;

pub(crate) fn write_err(e: kaifang_exchange::WriteError) -> ServiceError {
    ServiceError::Store(kaifang_store::StoreError::Config(format!("spreadsheet: {e}")))
}

fn headers() -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|c| {
            let col = Column::new(c.zh);
            if matches!(
                c.key,
                "uscc" | "division" | "industry" | "supplier_of" | "liaison_phone"
            ) {
                col.as_text()
            } else {
                col
            }
        })
        .collect()
}

/// Exports the filtered list inside the caller's scope, page by page, to .xlsx
/// in the template's column layout (so an export can be edited and re-imported).
pub async fn roster_xlsx(store: &Store, p: &Principal, q: &ListQuery) -> ServiceResult<Vec<u8>> {
    p.require(p.role.can_export())?;
    let (f, sort, _, _) = q.filter(p)?;
    let mut w = XlsxWriter::new("外资企业", headers()).map_err(write_err)?;
    let mut after: Option<Cursor> = None;
    let mut rows = 0usize;
    loop {
        let page = store_ent::list(store, &p.scope, &f, sort, after.as_ref(), 2000).await?;
        if page.is_empty() {
            break;
        }
        after = page.last().map(|r| Cursor {
            key: sort.key_of(r),
            id: r.id,
        });
        let ids: Vec<String> = page.iter().map(|r| r.uscc.clone()).collect();
        let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
        let mut full = store_ent::find_many(&mut conn, &ids).await?;
        drop(conn);
        // find_many does not keep order; restore the page order.
        let pos: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, u)| (u.as_str(), i)).collect();
        full.sort_by_key(|e| pos.get(e.row.uscc.as_str()).copied().unwrap_or(usize::MAX));
        for e in &full {
            w.push_row(&row_cells(e)).map_err(write_err)?;
            rows += 1;
        }
        if rows >= MAX_EXPORT_ROWS {
            break;
        }
    }
    let bytes = w.finish().map_err(write_err)?;
    let mut tx = store.begin_write().await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "enterprises_exported",
            object_type: "export",
            object_id: "enterprises.xlsx",
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({
                "rows": rows,
                "filter": {
                    "division": q.division, "industry": q.industry, "source": q.source, "zone": q.zone,
                    "status": q.status, "tag": q.tag, "q": q.q, "sort": q.sort,
                },
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(bytes)
}

/// Enterprises as a CSV in the import template's layout (benchmarks and hand-offs).
pub fn roster_csv(rows: &[EnterpriseWithInvestors]) -> Vec<u8> {
    let headers: Vec<&str> = COLUMNS.iter().map(|c| c.zh).collect();
    kaifang_exchange::write_csv(
        &headers,
        rows.iter().map(|e| {
            row_cells(e)
                .into_iter()
                .map(|c| match c {
                    Cell::Text(t) | Cell::Date(t) => t,
                    Cell::Int(i) => i.to_string(),
                    Cell::Number(n) => n.to_string(),
                    Cell::Empty => String::new(),
                })
                .collect()
        }),
    )
}

fn row_cells(e: &EnterpriseWithInvestors) -> Vec<Cell> {
    let v = view(e);
    let t = |s: &Option<String>| s.clone().map(Cell::Text).unwrap_or(Cell::Empty);
    let mut cells = vec![
        Cell::Text(v.uscc.clone()),
        Cell::Text(v.name_zh.clone()),
        t(&v.name_en),
        Cell::Text(v.division.clone()),
        t(&v.address),
        Cell::Text(v.industry.clone()),
        t(&v.zone),
        v.established_on.clone().map(Cell::Date).unwrap_or(Cell::Empty),
        t(&v.capital_amount),
        t(&v.capital_currency),
        t(&v.controller_region),
    ];
    for i in 0..crate::import::INVESTOR_COLUMNS {
        match v.investors.get(i) {
            Some(inv) => {
                cells.push(Cell::Text(inv.name.clone()));
                cells.push(Cell::Text(inv.region.clone()));
                cells.push(t(&inv.share));
            }
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
    }
    cells.push(t(&v.liaison_name));
    cells.push(t(&v.liaison_phone));
    cells.push(Cell::Text(if v.is_key { "是" } else { "否" }.into()));
    cells.push(t(&v.supplier_of));
    cells
}

/// The import template for the caller: drop-downs list the divisions inside
/// its jurisdiction, industry classes, regions, currencies and zones.
pub fn roster_template(p: &Principal) -> ServiceResult<Vec<u8>> {
    p.require(p.role.can_edit_roster())?;
    let rd = kaifang_refdata::get();
    let divisions: Vec<String> = rd
        .divisions()
        .filter(|d| matches!(d.level, DivisionLevel::Prefecture | DivisionLevel::County))
        .filter(|d| match &p.scope {
            Scope::National => true,
            Scope::Division { code, .. } => rd.is_within(&d.code, code),
            Scope::Enterprise { .. } => false,
        })
        .map(|d| format!("{} {}", d.code, crate::placement::full_name(&d.code)))
        .collect();
    let industries: Vec<String> = rd
        .industries()
        .filter(|i| i.level == kaifang_refdata::IndustryLevel::Class)
        .map(|i| format!("{} {}", i.code, i.name_zh))
        .collect();
    let regions: Vec<String> = rd
        .regions()
        .filter(|r| r.alpha2 != "CN")
        .map(|r| format!("{} {}", r.alpha2, r.name_zh))
        .collect();
    let zones: Vec<String> = rd.zones().map(|z| format!("{} {}", z.id, z.name_zh)).collect();
    let currencies: Vec<String> = ["CNY", "USD", "HKD", "EUR", "JPY", "GBP", "KRW", "SGD", "TWD", "CHF"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let columns: Vec<Column> = COLUMNS
        .iter()
        .zip(headers())
        .map(|(c, col)| {
            let col = if c.required {
                col.with_note(format!("必填 / required: {}", c.en))
            } else {
                col.with_note(c.en)
            };
            match c.key {
                "division" => col.with_choices(divisions.clone()),
                "industry" => col.with_choices(industries.clone()),
                "zone" => col.with_choices(zones.clone()),
                "capital_currency" => col.with_choices(currencies.clone()),
                "is_key" => col.with_choices(vec!["是".into(), "否".into()]),
                k if k.ends_with("_region") => col.with_choices(regions.clone()),
                _ => col,
            }
        })
        .collect();
    let instructions: Vec<String> = vec![
        "外资企业导入模板 / FIE roster import template".into(),
        "1. 第一行为列名，请勿修改；带“必填”批注的列必须填写。Row 1 holds the column names: do not change them; columns noted 'required' must be filled.".into(),
        "2. 统一社会信用代码为18位（GB 32100-2015），系统校验校验位；已存在的代码将更新原记录。The credit code has 18 characters with a check digit; an existing code updates its record.".into(),
        "3. 行政区划、行业、国别、园区可从下拉列表选择，也可只填代码（如 320102、3841、HK）。Divisions, industries, regions and zones can be picked from the drop-downs or given as codes.".into(),
        "4. 行业填写四位小类代码（GB/T 4754-2017 含第1号修改单）。Industry is the 4-digit class of GB/T 4754-2017 with amendment No. 1.".into(),
        "5. 日期格式 YYYY-MM-DD；持股比例填百分数（如 51 或 33.33）。Dates are YYYY-MM-DD; shares are percentages.".into(),
        "6. 先“预检”查看每一行的问题，全部通过后再导入；导入要么全部成功，要么不做任何改动。Check first; an import writes all rows or none.".into(),
        "7. 园区名单中标注未核实的数据来自第三方整理，使用前请与商务部公布名单核对。Zones are compiled from secondary sources and unverified.".into(),
    ];
    let example = vec![
        Cell::Text("91320102MA1XXXXXX0（示例，请替换）".into()),
        Cell::Text("示例（南京）电子有限公司".into()),
        Cell::Text("Example (Nanjing) Electronics Co., Ltd.".into()),
    ];
    kaifang_exchange::template_xlsx("外资企业", columns, Some(example), &instructions).map_err(write_err)
}
