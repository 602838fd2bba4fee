//! Reading one worksheet of an .xlsx workbook into a [`crate::Table`], every cell rendered as text.

use std::io::Cursor;

use calamine::{Data, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx};

use crate::read::TableBuilder;
use crate::{ReadError, Row};

pub(crate) fn read(bytes: &[u8], sheet: Option<&str>, builder: &mut TableBuilder) -> Result<(), ReadError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError::Unreadable(format!("xlsx: {e}")))?;
    let name = choose_sheet(&workbook, sheet)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| ReadError::Unreadable(format!("xlsx sheet {name:?}: {e}")))?;
    if let Some((first_row, _)) = range.start() {
        for (i, row) in range.rows().enumerate() {
            if builder.stopped() {
                break;
            }
            let line = first_row as usize + i + 1;
            builder.push(Row::new(line, row.iter().map(cell_text)))?;
        }
    }
    Ok(())
}

/// The sheet named `wanted` (exactly, else trimmed and ignoring ASCII case), or the first
/// visible worksheet.
fn choose_sheet<R: std::io::Read + std::io::Seek>(
    workbook: &Xlsx<R>,
    wanted: Option<&str>,
) -> Result<String, ReadError> {
    let sheets = workbook.sheets_metadata();
    if let Some(wanted) = wanted {
        return sheets
            .iter()
            .find(|s| s.name == wanted)
            .or_else(|| {
                sheets
                    .iter()
                    .find(|s| s.name.trim().eq_ignore_ascii_case(wanted.trim()))
            })
            .map(|s| s.name.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
                ReadError::Unreadable(format!(
                    "the workbook has no sheet named {wanted:?} (its sheets: {})",
                    names.join(", ")
                ))
            });
    }
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or(ReadError::Empty)
}

/// A cell as the text the user sees: trimmed strings, integral numbers without ".0",
/// dates as YYYY-MM-DD, booleans as TRUE/FALSE, errors as their error text.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        Data::DateTime(dt) => date_text(dt),
        Data::Error(e) => e.to_string(),
    }
}

/// Like Excel: at most 15 significant digits, no exponent, no trailing ".0".
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return (f as i64).to_string();
    }
    // Round to 15 significant digits to hide binary noise such as 0.30000000000000004.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    rounded.to_string()
}

fn date_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let total = (dt.as_f64() * 86_400.0).round() as i64;
        let (sign, total) = if total < 0 { ("-", -total) } else { ("", total) };
        return format!("{sign}{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    #[test]
    fn integral_numbers_have_no_decimal_point() {
        assert_eq!(number_text(320102.0), "320102");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(-17.0), "-17");
    }

    #[test]
    fn fractions_are_rounded_to_fifteen_significant_digits() {
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(1234.5678), "1234.5678");
    }

    #[test]
    fn numbers_beyond_fifteen_digits_keep_excel_precision() {
        // An 18-digit code typed as a number: Excel itself keeps only 15 digits.
        assert_eq!(number_text(913201001234567890.0), "913201001234568000");
    }

    #[test]
    fn dates_times_and_durations_are_rendered_like_excel_shows_them() {
        let date = |v| ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&date(45292.0)), "2024-01-01");
        assert_eq!(date_text(&date(45292.5)), "2024-01-01 12:00:00");
        assert_eq!(date_text(&date(0.75)), "18:00:00");
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(date_text(&duration), "36:00:00");
        let date_1904 = ExcelDateTime::new(0.0 + 1.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(date_text(&date_1904), "1904-01-02");
    }

    #[test]
    fn booleans_errors_and_strings_become_text() {
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Bool(false)), "FALSE");
        assert_eq!(cell_text(&Data::Error(CellErrorType::NA)), "#N/A");
        assert_eq!(cell_text(&Data::String("  玄武区 \u{3000}".into())), "玄武区");
        assert_eq!(cell_text(&Data::Int(42)), "42");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
