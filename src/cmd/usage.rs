//! Command-line usage errors in the user's language. clap writes its errors in English only;
//! for Vietnamese the error is rebuilt from clap's own structured context (the argument,
//! the value, the valid values, the suggestion), so nothing clap knows is lost.

use crate::diag::Lang;
use crate::messages;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

/// The language of a usage error, from the raw arguments (`--lang vi`, `--lang=en`), else
/// the catalogue's (`-C DIR`, else ./catalogue, else the bundled one).
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut catalogue = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--lang=") {
            if let Some(l) = Lang::parse(v) {
                return l;
            }
        } else if a == "--lang" {
            if let Some(l) = it.next().and_then(|v| Lang::parse(&v)) {
                return l;
            }
        } else if a == "-C" || a == "--catalogue" {
            catalogue = it.next().map(|v| std::path::PathBuf::from(v.as_ref()));
        } else if let Some(v) = a.strip_prefix("--catalogue=") {
            catalogue = Some(v.into());
        }
    }
    let g = super::Global {
        catalogue,
        lang: None,
        color: false,
        limits: Vec::new(),
    };
    crate::catalogue::manifest_language(&g.source())
}

fn context(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A usage error in Vietnamese: what is wrong, the suggestion clap found, and the usage line.
/// `None` for what is not an error (help, version), which clap prints itself.
pub fn vietnamese(e: &Error, usage: &str) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut msg = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "cần có tên lệnh, ví dụ: thutuc validate".to_string()
        }
        ErrorKind::UnknownArgument => format!("không có tham số `{arg}`"),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh `{}`",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => {
            if value.is_empty() {
                format!("tham số `{arg}` cần một giá trị")
            } else {
                format!("giá trị `{value}` không dùng được cho `{arg}`")
            }
        }
        ErrorKind::ValueValidation => format!("giá trị `{value}` không dùng được cho `{arg}`"),
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {arg}"),
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng `{arg}` cùng với `{other}`")
        }
        ErrorKind::TooManyValues => format!("`{arg}` nhận quá nhiều giá trị (`{value}`)"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị của `{arg}` không đúng")
        }
        ErrorKind::NoEquals => format!("`{arg}` cần dấu bằng: {arg}=GIÁ_TRỊ"),
        ErrorKind::Io | ErrorKind::Format => "không đọc được dòng lệnh".to_string(),
        ErrorKind::InvalidUtf8 => "dòng lệnh có ký tự không phải UTF-8".to_string(),
        _ => "dòng lệnh không hợp lệ".to_string(),
    };
    // A value parser's own reason (e.g. `--limit` explains the valid keys).
    if e.kind() == ErrorKind::ValueValidation
        && let Some(source) = std::error::Error::source(e)
    {
        // The standard library's reasons for numbers, said in Vietnamese.
        let reason = source.to_string();
        let reason = match reason.as_str() {
            "invalid digit found in string" => "không phải là một số nguyên không âm",
            "number too large to fit in target type" => "số quá lớn",
            "cannot parse integer from empty string" => "chưa có số",
            other => other,
        };
        msg.push_str(&format!(": {reason}"));
    }
    if let Some(valid) = context(e, ContextKind::ValidValue) {
        msg.push_str(&format!("\n  các giá trị dùng được: {valid}"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        if let Some(s) = context(e, kind) {
            msg.push_str(&format!(
                "\n  {}: {}",
                messages::help(Lang::Vi),
                messages::did_you_mean(&format!("`{s}`")).vi
            ));
        }
    }
    // clap's usage line of the subcommand at fault, else the whole program's.
    let own = context(e, ContextKind::Usage);
    let usage = own.as_deref().unwrap_or(usage);
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .map(str::trim)
        .unwrap_or(usage.trim());
    Some(format!(
        "{}: {msg}\n\nCách dùng: {usage}\n\nXem thêm: thutuc --help\n",
        messages::error(Lang::Vi)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[derive(Parser, Debug)]
    struct T {
        #[arg(long, value_enum)]
        format: Option<F>,
        #[arg(long)]
        explain: bool,
    }
    #[derive(Clone, Copy, Debug, clap::ValueEnum)]
    enum F {
        Human,
        Json,
    }

    fn vi(args: &[&str]) -> String {
        let e = T::try_parse_from(args).unwrap_err();
        let usage = T::command().render_usage().to_string();
        vietnamese(&e, &usage).expect("an error")
    }

    #[test]
    fn unknown_argument_keeps_the_suggestion() {
        let m = vi(&["t", "--explian"]);
        assert!(m.starts_with("lỗi: không có tham số `--explian`"), "{m}");
        assert!(m.contains("có phải ý bạn là `--explain`"), "{m}");
        assert!(!m.contains("error") && !m.contains("Usage"), "{m}");
    }

    #[test]
    fn invalid_value_lists_the_valid_ones() {
        let m = vi(&["t", "--format", "xml"]);
        assert!(
            m.contains("giá trị `xml` không dùng được cho `--format"),
            "{m}"
        );
        assert!(m.contains("các giá trị dùng được: human, json"), "{m}");
    }
}
