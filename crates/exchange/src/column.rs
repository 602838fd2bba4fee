//! Column definitions and cell values for writing .xlsx files.

/// One column of a written sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Column {
    /// Header text, written bold in row 1.
    pub header: String,
    /// Width in Excel character units; 0 or less means "fit the header".
    pub width: f64,
    /// Drop-down list of allowed values on the data rows (see [`crate::VALIDATION_ROWS`]).
    /// Lists longer than Excel's inline limit of 255 characters, or with commas or quotes in
    /// a choice, are written to a hidden sheet and referenced by range.
    pub choices: Option<Vec<String>>,
    /// An Excel note (comment) on the header cell explaining the column.
    pub note: Option<String>,
    /// Format the column as text so Excel keeps leading zeros and 18-digit codes.
    pub text: bool,
}

impl Column {
    /// A column with a header and everything else default (width fitted to the header).
    pub fn new(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            ..Column::default()
        }
    }

    pub fn with_width(self, width: f64) -> Self {
        Column { width, ..self }
    }

    pub fn with_choices(self, choices: Vec<String>) -> Self {
        Column {
            choices: Some(choices),
            ..self
        }
    }

    pub fn with_note(self, note: impl Into<String>) -> Self {
        Column {
            note: Some(note.into()),
            ..self
        }
    }

    /// Marks the column as text (see [`Column::text`]).
    pub fn as_text(self) -> Self {
        Column { text: true, ..self }
    }

    /// The width to set in Excel.
    pub(crate) fn effective_width(&self) -> f64 {
        if self.width > 0.0 {
            return self.width.min(255.0);
        }
        // Room for the header (CJK characters are two units wide) and the filter button.
        let header = display_width(self.header.trim()) + 4;
        header.clamp(8, 60) as f64
    }
}

/// Approximate width in Excel character units: non-ASCII (mostly CJK) characters count two.
pub(crate) fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A cell value to write.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// Text; always written as a string, never as a formula.
    Text(String),
    /// An integer; written as text in text columns and when longer than Excel's 15 digits.
    Int(i64),
    /// A decimal number.
    Number(f64),
    /// A date as `YYYY-MM-DD`, written as an Excel date (shown as YYYY-MM-DD); text otherwise.
    Date(String),
    /// Nothing.
    #[default]
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(i: i64) -> Self {
        Cell::Int(i)
    }
}

impl From<f64> for Cell {
    fn from(f: f64) -> Self {
        Cell::Number(f)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_fits_the_header_when_not_given() {
        assert_eq!(Column::new("Code").effective_width(), 8.0);
        assert_eq!(Column::new("统一社会信用代码").effective_width(), 20.0);
        assert_eq!(Column::new("x").with_width(30.0).effective_width(), 30.0);
    }

    #[test]
    fn options_and_values_convert_to_cells() {
        assert_eq!(Cell::from(Some("a")), Cell::Text("a".into()));
        assert_eq!(Cell::from(None::<i64>), Cell::Empty);
        assert_eq!(Cell::from(7i64), Cell::Int(7));
    }
}
