//! The FIE roster service: validation of enterprise input, scoped reads and audited writes.

mod input;
mod snapshot;
mod view;

pub use input::{EnterpriseInput, InvestorInput, parse_flag as input_flag, validate};
pub(crate) use input::{check_foreign_region, check_industry, flex};
pub use snapshot::{SNAPSHOT_FIELDS, snapshot_json, snapshot_row, snapshot_value};
pub use view::{EnterpriseView, InvestorView, view};

use crate::{Principal, ServiceError, ServiceResult};
use kaifang_domain::field_error::{FieldError, Message};
use kaifang_domain::uscc::Uscc;
use kaifang_store::enterprises::{self as store_ent, Cursor, ListFilter, SortKey};
use kaifang_store::{AuditEvent, Store};

/// Today's date in China (UTC+8), as YYYY-MM-DD: the default "as of" date of the UI.
pub fn today_cn() -> time::Date {
    date_cn(time::OffsetDateTime::now_utc())
}

/// The date in China (UTC+8) at a moment.
pub fn date_cn(t: time::OffsetDateTime) -> time::Date {
    (t + time::Duration::hours(8)).date()
}

/// One enterprise by credit code, if inside the caller's scope.
pub async fn get(store: &Store, p: &Principal, uscc: &str) -> ServiceResult<EnterpriseView> {
    let uscc = Uscc::parse(uscc).map_err(|_| ServiceError::NotFound)?;
    let e = store_ent::get(store, &p.scope, uscc.as_str())
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(view(&e))
}

/// Creates an enterprise inside the caller's jurisdiction.
pub async fn create(store: &Store, p: &Principal, input: &EnterpriseInput) -> ServiceResult<EnterpriseView> {
    p.require(p.role.can_edit_roster())?;
    let w = validate(input, p, today_cn())?;
    check_supplier_exists(store, &w).await?;
    let mut tx = store.begin_write().await?;
    match store_ent::insert(&mut tx, &w).await {
        Ok(_) => {}
        Err(kaifang_store::StoreError::Conflict(_)) => {
            return Err(FieldError::new(
                "uscc",
                "uscc.exists",
                Message::new(
                    "该统一社会信用代码已在企业库中",
                    "an enterprise with this credit code is already in the roster",
                ),
            )
            .into());
        }
        Err(e) => return Err(e.into()),
    }
    let saved = store_ent::get_in(tx.conn(), None, &w.uscc)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let v = view(&saved);
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "enterprise_created",
            object_type: "enterprise",
            object_id: &w.uscc,
            placement: &w.placement,
            before: None,
            after: Some(snapshot_value(&saved.row, &saved.investors)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

async fn check_supplier_exists(store: &Store, w: &kaifang_store::enterprises::EnterpriseWrite) -> ServiceResult<()> {
    if let Some(s) = &w.supplier_of {
        let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
        if store_ent::locate(&mut conn, s).await?.is_none() {
            return Err(FieldError::new(
                "supplier_of",
                "supplier_of.unknown",
                Message::new("所供货的外资企业不在企业库中", "the FIE supplied is not in the roster"),
            )
            .into());
        }
    }
    Ok(())
}

/// Changes an enterprise: fields present in `patch` replace the stored ones
/// (an empty text clears an optional field). `expected_version`, when given,
/// must match, so two officers cannot overwrite each other unknowingly.
pub async fn update(
    store: &Store,
    p: &Principal,
    uscc: &str,
    patch: &EnterpriseInput,
    expected_version: Option<i64>,
) -> ServiceResult<EnterpriseView> {
    p.require(p.role.can_edit_roster())?;
    let uscc = Uscc::parse(uscc).map_err(|_| ServiceError::NotFound)?;
    let current = store_ent::get(store, &p.scope, uscc.as_str())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = view(&current);
    if let Some(v) = patch.uscc.as_deref()
        && Uscc::parse(v).map(|u| u != uscc).unwrap_or(true)
    {
        return Err(FieldError::new(
            "uscc",
            "uscc.immutable",
            Message::new("统一社会信用代码不可修改", "the credit code of a record cannot change"),
        )
        .into());
    }
    let merged = before.to_input().overlay(patch);
    let mut w = validate(&merged, p, today_cn())?;
    // Status changes go through deregister, not through an edit.
    w.status = current.row.status.clone();
    w.deregistered_on = current.row.deregistered_on.clone();
    check_supplier_exists(store, &w).await?;
    let version = expected_version.unwrap_or(current.row.version);
    save_change(store, p, &current, version, &w, "enterprise_updated").await
}

/// Writes a changed enterprise at `version` and audits it with its states before and after.
async fn save_change(
    store: &Store,
    p: &Principal,
    current: &store_ent::EnterpriseWithInvestors,
    version: i64,
    w: &store_ent::EnterpriseWrite,
    action: &str,
) -> ServiceResult<EnterpriseView> {
    let mut tx = store.begin_write().await?;
    store_ent::update(&mut tx, current.row.id, version, w).await?;
    let saved = store_ent::get_in(tx.conn(), None, &w.uscc)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action,
            object_type: "enterprise",
            object_id: &w.uscc,
            placement: &w.placement,
            before: Some(snapshot_value(&current.row, &current.investors)),
            after: Some(snapshot_value(&saved.row, &saved.investors)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(&saved))
}

/// Marks an enterprise deregistered on a date. Records are never deleted.
pub async fn deregister(store: &Store, p: &Principal, uscc: &str, on: &str) -> ServiceResult<EnterpriseView> {
    p.require(p.role.can_edit_roster())?;
    // Scope first: a record outside the jurisdiction is "not found" whatever the input.
    let uscc = Uscc::parse(uscc).map_err(|_| ServiceError::NotFound)?;
    let current = store_ent::get(store, &p.scope, uscc.as_str())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let date =
        time::Date::parse(on.trim(), &time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| {
            FieldError::new(
                "deregistered_on",
                "date.format",
                Message::new("日期格式应为 YYYY-MM-DD", "a date is written YYYY-MM-DD"),
            )
        })?;
    if date > today_cn() {
        return Err(FieldError::new(
            "deregistered_on",
            "date.future",
            Message::new(
                "注销日期不能晚于今天",
                "the deregistration date cannot be in the future",
            ),
        )
        .into());
    }
    if current.row.status == "deregistered" {
        return Err(ServiceError::Conflict {
            message: "the enterprise is already deregistered".into(),
            allowed: vec![],
        });
    }
    let before = view(&current);
    let mut w = validate(&before.to_input(), p, today_cn())?;
    w.status = "deregistered".into();
    w.deregistered_on = Some(date.to_string());
    save_change(store, p, &current, current.row.version, &w, "enterprise_deregistered").await
}

/// Query of the roster list, as received from a page or the API.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Division subtree (6-digit code) inside your jurisdiction.
    pub division: Option<String>,
    /// Industry: section letter, 2-digit division, 3-digit group or 4-digit class.
    pub industry: Option<String>,
    /// Source country or region of any investor (ISO alpha-2).
    pub source: Option<String>,
    /// Zone id.
    pub zone: Option<String>,
    /// operating | deregistered
    pub status: Option<String>,
    /// key = key enterprises; supplier = key suppliers of another FIE.
    pub tag: Option<String>,
    /// Key suppliers of this FIE (its credit code).
    pub supplier_of: Option<String>,
    /// Free text over Chinese and English names and the credit code.
    pub q: Option<String>,
    /// newest (default) | name | established | updated
    pub sort: Option<String>,
    /// Cursor from the previous page's `next`.
    pub after: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
}

impl ListQuery {
    fn nonempty(v: &Option<String>) -> Option<String> {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    /// The store filter, or field errors naming what is wrong.
    pub fn filter(&self, p: &Principal) -> ServiceResult<(ListFilter, SortKey, Option<Cursor>, i64)> {
        let mut errs = kaifang_domain::field_error::FieldErrors::new();
        let mut f = ListFilter::default();
        if let Some(d) = Self::nonempty(&self.division) {
            match crate::placement::scope_of(&d) {
                Some(s)
                    if p.covers_division(&d)
                        || matches!(p.scope, kaifang_domain::jurisdiction::Scope::Enterprise { .. }) =>
                {
                    f.within = Some(s)
                }
                Some(_) => errs.push(FieldError::new(
                    "division",
                    "scope.outside",
                    Message::new("超出您的管辖范围", "outside your jurisdiction"),
                )),
                None => errs.push(FieldError::new(
                    "division",
                    "division.unknown",
                    Message::new(
                        format!("行政区划代码 {d} 不存在"),
                        format!("division code {d} does not exist"),
                    ),
                )),
            }
        }
        if let Some(i) = Self::nonempty(&self.industry) {
            match kaifang_refdata::get().industry(&i) {
                Some(ind) => f.industry_range = Some(industry_range(ind)),
                None => errs.push(FieldError::new(
                    "industry",
                    "industry.unknown",
                    Message::new(
                        format!("行业代码 {i} 不存在"),
                        format!("industry code {i} does not exist"),
                    ),
                )),
            }
        }
        if let Some(r) = Self::nonempty(&self.source) {
            match kaifang_refdata::get().region(&r) {
                Some(reg) => f.source_region = Some(reg.alpha2.clone()),
                None => errs.push(FieldError::new(
                    "source",
                    "region.unknown",
                    Message::new(
                        format!("国家或地区代码 {r} 不存在"),
                        format!("country or region code {r} does not exist"),
                    ),
                )),
            }
        }
        f.zone = Self::nonempty(&self.zone);
        match Self::nonempty(&self.status).as_deref() {
            None => {}
            Some(s @ ("operating" | "deregistered")) => f.status = Some(s.to_string()),
            Some(_) => errs.push(FieldError::new(
                "status",
                "status.unknown",
                Message::new(
                    "状态须为 operating 或 deregistered",
                    "status is operating or deregistered",
                ),
            )),
        }
        match Self::nonempty(&self.tag).as_deref() {
            None => {}
            Some("key") => f.key_only = true,
            Some("supplier") => f.supplier_of = Some(String::new()),
            Some(_) => errs.push(FieldError::new(
                "tag",
                "tag.unknown",
                Message::new("标签须为 key 或 supplier", "tag is key or supplier"),
            )),
        }
        if let Some(u) = Self::nonempty(&self.supplier_of) {
            match Uscc::parse(&u) {
                Ok(u) => f.supplier_of = Some(u.as_str().to_string()),
                Err(e) => errs.push(kaifang_domain::field_error::ToFieldError::to_field_error(
                    &e,
                    "supplier_of",
                )),
            }
        }
        f.text = Self::nonempty(&self.q);
        let sort = match SortKey::parse(self.sort.as_deref().unwrap_or("").trim()) {
            Some(s) => s,
            None => {
                errs.push(FieldError::new(
                    "sort",
                    "sort.unknown",
                    Message::new(
                        "排序须为 newest、name、established 或 updated",
                        "sort is newest, name, established or updated",
                    ),
                ));
                SortKey::Newest
            }
        };
        let cursor = match Self::nonempty(&self.after) {
            None => None,
            Some(c) => match decode_cursor(&c) {
                Some(c) => Some(c),
                None => {
                    errs.push(FieldError::new(
                        "after",
                        "cursor.invalid",
                        Message::new("翻页游标无效", "the page cursor is not valid"),
                    ));
                    None
                }
            },
        };
        let limit = self.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            errs.push(FieldError::new(
                "limit",
                "limit.range",
                Message::new("每页条数须在 1–200 之间", "limit is between 1 and 200"),
            ));
        }
        errs.into_result((f, sort, cursor, limit)).map_err(Into::into)
    }
}

/// The class codes under an industry code, as a half-open range: a class is
/// itself; a group or division its prefix; a section the span of its divisions.
pub fn industry_range(ind: &kaifang_refdata::Industry) -> (String, String) {
    fn next(prefix: &str) -> String {
        // "38" → "39", "389" → "38:" (':' sorts right after '9').
        let mut b = prefix.as_bytes().to_vec();
        if let Some(last) = b.last_mut() {
            *last += 1;
        }
        String::from_utf8(b).unwrap_or_default()
    }
    match ind.level {
        kaifang_refdata::IndustryLevel::Section => {
            let divisions = kaifang_refdata::get().industry_children(&ind.code);
            let first = divisions.first().map(|d| d.code.clone()).unwrap_or_default();
            let last = divisions.last().map(|d| d.code.clone()).unwrap_or_default();
            (first, next(&last))
        }
        _ => (ind.code.clone(), next(&ind.code)),
    }
}

/// One row of the roster list: what a ledger shows; the detail has the rest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct EnterpriseSummary {
    pub uscc: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub division: String,
    pub division_name: String,
    pub industry: String,
    pub industry_name: String,
    pub established_on: Option<String>,
    /// Region of the largest foreign investor.
    pub main_region: Option<String>,
    pub main_region_name: Option<String>,
    /// operating | deregistered
    pub status: String,
    pub liaison_name: Option<String>,
    pub is_key: bool,
    pub supplier_of: Option<String>,
    pub updated_at: String,
}

fn summary(r: store_ent::SummaryRow) -> EnterpriseSummary {
    let rd = kaifang_refdata::get();
    EnterpriseSummary {
        division_name: crate::placement::full_name_ref(&r.division)
            .unwrap_or(&r.division)
            .to_string(),
        industry_name: rd.industry(&r.industry).map(|i| i.name_zh.clone()).unwrap_or_default(),
        main_region_name: r
            .main_region
            .as_deref()
            .and_then(|c| rd.region(c))
            .map(|x| x.name_zh.clone()),
        uscc: r.uscc,
        name_zh: r.name_zh,
        name_en: r.name_en,
        division: r.division,
        industry: r.industry,
        established_on: r.established_on,
        main_region: r.main_region,
        status: r.status,
        liaison_name: r.liaison_name,
        is_key: r.is_key == 1,
        supplier_of: r.supplier_of,
        updated_at: r.updated_at,
    }
}

/// A page of the roster.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ListPage {
    pub items: Vec<EnterpriseSummary>,
    /// Cursor of the next page, absent on the last page.
    pub next: Option<String>,
}

pub async fn list(store: &Store, p: &Principal, q: &ListQuery) -> ServiceResult<ListPage> {
    let (f, sort, cursor, limit) = q.filter(p)?;
    let rows = store_ent::list(store, &p.scope, &f, sort, cursor.as_ref(), limit + 1).await?;
    Ok(page(rows, sort, limit))
}

/// Counts matches up to a cap (the list shows "10,000+" past it).
pub async fn count(store: &Store, p: &Principal, q: &ListQuery, cap: i64) -> ServiceResult<i64> {
    let (f, ..) = q.filter(p)?;
    Ok(store_ent::count(store, &p.scope, &f, cap).await?)
}

fn page(mut rows: Vec<store_ent::SummaryRow>, sort: SortKey, limit: i64) -> ListPage {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().map(|r| {
            encode_cursor(&Cursor {
                key: sort.key_of(r),
                id: r.id,
            })
        })
    } else {
        None
    };
    ListPage {
        items: rows.into_iter().map(summary).collect(),
        next,
    }
}

/// Cursors are opaque to clients: the id and sort key, hex-encoded.
pub fn encode_cursor(c: &Cursor) -> String {
    let raw = match &c.key {
        Some(k) => format!("{}\u{1f}{k}", c.id),
        None => c.id.to_string(),
    };
    hex::encode(raw.as_bytes())
}

pub fn decode_cursor(s: &str) -> Option<Cursor> {
    let raw = String::from_utf8(hex::decode(s).ok()?).ok()?;
    match raw.split_once('\u{1f}') {
        Some((id, k)) => Some(Cursor {
            key: Some(k.to_string()),
            id: id.parse().ok()?,
        }),
        None => Some(Cursor {
            key: None,
            id: raw.parse().ok()?,
        }),
    }
}

/// The change history of an enterprise inside the caller's scope, oldest first.
pub async fn history(store: &Store, p: &Principal, uscc: &str) -> ServiceResult<Vec<kaifang_store::audit::AuditEntry>> {
    let e = get(store, p, uscc).await?;
    Ok(kaifang_store::audit::history(store, "enterprise", &e.uscc).await?)
}
