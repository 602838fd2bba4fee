//! Reading the embedded CSV files: header check and row iteration.
//!
//! The files are part of the binary, so a malformed file is a build defect:
//! the helpers panic with the file name and line rather than return errors.

use csv::StringRecord;

/// Calls `row` for every data record of `text`, after checking the header.
pub(crate) fn for_each_row(file: &str, text: &'static str, header: &[&str], mut row: impl FnMut(&Row<'_>)) {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let found = reader
        .headers()
        .unwrap_or_else(|e| panic!("{file}: unreadable header: {e}"));
    assert!(
        found.iter().eq(header.iter().copied()),
        "{file}: header is {found:?}, expected {header:?}"
    );
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => row(&Row { file, record: &record }),
            Ok(false) => break,
            Err(e) => panic!("{file}: {e}"),
        }
    }
}

/// One CSV record with its file name, for error messages.
pub(crate) struct Row<'a> {
    file: &'a str,
    record: &'a StringRecord,
}

impl Row<'_> {
    /// The field at `index`; empty when absent.
    pub(crate) fn str(&self, index: usize) -> &str {
        self.record.get(index).unwrap_or("")
    }

    pub(crate) fn string(&self, index: usize) -> String {
        self.str(index).to_owned()
    }

    /// `None` for an empty field.
    pub(crate) fn opt(&self, index: usize) -> Option<String> {
        let value = self.str(index);
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// Stops parsing with the file, line and reason.
    pub(crate) fn fail(&self, reason: &str) -> ! {
        let line = self.record.position().map_or(0, |p| p.line());
        panic!("{}:{line}: {reason}: {:?}", self.file, self.record)
    }
}

/// A six-digit division code as a number; `None` for anything else.
pub(crate) fn code6(code: &str) -> Option<u32> {
    let bytes = code.as_bytes();
    if bytes.len() != 6 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |acc, b| acc * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::code6;

    #[test]
    fn code6_accepts_exactly_six_ascii_digits() {
        assert_eq!(code6("320102"), Some(320_102));
        assert_eq!(code6("000000"), Some(0));
        assert_eq!(code6("32010"), None);
        assert_eq!(code6("3201020"), None);
        assert_eq!(code6("32010a"), None);
        assert_eq!(code6("３２０１０２"), None);
    }
}
