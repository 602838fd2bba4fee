//! A small SQL builder that numbers placeholders, and the jurisdiction filter
//! every scoped query goes through.

use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use sqlx::any::{AnyArguments, AnyTypeInfo, AnyTypeInfoKind};
use sqlx::error::BoxDynError;
use sqlx::{Any, Arguments, Encode, Type, encode::IsNull};
use sqlx_core::any::{AnyArgumentBuffer, AnyValueKind};
use std::borrow::Cow;

/// Text bound by moving it into the arguments. sqlx's own encoders for `String` and
/// `Option<String>` copy the value even when handed it by value; a bulk write binds millions.
pub struct OwnedText(pub Option<String>);

impl Type<Any> for OwnedText {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
}

impl<'q> Encode<'q, Any> for OwnedText {
    fn encode(self, buf: &mut AnyArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
        Ok(match self.0 {
            Some(s) => {
                buf.0.push(AnyValueKind::Text(Cow::Owned(s)));
                IsNull::No
            }
            None => {
                buf.0.push(AnyValueKind::Null(AnyTypeInfoKind::Text));
                IsNull::Yes
            }
        })
    }

    fn encode_by_ref(&self, buf: &mut AnyArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
        OwnedText(self.0.clone()).encode(buf)
    }
}

/// SQL text plus its arguments, with placeholders added as values are bound:
/// `$n` by default (both backends accept it), or anonymous `?` on SQLite when
/// built with [`Sql::with`] — SQLite looks named parameters up by a linear walk,
/// so binding thousands of `$n` values (multi-row inserts) costs O(n²) there.
pub struct Sql {
    text: String,
    args: AnyArguments<'static>,
    n: usize,
    anonymous: bool,
    /// Kept as a prepared statement, its plan-deciding values written as literals
    /// (see [`Sql::page_kept`]).
    keep: bool,
    /// For a [`Sql::page`] query: the backend it is written for and its columns per row.
    page: Option<(crate::Backend, usize)>,
    /// The values bound with [`Sql::bind_keyed`], in order; `None` once any other value is
    /// bound. With the text, it says everything a page asks ([`Sql::fetch_page_shared`]).
    share_key: Option<String>,
}

impl Default for Sql {
    fn default() -> Self {
        Sql::new("")
    }
}

impl std::fmt::Debug for Sql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sql").field("text", &self.text).finish()
    }
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            args: AnyArguments::default(),
            n: 0,
            anonymous: false,
            keep: false,
            page: None,
            share_key: Some(String::new()),
        }
    }

    /// A builder with the placeholder style best for `backend`.
    pub fn with(backend: crate::Backend, text: &str) -> Sql {
        Sql {
            anonymous: backend == crate::Backend::Sqlite,
            ..Sql::new(text)
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, s: &str) -> &mut Sql {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder and binds its value.
    pub fn bind<T>(&mut self, v: T) -> &mut Sql
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.share_key = None;
        self.placeholder(v)
    }

    /// Binds a text value that is one of very many (a county's code, a credit code) and keeps
    /// the statement kept: one statement then serves every value, where a literal per value
    /// would make thousands of statement texts (each parsed and planned per connection, 90 KB
    /// of PostgreSQL's memory each when kept). The value is recorded, so a page read stays
    /// shareable. Only for values whose plan is the same for all of them — PostgreSQL plans
    /// the first five calls with their values and then keeps one plan only if it costs no
    /// more than those did.
    pub fn bind_keyed(&mut self, v: &str) -> &mut Sql {
        match &mut self.share_key {
            // Each value ends with a NUL, so one that holds a NUL would make the key ambiguous.
            Some(_) if v.contains('\u{0}') => self.share_key = None,
            Some(key) => {
                key.push_str(v);
                key.push('\u{0}');
            }
            None => {}
        }
        self.placeholder(v.to_string())
    }

    fn placeholder<T>(&mut self, v: T) -> &mut Sql
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.n += 1;
        if self.anonymous {
            self.text.push('?');
        } else {
            self.text.push('$');
            self.text.push_str(&self.n.to_string());
        }
        // Encoding into AnyArguments only fails for unsupported types, which
        // the bound on T rules out.
        let _ = self.args.add(v);
        self
    }

    /// Appends a value that decides the plan (a jurisdiction code, a stage, a country code, a
    /// date): written as a quoted literal in a kept statement, so the cached plan is made for
    /// this value, and bound otherwise. Only text of ASCII letters, digits and
    /// `-_.:%` is written as a literal; anything else is bound, and the statement is then not
    /// kept (a generic plan for a page with every value bound walked the whole roster).
    pub fn push_lit(&mut self, v: &str) -> &mut Sql {
        if self.keep && is_plain_literal(v) {
            self.text.push('\'');
            self.text.push_str(v);
            self.text.push('\'');
        } else {
            self.keep = false;
            self.bind(v.to_string());
        }
        self
    }

    /// Appends an integer that decides the plan (a page size): a literal in a kept statement
    /// (a generic plan assumes a bound LIMIT returns a tenth of the rows), bound otherwise.
    pub fn push_int(&mut self, v: i64) -> &mut Sql {
        if self.keep {
            self.text.push_str(&v.to_string());
        } else {
            self.bind(v);
        }
        self
    }

    /// Whether the statement will be kept (prepared once per connection).
    pub fn is_kept(&self) -> bool {
        self.keep
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Runs the query and maps every row.
    pub async fn fetch_all_as<'e, T, E>(self, e: E) -> Result<Vec<T>, sqlx::Error>
    where
        T: Send + Unpin + for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
        E: sqlx::Executor<'e, Database = Any>,
    {
        sqlx::query_as_with(&self.text, self.args).fetch_all(e).await
    }

    /// Runs the query as an unnamed statement, planned with its parameter values, and maps
    /// every row. For scoped reads whose other values are bound too: a cached generic plan for
    /// the roster page with its jurisdiction, industry range, status and page size all bound
    /// walked the whole table (measured: 14 req/s at county scope).
    pub async fn fetch_all_as_planned<'e, T, E>(self, e: E) -> Result<Vec<T>, sqlx::Error>
    where
        T: Send + Unpin + for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
        E: sqlx::Executor<'e, Database = Any>,
    {
        sqlx::query_as_with(&self.text, self.args)
            .persistent(false)
            .fetch_all(e)
            .await
    }

    /// A page query whose rows cross the driver as one text value: `inner` is the page's own
    /// SELECT, to which the caller appends its conditions, order and limit, then calls
    /// [`Sql::fetch_page`]. **Backend-specific SQL** (tested on both through every list that
    /// uses it): SQLite aggregates the rows into a JSON array of arrays (`json_group_array`),
    /// PostgreSQL packs them ([`crate::packed_page`]). sqlx hands rows over one value at a
    /// time, and a page of 50 rows of 20 columns costs far more that way than one text value.
    pub fn page(backend: crate::Backend, cols: &str, inner: &str) -> Sql {
        let outer = match backend {
            crate::Backend::Sqlite => format!("json_group_array(json_array({cols}))"),
            crate::Backend::Postgres => crate::packed_page::pack_expression(cols),
        };
        Sql {
            page: Some((backend, crate::packed_page::column_count(cols))),
            ..Sql::with(backend, &format!("SELECT {outer} FROM ({inner}"))
        }
    }

    /// A [`Sql::page`] that is prepared once per connection and planned once per statement,
    /// for the lists every user reloads. Parsing and planning a list (with its correlated
    /// subqueries) was a third of PostgreSQL's time per request, and an unnamed statement
    /// costs it a second round trip; SQLite compiled the statement afresh on every request.
    /// The plan is right for every call because the values it depends on — a province or
    /// prefecture, filters, page size — are written into the text with [`Sql::push_lit`] and
    /// [`Sql::push_int`]; a county's or an enterprise's code is bound ([`Sql::bind_keyed`]: one
    /// plan suits them all), and so is the keyset cursor.
    pub fn page_kept(backend: crate::Backend, cols: &str, inner: &str) -> Sql {
        Sql {
            keep: true,
            ..Sql::page(backend, cols, inner)
        }
    }

    /// Closes a [`Sql::page`] query, runs it (kept if built by [`Sql::page_kept`] and every
    /// value pushed with [`Sql::push_lit`] was plain; otherwise unnamed, planned with its
    /// values, as [`Sql::fetch_all_as_planned`]) and reads the rows, each in the order of the
    /// page's columns. Neither aggregate promises to keep the inner query's order: callers
    /// restore it.
    pub async fn fetch_page<'e, T, E>(mut self, e: E) -> crate::Result<Vec<T>>
    where
        T: serde::de::DeserializeOwned,
        E: sqlx::Executor<'e, Database = Any>,
    {
        self.push(") page");
        let page = self.page;
        let text = self.fetch_page_text(e).await?;
        unpack_page(page, text.as_deref())
    }

    /// [`Sql::fetch_page`] on the store's pool, sharing the read with identical ones that are
    /// waiting for a connection at the same moment ([`crate::shared_reads`]). Two reads are
    /// identical when their texts and their [`Sql::bind_keyed`] values are; statements with
    /// other bound values (a cursor, a search text) are never shared.
    pub async fn fetch_page_shared<T>(mut self, store: &crate::Store) -> crate::Result<Vec<T>>
    where
        T: serde::de::DeserializeOwned,
    {
        let Some(values) = self.share_key.take() else {
            return self.fetch_page(store.pool()).await;
        };
        self.push(") page");
        let page = self.page;
        let reads = store.shared_reads();
        let mut leader = match reads.enter(&self.text, &values) {
            crate::shared_reads::Role::Join(rx) => match crate::shared_reads::wait(rx).await {
                Some(text) => return unpack_page(page, text.as_deref()),
                // Its leader failed or went away: ask alone.
                None => {
                    let text = self.fetch_page_text(store.pool()).await?;
                    return unpack_page(page, text.as_deref());
                }
            },
            crate::shared_reads::Role::Lead(leader) => leader,
        };
        let mut conn = store.pool().acquire().await?;
        leader.close();
        let text: Option<std::sync::Arc<str>> = self.fetch_page_text(&mut *conn).await?.map(Into::into);
        drop(conn);
        // Those who joined are woken before the leader reads its own copy.
        leader.finish(text.clone());
        unpack_page(page, text.as_deref())
    }

    /// Runs a closed page query and returns its one text value (none for an empty page).
    async fn fetch_page_text<'e, E>(self, e: E) -> crate::Result<Option<String>>
    where
        E: sqlx::Executor<'e, Database = Any>,
    {
        Ok(sqlx::query_as_with::<_, (Option<String>,), _>(&self.text, self.args)
            .persistent(self.keep)
            .fetch_optional(e)
            .await?
            .and_then(|r| r.0))
    }

    /// Runs the query and maps the first row, if any.
    pub async fn fetch_optional_as<'e, T, E>(self, e: E) -> Result<Option<T>, sqlx::Error>
    where
        T: Send + Unpin + for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
        E: sqlx::Executor<'e, Database = Any>,
    {
        sqlx::query_as_with(&self.text, self.args).fetch_optional(e).await
    }

    /// Runs a query returning one integer (a count or an id).
    pub async fn fetch_scalar_i64<'e, E>(self, e: E) -> Result<i64, sqlx::Error>
    where
        E: sqlx::Executor<'e, Database = Any>,
    {
        sqlx::query_scalar_with(&self.text, self.args).fetch_one(e).await
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute<'e, E>(self, e: E) -> Result<u64, sqlx::Error>
    where
        E: sqlx::Executor<'e, Database = Any>,
    {
        Ok(sqlx::query_with(&self.text, self.args)
            .execute(e)
            .await?
            .rows_affected())
    }
}

/// The start of a multi-row INSERT in a write transaction. On SQLite it is `INSERT OR FAIL`: a
/// failing row then ends the statement without undoing its earlier rows, so SQLite keeps no
/// statement journal (a copy of every page the statement touches) — the whole transaction is
/// rolled back on any error anyway. PostgreSQL has no such clause and needs none.
pub fn bulk_insert(backend: crate::Backend) -> &'static str {
    match backend {
        crate::Backend::Sqlite => "INSERT OR FAIL INTO",
        crate::Backend::Postgres => "INSERT INTO",
    }
}

/// Splits `items` into multi-row statement batches of a few fixed sizes: `max` rows while
/// that many remain, then the rest in descending powers of two. A bulk write then uses at most
/// `1 + log2(max)` distinct statement texts, so each is prepared once per connection and kept
/// (a multi-row statement of a new length would be parsed and compiled afresh).
pub fn shaped_chunks<T>(items: &[T], max: usize) -> impl Iterator<Item = &[T]> {
    let mut rest = items;
    shaped_sizes(items.len(), max).map(move |n| {
        let (head, tail) = rest.split_at(n);
        rest = tail;
        head
    })
}

/// The batch sizes [`shaped_chunks`] cuts `n` items into.
pub fn shaped_sizes(n: usize, max: usize) -> impl Iterator<Item = usize> {
    let mut left = n;
    std::iter::from_fn(move || {
        if left == 0 {
            return None;
        }
        let size = if left >= max { max } else { 1 << left.ilog2() };
        left -= size;
        Some(size)
    })
}

/// Reads a [`Sql::page`] query's text value into rows.
fn unpack_page<T: serde::de::DeserializeOwned>(
    page: Option<(crate::Backend, usize)>,
    text: Option<&str>,
) -> crate::Result<Vec<T>> {
    let Some(text) = text else { return Ok(vec![]) };
    let parsed = match page {
        Some((crate::Backend::Sqlite, _)) => serde_json::from_str(text).map_err(|e| format!("page JSON: {e}")),
        Some((crate::Backend::Postgres, columns)) => {
            crate::packed_page::unpack(text, columns).map_err(|e| e.to_string())
        }
        None => Err("not a page query (Sql::page)".to_string()),
    };
    parsed.map_err(crate::StoreError::Config)
}

/// Text that can be written between single quotes in SQL as it is, on both backends: ASCII
/// letters, digits and `-_.:%`, at most 64 characters.
fn is_plain_literal(v: &str) -> bool {
    v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'%'))
}

/// The placement column a division level is scoped by; none at national level.
pub fn scope_column(level: DivisionLevel) -> Option<&'static str> {
    match level {
        DivisionLevel::National => None,
        DivisionLevel::Province => Some("scope_province"),
        DivisionLevel::Prefecture => Some("scope_prefecture"),
        DivisionLevel::County => Some("scope_county"),
    }
}

/// Appends ` AND <jurisdiction condition>` for a table whose placement columns
/// are `scope_province`, `scope_prefecture`, `scope_county`, with the given
/// enterprise column for enterprise accounts (None: enterprise accounts see nothing).
pub fn push_scope(sql: &mut Sql, scope: &Scope, prefix: &str, enterprise_col: Option<&str>) {
    match scope {
        Scope::National => {}
        Scope::Division { level, code } => {
            let Some(col) = scope_column(*level) else { return };
            sql.push(" AND ").push(prefix).push(col).push(" = ");
            // A province (31) or a prefecture (about 330) is planned for its own size, which
            // ranges over three orders of magnitude. A county is small whichever it is, and
            // there are 2,846: one statement serves them all.
            if *level == DivisionLevel::County {
                sql.bind_keyed(code);
            } else {
                sql.push_lit(code);
            }
        }
        Scope::Enterprise { uscc } => match enterprise_col {
            Some(col) => {
                sql.push(" AND ").push(prefix).push(col).push(" = ");
                sql.bind_keyed(uscc);
            }
            None => {
                sql.push(" AND 1 = 0");
            }
        },
    }
}

/// The jurisdiction filter written as an expression (`scope_province || '' = ?`), which no
/// index serves: for queries that should be driven by another index (the open deadlines in
/// `cases_due_open`) rather than walk every case of the scope in the scope's index.
pub fn push_scope_unindexed(sql: &mut Sql, scope: &Scope, prefix: &str, enterprise_col: Option<&str>) {
    match scope {
        Scope::Division { level, code } => {
            let Some(col) = scope_column(*level) else { return };
            sql.push(&format!(" AND {prefix}{col} || '' = ")).bind(code.clone());
        }
        other => push_scope(sql, other, prefix, enterprise_col),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backend;

    fn county() -> Scope {
        Scope::Division {
            level: DivisionLevel::County,
            code: "440305".into(),
        }
    }

    fn city() -> Scope {
        Scope::Division {
            level: DivisionLevel::Prefecture,
            code: "440300".into(),
        }
    }

    #[test]
    fn bulk_batches_keep_every_row_in_order_in_few_distinct_sizes() {
        let items: Vec<u32> = (0..1_239).collect();
        let sizes: Vec<usize> = shaped_chunks(&items, 400).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![400, 400, 400, 32, 4, 2, 1]);
        let joined: Vec<u32> = shaped_chunks(&items, 400).flatten().copied().collect();
        assert_eq!(joined, items);
        let mut distinct = std::collections::BTreeSet::new();
        for n in 0..2_000 {
            let items = vec![0u8; n];
            distinct.extend(shaped_chunks(&items, 400).map(<[u8]>::len));
        }
        assert_eq!(distinct.len(), 10, "{distinct:?}");
        assert_eq!(shaped_chunks::<u8>(&[], 400).count(), 0);
    }

    #[test]
    fn a_kept_page_on_postgres_writes_its_plan_deciding_values_as_literals_and_binds_the_cursor() {
        let mut sql = Sql::page_kept(Backend::Postgres, "id", "SELECT p.id FROM projects p WHERE 1 = 1");
        push_scope(&mut sql, &city(), "p.", None);
        sql.push(" AND p.stage = ").push_lit("construction");
        sql.push(" AND p.id < ").bind(42_i64);
        sql.push(" LIMIT ").push_int(50);
        assert!(sql.is_kept());
        assert!(
            sql.text()
                .ends_with("p.scope_prefecture = '440300' AND p.stage = 'construction' AND p.id < $1 LIMIT 50"),
            "{}",
            sql.text()
        );
        assert_eq!(sql.share_key, None, "a cursor is not part of the sharing key");
    }

    #[test]
    fn a_county_is_bound_in_a_kept_page_and_recorded_for_sharing() {
        for (backend, placeholder) in [(Backend::Postgres, "$1"), (Backend::Sqlite, "?")] {
            let mut sql = Sql::page_kept(backend, "id", "SELECT p.id FROM projects p WHERE 1 = 1");
            push_scope(&mut sql, &county(), "p.", None);
            sql.push(" AND p.stage = ").push_lit("construction");
            sql.push(" LIMIT ").push_int(50);
            assert!(sql.is_kept());
            let want = format!("p.scope_county = {placeholder} AND p.stage = 'construction' LIMIT 50");
            assert!(sql.text().ends_with(&want), "{}", sql.text());
            assert_eq!(sql.share_key.as_deref(), Some("440305\u{0}"));
        }
        let enterprise = Scope::Enterprise {
            uscc: "91440300MA5FAKE00X".into(),
        };
        let mut sql = Sql::page_kept(Backend::Postgres, "id", "SELECT c.id FROM cases c WHERE 1 = 1");
        push_scope(&mut sql, &enterprise, "c.", Some("enterprise_uscc"));
        assert!(sql.is_kept());
        assert!(sql.text().ends_with("c.enterprise_uscc = $1"), "{}", sql.text());
        assert_eq!(sql.share_key.as_deref(), Some("91440300MA5FAKE00X\u{0}"));
        sql.bind_keyed("a\u{0}b");
        assert_eq!(
            sql.share_key, None,
            "a value holding a NUL would make the key ambiguous"
        );
    }

    #[test]
    fn a_value_that_is_not_plain_text_is_bound_and_the_page_is_no_longer_kept() {
        for odd in ["O'Brien", "a\\b", "名称", "x y"] {
            let mut sql = Sql::page_kept(Backend::Postgres, "id", "SELECT p.id FROM projects p WHERE 1 = 1");
            sql.push(" AND p.name = ").push_lit(odd);
            sql.push(" LIMIT ").push_int(50);
            assert!(!sql.is_kept(), "{odd}");
            assert!(sql.text().ends_with("p.name = $1 LIMIT $2"), "{}", sql.text());
        }
    }

    #[test]
    fn on_sqlite_a_kept_page_writes_the_same_literals_and_binds_the_cursor_anonymously() {
        let mut sql = Sql::page_kept(Backend::Sqlite, "id", "SELECT p.id FROM projects p WHERE 1 = 1");
        push_scope(&mut sql, &city(), "p.", None);
        sql.push(" AND p.id < ").bind(42_i64);
        sql.push(" LIMIT ").push_int(50);
        assert!(sql.is_kept());
        assert!(
            sql.text()
                .ends_with("p.scope_prefecture = '440300' AND p.id < ? LIMIT 50"),
            "{}",
            sql.text()
        );
    }
}
