//! Drop-down lists (data validations): inline when short, else on a hidden "lists" sheet.

use rust_xlsxwriter::utility::{column_number_to_name, quote_sheet_name};
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula, Workbook};

use crate::write_xlsx::{EXCEL_ROWS, col_num, unique_name};
use crate::{Column, WriteError};

/// Drop-downs cover rows 2 up to this 1-based row, or to the last written row if further.
pub const VALIDATION_ROWS: u32 = 10_001;
/// Name of the hidden sheet holding long drop-down lists (a number is appended on a clash).
pub const LISTS_SHEET: &str = "lists";

/// Excel's limit on an inline list ("a,b,c") in a data validation, in UTF-16 units.
const INLINE_LIST_LIMIT: usize = 255;

/// Adds a drop-down to every column of sheet 0 that has choices, on rows 2 up to
/// [`VALIDATION_ROWS`] or `rows_written` (header included) if more. A lists sheet, if needed,
/// is added after the existing sheets with a name not in `taken`.
pub(crate) fn add_drop_downs(
    workbook: &mut Workbook,
    columns: &[Column],
    taken: &[String],
    rows_written: u32,
) -> Result<(), WriteError> {
    let mut lists = ListsSheet {
        name: unique_name(LISTS_SHEET, taken),
        index: None,
        next_col: 0,
    };
    let last_row = VALIDATION_ROWS.max(rows_written).min(EXCEL_ROWS) - 1;
    for (i, column) in columns.iter().enumerate() {
        let Some(choices) = column.choices.as_deref() else {
            continue;
        };
        let choices: Vec<&str> = choices.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if choices.is_empty() {
            continue;
        }
        let validation = if fits_inline(&choices) {
            DataValidation::new().allow_list_strings(&choices)?
        } else {
            DataValidation::new().allow_list_formula(lists.add(workbook, &choices)?)
        };
        let validation = validation
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("不在列表中 Not in the list")?
            .set_error_message("请从下拉列表中选择。\nPlease choose a value from the drop-down list.")?;
        let col = col_num(i)?;
        workbook
            .worksheet_from_index(0)?
            .add_data_validation(1, col, last_row, col, &validation)?;
    }
    Ok(())
}

/// The hidden sheet of long lists, created on first use; each list takes one column.
struct ListsSheet {
    name: String,
    index: Option<usize>,
    next_col: u16,
}

impl ListsSheet {
    /// Writes `choices` into the next column and returns the range formula referring to them.
    fn add(&mut self, workbook: &mut Workbook, choices: &[&str]) -> Result<Formula, WriteError> {
        let index = match self.index {
            Some(index) => index,
            None => {
                let sheet = workbook.add_worksheet();
                sheet.set_name(&self.name)?;
                sheet.set_hidden(true);
                let index = workbook.worksheets().len() - 1;
                self.index = Some(index);
                index
            }
        };
        let col = self.next_col;
        self.next_col += 1;
        let sheet = workbook.worksheet_from_index(index)?;
        for (row, choice) in choices.iter().enumerate() {
            let row = u32::try_from(row)
                .ok()
                .filter(|r| *r < EXCEL_ROWS)
                .ok_or(WriteError::TooManyRows {
                    max: EXCEL_ROWS as usize,
                })?;
            sheet.write_string(row, col, *choice)?;
        }
        let letter = column_number_to_name(col);
        Ok(Formula::new(format!(
            "={}!${letter}$1:${letter}${}",
            quote_sheet_name(&self.name),
            choices.len()
        )))
    }
}

/// Whether Excel accepts the list inline: it is split on commas and limited in length.
fn fits_inline(choices: &[&str]) -> bool {
    let length: usize =
        choices.iter().map(|c| c.encode_utf16().count()).sum::<usize>() + choices.len().saturating_sub(1);
    length <= INLINE_LIST_LIMIT && choices.iter().all(|c| !c.contains([',', '"']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_without_commas_fit_inline() {
        assert!(fits_inline(&["是", "否"]));
        assert!(!fits_inline(&["a,b", "c"]));
        assert!(!fits_inline(&["say \"hi\""]));
        let long: Vec<String> = (0..100).map(|i| format!("选项{i}")).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        assert!(!fits_inline(&long));
    }
}
