//! CSV exports: BOM for Excel, formula protection, and round trips through the reader.

use kaifang_exchange::{read_table, write_csv};
use proptest::prelude::*;

use crate::support::{cells, strings};

#[test]
fn csv_output_starts_with_the_utf8_bom_and_uses_crlf() {
    let bytes = write_csv(&["名称", "代码"], vec![strings(&["玄武区", "320102"])].into_iter());
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(&bytes[3..], "名称,代码\r\n玄武区,320102\r\n".as_bytes());
}

#[test]
fn csv_output_round_trips_through_read_table() {
    let rows = vec![
        strings(&[
            "南京某某有限公司",
            "91320102MA1XYZ1234",
            "江苏省南京市\n玄武区",
            "1,000",
        ]),
        strings(&["Acme \"HK\" Ltd.", "010203", "", "-5"]),
    ];
    let bytes = write_csv(&["企业名称", "代码", "地址", "金额"], rows.clone().into_iter());
    let table = read_table(&bytes, "export.csv", None).unwrap();
    assert_eq!(table.headers, strings(&["企业名称", "代码", "地址", "金额"]));
    assert_eq!(cells(&table), rows);
    assert_eq!(table.rows[1].line, 4);
}

#[test]
fn cells_excel_would_run_as_formulas_are_neutralised_but_read_back_unchanged() {
    let rows = vec![strings(&[
        "=HYPERLINK(\"http://evil\",\"点击\")",
        "+86 25 8888 8888",
        "-5",
        "@x",
    ])];
    let bytes = write_csv(&["a", "b", "c", "d"], rows.clone().into_iter());
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点击\"\")\""),
        "{text}"
    );
    assert!(text.contains(",'+86 25 8888 8888,-5,'@x"), "{text}");
    assert_eq!(cells(&read_table(text.as_bytes(), "a.csv", None).unwrap()), rows);
}

fn cell() -> impl Strategy<Value = String> {
    // Any text without surrounding whitespace (the reader trims), including separators,
    // quotes, line breaks, apostrophes and formula characters.
    "[a-z0-9中文,\"'=+@\\-\n ]{0,12}".prop_map(|s| s.trim().to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_non_blank_rows_round_trip_through_csv(
        rows in prop::collection::vec(prop::collection::vec(cell(), 3), 0..8)
    ) {
        let rows: Vec<Vec<String>> =
            rows.into_iter().filter(|r| r.iter().any(|c| !c.is_empty())).collect();
        let bytes = write_csv(&["h1", "h2", "h3"], rows.clone().into_iter());
        let table = read_table(&bytes, "p.csv", None).unwrap();
        prop_assert_eq!(cells(&table), rows);
    }
}
