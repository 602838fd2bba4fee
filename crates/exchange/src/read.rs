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
    let mut builder = TableBuilder::new(max_rows);
    read_into(bytes, filename, sheet, &mut builder)?;
    builder.finish()
}

/// Reads like [`read_table_limited`], but hands the data rows to `sink` in order, up to
/// `chunk_rows` at a time, as they are read, so that a caller can work on the first rows
/// while the rest are still being read; nothing but one chunk is held. `sink` answers false
/// to stop the reading. Answers the headers and how many data rows the file has.
///
/// A file with more than `max_rows` data rows is refused with [`ReadError::TooLarge`] only
/// once it has been read to its end, after the first `max_rows` rows went to `sink`; so is an
/// unreadable stretch after some rows were handed over. Callers that act on the rows must
/// therefore be able to undo what they did (an import runs in one transaction).
pub fn read_in_chunks(
    bytes: &[u8],
    filename: &str,
    sheet: Option<&str>,
    max_rows: usize,
    chunk_rows: usize,
    sink: &mut dyn FnMut(&[String], Vec<Row>) -> bool,
) -> Result<(Vec<String>, usize), ReadError> {
    let mut builder = TableBuilder::new(max_rows);
    builder.sink = Some((chunk_rows.max(1), sink));
    read_into(bytes, filename, sheet, &mut builder)?;
    builder.flush();
    let rows = builder.data_rows;
    let table = builder.finish()?;
    Ok((table.headers, rows))
}

fn read_into(bytes: &[u8], filename: &str, sheet: Option<&str>, builder: &mut TableBuilder) -> Result<(), ReadError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ReadError::Unreadable(
            "this is a legacy .xls (Excel 97-2003) workbook or a password-protected workbook, \
             which are not supported"
                .into(),
        ));
    }
    match FileKind::detect(bytes, filename) {
        FileKind::Xlsx => read_xlsx::read(bytes, sheet, builder),
        FileKind::Csv => read_csv::read(bytes, builder),
    }
}

/// Where a chunked reading hands its rows, and how many at a time.
type Sink<'s> = (usize, &'s mut dyn FnMut(&[String], Vec<Row>) -> bool);

/// Collects rows of any format into a [`Table`], applying the header and blank-row rules;
/// with a sink, hands them over chunk by chunk instead of keeping them.
pub(crate) struct TableBuilder<'s> {
    headers: Option<Vec<String>>,
    rows: Vec<Row>,
    data_rows: usize,
    max_rows: usize,
    sink: Option<Sink<'s>>,
    stopped: bool,
}

impl<'s> TableBuilder<'s> {
    pub(crate) fn new(max_rows: usize) -> Self {
        TableBuilder {
            headers: None,
            rows: Vec::new(),
            data_rows: 0,
            max_rows,
            sink: None,
            stopped: false,
        }
    }

    /// Whether the sink asked to stop reading.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }

    /// Hands the rows held so far to the sink, if there is one.
    fn flush(&mut self) {
        if let (Some((_, sink)), Some(headers)) = (self.sink.as_mut(), self.headers.as_ref())
            && !self.rows.is_empty()
            && !self.stopped
        {
            self.stopped = !sink(headers, std::mem::take(&mut self.rows));
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
                    if self.sink.as_ref().is_some_and(|(chunk, _)| self.rows.len() >= *chunk) {
                        self.flush();
                    }
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

    type Chunked = Result<(Vec<String>, usize), ReadError>;

    /// Reads `csv` in chunks of `chunk`, answering the chunks' lines and the result.
    fn chunked(csv: &str, max: usize, chunk: usize, stop_after: usize) -> (Vec<Vec<usize>>, Chunked) {
        let mut seen: Vec<Vec<usize>> = vec![];
        let result = read_in_chunks(csv.as_bytes(), "f.csv", None, max, chunk, &mut |headers, rows| {
            assert_eq!(headers, ["a", "b"]);
            seen.push(rows.iter().map(|r| r.line).collect());
            seen.len() < stop_after
        });
        (seen, result)
    }

    #[test]
    fn chunks_come_in_file_order_with_the_lines_a_whole_reading_gives() {
        let csv = "a,b\n1,x\n\n2,y\n3,z\n4,w\n5,v\n";
        let (seen, result) = chunked(csv, 100, 2, usize::MAX);
        assert_eq!(seen, vec![vec![2, 4], vec![5, 6], vec![7]]);
        assert_eq!(result, Ok((cells(&["a", "b"]), 5)));
        let whole: Vec<usize> = read_table(csv.as_bytes(), "f.csv", None)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(seen.concat(), whole);
    }

    #[test]
    fn a_sink_that_says_stop_gets_no_more_rows() {
        let (seen, _) = chunked("a,b\n1\n2\n3\n4\n5\n", 100, 2, 1);
        assert_eq!(seen, vec![vec![2, 3]]);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_at_its_end_with_the_full_count() {
        let (seen, result) = chunked("a,b\n1\n2\n3\n4\n5\n", 3, 2, usize::MAX);
        assert_eq!(seen, vec![vec![2, 3], vec![4]]);
        assert_eq!(result, Err(ReadError::TooLarge { rows: 5, max: 3 }));
    }

    #[test]
    fn a_header_only_file_hands_over_nothing() {
        let (seen, result) = chunked("a,b\n\n", 10, 2, usize::MAX);
        assert!(seen.is_empty());
        assert_eq!(result, Ok((cells(&["a", "b"]), 0)));
    }
}
