//! `thutuc decision --from REV --to REV [--province ID] --format F -o OUT`: the decision
//! publishing the changes of the (localised) catalogue between two revisions.
//!
//! The file is written atomically: into a temporary file in the target directory, then
//! renamed over the target, so a failed export never leaves a partial document behind.

use super::revision::{Pair, RevisionError, Side, catalogue_dir, check_rest_at, side, usable};
use super::{Global, Outcome};
use crate::catalogue::{self, InputFile, Source};
use crate::diag::{Lang, Tr};
use crate::exit;
use crate::export::{self, Decision};
use crate::git::{History, Rev};
use crate::limits::Limits;
use crate::messages::Localized;
use std::path::{Path, PathBuf};

/// Output formats of `decision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// A self-contained HTML page that prints well.
    Html,
    /// A Word document (opens in Word and LibreOffice).
    Docx,
    /// JSON, for portal import.
    Json,
    /// CSV of the Part I lists, for portal import.
    Csv,
}

/// Options of `decision`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The older revision.
    pub from: String,
    /// The newer revision.
    pub to: String,
    /// Province overlay id (none: the national catalogue).
    pub province: Option<String>,
    /// Output format.
    pub format: Format,
    /// Output file.
    pub output: PathBuf,
    /// Replace an existing output file.
    pub force: bool,
    /// `--number`, as typed.
    pub number: Option<String>,
    /// `--date`, as typed.
    pub date: Option<String>,
    /// `--signer`, as typed.
    pub signer: Option<String>,
}

/// A usage problem in both languages.
fn say(vi: String, en: String) -> DecisionError {
    DecisionError::Usage(Tr { en, vi })
}

/// Checks `--number`, `--date` and `--signer` (before anything is read).
pub fn signing(o: &Options) -> Result<export::form::Signing, DecisionError> {
    let control = |s: &str| s.chars().any(char::is_control);
    let number = match o.number.as_deref().map(str::trim) {
        None => None,
        Some(n) => {
            // "123" or "123/QĐ-UBND": a whole number, then symbol parts of letters, digits,
            // '-' and '.', as Decree 30/2020/NĐ-CP writes a number and symbol.
            let mut parts = n.split('/');
            let head = parts.next().unwrap_or("");
            let head_ok =
                !head.is_empty() && head.len() <= 9 && head.bytes().all(|b| b.is_ascii_digit());
            let rest_ok = parts.all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            });
            if !head_ok || !rest_ok || control(n) {
                let shown = n.escape_debug();
                return Err(say(
                    format!(
                        "--number {shown}: số văn bản là một số (123) hoặc số và ký hiệu (123/QĐ-UBND)"
                    ),
                    format!(
                        "--number {shown}: a number is digits (123) or digits and a symbol (123/QĐ-UBND)"
                    ),
                ));
            }
            Some(n.to_string())
        }
    };
    let date = match o.date.as_deref().map(str::trim) {
        None => None,
        Some(d) => Some(parse_date(d).ok_or_else(|| {
            let shown = d.escape_debug();
            say(
                format!("--date {shown}: không phải ngày hợp lệ; viết dd/mm/yyyy (24/01/2026) hoặc ISO (2026-01-24)"),
                format!("--date {shown}: not a valid date; write dd/mm/yyyy (24/01/2026) or ISO (2026-01-24)"),
            )
        })?),
    };
    let signer = match o.signer.as_deref().map(str::trim) {
        None => None,
        Some(s) if s.is_empty() || control(s) || s.chars().count() > 100 => {
            let shown = s.escape_debug();
            return Err(say(
                format!(
                    "--signer \"{shown}\": họ tên người ký không được trống, dài quá 100 ký tự hoặc chứa ký tự điều khiển"
                ),
                format!(
                    "--signer \"{shown}\": the signer's name must not be empty, longer than 100 characters, or hold control characters"
                ),
            ));
        }
        Some(s) => Some(s.to_string()),
    };
    Ok(export::form::Signing {
        number,
        date,
        signer,
    })
}

/// A date as the command line takes it: ISO `2026-01-24` or `24/01/2026` (a real calendar
/// date: 31/02 is refused).
pub fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    let (y, m, d) = if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (y, m, d)
    } else {
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        (y, m, d)
    };
    let num = |x: &str, max_len: usize| -> Option<i16> {
        if x.is_empty() || x.len() > max_len || !x.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        x.parse().ok()
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    if y < 1900 {
        return None;
    }
    jiff::civil::Date::new(y, m as i8, d as i8).ok()
}

/// A problem that stops `decision` (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// Resolving or loading a revision failed.
    #[error(transparent)]
    Diff(#[from] RevisionError),
    /// A usage problem explained in words.
    #[error("{}", .0.en)]
    Usage(Tr),
    /// Changes of legal content that no act accounts for, or acts that contradict each
    /// other across the revisions (exit 1, nothing written).
    #[error("{} change(s) no act accounts for", .0.len())]
    Unaccounted(Vec<crate::diag::Diagnostic>),
    /// Writing the output failed.
    #[error("cannot write {}: {message}", .path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// Why (a system's own words).
        message: String,
    },
}

impl Localized for DecisionError {
    fn tr(&self) -> (Tr, Option<Tr>) {
        match self {
            DecisionError::Diff(e) => e.tr(),
            DecisionError::Usage(m) => (m.clone(), None),
            DecisionError::Unaccounted(v) => {
                let n = v.len();
                (
                    crate::tr!(
                        "no decision is written: {n} change(s) of legal content name no act; a decision publishes only what an act made",
                        "không ghi quyết định: {n} thay đổi nội dung pháp lý chưa gắn với văn bản nào; quyết định chỉ công bố những gì do văn bản làm thay đổi"
                    ),
                    None,
                )
            }
            DecisionError::Write { path, message } => {
                let path = path.display();
                (
                    Tr {
                        en: format!("cannot write {path}: {message}"),
                        vi: format!(
                            "không ghi được {path}: {}",
                            crate::messages::os_error_vi(message)
                        ),
                    },
                    Some(crate::tr!(
                        "nothing was written; check that the folder exists and can be written to",
                        "chưa ghi gì; hãy kiểm tra thư mục có tồn tại và ghi được không"
                    )),
                )
            }
        }
    }

    fn render(&self, lang: Lang) -> String {
        match self {
            DecisionError::Diff(e) => e.render(lang),
            DecisionError::Unaccounted(v) => {
                let (m, _) = self.tr();
                let mut s = format!("{}: {}\n\n", crate::messages::error(lang), m.get(lang));
                let report = crate::diag::render::human(
                    v,
                    crate::diag::render::Summary::default(),
                    lang,
                    false,
                );
                // The tally line is replaced by the headline above.
                let body = report.trim_end_matches('\n');
                s.push_str(body.rsplit_once('\n').map_or("", |(b, _)| b));
                s.push('\n');
                s
            }
            _ => {
                let (m, h) = self.tr();
                crate::messages::error_block(lang, m.get(lang), h.as_ref().map(|h| h.get(lang)))
            }
        }
    }
}

fn usage(m: Tr) -> DecisionError {
    DecisionError::Usage(m)
}

/// Checks `-o` against the write policy of [`crate::atomic::check_output_file`] (no link on
/// the way, only a regular file replaced and only with `--force`, a relative path stays in
/// the current folder) and returns the path to write.
pub fn check_output(path: &Path, force: bool) -> Result<PathBuf, DecisionError> {
    crate::atomic::check_output_file(path, force).map_err(|r| {
        usage(Tr {
            en: format!("-o {}", r.message.en),
            vi: format!("-o {}", r.message.vi),
        })
    })
}

/// Writes `bytes` to `path` atomically (see [`crate::atomic::write`]).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), DecisionError> {
    crate::atomic::write(path, bytes, force).map_err(|e| DecisionError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The catalogue folder's path inside its repository, to list `provinces/` at a commit.
fn prefix(h: &History) -> PathBuf {
    let root = h
        .repo()
        .workdir()
        .and_then(|w| w.canonicalize().ok())
        .unwrap_or_default();
    h.dir()
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The overlay files at a commit (their names only: reading them is left to the loader).
fn province_files(h: &History, rev: &Rev) -> Result<Vec<String>, RevisionError> {
    let git = |e: git2::Error| RevisionError::Git(e.into());
    let tree = h
        .repo()
        .find_commit(rev.oid)
        .map_err(git)?
        .tree()
        .map_err(git)?;
    let entry = match tree.get_path(&prefix(h).join("provinces")) {
        Ok(entry) => entry,
        Err(e) if e.code() == git2::ErrorCode::NotFound && e.class() == git2::ErrorClass::Tree => {
            return Ok(Vec::new());
        }
        Err(e) => return Err(git(e)),
    };
    if entry.kind() != Some(git2::ObjectType::Tree) {
        // A file named `provinces`: the listing reports it.
        return Ok(Vec::new());
    }
    let sub = h.repo().find_tree(entry.id()).map_err(git)?;
    Ok(sub
        .iter()
        .filter_map(|e| e.name().ok().map(|n| format!("provinces/{n}")))
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect())
}

fn label(s: &Side) -> String {
    match s {
        Side::Dir(d) => d.display().to_string(),
        Side::Commit(r) => r.label.clone(),
        Side::WorkTree => super::revision::WORK_TREE.into(),
    }
}

/// Loads both revisions. Between two commits only the manifest, the overlays and the
/// procedure files the tree diff names are read: a decision is about what changed. When an
/// overlay itself changed, every procedure may read differently, so both sides are loaded
/// whole.
fn load(
    a: &Side,
    b: &Side,
    history: Option<&History>,
    localised: bool,
    limits: &Limits,
) -> Result<Pair, RevisionError> {
    let labels = (label(a), label(b));
    if let (Side::Commit(ra), Side::Commit(rb), Some(h)) = (a, b, history) {
        let changed = h.changed(ra, Some(rb))?;
        let overlay_changed = changed.iter().any(|c| {
            [&c.old, &c.new]
                .into_iter()
                .flatten()
                .any(|r| r.starts_with("provinces/"))
        });
        if localised && overlay_changed {
            return Ok(Pair {
                a: usable(
                    catalogue::load_part(h.files_at(ra, limits)?, limits),
                    &labels.0,
                )?,
                b: usable(
                    catalogue::load_part(h.files_at(rb, limits)?, limits),
                    &labels.1,
                )?,
                labels,
            });
        }
        let mut rels_a: Vec<String> = vec!["catalogue.yaml".into()];
        let mut rels_b = rels_a.clone();
        rels_a.extend(province_files(h, ra)?);
        rels_b.extend(province_files(h, rb)?);
        for c in changed {
            rels_a.extend(c.old.filter(|r| r.starts_with("procedures/")));
            rels_b.extend(c.new.filter(|r| r.starts_with("procedures/")));
        }
        // The rest of each revision is not read, but must hold no unreadable entry and no
        // second file with a code read here.
        let side = |rev: &Rev, rels: &[String]| -> Result<catalogue::Loaded, RevisionError> {
            let mut loaded = catalogue::load_part(h.some_files_at(rev, rels, limits)?, limits);
            let read = rels.iter().cloned().collect();
            check_rest_at(&mut loaded, h, Some(rev), &read, limits)?;
            Ok(loaded)
        };
        return Ok(Pair {
            a: usable(side(ra, &rels_a)?, &labels.0)?,
            b: usable(side(rb, &rels_b)?, &labels.1)?,
            labels,
        });
    }
    let files = |s: &Side| -> Result<Vec<InputFile>, RevisionError> {
        Ok(match s {
            Side::Dir(d) => Source::Dir(d.clone()).files(limits)?,
            Side::Commit(r) => history
                .expect("a commit has a history")
                .files_at(r, limits)?,
            Side::WorkTree => unreachable!("--to is required"),
        })
    };
    // Whole catalogues are checked as such, overlays included.
    Ok(Pair {
        a: usable(catalogue::load(files(a)?, limits), &labels.0)?,
        b: usable(catalogue::load(files(b)?, limits), &labels.1)?,
        labels,
    })
}

/// Builds the decision (no writing): for benchmarks and callers that write elsewhere.
pub fn decision(g: &Global, o: &Options) -> Result<(Decision, String), DecisionError> {
    let limits = g.limits();
    let dir = catalogue_dir(g);
    let mut history = None;
    let a = side(&o.from, &mut history, dir.as_deref())?;
    let b = side(&o.to, &mut history, dir.as_deref())?;
    if let (Side::Commit(ra), Side::Commit(rb), Some(h)) = (&a, &b, history.as_ref())
        && ra.oid != rb.oid
        && h.repo()
            .graph_descendant_of(ra.oid, rb.oid)
            .map_err(|e| RevisionError::Git(e.into()))?
    {
        let (a, b) = (&ra.label, &rb.label);
        return Err(usage(crate::tr!(
            "--from {a} is newer than --to {b} (it descends from it): swap the two revisions",
            "--from {a} mới hơn --to {b} (là commit sau của nó): hãy đổi chỗ hai phiên bản"
        )));
    }
    let pair = load(&a, &b, history.as_ref(), o.province.is_some(), &limits)?;
    let (before, after) = (&pair.a.catalogue, &pair.b.catalogue);
    let (pa, pb) = match &o.province {
        None => (None, None),
        Some(id) => {
            let find = |c: &'_ catalogue::Catalogue| {
                c.provinces
                    .iter()
                    .position(|p| p.id.as_str() == id.as_str())
            };
            let Some(kb) = find(after) else {
                let ids: Vec<&str> = after.provinces.iter().map(|p| p.id.as_str()).collect();
                let hint = match crate::diag::nearest(id, ids.iter().copied()) {
                    Some(n) => crate::messages::did_you_mean(&format!("`{n}`")),
                    None if ids.is_empty() => crate::tr!(
                        "the catalogue has no provinces/ overlays",
                        "danh mục không có bản địa phương nào trong provinces/"
                    ),
                    None => {
                        let ids = ids.join(", ");
                        crate::tr!("the provinces are {ids}", "các tỉnh có là {ids}")
                    }
                };
                let at = &pair.labels.1;
                return Err(usage(Tr {
                    en: format!("there is no province `{id}` at {at}: {}", hint.en),
                    vi: format!("tại {at} không có tỉnh `{id}`: {}", hint.vi),
                }));
            };
            // An overlay added between the revisions localises only the newer side: the
            // older side is then the national content.
            (
                find(before).map(|k| &before.provinces[k]),
                Some(&after.provinces[kb]),
            )
        }
    };
    let lang: Lang = g.lang.unwrap_or(after.manifest.language);
    let sign = signing(o)?;
    let mut reused = reused_ids(before, after);
    reused.extend(crate::province::abolished_still_localised(
        &after.provinces,
        &after.procedures,
    ));
    if !reused.is_empty() {
        return Err(DecisionError::Unaccounted(reused));
    }
    let d = export::build(&export::Input {
        sign,
        before,
        after,
        province_before: pa,
        province_after: pb,
        lang,
        labels: pair.labels.clone(),
    });
    if !d.unaccounted.is_empty() {
        let mut v = d.unaccounted.clone();
        crate::diag::sort(&mut v);
        return Err(DecisionError::Unaccounted(v));
    }
    Ok((d, String::new()))
}

/// An act id that names a different number at the newer revision than at the older: every
/// record citing the id would silently change act (exit 1).
fn reused_ids(
    before: &catalogue::Catalogue,
    after: &catalogue::Catalogue,
) -> Vec<crate::diag::Diagnostic> {
    let mut out = Vec::new();
    for b in &after.manifest.legal {
        let Some(a) = before
            .manifest
            .legal
            .iter()
            .find(|a| a.id.as_str() == b.id.as_str())
        else {
            continue;
        };
        if a.number.as_str() == b.number.as_str() {
            continue;
        }
        let (id, was, now) = (b.id.as_str(), a.number.as_str(), b.number.as_str());
        let mut d = crate::diag::Diagnostic::error(
            "act/id-reused",
            crate::tr!(
                "the act id `{id}` named {was} at the older revision and names {now} now",
                "mã văn bản `{id}` ở phiên bản cũ là {was}, nay lại là {now}"
            ),
        )
        .help(crate::tr!(
            "an id names one act for good: give the new act its own id, and correct {was} only if it was a typing error (then record it as editorial)",
            "mỗi mã chỉ gắn với một văn bản: đặt mã mới cho văn bản mới; chỉ sửa số {was} khi đó là lỗi đánh máy"
        ));
        if let Some(file) = &after.manifest.file {
            d = d.at(file, b.number.start as usize, b.number.end as usize, None);
        }
        out.push(d);
    }
    out
}

/// Renders a decision in a format.
pub fn render(d: &Decision, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        // Controls and bidi overrides in catalogue data are dropped from documents
        // (crate::sanitize::document): the page must show what the catalogue says.
        Format::Markdown => crate::sanitize::document(&export::markdown::render(d))
            .into_owned()
            .into_bytes(),
        Format::Html => crate::sanitize::document(&export::html::render(d))
            .into_owned()
            .into_bytes(),
        Format::Docx => export::docx::render(d)?,
        Format::Json => d.json().into_bytes(),
        Format::Csv => export::csv::render(d).into_bytes(),
    })
}

/// Runs `decision`. Nothing is written unless both revisions can be read in full.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, DecisionError> {
    match run_decision(g, o) {
        Err(DecisionError::Diff(e)) => {
            super::revision::finish(g, Err(e)).map_err(DecisionError::Diff)
        }
        // Findings in the catalogue's history, not a fault of the run: exit 1.
        Err(e @ DecisionError::Unaccounted(_)) => {
            let lang = g.lang.unwrap_or_else(|| g.language());
            Ok(Outcome {
                stdout: String::new(),
                stderr: e.render(lang),
                code: exit::FINDINGS,
            })
        }
        r => r,
    }
}

fn run_decision(g: &Global, o: &Options) -> Result<Outcome, DecisionError> {
    // Checked first so that a bad `-o` or a malformed flag costs nothing and never
    // half-runs.
    let target = check_output(&o.output, o.force)?;
    signing(o)?;
    let (d, warnings) = decision(g, o)?;
    let bytes = render(&d, o.format).map_err(|message| DecisionError::Write {
        path: o.output.clone(),
        message,
    })?;
    crate::atomic::write(&target, &bytes, o.force).map_err(|e| DecisionError::Write {
        path: o.output.clone(),
        message: e.to_string(),
    })?;
    let summary = match d.lang {
        Lang::Vi => format!(
            "đã ghi {}: {} thủ tục mới, {} được sửa đổi, bổ sung, {} bị bãi bỏ\n",
            o.output.display(),
            d.new.len(),
            d.amended.len(),
            d.abolished.len()
        ),
        Lang::En => format!(
            "wrote {}: {} new, {} amended, {} abolished\n",
            o.output.display(),
            d.new.len(),
            d.amended.len(),
            d.abolished.len()
        ),
    };
    let mut summary = summary;
    if !d.editorial.is_empty() {
        let n = d.editorial.len();
        summary.push_str(&match d.lang {
            Lang::Vi => format!(
                "{n} thủ tục chỉ có thay đổi biên tập (sửa lỗi, bổ sung dữ liệu): không công bố\n"
            ),
            Lang::En => format!(
                "{n} procedure(s) with editorial changes only (corrections, data completion): not published\n"
            ),
        });
    }
    let mut stderr = warnings;
    stderr.push_str(&form_warnings(&d));
    Ok(Outcome {
        stdout: summary,
        stderr,
        code: exit::OK,
    })
}

/// The form's missing pieces, one line each: `warning: FILE:LINE:COL: message [code]`.
fn form_warnings(d: &Decision) -> String {
    warnings_text(&d.warnings, d.lang)
}

/// Findings as warning lines: `warning: FILE:LINE:COL: message [code]` and their hints.
pub fn warnings_text(warnings: &[crate::diag::Diagnostic], lang: Lang) -> String {
    let mut s = String::new();
    for w in warnings {
        let (line, col) = w.line_col().unwrap_or((1, 1));
        let file = w
            .file
            .as_ref()
            .map(|f| format!("{}:{line}:{col}: ", f.path.display()))
            .unwrap_or_default();
        let label = crate::messages::warning(lang);
        let help = w.help.as_ref().map(|h| h.get(lang));
        s.push_str(&format!(
            "{label}: {file}{} [{}]\n",
            w.message.get(lang),
            w.code
        ));
        if let Some(h) = help {
            s.push_str(&format!("  = {h}\n"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_in_both_forms_and_real_calendar() {
        let d = |y, m, d| jiff::civil::Date::new(y, m, d).unwrap();
        assert_eq!(parse_date("24/01/2026"), Some(d(2026, 1, 24)));
        assert_eq!(parse_date("5/3/2026"), Some(d(2026, 3, 5)));
        assert_eq!(parse_date("2026-01-24"), Some(d(2026, 1, 24)));
        for bad in [
            "31/02/2026",
            "2026/01/24",
            "24-01-2026",
            "2026-13-01",
            "",
            "24/01",
            "x/1/2026",
            "24/01/20266",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
