//! Protection of CSV exports against formula injection, reversed when our own CSV is read back.
//!
//! Excel runs a CSV cell starting with `=`, `+`, `-` or `@` as a formula, so text coming from
//! users (enterprise names, addresses) could execute when an officer opens an export. Such cells
//! are written with a leading apostrophe, as OWASP recommends, unless they are plain numbers.
//! Reading CSV removes exactly that apostrophe again, so exports round-trip.

use std::borrow::Cow;

fn starts_with_trigger(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        // A lone "-" (meaning "none") is harmless and common.
        Some('+' | '-') => chars.next().is_some(),
        _ => false,
    }
}

fn is_plain_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.parse::<f64>().is_ok()
}

/// The cell as it must be written to CSV.
pub(crate) fn guard(cell: &str) -> Cow<'_, str> {
    if starts_with_trigger(cell.trim_start_matches('\'')) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The original cell text of a CSV cell written by [`guard`].
pub(crate) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_with_trigger(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_get_an_apostrophe() {
        assert_eq!(guard("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("+86 25 8888 8888"), "'+86 25 8888 8888");
        assert_eq!(guard("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
    }

    #[test]
    fn numbers_dashes_and_ordinary_text_are_left_alone() {
        for s in ["-5", "+3.25", "-1e5", "-", "南京市", "2024-01-01", "", "a=b"] {
            assert_eq!(guard(s), s);
        }
    }

    #[test]
    fn a_text_already_starting_with_an_apostrophe_survives() {
        assert_eq!(guard("'=x"), "''=x");
        assert_eq!(unguard("''=x"), "'=x");
        assert_eq!(unguard("'plain"), "'plain");
    }

    proptest! {
        #[test]
        fn unguard_reverses_guard(s in "['=+@a-z0-9 -]{0,8}") {
            let written = guard(&s);
            prop_assert_eq!(unguard(&written), s.as_str());
        }
    }
}
