//! Errors of reading and writing tabular files, with bilingual explanations for the user.

use kaifang_domain::field_error::Message;

/// Why an uploaded file could not be turned into a [`crate::Table`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file has no non-empty row, so no header row.
    #[error("the file is empty or has no header row")]
    Empty,
    /// The bytes are not a readable .xlsx or text file; the text says why (in English).
    #[error("the file could not be read: {0}")]
    Unreadable(String),
    /// More data rows than allowed; `rows` is the number of non-empty data rows found.
    #[error("the file has {rows} data rows, more than the limit of {max}")]
    TooLarge { rows: usize, max: usize },
    /// Two header cells are equal after trimming, ignoring ASCII case; holds the repeated one.
    #[error("the column heading {0:?} appears more than once")]
    DuplicateHeader(String),
}

impl ReadError {
    /// An explanation for the person who uploaded the file, in Chinese and English.
    pub fn message(&self) -> Message {
        match self {
            ReadError::Empty => Message::new(
                "文件为空，或找不到表头行。请确认第一行是列名。",
                "The file is empty or has no header row. Make sure the first row holds the column names.",
            ),
            ReadError::Unreadable(detail) => Message::new(
                format!("无法读取文件。请用 Excel 另存为 .xlsx 工作簿或 CSV 文件（未加密）后重新上传。（{detail}）"),
                format!(
                    "The file could not be read. Save it from Excel as an .xlsx workbook or a CSV file (without a password) and upload it again. ({detail})"
                ),
            ),
            ReadError::TooLarge { rows, max } => Message::new(
                format!("文件共有 {rows} 行数据，超过单次导入上限 {max} 行。请拆分成多个文件分批导入。"),
                format!(
                    "The file has {rows} data rows, more than the limit of {max} for one import. Split it into several files."
                ),
            ),
            ReadError::DuplicateHeader(header) => Message::new(
                format!("列名“{header}”出现了不止一次。请删除或重命名重复的列。"),
                format!(
                    "The column heading \"{header}\" appears more than once. Delete or rename the duplicate column."
                ),
            ),
        }
    }
}

/// Why a file could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// A sheet was defined without any column.
    #[error("a sheet needs at least one column")]
    NoColumns,
    /// A row has more cells than the sheet has columns.
    #[error("a row has {cells} cells but the sheet has only {columns} columns")]
    TooManyCells { cells: usize, columns: usize },
    /// The sheet is full: Excel holds 1,048,576 rows including the header.
    #[error("an Excel sheet holds at most {max} data rows")]
    TooManyRows { max: usize },
    /// The xlsx library refused something (sheet name, text longer than 32,767 characters …).
    #[error("xlsx: {0}")]
    Xlsx(String),
}

impl WriteError {
    /// An explanation for the person who asked for the file, in Chinese and English.
    pub fn message(&self) -> Message {
        match self {
            WriteError::TooManyRows { max } => Message::new(
                format!("数据超过 Excel 单个工作表的上限（{max} 行），请缩小范围后分批导出。"),
                format!(
                    "The data exceeds what one Excel sheet holds ({max} rows); narrow the selection and export in parts."
                ),
            ),
            other => Message::new(
                format!("生成文件失败（{other}）。"),
                format!("The file could not be generated ({other})."),
            ),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        WriteError::Xlsx(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_read_error_explains_itself_in_chinese_and_english() {
        let errors = [
            ReadError::Empty,
            ReadError::Unreadable("zip: invalid archive".into()),
            ReadError::TooLarge { rows: 12, max: 10 },
            ReadError::DuplicateHeader("名称".into()),
        ];
        for e in errors {
            let m = e.message();
            assert!(has_chinese(&m.zh), "{e:?}: {}", m.zh);
            assert!(m.en.is_ascii() || m.en.contains("名称"), "{e:?}: {}", m.en);
            assert!(!m.en.is_empty());
        }
    }

    #[test]
    fn too_large_message_names_both_counts() {
        let m = ReadError::TooLarge {
            rows: 1_200_000,
            max: 1_000_000,
        }
        .message();
        assert!(m.zh.contains("1200000") && m.zh.contains("1000000"));
        assert!(m.en.contains("1200000") && m.en.contains("1000000"));
    }

    #[test]
    fn duplicate_header_message_names_the_header() {
        let m = ReadError::DuplicateHeader("企业名称".into()).message();
        assert!(m.zh.contains("企业名称"));
        assert!(m.en.contains("企业名称"));
    }
}
