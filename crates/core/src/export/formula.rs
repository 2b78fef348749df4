//! Keeping text from becoming a formula in a spreadsheet (CSV injection, OWASP).
//!
//! Excel, WPS and LibreOffice read a CSV cell that starts with `=`, `+`, `-` or `@` as a
//! formula — and a tab or carriage return before one of those too — so an employer named
//! `=HYPERLINK("http://x","y")` in a statement would become a live link, or worse, in the
//! user's spreadsheet. OWASP's remedy: put a single quote before such a cell, which the
//! spreadsheet shows as text. Only free text the app did not write itself (payer names,
//! regions) is treated so; amounts are numbers we write, and a negative one must stay a number.
//!
//! The CSV export is documented as importable, so the importer takes that one quote off again
//! ([`restore`]) and a round trip gives back exactly the text that went out.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a spreadsheet cell that stays text: with a `'` in front when it starts like a
/// formula — or like a quoted one (`'=…`), so that [`restore`] can tell the two apart.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text [`neutralise`] was given: one quote taken off a cell that [`neutralise`] quoted;
/// any other text as it is (a name that really starts with `'` keeps it).
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// Starts with a formula character, after any number of quotes.
fn looks_like_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(TRIGGERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_that_restore_takes_off_again() {
        for text in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+86 公司",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=already quoted",
        ] {
            let cell = neutralise(text);
            assert_eq!(cell, format!("'{text}"));
            assert_eq!(restore(&cell), text);
        }
        for text in [
            "北京某某科技有限公司",
            "110100",
            "",
            "a=b",
            "'quoted name",
            "＝全角",
        ] {
            assert_eq!(neutralise(text), text);
            assert_eq!(restore(text), text);
        }
    }
}
