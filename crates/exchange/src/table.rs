//! The in-memory result of reading a file: a header row and data rows of trimmed text.

/// A table read from an uploaded file: a header row and data rows, every cell as trimmed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The first non-empty row, trimmed; empty trailing header cells are dropped.
    pub headers: Vec<String>,
    /// The non-empty rows after the header, in file order.
    pub rows: Vec<Row>,
}

/// One data row of a [`Table`]: its cells' texts kept in one string (an import of 150,000
/// rows then holds two allocations a row instead of one per cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based row number as the user sees it in Excel or a text editor (header = 1 when the
    /// file starts with it). Blank rows are skipped but still counted.
    pub line: usize,
    /// The trimmed cell texts, one after another.
    text: String,
    /// Where each cell ends in `text`. There are at least as many cells as headers (missing
    /// cells are empty); a row may have more when it holds values beyond the last header.
    ends: Vec<u32>,
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
    /// A row of the given cell texts, taken as they are.
    pub fn new<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Row {
        let mut row = Row {
            line,
            text: String::new(),
            ends: Vec::new(),
        };
        for cell in cells {
            row.push(cell.as_ref());
        }
        row
    }

    /// Appends a cell.
    pub(crate) fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len() as u32);
    }

    /// Drops empty cells at the end.
    pub(crate) fn trim_end(&mut self) {
        while !self.ends.is_empty() && self.get(self.ends.len() - 1).is_empty() {
            self.ends.pop();
        }
    }

    /// Adds empty cells up to `n` cells.
    pub(crate) fn pad_to(&mut self, n: usize) {
        while self.ends.len() < n {
            self.ends.push(self.text.len() as u32);
        }
    }

    /// The cell at `index`, or `""` when the row is shorter.
    pub fn get(&self, index: usize) -> &str {
        match self.ends.get(index) {
            Some(&end) => {
                let start = if index == 0 { 0 } else { self.ends[index - 1] };
                &self.text[start as usize..end as usize]
            }
            None => "",
        }
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// The cells as owned texts.
    pub fn to_strings(&self) -> Vec<String> {
        self.cells().map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            headers: vec!["Name".into(), "统一社会信用代码".into(), "".into(), "USCC".into()],
            rows: vec![Row::new(2, ["a", "b"])],
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

    #[test]
    fn a_row_keeps_each_cell_apart_empty_ones_included() {
        let mut row = Row::new(4, ["南京", "", "x", "", ""]);
        assert_eq!(row.len(), 5);
        assert_eq!(row.get(0), "南京");
        assert_eq!(row.get(1), "");
        assert_eq!(row.get(2), "x");
        row.trim_end();
        assert_eq!(row.to_strings(), vec!["南京", "", "x"]);
        row.pad_to(4);
        assert_eq!(row.cells().collect::<Vec<_>>(), vec!["南京", "", "x", ""]);
        assert_eq!(row, Row::new(4, ["南京", "", "x", ""]));
        assert!(Row::new(1, Vec::<String>::new()).is_empty());
    }
}
