//! Writing .xlsx exports and reading them back.

use calamine::{Data, Reader, SheetVisible, Xlsx};
use kaifang_exchange::{Cell, Column, LISTS_SHEET, WriteError, XlsxWriter, read_table};
use std::io::Cursor;

use crate::support::{cells, part, sheets, strings, xlsx};

fn enterprise_columns() -> Vec<Column> {
    vec![
        Column::new("统一社会信用代码").with_width(22.0).as_text(),
        Column::new("企业名称").with_width(40.0),
        Column::new("区划代码").as_text(),
        Column::new("区划（数值）"),
        Column::new("注册资本（万美元）"),
        Column::new("成立日期"),
    ]
}

#[test]
fn an_xlsx_written_by_the_writer_reads_back_identical_cells() {
    let rows = vec![
        vec![
            Cell::from("91320102MA1XYZ1234"),
            Cell::from("南京玄武外资企业有限公司"),
            Cell::from("010203"),
            Cell::Int(320102),
            Cell::Number(1250.75),
            Cell::Date("2019-03-07".into()),
        ],
        vec![
            Cell::from("913201001234567890"),
            Cell::from("=HYPERLINK(\"x\")"),
            Cell::Int(320106),
            Cell::Int(-5),
            Cell::Empty,
            Cell::from("不详"),
        ],
        vec![Cell::from("91320104MA0000000X")],
    ];
    let bytes = xlsx(enterprise_columns(), &rows);
    let table = read_table(&bytes, "export.xlsx", None).unwrap();
    assert_eq!(
        table.headers,
        strings(&[
            "统一社会信用代码",
            "企业名称",
            "区划代码",
            "区划（数值）",
            "注册资本（万美元）",
            "成立日期"
        ])
    );
    assert_eq!(
        cells(&table),
        vec![
            strings(&[
                "91320102MA1XYZ1234",
                "南京玄武外资企业有限公司",
                "010203",
                "320102",
                "1250.75",
                "2019-03-07"
            ]),
            strings(&["913201001234567890", "=HYPERLINK(\"x\")", "320106", "-5", "", "不详"]),
            strings(&["91320104MA0000000X", "", "", "", "", ""]),
        ]
    );
    let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
}

#[test]
fn cells_of_text_columns_are_strings_and_ints_elsewhere_are_numbers() {
    let bytes = xlsx(
        enterprise_columns(),
        &[vec![
            Cell::from("913201001234567890"),
            Cell::Empty,
            Cell::Int(320102),
            Cell::Int(320102),
        ]],
    );
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("数据").unwrap();
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::String("913201001234567890".into()))
    );
    assert_eq!(range.get_value((1, 2)), Some(&Data::String("320102".into())));
    assert!(matches!(range.get_value((1, 3)), Some(Data::Float(f)) if *f == 320102.0));
}

#[test]
fn the_header_is_bold_frozen_filtered_and_columns_have_their_widths() {
    let bytes = xlsx(enterprise_columns(), &[vec![Cell::from("x")], vec![Cell::from("y")]]);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:F3"/>"#), "{sheet}");
    assert!(sheet.contains(r#"width="22.7109375""#), "{sheet}");
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "{styles}");
    assert!(styles.contains(r#"formatCode="@""#), "{styles}");
}

#[test]
fn header_notes_are_written_as_excel_comments() {
    let columns = vec![
        Column::new("区划代码").with_note("6 位行政区划代码，例如 320102。\n6-digit division code."),
        Column::new("名称"),
    ];
    let bytes = xlsx(columns, &[]);
    let comments = part(&bytes, "xl/comments1.xml");
    assert!(comments.contains("6 位行政区划代码，例如 320102。"), "{comments}");
    assert!(comments.contains(r#"ref="A1""#), "{comments}");
}

#[test]
fn short_choice_lists_become_inline_drop_downs() {
    let columns = vec![
        Column::new("名称"),
        Column::new("是否在营").with_choices(strings(&["是", "否"])),
    ];
    let bytes = xlsx(columns, &[vec![Cell::from("甲"), Cell::from("是")]]);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"sqref="B2:B10001""#), "{sheet}");
    assert!(sheet.contains("<formula1>\"是,否\"</formula1>"), "{sheet}");
    let names: Vec<String> = sheets(&bytes).into_iter().map(|s| s.name).collect();
    assert_eq!(names, strings(&["数据"]));
}

fn division_choices() -> Vec<String> {
    (0..3000).map(|i| format!("{} 第{i}区", 320000 + i)).collect()
}

#[test]
fn a_3000_entry_choice_list_goes_to_a_hidden_sheet_that_calamine_reads() {
    let choices = division_choices();
    let columns = vec![
        Column::new("企业名称"),
        Column::new("所在区划").with_choices(choices.clone()).as_text(),
        Column::new("行业").with_choices(strings(&["制造业, 其他", "批发和零售业"])),
    ];
    let bytes = xlsx(columns, &[vec![Cell::from("甲公司"), Cell::from(choices[1].as_str())]]);

    let sheets = sheets(&bytes);
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[1].name, LISTS_SHEET);
    assert_eq!(sheets[1].visible, SheetVisible::Hidden);

    let mut workbook = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let lists = workbook.worksheet_range(LISTS_SHEET).unwrap();
    assert_eq!(lists.height(), 3000);
    assert_eq!(lists.get_value((0, 0)), Some(&Data::String("320000 第0区".into())));
    assert_eq!(
        lists.get_value((2999, 0)),
        Some(&Data::String("322999 第2999区".into()))
    );
    // A choice with a comma cannot be inline either: it gets the next list column.
    assert_eq!(lists.get_value((0, 1)), Some(&Data::String("制造业, 其他".into())));

    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<formula1>lists!$A$1:$A$3000</formula1>"), "{sheet}");
    assert!(sheet.contains("<formula1>lists!$B$1:$B$2</formula1>"), "{sheet}");

    let table = read_table(&bytes, "t.xlsx", None).unwrap();
    assert_eq!(cells(&table), vec![strings(&["甲公司", "320001 第1区", ""])]);
}

#[test]
fn drop_downs_extend_to_the_last_written_row() {
    let columns = vec![Column::new("是否").with_choices(strings(&["是", "否"]))];
    let mut writer = XlsxWriter::new("s", columns).unwrap();
    for _ in 0..12_000 {
        writer.push_row(&[Cell::from("是")]).unwrap();
    }
    let bytes = writer.finish().unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"sqref="A2:A12001""#));
    assert_eq!(read_table(&bytes, "s.xlsx", None).unwrap().rows.len(), 12_000);
}

#[test]
fn a_row_wider_than_the_columns_is_refused() {
    let mut writer = XlsxWriter::new("s", vec![Column::new("a")]).unwrap();
    assert_eq!(
        writer.push_row(&[Cell::from("1"), Cell::from("2")]),
        Err(WriteError::TooManyCells { cells: 2, columns: 1 })
    );
}

#[test]
fn a_sheet_without_columns_or_with_an_invalid_name_is_refused() {
    assert_eq!(XlsxWriter::new("s", vec![]).unwrap_err(), WriteError::NoColumns);
    assert!(matches!(
        XlsxWriter::new("a/b", vec![Column::new("a")]),
        Err(WriteError::Xlsx(_))
    ));
}
