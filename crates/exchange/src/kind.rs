//! Telling .xlsx from .csv uploads by their bytes, then by their file name.

/// The formats [`crate::read_table`] understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An Office Open XML workbook (a zip archive).
    Xlsx,
    /// Delimited text: comma- or tab-separated, UTF-8, GB18030/GBK or UTF-16.
    Csv,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Compound File Binary: legacy .xls, and also password-protected .xlsx.
pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl FileKind {
    /// Sniffs the kind from the bytes (a zip archive is an xlsx), falling back to the
    /// extension of `filename`; anything else is read as CSV.
    pub fn detect(bytes: &[u8], filename: &str) -> FileKind {
        if bytes.starts_with(ZIP_MAGIC) {
            return FileKind::Xlsx;
        }
        let ext = filename
            .rsplit_once('.')
            .map(|(_, ext)| ext.trim().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xltx" | "xltm" => FileKind::Xlsx,
            _ => FileKind::Csv,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_bytes_are_xlsx_whatever_the_name() {
        assert_eq!(FileKind::detect(b"PK\x03\x04rest", "export.csv"), FileKind::Xlsx);
    }

    #[test]
    fn the_extension_decides_when_the_bytes_do_not() {
        assert_eq!(FileKind::detect(b"garbage", "Book1.XLSX"), FileKind::Xlsx);
        assert_eq!(FileKind::detect(b"a,b\n", "list.csv"), FileKind::Csv);
        assert_eq!(FileKind::detect(b"a\tb\n", "noextension"), FileKind::Csv);
    }
}
