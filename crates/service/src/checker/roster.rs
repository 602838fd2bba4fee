//! Screening the roster: the operating FIEs inside the caller's jurisdiction whose registered
//! industry class falls under a restricted or prohibited measure of the national list in force.
//! Codes decide here (a roster has no activity text), so a class shared by several measures is
//! listed under each: the list is for officers to review, not a verdict.

use kaifang_domain::accounts::Role;
use kaifang_domain::industry_code::IndustryCode;
use kaifang_exchange::{Cell, Column, XlsxWriter};
use kaifang_store::{AuditEvent, Store, enterprises};
use serde::Serialize;
use time::Date;

use super::Checker;
use crate::{Principal, ServiceResult};

/// An enterprise of the roster, as the screening lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterFirm {
    pub uscc: String,
    pub name_zh: String,
    pub division: String,
    pub industry: String,
}

/// One measure with the roster's enterprises whose class it covers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterGroup {
    pub edition: String,
    pub item: u32,
    pub kind: String,
    pub text: String,
    pub provenance: String,
    /// Registered classes under the measure, with how many operating FIEs each.
    pub classes: Vec<(String, i64)>,
    pub total: i64,
    /// The first enterprises (at most `limit`).
    pub firms: Vec<RosterFirm>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterReport {
    pub date: String,
    pub groups: Vec<RosterGroup>,
}

impl Checker {
    /// The screening for the caller's jurisdiction on `date`, with at most `limit` firms a measure.
    pub async fn roster(&self, store: &Store, p: &Principal, date: Date, limit: i64) -> ServiceResult<RosterReport> {
        p.require(p.role != Role::Enterprise)?;
        let lib = self.library();
        let mut groups: Vec<RosterGroup> = Vec::new();
        for (code, n) in enterprises::industry_counts(store, &p.scope).await? {
            let Ok(c) = IndustryCode::parse(&code) else { continue };
            for (e, it) in lib.measures_for_code(date, &c) {
                let g = match groups.iter_mut().position(|g| g.edition == e.id && g.item == it.no) {
                    Some(i) => &mut groups[i],
                    None => {
                        groups.push(RosterGroup {
                            edition: e.id.clone(),
                            item: it.no,
                            kind: it.kind.map_or("", |k| k.as_str()).into(),
                            text: it.text.clone(),
                            provenance: it.provenance.map_or("R", |p| p.as_str()).into(),
                            classes: vec![],
                            total: 0,
                            firms: vec![],
                        });
                        groups.last_mut().expect("pushed")
                    }
                };
                g.classes.push((code.clone(), n));
                g.total += n;
            }
        }
        for g in &mut groups {
            let codes: Vec<String> = g.classes.iter().map(|c| c.0.clone()).collect();
            g.firms = enterprises::with_industries(store, &p.scope, &codes, limit)
                .await?
                .into_iter()
                .map(|r| RosterFirm {
                    uscc: r.uscc,
                    name_zh: r.name_zh,
                    division: r.division,
                    industry: r.industry,
                })
                .collect();
        }
        groups.sort_by_key(|g| (g.kind != "prohibited", g.item));
        Ok(RosterReport {
            date: date.to_string(),
            groups,
        })
    }
}

/// Firms listed per measure in an export (a county or a province has far fewer).
pub const MAX_EXPORT_PER_MEASURE: i64 = 50_000;

impl Checker {
    /// The screening as an .xlsx workbook, one row per firm and measure, for the officer to work
    /// through; audited like every export.
    pub async fn roster_xlsx(&self, store: &Store, p: &Principal, date: Date) -> ServiceResult<Vec<u8>> {
        p.require(p.role.can_export())?;
        let report = self.roster(store, p, date, MAX_EXPORT_PER_MEASURE).await?;
        let columns = vec![
            Column::new("措施"),
            Column::new("类别"),
            Column::new("来源标记"),
            Column::new("措施内容"),
            Column::new("统一社会信用代码").as_text(),
            Column::new("企业名称"),
            Column::new("行政区划代码").as_text(),
            Column::new("行业代码").as_text(),
        ];
        let mut w = XlsxWriter::new("准入筛查", columns).map_err(crate::export::write_err)?;
        let mut rows = 0usize;
        for g in &report.groups {
            let kind = if g.kind == "prohibited" { "禁止" } else { "限制" };
            for f in &g.firms {
                w.push_row(&[
                    Cell::Text(format!("{}:{}", g.edition, g.item)),
                    Cell::Text(kind.into()),
                    Cell::Text(g.provenance.clone()),
                    Cell::Text(g.text.clone()),
                    Cell::Text(f.uscc.clone()),
                    Cell::Text(f.name_zh.clone()),
                    Cell::Text(f.division.clone()),
                    Cell::Text(f.industry.clone()),
                ])
                .map_err(crate::export::write_err)?;
                rows += 1;
            }
        }
        let bytes = w.finish().map_err(crate::export::write_err)?;
        let mut tx = store.begin_write().await?;
        tx.audit(
            &p.actor(),
            AuditEvent {
                action: "roster_screening_exported",
                object_type: "export",
                object_id: "roster-screening.xlsx",
                placement: &p.placement,
                before: None,
                after: Some(serde_json::json!({ "date": report.date, "rows": rows })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(bytes)
    }
}
