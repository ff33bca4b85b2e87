//! The one message catalogue for Vietnamese and English that every command uses: the shared
//! words (lỗi/error, gợi ý/help, lưu ý/note, cảnh báo/warning), the helpers that pick a text
//! in the user's language, and the messages of the errors that stop a command.
//!
//! Findings about a catalogue file keep their own `tr!` pairs beside their codes (see
//! [`crate::diag`]); what is here is said by the command line itself.

use crate::diag::{Lang, Tr};
use crate::tr;

/// Picks the Vietnamese or the English text.
pub fn t<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The label of an error line: `lỗi` / `error`.
pub fn error(lang: Lang) -> &'static str {
    t(lang, "lỗi", "error")
}

/// The label of a hint: `gợi ý` / `help`.
pub fn help(lang: Lang) -> &'static str {
    lang.help_label()
}

/// The label of a note: `lưu ý` / `note`.
pub fn note(lang: Lang) -> &'static str {
    t(lang, "lưu ý", "note")
}

/// The label of a warning: `cảnh báo` / `warning`.
pub fn warning(lang: Lang) -> &'static str {
    t(lang, "cảnh báo", "warning")
}

/// An error as printed on standard error: `lỗi: …` and, indented below, `gợi ý: …`.
pub fn error_block(lang: Lang, message: &str, hint: Option<&str>) -> String {
    let mut s = format!("{}: {message}\n", error(lang));
    if let Some(h) = hint {
        s.push_str(&format!("  {}: {h}\n", help(lang)));
    }
    s
}

/// An error that stops a command, said in either language.
pub trait Localized {
    /// The message and a hint, in both languages.
    fn tr(&self) -> (Tr, Option<Tr>);

    /// The error as printed on standard error, in `lang`.
    fn render(&self, lang: Lang) -> String {
        let (m, h) = self.tr();
        error_block(lang, m.get(lang), h.as_ref().map(|h| h.get(lang)))
    }
}

static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Sets the language of messages said before a command runs (once, before the arguments
/// are parsed): clap's value parsers cannot be given it otherwise.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language set by [`set_lang`] (Vietnamese when unset).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The text in the language of [`set_lang`], for value parsers.
pub fn pick(en: &str, vi: &str) -> String {
    t(lang(), vi, en).to_string()
}

/// [`Tr`] in the language of [`set_lang`], for value parsers.
pub fn pick_tr(m: &Tr) -> String {
    m.get(lang()).to_string()
}

/// "did you mean X?", for a name close to what was asked.
pub fn did_you_mean(name: &str) -> Tr {
    tr!("did you mean {name}?", "có phải ý bạn là {name}?")
}

/// The procedure asked for is not in the catalogue.
pub fn no_procedure(code: &str) -> Tr {
    tr!(
        "there is no procedure with the code {code} in this catalogue",
        "danh mục này không có thủ tục mang mã {code}"
    )
}

/// The procedure asked for has no file at HEAD (`log`).
pub fn no_procedure_at_head(code: &str) -> Tr {
    tr!(
        "there is no procedure {code} at HEAD",
        "tại HEAD không có thủ tục {code}"
    )
}

/// Git revisions were asked of the bundled catalogue, which has no history.
pub fn bundled_has_no_history() -> (Tr, Tr) {
    (
        tr!(
            "git revisions need a catalogue folder inside a git repository",
            "so sánh theo phiên bản git cần một thư mục danh mục nằm trong kho git"
        ),
        tr!(
            "pass -C DIR (the bundled catalogue has no history)",
            "dùng -C DIR (danh mục đóng gói sẵn không có lịch sử thay đổi)"
        ),
    )
}

/// The working tree, as a revision is named to users.
pub fn working_tree() -> Tr {
    tr!("working tree", "bản đang sửa (chưa commit)")
}

/// What the operating system said about a file, in Vietnamese for the messages people read:
/// the system's own English words for the common cases (the code in brackets is kept so an
/// administrator can look it up), else as the system said it.
pub fn os_error_vi(text: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("No such file or directory", "không tồn tại"),
        ("Permission denied", "không có quyền truy cập"),
        ("Is a directory", "đây là một thư mục"),
        (
            "Not a directory",
            "một phần của đường dẫn không phải thư mục",
        ),
        (
            "Too many levels of symbolic links",
            "quá nhiều liên kết tượng trưng lồng nhau",
        ),
        ("File name too long", "tên tệp quá dài"),
        ("Input/output error", "lỗi đọc ghi của thiết bị"),
        ("No space left on device", "ổ đĩa đã hết chỗ trống"),
        ("Read-only file system", "ổ đĩa chỉ cho phép đọc"),
        (
            "stream did not contain valid UTF-8",
            "nội dung không phải UTF-8",
        ),
    ];
    for (en, vi) in WORDS {
        if let Some(rest) = text.strip_prefix(en) {
            // ` (os error 2)` stays as a code.
            let code = rest.trim().trim_start_matches('(').trim_end_matches(')');
            return if code.is_empty() {
                (*vi).to_string()
            } else {
                format!(
                    "{vi} (mã lỗi hệ thống: {})",
                    code.trim_start_matches("os error ")
                )
            };
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct E;
    impl Localized for E {
        fn tr(&self) -> (Tr, Option<Tr>) {
            (no_procedure("1.2"), Some(did_you_mean("1.3")))
        }
    }

    #[test]
    fn system_errors_in_vietnamese() {
        assert_eq!(
            os_error_vi("No such file or directory (os error 2)"),
            "không tồn tại (mã lỗi hệ thống: 2)"
        );
        assert_eq!(os_error_vi("Permission denied"), "không có quyền truy cập");
        assert_eq!(os_error_vi("something else"), "something else");
    }

    #[test]
    fn errors_render_in_either_language() {
        assert_eq!(
            E.render(Lang::Vi),
            "lỗi: danh mục này không có thủ tục mang mã 1.2\n  gợi ý: có phải ý bạn là 1.3?\n"
        );
        assert_eq!(
            E.render(Lang::En),
            "error: there is no procedure with the code 1.2 in this catalogue\n  help: did you mean 1.3?\n"
        );
    }
}
