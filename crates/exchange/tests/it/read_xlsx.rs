//! Reading .xlsx uploads: how each kind of Excel cell becomes text, which sheet is read.

use kaifang_exchange::{ReadError, read_table};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::support::{cells, strings};

/// A workbook as an officer might have typed it, with numbers, dates, booleans and errors.
fn typed_by_hand() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    let headers = ["区划代码", "金额", "成立日期", "是否在营", "比例", "备注"];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 320102.0).unwrap();
    sheet.write_number(1, 1, 1234.5).unwrap();
    let founded = ExcelDateTime::from_ymd(2019, 3, 7).unwrap();
    sheet.write_datetime_with_format(1, 2, &founded, &date).unwrap();
    sheet.write_boolean(1, 3, true).unwrap();
    sheet
        .write_formula(1, 4, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    sheet.write_string(1, 5, "  外资 ").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn numbers_dates_booleans_and_errors_read_as_the_text_excel_shows() {
    let table = read_table(&typed_by_hand(), "book.xlsx", None).unwrap();
    assert_eq!(
        cells(&table),
        vec![strings(&["320102", "1234.5", "2019-03-07", "TRUE", "#DIV/0!", "外资"])]
    );
    assert_eq!(table.rows[0].line, 2);
}

#[test]
fn an_xlsx_is_recognised_by_its_bytes_whatever_its_name() {
    let table = read_table(&typed_by_hand(), "download (1).csv", None).unwrap();
    assert_eq!(table.headers[0], "区划代码");
}

#[test]
fn blank_rows_keep_the_row_numbers_excel_shows() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // Header in row 3 (two blank rows above), data in rows 4 and 7.
    sheet.write_string(2, 0, "名称").unwrap();
    sheet.write_string(3, 0, "甲").unwrap();
    sheet.write_string(4, 0, "   ").unwrap();
    sheet.write_string(6, 0, "乙").unwrap();
    sheet.write_blank(9, 0, &Format::new().set_bold()).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let table = read_table(&bytes, "a.xlsx", None).unwrap();
    let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![4, 7]);
    assert_eq!(cells(&table), vec![strings(&["甲"]), strings(&["乙"])]);
}

fn two_sheets(first_hidden: bool) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let first = workbook.add_worksheet();
    first.set_name("说明").unwrap();
    first.write_string(0, 0, "readme").unwrap();
    let second = workbook.add_worksheet();
    second.set_name("Enterprises").unwrap();
    second.write_string(0, 0, "name").unwrap();
    second.write_string(1, 0, "甲公司").unwrap();
    if first_hidden {
        second.set_active(true);
        workbook.worksheet_from_index(0).unwrap().set_hidden(true);
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn the_first_sheet_is_read_unless_one_is_named() {
    let bytes = two_sheets(false);
    assert_eq!(
        read_table(&bytes, "a.xlsx", None).unwrap().headers,
        strings(&["readme"])
    );
    let named = read_table(&bytes, "a.xlsx", Some("Enterprises")).unwrap();
    assert_eq!(named.headers, strings(&["name"]));
    assert_eq!(cells(&named), vec![strings(&["甲公司"])]);
}

#[test]
fn a_sheet_name_matches_ignoring_ascii_case_and_spaces() {
    let bytes = two_sheets(false);
    let named = read_table(&bytes, "a.xlsx", Some(" enterprises ")).unwrap();
    assert_eq!(named.headers, strings(&["name"]));
}

#[test]
fn hidden_sheets_are_passed_over_when_no_sheet_is_named() {
    let bytes = two_sheets(true);
    assert_eq!(read_table(&bytes, "a.xlsx", None).unwrap().headers, strings(&["name"]));
}

#[test]
fn a_sheet_that_is_not_there_is_reported() {
    let bytes = two_sheets(false);
    assert!(matches!(
        read_table(&bytes, "a.xlsx", Some("missing")),
        Err(ReadError::Unreadable(_))
    ));
}
