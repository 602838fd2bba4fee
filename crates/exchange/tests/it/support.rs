//! Helpers shared by the integration tests: building inputs and looking inside .xlsx files.

use std::io::{Cursor, Read};

use calamine::{Reader, Sheet, Xlsx};
use kaifang_exchange::{Cell, Column, Table, XlsxWriter};

pub fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// All data rows of a table as plain cell vectors.
pub fn cells(table: &Table) -> Vec<Vec<String>> {
    table.rows.iter().map(|r| r.to_strings()).collect()
}

/// Sheets of an xlsx as calamine sees them (name, type, visibility), in workbook order.
pub fn sheets(bytes: &[u8]) -> Vec<Sheet> {
    let workbook = Xlsx::new(Cursor::new(bytes)).expect("calamine opens the workbook");
    workbook.sheets_metadata().to_vec()
}

/// The text of one part of the xlsx zip, e.g. `xl/worksheets/sheet1.xml`.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut file = archive.by_name(name).expect("part exists");
    let mut text = String::new();
    file.read_to_string(&mut text).expect("part is UTF-8");
    text
}

/// An xlsx with the given columns and rows, written by [`XlsxWriter`].
pub fn xlsx(columns: Vec<Column>, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut writer = XlsxWriter::new("数据", columns).unwrap();
    for row in rows {
        writer.push_row(row).unwrap();
    }
    writer.finish().unwrap()
}
