//! The in-memory result of reading a file: a header row and data rows of trimmed text.

/// A table read from an uploaded file: a header row and data rows, every cell as trimmed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The first non-empty row, trimmed; empty trailing header cells are dropped.
    pub headers: Vec<String>,
    /// The non-empty rows after the header, in file order.
    pub rows: Vec<Row>,
}

/// One data row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based row number as the user sees it in Excel or a text editor (header = 1 when the
    /// file starts with it). Blank rows are skipped but still counted.
    pub line: usize,
    /// Trimmed cell texts. There are at least as many as headers (missing cells are empty
    /// strings); a row may have more when it holds values beyond the last header.
    pub cells: Vec<String>,
}

impl Table {
    /// Index of the column whose header equals `name` after trimming, ignoring ASCII case.
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        self.headers.iter().position(|h| h.eq_ignore_ascii_case(name))
    }
}

impl Row {
    /// The cell at `index`, or `""` when the row is shorter.
    pub fn get(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            headers: vec!["Name".into(), "统一社会信用代码".into(), "".into(), "USCC".into()],
            rows: vec![Row {
                line: 2,
                cells: vec!["a".into(), "b".into()],
            }],
        }
    }

    #[test]
    fn column_lookup_ignores_ascii_case_and_surrounding_spaces() {
        let t = table();
        assert_eq!(t.column("name"), Some(0));
        assert_eq!(t.column("  NAME "), Some(0));
        assert_eq!(t.column("uscc"), Some(3));
        assert_eq!(t.column("统一社会信用代码"), Some(1));
    }

    #[test]
    fn column_lookup_finds_nothing_for_unknown_or_blank_names() {
        let t = table();
        assert_eq!(t.column("address"), None);
        assert_eq!(t.column("   "), None);
    }

    #[test]
    fn row_get_returns_empty_text_past_the_end() {
        let t = table();
        assert_eq!(t.rows[0].get(1), "b");
        assert_eq!(t.rows[0].get(7), "");
    }
}
