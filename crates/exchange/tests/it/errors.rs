//! Files that cannot become a table, and the errors users see for them.

use kaifang_exchange::{ReadError, read_table, read_table_limited};

use crate::support::xlsx;
use kaifang_exchange::{Cell, Column};

#[test]
fn an_empty_file_is_empty() {
    assert_eq!(read_table(b"", "a.csv", None), Err(ReadError::Empty));
}

#[test]
fn a_file_of_blank_lines_and_separators_is_empty() {
    assert_eq!(
        read_table(b"\xEF\xBB\xBF\r\n ,, \r\n\r\n", "a.csv", None),
        Err(ReadError::Empty)
    );
}

#[test]
fn an_xlsx_without_any_value_is_empty() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(read_table(&bytes, "a.xlsx", None), Err(ReadError::Empty));
}

#[test]
fn a_corrupt_xlsx_is_unreadable() {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    let err = read_table(&bytes, "upload.xlsx", None).unwrap_err();
    assert!(matches!(err, ReadError::Unreadable(_)), "{err:?}");
}

#[test]
fn a_truncated_xlsx_is_unreadable() {
    let bytes = xlsx(vec![Column::new("a")], &[vec![Cell::from("x")]]);
    let err = read_table(&bytes[..bytes.len() / 2], "a.xlsx", None).unwrap_err();
    assert!(matches!(err, ReadError::Unreadable(_)), "{err:?}");
}

#[test]
fn a_legacy_xls_workbook_is_unreadable_with_a_reason() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend([0u8; 512]);
    match read_table(&bytes, "old.xls", None) {
        Err(ReadError::Unreadable(reason)) => assert!(reason.contains(".xls"), "{reason}"),
        other => panic!("expected Unreadable, got {other:?}"),
    }
}

#[test]
fn duplicate_headers_are_rejected_ignoring_case_and_spaces() {
    let err = read_table(b"Name,Code, name \na,1,b\n", "a.csv", None).unwrap_err();
    assert_eq!(err, ReadError::DuplicateHeader("name".into()));
    let err = read_table("名称,名称\n".as_bytes(), "a.csv", None).unwrap_err();
    assert_eq!(err, ReadError::DuplicateHeader("名称".into()));
}

#[test]
fn duplicate_headers_in_an_xlsx_are_rejected() {
    let bytes = xlsx(vec![Column::new("代码"), Column::new("代码")], &[]);
    assert_eq!(
        read_table(&bytes, "a.xlsx", None),
        Err(ReadError::DuplicateHeader("代码".into()))
    );
}

#[test]
fn more_rows_than_the_limit_is_too_large_with_the_real_count() {
    let bytes = b"a\n1\n2\n\n3\n4\n";
    assert_eq!(
        read_table_limited(bytes, "a.csv", None, 3),
        Err(ReadError::TooLarge { rows: 4, max: 3 })
    );
    assert_eq!(read_table_limited(bytes, "a.csv", None, 4).unwrap().rows.len(), 4);
}

#[test]
fn an_unknown_sheet_name_is_unreadable_and_lists_the_sheets() {
    let bytes = xlsx(vec![Column::new("a")], &[]);
    match read_table(&bytes, "a.xlsx", Some("企业")) {
        Err(ReadError::Unreadable(reason)) => assert!(reason.contains("数据"), "{reason}"),
        other => panic!("expected Unreadable, got {other:?}"),
    }
}

#[test]
fn error_messages_for_users_are_bilingual() {
    let err = read_table(b"", "a.csv", None).unwrap_err();
    let message = err.message();
    assert!(message.zh.contains("表头"), "{}", message.zh);
    assert!(message.en.contains("header"), "{}", message.en);
}
