//! Diagnostics: what is wrong, where, in plain Vietnamese or English, with a hint.
//!
//! Every finding carries a stable code (documented in the README), the file and byte range
//! it points at, and its message in both languages; the language is picked when rendering.

pub mod render;

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The language of messages and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese (tiếng Việt).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The label of a hint, `gợi ý` / `help`: kept here because diagnostics print it, and
    /// [`crate::messages::help`] gives the same word to the rest of the program.
    pub fn help_label(self) -> &'static str {
        match self {
            Lang::Vi => "gợi ý",
            Lang::En => "help",
        }
    }

    /// Parses `vi` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tr {
    /// English.
    pub en: String,
    /// Vietnamese.
    pub vi: String,
}

impl Tr {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Vi => &self.vi,
        }
    }
}

/// Fixed words in both languages (English, Vietnamese), such as what a field must hold:
/// cheap to pass on every read, and made into a [`Tr`] only when a message needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words(pub &'static str, pub &'static str);

impl From<Words> for Tr {
    fn from(Words(en, vi): Words) -> Tr {
        Tr {
            en: en.to_string(),
            vi: vi.to_string(),
        }
    }
}

/// Builds a [`Tr`] from an English and a Vietnamese format string.
#[macro_export]
macro_rules! tr {
    ($en:expr, $vi:expr $(, $arg:expr)* $(,)?) => {
        $crate::diag::Tr { en: format!($en $(, $arg)*), vi: format!($vi $(, $arg)*) }
    };
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail validation.
    Warning,
    /// The catalogue is invalid.
    Error,
}

/// A file that diagnostics point into.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user.
    pub path: PathBuf,
    /// The text (lossless for valid UTF-8; empty when the file could not be decoded), unset
    /// while a file read from disk waits for a finding to need it again.
    text: OnceLock<String>,
    /// Where the text was let go: read again from `path` and checked against what was read.
    again: Option<Again>,
    line_starts: OnceLock<Vec<usize>>,
}

/// What a text let go of was: its length and CRC-32, so that a file changed on disk since
/// is never shown as the text a finding points into.
#[derive(Debug)]
struct Again {
    len: usize,
    crc: u32,
}

impl SourceFile {
    /// A source file with its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: path.into(),
            text: OnceLock::from(text.into()),
            again: None,
            line_starts: OnceLock::new(),
        })
    }

    /// The text (read again from disk, once, for a file whose text was let go; empty, so
    /// that no snippet is shown, when the file has changed since it was checked).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let Some(again) = &self.again else {
                return String::new();
            };
            let read = std::fs::File::open(&self.path).and_then(|f| {
                use std::io::Read as _;
                let mut bytes = Vec::with_capacity(again.len + 3);
                // A BOM was dropped from the text; a longer file has changed anyway.
                f.take(again.len as u64 + 4).read_to_end(&mut bytes)?;
                Ok(bytes)
            });
            let Ok(Ok(mut text)) = read.map(utf8) else {
                return String::new();
            };
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            if text.len() == again.len && crc32fast::hash(text.as_bytes()) == again.crc {
                text
            } else {
                String::new()
            }
        })
    }

    /// The same file on disk without its text, which is read again (and checked to be the
    /// same) only if a finding comes to point into it: a catalogue of many files is held
    /// decoded, not twice over. Only for a file read from disk at `path`.
    pub fn let_go(&self) -> Arc<SourceFile> {
        let text = self.text();
        Arc::new(SourceFile {
            path: self.path.clone(),
            text: OnceLock::new(),
            again: Some(Again {
                len: text.len(),
                crc: crc32fast::hash(text.as_bytes()),
            }),
            line_starts: OnceLock::new(),
        })
    }

    /// Byte offsets where each line starts (computed once).
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text().as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let offset = offset.min(self.text().len());
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let col = self
            .text()
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, col + 1)
    }
}

/// A file's bytes as text, when they are UTF-8. simdutf8 checks them several times faster
/// than the standard library, which is asked only for a fault, to say where it is (a load reads
/// every file, and a run with many findings reads their files again).
pub fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just found `bytes` to be valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// A labelled region of a source file.
#[derive(Debug, Clone)]
pub struct Label {
    /// Byte range in the file.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// What this region is.
    pub text: Option<Tr>,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable code, e.g. `schema/unknown-key`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: Tr,
    /// The file, when the finding is about one.
    pub file: Option<Arc<SourceFile>>,
    /// The main place; secondary places follow.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<Tr>,
}

impl Diagnostic {
    /// An error with a message.
    pub fn error(code: &'static str, message: Tr) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message,
            file: None,
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning with a message.
    pub fn warning(code: &'static str, message: Tr) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at a byte range of a file.
    pub fn at(
        mut self,
        file: &Arc<SourceFile>,
        start: usize,
        end: usize,
        label: Option<Tr>,
    ) -> Self {
        self.file = Some(file.clone());
        self.labels.push(Label {
            start,
            end,
            text: label,
        });
        self
    }

    /// Adds a secondary place in the same file.
    pub fn also(mut self, start: usize, end: usize, label: Tr) -> Self {
        self.labels.push(Label {
            start,
            end,
            text: Some(label),
        });
        self
    }

    /// Adds a hint.
    pub fn help(mut self, help: Tr) -> Self {
        self.help = Some(help);
        self
    }

    /// 1-based line and column of the main place, if any.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let file = self.file.as_ref()?;
        let label = self.labels.first()?;
        Some(file.line_col(label.start))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.en)
    }
}

/// The names of things closest to `wanted`, for "did you mean" hints.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_l = wanted.to_lowercase();
    let scored: Vec<(f64, usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let cl = c.to_lowercase();
            (
                strsim::jaro_winkler(&wanted_l, &cl),
                strsim::levenshtein(&wanted_l, &cl),
                c,
            )
        })
        .collect();
    // Similar spelling for words; one or two edits for short names such as `v2` or codes.
    let by_sound = scored
        .iter()
        .filter(|s| s.0 >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let max_edits = 1 + wanted.chars().count() / 6;
    let by_edits = scored
        .iter()
        .filter(|s| s.1 <= max_edits)
        .min_by_key(|s| s.1);
    by_sound.or(by_edits).map(|s| s.2)
}

/// A "did you mean" hint, or a list of what is allowed when nothing is close.
pub fn suggest(wanted: &str, candidates: &[&str]) -> Tr {
    match nearest(wanted, candidates.iter().copied()) {
        Some(best) => tr!("did you mean `{best}`?", "có phải ý bạn là `{best}`?"),
        None => {
            let mut list = candidates
                .iter()
                .take(20)
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if candidates.len() > 20 {
                list.push_str(", …");
            }
            if list.is_empty() {
                tr!("nothing is declared here yet", "ở đây chưa khai báo gì")
            } else {
                tr!("expected one of: {list}", "giá trị hợp lệ: {list}")
            }
        }
    }
}

/// Reads again, on all cores, the files whose text was let go and that findings point into,
/// with their line starts, so that the findings are then shown without waiting for each file
/// in turn (validating 70,000 generated procedures, with 22,077 findings, read them one at
/// a time on one thread: the whole run took about 8% longer).
pub fn read_files_again(diags: &[Diagnostic]) {
    use rayon::prelude::*;
    let mut files: Vec<&Arc<SourceFile>> = diags
        .iter()
        .filter_map(|d| d.file.as_ref())
        .filter(|f| f.text.get().is_none() && f.again.is_some())
        .collect();
    files.sort_by_key(|f| Arc::as_ptr(f));
    files.dedup_by_key(|f| Arc::as_ptr(f));
    files.par_iter().for_each(|f| {
        f.line_starts();
    });
}

/// Orders findings by file, then position, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    // Borrowed, not cloned: a key is made twice per comparison.
    fn key(d: &Diagnostic) -> (Option<&std::path::Path>, usize) {
        (
            d.file.as_ref().map(|f| f.path.as_path()),
            d.labels.first().map(|l| l.start).unwrap_or(0),
        )
    }
    diags.sort_by(|a, b| match (&a.file, &b.file) {
        // One file's findings: no need to compare its path with itself, component by
        // component (most comparisons, as a file's findings stand together).
        (Some(x), Some(y)) if Arc::ptr_eq(x, y) => key(a).1.cmp(&key(b).1),
        _ => key(a).cmp(&key(b)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a.yaml", "tên: Đăng\nký: x\n");
        assert_eq!(f.line_col(0), (1, 1));
        let off = f.text().find("Đăng").unwrap();
        assert_eq!(f.line_col(off), (1, 6));
        let off = f.text().find('x').unwrap();
        assert_eq!(f.line_col(off), (2, 5));
    }

    /// A text let go of is read again from disk when a finding needs it, and only if the
    /// file is still what was checked: a changed file shows no snippet rather than another
    /// text under the old positions.
    #[test]
    fn let_go_reads_again_only_the_same_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "\u{feff}tên: Đăng\nký: x\n").unwrap();
        let f = SourceFile::new(&path, "tên: Đăng\nký: x\n");
        let light = f.let_go();
        assert_eq!(light.text(), f.text());
        assert_eq!(light.line_col(light.text().find('x').unwrap()), (2, 5));
        let light = f.let_go();
        std::fs::write(&path, "tên: Đăng\nký: y\n").unwrap();
        assert_eq!(light.text(), "");
        let light = f.let_go();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(light.text(), "");
    }

    /// Files read again before the findings are shown are read once each, on the pool,
    /// with the same checks as one read on demand: a file changed since, or no longer UTF-8,
    /// shows no text.
    #[test]
    fn files_are_read_again_once_before_the_findings_are_shown() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let same = SourceFile::new(write("a.yaml", b"a: 1\nb: 2\n"), "a: 1\nb: 2\n").let_go();
        let changed = SourceFile::new(write("b.yaml", b"a: 1\n"), "a: 1\n").let_go();
        write("b.yaml", b"a: 2\n");
        let broken = SourceFile::new(write("c.yaml", b"a: 1\n"), "a: 1\n").let_go();
        write("c.yaml", b"a: \xff\n");
        let held = SourceFile::new(dir.path().join("d.yaml"), "x: 1\n");
        let at = |f: &Arc<SourceFile>, start| {
            Diagnostic::warning("t/x", crate::tr!("x", "x")).at(f, start, start, None)
        };
        let diags = vec![
            at(&same, 0),
            at(&changed, 0),
            at(&same, 5),
            at(&broken, 0),
            at(&held, 0),
        ];
        read_files_again(&diags);
        for f in [&same, &changed, &broken] {
            assert!(f.text.get().is_some(), "{} was not read", f.path.display());
        }
        assert_eq!(same.text(), "a: 1\nb: 2\n");
        assert_eq!(same.line_starts(), [0, 5, 10]);
        assert_eq!(same.line_col(5), (2, 1));
        assert_eq!(changed.text(), "");
        assert_eq!(broken.text(), "");
        assert_eq!(held.text(), "x: 1\n");
    }

    /// Findings are ordered by file path, then by place; two copies of one file (two loads)
    /// sort as the same path.
    #[test]
    fn findings_sort_by_path_then_place() {
        let a = SourceFile::new("p/a.yaml", "0123456789");
        let a2 = SourceFile::new("p/a.yaml", "0123456789");
        let b = SourceFile::new("p.b/a.yaml", "0123456789");
        let at = |f: &Arc<SourceFile>, start| {
            Diagnostic::warning("t/x", crate::tr!("x", "x")).at(f, start, start, None)
        };
        let mut diags = vec![
            at(&a, 7),
            Diagnostic::warning("t/none", crate::tr!("x", "x")),
            at(&b, 3),
            at(&a2, 2),
            at(&a, 5),
            at(&b, 1),
            at(&a2, 9),
        ];
        sort(&mut diags);
        let order: Vec<(Option<String>, usize)> = diags
            .iter()
            .map(|d| {
                (
                    d.file.as_ref().map(|f| f.path.display().to_string()),
                    d.labels.first().map_or(0, |l| l.start),
                )
            })
            .collect();
        let p = |s: &str, n| (Some(s.to_string()), n);
        assert_eq!(
            order,
            [
                (None, 0),
                p("p/a.yaml", 2),
                p("p/a.yaml", 5),
                p("p/a.yaml", 7),
                p("p/a.yaml", 9),
                p("p.b/a.yaml", 1),
                p("p.b/a.yaml", 3),
            ]
        );
    }

    #[test]
    fn nearest_finds_typos() {
        assert_eq!(nearest("chanels", ["channels", "code"]), Some("channels"));
        assert_eq!(nearest("zzz", ["channels", "code"]), None);
        assert_eq!(nearest("v2", ["v1", "main"]), Some("v1"));
        assert_eq!(
            nearest("1.004223", ["1.004222", "1.000001"]),
            Some("1.004222")
        );
    }
}
