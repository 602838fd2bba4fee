//! Import templates: a header row with drop-downs and notes, an optional example row, and an
//! instructions sheet.

use rust_xlsxwriter::{Format, Workbook};

use crate::write_xlsx::EXCEL_ROWS;
use crate::{Cell, Column, WriteError, XlsxWriter};

/// Name of the instructions sheet of [`template_xlsx`] (a number is appended on a clash).
pub const INSTRUCTIONS_SHEET: &str = "填写说明 Instructions";

/// The line [`template_xlsx`] appends to the instructions when there is an example row.
pub const EXAMPLE_INSTRUCTION: &str = "第 2 行（灰色斜体）是示例，导入前请覆盖或删除。 / Row 2 (grey italics) is an example: overwrite or delete it before importing.";

/// An import template: the data sheet (first, so [`crate::read_table`] reads it) with header,
/// drop-downs and notes, plus one grey example row if given; then a sheet with the
/// `instructions`, one line per row; then, if needed, the hidden sheet of long lists.
pub fn template_xlsx(
    sheet_name: &str,
    columns: Vec<Column>,
    example: Option<Vec<Cell>>,
    instructions: &[String],
) -> Result<Vec<u8>, WriteError> {
    let mut writer = XlsxWriter::new(sheet_name, columns)?;
    let mut lines = instructions.to_vec();
    if let Some(cells) = example {
        writer.write_row(&cells, true)?;
        lines.push(EXAMPLE_INSTRUCTION.to_owned());
    }
    writer.finish_with(Some(&lines))
}

/// Adds a sheet with one line of text per row, in a wide wrapping column.
pub(crate) fn add_instructions_sheet(workbook: &mut Workbook, name: &str, lines: &[String]) -> Result<(), WriteError> {
    let wrap = Format::new().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    sheet.set_column_width(0, 100)?;
    for (i, line) in lines.iter().enumerate() {
        let row = u32::try_from(i).map_err(|_| WriteError::TooManyRows {
            max: EXCEL_ROWS as usize,
        })?;
        if !line.is_empty() {
            sheet.write_string_with_format(row, 0, line, &wrap)?;
        }
    }
    Ok(())
}
