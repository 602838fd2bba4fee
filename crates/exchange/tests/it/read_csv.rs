//! Reading CSV uploads: encodings, delimiters, line numbers, size.

use kaifang_exchange::{Row, read_table};

use crate::support::{cells, strings};

#[test]
fn a_utf8_csv_with_bom_reads_headers_and_trimmed_cells() {
    let bytes =
        "\u{feff}企业名称,统一社会信用代码, 区划 \r\n 南京某某有限公司 ,91320102MA1XYZ1234,320102\r\n".as_bytes();
    let table = read_table(bytes, "upload.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["企业名称", "统一社会信用代码", "区划"]));
    assert_eq!(
        table.rows,
        vec![Row::new(2, ["南京某某有限公司", "91320102MA1XYZ1234", "320102"])]
    );
    assert_eq!(table.column("区划"), Some(2));
}

#[test]
fn a_utf8_csv_without_bom_reads_the_same() {
    let table = read_table("名称,代码\n玄武区,320102\n".as_bytes(), "a.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["名称", "代码"]));
    assert_eq!(cells(&table), vec![strings(&["玄武区", "320102"])]);
}

#[test]
fn a_gbk_encoded_csv_reads_back_the_same_chinese_text() {
    let text = "企业名称,注册地址,投资方国别\r\n南京玄武外资企业有限公司,江苏省南京市玄武区中山路1号,中国香港\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "the test input must not be UTF-8");
    let table = read_table(&gbk, "导出.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["企业名称", "注册地址", "投资方国别"]));
    assert_eq!(
        cells(&table),
        vec![strings(&[
            "南京玄武外资企业有限公司",
            "江苏省南京市玄武区中山路1号",
            "中国香港"
        ])]
    );
}

#[test]
fn a_tab_separated_file_is_read_when_the_header_has_tabs_and_no_commas() {
    let bytes = "名称\t金额\n甲公司\t1,000\n".as_bytes();
    let table = read_table(bytes, "a.txt", None).unwrap();
    assert_eq!(table.headers, strings(&["名称", "金额"]));
    assert_eq!(cells(&table), vec![strings(&["甲公司", "1,000"])]);
}

#[test]
fn excel_unicode_text_in_utf16_is_read() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "名称\t代码\r\n鼓楼区\t320106\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let table = read_table(&bytes, "unicode.txt", None).unwrap();
    assert_eq!(table.headers, strings(&["名称", "代码"]));
    assert_eq!(cells(&table), vec![strings(&["鼓楼区", "320106"])]);
}

#[test]
fn blank_lines_in_the_middle_keep_the_line_numbers_a_text_editor_shows() {
    let bytes = b"name,code\n\na,1\n,\n   ,  \nb,2\n\n\n";
    let table = read_table(bytes, "a.csv", None).unwrap();
    let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 6]);
    assert_eq!(cells(&table), vec![strings(&["a", "1"]), strings(&["b", "2"])]);
}

#[test]
fn a_quoted_value_spanning_lines_counts_its_lines() {
    let bytes = b"name,address\n\"a\",\"line one\nline two\"\nb,x\n";
    let table = read_table(bytes, "a.csv", None).unwrap();
    assert_eq!(table.rows[0].get(1), "line one\nline two");
    assert_eq!(table.rows[0].line, 2);
    assert_eq!(table.rows[1].line, 4);
}

#[test]
fn trailing_empty_rows_and_cells_are_dropped_and_short_rows_padded() {
    let bytes = b"a,b,c,\n1\n2,,,,\n,,,\n\n";
    let table = read_table(bytes, "a.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["a", "b", "c"]));
    assert_eq!(cells(&table), vec![strings(&["1", "", ""]), strings(&["2", "", ""])]);
}

#[test]
fn a_header_only_file_has_zero_rows() {
    let table = read_table(b"\xEF\xBB\xBFname,code\r\n", "a.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["name", "code"]));
    assert!(table.rows.is_empty());
}

#[test]
fn leading_blank_lines_are_skipped_before_the_header() {
    let table = read_table(b"\n,,\nname\nx\n", "a.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["name"]));
    assert_eq!(table.rows[0].line, 4);
}

#[test]
fn a_100_000_row_csv_reads_every_row_with_its_line() {
    let mut text = String::from("统一社会信用代码,企业名称,区划代码,金额\r\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "91320102MA{i:08},南京第{i}号外资企业有限公司,320102,{i}.50\r\n"
        ));
    }
    let table = read_table(text.as_bytes(), "big.csv", None).unwrap();
    assert_eq!(table.rows.len(), 100_000);
    let last = table.rows.last().unwrap();
    assert_eq!(last.line, 100_001);
    assert_eq!(
        last.to_strings(),
        strings(&[
            "91320102MA00099999",
            "南京第99999号外资企业有限公司",
            "320102",
            "99999.50"
        ])
    );
}
