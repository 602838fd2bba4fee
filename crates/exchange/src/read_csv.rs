//! Reading comma- or tab-separated text into a [`crate::Table`].

use crate::encoding::decode_text;
use crate::formula_guard::unguard;
use crate::read::TableBuilder;
use crate::{ReadError, Row};

pub(crate) fn read(bytes: &[u8], builder: &mut TableBuilder) -> Result<(), ReadError> {
    let text = decode_text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text.as_bytes());
    let mut record = csv::StringRecord::new();
    while !builder.stopped() {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let byte = record.position().map_or(0, |p| p.byte() as usize);
                let line = lines.line_at(byte);
                builder.push(Row::new(line, record.iter().map(|cell| unguard(cell.trim()).trim())))?;
            }
            Ok(false) => break,
            Err(e) => return Err(ReadError::Unreadable(format!("CSV: {e}"))),
        }
    }
    Ok(())
}

/// Line numbers as a text editor shows them, from the byte offsets the CSV reader reports.
///
/// The csv crate's own line numbers lag behind after blank lines and CRLF line ends, and its
/// record offsets may point at the line breaks before a record, so those are skipped here.
/// CRLF, LF and lone CR all end a line.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter { text, pos: 0, line: 1 }
    }

    /// The line of the record reported at `byte`; offsets must not decrease.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.clamp(self.pos, self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        for i in self.pos..start {
            match self.text[i] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.pos = start;
        self.line
    }
}

/// Tab when the header line has tabs and no commas, comma otherwise.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_is_the_delimiter_only_without_commas_in_the_header() {
        assert_eq!(delimiter("\n\na\tb\n1,2\t3"), b'\t');
        assert_eq!(delimiter("a\tb,c\n"), b',');
        assert_eq!(delimiter("a,b\n"), b',');
        assert_eq!(delimiter(""), b',');
    }

    #[test]
    fn line_breaks_before_a_record_are_counted_whatever_their_style() {
        let text = b"a\r\n\r\nb\rc\n\nd";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_at(0), 1);
        // "b" is on line 3, whether the offset points at it or at the breaks before it.
        assert_eq!(lines.line_at(1), 3);
        assert_eq!(lines.line_at(5), 3);
        // A lone CR ends line 3: "c" is on line 4; "d" after two LFs on line 6.
        assert_eq!(lines.line_at(6), 4);
        assert_eq!(lines.line_at(8), 6);
    }
}
