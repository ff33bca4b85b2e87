//! Catalogue data is text anyone can commit: a procedure name may carry terminal escapes
//! (`ESC ]52;c;…BEL` writes the clipboard, `ESC ]0;…` the window title, `ESC [2J` clears the
//! screen), C1 controls or bidirectional overrides that make a line read differently from
//! what it says. Every output shows such characters visibly or drops them, through the two
//! functions of this module:
//!
//! - [`terminal`] for what a terminal shows (human output, diagnostics, the TUI): each such
//!   character becomes its Rust escape, e.g. `\u{1b}`, so a reviewer sees it is there;
//! - [`document`] for exported documents (DOCX, HTML, Markdown, CSV): such characters are
//!   removed, which also keeps XML well-formed (XML 1.0 forbids most C0 controls).
//!
//! Newlines and tabs are kept: the outputs' own layout uses them.

use std::borrow::Cow;

/// Whether a character must not reach a terminal or a document as it is: C0 controls but
/// tab and newline, DEL, C1 controls, bidirectional embeddings, overrides, isolates and marks
/// (Unicode TR #9; the "Trojan Source" characters), line and paragraph separators, and the
/// non-characters U+FFFE and U+FFFF that XML forbids.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}')
}

/// Text for a terminal: every unsafe character (see [`is_unsafe`]) shown as its escape,
/// `\u{1b}` for ESC. A carriage return is escaped too (it would let text overwrite the line).
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        push_terminal(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c` to `out` as [`terminal`] shows it.
pub fn push_terminal(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&c.escape_unicode().to_string());
    } else {
        out.push(c);
    }
}

/// Text on one terminal line: as [`terminal`], and newlines and tabs escaped too (a name or a
/// key must not start a line that looks like output of its own).
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push_str(&c.escape_default().to_string()),
            c => push_terminal(&mut out, c),
        }
    }
    Cow::Owned(out)
}

/// Text for an exported document: unsafe characters (see [`is_unsafe`]) removed, carriage
/// returns kept (CSV line ends). What is left is valid in XML 1.0 and HTML.
pub fn document(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && c != '\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| c == '\r' || !is_unsafe(c)).collect())
}

/// A CSV cell a spreadsheet will not run: a cell starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return is a formula to Excel, LibreOffice and Google Sheets (CSV injection,
/// OWASP), so it gets a leading single quote, which they show as text. A plain number such as
/// `-5` or `-1.5` stays a number when `numeric` says the column holds numbers.
pub fn csv_cell(s: &str, numeric: bool) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || (numeric && is_plain_number(s)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(format!("'{s}"))
}

/// One CSV field (RFC 4180) of catalogue data: unsafe characters removed ([`document`]),
/// formulas neutralised ([`csv_cell`]), quoted when it holds a comma, a quote or a line end.
pub fn csv_field(s: &str, numeric: bool) -> String {
    let clean = document(s);
    let s = csv_cell(&clean, numeric);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_show_visibly() {
        let s = "Đăng ký\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31m\u{202e}x";
        assert_eq!(
            terminal(s),
            "Đăng ký\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}x"
        );
        assert_eq!(terminal("a\r\nb\tc"), "a\\u{d}\nb\tc");
        assert!(matches!(terminal("Đăng ký thường trú\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_escapes_newlines_and_tabs() {
        assert_eq!(terminal_line("a\nb\tc\u{1b}"), "a\\nb\\tc\\u{1b}");
    }

    #[test]
    fn documents_lose_controls_and_stay_xml() {
        assert_eq!(
            document("Tên\u{1}\u{1b}[31m\u{202e}\u{fffe} thủ tục\r\n"),
            "Tên[31m thủ tục\r\n"
        );
        assert_eq!(
            document("\u{0}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{85}\u{ffff}"),
            ""
        );
    }

    #[test]
    fn csv_formulas_are_neutralised_numbers_kept() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")", false),
            "'=HYPERLINK(\"http://x\")"
        );
        for s in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "-"] {
            assert_eq!(csv_cell(s, false), format!("'{s}"));
        }
        assert_eq!(csv_cell("-5", true), "-5");
        assert_eq!(csv_cell("-1.5", true), "-1.5");
        assert_eq!(csv_cell("-5", false), "'-5");
        assert_eq!(csv_cell("-1+2", true), "'-1+2");
        assert_eq!(csv_cell("-1.", true), "'-1.");
        assert_eq!(csv_cell("Đăng ký", false), "Đăng ký");
        assert_eq!(csv_field("=1+1,x", false), "\"'=1+1,x\"");
        assert_eq!(csv_field("a\"b\u{1b}[2J", false), "\"a\"\"b[2J\"");
        assert_eq!(csv_field("-12", true), "-12");
        assert_eq!(csv_field("\u{1b}=cmd", false), "'=cmd");
    }
}
