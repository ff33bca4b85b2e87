//! Resolving a revision (a git revision, a folder or the working tree) and reading it in full:
//! shared by every command that reads a catalogue at a revision (`diff`, `decision`, `log`,
//! `metrics`, `check`, `review`, `validate --changed`).

use super::{Global, Outcome};
use crate::catalogue::{self, InputFile, Loaded, Source};
use crate::diag::Severity;
use crate::diag::Tr;
use crate::exit;
use crate::git::{GitError, History, Rev};
use crate::limits::Limits;
use crate::messages::{self, Localized};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A problem that stops a command reading a revision (exit code 2, or 1 for unusable content).
#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    /// Loading a directory failed.
    #[error(transparent)]
    Load(#[from] catalogue::LoadError),
    /// Git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A usage problem in words of one language (or none: a system's own message).
    #[error("{0}")]
    Usage(String),
    /// A usage problem explained in both languages, with a hint.
    #[error("{}", .0.en)]
    Said(Tr, Option<Tr>),
    /// No file holds this procedure.
    #[error("there is no procedure {0} at HEAD")]
    NoProcedure(String),
    /// Git revisions need a catalogue folder in a repository.
    #[error(
        "git revisions need a catalogue folder inside a git repository: pass -C DIR (the bundled catalogue has no history)"
    )]
    Bundled,
    /// A revision holds files that cannot be read or decoded (exit 1, or 2 for I/O and git
    /// faults): nothing is compared, since they would show as removed, new or unchanged.
    #[error("{0}")]
    Invalid(Box<Unusable>),
}

impl Localized for RevisionError {
    fn tr(&self) -> (Tr, Option<Tr>) {
        match self {
            RevisionError::Load(e) => e.tr(),
            RevisionError::Git(e) => Localized::tr(e),
            RevisionError::Usage(s) => (
                Tr {
                    en: s.clone(),
                    vi: s.clone(),
                },
                None,
            ),
            RevisionError::Said(m, h) => (m.clone(), h.clone()),
            RevisionError::NoProcedure(code) => (
                messages::no_procedure_at_head(code),
                Some(crate::tr!(
                    "`thutuc log` follows a procedure's file back from the current commit: give the code of a procedure that exists now",
                    "`thutuc log` lần theo tệp của thủ tục từ commit hiện tại trở về trước: hãy ghi mã một thủ tục hiện có"
                )),
            ),
            RevisionError::Bundled => {
                let (m, h) = messages::bundled_has_no_history();
                (m, Some(h))
            }
            RevisionError::Invalid(u) => (u.headline(), None),
        }
    }

    fn render(&self, lang: crate::diag::Lang) -> String {
        match self {
            RevisionError::Invalid(u) => u.render(lang, false),
            _ => {
                let (m, h) = self.tr();
                messages::error_block(lang, m.get(lang), h.as_ref().map(|h| h.get(lang)))
            }
        }
    }
}

/// The label of the working tree as a side of a comparison.
pub const WORK_TREE: &str = "working tree";

/// A commit as people name it: the name they gave with its short id, and its date —
/// `v2025 (1a2b3c4, 24/01/2025)`, `1a2b3c4 (24/01/2025)` — never a 40-digit id.
pub fn commit_name(h: &History, rev: &Rev, lang: crate::diag::Lang) -> String {
    let date = h
        .repo()
        .find_commit(rev.oid)
        .ok()
        .and_then(|c| jiff::Timestamp::from_second(c.time().seconds()).ok())
        .map(|t| {
            let d = t
                .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
                .date();
            crate::wording::date(d, lang)
        });
    match (date, rev.label.strip_suffix(')')) {
        (Some(d), Some(named)) => format!("{named}, {d})"),
        (Some(d), None) => format!("{} ({d})", rev.label),
        (None, _) => rev.label.clone(),
    }
}

/// The label of the versions of one procedure that `log` reads.
pub fn changed_by(code: &str) -> String {
    format!("{CHANGED_BY}{code}")
}

const CHANGED_BY: &str = "the revisions that changed ";

/// A revision's label as people read it: the working tree in their language, else as given.
pub fn revision_name(label: &str) -> Tr {
    if label == WORK_TREE {
        messages::working_tree()
    } else if let Some(code) = label.strip_prefix(CHANGED_BY) {
        Tr {
            en: label.to_string(),
            vi: format!("các phiên bản đã thay đổi thủ tục {code}"),
        }
    } else {
        Tr {
            en: label.to_string(),
            vi: label.to_string(),
        }
    }
}

/// Whether a finding is an I/O or git fault (exit 2) rather than invalid content (exit 1).
pub fn is_fault(code: &str) -> bool {
    code.starts_with("git/") || matches!(code, "io/read" | "io/folder")
}

/// The findings that make a revision unusable.
#[derive(Debug)]
pub struct Unusable {
    /// The revision, as shown.
    pub label: String,
    /// Its errors.
    pub diagnostics: Vec<crate::diag::Diagnostic>,
}

impl Unusable {
    /// The exit code: 2 when a file could not be read at all, else 1.
    pub fn code(&self) -> u8 {
        if self.diagnostics.iter().any(|d| is_fault(d.code)) {
            exit::ERROR
        } else {
            exit::FINDINGS
        }
    }

    fn headline(&self) -> crate::diag::Tr {
        let (label, n) = (revision_name(&self.label), self.diagnostics.len());
        Tr {
            en: format!(
                "the catalogue at {} cannot be read in full ({n} error(s)); no result is given, since what cannot be read would be left out or shown as removed, new or unchanged",
                label.en
            ),
            vi: format!(
                "không đọc được đầy đủ danh mục tại {} ({n} lỗi); không đưa ra kết quả, vì phần không đọc được sẽ bị bỏ sót hoặc hiện ra như bị bãi bỏ, mới hay không thay đổi",
                label.vi
            ),
        }
    }

    /// The findings with their source, for standard error.
    pub fn render(&self, lang: crate::diag::Lang, color: bool) -> String {
        let error = messages::error(lang);
        let hint = messages::t(
            lang,
            "hãy chạy `thutuc validate` trên các tệp của phiên bản đó hoặc sửa kho git",
            "run `thutuc validate` on that revision's files, or repair the repository",
        );
        let mut s = format!("{error}: {}\n  ({hint})\n\n", self.headline().get(lang));
        let report = crate::diag::render::human(
            &self.diagnostics,
            crate::diag::render::Summary::default(),
            lang,
            color,
        );
        // The tally line is replaced by the headline above.
        let body = report.trim_end_matches('\n');
        s.push_str(body.rsplit_once('\n').map_or("", |(b, _)| b));
        s.push('\n');
        s
    }
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.headline().en)?;
        for d in &self.diagnostics {
            let (line, col) = d.line_col().unwrap_or((1, 1));
            let file = d
                .file
                .as_ref()
                .map(|f| f.path.display().to_string())
                .unwrap_or_default();
            write!(f, "; {file}:{line}:{col}: {} [{}]", d.message.en, d.code)?;
        }
        Ok(())
    }
}

/// Fails when a loaded revision has errors: a catalogue that cannot be read in full is never
/// compared, measured or published from.
pub fn usable(loaded: Loaded, label: &str) -> Result<Loaded, RevisionError> {
    let errors: Vec<crate::diag::Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return Ok(loaded);
    }
    let mut errors = errors;
    crate::diag::sort(&mut errors);
    Err(RevisionError::Invalid(Box::new(Unusable {
        label: label.to_string(),
        diagnostics: errors,
    })))
}

/// Turns the errors that carry their own message and exit code (unusable revisions, git
/// faults) into what the command prints, in the user's language.
pub fn finish(g: &Global, r: Result<Outcome, RevisionError>) -> Result<Outcome, RevisionError> {
    let lang = || g.lang.unwrap_or_else(|| g.language());
    match r {
        Err(RevisionError::Invalid(u)) => Ok(Outcome {
            stdout: String::new(),
            stderr: u.render(lang(), g.color),
            code: u.code(),
        }),
        Err(RevisionError::Git(e)) => Ok(Outcome {
            stdout: String::new(),
            stderr: e.render(lang()),
            code: exit::ERROR,
        }),
        r => r,
    }
}

/// The procedure files of one side of a partial comparison, and its entries that can never be
/// read, found without reading any file.
fn side_listing(
    h: &History,
    rev: Option<&Rev>,
) -> Result<(Vec<String>, Vec<InputFile>), RevisionError> {
    Ok(match rev {
        Some(rev) => {
            let l = h.listing(rev)?;
            (
                l.files.into_iter().map(|(rel, _, _)| rel).collect(),
                l.problems,
            )
        }
        None => {
            let (ok, bad): (Vec<_>, Vec<_>) = catalogue::listing(h.dir())
                .into_iter()
                .partition(|f| f.bytes.is_ok());
            (ok.into_iter().map(|f| f.rel).collect(), bad)
        }
    })
}

/// Adds to a side of which only some files were read (`read`: their paths) what the rest of
/// the revision (a commit, or the working tree when `rev` is `None`) shows: its entries that
/// cannot be read, and codes that two files hold (a read file's code, or an unread file's
/// name, `<code>.yaml`). At a commit, one walk of the trees that keeps only a hash of each
/// name settles the usual case, where there is neither; the revision is listed in full, and
/// the files of a clash read, only when that walk finds a doubt.
pub fn check_rest_at(
    loaded: &mut Loaded,
    h: &History,
    rev: Option<&Rev>,
    read: &HashSet<String>,
    limits: &Limits,
) -> Result<(), RevisionError> {
    let names = rev.map(|rev| h.names(rev, None)).transpose()?;
    check_rest_named(loaded, h, rev, names.as_ref(), read, limits)
}

/// [`check_rest_at`] with the revision's names already walked (`names` is `None` for the
/// working tree).
fn check_rest_named(
    loaded: &mut Loaded,
    h: &History,
    rev: Option<&Rev>,
    names: Option<&crate::git::Names>,
    read: &HashSet<String>,
    limits: &Limits,
) -> Result<(), RevisionError> {
    if names.is_some_and(|n| !n.may_clash(&loaded.codes)) {
        return Ok(());
    }
    let one = |rel: &str| match rev {
        Some(rev) => Some(h.file_at(rev, rel, limits)),
        None => h.worktree_files(&[rel.to_string()], limits).pop(),
    };
    check_rest(loaded, side_listing(h, rev)?, read, &one, limits);
    Ok(())
}

/// [`check_rest_at`] with the revision's listing given.
fn check_rest(
    loaded: &mut Loaded,
    listing: (Vec<String>, Vec<InputFile>),
    read: &std::collections::HashSet<String>,
    read_file: &dyn Fn(&str) -> Option<InputFile>,
    limits: &Limits,
) {
    let (rels, problems) = listing;
    for f in problems.iter().filter(|f| !read.contains(&f.rel)) {
        if let Err(d) = catalogue::parse_file(f, limits) {
            loaded.diagnostics.push(*d);
        }
    }
    let found = catalogue::codes_at_revision(&loaded.codes, &rels, read_file, limits);
    loaded.diagnostics.extend(found);
}

/// One side of a comparison.
pub enum Side {
    /// A directory.
    Dir(PathBuf),
    /// A commit.
    Commit(Rev),
    /// The working tree of the catalogue's repository.
    WorkTree,
}

/// The catalogue folder of the current source, if on disk.
pub fn catalogue_dir(g: &Global) -> Option<PathBuf> {
    match g.source() {
        Source::Dir(d) => Some(d),
        Source::Bundled => None,
    }
}

/// Resolves a revision argument: an existing directory, else a git revision.
pub fn side(
    spec: &str,
    history: &mut Option<History>,
    dir: Option<&Path>,
) -> Result<Side, RevisionError> {
    if Path::new(spec).is_dir() {
        return Ok(Side::Dir(spec.into()));
    }
    let h = history_for(history, dir)?;
    Ok(Side::Commit(h.resolve(spec)?))
}

/// Opens the repository once, lazily.
pub fn history_for<'h>(
    history: &'h mut Option<History>,
    dir: Option<&Path>,
) -> Result<&'h History, RevisionError> {
    if history.is_none() {
        let dir = dir.ok_or(RevisionError::Bundled)?;
        *history = Some(History::open(dir)?);
    }
    Ok(history.as_ref().expect("just opened"))
}

/// Loaded sides, with warnings about files that could not be read.
pub struct Pair {
    /// Before.
    pub a: Loaded,
    /// After.
    pub b: Loaded,
    /// Labels of the sides.
    pub labels: (String, String),
}

/// The files of one side, read whole.
pub fn files_of(
    side: &Side,
    history: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<Vec<InputFile>, RevisionError> {
    Ok(match side {
        Side::Dir(d) => Source::Dir(d.clone()).files(limits)?,
        Side::Commit(rev) => history
            .expect("git side has a history")
            .files_at(rev, limits)?,
        Side::WorkTree => {
            Source::Dir(dir.ok_or(RevisionError::Bundled)?.to_path_buf()).files(limits)?
        }
    })
}

/// How a side is shown.
pub fn label(side: &Side) -> String {
    match side {
        Side::Dir(d) => d.display().to_string(),
        Side::Commit(r) => r.label.clone(),
        Side::WorkTree => WORK_TREE.into(),
    }
}

/// Loads both sides; between git revisions (or a revision and the working tree) only the
/// files that differ are read and parsed.
pub fn load_pair(
    a: &Side,
    b: &Side,
    history: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<Pair, RevisionError> {
    let labels = (label(a), label(b));
    if let (Side::Commit(ra), Side::Commit(_) | Side::WorkTree, Some(h)) = (a, b, history) {
        let rb = match b {
            Side::Commit(r) => Some(r),
            _ => None,
        };
        // The pool's threads start now, while the trees are looked up, rather than when the
        // first changed file is ready to parse.
        let _ = rayon::current_num_threads();
        // A changed overlay is compared against the national procedures it localises,
        // which may not have changed: both sides are then read whole.
        let overlay = |c: &crate::git::Changed| {
            [&c.old, &c.new]
                .into_iter()
                .flatten()
                .any(|p| p.starts_with("provinces/"))
        };
        // Between commits the `provinces` folders' ids tell it without walking the trees;
        // against the working tree the changed files are listed once, here.
        let (overlay_changed, worktree_changed) = match rb {
            Some(rb) => (
                h.entry_id(ra, "provinces")? != h.entry_id(rb, "provinces")?,
                Vec::new(),
            ),
            None => {
                let changed = h.changed(ra, None)?;
                (changed.iter().any(overlay), changed)
            }
        };
        if overlay_changed {
            let fa = files_of(a, history, dir, limits)?;
            let fb = files_of(b, history, dir, limits)?;
            return Ok(Pair {
                a: usable(catalogue::load(fa, limits), &labels.0)?,
                b: usable(catalogue::load(fb, limits), &labels.1)?,
                labels,
            });
        }
        let manifest = vec!["catalogue.yaml".to_string()];
        let others_a = h.some_files_at(ra, &manifest, limits)?;
        let others_b = match rb {
            Some(rb) => h.some_files_at(rb, &manifest, limits)?,
            None => Vec::new(),
        };
        // A git2 repository cannot be shared between threads: this thread walks the trees and
        // reads the changed blobs, and hands each to the pool's workers as soon as it is read
        // (the decoded files come back in any order: each side is sorted by path when
        // assembled). Once it has read the last, it decodes beside them.
        let backlog = Backlog::default();
        let workers = rayon::current_num_threads().saturating_sub(1).max(1);
        let (walked, others_b, read) = rayon::in_place_scope(|s| {
            let backlog = &backlog;
            // Closed however this closure ends, so that no worker waits for ever.
            let closing = Closing(backlog);
            for _ in 0..workers {
                s.spawn(move |_| backlog.work(limits));
            }
            let read = std::cell::RefCell::new((HashSet::new(), HashSet::new()));
            let send = |after: bool, f: InputFile| {
                let mut r = read.borrow_mut();
                if after { &mut r.1 } else { &mut r.0 }.insert(f.rel.clone());
                backlog.push(after, f);
            };
            let procedure = |rel: &Option<String>| {
                rel.as_ref()
                    .filter(|r| r.starts_with("procedures/"))
                    .cloned()
            };
            let mut others_b = others_b;
            // Each side's names, for the check of the files not read (below), come from the
            // same walk between commits; against the working tree, from a walk of their own.
            let walked = match rb {
                Some(rb) => h
                    .changed_and_names(ra, rb, &mut |c| {
                        if let (Some(rel), Some((oid, mode))) = (procedure(&c.old), c.old_blob) {
                            send(false, h.blob_file(rel, oid, mode, &ra.label, limits));
                        }
                        if let (Some(rel), Some((oid, mode))) = (procedure(&c.new), c.new_blob) {
                            send(true, h.blob_file(rel, oid, mode, &rb.label, limits));
                        }
                    })
                    .map(|(a, b)| (a, Some(b))),
                None => {
                    let mut worktree = vec!["catalogue.yaml".to_string()];
                    for c in worktree_changed {
                        if let (Some(rel), Some((oid, mode))) = (procedure(&c.old), c.old_blob) {
                            send(false, h.blob_file(rel, oid, mode, &ra.label, limits));
                        }
                        worktree.extend(procedure(&c.new));
                    }
                    for f in h.worktree_files(&worktree, limits) {
                        if f.rel.starts_with("procedures/") {
                            send(true, f);
                        } else {
                            others_b.push(f);
                        }
                    }
                    // While the workers decode.
                    h.names(ra, None).map(|a| (a, None))
                }
            };
            // Then decode beside the workers.
            drop(closing);
            backlog.work(limits);
            (walked, others_b, read.into_inner())
        });
        let (names_a, names_b) = walked?;
        let (read_a, read_b) = read;
        let (before, after) = backlog.into_decoded();
        // The tree diff has already told us the catalogue exists at `ra`. Each side decodes
        // its manifest: side by side, as the pool is idle now.
        let (mut pa, mut pb) = rayon::join(
            || catalogue::assemble_for_comparison(others_a, before, limits),
            || catalogue::assemble_for_comparison(others_b, after, limits),
        );
        check_rest_named(&mut pa, h, Some(ra), Some(&names_a), &read_a, limits)?;
        check_rest_named(&mut pb, h, rb, names_b.as_ref(), &read_b, limits)?;
        return Ok(Pair {
            a: usable(pa, &labels.0)?,
            b: usable(pb, &labels.1)?,
            labels,
        });
    }
    let fa = files_of(a, history, dir, limits)?;
    let fb = files_of(b, history, dir, limits)?;
    Ok(Pair {
        a: usable(catalogue::load(fa, limits), &labels.0)?,
        b: usable(catalogue::load(fb, limits), &labels.1)?,
        labels,
    })
}

/// Procedure files read from git and waiting to be decoded, and those decoded, each side
/// apart. The thread that reads them hands each over as soon as it is read, and decodes the
/// rest itself once it has read the last: on two cores, two busy threads rather than three
/// taking turns.
#[derive(Default)]
struct Backlog {
    state: std::sync::Mutex<BacklogState>,
    more: std::sync::Condvar,
    /// The texts of the files decoded so far, each kept once.
    shared: crate::shape::Shared,
}

#[derive(Default)]
struct BacklogState {
    waiting: std::collections::VecDeque<(bool, InputFile)>,
    closed: bool,
    before: Vec<catalogue::Decoded>,
    after: Vec<catalogue::Decoded>,
}

impl Backlog {
    fn lock(&self) -> std::sync::MutexGuard<'_, BacklogState> {
        // A worker that panicked holds nothing half-written: its panic is raised at the
        // scope's end.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hands a file (of the newer side when `after`) over to be decoded.
    fn push(&self, after: bool, f: InputFile) {
        self.lock().waiting.push_back((after, f));
        self.more.notify_one();
    }

    /// No more files will come: a waiting worker decodes what is left, then stops.
    fn close(&self) {
        self.lock().closed = true;
        self.more.notify_all();
    }

    /// Decodes files until there are none and no more will come.
    fn work(&self, limits: &Limits) {
        loop {
            let (after, f) = {
                let mut s = self.lock();
                loop {
                    if let Some(next) = s.waiting.pop_front() {
                        break next;
                    }
                    if s.closed {
                        return;
                    }
                    s = self.more.wait(s).unwrap_or_else(|e| e.into_inner());
                }
            };
            let d = catalogue::decode_procedure_sharing(f, limits, &self.shared);
            let mut s = self.lock();
            if after { &mut s.after } else { &mut s.before }.push(d);
        }
    }

    /// The decoded files: the older side's, then the newer side's.
    fn into_decoded(self) -> (Vec<catalogue::Decoded>, Vec<catalogue::Decoded>) {
        let s = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        (s.before, s.after)
    }
}

/// Closes a [`Backlog`] when dropped.
struct Closing<'b>(&'b Backlog);

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}
