//! Reading and writing of tabular files (.xlsx and .csv) for imports and exports; pure, no database or HTTP.
//!
//! Reading turns any uploaded spreadsheet into a [`Table`] of trimmed text cells with the row
//! numbers the user sees in Excel, so import code never deals with file formats or encodings.
//! Writing produces .xlsx exports ([`XlsxWriter`]), import templates with drop-downs
//! ([`template_xlsx`]) and CSV exports ([`write_csv`]).

mod column;
mod drop_down;
mod encoding;
mod error;
mod formula_guard;
mod kind;
mod read;
mod read_csv;
mod read_xlsx;
mod table;
mod template;
mod write_cell;
mod write_csv;
mod write_xlsx;

pub use column::{Cell, Column};
pub use drop_down::{LISTS_SHEET, VALIDATION_ROWS};
pub use error::{ReadError, WriteError};
pub use kind::FileKind;
pub use read::{read_in_chunks, read_table, read_table_limited};
pub use table::{Row, Table};
pub use template::{EXAMPLE_INSTRUCTION, INSTRUCTIONS_SHEET, template_xlsx};
pub use write_csv::write_csv;
pub use write_xlsx::XlsxWriter;

/// The largest number of data rows (header excluded) [`read_table`] accepts.
pub const MAX_ROWS: usize = 1_000_000;
