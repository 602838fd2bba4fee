//! Import templates: data sheet first, then instructions, then the hidden lists.

use calamine::{Data, Reader, SheetVisible, Xlsx};
use kaifang_exchange::{Cell, Column, EXAMPLE_INSTRUCTION, INSTRUCTIONS_SHEET, LISTS_SHEET, read_table, template_xlsx};
use std::io::Cursor;

use crate::support::{part, sheets, strings};

fn template() -> Vec<u8> {
    let divisions: Vec<String> = (0..3000).map(|i| format!("{} 区{i}", 320000 + i)).collect();
    let columns = vec![
        Column::new("统一社会信用代码")
            .as_text()
            .with_note("18 位代码 / 18 characters"),
        Column::new("企业名称"),
        Column::new("所在区划").with_choices(divisions).as_text(),
        Column::new("企业类型").with_choices(strings(&["中外合资", "中外合作", "外商独资"])),
    ];
    let example = vec![
        Cell::from("91320102MA1XYZ1234"),
        Cell::from("南京示例有限公司"),
        Cell::from("320102 区102"),
        Cell::from("外商独资"),
    ];
    let instructions = strings(&["每行填写一家企业。", "One enterprise per row."]);
    template_xlsx("企业", columns, Some(example), &instructions).unwrap()
}

#[test]
fn a_template_has_the_data_sheet_the_instructions_sheet_and_the_hidden_lists_sheet() {
    let bytes = template();
    let sheets = sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["企业", INSTRUCTIONS_SHEET, LISTS_SHEET]);
    assert_eq!(sheets[0].visible, SheetVisible::Visible);
    assert_eq!(sheets[1].visible, SheetVisible::Visible);
    assert_eq!(sheets[2].visible, SheetVisible::Hidden);
}

#[test]
fn the_instructions_sheet_holds_one_line_per_row_and_explains_the_example() {
    let bytes = template();
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(INSTRUCTIONS_SHEET).unwrap();
    let lines: Vec<String> = range
        .rows()
        .map(|r| match &r[0] {
            Data::String(s) => s.clone(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        lines,
        strings(&["每行填写一家企业。", "One enterprise per row.", EXAMPLE_INSTRUCTION])
    );
}

#[test]
fn reading_a_template_back_gives_its_header_and_example_row() {
    let table = read_table(&template(), "模板.xlsx", None).unwrap();
    assert_eq!(
        table.headers,
        strings(&["统一社会信用代码", "企业名称", "所在区划", "企业类型"])
    );
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].line, 2);
    assert_eq!(
        table.rows[0].to_strings(),
        strings(&["91320102MA1XYZ1234", "南京示例有限公司", "320102 区102", "外商独资"])
    );
}

#[test]
fn the_template_carries_drop_downs_and_notes() {
    let bytes = template();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"sqref="C2:C10001""#), "{sheet}");
    assert!(sheet.contains("<formula1>lists!$A$1:$A$3000</formula1>"), "{sheet}");
    assert!(
        sheet.contains("<formula1>\"中外合资,中外合作,外商独资\"</formula1>"),
        "{sheet}"
    );
    assert!(part(&bytes, "xl/comments1.xml").contains("18 位代码 / 18 characters"));
}

#[test]
fn a_template_without_example_has_only_the_header_and_given_instructions() {
    let bytes = template_xlsx("导入", vec![Column::new("名称")], None, &[]).unwrap();
    let names: Vec<String> = sheets(&bytes).into_iter().map(|s| s.name).collect();
    assert_eq!(names, vec!["导入".to_owned(), INSTRUCTIONS_SHEET.to_owned()]);
    let table = read_table(&bytes, "t.xlsx", None).unwrap();
    assert_eq!(table.headers, strings(&["名称"]));
    assert!(table.rows.is_empty());
}
