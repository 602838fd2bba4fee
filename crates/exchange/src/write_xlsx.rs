//! Streaming .xlsx writer: bold frozen header with filter and notes, widths, text columns;
//! drop-downs come from `drop_down`, cell formats from `write_cell`.

use rust_xlsxwriter::{Note, Workbook};

use crate::column::display_width;
use crate::drop_down::add_drop_downs;
use crate::write_cell::{Formats, Style, write_cell};
use crate::{Cell, Column, WriteError};

/// Rows in an Excel sheet, header included.
pub(crate) const EXCEL_ROWS: u32 = 1_048_576;

/// Streams rows into an .xlsx in bounded memory (rows go to a temporary file as they are
/// written). Row 1 is a bold, frozen header with an autofilter and the columns' notes;
/// columns with choices get drop-downs.
pub struct XlsxWriter {
    workbook: Workbook,
    sheet_name: String,
    columns: Vec<Column>,
    formats: Formats,
    /// 0-based index of the next row to write; the header is row 0.
    next_row: u32,
}

impl std::fmt::Debug for XlsxWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxWriter")
            .field("sheet_name", &self.sheet_name)
            .field("columns", &self.columns)
            .field("next_row", &self.next_row)
            .finish_non_exhaustive()
    }
}

impl XlsxWriter {
    /// Starts a workbook with one sheet named `sheet_name` and writes its header row.
    pub fn new(sheet_name: &str, columns: Vec<Column>) -> Result<Self, WriteError> {
        if columns.is_empty() {
            return Err(WriteError::NoColumns);
        }
        let formats = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name)?;
        for (i, column) in columns.iter().enumerate() {
            let col = col_num(i)?;
            sheet.set_column_width(col, column.effective_width())?;
            if column.text {
                sheet.set_column_format(col, &formats.text)?;
            }
            sheet.write_string_with_format(0, col, column.header.trim(), &formats.header)?;
            if let Some(note) = column.note.as_deref().filter(|n| !n.trim().is_empty()) {
                sheet.insert_note(0, col, &header_note(note.trim()))?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(XlsxWriter {
            workbook,
            sheet_name: sheet_name.to_owned(),
            columns,
            formats,
            next_row: 1,
        })
    }

    /// Appends a data row; it may have fewer cells than there are columns.
    pub fn push_row(&mut self, cells: &[Cell]) -> Result<(), WriteError> {
        self.write_row(cells, false)
    }

    /// Completes the workbook and returns the file bytes.
    pub fn finish(self) -> Result<Vec<u8>, WriteError> {
        self.finish_with(None)
    }

    /// Writes a row; an example row is grey and italic.
    pub(crate) fn write_row(&mut self, cells: &[Cell], example: bool) -> Result<(), WriteError> {
        if cells.len() > self.columns.len() {
            return Err(WriteError::TooManyCells {
                cells: cells.len(),
                columns: self.columns.len(),
            });
        }
        if self.next_row >= EXCEL_ROWS {
            return Err(WriteError::TooManyRows {
                max: EXCEL_ROWS as usize - 1,
            });
        }
        let row = self.next_row;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (i, (cell, column)) in cells.iter().zip(&self.columns).enumerate() {
            let style = Style {
                text: column.text,
                example,
            };
            write_cell(sheet, row, col_num(i)?, cell, style, &self.formats)?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Adds the drop-downs, the autofilter and, for templates, an instructions sheet, then
    /// saves. Sheet order: data, instructions, hidden lists.
    pub(crate) fn finish_with(mut self, instructions: Option<&[String]>) -> Result<Vec<u8>, WriteError> {
        let mut taken = vec![self.sheet_name.clone()];
        if let Some(lines) = instructions {
            let name = unique_name(crate::INSTRUCTIONS_SHEET, &taken);
            crate::template::add_instructions_sheet(&mut self.workbook, &name, lines)?;
            taken.push(name);
        }
        add_drop_downs(&mut self.workbook, &self.columns, &taken, self.next_row)?;
        let last_col = col_num(self.columns.len() - 1)?;
        self.workbook
            .worksheet_from_index(0)?
            .autofilter(0, 0, self.next_row - 1, last_col)?;
        Ok(self.workbook.save_to_buffer()?)
    }
}

pub(crate) fn col_num(index: usize) -> Result<u16, WriteError> {
    u16::try_from(index).map_err(|_| WriteError::Xlsx("too many columns".into()))
}

fn header_note(text: &str) -> Note {
    const WIDTH_PX: u32 = 260;
    const UNITS_PER_LINE: usize = 34;
    let lines: usize = text
        .lines()
        .map(|l| display_width(l).div_ceil(UNITS_PER_LINE).max(1))
        .sum();
    let height = (lines as u32 * 17 + 12).max(74);
    Note::new(text)
        .add_author_prefix(false)
        .set_width(WIDTH_PX)
        .set_height(height)
}

/// `base`, or `base2`, `base3` … whichever no name in `taken` equals ignoring case.
pub(crate) fn unique_name(base: &str, taken: &[String]) -> String {
    let clash = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if !clash(base) {
        return base.to_owned();
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !clash(n))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_avoid_clashes_ignoring_case() {
        let taken = vec!["Lists".to_owned(), "lists2".to_owned()];
        assert_eq!(unique_name("lists", &taken), "lists3");
        assert_eq!(unique_name("other", &taken), "other");
    }

    #[test]
    fn the_writer_can_move_between_threads() {
        fn assert_send<T: Send>() {}
        assert_send::<XlsxWriter>();
    }
}
