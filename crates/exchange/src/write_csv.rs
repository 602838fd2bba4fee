//! CSV export: UTF-8 with BOM and CRLF so Excel on Chinese Windows opens it correctly.

use crate::formula_guard::guard;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// A CSV file (UTF-8 with BOM, CRLF line ends, quotes where needed).
///
/// Cells Excel would run as a formula (starting with `=`, `+`, `-`, `@` and not a plain
/// number) get a leading apostrophe; [`crate::read_table`] removes it again.
pub fn write_csv(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec());
    write_record(&mut writer, headers.iter().copied());
    for row in rows {
        write_record(&mut writer, row.iter().map(String::as_str));
    }
    writer.into_inner().expect("flushing CSV into a Vec cannot fail")
}

fn write_record<'a>(writer: &mut csv::Writer<Vec<u8>>, cells: impl Iterator<Item = &'a str>) {
    for cell in cells {
        writer
            .write_field(guard(cell).as_bytes())
            .expect("writing CSV into a Vec cannot fail");
    }
    writer
        .write_record(None::<&[u8]>)
        .expect("writing CSV into a Vec cannot fail");
}
