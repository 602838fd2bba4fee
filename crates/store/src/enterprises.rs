//! The FIE roster (外资企业库): scoped reads, keyset-paginated lists and writes.

use crate::scope::{Sql, push_scope};
use crate::{Result, Store, StoreError, WriteTx};
use kaifang_domain::jurisdiction::{Placement, Scope};
use serde::Serialize;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// One stored enterprise, as columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct EnterpriseRow {
    pub id: i64,
    pub uscc: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub division: String,
    pub scope_province: Option<String>,
    pub scope_prefecture: Option<String>,
    pub scope_county: Option<String>,
    pub address: Option<String>,
    pub industry: String,
    pub zone: Option<String>,
    pub established_on: Option<String>,
    pub capital_minor: Option<i64>,
    pub capital_currency: Option<String>,
    pub controller_region: Option<String>,
    pub main_region: Option<String>,
    pub status: String,
    pub deregistered_on: Option<String>,
    pub liaison_name: Option<String>,
    pub liaison_phone: Option<String>,
    pub is_key: i64,
    pub supplier_of: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl EnterpriseRow {
    pub fn placement(&self) -> Placement {
        Placement {
            division: self.division.clone(),
            province: self.scope_province.clone(),
            prefecture: self.scope_prefecture.clone(),
            county: self.scope_county.clone(),
            enterprise: Some(self.uscc.clone()),
        }
    }
}

/// The source region of the largest foreign investor (the first of equals).
fn main_region(investors: &[InvestorRow]) -> Option<String> {
    let mut best: Option<&InvestorRow> = None;
    for i in investors {
        if best.is_none_or(|b| i.share_bp.unwrap_or(0) > b.share_bp.unwrap_or(0)) {
            best = Some(i);
        }
    }
    best.map(|i| i.region.clone())
}

/// The columns a list shows: about half of a full row, so a page of the
/// national roster reads and copies only what it displays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub uscc: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub division: String,
    pub industry: String,
    pub established_on: Option<String>,
    pub main_region: Option<String>,
    pub status: String,
    pub liaison_name: Option<String>,
    pub is_key: i64,
    pub supplier_of: Option<String>,
    pub updated_at: String,
}

const SUMMARY_COLUMNS: &str = "e.id, e.uscc, e.name_zh, e.name_en, e.division, e.industry, e.established_on, \
    e.main_region, e.status, e.liaison_name, e.is_key, e.supplier_of, e.updated_at";

/// A foreign investor of an enterprise, in the order entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct InvestorRow {
    pub name: String,
    pub region: String,
    pub share_bp: Option<i64>,
}

/// The values written for an enterprise, already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseWrite {
    pub uscc: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub placement: Placement,
    pub address: Option<String>,
    pub industry: String,
    pub industry_section: String,
    pub zone: Option<String>,
    pub established_on: Option<String>,
    pub capital_minor: Option<i64>,
    pub capital_currency: Option<String>,
    pub controller_region: Option<String>,
    pub status: String,
    pub deregistered_on: Option<String>,
    pub liaison_name: Option<String>,
    pub liaison_phone: Option<String>,
    pub is_key: bool,
    pub supplier_of: Option<String>,
    pub investors: Vec<InvestorRow>,
}

impl EnterpriseWrite {
    /// Region of the largest foreign investor (the first among equals).
    fn main_region(&self) -> Option<String> {
        main_region(&self.investors)
    }

    fn search_text(&self) -> String {
        format!(
            "{} {} {}",
            self.name_zh,
            self.name_en.as_deref().unwrap_or(""),
            self.uscc
        )
        .to_lowercase()
    }
}

const COLUMNS: &str = "e.id, e.uscc, e.name_zh, e.name_en, e.division, e.scope_province, \
    e.scope_prefecture, e.scope_county, e.address, e.industry, e.zone, e.established_on, \
    e.capital_minor, e.capital_currency, e.controller_region, e.main_region, e.status, \
    e.deregistered_on, e.liaison_name, e.liaison_phone, e.is_key, e.supplier_of, e.version, \
    e.created_at, e.updated_at";

/// Inserts a new enterprise; Conflict if the credit code exists.
pub async fn insert(tx: &mut WriteTx, w: &EnterpriseWrite) -> Result<i64> {
    let now = crate::now_text();
    let mut sql = Sql::new(&format!(
        "INSERT INTO enterprises ({WRITE_COLUMNS}, version, created_at, updated_at) VALUES ("
    ));
    push_values(&mut sql, w.values());
    sql.push(", 1, ").bind(now.clone());
    sql.push(", ").bind(now);
    sql.push(") RETURNING id");
    let id = sql.fetch_scalar_i64(tx.conn()).await?;
    write_investors(tx.conn(), id, &w.investors).await?;
    Ok(id)
}

/// The columns an enterprise write sets, in the order of [`EnterpriseWrite::values`].
pub(crate) const WRITE_COLUMNS: &str = "uscc, name_zh, name_en, search_text, division, scope_province, \
    scope_prefecture, scope_county, address, industry, industry_section, industry_division, zone, \
    established_on, capital_minor, capital_currency, controller_region, main_region, status, \
    deregistered_on, liaison_name, liaison_phone, is_key, supplier_of";

/// One column value of a write, bindable on either driver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Text(Option<String>),
    Int(Option<i64>),
}

impl EnterpriseWrite {
    /// The values of [`WRITE_COLUMNS`] for this write.
    pub(crate) fn values(&self) -> [Val; 24] {
        self.clone().values_and_investors(|_, _| {})
    }

    /// The values of [`WRITE_COLUMNS`], moved out of this write (a bulk insert binds
    /// millions of them), its investors handed to `investor` with their positions.
    fn values_and_investors(mut self, mut investor: impl FnMut(usize, InvestorRow)) -> [Val; 24] {
        let investors = std::mem::take(&mut self.investors);
        let values = self.into_values_keeping(&investors);
        for (pos, inv) in investors.into_iter().enumerate() {
            investor(pos, inv);
        }
        values
    }

    /// The values of [`WRITE_COLUMNS`] moved out of a write whose investors were taken out
    /// (the main source region is theirs).
    fn into_values_keeping(self, investors: &[InvestorRow]) -> [Val; 24] {
        let search_text = self.search_text();
        let main_region = main_region(investors);
        let industry_division = self.industry.chars().take(2).collect();
        let t = |s: String| Val::Text(Some(s));
        let p = self.placement;
        [
            t(self.uscc),
            t(self.name_zh),
            Val::Text(self.name_en),
            t(search_text),
            t(p.division),
            Val::Text(p.province),
            Val::Text(p.prefecture),
            Val::Text(p.county),
            Val::Text(self.address),
            t(self.industry),
            t(self.industry_section),
            t(industry_division),
            Val::Text(self.zone),
            Val::Text(self.established_on),
            Val::Int(self.capital_minor),
            Val::Text(self.capital_currency),
            Val::Text(self.controller_region),
            Val::Text(main_region),
            t(self.status),
            Val::Text(self.deregistered_on),
            Val::Text(self.liaison_name),
            Val::Text(self.liaison_phone),
            Val::Int(Some(self.is_key as i64)),
            Val::Text(self.supplier_of),
        ]
    }
}

fn push_values(sql: &mut Sql, values: [Val; 24]) {
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        match v {
            Val::Text(s) => sql.bind(crate::scope::OwnedText(s)),
            Val::Int(n) => sql.bind(n),
        };
    }
}

/// Replaces every column of an enterprise, if its version is still `expected_version`.
pub async fn update(tx: &mut WriteTx, id: i64, expected_version: i64, w: &EnterpriseWrite) -> Result<()> {
    let mut sql = Sql::new(&format!("UPDATE enterprises SET ({WRITE_COLUMNS}) = ("));
    push_values(&mut sql, w.values());
    sql.push("), version = version + 1, updated_at = ")
        .bind(crate::now_text());
    sql.push(" WHERE id = ").bind(id);
    sql.push(" AND version = ").bind(expected_version);
    if sql.execute(tx.conn()).await? == 0 {
        return Err(StoreError::Conflict(
            "the record was changed by someone else; reload and try again".into(),
        ));
    }
    sqlx::query("DELETE FROM enterprise_investors WHERE enterprise_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    write_investors(tx.conn(), id, &w.investors).await?;
    Ok(())
}

async fn write_investors(conn: &mut AnyConnection, id: i64, investors: &[InvestorRow]) -> Result<()> {
    for (pos, i) in investors.iter().enumerate() {
        sqlx::query(
            "INSERT INTO enterprise_investors (enterprise_id, position, name, region, share_bp)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(pos as i64)
        .bind(i.name.clone())
        .bind(i.region.clone())
        .bind(i.share_bp)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// An enterprise with its investors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnterpriseWithInvestors {
    #[serde(flatten)]
    pub row: EnterpriseRow,
    pub investors: Vec<InvestorRow>,
}

/// One enterprise by credit code, if it exists inside the scope.
pub async fn get(store: &Store, scope: &Scope, uscc: &str) -> Result<Option<EnterpriseWithInvestors>> {
    let mut conn = store.pool().acquire().await?;
    get_in(&mut conn, Some(scope), uscc).await
}

/// One enterprise by credit code inside a transaction; `None` scope means unscoped
/// (for callers that check placement themselves, such as the importer).
pub async fn get_in(
    conn: &mut AnyConnection,
    scope: Option<&Scope>,
    uscc: &str,
) -> Result<Option<EnterpriseWithInvestors>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM enterprises e WHERE e.uscc = "));
    sql.bind(uscc.to_string());
    if let Some(scope) = scope {
        push_scope(&mut sql, scope, "e.", Some("uscc"));
    }
    let Some(row): Option<EnterpriseRow> = sql.fetch_optional_as(&mut *conn).await? else {
        return Ok(None);
    };
    let investors = sqlx::query_as(
        "SELECT name, region, share_bp FROM enterprise_investors WHERE enterprise_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(EnterpriseWithInvestors { row, investors }))
}

/// Filters of the roster list. Every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// A division subtree inside the caller's scope.
    pub within: Option<Scope>,
    /// Industry classes in `[from, to)`: a section, division, group or class
    /// as a range of 4-digit class codes (see `service::enterprises`).
    pub industry_range: Option<(String, String)>,
    /// Any investor from this region.
    pub source_region: Option<String>,
    pub zone: Option<String>,
    pub status: Option<String>,
    pub key_only: bool,
    /// Key suppliers (of any FIE when `Some("")`, of one FIE given its code otherwise).
    pub supplier_of: Option<String>,
    /// Free text over names and credit code.
    pub text: Option<String>,
}

/// Sort orders of the roster list; each is a keyset order ending in the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Newest record first.
    #[default]
    Newest,
    /// By Chinese name.
    Name,
    /// Most recently established first.
    Established,
    /// Most recently changed first.
    Updated,
}

impl SortKey {
    pub fn parse(s: &str) -> Option<SortKey> {
        Some(match s {
            "newest" | "" => SortKey::Newest,
            "name" => SortKey::Name,
            "established" => SortKey::Established,
            "updated" => SortKey::Updated,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Newest => "newest",
            SortKey::Name => "name",
            SortKey::Established => "established",
            SortKey::Updated => "updated",
        }
    }

    /// The sort expression and whether it runs descending.
    fn column(self) -> Option<(&'static str, bool)> {
        match self {
            SortKey::Newest => None,
            SortKey::Name => Some(("e.name_zh", false)),
            SortKey::Established => Some(("COALESCE(e.established_on, '')", true)),
            SortKey::Updated => Some(("e.updated_at", true)),
        }
    }

    /// The cursor key of a row for this order.
    pub fn key_of(self, r: &SummaryRow) -> Option<String> {
        match self {
            SortKey::Newest => None,
            SortKey::Name => Some(r.name_zh.clone()),
            SortKey::Established => Some(r.established_on.clone().unwrap_or_default()),
            SortKey::Updated => Some(r.updated_at.clone()),
        }
    }
}

/// Position after the last row of the previous page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: Option<String>,
    pub id: i64,
}

/// Escapes LIKE wildcards in user text.
pub fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn push_filter(sql: &mut Sql, backend: crate::Backend, scope: &Scope, f: &ListFilter) {
    push_scope(sql, scope, "e.", Some("uscc"));
    if let Some(within) = &f.within {
        push_scope(sql, within, "e.", Some("uscc"));
    }
    // Industry filters are ranges on the class code. A narrow range (a group or a
    // class) may use the industry index. A broad one (a section or a division,
    // often a large share of the roster) must not on SQLite, whose planner would
    // otherwise sort every match instead of walking the list order: the unary `+`
    // (SQLite's no-op operator) keeps the index out. PostgreSQL plans the plain
    // range well from its statistics. **Backend-specific SQL**, tested on both.
    if let Some((from, to)) = &f.industry_range {
        let col = if from.len() <= 2 && backend == crate::Backend::Sqlite {
            "+e.industry"
        } else {
            "e.industry"
        };
        sql.push(&format!(" AND {col} >= ")).push_lit(from);
        sql.push(&format!(" AND {col} < ")).push_lit(to);
    }
    if let Some(r) = &f.source_region {
        sql.push(" AND EXISTS (SELECT 1 FROM enterprise_investors i WHERE i.enterprise_id = e.id AND i.region = ")
            .push_lit(r)
            .push(")");
    }
    if let Some(z) = &f.zone {
        sql.push(" AND e.zone = ").push_lit(z);
    }
    if let Some(s) = &f.status {
        sql.push(" AND e.status = ").push_lit(s);
    }
    if f.key_only {
        sql.push(" AND e.is_key = 1");
    }
    match f.supplier_of.as_deref() {
        Some("") => {
            sql.push(" AND e.supplier_of IS NOT NULL");
        }
        Some(u) => {
            sql.push(" AND e.supplier_of = ").push_lit(u);
        }
        None => {}
    }
    if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        sql.push(" AND e.search_text LIKE ")
            .bind(like_pattern(t))
            .push(" ESCAPE '\\'");
    }
}

/// One page of the roster inside the scope, in keyset order.
///
/// **Backend-specific SQL** (tested on both): the database aggregates the page
/// into one text value ([`Sql::page`]: a JSON array on SQLite, a packed page on
/// PostgreSQL), so a page crosses the driver as one value instead of one row per record —
/// the driver's per-row hand-off and value copies were most of a list request.
pub async fn list(
    store: &Store,
    scope: &Scope,
    f: &ListFilter,
    sort: SortKey,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<SummaryRow>> {
    let cols = "id, uscc, name_zh, name_en, division, industry, established_on, main_region, status, \
                liaison_name, is_key, supplier_of, updated_at";
    let mut sql = Sql::page_kept(
        store.backend(),
        cols,
        &format!("SELECT {SUMMARY_COLUMNS} FROM enterprises e WHERE 1 = 1"),
    );
    push_filter(&mut sql, store.backend(), scope, f);
    match (sort.column(), after) {
        (None, Some(c)) => {
            sql.push(" AND e.id < ").bind(c.id);
        }
        (Some((col, desc)), Some(c)) => {
            let op = if desc { "<" } else { ">" };
            let key = c.key.clone().unwrap_or_default();
            sql.push(&format!(" AND ({col} {op} ")).bind(key.clone());
            sql.push(&format!(" OR ({col} = ")).bind(key);
            sql.push(&format!(" AND e.id {op} ")).bind(c.id).push("))");
        }
        _ => {}
    }
    match sort.column() {
        None => sql.push(" ORDER BY e.id DESC"),
        Some((col, true)) => sql.push(&format!(" ORDER BY {col} DESC, e.id DESC")),
        Some((col, false)) => sql.push(&format!(" ORDER BY {col}, e.id")),
    };
    sql.push(" LIMIT ").push_int(limit);
    let mut rows: Vec<SummaryRow> = sql.fetch_page_shared(store).await?;
    // Neither aggregate promises to keep the subquery's order: restore it.
    match sort {
        SortKey::Newest => rows.sort_by_key(|r| std::cmp::Reverse(r.id)),
        SortKey::Name => rows.sort_by(|a, b| (&a.name_zh, a.id).cmp(&(&b.name_zh, b.id))),
        SortKey::Established => rows.sort_by(|a, b| {
            (b.established_on.as_deref().unwrap_or(""), b.id).cmp(&(a.established_on.as_deref().unwrap_or(""), a.id))
        }),
        SortKey::Updated => rows.sort_by(|a, b| (&b.updated_at, b.id).cmp(&(&a.updated_at, a.id))),
    }
    Ok(rows)
}

/// How many records match, counting at most `cap` (a list shows "10,000+" past that).
pub async fn count(store: &Store, scope: &Scope, f: &ListFilter, cap: i64) -> Result<i64> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM enterprises e WHERE 1 = 1");
    push_filter(&mut sql, store.backend(), scope, f);
    sql.push(" LIMIT ").bind(cap).push(") t");
    Ok(sql.fetch_scalar_i64(store.pool()).await?)
}

/// Id, version and placement of an existing code, unscoped (for writers that check scope themselves).
pub async fn locate(conn: &mut AnyConnection, uscc: &str) -> Result<Option<EnterpriseRow>> {
    Ok(get_in(conn, None, uscc).await?.map(|e| e.row))
}

/// Every enterprise among the given codes, unscoped, with investors (for importers).
pub async fn find_many(conn: &mut AnyConnection, codes: &[String]) -> Result<Vec<EnterpriseWithInvestors>> {
    if codes.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM enterprises e WHERE e.uscc IN ("));
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(c.clone());
    }
    sql.push(")");
    let rows: Vec<EnterpriseRow> = sql.fetch_all_as(&mut *conn).await?;
    // Every found record's investors in one query (one per record made a re-import of an
    // unchanged 150,000-row file a query per row).
    let mut investors: HashMap<i64, Vec<InvestorRow>> = HashMap::new();
    if !rows.is_empty() {
        let mut sql =
            Sql::new("SELECT enterprise_id, name, region, share_bp FROM enterprise_investors WHERE enterprise_id IN (");
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(row.id);
        }
        sql.push(") ORDER BY enterprise_id, position");
        let found: Vec<(i64, String, String, Option<i64>)> = sql.fetch_all_as(&mut *conn).await?;
        for (id, name, region, share_bp) in found {
            investors
                .entry(id)
                .or_default()
                .push(InvestorRow { name, region, share_bp });
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| EnterpriseWithInvestors {
            investors: investors.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// Rows per multi-row INSERT: 28 values a row keeps a batch under both backends' parameter
/// limits (SQLite 32,766; PostgreSQL 65,535). An import chunk of 10,000 new records is ten
/// statements: each statement is a hand-off to SQLite's thread and back, and with fewer, larger
/// ones SQLite waits less for the next.
const BATCH: usize = 1_000;
/// Investor rows per multi-row INSERT (5 values each).
const INVESTOR_BATCH: usize = 6_000;

impl EnterpriseWrite {
    /// The stored row this write produces, without reading it back.
    pub fn to_row(&self, id: i64, version: i64, created_at: &str, updated_at: &str) -> EnterpriseRow {
        EnterpriseRow {
            id,
            uscc: self.uscc.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            division: self.placement.division.clone(),
            scope_province: self.placement.province.clone(),
            scope_prefecture: self.placement.prefecture.clone(),
            scope_county: self.placement.county.clone(),
            address: self.address.clone(),
            industry: self.industry.clone(),
            zone: self.zone.clone(),
            established_on: self.established_on.clone(),
            capital_minor: self.capital_minor,
            capital_currency: self.capital_currency.clone(),
            controller_region: self.controller_region.clone(),
            main_region: self.main_region(),
            status: self.status.clone(),
            deregistered_on: self.deregistered_on.clone(),
            liaison_name: self.liaison_name.clone(),
            liaison_phone: self.liaison_phone.clone(),
            is_key: self.is_key as i64,
            supplier_of: self.supplier_of.clone(),
            version,
            created_at: created_at.to_string(),
            updated_at: updated_at.to_string(),
        }
    }
}

/// Inserts many new enterprises with multi-row statements, stamped `now`;
/// returns their ids in input order. Conflict if any credit code exists.
///
/// The ids are taken ahead ([`reserve_ids`]) and written with the rows, so nothing is read
/// back, and each statement is built while the database runs the one before. The writes'
/// values are moved into the statements, not copied.
pub async fn insert_many(tx: &mut WriteTx, writes: Vec<EnterpriseWrite>, now: &str) -> Result<Vec<i64>> {
    let ids = reserve_ids(tx, writes.len()).await?;
    let backend = tx.backend();
    // Foreign keys checked at commit: with `INSERT OR FAIL` SQLite then keeps no statement
    // journal (a copy of every page the statement touches).
    tx.defer_foreign_keys().await?;
    let insert = crate::scope::bulk_insert(backend);
    let mut investors: Vec<(i64, usize, InvestorRow)> = vec![];
    let mut rows = Vec::with_capacity(writes.len());
    for (w, &id) in writes.into_iter().zip(&ids) {
        let values = w.values_and_investors(|pos, inv| investors.push((id, pos, inv)));
        rows.push((id, values));
    }
    let mut rows = rows.into_iter();
    let enterprises = crate::scope::shaped_sizes(rows.len(), BATCH).map(move |n| {
        let mut sql = Sql::with(
            backend,
            &format!("{insert} enterprises (id, {WRITE_COLUMNS}, version, created_at, updated_at) VALUES "),
        );
        for (i, (id, values)) in rows.by_ref().take(n).enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(id).push(", ");
            push_values(&mut sql, values);
            sql.push(", 1, ").bind(now.to_string());
            sql.push(", ").bind(now.to_string());
            sql.push(")");
        }
        sql
    });
    // After every enterprise row: PostgreSQL checks the investors' reference at once.
    let mut investors_left = investors.into_iter();
    let investors = crate::scope::shaped_sizes(investors_left.len(), INVESTOR_BATCH).map(move |n| {
        let mut s = Sql::with(
            backend,
            &format!("{insert} enterprise_investors (enterprise_id, position, name, region, share_bp) VALUES "),
        );
        for (i, (id, pos, inv)) in investors_left.by_ref().take(n).enumerate() {
            s.push(if i == 0 { "(" } else { ", (" });
            s.bind(id).push(", ");
            s.bind(pos as i64).push(", ");
            s.bind(crate::scope::OwnedText(Some(inv.name))).push(", ");
            s.bind(crate::scope::OwnedText(Some(inv.region))).push(", ");
            s.bind(inv.share_bp).push(")");
        }
        s
    });
    crate::write_tx::execute_pipelined(tx.conn(), enterprises.chain(investors)).await?;
    Ok(ids)
}

/// Takes `n` new enterprise ids, in ascending order. On SQLite the write transaction holds the
/// database's write lock, so the ids after the largest ever given are free; on PostgreSQL they
/// come from the id column's sequence.
pub async fn reserve_ids(tx: &mut WriteTx, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(vec![]);
    }
    match tx.backend() {
        crate::Backend::Sqlite => {
            let last: i64 = sqlx::query_scalar(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'enterprises'), 0),
                            COALESCE((SELECT MAX(id) FROM enterprises), 0))",
            )
            .fetch_one(tx.conn())
            .await?;
            Ok((last + 1..=last + n as i64).collect())
        }
        crate::Backend::Postgres => {
            let mut ids: Vec<i64> = sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('enterprises', 'id')) FROM generate_series(1, $1)",
            )
            .bind(n as i64)
            .fetch_all(tx.conn())
            .await?;
            ids.sort_unstable();
            Ok(ids)
        }
    }
}

/// Operating enterprises per registered industry class inside the scope (for the checker's
/// roster screening).
pub async fn industry_counts(store: &Store, scope: &Scope) -> Result<Vec<(String, i64)>> {
    let mut sql = Sql::with(
        store.backend(),
        "SELECT e.industry, CAST(COUNT(*) AS BIGINT) FROM enterprises e WHERE e.status = 'operating'",
    );
    push_scope(&mut sql, scope, "e.", Some("uscc"));
    sql.push(" GROUP BY e.industry ORDER BY e.industry");
    Ok(sql.fetch_all_as(store.pool()).await?)
}

/// The first `limit` operating enterprises inside the scope registered under one of `codes`.
pub async fn with_industries(store: &Store, scope: &Scope, codes: &[String], limit: i64) -> Result<Vec<SummaryRow>> {
    if codes.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::with(
        store.backend(),
        &format!("SELECT {SUMMARY_COLUMNS} FROM enterprises e WHERE e.status = 'operating' AND e.industry IN ("),
    );
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(c.clone());
    }
    sql.push(")");
    push_scope(&mut sql, scope, "e.", Some("uscc"));
    sql.push(" ORDER BY e.id LIMIT ").bind(limit);
    Ok(sql.fetch_all_as(store.pool()).await?)
}
