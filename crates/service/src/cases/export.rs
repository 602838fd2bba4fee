//! The case ledger as .xlsx: one row per case with its deadlines and clock,
//! the same filters as the list, audited.

use kaifang_exchange::{Cell, Column, XlsxWriter};
use kaifang_store::cases::{self as store_cases, CaseFilter};
use kaifang_store::{AuditEvent, Store};

use super::{CATEGORIES, CaseQuery, handles, view};
use crate::calendar::Calendars;
use crate::enterprises::today_cn;
use crate::export::{MAX_EXPORT_ROWS, write_err};
use crate::{Principal, ServiceResult};

const HEADERS: &[&str] = &[
    "编号",
    "类型",
    "类别",
    "标题",
    "企业统一社会信用代码",
    "投诉人",
    "状态",
    "时限状态",
    "来源地",
    "承办地",
    "承办部门",
    "收件日期",
    "交办日期",
    "签收时限",
    "答复时限",
    "办结时限",
    "下一时限",
    "时限待定（节假日未公布）",
    "办结日期",
    "办结工作日",
    "关闭日期",
    "评分",
];

fn opt(s: &Option<String>) -> Cell {
    s.clone().map_or(Cell::Empty, Cell::Text)
}

fn date(s: &Option<String>) -> Cell {
    s.clone().map_or(Cell::Empty, Cell::Date)
}

/// Exports the filtered ledger inside the caller's scope.
pub async fn ledger_xlsx(store: &Store, cals: &Calendars, p: &Principal, q: &CaseQuery) -> ServiceResult<Vec<u8>> {
    p.require(p.role.can_export())?;
    let today = today_cn();
    let f: CaseFilter = super::filter_of(q, today, p);
    let cal = cals.get(store).await?;
    let columns = HEADERS
        .iter()
        .map(|h| {
            let c = Column::new(*h);
            if matches!(*h, "企业统一社会信用代码" | "来源地" | "承办地") {
                c.as_text()
            } else {
                c
            }
        })
        .collect();
    let mut w = XlsxWriter::new("案件台账", columns).map_err(write_err)?;
    let mut after = None;
    let mut rows = 0usize;
    loop {
        let page = store_cases::list(store, &p.scope, &f, after, 2000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for c in &page {
            let v = view(&cal, c, today, handles(p, c));
            let category = CATEGORIES
                .iter()
                .find(|x| x.0 == v.category)
                .map_or(v.category.clone(), |x| x.1.to_string());
            let kind = super::kind_name(&v.kind).map_or(v.kind.as_str(), |n| n.0);
            w.push_row(&[
                Cell::Text(v.number),
                Cell::Text(kind.to_string()),
                Cell::Text(category),
                Cell::Text(v.title),
                opt(&v.enterprise),
                opt(&v.complainant),
                Cell::Text(v.status),
                Cell::Text(v.clock),
                Cell::Text(v.origin_division),
                Cell::Text(v.owner_division),
                opt(&v.department),
                Cell::Date(v.received_on),
                date(&v.dispatched_on),
                date(&v.acknowledge_due),
                date(&v.reply_due),
                date(&v.resolve_due),
                date(&v.next_due),
                Cell::Text(if v.due_provisional { "是" } else { "" }.into()),
                date(&v.resolved_on),
                c.days_to_close.map_or(Cell::Empty, Cell::Int),
                date(&v.closed_on),
                v.rating.map_or(Cell::Empty, Cell::Int),
            ])
            .map_err(write_err)?;
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
            action: "cases_exported",
            object_type: "export",
            object_id: "cases.xlsx",
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({
                "rows": rows,
                "filter": {"kind": q.kind, "status": q.status, "category": q.category, "overdue": q.overdue, "owner": q.owner},
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(bytes)
}
