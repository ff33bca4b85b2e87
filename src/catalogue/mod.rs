//! Loading a catalogue (from a directory, the bundled copy, or any other set of files) and
//! checking it as a whole: every error of every file in one run.

pub mod acts;
pub mod checks;
pub mod read;
pub mod schema;
pub mod search;

use crate::diag::{Diagnostic, Severity, SourceFile, Tr};
use crate::limits::{LimitKey, Limits};
use crate::model::{Manifest, Procedure};
use crate::tr;
use crate::yaml::{Document, Node, YamlError};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::files::{FileProblem, Special, read_limited};

/// Folders of a catalogue that must be folders when they exist.
pub const FOLDERS: &[&str] = &["procedures", "provinces", "calendar", "tests"];

/// The bundled catalogue, compiled into the binary so `thutuc` works anywhere.
static BUNDLED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/catalogue");

/// One file of a catalogue, however it was obtained.
#[derive(Debug)]
pub struct InputFile {
    /// Path relative to the catalogue root, with `/` separators.
    pub rel: String,
    /// The path to show in diagnostics.
    pub display: PathBuf,
    /// The bytes, or why they could not be read.
    pub bytes: Result<Vec<u8>, FileProblem>,
}

/// A loaded catalogue.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// The manifest.
    pub manifest: Manifest,
    /// Procedures, sorted by code.
    pub procedures: Vec<Procedure>,
    /// Holiday data per year (`calendar/*.yaml`).
    pub years: Vec<crate::calendar::data::YearData>,
    /// Province overlays (`provinces/*.yaml`).
    pub provinces: Vec<crate::province::Province>,
}

impl Catalogue {
    /// The working-day calendar: statutory holidays plus the catalogue's yearly data.
    pub fn calendar(&self) -> crate::calendar::Calendar {
        crate::calendar::Calendar::new(self.years.clone())
            .with_hours(self.manifest.working_hours.clone())
    }

    /// The procedure with this code.
    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        self.procedures
            .binary_search_by(|p| p.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.procedures[i])
    }
}

/// The outcome of loading: what could be read, and every finding.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The catalogue (possibly partial when there are errors).
    pub catalogue: Catalogue,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many procedure files were read.
    pub files: usize,
    /// The catalogue path and code of every procedure read, in path order.
    pub codes: Vec<(String, String)>,
}

impl Loaded {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count()
    }
}

/// Where to load a catalogue from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A directory on disk.
    Dir(PathBuf),
    /// The copy compiled into the binary.
    Bundled,
}

/// A catalogue that cannot be loaded at all (exit code 2, not 1).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory does not exist.
    #[error("no catalogue at {0}: the directory does not exist")]
    NotFound(PathBuf),
    /// The path exists but is a file, a pipe or a device, not a directory.
    #[error("no catalogue at {}: it is {}, not a folder", .0.display(), .1.en)]
    NotAFolder(PathBuf, Tr),
    /// The directory exists but has no manifest.
    #[error("{0} is not a catalogue: it has no catalogue.yaml")]
    NoManifest(PathBuf),
}

impl crate::messages::Localized for LoadError {
    fn tr(&self) -> (Tr, Option<Tr>) {
        let hint = tr!(
            "pass the catalogue folder with -C DIR: the folder that holds catalogue.yaml",
            "dùng -C DIR để chỉ thư mục danh mục: thư mục có tệp catalogue.yaml"
        );
        let m = match self {
            LoadError::NotFound(p) => {
                let p = p.display();
                tr!(
                    "no catalogue at {p}: the directory does not exist",
                    "không có danh mục tại {p}: thư mục này không tồn tại"
                )
            }
            LoadError::NotAFolder(p, kind) => {
                let p = p.display();
                Tr {
                    en: format!("no catalogue at {p}: it is {}, not a folder", kind.en),
                    vi: format!(
                        "không có danh mục tại {p}: đây là {}, không phải thư mục",
                        kind.vi
                    ),
                }
            }
            LoadError::NoManifest(p) => {
                let p = p.display();
                tr!(
                    "{p} is not a catalogue: it has no catalogue.yaml",
                    "{p} không phải là một danh mục: không có tệp catalogue.yaml"
                )
            }
        };
        (m, Some(hint))
    }
}

impl Source {
    /// Collects the catalogue's files.
    pub fn files(&self, limits: &Limits) -> Result<Vec<InputFile>, LoadError> {
        match self {
            Source::Bundled => {
                BUNDLED_USED.store(true, std::sync::atomic::Ordering::Relaxed);
                let mut out = Vec::new();
                collect_bundled(&BUNDLED, &mut out);
                Ok(out)
            }
            Source::Dir(_) => self.files_where(limits, |_| true),
        }
    }

    /// The catalogue's files that `keep` chooses, as [`files`](Self::files) gives them: from
    /// a folder, a file left out is never read.
    pub fn files_where(
        &self,
        limits: &Limits,
        keep: impl FnMut(&InputFile) -> bool,
    ) -> Result<Vec<InputFile>, LoadError> {
        let Source::Dir(dir) = self else {
            let mut out = self.files(limits)?;
            out.retain(keep);
            return Ok(out);
        };
        let mut out = dir_listing(dir)?;
        out.retain(keep);
        read_all(&mut out, limits);
        Ok(out)
    }

    /// Loads and checks the whole catalogue, as [`load`] does with [`files`](Self::files),
    /// but from a folder each procedure file is read while the pool decodes the others, and
    /// the text of a file with no finding is let go once decoded (read again, and checked to
    /// be unchanged, only if a later finding points into it): the peak memory is the decoded
    /// catalogue, not its text on top of it.
    pub fn load(&self, limits: &Limits) -> Result<Loaded, LoadError> {
        let Source::Dir(dir) = self else {
            return Ok(load(self.files(limits)?, limits));
        };
        let (procedure_files, mut files): (Vec<InputFile>, Vec<InputFile>) =
            dir_listing(dir)?.into_iter().partition(is_procedure_file);
        read_all(&mut files, limits);
        Ok(load_parts(
            procedure_files,
            files,
            limits,
            Scope::Whole,
            true,
        ))
    }
}

/// The files of a catalogue folder, not yet read (links and other entries that cannot be
/// read carry their problem instead).
fn dir_listing(dir: &Path) -> Result<Vec<InputFile>, LoadError> {
    match std::fs::metadata(dir) {
        Err(_) => return Err(LoadError::NotFound(dir.to_path_buf())),
        Ok(m) if !m.is_dir() => {
            let kind =
                Special::of(&m.file_type()).map_or_else(|| tr!("a file", "một tệp"), Special::name);
            return Err(LoadError::NotAFolder(dir.to_path_buf(), kind));
        }
        Ok(_) => {}
    }
    if !dir.join("catalogue.yaml").exists() {
        return Err(LoadError::NoManifest(dir.to_path_buf()));
    }
    Ok(listing(dir))
}

static BUNDLED_USED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether this run read the bundled catalogue (there was no `./catalogue` and no `-C`), so
/// that the command can say so.
pub fn bundled_used() -> bool {
    BUNDLED_USED.load(std::sync::atomic::Ordering::Relaxed)
}

fn collect_bundled(dir: &include_dir::Dir<'static>, out: &mut Vec<InputFile>) {
    for f in dir.files() {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        out.push(InputFile {
            display: Path::new("<bundled>").join(&rel),
            rel,
            bytes: Ok(f.contents().to_vec()),
        });
    }
    for d in dir.dirs() {
        collect_bundled(d, out);
    }
}

/// The catalogue's files on disk, not yet read: links are never followed, and a folder that
/// cannot be listed or is a link is a problem entry (never silently left out).
pub fn listing(dir: &Path) -> Vec<InputFile> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<InputFile>) {
    let rel_of = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let problem = |path: &Path, p: FileProblem| InputFile {
        rel: rel_of(path),
        display: path.to_path_buf(),
        bytes: Err(p),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(problem(dir, FileProblem::Folder(e.to_string())));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.push(problem(dir, FileProblem::Folder(e.to_string())));
                return;
            }
        };
        let path = entry.path();
        let ft = match entry.file_type() {
            Ok(ft) => ft,
            Err(e) => {
                out.push(problem(&path, FileProblem::Io(e.to_string())));
                continue;
            }
        };
        let rel = rel_of(&path);
        if rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        if ft.is_dir() {
            walk(root, &path, out);
            continue;
        }
        if ft.is_symlink() && path.is_dir() {
            out.push(problem(&path, FileProblem::LinkedFolder));
            continue;
        }
        if FOLDERS.contains(&rel.as_str()) {
            out.push(problem(&path, FileProblem::NotAFolder));
            continue;
        }
        if !is_yaml(&rel) {
            continue;
        }
        // Read later, in parallel; links are never followed.
        let bytes = if ft.is_symlink() {
            Err(FileProblem::Symlink)
        } else {
            Ok(Vec::new())
        };
        out.push(InputFile {
            rel,
            display: path,
            bytes,
        });
    }
}

fn read_all(files: &mut [InputFile], limits: &Limits) {
    files.par_iter_mut().for_each(|f| {
        if f.bytes.is_ok() {
            f.bytes = read_limited(&f.display, limits.file_bytes_for(&f.rel));
        }
    });
}

/// The limits a catalogue configures in its manifest (`limits:`), read under the defaults;
/// the defaults when the manifest is missing or cannot be read (loading reports why).
pub fn manifest_limits(source: &Source) -> Limits {
    let defaults = Limits::default();
    manifest_value(source, "limits", read::limits).unwrap_or(defaults)
}

/// The manifest's `language:` (Vietnamese when it cannot be read), so that a message given
/// before the catalogue is loaded — a usage error — speaks the catalogue's language.
pub fn manifest_language(source: &Source) -> crate::diag::Lang {
    manifest_value(source, "language", |cx, id| {
        cx.doc
            .scalar(id)
            .and_then(|(v, _)| crate::diag::Lang::parse(v))
    })
    .flatten()
    .unwrap_or_default()
}

/// The manifest's `baseline:` revision, which every command that takes a revision accepts
/// under the name `baseline`.
pub fn manifest_baseline(source: &Source) -> Option<String> {
    manifest_value(source, "baseline", |cx, id| {
        cx.doc.scalar(id).map(|(v, _)| v.trim().to_string())
    })
    .flatten()
    .filter(|v| !v.is_empty())
}

/// Reads one top-level key of the manifest under the default limits, before anything else.
fn manifest_value<T>(
    source: &Source,
    key: &str,
    read: impl FnOnce(&mut crate::shape::Cx<'_>, crate::yaml::NodeId) -> T,
) -> Option<T> {
    let defaults = Limits::default();
    let file = InputFile {
        rel: MANIFEST.into(),
        display: match source {
            Source::Dir(dir) => dir.join(MANIFEST),
            Source::Bundled => Path::new("<bundled>").join(MANIFEST),
        },
        bytes: match source {
            Source::Dir(dir) => read_limited(&dir.join(MANIFEST), defaults.max_file_bytes),
            Source::Bundled => BUNDLED
                .get_file(MANIFEST)
                .map(|f| f.contents().to_vec())
                .ok_or_else(|| FileProblem::Io("missing".into())),
        },
    };
    let (src, doc) = parse_manifest(&file).ok()?;
    let root = doc.root()?;
    let Node::Map(entries) = doc.get(root) else {
        return None;
    };
    let (_, id) = entries.iter().find(|(k, _)| k.text == key)?;
    Some(read(&mut crate::shape::Cx::new(&doc, &src, &defaults), *id))
}

/// The manifest's path in a catalogue.
pub const MANIFEST: &str = "catalogue.yaml";

/// Parses a manifest under the default limits (it is what may change them). One command reads
/// the manifest several times — for the language of its messages, for its limits, for each
/// side of a comparison — so the tree of the last bytes parsed is kept and given again for
/// the same bytes; any other bytes are parsed afresh, so an edited manifest is never stale.
pub fn parse_manifest(
    file: &InputFile,
) -> Result<(Arc<SourceFile>, Arc<Document>), Box<Diagnostic>> {
    static LAST: std::sync::Mutex<Option<(Vec<u8>, Arc<Document>)>> = std::sync::Mutex::new(None);
    if let Ok(bytes) = &file.bytes {
        let last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, doc)) = last.as_ref()
            && seen == bytes
            // Bytes that parsed are UTF-8; the text is made as `parse_owned` makes it.
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            return Ok((SourceFile::new(&file.display, text), Arc::clone(doc)));
        }
    }
    let (src, doc) = parse_file(file, &Limits::default())?;
    let doc = Arc::new(doc);
    if let Ok(bytes) = &file.bytes {
        *LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((bytes.clone(), Arc::clone(&doc)));
    }
    Ok((src, doc))
}

fn is_yaml(rel: &str) -> bool {
    rel.ends_with(".yaml") || rel.ends_with(".yml")
}

/// Turns bytes into a parsed YAML document, or a diagnostic saying why not.
pub fn parse_file(
    file: &InputFile,
    limits: &Limits,
) -> Result<(Arc<SourceFile>, Document), Box<Diagnostic>> {
    let copy = InputFile {
        rel: file.rel.clone(),
        display: file.display.clone(),
        bytes: file.bytes.clone(),
    };
    parse_owned(copy, limits)
}

/// [`parse_file`] that takes the bytes, so the text is not held twice.
pub fn parse_owned(
    file: InputFile,
    limits: &Limits,
) -> Result<(Arc<SourceFile>, Document), Box<Diagnostic>> {
    let bytes = match file.bytes {
        Ok(b) => b,
        Err(problem) => {
            let f = SourceFile::new(&file.display, "");
            let message = problem.message(limits.file_bytes_for(&file.rel));
            let d = match &problem {
                FileProblem::TooLarge(_) => Diagnostic::error("limits/file-size", message).help(
                    LimitKey::FileSize.help(tr!(
                        "a procedure file is normally a few kilobytes: check that the right file is here",
                        "một tệp thủ tục thường chỉ vài KB: hãy kiểm tra lại tệp"
                    )),
                ),
                FileProblem::Symlink => Diagnostic::error("io/symlink", message).help(tr!(
                    "copy the file into the catalogue instead",
                    "hãy sao chép tệp vào danh mục"
                )),
                FileProblem::Io(_) => Diagnostic::error("io/read", message),
                FileProblem::NotAFile(_) => Diagnostic::error("io/not-a-file", message).help(tr!(
                    "put a regular file here, or remove this one",
                    "hãy đặt một tệp thông thường vào đây hoặc xóa mục này"
                )),
                FileProblem::Object { missing: true, .. } => Diagnostic::error("git/missing-object", message)
                .help(tr!(
                    "a pack or object file may have been deleted: run `git fsck`, then fetch the missing objects again from another clone",
                    "có thể một tệp pack hoặc tệp đối tượng đã bị xóa: hãy chạy `git fsck` rồi lấy lại các đối tượng còn thiếu từ một bản sao khác"
                )),
                FileProblem::Object { missing: false, .. } => Diagnostic::error("git/corrupt-object", message)
                .help(tr!(
                    "run `git fsck` to find the damaged objects, then restore them from another clone",
                    "hãy chạy `git fsck` để tìm các đối tượng bị hỏng rồi khôi phục chúng từ một bản sao khác"
                )),
                FileProblem::Folder(_) => Diagnostic::error("io/folder", message)
                .help(tr!(
                    "give the user running thutuc permission to read the folder",
                    "hãy cấp quyền đọc thư mục cho người dùng chạy thutuc"
                )),
                FileProblem::LinkedFolder => Diagnostic::error("io/linked-folder", message)
                .help(tr!(
                    "put the folder itself in the catalogue",
                    "hãy đặt chính thư mục đó vào danh mục"
                )),
                FileProblem::NotAFolder => Diagnostic::error("io/not-a-folder", message)
                .help(tr!(
                    "procedures live in procedures/<field>/<code>.yaml: replace the file with the folder",
                    "các thủ tục nằm trong procedures/<lĩnh vực>/<mã>.yaml: hãy thay tệp bằng thư mục"
                )),
                FileProblem::Submodule => Diagnostic::error("io/submodule", message)
                .help(tr!(
                    "commit the files themselves into the catalogue",
                    "hãy commit chính các tệp vào danh mục"
                )),
            };
            return Err(Box::new(d.at(&f, 0, 0, None)));
        }
    };
    let mut text = match crate::diag::utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // Point at the same place in the lossy text (valid prefix is identical).
            let f = SourceFile::new(&file.display, lossy);
            return Err(Box::new(Diagnostic::error(
                "yaml/encoding",
                tr!(
                    "this file is not valid UTF-8 (byte {good})",
                    "tệp không được mã hóa UTF-8 hợp lệ (byte {good})"
                ),
            )
            .at(&f, good, good + 1, Some(tr!("here", "tại đây")))
            .help(tr!(
                "save the file as UTF-8 (Vietnamese text in another encoding such as TCVN3 or Windows-1258 must be converted)",
                "hãy lưu tệp dưới dạng UTF-8 (văn bản mã TCVN3 hoặc Windows-1258 cần được chuyển đổi)"
            ))));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    let f = SourceFile::new(&file.display, text);
    let text = f.text();
    match Document::parse(text, limits) {
        Ok(doc) => Ok((f, doc)),
        Err(mut located) => {
            // The scanner reports a tab at the end of the line before it; point at the tab.
            if let YamlError::Syntax(info) = &located.error
                && info.contains("tab")
                && let Some(i) = text[located.span.start.min(text.len())..].find('\t')
            {
                let at = located.span.start + i;
                located.span.start = at;
                located.span.end = at + 1;
            }
            let (code, msg, help) = yaml_message(&located.error, text);
            let mut d = Diagnostic::error(code, msg).at(
                &f,
                located.span.start,
                located.span.end.max(located.span.start),
                None,
            );
            if let YamlError::DuplicateKey { first, .. } = &located.error {
                d = d.also(
                    first.start,
                    first.end,
                    tr!("first written here", "đã viết lần đầu ở đây"),
                );
            }
            d.help = help;
            Err(Box::new(d))
        }
    }
}

/// The YAML reader's own words (saphyr-parser writes English) in Vietnamese; one it has not
/// been taught is quoted as the reader wrote it.
fn yaml_words_vi(info: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        (
            "mapping values are not allowed in this context",
            "không được viết `khóa: giá trị` ở chỗ này",
        ),
        (
            "mapping keys are not allowed in this context",
            "không được viết khóa ở chỗ này",
        ),
        (
            "block sequence entries are not allowed in this context",
            "không được viết mục danh sách `- ` ở chỗ này",
        ),
        (
            "while parsing a block mapping, did not find expected key",
            "trong một nhóm khóa, không tìm thấy khóa ở chỗ cần có",
        ),
        (
            "while parsing a block collection, did not find expected '-' indicator",
            "trong một danh sách, không tìm thấy dấu `-` ở chỗ cần có",
        ),
        (
            "while parsing a flow mapping, did not find expected ',' or '}'",
            "trong `{ … }`, thiếu dấu `,` hoặc `}`",
        ),
        (
            "while parsing a flow sequence, expected ',' or ']'",
            "trong `[ … ]`, thiếu dấu `,` hoặc `]`",
        ),
        (
            "while parsing a node, did not find expected node content",
            "thiếu giá trị ở chỗ cần có",
        ),
        (
            "while scanning a quoted scalar, found unexpected end of stream",
            "một đoạn trong ngoặc kép chưa được đóng đến hết tệp",
        ),
        (
            "while scanning a quoted scalar, found unexpected document indicator",
            "một đoạn trong ngoặc kép chưa được đóng",
        ),
        (
            "while parsing a quoted scalar, found unknown escape character",
            "trong ngoặc kép có ký tự thoát `\\` không hợp lệ",
        ),
        (
            "while parsing node, found unknown anchor",
            "dùng một neo (`*tên`) chưa được khai báo",
        ),
        (
            "while parsing anchor, found duplicated anchor",
            "một neo (`&tên`) được khai báo hai lần",
        ),
        (
            "tab cannot be used as indentation",
            "không được thụt lề bằng phím Tab",
        ),
        (
            "tabs disallowed in this context",
            "không được dùng phím Tab ở chỗ này",
        ),
        (
            "tabs disallowed within this context (block indentation)",
            "không được thụt lề bằng phím Tab",
        ),
        (
            "while scanning a plain scalar, found a tab",
            "có phím Tab trong một giá trị",
        ),
        ("invalid indentation", "thụt lề không đúng"),
        (
            "invalid indentation in flow construct",
            "thụt lề không đúng trong `{ … }` hoặc `[ … ]`",
        ),
        (
            "invalid indentation in quoted scalar",
            "thụt lề không đúng trong đoạn ngoặc kép",
        ),
        (
            "invalid trailing content after double-quoted scalar",
            "có nội dung thừa sau đoạn trong ngoặc kép",
        ),
        ("simple key expect ':'", "thiếu dấu `:` sau khóa"),
        ("simple key expected", "cần một khóa ở chỗ này"),
        (
            "did not find expected next token",
            "không đọc được phần tiếp theo",
        ),
        ("unexpected end of plain scalar", "giá trị kết thúc bất ngờ"),
        ("unexpected eof", "tệp kết thúc bất ngờ"),
        ("found unprintable character", "có ký tự không in được"),
        ("recursion limit exceeded", "lồng nhau quá sâu"),
        ("misplaced bracket", "dấu ngoặc đặt sai chỗ"),
        ("illegal placement of ':' indicator", "dấu `:` đặt sai chỗ"),
        (
            "wrongly indented line in block scalar",
            "một dòng của khối văn bản thụt lề sai",
        ),
        (
            "invalid content after document end marker",
            "có nội dung sau dấu kết thúc tài liệu `...`",
        ),
    ];
    // The reader appends where it stopped (" at byte 12 line 2 column 3"); the diagnostic
    // already points there.
    let head = info.split(" at byte ").next().unwrap_or(info).trim();
    match WORDS.iter().find(|(en, _)| *en == head) {
        Some((_, vi)) => vi.to_string(),
        None => format!("bộ đọc YAML báo `{head}`"),
    }
}

fn yaml_message(
    e: &YamlError,
    text: &str,
) -> (&'static str, crate::diag::Tr, Option<crate::diag::Tr>) {
    match e {
        YamlError::Syntax(info) => {
            let tabs = text
                .lines()
                .any(|l| l.trim_start_matches(' ').starts_with('\t'));
            let help = if tabs || info.contains("tab") {
                Some(tr!(
                    "YAML does not allow tabs for indentation: indent with spaces",
                    "YAML không cho phép thụt lề bằng phím Tab: hãy dùng dấu cách"
                ))
            } else {
                Some(tr!(
                    "check the indentation and that texts containing `: ` or `#` are in quotes",
                    "kiểm tra thụt lề và đặt trong ngoặc kép các đoạn văn bản có `: ` hoặc `#`"
                ))
            };
            (
                "yaml/syntax",
                crate::diag::Tr {
                    en: format!("this is not valid YAML: {info}"),
                    vi: format!("YAML không hợp lệ: {}", yaml_words_vi(info)),
                },
                help,
            )
        }
        YamlError::DuplicateKey { key, .. } => (
            "yaml/duplicate-key",
            tr!(
                "the key `{key}` is written twice",
                "khóa `{key}` bị viết hai lần"
            ),
            Some(tr!("keep one of them", "chỉ giữ lại một")),
        ),
        YamlError::ComplexKey => (
            "yaml/complex-key",
            tr!(
                "a key must be a simple word",
                "khóa phải là một từ đơn giản"
            ),
            None,
        ),
        YamlError::AliasExpansion { limit } => (
            "limits/alias-expansion",
            tr!(
                "aliases in this file expand to more than {limit} values (the limit `max_alias_nodes`)",
                "các bí danh (alias) trong tệp mở rộng ra hơn {limit} giá trị (giới hạn `max_alias_nodes`)"
            ),
            Some(LimitKey::AliasNodes.help(tr!(
                "write the values out, or use fewer nested aliases",
                "hãy viết trực tiếp giá trị hoặc giảm số bí danh lồng nhau"
            ))),
        ),
        YamlError::TooDeep { limit } => (
            "limits/depth",
            tr!(
                "nesting is deeper than {limit} levels (the limit `max_depth`)",
                "lồng nhau sâu hơn {limit} cấp (giới hạn `max_depth`)"
            ),
            Some(LimitKey::Depth.help(tr!("flatten the structure", "hãy giảm độ lồng nhau"))),
        ),
        YamlError::FlowTooDeep => (
            "limits/depth",
            tr!(
                "`[…]` and `{{…}}` are nested deeper than {} levels, the most the YAML reader can follow (whatever `max_depth` says)",
                "`[…]` và `{{…}}` lồng nhau sâu hơn {} cấp, mức tối đa trình đọc YAML theo được (dù `max_depth` cho phép hơn)",
                crate::yaml::FLOW_LEVELS
            ),
            Some(tr!(
                "flatten the structure, or write it in block style (one item per line)",
                "hãy giảm độ lồng nhau hoặc viết theo kiểu khối (mỗi mục một dòng)"
            )),
        ),
        YamlError::MultipleDocuments => (
            "yaml/multiple-documents",
            tr!(
                "a file may hold only one document",
                "mỗi tệp chỉ được chứa một tài liệu"
            ),
            Some(tr!("remove the second `---`", "xóa dấu `---` thứ hai")),
        ),
        YamlError::Empty => (
            "yaml/empty",
            tr!("this file is empty", "tệp rỗng"),
            Some(tr!(
                "write the procedure, or delete the file",
                "hãy viết nội dung thủ tục hoặc xóa tệp"
            )),
        ),
        YamlError::UnknownAnchor => (
            "yaml/unknown-anchor",
            tr!(
                "this alias refers to an anchor that is not defined",
                "bí danh trỏ tới neo (anchor) chưa được định nghĩa"
            ),
            None,
        ),
    }
}

/// Loads a catalogue from its files: parses every file (in parallel), then checks the whole.
pub fn load(files: Vec<InputFile>, limits: &Limits) -> Loaded {
    load_with(files, limits, Scope::Whole)
}

/// Loads some files of a catalogue (a diff's changed files, one procedure for `eval`):
/// overlays are read but not checked against a national catalogue that is not all there.
pub fn load_part(files: Vec<InputFile>, limits: &Limits) -> Loaded {
    load_with(files, limits, Scope::Part)
}

/// Reads files only as far as a comparison needs: parse errors are reported, but rules are
/// not type-checked and references are not resolved (`diff`, `log`).
pub fn load_for_comparison(files: Vec<InputFile>, limits: &Limits) -> Loaded {
    load_with(files, limits, Scope::Compare)
}

/// How much of the catalogue a load checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Whole,
    Part,
    Compare,
}

/// The most procedures one parallel task takes. rayon's adaptive split leaves large runs of
/// files to a single task when no other thread steals early, and at the end of a load one core
/// then decoded thousands of files alone while the other waited (about 0.3 s of 3.7 at
/// 70,000 procedures); with small tasks the other core always finds work to steal. A task
/// costs a microsecond against tens for decoding one file.
pub const FILES_PER_TASK: usize = 16;

/// Whether a file is decoded as a procedure: a folder entry is reported with the other
/// files, not counted as a procedure.
fn is_procedure_file(f: &InputFile) -> bool {
    f.rel.starts_with("procedures/") && !f.bytes.as_ref().is_err_and(FileProblem::is_structural)
}

fn load_with(files: Vec<InputFile>, limits: &Limits, scope: Scope) -> Loaded {
    let (procedure_files, files): (Vec<InputFile>, Vec<InputFile>) =
        files.into_iter().partition(is_procedure_file);
    load_parts(procedure_files, files, limits, scope, false)
}

/// Loads procedure files against the catalogue's other files (already read): the manifest
/// first, then each procedure decoded and checked on all cores, then the whole assembled.
/// `from_disk` as for [`decode_all`].
fn load_parts(
    procedure_files: Vec<InputFile>,
    files: Vec<InputFile>,
    limits: &Limits,
    scope: Scope,
    from_disk: bool,
) -> Loaded {
    // A comparison reads a few files once and wants them fast; a load keeps many.
    let shared = (scope != Scope::Compare).then(crate::shape::Shared::default);
    let head = manifest_of(&files, limits);
    let checker = (scope != Scope::Compare).then(|| checks::Checker::new(&head.0));
    let (results, early) = decode_all(
        procedure_files,
        limits,
        shared.as_ref(),
        checker.as_ref(),
        from_disk,
    );
    drop(checker);
    assemble(head, files, results, early, limits, scope)
}

/// One procedure file, decoded: its catalogue path, the procedure if it could be read, and
/// what was found on the way.
pub type Decoded = (String, Option<Procedure>, Vec<Diagnostic>);

/// Parses and decodes one procedure file, without any catalogue-wide check.
pub fn decode_procedure(f: InputFile, limits: &Limits) -> Decoded {
    decode_shared(f, limits, None)
}

/// [`decode_procedure`], keeping each text once across the files decoded with `shared`
/// (names and labels repeat from one procedure to the next: allocating fewer copies is
/// cheaper than the lookups, even for the few hundred files a `diff` reads).
pub fn decode_procedure_sharing(
    f: InputFile,
    limits: &Limits,
    shared: &crate::shape::Shared,
) -> Decoded {
    decode_shared(f, limits, Some(shared))
}

/// [`decode_procedure`], keeping each text once across the files of one load.
fn decode_shared(f: InputFile, limits: &Limits, shared: Option<&crate::shape::Shared>) -> Decoded {
    let rel = f.rel.clone();
    match parse_owned(f, limits) {
        Err(d) => (rel, None, vec![*d]),
        Ok((src, doc)) => {
            let mut cx = crate::shape::Cx::new(&doc, &src, limits);
            cx.shared = shared;
            let root = doc.root().expect("non-empty document");
            let p = read::procedure(&mut cx, root);
            (rel, p, cx.diags)
        }
    }
}

/// Codes held twice at a revision of which only some procedure files were read (`read`: their
/// paths and codes): an unread file counts by its name, `<code>.yaml`, as the catalogue's
/// file-name rule requires. The files of each clash are read with `read_file` to point at
/// both codes; clashes among read files alone are found when loading.
pub fn codes_at_revision(
    read: &[(String, String)],
    all: &[String],
    read_file: &dyn Fn(&str) -> Option<InputFile>,
    limits: &Limits,
) -> Vec<Diagnostic> {
    use std::collections::{BTreeMap, HashSet};
    let read_rels: HashSet<&str> = read.iter().map(|(r, _)| r.as_str()).collect();
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (rel, code) in read {
        groups.entry(code).or_default().push(rel);
    }
    for rel in all {
        if !rel.starts_with("procedures/") || read_rels.contains(rel.as_str()) {
            continue;
        }
        groups.entry(file_stem(rel)).or_default().push(rel);
    }
    let mut out = Vec::new();
    for (code, rels) in groups {
        if rels.len() < 2 || rels.iter().all(|r| read_rels.contains(r)) {
            continue;
        }
        let mut holders: Vec<Procedure> = Vec::new();
        for rel in rels {
            let Some(f) = read_file(rel) else { continue };
            match decode_procedure(f, limits) {
                (_, Some(p), _) if p.code.as_str() == code => holders.push(p),
                // Unreadable now: say why, rather than missing the clash.
                (_, None, diags) => out.extend(
                    diags
                        .into_iter()
                        .filter(|d| d.severity == crate::diag::Severity::Error),
                ),
                _ => {}
            }
        }
        holders.sort_by(|a, b| a.file.path.cmp(&b.file.path));
        for p in holders.iter().skip(1) {
            out.push(checks::duplicate_code(p, &holders[0]));
        }
    }
    out
}

/// Builds one side of a comparison from procedure files that were decoded already (so that
/// `diff` can parse while it still reads blobs) and the side's other files (the manifest).
pub fn assemble_for_comparison(
    files: Vec<InputFile>,
    mut decoded: Vec<Decoded>,
    limits: &Limits,
) -> Loaded {
    decoded.sort_by(|a, b| a.0.cmp(&b.0));
    let head = manifest_of(&files, limits);
    assemble(head, files, decoded, Vec::new(), limits, Scope::Compare)
}

/// `1.004222` of `procedures/cu-tru/1.004222.yaml`.
pub fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

/// The manifest of a catalogue's files, read before its procedures so that each procedure can
/// be checked against it as soon as it is decoded; with the manifest's own findings.
fn manifest_of(files: &[InputFile], limits: &Limits) -> (Manifest, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let manifest = match files.iter().find(|f| f.rel == "catalogue.yaml") {
        None => {
            diagnostics.push(Diagnostic::error(
                "catalogue/no-manifest",
                tr!(
                    "the catalogue has no catalogue.yaml",
                    "danh mục thiếu tệp catalogue.yaml"
                ),
            ));
            Manifest::default()
        }
        Some(f) => match parse_manifest(f) {
            Err(d) => {
                diagnostics.push(*d);
                Manifest::default()
            }
            Ok((src, doc)) => {
                let mut cx = crate::shape::Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty document");
                let m = read::manifest(&mut cx, root, &src).unwrap_or_default();
                diagnostics.extend(cx.diags);
                m
            }
        },
    };
    (manifest, diagnostics)
}

/// Decodes procedure files on all cores, each checked against `checker` (when the load
/// checks them) in the task that decoded it. With `from_disk`, the files were only listed:
/// each is read in its task, and one that decodes without a finding lets go of its text
/// before it is checked (the text is read again only for a file a finding points into).
fn decode_all(
    procedure_files: Vec<InputFile>,
    limits: &Limits,
    shared: Option<&crate::shape::Shared>,
    checker: Option<&checks::Checker<'_>>,
    from_disk: bool,
) -> (Vec<Decoded>, Vec<Option<checks::Early>>) {
    procedure_files
        .into_par_iter()
        .with_max_len(FILES_PER_TASK)
        .map(|mut f| {
            if from_disk && f.bytes.is_ok() {
                f.bytes = read_limited(&f.display, limits.file_bytes_for(&f.rel));
            }
            let (rel, mut p, diags) = decode_shared(f, limits, shared);
            if let Some(p) = p.as_mut().filter(|_| from_disk && diags.is_empty()) {
                p.let_go_of_text();
            }
            let early = checker.zip(p.as_ref()).map(|(c, p)| {
                let own_errors = diags.iter().any(|d| d.severity == Severity::Error);
                c.early(&rel, p, own_errors)
            });
            ((rel, p, diags), early)
        })
        .unzip()
}

fn assemble(
    (manifest, mut diagnostics): (Manifest, Vec<Diagnostic>),
    files: Vec<InputFile>,
    results: Vec<Decoded>,
    early: Vec<Option<checks::Early>>,
    limits: &Limits,
    scope: Scope,
) -> Loaded {
    let whole = scope == Scope::Whole;
    let file_count = results.len();
    // Procedures whose file has an error: an overlay's reference to what they no longer
    // yield is a consequence of that error, not a second fault.
    let mut broken: HashSet<String> = HashSet::new();
    // Each kept procedure's early checks, in the same order.
    let mut early_kept = Vec::with_capacity(if early.is_empty() { 0 } else { file_count });
    let mut early = early.into_iter();
    // Collected from `results` by value, so that the procedures move into the space the
    // results took rather than into a second list as large beside it.
    let procedures: Vec<(String, Procedure)> = results
        .into_iter()
        .filter_map(|(rel, p, diags)| {
            let early = early.next().flatten();
            if p.is_some() {
                early_kept.push(early);
            }
            if diags.iter().any(|d| d.severity == Severity::Error) {
                broken.insert(match &p {
                    Some(p) => p.code.value.to_string(),
                    None => file_stem(&rel).to_string(),
                });
            }
            diagnostics.extend(diags);
            Some((rel, p?))
        })
        .collect();
    let mut years = Vec::new();
    for f in files.iter().filter(|f| f.rel.starts_with("calendar/")) {
        match parse_file(f, limits) {
            Err(d) => diagnostics.push(*d),
            Ok((src, doc)) => {
                let mut cx = crate::shape::Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty document");
                years.extend(crate::calendar::data::read_year(&mut cx, root));
                diagnostics.extend(cx.diags);
            }
        }
    }
    // Entries that are not files at all (a folder that cannot be read, a link, a file where
    // a folder must be): calendar/, provinces/ and tests/ report their own below and in
    // `thutuc test`, procedures/ ones were decoded above.
    for f in files.iter().filter(|f| {
        f.bytes.as_ref().is_err_and(FileProblem::is_structural)
            && !["calendar/", "provinces/", "tests/"]
                .iter()
                .any(|d| f.rel.starts_with(d))
    }) {
        if let Err(d) = parse_file(f, limits) {
            diagnostics.push(*d);
        }
    }
    checks::duplicate_codes(&procedures, &mut diagnostics);
    if scope != Scope::Compare {
        checks::whole_catalogue_with(
            &manifest,
            &procedures,
            &broken,
            early_kept,
            &mut diagnostics,
        );
    }
    let mut codes: Vec<(String, String)> = Vec::with_capacity(procedures.len());
    let mut procedures: Vec<Procedure> = procedures
        .into_iter()
        .map(|(rel, p)| {
            codes.push((rel, p.code.value.to_string()));
            p
        })
        .collect();
    // Stable, so that of two procedures with one code the first read is kept. The codes are
    // sorted beside their places and each procedure then moves once, where sorting the
    // procedures themselves moved each of them (a kilobyte or more) many times.
    procedures.sort_by_cached_key(|p| p.code.value.clone());
    procedures.dedup_by(|a, b| a.code.value == b.code.value);
    let mut provinces = Vec::new();
    let field_ids: Vec<&str> = manifest.fields.iter().map(|f| f.id.as_str()).collect();
    for f in files.iter().filter(|f| f.rel.starts_with("provinces/")) {
        match parse_file(f, limits) {
            Err(d) => diagnostics.push(*d),
            Ok((src, doc)) => {
                let mut cx = crate::shape::Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty document");
                let p = crate::province::read(&mut cx, root);
                diagnostics.extend(cx.diags);
                if let Some(p) = p {
                    // Overlays only make sense against the whole national catalogue.
                    if whole {
                        let national = crate::province::National {
                            procedures: &procedures,
                            broken: &broken,
                        };
                        crate::province::check(&p, &national, &field_ids, &f.rel, &mut diagnostics);
                        crate::province::check_fee_types(
                            &p,
                            &national,
                            &manifest.facts,
                            &mut diagnostics,
                        );
                        crate::province::check_processes(
                            &p,
                            &national,
                            &manifest,
                            &mut diagnostics,
                        );
                    }
                    provinces.push(p);
                }
            }
        }
    }
    Loaded {
        catalogue: Catalogue {
            manifest,
            procedures,
            years,
            provinces,
        },
        diagnostics,
        files: file_count,
        codes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A load keeps each document name once per worker thread, however many procedures write
    /// it (the bundled catalogue writes some names in several procedures).
    #[test]
    fn a_load_shares_the_names_procedures_repeat() {
        let limits = Limits::default();
        let loaded = Source::Bundled.load(&limits).unwrap();
        let names: Vec<&Arc<str>> = loaded
            .catalogue
            .procedures
            .iter()
            .flat_map(|p| p.dossier.documents.iter().map(|d| &d.name.vi))
            .collect();
        // Each name's copies: at most one per worker thread (and one for threads outside
        // the pool), however many procedures write it.
        let mut copies: std::collections::HashMap<&str, (usize, Vec<*const u8>)> =
            std::collections::HashMap::new();
        for n in &names {
            let e = copies.entry(&***n).or_default();
            e.0 += 1;
            if !e.1.contains(&n.as_ptr()) {
                e.1.push(n.as_ptr());
            }
        }
        let workers = rayon::current_num_threads() + 1;
        let mut saved = 0;
        for (name, (written, held)) in &copies {
            assert!(
                held.len() <= workers.min(*written),
                "{name}: written {written} times, held {} times",
                held.len()
            );
            saved += written - held.len();
        }
        assert!(
            saved > 0,
            "no document name repeats in the bundled catalogue, or none is shared"
        );
        let compared = load_for_comparison(Source::Bundled.files(&limits).unwrap(), &limits);
        assert_eq!(
            compared.catalogue.procedures.len(),
            loaded.catalogue.procedures.len()
        );
    }

    /// A YAML syntax error reads in Vietnamese: the reader's words are translated, and one
    /// it has not been taught is quoted, never mixed into the sentence.
    #[test]
    fn yaml_errors_in_vietnamese() {
        let doc = "code: \"1.000001\"\nname: a: b\n";
        let e = crate::yaml::Document::parse(doc, &Limits::default()).unwrap_err();
        let (code, msg, _) = yaml_message(&e.error, doc);
        assert_eq!(code, "yaml/syntax");
        assert_eq!(
            msg.vi,
            "YAML không hợp lệ: không được viết `khóa: giá trị` ở chỗ này"
        );
        assert!(
            msg.en.contains("mapping values are not allowed"),
            "{}",
            msg.en
        );
        assert_eq!(
            yaml_words_vi("something new at byte 3 line 1 column 4"),
            "bộ đọc YAML báo `something new`"
        );
    }

    fn procedure(code: &str) -> String {
        format!(
            "code: \"{code}\"\nname: {{ vi: Thủ tục, en: A procedure }}\nfield: f\nlevels: [x]\nchannels:\n  - {{ channel: direct, deadline: 1 working day }}\n"
        )
    }

    fn file(rel: &str, text: String) -> InputFile {
        InputFile {
            rel: rel.into(),
            display: PathBuf::from(rel),
            bytes: Ok(text.into_bytes()),
        }
    }

    /// A load with every procedure checked after decoding, as loads were before each was
    /// checked in the task that decoded it.
    fn load_checked_after(files: Vec<InputFile>, limits: &Limits) -> Loaded {
        let (procedure_files, files): (Vec<InputFile>, Vec<InputFile>) =
            files.into_iter().partition(is_procedure_file);
        let head = manifest_of(&files, limits);
        let (results, early) = decode_all(procedure_files, limits, None, None, false);
        assert!(early.iter().all(Option::is_none));
        assemble(head, files, results, early, limits, Scope::Whole)
    }

    /// What a person is told, in order: code, place and words.
    fn told(l: &Loaded) -> Vec<String> {
        l.diagnostics
            .iter()
            .map(|d| {
                let at = d.file.as_ref().map(|f| f.path.display().to_string());
                let help = d.help.as_ref().map(|h| &h.vi);
                let (code, severity, labels, says) = (d.code, d.severity, &d.labels, &d.message.vi);
                format!("{code} {severity:?} {at:?} {labels:?} {says} {help:?}")
            })
            .collect()
    }

    /// Each procedure is checked as soon as it is decoded, with its own file's errors
    /// standing for whether it is broken; one whose code another broken file holds is checked
    /// again once every file is read. Either way a person is told what checking every
    /// procedure after the load told them, in the same order.
    #[test]
    fn early_checks_tell_what_checks_after_the_load_told() {
        let limits = Limits::default();
        let bundled = || Source::Bundled.files(&limits).unwrap();
        let early = load(bundled(), &limits);
        assert!(!early.diagnostics.is_empty(), "the bundled catalogue warns");
        assert_eq!(told(&early), told(&load_checked_after(bundled(), &limits)));

        // 1.000001 offers no channel in a file without an error, and a second file of the
        // same code has an error: "no channel" is a consequence of that error, not told.
        let no_channel =
            "code: \"1.000001\"\nname: { vi: Thủ tục }\nfield: f\nlevels: [x]\nchannels: []\n";
        let broken = format!("{}misspelt: 1\n", procedure("1.000001"));
        let files = |with_broken: bool| {
            let mut v = vec![
                file(MANIFEST, "name: x\n".to_string()),
                file("procedures/a/1.000001.yaml", no_channel.to_string()),
                file("procedures/c/1.000002.yaml", procedure("1.000002")),
            ];
            if with_broken {
                v.push(file("procedures/b/1.000001.yaml", broken.clone()));
            }
            v
        };
        let says_no_channel = |l: &Loaded| {
            l.diagnostics
                .iter()
                .any(|d| d.message.en == "the procedure offers no channel")
        };
        for with_broken in [false, true] {
            let early = load(files(with_broken), &limits);
            assert_eq!(says_no_channel(&early), !with_broken, "{:#?}", told(&early));
            assert_eq!(
                told(&early),
                told(&load_checked_after(files(with_broken), &limits))
            );
        }
    }

    #[test]
    fn a_partial_read_finds_codes_held_by_files_it_did_not_read() {
        let texts = [
            ("procedures/a/1.000001.yaml", procedure("1.000001")),
            ("procedures/b/1.000001.yaml", procedure("1.000001")),
            ("procedures/b/1.000002.yaml", procedure("1.000002")),
            // Named after a code it does not hold: not a clash of that code.
            ("procedures/c/1.000003.yaml", procedure("1.000009")),
            ("procedures/d/1.000003.yaml", procedure("1.000003")),
        ];
        let all: Vec<String> = texts.iter().map(|(r, _)| r.to_string()).collect();
        let read_file = |rel: &str| {
            texts
                .iter()
                .find(|(r, _)| *r == rel)
                .map(|(r, t)| file(r, t.clone()))
        };
        let limits = Limits::default();
        // Only b/1.000001 was read (it changed); a/1.000001 holds the same code.
        let read = vec![(
            "procedures/b/1.000001.yaml".to_string(),
            "1.000001".to_string(),
        )];
        let found = codes_at_revision(&read, &all, &read_file, &limits);
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.code, "catalogue/duplicate-code");
        assert!(
            d.message.en.contains("procedures/a/1.000001.yaml:1:7"),
            "{}",
            d.message.en
        );
        assert_eq!(
            d.file.as_ref().unwrap().path,
            PathBuf::from("procedures/b/1.000001.yaml")
        );
        // Nothing read: the two unread files named 1.000001 still clash; 1.000003 does not.
        let found = codes_at_revision(&[], &all, &read_file, &limits);
        assert_eq!(found.len(), 1, "{found:#?}");
        // A clash among read files alone is the loader's to report.
        let both = vec![
            (
                "procedures/a/1.000001.yaml".to_string(),
                "1.000001".to_string(),
            ),
            (
                "procedures/b/1.000001.yaml".to_string(),
                "1.000001".to_string(),
            ),
        ];
        assert!(codes_at_revision(&both, &all[..2], &read_file, &limits).is_empty());
    }

    #[test]
    fn folders_that_are_links_or_files_are_listed_as_problems() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("elsewhere")).unwrap();
        std::fs::write(root.join(MANIFEST), "name: x\n").unwrap();
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("procedures")).unwrap();
        std::fs::write(root.join("calendar"), "not a folder").unwrap();
        let problems: Vec<(String, FileProblem)> = listing(root)
            .into_iter()
            .filter_map(|f| Some((f.rel, f.bytes.err()?)))
            .collect();
        assert!(
            problems.contains(&("procedures".into(), FileProblem::LinkedFolder)),
            "{problems:?}"
        );
        assert!(
            problems.contains(&("calendar".into(), FileProblem::NotAFolder)),
            "{problems:?}"
        );
        let loaded = load(
            Source::Dir(root.to_path_buf())
                .files(&Limits::default())
                .unwrap(),
            &Limits::default(),
        );
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"io/linked-folder"), "{codes:?}");
        assert!(codes.contains(&"io/not-a-folder"), "{codes:?}");
        assert_eq!(loaded.files, 0);
    }

    #[test]
    fn a_manifest_parsed_again_is_the_same_text_under_its_own_name() {
        let file = |display: &str, text: &str| InputFile {
            rel: MANIFEST.into(),
            display: PathBuf::from(display),
            bytes: Ok(text.as_bytes().to_vec()),
        };
        let name = |doc: &Document, src: &SourceFile| {
            let Some(Node::Map(entries)) = doc.root().map(|r| doc.get(r)) else {
                panic!("a mapping");
            };
            let (k, v) = &entries[0];
            let v = doc.span(*v);
            (k.text.clone(), src.text()[v.start..v.end].to_string())
        };
        for text in ["name: x\n", "\u{feff}name: x\n"] {
            for display in ["HEAD~1:catalogue.yaml", "HEAD:catalogue.yaml"] {
                let (src, doc) = parse_manifest(&file(display, text)).unwrap();
                assert_eq!(src.path, PathBuf::from(display));
                assert_eq!(src.text(), "name: x\n");
                assert_eq!(name(&doc, &src), ("name".into(), "x".into()));
            }
        }
        // Other bytes are parsed afresh: an edited manifest is never stale.
        let (src, doc) = parse_manifest(&file("m", "name: yy\n")).unwrap();
        assert_eq!(name(&doc, &src), ("name".into(), "yy".into()));
        assert!(parse_manifest(&file("m", "name: [\n")).is_err());
    }

    #[test]
    fn manifest_limits_apply_over_the_defaults() {
        assert_eq!(manifest_limits(&Source::Bundled), Limits::default());
        let dir = tempfile::tempdir().unwrap();
        let src = Source::Dir(dir.path().to_path_buf());
        // No manifest, or one that is not YAML: the defaults (loading reports the problem).
        assert_eq!(manifest_limits(&src), Limits::default());
        std::fs::write(dir.path().join(MANIFEST), "name: [\n").unwrap();
        assert_eq!(manifest_limits(&src), Limits::default());
        let m = "name: x\nlimits: { max_file_size: 512 KB, max_depth: 0, max_rule_length: 8K }\n";
        std::fs::write(dir.path().join(MANIFEST), m).unwrap();
        let l = manifest_limits(&src);
        assert_eq!(l.max_file_bytes, 512_000);
        assert_eq!(l.max_rule_bytes, 8192);
        // An invalid value keeps the default.
        assert_eq!(l.max_depth, Limits::default().max_depth);
    }
}
