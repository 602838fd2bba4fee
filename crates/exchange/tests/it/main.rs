//! Integration tests of kaifang-exchange: reading uploads, writing exports and templates.

mod errors;
mod read_csv;
mod read_xlsx;
mod support;
mod template;
mod write_csv;
mod write_xlsx;
