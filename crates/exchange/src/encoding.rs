//! Decoding uploaded text files: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

use std::borrow::Cow;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::ReadError;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Decodes the bytes of a text table to a string, rejecting files that are clearly not text.
///
/// Bytes that are not valid UTF-8 are decoded as GB18030, a superset of GBK and GB2312, which
/// is what Excel on Chinese Windows writes when saving "CSV".
pub(crate) fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Ok(String::from_utf8_lossy(rest));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        // Excel's "Unicode text" export.
        return Ok(UTF_16LE.decode_without_bom_handling(rest).0);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(UTF_16BE.decode_without_bom_handling(rest).0);
    }
    reject_non_text(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => Ok(GB18030.decode_without_bom_handling(bytes).0),
    }
}

fn reject_non_text(bytes: &[u8]) -> Result<(), ReadError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(ReadError::Unreadable(
            "this is a binary file, not a spreadsheet or text table".into(),
        ));
    }
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..]);
    let lower = start[..start.len().min(64)].to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<?xml")
        || lower.starts_with(b"<table")
    {
        return Err(ReadError::Unreadable(
            "this is a web page or XML document saved with a spreadsheet name, not a real \
             spreadsheet"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_bom_is_removed() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
    }

    #[test]
    fn invalid_utf8_is_decoded_as_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode("名称,代码");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode_text(&gbk).unwrap(), "名称,代码");
    }

    #[test]
    fn utf16_little_endian_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "名称\t代码".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(&bytes).unwrap(), "名称\t代码");
    }

    #[test]
    fn binary_and_html_files_are_rejected() {
        assert!(matches!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(ReadError::Unreadable(_))
        ));
        assert!(matches!(
            decode_text(b"  <html><table><tr><td>1</td></tr></table></html>"),
            Err(ReadError::Unreadable(_))
        ));
    }
}
