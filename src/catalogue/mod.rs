//! Loading a catalogue (from a directory, the bundled copy, or any other set of files) and
//! checking it as a whole: every error of every file in one run.

mod checks;
pub mod decode;
pub mod read;
pub mod schema;

use crate::diag::{Diagnostic, SourceFile};
use crate::limits::{LimitKey, Limits, human_size};
use crate::model::{Manifest, Procedure};
use crate::tr;
use crate::yaml::{Document, Node, YamlError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// Why a file's content is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Larger than the limit.
    TooLarge(u64),
    /// A symbolic link (never followed: it could point outside the catalogue).
    Symlink,
    /// An I/O error.
    Io(String),
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
    /// The directory does not exist or is not a directory.
    #[error("no catalogue at {0}: the directory does not exist")]
    NotFound(PathBuf),
    /// The directory exists but has no manifest.
    #[error("{0} is not a catalogue: it has no catalogue.yaml")]
    NoManifest(PathBuf),
}

impl Source {
    /// Collects the catalogue's files.
    pub fn files(&self, limits: &Limits) -> Result<Vec<InputFile>, LoadError> {
        match self {
            Source::Bundled => {
                let mut out = Vec::new();
                collect_bundled(&BUNDLED, &mut out);
                Ok(out)
            }
            Source::Dir(dir) => {
                if !dir.is_dir() {
                    return Err(LoadError::NotFound(dir.clone()));
                }
                if !dir.join("catalogue.yaml").exists() {
                    return Err(LoadError::NoManifest(dir.clone()));
                }
                let mut out = Vec::new();
                walk(dir, dir, &mut out);
                out.sort_by(|a, b| a.rel.cmp(&b.rel));
                read_all(&mut out, limits);
                Ok(out)
            }
        }
    }
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

fn walk(root: &Path, dir: &Path, out: &mut Vec<InputFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        if ft.is_dir() {
            walk(root, &path, out);
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
    let Ok((src, doc)) = parse_owned(file, &defaults) else {
        return defaults;
    };
    let root = doc.root().expect("non-empty document");
    let Node::Map(entries) = doc.get(root) else {
        return defaults;
    };
    match entries.iter().find(|(k, _)| k.text == "limits") {
        Some((_, id)) => read::limits(&mut decode::Cx::new(&doc, &src, &defaults), *id),
        None => defaults,
    }
}

/// The manifest's path in a catalogue.
pub const MANIFEST: &str = "catalogue.yaml";

/// Reads a file, refusing it without reading when it is larger than `max`.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, FileProblem> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| FileProblem::Io(e.to_string()))?;
    let len = f
        .metadata()
        .map_err(|e| FileProblem::Io(e.to_string()))?
        .len();
    if len > max {
        return Err(FileProblem::TooLarge(len));
    }
    let mut buf = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while we read it.
    f.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| FileProblem::Io(e.to_string()))?;
    if buf.len() as u64 > max {
        return Err(FileProblem::TooLarge(buf.len() as u64));
    }
    Ok(buf)
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
            let d = match &problem {
                FileProblem::TooLarge(n) => {
                    let size = human_size(*n);
                    let max = human_size(limits.max_file_bytes);
                    Diagnostic::error(
                        "limits/file-size",
                        tr!(
                            "this file is too large ({size}; the limit `max_file_size` is {max})",
                            "tệp quá lớn ({size}; giới hạn `max_file_size` là {max})"
                        ),
                    )
                    .help(LimitKey::FileSize.help(tr!(
                        "a procedure file is normally a few kilobytes: check that the right file is here",
                        "một tệp thủ tục thường chỉ vài KB: hãy kiểm tra lại tệp"
                    )))
                }
                FileProblem::Symlink => Diagnostic::error(
                    "io/symlink",
                    tr!(
                        "this file is a symbolic link; links are not followed",
                        "tệp này là liên kết tượng trưng; liên kết không được đọc"
                    ),
                )
                .help(tr!(
                    "copy the file into the catalogue instead",
                    "hãy sao chép tệp vào danh mục"
                )),
                FileProblem::Io(e) => Diagnostic::error(
                    "io/read",
                    tr!("this file cannot be read: {e}", "không đọc được tệp: {e}"),
                ),
            };
            return Err(Box::new(d.at(&f, 0, 0, None)));
        }
    };
    let mut text = match String::from_utf8(bytes) {
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
    let text = f.text.as_str();
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
                tr!(
                    "this is not valid YAML: {info}",
                    "YAML không hợp lệ: {info}"
                ),
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

fn load_with(files: Vec<InputFile>, limits: &Limits, scope: Scope) -> Loaded {
    let (procedure_files, files): (Vec<InputFile>, Vec<InputFile>) = files
        .into_iter()
        .partition(|f| f.rel.starts_with("procedures/"));
    let results: Vec<Decoded> = procedure_files
        .into_par_iter()
        .map(|f| decode_procedure(f, limits))
        .collect();
    assemble(files, results, limits, scope)
}

/// One procedure file, decoded: its catalogue path, the procedure if it could be read, and
/// what was found on the way.
pub type Decoded = (String, Option<Procedure>, Vec<Diagnostic>);

/// Parses and decodes one procedure file, without any catalogue-wide check.
pub fn decode_procedure(f: InputFile, limits: &Limits) -> Decoded {
    let rel = f.rel.clone();
    match parse_owned(f, limits) {
        Err(d) => (rel, None, vec![*d]),
        Ok((src, doc)) => {
            let mut cx = decode::Cx::new(&doc, &src, limits);
            let root = doc.root().expect("non-empty document");
            let p = read::procedure(&mut cx, root);
            (rel, p, cx.diags)
        }
    }
}

/// Builds one side of a comparison from procedure files that were decoded already (so that
/// `diff` can parse while it still reads blobs) and the side's other files (the manifest).
pub fn assemble_for_comparison(
    files: Vec<InputFile>,
    mut decoded: Vec<Decoded>,
    limits: &Limits,
) -> Loaded {
    decoded.sort_by(|a, b| a.0.cmp(&b.0));
    assemble(files, decoded, limits, Scope::Compare)
}

fn assemble(files: Vec<InputFile>, results: Vec<Decoded>, limits: &Limits, scope: Scope) -> Loaded {
    let whole = scope == Scope::Whole;
    let file_count = results.len();
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
        // The manifest is read under the default limits: it is what may change them.
        Some(f) => match parse_file(f, &Limits::default()) {
            Err(d) => {
                diagnostics.push(*d);
                Manifest::default()
            }
            Ok((src, doc)) => {
                let mut cx = decode::Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty document");
                let m = read::manifest(&mut cx, root, &src).unwrap_or_default();
                diagnostics.extend(cx.diags);
                m
            }
        },
    };
    let mut procedures = Vec::with_capacity(results.len());
    for (rel, p, diags) in results {
        diagnostics.extend(diags);
        if let Some(p) = p {
            procedures.push((rel, p));
        }
    }
    let mut years = Vec::new();
    for f in files.iter().filter(|f| f.rel.starts_with("calendar/")) {
        match parse_file(f, limits) {
            Err(d) => diagnostics.push(*d),
            Ok((src, doc)) => {
                let mut cx = decode::Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty document");
                years.extend(crate::calendar::data::read_year(&mut cx, root));
                diagnostics.extend(cx.diags);
            }
        }
    }
    if scope != Scope::Compare {
        checks::whole_catalogue(&manifest, &procedures, &mut diagnostics);
    }
    let mut procedures: Vec<Procedure> = procedures.into_iter().map(|(_, p)| p).collect();
    procedures.sort_by(|a, b| a.code.value.cmp(&b.code.value));
    procedures.dedup_by(|a, b| a.code.value == b.code.value);
    let mut provinces = Vec::new();
    let field_ids: Vec<&str> = manifest.fields.iter().map(|f| f.id.as_str()).collect();
    for f in files.iter().filter(|f| f.rel.starts_with("provinces/")) {
        match parse_file(f, limits) {
            Err(d) => diagnostics.push(*d),
            Ok((src, doc)) => {
                let mut cx = decode::Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty document");
                let p = crate::province::read(&mut cx, root);
                diagnostics.extend(cx.diags);
                if let Some(p) = p {
                    // Overlays only make sense against the whole national catalogue.
                    if whole {
                        crate::province::check(
                            &p,
                            &procedures,
                            &field_ids,
                            &f.rel,
                            &mut diagnostics,
                        );
                        crate::province::check_fee_types(
                            &p,
                            &procedures,
                            &manifest.facts,
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
