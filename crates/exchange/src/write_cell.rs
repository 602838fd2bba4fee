//! Writing one cell value with the format its column and row call for.

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Worksheet};

use crate::{Cell, WriteError};

#[derive(Clone, Copy)]
pub(crate) struct Style {
    /// The column is a text column.
    pub(crate) text: bool,
    /// The row is a template's example row.
    pub(crate) example: bool,
}

pub(crate) struct Formats {
    pub(crate) header: Format,
    pub(crate) text: Format,
    date: Format,
    example: Format,
    example_text: Format,
    example_date: Format,
}

impl Formats {
    pub(crate) fn new() -> Self {
        let example = Format::new().set_italic().set_font_color(Color::RGB(0x80_80_80));
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDD_EB_F7))
                .set_border(FormatBorder::Thin),
            text: Format::new().set_num_format("@"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            example_text: example.clone().set_num_format("@"),
            example_date: example.clone().set_num_format("yyyy-mm-dd"),
            example,
        }
    }

    /// The format of a text (or number) cell; `None` for the default one.
    fn plain(&self, style: Style) -> Option<&Format> {
        match (style.example, style.text) {
            (true, true) => Some(&self.example_text),
            (true, false) => Some(&self.example),
            (false, true) => Some(&self.text),
            (false, false) => None,
        }
    }

    fn date(&self, style: Style) -> &Format {
        if style.example { &self.example_date } else { &self.date }
    }
}

pub(crate) fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    style: Style,
    formats: &Formats,
) -> Result<(), WriteError> {
    let format = formats.plain(style);
    match cell {
        Cell::Empty => Ok(()),
        Cell::Text(s) => write_text(sheet, row, col, s, format),
        // Excel keeps 15 significant digits; longer integers stay exact only as text.
        Cell::Int(i) if style.text || i.unsigned_abs() >= 1_000_000_000_000_000 => {
            write_text(sheet, row, col, &i.to_string(), format)
        }
        Cell::Int(i) => write_number(sheet, row, col, *i as f64, format),
        Cell::Number(f) if style.text || !f.is_finite() => write_text(sheet, row, col, &f.to_string(), format),
        Cell::Number(f) => write_number(sheet, row, col, *f, format),
        Cell::Date(s) => match parse_date(s) {
            Some(date) if !style.text => {
                sheet.write_datetime_with_format(row, col, &date, formats.date(style))?;
                Ok(())
            }
            _ => write_text(sheet, row, col, s, format),
        },
    }
}

fn write_text(sheet: &mut Worksheet, row: u32, col: u16, s: &str, format: Option<&Format>) -> Result<(), WriteError> {
    if s.is_empty() {
        return Ok(());
    }
    match format {
        Some(format) => sheet.write_string_with_format(row, col, s, format)?,
        None => sheet.write_string(row, col, s)?,
    };
    Ok(())
}

fn write_number(sheet: &mut Worksheet, row: u32, col: u16, n: f64, format: Option<&Format>) -> Result<(), WriteError> {
    match format {
        Some(format) => sheet.write_number_with_format(row, col, n, format)?,
        None => sheet.write_number(row, col, n)?,
    };
    Ok(())
}

/// A strict `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Option<ExcelDateTime> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let year = s[0..4].parse().ok()?;
    let month = s[5..7].parse().ok()?;
    let day = s[8..10].parse().ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_strict_iso_days() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024/01/01").is_none());
        assert!(parse_date("2024-1-1").is_none());
    }
}
