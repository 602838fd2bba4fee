//! Entry point for reading an uploaded file into a [`Table`], and the row rules shared by formats.

use std::collections::HashSet;

use crate::kind::OLE_MAGIC;
use crate::{FileKind, MAX_ROWS, ReadError, Row, Table, read_csv, read_xlsx};

/// Reads .xlsx (the first visible worksheet, or the sheet named `sheet` if `Some`) or .csv.
///
/// The kind is sniffed from the bytes, falling back to the extension of `filename`
/// (see [`FileKind::detect`]); `sheet` is ignored for CSV. The first non-empty row is the
/// header. Completely empty rows are left out of [`Table::rows`] but still counted in
/// [`Row::line`]. At most [`MAX_ROWS`] data rows are accepted.
pub fn read_table(bytes: &[u8], filename: &str, sheet: Option<&str>) -> Result<Table, ReadError> {
    read_table_limited(bytes, filename, sheet, MAX_ROWS)
}

/// [`read_table`] with another limit on the number of data rows than [`MAX_ROWS`].
pub fn read_table_limited(
    bytes: &[u8],
    filename: &str,
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<Table, ReadError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ReadError::Unreadable(
            "this is a legacy .xls (Excel 97-2003) workbook or a password-protected workbook, \
             which are not supported"
                .into(),
        ));
    }
    match FileKind::detect(bytes, filename) {
        FileKind::Xlsx => read_xlsx::read(bytes, sheet, max_rows),
        FileKind::Csv => read_csv::read(bytes, max_rows),
    }
}

/// Collects rows of any format into a [`Table`], applying the header and blank-row rules.
pub(crate) struct TableBuilder {
    headers: Option<Vec<String>>,
    rows: Vec<Row>,
    data_rows: usize,
    max_rows: usize,
}

impl TableBuilder {
    pub(crate) fn new(max_rows: usize) -> Self {
        TableBuilder {
            headers: None,
            rows: Vec::new(),
            data_rows: 0,
            max_rows,
        }
    }

    /// Adds the row at 1-based `line`; its cells must already be trimmed.
    pub(crate) fn push(&mut self, mut row: Row) -> Result<(), ReadError> {
        row.trim_end();
        if row.is_empty() {
            return Ok(());
        }
        match &self.headers {
            None => {
                let headers = row.to_strings();
                check_duplicates(&headers)?;
                self.headers = Some(headers);
            }
            Some(headers) => {
                self.data_rows += 1;
                if self.data_rows <= self.max_rows {
                    row.pad_to(headers.len());
                    self.rows.push(row);
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Table, ReadError> {
        let headers = self.headers.ok_or(ReadError::Empty)?;
        if self.data_rows > self.max_rows {
            return Err(ReadError::TooLarge {
                rows: self.data_rows,
                max: self.max_rows,
            });
        }
        Ok(Table {
            headers,
            rows: self.rows,
        })
    }
}

fn check_duplicates(headers: &[String]) -> Result<(), ReadError> {
    let mut seen = HashSet::new();
    for h in headers.iter().filter(|h| !h.is_empty()) {
        if !seen.insert(h.to_ascii_lowercase()) {
            return Err(ReadError::DuplicateHeader(h.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn row(line: usize, v: &[&str]) -> Row {
        Row::new(line, v)
    }

    #[test]
    fn leading_blank_rows_are_skipped_and_the_header_keeps_its_real_line() {
        let mut b = TableBuilder::new(10);
        b.push(row(1, &["", ""])).unwrap();
        b.push(row(2, &["a", "b", ""])).unwrap();
        b.push(row(3, &["1"])).unwrap();
        let t = b.finish().unwrap();
        assert_eq!(t.headers, cells(&["a", "b"]));
        assert_eq!(t.rows, vec![row(3, &["1", ""])]);
    }

    #[test]
    fn empty_headers_in_the_middle_are_kept_and_never_duplicates() {
        let mut b = TableBuilder::new(10);
        b.push(row(1, &["a", "", "", "b"])).unwrap();
        assert_eq!(b.finish().unwrap().headers, cells(&["a", "", "", "b"]));
    }

    #[test]
    fn extra_cells_beyond_the_header_are_kept() {
        let mut b = TableBuilder::new(10);
        b.push(row(1, &["a"])).unwrap();
        b.push(row(2, &["1", "", "3"])).unwrap();
        assert_eq!(b.finish().unwrap().rows[0].to_strings(), cells(&["1", "", "3"]));
    }

    #[test]
    fn too_many_rows_report_the_full_count() {
        let mut b = TableBuilder::new(2);
        b.push(row(1, &["a"])).unwrap();
        for line in 2..=6 {
            b.push(row(line, &["x"])).unwrap();
        }
        assert_eq!(b.finish(), Err(ReadError::TooLarge { rows: 5, max: 2 }));
    }

    #[test]
    fn duplicate_headers_compare_ignoring_ascii_case() {
        let mut b = TableBuilder::new(2);
        assert_eq!(
            b.push(row(1, &["Name", "code", "NAME"])),
            Err(ReadError::DuplicateHeader("NAME".into()))
        );
    }
}
