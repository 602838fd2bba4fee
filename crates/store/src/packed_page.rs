//! A page of rows packed into one text value by PostgreSQL, and read back into typed rows.
//!
//! Each row is its values' lengths in bytes, comma-separated (-1 for a NULL), a semicolon, then
//! the values themselves one after another. Nothing in a value needs escaping, so any text
//! survives, and reading a page is a walk over lengths. PostgreSQL builds it with `concat_ws`,
//! `concat` (each keeping its arguments' output functions between rows) and `string_agg`.
//! Measured with pgbench on a county's list page, two rounds: `json_agg(json_build_array(…))`,
//! which looks up every value's type afresh on every row, 11,361 and 7,918 tps; a length and a
//! colon before each value, 11,540 and 9,165; this layout, with a third fewer arguments per
//! value, 13,485 and 9,855.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, SeqAccess, Visitor};

/// The SELECT list item that packs the columns `cols` (comma-separated names of the page's
/// columns) of every row into one text value.
pub fn pack_expression(cols: &str) -> String {
    let names: Vec<&str> = cols.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    let lengths: Vec<String> = names
        .iter()
        .map(|c| format!("coalesce(octet_length({c}::text), -1)"))
        .collect();
    format!(
        "string_agg(concat(concat_ws(',', {}), ';', {}), '')",
        lengths.join(", "),
        names.join(", ")
    )
}

/// The number of columns in a comma-separated list.
pub fn column_count(cols: &str) -> usize {
    cols.split(',').filter(|c| !c.trim().is_empty()).count()
}

/// Reads a packed page of rows of `columns` values each into `T`s (structs whose fields are
/// in column order, or tuples).
pub fn unpack<T: DeserializeOwned>(text: &str, columns: usize) -> Result<Vec<T>, PageError> {
    let mut rest = text;
    let mut rows = vec![];
    let mut values = Vec::with_capacity(columns);
    while !rest.is_empty() {
        // Each row drains `values`, so it starts empty.
        rest = split_row(rest, columns, &mut values)?;
        rows.push(T::deserialize(RowDeserializer {
            values: values.drain(..),
            columns,
        })?);
    }
    Ok(rows)
}

/// Reads one row's `columns` values off the front of `text` into `values` (`None` for a
/// NULL); returns what follows the row. One walk over the lengths' bytes (splitting them
/// with `str::split` and parsing each was a tenth of a list request's time in the server).
fn split_row<'a>(text: &'a str, columns: usize, values: &mut Vec<Option<&'a str>>) -> Result<&'a str, PageError> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // A row's lengths, NULL as usize::MAX; a page has far fewer than 64 columns.
    let mut lengths = [0usize; 64];
    let mut count = 0;
    loop {
        let start = at;
        let null = bytes.get(at) == Some(&b'-');
        if null {
            at += 1;
        }
        let digits = at;
        let mut n: usize = 0;
        while let Some(d) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
            at += 1;
        }
        if at == digits || (null && n != 1) || count == lengths.len() {
            let end = bytes[start..].iter().position(|b| matches!(b, b',' | b';'));
            let seen = &text[start..end.map_or(text.len(), |e| start + e)];
            return Err(PageError(format!("bad length {seen:?} before {:?}", truncated(text))));
        }
        lengths[count] = if null { usize::MAX } else { n };
        count += 1;
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(b';') => {
                at += 1;
                break;
            }
            _ => return Err(PageError(format!("no lengths before {:?}", truncated(text)))),
        }
    }
    if count != columns {
        return Err(PageError(format!("a row of {count} values, expected {columns}")));
    }
    // `at` follows an ASCII semicolon: a character boundary.
    let mut body = &text[at..];
    for &len in &lengths[..count] {
        if len == usize::MAX {
            values.push(None);
            continue;
        }
        let value = body.get(..len).ok_or_else(|| {
            PageError(format!(
                "a value of {len} bytes runs past the page or splits a character"
            ))
        })?;
        values.push(Some(value));
        body = &body[len..];
    }
    Ok(body)
}

/// A page that could not be read: a malformed value, or one that does not fit its field.
#[derive(Debug, PartialEq, Eq)]
pub struct PageError(pub String);

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "packed page: {}", self.0)
    }
}

impl std::error::Error for PageError {}

impl de::Error for PageError {
    fn custom<M: std::fmt::Display>(msg: M) -> Self {
        PageError(msg.to_string())
    }
}

fn truncated(s: &str) -> &str {
    s.char_indices().nth(20).map_or(s, |(i, _)| &s[..i])
}

/// One row: a sequence of its columns' values.
struct RowDeserializer<'a, 'v> {
    values: std::vec::Drain<'v, Option<&'a str>>,
    columns: usize,
}

impl<'de> de::Deserializer<'de> for RowDeserializer<'de, '_> {
    type Error = PageError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
        let columns = self.columns;
        let mut access = self;
        let value = visitor.visit_seq(&mut access)?;
        if access.values.len() != 0 {
            return Err(PageError(format!("a row of {columns} columns was read as fewer")));
        }
        Ok(value)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> SeqAccess<'de> for RowDeserializer<'de, '_> {
    type Error = PageError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, PageError> {
        match self.values.next() {
            Some(value) => seed.deserialize(ValueDeserializer(value)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.values.len())
    }
}

/// One value as PostgreSQL wrote it as text, or NULL.
struct ValueDeserializer<'a>(Option<&'a str>);

impl ValueDeserializer<'_> {
    fn text(&self) -> Result<&str, PageError> {
        self.0.ok_or_else(|| PageError("NULL where a value is required".into()))
    }

    fn int<N: std::str::FromStr>(&self) -> Result<N, PageError> {
        let t = self.text()?;
        t.parse().map_err(|_| PageError(format!("{t:?} is not a whole number")))
    }
}

macro_rules! ints {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
            visitor.$visit(self.int::<$ty>()?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = PageError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
        match self.0 {
            Some(t) => visitor.visit_borrowed_str(t),
            None => visitor.visit_none(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
        match self.0 {
            Some(_) => visitor.visit_some(self),
            None => visitor.visit_none(),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
        match self.text()? {
            "t" | "true" | "1" => visitor.visit_bool(true),
            "f" | "false" | "0" => visitor.visit_bool(false),
            t => Err(PageError(format!("{t:?} is not true or false"))),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
        let t = self.text()?;
        visitor.visit_f64(t.parse().map_err(|_| PageError(format!("{t:?} is not a number")))?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PageError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PageError> {
        visitor.visit_enum(self.text()?.into_deserializer())
    }

    ints!(deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16, deserialize_i32 visit_i32 i32,
          deserialize_i64 visit_i64 i64, deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
          deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64);

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Row {
        id: i64,
        name: String,
        note: Option<String>,
        count: Option<i64>,
    }

    /// Packs a row as PostgreSQL's packing expression does.
    fn pack(values: &[Option<&str>]) -> String {
        let lengths: Vec<String> = values
            .iter()
            .map(|v| v.map_or("-1".to_string(), |t| t.len().to_string()))
            .collect();
        format!(
            "{};{}",
            lengths.join(","),
            values.iter().map(|v| v.unwrap_or("")).collect::<String>()
        )
    }

    #[test]
    fn a_packed_page_reads_back_every_value_including_nulls_empty_text_and_separators() {
        let page = pack(&[Some("7"), Some("深圳南山"), Some("a:b:c"), None])
            + &pack(&[Some("10"), Some(""), Some("12:a,b\"\\"), Some("-3")]);
        let rows: Vec<Row> = unpack(&page, 4).unwrap();
        assert_eq!(
            rows,
            vec![
                Row {
                    id: 7,
                    name: "深圳南山".into(),
                    note: Some("a:b:c".into()),
                    count: None
                },
                Row {
                    id: 10,
                    name: String::new(),
                    note: Some("12:a,b\"\\".into()),
                    count: Some(-3)
                },
            ]
        );
        assert_eq!(unpack::<Row>("", 4).unwrap(), vec![]);
        assert_eq!(unpack::<(i64, Option<String>)>("1,-1;5", 2).unwrap(), vec![(5, None)]);
    }

    #[test]
    fn a_malformed_page_is_an_error_never_a_shifted_row() {
        // A length that runs past the page, or splits a character.
        assert!(unpack::<(String,)>("9;abc", 1).is_err());
        assert!(unpack::<(String,)>("1;深", 1).is_err());
        // A NULL where the field is required, and text where a number is.
        assert!(unpack::<(String,)>("-1;", 1).is_err());
        assert!(unpack::<(i64,)>("1;x", 1).is_err());
        // No lengths at all, a bad length, and a row cut short.
        assert!(unpack::<(String,)>("abc", 1).is_err());
        assert!(unpack::<(String,)>("x;abc", 1).is_err());
        assert!(unpack::<(String,)>("-2;ab", 1).is_err());
        assert!(unpack::<(String,)>("-;ab", 1).is_err());
        assert!(unpack::<(String, String)>("1,;ab", 2).is_err());
        assert!(unpack::<(String, String)>(",1;ab", 2).is_err());
        assert!(unpack::<(String,)>("99999999999999999999999;ab", 1).is_err());
        assert!(unpack::<(String, String)>("1;a", 2).is_err());
        // A row with more values than the page's columns, or than the struct has fields.
        assert!(unpack::<(String,)>("1,1;ab", 1).is_err());
        assert!(unpack::<(String,)>("1,1;ab", 2).is_err());
    }

    #[test]
    fn the_packing_expression_frames_every_named_column() {
        assert_eq!(
            pack_expression("id, name"),
            "string_agg(concat(concat_ws(',', coalesce(octet_length(id::text), -1), \
             coalesce(octet_length(name::text), -1)), ';', id, name), '')"
        );
        assert_eq!(column_count("id, name,\n note"), 3);
    }
}
